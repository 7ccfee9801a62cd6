"""A mandate task given by reference to another resolution's paragraphs counts what it points
at, never one leaf (new user, DRC case: R9 compared S/RES/1756 (2007), 24 tasks, with
S/RES/1906 (2009), 3 tasks, and reported no_growth (-21), because 1906's first task reads
"Ensure the effective protection of civilians ..., in accordance with paragraph 3 (a) to (e) and
4 (c) of resolution 1856 (2008)"). A task that merely names a resolution ("monitor the measures
imposed by paragraph 20 of resolution 1493") states itself and counts one. When the project
lacks the resolution pointed at, R9 says the comparison cannot be made and what to ingest.
A task pointing at the resolution's own paragraphs ("and paragraphs 7 to 18 below") gives
tasks the count does not follow: R9 is not applied either, and says which pointers (new user,
re-check N3: S/RES/1906 (2009) was weighed as no_growth (-14) on a count its own detail called
incomplete, and its "including as set out in paragraphs 29 to 38 below" went unmentioned).

All texts, symbols and the mission UNSYN are SYNTHETIC (no UN document, no UN mission).
"""

from __future__ import annotations

import pytest

from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.collect import collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.mandate import ResolutionUnit, count_tasks, mandate_growth
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_indicators import mandate_series
from normtrace.trace.store_trace import CaseWindow
from normtrace.trace.task_refs import added_pointers, task_pointers

FIRST, OTHER, LAST = "S/RES/9101 (2097)", "S/RES/9102 (2098)", "S/RES/9103 (2099)"
LIST = "Decides that UNSYN shall have the following mandate, in order of priority:"
EXTEND = "Decides to extend the deployment of UNSYN until 31 December 2099;"
#: the first list: eight SYNTHETIC tasks (a)-(h)
FIRST_TASKS = [f"SYNTHETIC task {c} of UNSYN;" for c in "abcdefgh"]
#: the last list: two tasks by reference (4 + 2 of FIRST's), one stated, one naming a resolution
LAST_TASKS = [
    "Ensure the protection of civilians, in accordance with paragraph 3 (a) to (c) and 3 (f) "
    "of resolution 9101 (2097);",
    "Carry out the tasks of its mandate listed in paragraphs 3 (g) to 3 (h) of resolution 9101 "
    "(2097);",
    "Support the SYNTHETIC security sector reform;",
    "Monitor the implementation of the measures imposed by paragraph 5 of resolution 9102 "
    "(2098), in cooperation with the Group of Experts referred to in paragraph 6 of resolution "
    "9102 (2098);",
]


@pytest.mark.parametrize(
    ("text", "pointed"),
    [
        ("Ensure the protection of civilians, in accordance with paragraph 3 (a) to (e) and 4 (c) "
         "of resolution 9101 (2097) and paragraphs 7 to 18 below;",
         [("paragraph 3 (a) to (e) and 4 (c) of resolution 9101 (2097)", "S/RES/9101 (2097)"),
          ("paragraphs 7 to 18 below", "this resolution")]),
        ("Carry out enhanced SYNTHETIC activities, including as set out in paragraphs 19 to 28 "
         "below and paragraphs 3 (n) to 3 (p) of resolution 9101 (2097);",
         [("paragraphs 19 to 28 below", "this resolution"),
          ("paragraphs 3 (n) to 3 (p) of resolution 9101 (2097)", "S/RES/9101 (2097)")]),
        ("To carry out the tasks set out in paragraph 2 of resolution 9101;",
         [("paragraph 2 of resolution 9101", "S/RES/9101")]),
        ("Continue to perform the functions indicated in paragraph 6, subparagraph a of "
         "resolution 9101 (2097);",
         [("paragraph 6 (a) of resolution 9101 (2097)", "S/RES/9101 (2097)")]),
        ("Assist the SYNTHETIC authorities, as described in subparagraphs (b) to (d) of "
         "paragraph 4 of its resolution 9101 (2097);",
         [("paragraph 4 (b) to (d) of its resolution 9101 (2097)", "S/RES/9101 (2097)")]),
    ],
)  # fmt: skip
def test_a_task_given_by_reference_points_at_the_paragraphs(
    text: str, pointed: list[tuple[str, str]]
) -> None:
    assert [(p.words, p.resolution) for p in task_pointers(text)] == pointed


