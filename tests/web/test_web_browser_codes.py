"""End-to-end in headless Chromium: code a passage, see the code's passages, export them.

Screenshot docs/img/code-page.png (the code page as a coder sees it) with
NORMTRACE_DOCS_SCREENSHOTS=1.
Skips cleanly when /usr/bin/chromium or Playwright is absent.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import log_in, select_and_code, unit_url

from normtrace.web.server import background_server

pytestmark = pytest.mark.browser
OP09 = "S/RES/2098 (2013)/op09"
CODE = "intervention_brigade"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def test_see_a_codes_passages_and_export_them_to_xlsx(
    chromium: Any, server: str, docs_img: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    alice = log_in(chromium, server, "alice")
    alice.goto(unit_url(server, OP09))
    select_and_code(alice, OP09, "Intervention Brigade", CODE)

    alice.click("nav >> text=Codebooks")
    alice.click("text=stability-operations")
    alice.locator(f'section[data-code="{CODE}"] a.passages-link').click()
    # count() does not wait: the code's page in full, else its passages are counted half-arrived
    alice.wait_for_url(lambda url: f"/codes/{CODE}" in url)
    human = alice.locator('li.passage[data-source="human"]')
    assert human.count() == 1
    assert "coded by alice" in human.first.inner_text()
    assert "Intervention Brigade" in human.first.locator("mark").inner_text()
    machine = alice.locator('li.passage[data-source="candidate"]')
    assert machine.count() >= 1
    assert "Dictionary candidate" in machine.first.locator(".source-label").inner_text()
    alice.screenshot(path=str(docs_img / "code-page.png"), full_page=True)

    alice.select_option("select[name=source]", "human")
    alice.click("form.filters button[type=submit]")
    alice.wait_for_url("**source=human**")
    assert alice.locator('li.passage[data-source="candidate"]').count() == 0
    with alice.expect_download() as info:
        alice.click("p.export >> text=XLSX")
    data = Path(info.value.path()).read_bytes()
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
    header = rows[0]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["coder"] == "alice" and row["code"] == CODE and row["unit_key"] == OP09
    assert row["text"] == "Intervention Brigade" and row["symbol"] == "S/RES/2098 (2013)"
    # every form control on the page has a label (a short accessibility check)
    unlabelled = alice.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(e => e.type !== 'hidden' && !e.closest('label') && !e.labels?.length)
            .map(e => e.name)"""
    )
    assert unlabelled == []
    assert alice.js_errors == []
