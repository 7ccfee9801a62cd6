"""End-to-end in headless Chromium (issue 12): alice codes a unit while it is open, then it
is blind-assigned to her and bob; the agreement page sets her reading aside and says so, and
counts it once she re-reads the unit and presses "Done". The coders' work is SYNTHETIC.
Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import log_in, select_and_code, unit_url

from normtrace.coding.human import events
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.server import background_server
from normtrace.web.teams import assign

pytestmark = pytest.mark.browser
OP09 = "S/RES/2098 (2013)/op09"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def _assign_blind_and_bob_codes(store: Store) -> None:
    assign(store, get_user(store, "admin"), [OP09], ["alice", "bob"], blind=True)
    text = str(store.conn.execute("SELECT text FROM units WHERE key = ?", (OP09,)).fetchone()[0])
    at = text.index("MONUSCO")
    events.add_code(store, coder="bob", unit_key=OP09, start=at, end=at + 7, code="poc")


def test_agreement_sets_aside_work_from_before_the_blind_assignment(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    alice = log_in(chromium, server, "alice")
    alice.goto(unit_url(server, OP09))
    select_and_code(alice, OP09, "MONUSCO", "poc")  # the unit is open: the machine in view
    access.write(_assign_blind_and_bob_codes)
    admin = log_in(chromium, server, "admin")
    admin.goto(server + "/agreement")
    notice = admin.locator("section.predating .notice")
    assert "1 coder reading(s) of blind-assigned units set aside" in notice.inner_text()
    row = admin.locator("table.predating tbody tr")
    assert row.count() == 1 and "set-aside" in (row.get_attribute("class") or "")
    assert OP09 in row.inner_text() and "alice" in row.inner_text()
    assert "this page compares assigned units only" in admin.inner_text("main")
    # alice re-reads it blind and marks it done: her reading counts again
    alice.reload()
    alice.locator("form.done-form button.done").first.click()
    alice.locator("form.done-form .done-note").first.wait_for()
    admin.reload()
    assert admin.locator("table.predating tbody tr.counted").count() == 1
    assert admin.locator("table.agreement tr.code-row[data-code=poc]").count() == 1
    assert alice.js_errors == [] and admin.js_errors == []
