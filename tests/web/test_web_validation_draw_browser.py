"""End-to-end in headless Chromium, on a SYNTHETIC project (tests/web/synthetic_draws.py): an
admin makes a validation draw for a code from the Assignments page, assigns its units to a
coder, sees the draw listed with how many of its units are labelled, and reads a refused
draw's one-line error; every control of the page is labelled and reached by the Tab key.

Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from synthetic_draws import BOOK, build
from test_web_browser import loaded, log_in
from test_web_browser_teams import UNLABELLED, _tab_through

from normtrace.coding.sample_draw import draws
from normtrace.store.db import Store
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return build(tmp_path / "syn.db")


@pytest.fixture()
def server(project: Path) -> Iterator[str]:
    """The SYNTHETIC workbench on a free loopback port."""
    from normtrace.web.app import create_app

    app = create_app(project, secret="test-secret")
    try:
        with background_server(app) as url:
            yield url
    finally:
        app.state.access.close()


def _draw(page: Any, n: str, seed: str) -> None:
    """Fill the page's "Validation draw for a code" form (code x, unit level) and send it."""
    form = page.locator("form.pick-draw")
    form.get_by_label("Codebook").select_option(BOOK)
    form.locator("select[name=code]").select_option("x")
    form.get_by_label("N", exact=True).fill(n)
    form.get_by_label("Share of dictionary hits").fill("0.5")
    form.get_by_label("Level").select_option("unit")
    form.get_by_label("Seed").fill(seed)
    form.locator("button[type=submit]").click()


def test_draw_from_the_page_and_assign_its_units(chromium: Any, server: str, project: Path) -> None:
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Assignments")
    admin.wait_for_url(lambda url: url.endswith("/assignments"))
    _draw(admin, "8", "11")
    admin.wait_for_url(lambda url: "source=draw&draw_id=1" in url)
    form = admin.locator("form.assign")
    loaded(admin, form.locator(".chosen-what", has_text="validation draw 1 of x"))
    shown = [b.get_attribute("value") for b in form.locator("input[name=unit_keys]").all()]
    with Store.open(project) as store:
        (d,) = draws(store, BOOK)
    assert (d.seed, d.requested, d.hit_share, d.level) == (11, 8, 0.5, "unit")
    assert shown == list(d.order) and len(shown) == 8  # in coding order
    row = admin.locator('table.draws tr[data-draw="1"]')
    assert row.locator("td.labelled").inner_text() == "0 of 8"
    assert admin.locator("table.draw-strata tbody tr").count() == len(d.strata)
    assert admin.evaluate(UNLABELLED) == []
    total, reached = _tab_through(admin)
    assert total > 10 and len(reached) == total
    form.get_by_label("alice", exact=True).check()
    form.locator("button[type=submit]").click()
    loaded(admin, admin.locator(".notice", has_text="8 units assigned to 1 coder"))
    with Store.open(project) as store:
        assigned = [str(r[0]) for r in store.conn.execute(
            "SELECT a.unit_key FROM assignments a JOIN users u ON u.id = a.user_id "
            "WHERE u.name = 'alice' ORDER BY a.id")]  # fmt: skip
        (params,) = [json.loads(r[0]) for r in store.conn.execute(
            "SELECT params FROM runs WHERE stage = 'assign'")]  # fmt: skip
    assert assigned == shown
    assert params["source"] == "draw" and params["draw"] == d.id and params["coders"] == ["alice"]
    # a refusal: the page again, its one line under the form's heading, the form as filled
    _draw(admin, "1", "12")
    error = admin.locator("section.pick-units p.error[role=alert]")
    error.wait_for()
    assert "draws none of the 24 hit targets" in error.inner_text()
    assert admin.locator("form.pick-draw").get_by_label("N", exact=True).input_value() == "1"
    with Store.open(project) as store:
        assert len(draws(store, BOOK)) == 1
    assert admin.js_errors == []
