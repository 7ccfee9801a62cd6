"""End-to-end in headless Chromium: a coder who holds the default codebook's ``poc`` on some
words codes every hit with ``poc`` for her own codebook ``mini`` (the same words included:
her default coding is not mini's); where she holds ``poc`` on the same words for both, the
unit page names each coding's codebook, and its remove and undo act on mini's coding and
say so.

The codebook ``mini`` is SYNTHETIC; the speeches of S/PV.8703 are real (the fixture
project's). Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import htmx_settled, loaded, log_in, unit_url
from test_web_codings_per_codebook import DEFAULT, KEY, _both, _civilians, _default_coding

from normtrace.coding.human.events import human_codings
from normtrace.web.access import ProjectAccess
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def _books(access: ProjectAccess, start: int, end: int) -> list[str]:
    """The codebooks alice holds poc for on ``KEY`` [start:end]."""
    with access.read() as store:
        return sorted(
            str(h.codebook)
            for h in human_codings(store, coder="alice", unit_key=KEY, code="poc")
            if (h.start, h.end) == (start, end)
        )  # fmt: skip


def test_code_all_hits_for_the_codebook_chosen(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    start, end = _default_coding(access)
    alice = log_in(chromium, server, "alice")
    alice.goto(f"{server}/search?q=civilians&symbol=S/PV.8703")
    form = alice.locator("form.code-all")
    form.get_by_label("Code all hits with").select_option("poc")
    form.get_by_label("for the codebook").select_option("mini")
    form.get_by_label("the matched words").check()
    form.locator("button[type=submit]").click()
    alice.wait_for_url(lambda url: "/search/code-all?" in url)  # the review, in full
    assert alice.locator("strong.codebook").inner_text() == "mini"
    items = alice.locator("ul.review li")
    assert {li.get_attribute("data-status") for li in items.all()} == {"new"}
    assert items.count() >= 3
    n_new = items.count()
    alice.locator("button.confirm").click()
    loaded(alice, alice.locator(".notice", has_text=f"Coded {n_new} passage"))
    assert _books(access, start, end) == sorted([DEFAULT, "mini"])
    assert alice.js_errors == []


def test_the_unit_page_names_removes_and_undoes_one_codebooks_coding(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    _both(access)
    with access.read() as store:
        start, end = _civilians(store)
    alice = log_in(chromium, server, "alice")
    alice.goto(unit_url(server, KEY))
    mine = alice.locator('li.coding[data-coder="alice"]')
    named = {li.get_attribute("data-codebook"): li for li in mine.all()}
    assert set(named) == {DEFAULT, "mini"}
    books = [li.locator(".codebook").inner_text() for li in mine.all()]
    assert "(mini)" in books and f"({DEFAULT})" in books
    with access.read() as store:
        (event,) = [
            h.event_id
            for h in human_codings(store, coder="alice", unit_key=KEY, code="poc")
            if (h.start, h.end) == (start, end) and h.codebook == "mini"
        ]
    asked: list[str] = []
    alice.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    alice.locator(f'li.coding[data-id="{event}"] button.remove').click()
    htmx_settled(alice)
    assert asked == ["Remove this coding of PoC (SYNTHETIC) of mini? (Undo brings it back.)"]
    alice.locator("#flash.ok", has_text="Removed your coding PoC (SYNTHETIC) of mini").wait_for()
    alice.locator(f'li.coding[data-id="{event}"]').wait_for(state="detached")  # swapped in
    assert _books(access, start, end) == [DEFAULT]  # the default's coding stays

    alice.locator("#undo-button").click()
    alice.locator(
        "#flash.ok", has_text="Undone: your removal of PoC (SYNTHETIC) of mini"
    ).wait_for()
    alice.locator(f'li.coding[data-id="{event}"]').wait_for()  # the unit fetched again
    assert _books(access, start, end) == sorted([DEFAULT, "mini"])
    assert alice.js_errors == []