@pytest.mark.parametrize(
    "text",
    [
        "Monitor the implementation of the measures imposed by paragraph 20 of resolution 9101 "
        "(2097), in cooperation with the Group of Experts referred to in paragraph 10 of "
        "resolution 9102 (2098);",
        "Provide assistance to the SYNTHETIC customs authorities in implementing the provisions "
        "of paragraph 8 of resolution 9101 (2097);",
        "Assist the Committee in carrying out its mandate as specified in paragraph 24 of "
        "resolution 9101 (2097);",
        "Assist the Government to ensure its requests contain the information identified in "
        "paragraph 7 of resolution 9101 (2097) consistent with paragraph 9 of resolution 9101;",
        "Re-establish trust between the SYNTHETIC forces, as stated in its resolution 9101 (2097);",
    ],
)
def test_a_task_naming_a_resolution_states_itself(text: str) -> None:
    assert task_pointers(text) == []


def _units(symbol: str, ops: list[str], subs: dict[int, list[str]]) -> list[ResolutionUnit]:
    out = []
    for n, text in enumerate(ops, 1):
        key = f"{symbol}/op{n}"
        out.append(ResolutionUnit(key, "operative", None, text))
        out += [ResolutionUnit(f"{key}/{chr(97 + i)}", "subparagraph", key, t)
                for i, t in enumerate(subs.get(n, []))]  # fmt: skip
    return out


def _filler(n: int) -> list[str]:
    return [f"Requests the SYNTHETIC Government to act on matter {i};" for i in range(n)]


#: FIRST: op3 lists eight tasks; LAST: op4 lists LAST_TASKS, op7-op12 are other decisions
FIRST_UNITS = _units(FIRST, [EXTEND, "Notes;", LIST], {3: FIRST_TASKS})
LAST_UNITS = _units(LAST, [EXTEND, *_filler(2), LIST, *_filler(8)], {4: LAST_TASKS})


def _lookup(number: str, year: str | None) -> tuple[str, list[ResolutionUnit]] | None:
    return (FIRST, FIRST_UNITS) if number == "9101" else None


def test_a_task_given_by_reference_counts_what_it_points_at() -> None:
    found = count_tasks(LAST, "2099", LAST_UNITS, [], "UNSYN", _lookup)
    # 4 (3 (a)-(c), 3 (f)) + 2 (3 (g)-(h)) + the stated SSR task + the monitoring task
    assert (found.listed, found.tasks, found.unresolved) == (4, 8, [])
    first, second = found.by_reference
    assert first.startswith(f"{LAST}/op4/a counted as the tasks it gives by reference: ")
    assert "paragraph 3 (a) to (c) and 3 (f) of resolution 9101 (2097) (4)" in first
    assert "paragraphs 3 (g) to 3 (h) of resolution 9101 (2097) (2)" in second
    growth = mandate_growth("UNSYN", [count_tasks(FIRST, "2097", FIRST_UNITS, [], "UNSYN"), found])
    assert growth.task_change == 0 and growth.unresolved == []


