"""End-to-end in headless Chromium: a researcher types an agenda item's word in the Documents
page's Topic filter, sees only the meeting records on it with their agenda item beside their
own title, opens one and reads its agenda item; the Search page's Topic filter keeps its hits
to those meetings. Every meeting, agenda item and text is SYNTHETIC
(tests/synthetic_topics.py). Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_browser import loaded, log_in
from web_support import PASSWORD

from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from normtrace.web.server import background_server
from synthetic_topics import RECORD_TITLE, RURITANIA, THREATS, build

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """The workbench over the SYNTHETIC project (index imported), with the viewer vera."""
    path = build(tmp_path / "p.db")
    with Store.open(path) as store, store.transaction():
        create_user(store, "vera", "viewer", PASSWORD)
    app = create_app(path, secret="test-secret")
    try:
        with background_server(app) as url:
            yield url
    finally:
        app.state.access.close()


def test_filter_documents_and_search_by_topic(chromium: Any, server: str) -> None:
    page = log_in(chromium, server, "vera")
    page.goto(server + "/documents")
    filters = page.locator("form.filters")
    filters.get_by_label("Topic").fill("ruritania")
    filters.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "topic=ruritania" in url)
    rows = page.locator("table.list tbody tr")
    loaded(page, rows)
    listed = {
        row.locator("td").nth(0).inner_text().split()[0]: row.locator("td.topic").inner_text()
        for row in rows.all()
    }
    assert listed == {"S/PV.99001": RURITANIA, "S/PV.99002": f"{RURITANIA} | {THREATS}"}
    record = rows.filter(has_text="S/PV.99002")
    assert RECORD_TITLE in record.inner_text()  # its own title, beside the agenda item
    record.locator("a").first.click()
    page.wait_for_url(lambda url: "/documents/" in url and "topic=" not in url)
    meta = page.locator("p.doc-meta")
    loaded(page, meta)
    assert f"agenda item: {RURITANIA} | {THREATS}" in meta.inner_text()
    page.goto(server + "/search")
    form = page.locator("form[role=search]")
    form.locator("input[name=q]").fill("protect* civilian*")
    form.get_by_label("Topic").fill("Ruritanian")
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "topic=Ruritanian" in url)
    hits = page.locator("li.hit")
    loaded(page, hits)
    assert [h.get_attribute("data-key") for h in hits.all()] == ["S/PV.99003/s001"]
    assert page.js_errors == []
