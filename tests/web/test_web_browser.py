"""End-to-end: the workbench in headless Chromium (Playwright), served by uvicorn on loopback.

Skips cleanly when /usr/bin/chromium is absent (CI installs it in .ci/run).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from web_support import PASSWORD

from normtrace.web.server import background_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser(chromium: Any) -> Any:
    """Headless Chromium (the shared fixture of tests/conftest.py)."""
    return chromium


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def log_in(browser: Any, url: str, name: str) -> Any:
    """A page in a fresh browser context, signed in as ``name`` through the HTML form."""
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/documents")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    assert f"Welcome, {name}" in page.inner_text("h1")
    page.js_errors = errors
    return page


def loaded(page: Any, marker: Any) -> None:
    """Wait until the page that a click or a key led to is there in full: ``marker`` (a
    locator that only the new page matches) shows it has replaced the old one, then its load
    event. A click waits for the next page to start arriving, not for it to be parsed:
    count() and all() do not wait at all, and inner_text() reads what has arrived so far (CI
    once assigned all 64 paragraphs: the assign form's boxes were read before they were
    there). Where the new page's address differs, ``page.wait_for_url`` does the same."""
    marker.first.wait_for(state="attached")
    page.wait_for_load_state("load")


def htmx_settled(page: Any) -> None:
    """Wait until no htmx request is in flight and its answer has settled: htmx marks the
    element that sent one with ``.htmx-request`` until its answer is swapped in, and the new
    markup with ``.htmx-settling`` until it settles (20 ms later). Only then has htmx bound
    the new markup's own hx- attributes (and the "done" question taken the focus): a click
    or Enter on a button of it before then sends nothing, or posts its form natively. A
    click or key that sends a request does so at once, so right after it this waits for the
    answer; with none sent it returns at once (a check that nothing happened needs no
    sleep)."""
    page.wait_for_function(
        "() => document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling') === null"
    )


def test_log_in_and_find_a_paragraph_by_search(browser: Any, server: str) -> None:
    page = log_in(browser, server, "alice")
    page.click("nav >> text=Search")
    page.fill("input[name=q]", "neutraliz* armed group* NEAR/40 Intervention Brigade")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url(lambda url: "/search?q=" in url)  # the hits, loaded in full
    first = page.locator("li.hit").first
    assert first.get_attribute("data-key").startswith("S/RES/2098 (2013)/")
    marked = " ".join(first.locator("mark").all_inner_texts()).lower()
    assert marked.startswith("intervention brigade")  # the match runs on to "neutralizing"
    first.locator(".meta a").first.click()
    page.wait_for_url(lambda url: "/units/" in url)  # else the text is read half-arrived
    assert page.locator("article.unit .unit-text").inner_text().count("Intervention Brigade") >= 1
    assert page.js_errors == []


SELECT_JS = """([key, word]) => {
    const el = [...document.querySelectorAll('.unit-text')].find(e => e.dataset.key === key);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(word);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return true;
        }
    }
    return false;
}"""
OP09 = "S/RES/2098 (2013)/op09"


def select_and_code(page: Any, key: str, word: str, code: str) -> None:
    """Select ``word`` in the unit's text as a user would, pick ``code``, apply it."""
    assert page.evaluate(SELECT_JS, [key, word])
    bar = page.locator("#coding-bar")
    bar.wait_for(state="visible")
    bar.locator("select[name=code]").select_option(code)
    bar.locator("button.apply").click()
    page.locator(f'.unit-text mark[data-codes~="{code}"]', has_text=word).wait_for()


def unit_url(server: str, key: str) -> str:
    return server + "/units/" + key


