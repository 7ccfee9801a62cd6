"""End-to-end in headless Chromium: a new user's first hand-coded passage (issue 15).

The cursor starts in the one field a page is for (sign-in, search), so typing works without
a click; the coding bar preselects no code and refuses to apply until one is chosen; people
read code names and the quoted words, never code ids or offsets; machine suggestions are
labelled as not codings; and the pages load without a console error (the favicon).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import SELECT_JS
from web_support import PASSWORD

from normtrace.web.access import ProjectAccess
from normtrace.web.server import background_server

pytestmark = pytest.mark.browser
#: offsets as the coding bar showed them before ("op10 [17, 37)") or as memo targets did
OFFSETS = re.compile(r"\[\s*\d+\s*[,:]\s*\d+\s*[)\]]")


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def _focused(page: Any, expected: str | None = None) -> str:
    """The name of the focused field; with ``expected``, once the browser has applied the
    page's autofocus (it does so when it first renders the page), for up to 5 s."""
    if expected is not None:
        # a TimeoutError is left to the caller's assertion, which says what is focused
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "(n) => document.activeElement && document.activeElement.name === n",
                arg=expected,
                timeout=5000,
            )
    return str(page.evaluate("() => document.activeElement && document.activeElement.name"))


def _watch(page: Any) -> list[str]:
    """Console errors, page errors and failed requests (a 404 favicon shows as one)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return problems


def _alice_codings(access: ProjectAccess) -> int:
    with access.read() as store:
        row = store.conn.execute(
            "SELECT count(*) FROM coding_events WHERE coder = 'alice' AND action = 'code'"
        ).fetchone()
        return int(row[0])


def test_first_passage_by_keyboard_names_not_offsets(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    page = chromium.new_context().new_page()
    problems = _watch(page)
    page.goto(server + "/")
    page.wait_for_url(server + "/login")
    assert _focused(page, "name") == "name", "the cursor starts in the user name"
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Welcome')")

    page.click("nav >> text=Search")
    # the whole page, not only its Words box: the browser may focus the box while the rest of
    # the form is still arriving, and Enter then submits nothing (no submit button yet)
    page.wait_for_url(lambda url: url.endswith("/search"))
    assert _focused(page, "q") == "q", "the cursor starts in the Words box"
    page.keyboard.type("Intervention Brigade")
    page.keyboard.press("Enter")
    first = page.locator("li.hit").first
    first.wait_for()
    # the paragraph's link comes first and is the one to open for coding
    primary = first.locator(".meta a").first
    assert primary.get_attribute("class") == "open-unit"
    key = first.get_attribute("data-key")
    primary.click()
    page.wait_for_selector(".unit-text")
    # the page's scripts listen for selections from DOMContentLoaded: a selection made before
    # it is lost (a loaded machine showed it). Not wait_for_function("document.readyState…"):
    # a bare expression is eval'ed on every poll after the first, which the page's CSP (no
    # 'unsafe-eval') refuses, so it failed whenever the page was still loading
    page.wait_for_load_state("load")
    assert _focused(page) != "q"

    assert page.locator("p.codings-title").count() == 0, "no coding yet"
    # machine suggestions are labelled as such, apart from people's codings (on a paragraph
    # that holds some: since codebook 93b3a12a7e20 the Brigade's name alone is none)
    other = page.context.new_page()
    other.goto(server + "/units/S/RES/2098 (2013)/op12")
    other.wait_for_selector("ul.candidates li.candidate")
    suggestions = other.locator("p.suggestions-title")
    assert suggestions.inner_text().startswith("Machine suggestions (not codings)")
    cand = other.locator(".unit-text span.cand").first.get_attribute("title")
    assert cand is not None and cand.startswith("machine suggestion, not a coding: ")
    other.close()

    assert page.evaluate(SELECT_JS, [key, "Intervention Brigade"])
    bar = page.locator("#coding-bar")
    bar.wait_for(state="visible")
    info = bar.locator(".selection-info").inner_text()
    assert "“Intervention Brigade”" in info and not OFFSETS.search(info), info
    select = bar.locator("select[name=code]")
    assert select.input_value() == "", "no code is preselected"
    assert select.locator("option").first.inner_text() == "Choose a code…"
    apply = bar.locator("button.apply")
    assert apply.inner_text() == "Apply" and apply.is_disabled()
    # submitting anyway (a script, a stray Enter) is refused in words and codes nothing
    page.evaluate("() => document.getElementById('coding-bar').requestSubmit()")
    page.locator("#flash.error", has_text="choose a code").wait_for()
    assert _alice_codings(access) == 0
    # the list is ordered by name, as people read it
    names = [o for o in select.locator("option").all_inner_texts()[1:]]
    assert names == sorted(names, key=str.casefold) and "Intervention Brigade" in names

    select.select_option(label="Intervention Brigade")
    assert apply.is_enabled()
    apply.click()
    page.locator('.unit-text mark[data-codes~="intervention_brigade"]').first.wait_for()
    flash = page.locator("#flash.ok").inner_text()
    assert flash == "coded “Intervention Brigade” as Intervention Brigade", flash
    assert _alice_codings(access) == 1
    coding = page.locator('li.coding[data-coder="alice"]')
    assert coding.locator(".code").inner_text() == "Intervention Brigade"
    assert page.locator("p.codings-title").inner_text() == "Codings (by people)"
    mark = page.locator('.unit-text mark[data-codes~="intervention_brigade"]').first
    assert mark.get_attribute("title") == "coded: Intervention Brigade"
    article = page.locator("article.unit").inner_text()
    assert "intervention_brigade" not in article and not OFFSETS.search(article)

    # a new selection starts with no code chosen again
    assert page.evaluate(SELECT_JS, [key, "Council"])
    bar.wait_for(state="visible")
    assert select.input_value() == "" and apply.is_disabled()
    assert problems == [], problems


def test_favicon_and_pages_without_console_errors(chromium: Any, server: str) -> None:
    page = chromium.new_context().new_page()
    problems = _watch(page)
    page.goto(server + "/login")
    page.wait_for_load_state("networkidle")
    # every page links the icon (a static file, served without a session like the styles),
    # so the browser does not ask for /favicon.ico, which would be a 404 in the console
    linked = page.locator("link[rel=icon]").get_attribute("href")
    assert linked == "/static/favicon.svg"
    icon = page.request.get(server + linked)
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert problems == [], problems


def test_upload_page_focuses_its_one_field(chromium: Any, server: str) -> None:
    page = chromium.new_context().new_page()
    page.goto(server + "/login")
    # type only once the browser has put the cursor in the name field (the page's
    # autofocus is applied after load; keys typed before it land nowhere)
    assert _focused(page, "name") == "name"
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Welcome')")
    page.goto(server + "/upload")
    assert _focused(page, "files") == "files"
    # a search page showing results leaves the focus alone (the results are the point)
    page.goto(server + "/search?q=Brigade")
    page.locator("li.hit").first.wait_for()
    assert _focused(page) != "q"