def test_a_reference_the_project_cannot_follow_leaves_no_growth_number() -> None:
    found = count_tasks(LAST, "2099", LAST_UNITS, [], "UNSYN")  # no resolution to look in
    assert found.tasks == found.listed == 4
    assert found.unresolved == [  # one line per resolution to fetch, naming every pointer
        f"{LAST}/op4/a to paragraph 3 (a) to (c) and 3 (f) of resolution 9101 (2097); "
        f"{LAST}/op4/b to paragraphs 3 (g) to 3 (h) of resolution 9101 (2097) give tasks by "
        "reference, and the project does not hold S/RES/9101 (2097): normtrace fetch "
        "'S/RES/9101 (2097)', then normtrace ingest downloads"
    ]
    growth = mandate_growth("UNSYN", [count_tasks(FIRST, "2097", FIRST_UNITS, [], "UNSYN"), found])
    assert growth.task_change is None and growth.unresolved == found.unresolved
    # a paragraph the resolution does not have is named, not counted as nothing
    short = [u for u in FIRST_UNITS if not u.key.endswith(("/op3/g", "/op3/h"))]
    broken = count_tasks(LAST, "2099", LAST_UNITS, [], "UNSYN", lambda n, y: (FIRST, short))
    assert any("has no paragraph 3 (g) to 3 (h)" in line for line in broken.unresolved)


def test_a_lead_in_adding_to_tasks_given_elsewhere_counts_them() -> None:
    assert [p.words for p in added_pointers(
        "Decides that in addition to the tasks set out in paragraph 3 of resolution 9101 (2097), "
        "the mandate of UNSYN shall include the following additional tasks:")] == [
        "paragraph 3 of resolution 9101 (2097)"]  # fmt: skip
    ops = [
        "Decides to extend the mandate of UNSYN, as set out in paragraph 3 (b) to (e) of "
        "resolution 9101 (2097);",
        "Decides that in addition to paragraph 1 above, UNSYN shall also carry out the following "
        "tasks:",
    ]
    units = _units(LAST, ops, {2: ["SYNTHETIC new task one;", "SYNTHETIC new task two;"]})
    found = count_tasks(LAST, "2099", units, [], "UNSYN", _lookup)
    assert (found.listed, found.tasks) == (2, 6)  # the two it lists and the four op1 points at
    assert f"{LAST}/op2: its lead-in adds the tasks of paragraph 1 above (4)" in found.by_reference
    # a list adding to a paragraph that lists nothing is not the whole mandate: no count
    bare = _units(LAST, ["Decides to extend the mandate of UNSYN until 2100;", ops[1]],
                  {2: ["SYNTHETIC new task one;"]})  # fmt: skip
    assert (
        "lists no tasks of its own"
        in count_tasks(LAST, "2099", bare, [], "UNSYN", _lookup).unresolved[0]
    )


def _document(symbol: str, date: str, units: list[ResolutionUnit]) -> Document:
    paras = tuple(
        Paragraph(u.key, u.kind, u.text, i, u.key.rsplit("/", 1)[-1].removeprefix("op"),
                  parent_key=u.parent)
        for i, u in enumerate(units, 1)
    )  # fmt: skip
    return Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date,
                    int(date[:4]), paragraphs=paras)  # fmt: skip


def _save(store: Store, doc: Document) -> None:
    save_document(store, doc, SourceRecord(doc.symbol, doc.symbol.ljust(64, "0"), 1,
                                           "text/plain", "test"))  # fmt: skip


def _r9(store: Store) -> tuple[str, str]:
    case = CaseWindow("synthetic", "SYNTHETIC case", "2097-01-01", "2099-12-31", ("UNSYN",),
                      key_resolution=LAST)  # fmt: skip
    data = collect_case_data(store, case)
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    item = next((i for i in ledger.items if i.id == "R9"), None)
    return (item.description if item else ""), skipped.get("R9", "")