def test_code_accept_blind_reveal_adjudicate_agree(browser: Any, server: str) -> None:
    alice = log_in(browser, server, "alice")
    alice.goto(unit_url(server, OP09))
    select_and_code(alice, OP09, "Intervention Brigade", "intervention_brigade")
    coded = alice.locator('li.coding[data-coder="alice"]')
    assert coded.get_attribute("data-code") == "intervention_brigade"
    assert alice.evaluate(SELECT_JS, [OP09, "Intervention Brigade"])
    alice.locator("#coding-bar select[name=code]").select_option("intervention_brigade")
    alice.locator("#coding-bar button.apply").click()
    alice.locator("#flash.error", has_text="already holds").wait_for()
    candidate = alice.locator('li.candidate[data-code="neutralize_disarm"]').first
    candidate.locator("button.accept").click()
    # the accepted suggestion leaves the open list for "decided" (closed), and the message
    # line says what happened; the one whose words she coded by hand is decided too
    alice.locator("#flash.ok", has_text="Accepted Neutralizing and disarming").wait_for()
    htmx_settled(alice)  # the unit's new markup: htmx binds its accept buttons once settled
    # since codebook 93b3a12a7e20 the Brigade's candidate runs on to its creation's words, past
    # the two she coded by hand (a candidate whose words a coder coded is decided:
    # tests/coding/test_coding_exchange.py): she accepts it too
    alice.locator(
        'ul.candidates:not(.decided-list) li.candidate[data-code="intervention_brigade"]'
    ).first.locator("button.accept").click()
    alice.locator("#flash.ok", has_text="Accepted Intervention Brigade").wait_for()
    alice.locator("details.decided summary", has_text="2 accepted").first.wait_for()
    assert (
        alice.locator(
            'ul.candidates:not(.decided-list) li.candidate[data-code="intervention_brigade"]'
        ).count()
        == 0
    )
    assert alice.locator('li.coding[data-code="neutralize_disarm"]').count() == 1
    assert (
        alice.locator(
            'ul.candidates:not(.decided-list) li.candidate[data-code="neutralize_disarm"] .status',
            has_text="accept",
        ).count()
        == 0
    )

    admin = log_in(browser, server, "admin")
    admin.goto(server + "/documents")
    admin.click("text=S/RES/2098 (2013)")
    admin.click("a.assign-document")
    assign = admin.locator("form.assign")
    # locator.all() does not wait: without this the loop could run before the form loads (or
    # while it arrives), uncheck nothing (or only the first boxes), and assign every
    # paragraph (CI saw 64 rows)
    loaded(admin, assign.locator(f'input[name=unit_keys][value="{OP09}"]'))
    for box in assign.locator("input[name=unit_keys]").all():
        if box.get_attribute("value") != OP09:
            box.uncheck()
    assign.locator("label", has_text="alice").locator("input").check()
    assign.locator("label", has_text="bob").locator("input").check()
    assign.locator("button[type=submit]").click()
    loaded(admin, admin.locator(f"td >> text={OP09}"))
    assert admin.locator("table.list tbody tr").count() == 1
    alice.reload()
    assert alice.locator("li.candidate").count() == 0, "a blind coder sees no candidates"
    # her work predates the blind assignment: she re-reads the unit blind and marks it done,
    # else agreement sets her reading aside (issue 12)
    alice.locator("form.done-form button.done").first.click()
    alice.locator("form.done-form .done-note").first.wait_for()

    bob = log_in(browser, server, "bob")
    bob.goto(unit_url(server, OP09))
    assert bob.locator('li.coding[data-coder="alice"]').count() == 0
    select_and_code(bob, OP09, "three infantry battalions", "offensive_operations")
    alice.reload()
    assert alice.locator('li.coding[data-coder="bob"]').count() == 0, "blind until revealed"
    assert "bob" not in alice.content()

    admin.goto(server + "/assignments")
    reveal = admin.locator("form.reveal")
    reveal.locator(f'input[name=unit_keys][value="{OP09}"]').check()
    reveal.locator("button[type=submit]").click()
    # "yes" in its Revealed column (any "yes" would do on the old page: its Blind column)
    admin.locator(f'form.reveal tr[data-key="{OP09}"] td:nth-child(5)', has_text="yes").wait_for()
    alice.reload()
    assert alice.locator('li.coding[data-coder="bob"]').count() == 1

    admin.goto(server + "/adjudication")
    item = admin.locator('section.adjudicate[data-codes~="offensive_operations"]')
    item.locator("input[value=none]").check()
    item.locator("input[name=note]").fill("not an operation <b>yet</b>")
    item.locator("button[type=submit]").click()
    admin.wait_for_url(lambda url: "recorded_on=" in url)  # else a row is read half-arrived
    history = admin.locator("table.history tbody tr", has_text="Offensive").first
    history.wait_for()
    admin.locator("p.notice", has_text=f"Decision recorded for {OP09}").wait_for()
    assert "absent" in history.inner_text() and "<b>yet</b>" in history.inner_text()

    alice.goto(server + "/agreement")
    row = alice.locator('tr.code-row[data-code="intervention_brigade"]')
    assert row.locator("td.percent").inner_text() == "0.000"
    agreed = alice.locator("table.disagreements")
    # people read the code's name; its id stays in the markup (issue 15)
    assert "Offensive or targeted operations" in agreed.inner_text()
    assert "offensive_operations" not in agreed.inner_text() and "absent" in agreed.inner_text()
    for page in (admin, alice, bob):
        assert page.js_errors == []


def test_a_stale_page_cannot_code_other_words(browser: Any, server: str, access: Any) -> None:
    """Issue 14 item 4: the browser sends the selected snippet, so a stale page gets 409."""
    alice = log_in(browser, server, "alice")
    alice.goto(unit_url(server, OP09))
    alice.wait_for_selector(".unit-text")

    def new_text(store: Any) -> None:
        store.conn.execute(
            "UPDATE paragraphs SET text = 'Moreover, ' || text WHERE key = ?", (OP09,)
        )

    access.write(new_text)  # the stored text changes after the page was loaded
    assert alice.evaluate(SELECT_JS, [OP09, "Intervention Brigade"])
    alice.locator("#coding-bar select[name=code]").select_option("intervention_brigade")
    alice.locator("#coding-bar button.apply").click()
    alice.locator("#flash.error", has_text="changed").wait_for()
    with access.read() as store:
        coded = store.conn.execute("SELECT count(*) FROM coding_events WHERE action = 'code'")
        assert coded.fetchone()[0] == 0
    # Reloaded, the same selection codes the right words.
    alice.goto(unit_url(server, OP09))
    select_and_code(alice, OP09, "Intervention Brigade", "intervention_brigade")
    assert alice.js_errors == []
