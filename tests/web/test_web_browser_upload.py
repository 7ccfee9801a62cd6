"""End-to-end in headless Chromium: upload a PDF, watch the ingest progress, see the
speeches with their roles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import log_in

from normtrace.web.server import background_server

pytestmark = pytest.mark.browser
PDF = Path(__file__).resolve().parents[1] / "fixtures" / "verbatim" / "S_PV.8703_E_p1-2.pdf"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def test_upload_a_pdf_and_see_its_speeches_with_roles(chromium: Any, server: str) -> None:
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Upload")
    admin.set_input_files("input[name=files]", str(PDF))
    # the project holds four speeches of S/PV.8703: two pages of its record would be held back
    admin.check("input[name=replace_shrunk]")
    admin.click("form.upload button[type=submit]")
    admin.wait_for_selector('#upload-job[data-state="finished"]', timeout=60000)
    admin.wait_for_load_state("load")  # a job done at once is rendered so: the page may be arriving
    assert "1 of 1" in admin.inner_text("#upload-job .progress-text")
    # the outcome links to the uploaded document (issue 15: the link had a wrong filter)
    admin.locator("#upload-job .outcomes a", has_text="S/PV.8703").click()
    admin.wait_for_url("**/documents?symbol=*")
    rows = admin.locator("table.list tbody tr").all_inner_texts()
    assert rows and all("S/PV.8703" in r for r in rows), rows
    admin.locator("table.list a", has_text="S/PV.8703").first.click()
    # all_inner_texts() does not wait: the document's page in full, not its first units
    admin.wait_for_url(lambda url: "/documents/" in url)
    roles = admin.locator("article.unit .role").all_inner_texts()
    assert roles and any(r in ("President", "Permanent member", "Elected member") for r in roles)
    assert admin.js_errors == []