def test_r9_counts_the_reference_or_says_what_to_ingest() -> None:
    store = Store.open(":memory:")
    _save(store, _document(LAST, "2099-03-01", LAST_UNITS))
    other = _units(OTHER, [EXTEND, LIST], {2: FIRST_TASKS[:3]})
    _save(store, _document(OTHER, "2098-03-01", other))
    series, _ = mandate_series(store, "UNSYN", "2099-12-31", ())
    assert [(r.resolution, r.tasks) for r in series] == [(OTHER, 3), (LAST, 4)]
    described, skipped = _r9(store)
    assert not described  # never a growth number (3 -> 4) from a list given by reference
    assert skipped.startswith(f"UNSYN's tasks from {OTHER} to {LAST} are not comparable: ")
    assert "normtrace fetch 'S/RES/9101 (2097)', then normtrace ingest downloads" in skipped
    assert "\n" not in skipped

    _save(store, _document(FIRST, "2097-03-01", FIRST_UNITS))
    series, _ = mandate_series(store, "UNSYN", "2099-12-31", ())
    assert [(r.resolution, r.tasks) for r in series] == [(FIRST, 8), (OTHER, 3), (LAST, 8)]
    described, skipped = _r9(store)
    assert not skipped
    assert f"8 tasks in {FIRST}, 8 in {LAST} (+0)" in described
    assert "Observed: no_growth" in described
    assert "tasks given by reference counted: " in described
    assert "paragraph 3 (a) to (c) and 3 (f) of resolution 9101 (2097) (4)" in described


#: a last list whose tasks point at its own paragraphs (op5 lists, op6-op12 are the elaboration)
OWN_TASKS = [
    "Ensure the protection of civilians, in accordance with paragraph 3 (a) to (c) of resolution "
    "9101 (2097) and paragraphs 6 to 8 below;",
    "Support the SYNTHETIC security sector reform, including as set out in paragraphs 9 to 12 "
    "below;",
    "Monitor the SYNTHETIC ceasefire, as described in paragraph 5 (b) above;",  # counted already
]
OWN_UNITS = _units(LAST, [EXTEND, *_filler(3), LIST, *_filler(7)], {5: OWN_TASKS})


def test_a_task_pointing_at_its_own_paragraphs_counts_their_tasks_once() -> None:
    # v4: op6-op12 request the SYNTHETIC Government, not UNSYN: they give the mission no task,
    # so op5/a counts 9101's three, op5/b and op5/c one each (v3: incomplete, not compared)
    found = count_tasks(LAST, "2099", OWN_UNITS, [], "UNSYN", _lookup)
    assert found.unresolved == []
    assert (found.tasks, found.listed) == (5, 3)
    assert (
        f"{LAST}/op5/b to paragraphs 9 to 12 below: 0 counted once already, 0 more giving "
        "the mission a task (0), 4 giving it none" in found.by_reference
    )
    growth = mandate_growth("UNSYN", [count_tasks(FIRST, "2097", FIRST_UNITS, [], "UNSYN"), found])
    assert growth.task_change == 5 - 8 and growth.unresolved == []
    # a pointer only to tasks of the list itself adds nothing uncounted
    again = "Monitor the SYNTHETIC ceasefire, as described in paragraph 2 (a) above;"
    counted = _units(LAST, [EXTEND, LIST], {2: ["SYNTHETIC task one;", again]})
    only = count_tasks(LAST, "2099", counted, [], "UNSYN", _lookup)
    assert (only.tasks, only.unresolved) == (2, [])


def test_a_chain_of_references_leading_back_is_not_counted() -> None:
    loop = "Carry out the tasks set out in paragraph 1 (a) of resolution 9103 (2099);"
    first = _units(FIRST, [EXTEND, LIST], {2: [loop, "SYNTHETIC task b;"]})
    last = _units(LAST, [LIST], {1: [
        "Carry out the tasks set out in paragraph 2 of resolution 9101 (2097);"]})  # fmt: skip
    docs = {"9101": (FIRST, first), "9103": (LAST, last)}
    found = count_tasks(LAST, "2099", last, [], "UNSYN", lambda n, y: docs.get(n))
    assert found.tasks == found.listed == 1
    assert any("the chain of references leads back to it" in line for line in found.unresolved)


def test_r9_compares_a_count_that_follows_its_own_pointers() -> None:
    store = Store.open(":memory:")
    _save(store, _document(FIRST, "2097-03-01", FIRST_UNITS))
    _save(store, _document(LAST, "2099-03-01", OWN_UNITS))
    described, skipped = _r9(store)
    assert not skipped  # v3: not applied, "not comparable"
    assert f"8 tasks in {FIRST}, 5 in {LAST} (-3)" in described
