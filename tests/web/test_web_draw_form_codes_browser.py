"""End-to-end in headless Chromium, on a SYNTHETIC project of two codebooks
(tests/web/synthetic_two_books.py): the draw form's Code list follows its Codebook list (htmx),
as soon as the page is there and on every change, keeping a code the codebook holds; the codes
left out are named with why; a draw of the second codebook's code is made from it; a row of
the draws counts its labelled units when asked.

Skips cleanly when /usr/bin/chromium or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from synthetic_draws import BOOK
from synthetic_two_books import OTHER, build_two
from test_web_browser import htmx_settled, log_in

from normtrace.coding.sample_draw import draws
from normtrace.store.db import Store
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser

#: the Code list as the user sees it: each option's value, label and group (``""``: none)
OPTIONS = """() => [...document.querySelectorAll('form.pick-draw select[name=code] option')]
  .map(o => [o.value, o.textContent, o.parentElement.tagName === 'OPTGROUP'
                                      ? o.parentElement.label : ''])"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return build_two(tmp_path / "syn.db")


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


def _codes_are(page: Any, wanted: list[list[str]]) -> None:
    """Wait until the Code list holds ``wanted`` (htmx swaps it in after a request)."""
    page.wait_for_function(
        f"wanted => JSON.stringify(({OPTIONS})()) === JSON.stringify(wanted)", arg=wanted
    )
    htmx_settled(page)


def test_the_code_list_follows_the_codebook_list(chromium: Any, server: str, project: Path) -> None:
    admin = log_in(chromium, server, "admin")
    admin.goto(server + "/assignments")
    form = admin.locator("form.pick-draw")
    codebook = form.get_by_label("Codebook")
    assert codebook.input_value() == OTHER  # the first, by name
    # at once: the chosen codebook's codes alone (no group), not the other's x
    _codes_are(admin, [["y", "Synthetic Y (y)", ""], ["x", "Other X (x)", ""]])
    left = form.locator("ul.draw-codes-left li")
    assert left.all_inner_texts() == [
        "Not offered: Zed (z): it has no dictionary entries, so there is no dictionary of it "
        "to check; give it entries in the codebook first."
    ]
    form.locator("select[name=code]").select_option("x")
    codebook.select_option(BOOK)
    _codes_are(admin, [["x", "Synthetic X (x)", ""]])
    assert form.locator("select[name=code]").input_value() == "x"  # synth holds an x: kept
    assert left.count() == 1 and "offensive_force frame" in left.inner_text()
    codebook.select_option(OTHER)
    _codes_are(admin, [["y", "Synthetic Y (y)", ""], ["x", "Other X (x)", ""]])
    assert form.locator("select[name=code]").input_value() == "x"
    form.locator("select[name=code]").select_option("y")
    form.get_by_label("N", exact=True).fill("6")
    form.get_by_label("Seed").fill("5")
    form.locator("button[type=submit]").click()
    admin.wait_for_url(lambda url: "source=draw&draw_id=1" in url)
    with Store.open(project) as store:
        (d,) = draws(store, OTHER)
        assert draws(store, BOOK) == []
    assert (d.code, d.requested, d.seed, d.hit_share, d.level) == ("y", 6, 5, 0.5, "unit")
    # the draw being assigned is counted; on the page of every assignment, a row's Count asks
    admin.goto(server + "/assignments")
    cell = admin.locator('table.draws tr[data-draw="1"] td.labelled')
    cell.get_by_role("link", name="Count the units of draw 1 labelled for y").click()
    htmx_settled(admin)
    assert cell.inner_text() == f"0 of {len(d.units)}"
    assert admin.url.endswith("/assignments")  # htmx answered: no page was loaded
    assert admin.js_errors == []
