"""A mandate's task list is recognised by what it is: a decision giving the mission a mandate or
tasks, followed by enumerated sub-paragraphs (new user F5 follow-up: "Decides that MONUC shall
... have the mandate, in this order of priority, ... in order to:" was not a task list, so R9
found 1 of 4 MONUC mandate resolutions listing tasks).

All texts and mission names are SYNTHETIC (UNSYN, UNOTH: no UN mission).
"""

from __future__ import annotations

import pytest

from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.mandate import ResolutionUnit, count_tasks, is_mandate_paragraph
from normtrace.trace.store_indicators import mandate_series

TASK_LISTS = [
    "Decides that UNSYN shall, from the adoption of this resolution, have the mandate, in this "
    "order of priority, working in close cooperation with the Government of Syntheticland in "
    "order to:\nProtection of civilians",
    "Decides that UNSYN will also have the mandate, in close cooperation with the authorities, "
    "to support the strengthening of democratic institutions, and to that end to:",
    "Decides to extend UNSYN's mandate for a period of 12 months as follows:",
    "Decides to extend the mandate of UNSYN for a period of 6 months until 30 November 2099:",
    "Decides further that, as circumstances permit, the Special Representative and UNSYN, at the "
    "request of the Government, shall:",
    "Decides further that UNSYN and the Special Representative, within their mandate, will lead "
    "the international civilian efforts to, inter alia:",
    "Authorizes the deployment within UNSYN of up to 4,200 troops until 15 March 2099, with a "
    "mandate to:",
    "Acting under Chapter VII of the Charter of the United Nations, decides that UNSYN shall "
    "carry out the following tasks:",
]

NOT_TASK_LISTS = [
    # an intention, a request about another office, a note of a Government's commitments
    "Expresses its intention to strengthen the mandate of UNSYN with the following priority tasks:",
    "Requests the Secretary-General to designate a High Representative, autonomous from UNSYN, "
    "with the following mandate:",
    "Takes note of the commitment of the Government, alongside UNSYN, to carry out the "
    "following tasks:",
    "Calls upon the Government to cooperate with UNSYN and fulfil the following obligations:",
    # another body's mandate, the mission's components, conditions
    "Decides to extend the mandate of the Panel of Experts to carry out the following tasks:",
    "Decides that UNSYN will be headed by a Special Representative and will consist of:",
    "Decides further that its main components will be:",
    "Authorizes, subject to the following conditions, the redeployment of personnel among UNSYN "
    "and UNOTH, taking into account their current mandates:",
    # a decision binding States; an extension that opens no enumeration
    "Decides that all States shall take the necessary measures to prevent:",
    "Decides to extend the mandate of UNSYN until 15 October 2099",
]


@pytest.mark.parametrize("text", TASK_LISTS)
def test_a_decision_giving_the_mission_a_mandate_opens_its_task_list(text: str) -> None:
    assert is_mandate_paragraph(text, "UNSYN")
    assert is_mandate_paragraph(text)


def test_intentions_requests_other_bodies_components_and_conditions_list_no_tasks() -> None:
    assert [is_mandate_paragraph(t, "UNSYN") for t in NOT_TASK_LISTS] == [False] * len(
        NOT_TASK_LISTS
    )
    # with no mission known, a decision binding States still names none
    assert not is_mandate_paragraph("Decides that all States shall take measures to prevent:")


def _units(symbol: str, lead: str, tasks: int) -> list[ResolutionUnit]:
    op = f"{symbol}/op3"
    return [ResolutionUnit(f"{symbol}/op1", "operative", None, "Decides to extend UNSYN;"),
            ResolutionUnit(op, "operative", None, lead)] + [
        ResolutionUnit(f"{op}/{chr(97 + i)}", "subparagraph", op, f"Task {i} of UNSYN;")
        for i in range(tasks)
    ]  # fmt: skip


def test_count_tasks_reads_the_priority_form_and_only_the_missions_own_list() -> None:
    found = count_tasks("R2", "2099", _units("R2", TASK_LISTS[0], 4), [], "UNSYN")
    assert (found.tasks, found.restated, found.mandate_keys) == (4, True, ["R2/op3"])
    other = count_tasks("R3", "2099", _units("R3", NOT_TASK_LISTS[4], 5), [], "UNSYN")
    assert (other.tasks, other.restated) == (0, False)


def _resolution(symbol: str, date: str, lead: str, tasks: int) -> Document:
    op = f"{symbol}/op3"
    paras = [
        Paragraph(f"{symbol}/op1", "operative",
                  "Decides to extend the deployment of UNSYN until 31 December 2099;", 1, "1"),
        Paragraph(op, "operative", lead, 2, "3"),
        *(Paragraph(f"{op}/{chr(97 + i)}", "subparagraph", f"Task {i} of the mission;", 3 + i,
                    chr(97 + i), parent_key=op) for i in range(tasks)),
    ]  # fmt: skip
    return Document(symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date,
                    int(date[:4]), paragraphs=tuple(paras))  # fmt: skip


def test_mandate_series_finds_each_renewals_task_list() -> None:
    store = Store.open(":memory:")
    docs = [
        _resolution("S/RES/9001 (2098)", "2098-03-01", TASK_LISTS[1], 3),
        _resolution("S/RES/9002 (2099)", "2099-03-01", TASK_LISTS[0], 5),
        _resolution("S/RES/9003 (2099)", "2099-09-01", NOT_TASK_LISTS[4], 2),
    ]
    for doc in docs:
        save_document(store, doc, SourceRecord(doc.symbol, doc.symbol.ljust(64, "0"), 1,
                                               "text/plain", "test"))  # fmt: skip
    series, _ = mandate_series(store, "UNSYN", "2100-01-01", ())
    assert [(r.resolution, r.tasks, r.restated) for r in series] == [
        ("S/RES/9001 (2098)", 3, True),
        ("S/RES/9002 (2099)", 5, True),
        ("S/RES/9003 (2099)", 0, False),  # the Panel of Experts' tasks are not UNSYN's
    ]
