"""End-to-end in headless Chromium: assign from a search, assign a stratified sample,
adjudicate one disagreement, code all hits with a review; and an accessibility check
(every form control labelled, every action reachable with the Tab key) over the main pages.

Screenshot docs/img/adjudication.png with NORMTRACE_DOCS_SCREENSHOTS=1. Skips cleanly when
/usr/bin/chromium or Playwright is absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from test_web_browser import loaded, log_in, select_and_code, unit_url

from normtrace.coding.human import events
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import get_user
from normtrace.web.server import background_server
from normtrace.web.teams import assign

pytestmark = pytest.mark.browser
OP09 = "S/RES/2098 (2013)/op09"
SPEECH = "S/PV.8703/s002"


@pytest.fixture()
def server(app: FastAPI) -> Iterator[str]:
    """The fixture workbench on a free loopback port."""
    with background_server(app) as url:
        yield url


def _assignments(access: ProjectAccess) -> list[tuple[str, str, int]]:
    with access.read() as store:
        rows = store.conn.execute(
            "SELECT a.unit_key, u.name, a.blind FROM assignments a JOIN users u "
            "ON u.id = a.user_id ORDER BY a.id"
        )
        return [(r[0], r[1], r[2]) for r in rows]


def _batches(access: ProjectAccess) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    with access.read() as store:
        rows = store.conn.execute("SELECT params, summary FROM runs WHERE stage = 'assign'")
        return [(json.loads(r[0]), json.loads(r[1])) for r in rows]


def test_assign_the_hits_of_a_search(chromium: Any, server: str, access: ProjectAccess) -> None:
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Search")
    admin.fill("input[name=q]", "Intervention Brigade")
    admin.click("form[role=search] button[type=submit]")
    # all() does not wait: the hits page in full, else only its first hits are listed
    admin.wait_for_url(lambda url: "/search?q=" in url)
    keys = [h.get_attribute("data-key") for h in admin.locator("li.hit").all()]
    assert len(keys) >= 3
    admin.click("form.assign-hits button[type=submit]")
    form = admin.locator("form.assign")
    admin.wait_for_url(lambda url: "/assignments?source=search" in url)
    assert "matching 'Intervention Brigade'" in form.locator(".chosen-what").inner_text()
    boxes = form.locator("input[name=unit_keys]")
    assert sorted(b.get_attribute("value") for b in boxes.all()) == sorted(keys)
    boxes.last.uncheck()  # the review lets one leave a unit out
    # coders are picked by clicking their labelled checkboxes, not by Ctrl-click
    form.get_by_label("alice", exact=True).check()
    form.get_by_label("bob", exact=True).check()
    form.locator("button[type=submit]").click()
    said = f"{len(keys) - 1} units assigned to 2 coders ({2 * (len(keys) - 1)} new assignments"
    # the notice comes before the table: the page in full, else its first rows are counted
    loaded(admin, admin.locator(".notice", has_text=said))
    assert admin.locator("form.reveal tbody tr").count() == len(keys) - 1
    made = _assignments(access)
    assert {(k, c) for k, c, _ in made} == {(k, c) for k in keys[:-1] for c in ("alice", "bob")}
    assert all(blind == 1 for _, _, blind in made)
    ((params, summary),) = _batches(access)
    assert params["source"] == "search" and params["query"] == "Intervention Brigade"
    assert summary["units"] == keys[:-1] and summary["added"] == len(made)
    assert admin.js_errors == []


def test_assign_a_stratified_random_sample(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Assignments")
    pick = admin.locator("form.pick-sample")
    pick.get_by_label("Random sample of").fill("6")
    pick.get_by_label("Seed").fill("2024")
    pick.locator("button[type=submit]").click()
    strata = admin.locator("table.strata tbody tr")
    admin.wait_for_url(lambda url: "source=sample" in url)  # all() does not wait
    drawn = {
        r.locator("td").nth(0).inner_text(): int(r.locator("td").nth(1).inner_text())
        for r in strata.all()
    }
    # 64 resolution paragraphs and 4 speeches: proportional, every type at least once
    assert drawn == {"resolution": 5, "verbatim": 1}
    form = admin.locator("form.assign")
    shown = [b.get_attribute("value") for b in form.locator("input[name=unit_keys]").all()]
    assert len(shown) == 6
    assert "seed 2024" in form.locator(".chosen-what").inner_text()
    form.get_by_label("alice", exact=True).check()
    form.locator("button[type=submit]").click()
    admin.locator(".notice", has_text="6 units assigned to 1 coder (6 new assignments").wait_for()
    assert [k for k, _, _ in _assignments(access)] == shown
    ((params, summary),) = _batches(access)
    assert params["source"] == "sample" and params["seed"] == 2024 and params["n"] == 6
    assert params["strata"] == {"resolution": [5, 64], "verbatim": [1, 4]}
    assert summary["units"] == shown
    # the same seed draws the same units again (from every unit, assigned or not)
    again = admin.request.get(
        server + "/api/assignments",
        params={"source": "sample", "n": "6", "seed": "2024", "include_assigned": "true"},
    ).json()
    assert [u["key"] for u in again["chosen"]["units"]] == shown
    assert admin.js_errors == []


def _disagree(access: ProjectAccess) -> None:
    """alice and bob, blind-assigned OP09, code the same words with different codes."""

    def run(store: Store) -> None:
        assign(store, get_user(store, "admin"), [OP09], ["alice", "bob"], blind=True)
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (OP09,)).fetchone()[0]
        at = text.index("Intervention Brigade")
        events.add_code(
            store, coder="alice", unit_key=OP09, start=at, end=at + 20,
            code="intervention_brigade",
        )  # fmt: skip
        events.add_code(
            store, coder="bob", unit_key=OP09, start=at, end=at + 20, code="offensive_operations"
        )

    access.write(run)


def test_adjudicate_one_disagreement(
    chromium: Any, server: str, access: ProjectAccess, docs_img: Path
) -> None:
    _disagree(access)
    admin = log_in(chromium, server, "admin")
    admin.click("nav >> text=Adjudication")
    sections = admin.locator("section.adjudicate")
    admin.wait_for_url(lambda url: "/adjudication" in url)  # count() and all() do not wait
    assert sections.count() == 1, "one passage coded two ways is one decision, not two"
    item = sections.first
    readings = item.locator("figure.reading")
    assert [r.get_attribute("data-coder") for r in readings.all()] == ["alice", "bob"]
    alice = item.locator('figure.reading[data-coder="alice"]')
    assert alice.locator("figcaption").inner_text() == "alice"
    assert alice.locator("mark").inner_text() == "Intervention Brigade"
    context = alice.locator("p.context").inner_text()
    assert "decides that MONUSCO" in context, "the passage in its context"
    assert (
        "Offensive or targeted operations"
        in item.locator('figure.reading[data-coder="bob"] .reading-codes').inner_text()
    )
    # every radio button sits inside its label: clicking the words chooses it
    radios = item.locator("input[type=radio]")
    assert radios.count() == 4  # alice's reading, bob's, both, none
    assert item.locator("label.choice > input[type=radio]").count() == 4
    alices = item.locator("label.choice", has_text=re.compile(r"^\s*As alice coded it"))
    alices.click()
    assert alices.locator("input").is_checked()
    item.get_by_label("Note (optional)").fill("the Brigade is named, not an operation")
    admin.screenshot(path=str(docs_img / "adjudication.png"), full_page=True)
    item.locator("button[type=submit]").click()
    history = admin.locator("table.history tbody tr")
    admin.wait_for_url(lambda url: "recorded_on=" in url)  # all() does not wait
    rows = {r.locator("td").nth(2).inner_text(): r.inner_text() for r in history.all()}
    assert set(rows) == {"Intervention Brigade", "Offensive or targeted operations"}
    assert "present" in rows["Intervention Brigade"]
    assert "absent" in rows["Offensive or targeted operations"]
    # the originals by their coders' names, never as event ids
    assert "\talice\t" in rows["Intervention Brigade"]
    assert "\tbob\t" in rows["Offensive or targeted operations"]
    page = admin.content()
    assert "Originals" not in page and "settled" in admin.locator("section.adjudicate").inner_text()
    with access.read() as store:
        decided = store.conn.execute(
            "SELECT code, decision FROM adjudications ORDER BY code"
        ).fetchall()
        final = events.human_codings(store, unit_key=OP09, code="intervention_brigade")
    assert [tuple(r) for r in decided] == [
        ("intervention_brigade", "present"),
        ("offensive_operations", "absent"),
    ]
    assert {h.coder for h in final} == {"alice", "adjudication:admin"}
    assert admin.js_errors == []


def test_code_all_hits_with_review(chromium: Any, server: str, access: ProjectAccess) -> None:
    # OP09 is blind-assigned to bob and admin: alice's bulk coding must leave it alone
    def blind(store: Store) -> None:
        assign(store, get_user(store, "admin"), [OP09], ["bob", "admin"], blind=True)

    access.write(blind)
    alice = log_in(chromium, server, "alice")
    alice.click("nav >> text=Search")
    alice.fill("input[name=q]", "Intervention Brigade")
    alice.click("form[role=search] button[type=submit]")
    alice.wait_for_url(lambda url: "/search?q=" in url)  # count() does not wait
    hits = alice.locator("li.hit").count()
    form = alice.locator("form.code-all")
    form.get_by_label("Code all hits with").select_option(label="Intervention Brigade")
    form.get_by_label("the matched words").check()
    form.locator("button[type=submit]").click()
    alice.wait_for_url(lambda url: "/search/code-all?" in url)  # count() and all() do not wait
    blind_items = alice.locator('ul.review li[data-status="blind"]')
    assert blind_items.count() >= 1
    assert all(li.get_attribute("data-key") == OP09 for li in blind_items.all())
    assert blind_items.first.locator("input").is_disabled()
    new = alice.locator('ul.review li[data-status="new"]')
    n_new = new.count()
    assert n_new >= hits - 1 >= 2
    assert all(m.inner_text() == "Intervention Brigade" for m in new.locator("mark").all())
    new.last.locator("input").uncheck()  # the review step: leave one out
    with access.read() as store:
        assert not events.human_codings(store, coder="alice"), "nothing written before confirm"
    alice.locator("button.confirm").click()
    # the notice comes before the hits: the page in full, else no hit is there to count
    loaded(alice, alice.locator(".notice", has_text=f"Coded {n_new - 1} passage"))
    # the search now lists the units with the code, as human codings, labelled so
    assert alice.locator("select[name=code]").input_value() == "intervention_brigade"
    assert alice.locator('.hit-code[data-source="human"]').count() >= 1
    with access.read() as store:
        made = events.human_codings(store, coder="alice", code="intervention_brigade")
        coded = store.conn.execute(
            "SELECT count(*) FROM coding_events WHERE coder = 'alice' AND action = 'code'"
        ).fetchone()[0]
    assert len(made) == coded == n_new - 1
    assert OP09 not in {h.unit_key for h in made}
    assert {h.snippet for h in made} == {"Intervention Brigade"}
    # the dictionary's candidates are a separate filter, labelled as such
    alice.locator("select[name=code_source]").select_option("candidate")
    alice.fill("input[name=q]", "")
    alice.click("form[role=search] button[type=submit]")
    # the old page lists hits too: wait for the new one, in full (all_inner_texts does not wait)
    alice.wait_for_url(lambda url: "code_source=candidate" in url)
    labels = set(alice.locator("li.hit .hit-code .source-label").all_inner_texts())
    assert labels <= {"CODED", "CANDIDATE", "coded", "candidate"} and labels
    # the batch is taken back in one step (a new user pressed u once per coding)
    alice.go_back()
    alice.locator("form.undo-batch button", has_text=f"Undo these {n_new - 1} codings").click()
    alice.locator(".notice", has_text=f"Took back {n_new - 1} coding(s)").wait_for()
    with access.read() as store:
        assert events.human_codings(store, coder="alice", code="intervention_brigade") == []
    assert alice.js_errors == []


# Every action a person can take: links, buttons, form controls and <summary> toggles,
# shown (not hidden, not inside a closed <details>, whose <summary> is the action) and
# not taken out of the tab order. A radio group is one stop of the Tab key (the arrow
# keys move inside it), so it counts once, by its first button.
FOCUSABLE = """() => {
  const seen = new Set();
  return [...document.querySelectorAll(
    'main a[href], main button, main input, main select, main textarea, main summary, '
    + 'header a[href], header button'
  )].filter(e => e.type !== 'hidden' && !e.disabled && e.tabIndex >= 0
    && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
    && !(e.closest('details:not([open])') && e.closest('summary') === null))
    .filter(e => {
      if (e.type !== 'radio') return true;
      const group = (e.form ? e.form.id || e.form.action : '') + '|' + e.name
        + '|' + [...document.forms].indexOf(e.form);
      if (seen.has(group)) return false;
      seen.add(group);
      return true;
    });
}"""
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && !e.closest('label') && !(e.labels && e.labels.length)
            && !e.getAttribute('aria-label'))
    .map(e => e.name || e.id || e.outerHTML.slice(0, 60))"""
