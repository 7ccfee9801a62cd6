"""End-to-end in headless Chromium (issue 12): alice codes a unit while it is open and marks it
done; then it is blind-assigned to her and bob. Her unit page says her work predates the
blind assignment and does not count; she marks it done again and the notice goes. The coders'
work is SYNTHETIC. Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import htmx_settled, log_in, select_and_code, unit_url

from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.server import background_server
from normtrace.web.teams import assign

pytestmark = pytest.mark.browser
OP09 = "S/RES/2098 (2013)/op09"
NOTICE = "predates your blind assignment"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def _assign_blind(store: Store) -> None:
    assign(store, get_user(store, "admin"), [OP09], ["alice", "bob"], blind=True)


def test_the_coder_is_told_and_done_again_counts_the_reading(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    alice = log_in(chromium, server, "alice")
    alice.goto(unit_url(server, OP09))
    select_and_code(alice, OP09, "MONUSCO", "poc")  # the unit is open: the machine in view
    alice.locator("form.done-form button.done").first.click()
    alice.locator(".done-check").wait_for()  # it asks: suggestions are pending
    htmx_settled(alice)  # htmx binds the question's form once settled (else posted natively)
    alice.locator(".done-check button.done-anyway").click()
    alice.locator("form.done-form button.undone").first.wait_for()
    assert alice.locator(".notice.predating").count() == 0
    access.write(_assign_blind)
    alice.reload()
    notice = alice.locator("article.unit .notice.predating")
    assert notice.count() == 1 and NOTICE in notice.inner_text()
    assert "Re-read the unit and mark it done to count it." in notice.inner_text()
    bob = log_in(chromium, server, "bob")
    bob.goto(unit_url(server, OP09))
    assert bob.locator(".notice.predating").count() == 0
    # her earlier mark stands: she re-reads the unit and marks it done again
    alice.locator("form.done-reread button.done").click()
    notice.wait_for(state="detached")
    assert alice.locator("form.done-form button.undone").count() >= 1  # marked, now counted
    alice.reload()
    assert alice.locator(".notice.predating").count() == 0
    assert alice.js_errors == [] and bob.js_errors == []
