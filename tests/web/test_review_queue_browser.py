"""End-to-end in headless Chromium: a coder settles her coding that needs review in the
workbench, one key each (m moves it where its unchanged words went, c keeps it on the words
there now, d drops it, u undoes), from the unit page's note to the review queue, which shows
the words it was made on and the unit's words now. Before, the workbench only said "normtrace
code review". The resolution and the coding are SYNTHETIC. Skips cleanly when
/usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from synthetic_review import CHANGED_WORDS, change_coded_words, served
from test_web_browser import log_in, unit_url

from normtrace.coding.human import events
from normtrace.web.server import background_server
from synthetic_moved import INSERTED, OP1, OP2, insert_before_op1

pytestmark = pytest.mark.browser
WORDS = "Recognizes the ownership"


def _said(page: Any, words: str) -> None:
    """Wait for the queue to come back saying ``words`` (a settlement's message)."""
    page.locator("p.settled", has_text=words).wait_for()
    page.wait_for_load_state("load")


def test_move_undo_and_drop_by_key_from_the_unit_page(chromium: Any, tmp_path: Path) -> None:
    with served(tmp_path, insert_before_op1) as app, background_server(app) as server:
        ana = log_in(chromium, server, "ana")
        ana.goto(unit_url(server, OP1))
        ana.locator("p.review-note a", has_text="review your 1").click()
        ana.wait_for_url(lambda url: "/reviews?unit=" in url)
        item = ana.locator("section.review")
        assert item.count() == 1
        assert item.locator(".was-text mark").inner_text() == WORDS  # the words it was made on
        assert item.locator(".now-text").inner_text() == INSERTED  # op1 now
        assert OP2 in item.locator("p.moved").inner_text()
        move = item.locator("button.move")
        assert move.locator("kbd").inner_text() == "m" and OP2 in move.inner_text()
        assert item.locator("button.drop kbd").inner_text() == "d"
        ana.keyboard.press("m")
        _said(ana, "Moved: your coding Ownership on " + OP2)
        assert ana.locator("section.review").count() == 0
        with app.state.access.read() as store:
            assert [h.unit_key for h in events.human_codings(store, coder="ana")] == [OP2]
        ana.keyboard.press("u")  # the workbench's undo: the queue lists it again
        ana.locator("section.review").wait_for()
        ana.wait_for_load_state("load")
        assert "Undone:" in ana.inner_text("#flash")
        ana.keyboard.press("d")
        _said(ana, "Dropped: your removal of Ownership on " + OP1)
        with app.state.access.read() as store:
            assert events.human_codings(store, coder="ana") == []
        assert ana.js_errors == []


def test_keep_on_the_changed_words_by_key(chromium: Any, tmp_path: Path) -> None:
    with served(tmp_path, change_coded_words) as app, background_server(app) as server:
        ana = log_in(chromium, server, "ana")
        ana.goto(server + "/reviews")
        item = ana.locator("section.review")
        assert item.locator(".now-text mark").inner_text() == CHANGED_WORDS
        assert CHANGED_WORDS in item.locator("p.changed").inner_text()
        assert item.locator("button.move").count() == 0  # no unit holds its words unchanged
        keep = item.locator("button.keep")
        assert keep.locator("kbd").inner_text() == "c" and CHANGED_WORDS in keep.inner_text()
        ana.keyboard.press("c")
        _said(ana, "Kept: your coding Ownership on " + OP1)
        with app.state.access.read() as store:
            (kept,) = events.human_codings(store, coder="ana")
            assert (kept.unit_key, kept.snippet) == (OP1, CHANGED_WORDS)
        assert ana.js_errors == []