MARK_ALL = f"() => ({FOCUSABLE})().forEach((e, i) => e.dataset.a11y = String(i))"
COUNT = f"() => ({FOCUSABLE})().length"


def _tab_through(page: Any) -> tuple[int, set[str]]:
    """Press Tab from the top of the page until focus leaves it; the elements reached."""
    page.evaluate(MARK_ALL)
    total = page.evaluate(COUNT)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    reached: set[str] = set()
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        mark = page.evaluate(
            """() => { const e = document.activeElement;
              if (!e) return null;
              if (e.type === 'radio') {  // the group's stop: credit the group's marked button
                const first = [...document.getElementsByName(e.name)]
                  .find(r => r.form === e.form && r.dataset.a11y !== undefined);
                return first ? first.dataset.a11y : null;
              }
              return e.dataset.a11y === undefined ? null : e.dataset.a11y; }"""
        )
        if mark is not None:
            reached.add(mark)
    return total, reached


def test_main_pages_label_every_control_and_reach_every_action_by_keyboard(
    chromium: Any, server: str, access: ProjectAccess
) -> None:
    _disagree(access)
    admin = log_in(chromium, server, "admin")
    admin.goto(unit_url(server, SPEECH))
    select_and_code(admin, SPEECH, "Mali", "poc")
    pages = [
        "/",
        "/documents",
        "/documents/1",
        "/documents/2",
        f"/units/{SPEECH}",
        "/search?q=Intervention+Brigade",
        "/search/code-all?q=Intervention+Brigade&apply_code=intervention_brigade",
        "/codebooks",
        "/codebooks/stability-operations",
        "/codebooks/stability-operations/validation",
        "/codes/intervention_brigade",
        "/codes/offensive_force",
        "/learn/stability-operations/poc",
        "/agreement",
        "/assignments?source=sample&n=4&seed=1",
        "/adjudication",
        "/users",
        "/upload",
    ]
    problems = []
    for path in pages:
        admin.goto(server + path)
        admin.wait_for_load_state("networkidle")
        missing = admin.evaluate(UNLABELLED)
        if missing:
            problems.append(f"{path}: unlabelled {missing}")
        total, reached = _tab_through(admin)
        assert total > 3, path
        unreached = total - len(reached)
        if unreached:
            problems.append(f"{path}: {unreached} of {total} actions not reached by Tab")
    assert problems == [], "\n".join(problems)
    assert admin.js_errors == []
