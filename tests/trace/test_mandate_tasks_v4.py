"""R9 v4: dash tasks, tasks given outside the list (a separate figure, never in the count R9
compares), a list's pointers to its own paragraphs.

All resolution texts here are SYNTHETIC (invented mission ZEPHUN, invented resolutions).
"""

from __future__ import annotations

from normtrace.trace.mandate import ResolutionUnit, count_tasks, mandate_growth
from normtrace.trace.mission_tasks import gives_task
from normtrace.trace.task_refs import task_items

SYM = "S/RES/9001 (2031)"  # SYNTHETIC


def _units(paragraphs: list[tuple[str, str, list[str]]]) -> list[ResolutionUnit]:
    """SYNTHETIC units: (number, lead-in, sub-paragraph texts) per operative paragraph."""
    out = []
    for number, text, subs in paragraphs:
        key = f"{SYM}/op{number}"
        out.append(ResolutionUnit(key, "operative", None, text))
        for letter, sub in zip("abcdefgh", subs, strict=False):
            out.append(ResolutionUnit(f"{key}/{letter}", "subparagraph", key, sub))
    return out


LIST = "Decides that the mandate of ZEPHUN shall be the following:"


def test_dash_tasks_in_one_sub_paragraph_count_each() -> None:
    units = _units(
        [
            ("1", LIST, [
                "Protection of civilians\n– To protect civilians under threat,\n"
                "– To revise the protection strategy,\n– To support local early warning,",
                "Monitor the ceasefire;",
            ]),
        ]
    )  # fmt: skip
    row = count_tasks(SYM, "2031-01-01", units, [], "ZEPHUN")
    assert row.tasks == 4 and row.listed == 4 and not row.unresolved
    assert task_items("Heading only, no dash") == ["Heading only, no dash"]


def test_tasks_given_outside_the_list_are_a_separate_figure() -> None:
    units = _units(
        [
            ("1", LIST, ["Monitor the ceasefire;", "Support the elections;"]),
            ("2", "Requests ZEPHUN, working closely with the Government, to assist the "
                  "electoral commission;", []),
            ("3", "Decides that ZEPHUN shall also support the border commission;", []),
            ("4", "Authorizes ZEPHUN to use all necessary means to carry out its mandate;", []),
            ("5", "Encourages ZEPHUN to continue its outreach to civil society;", []),
            ("6", "Requests the Secretary-General to ensure that ZEPHUN is fully staffed;", []),
            ("7", "Decides that ZEPHUN shall consist of up to 900 military personnel;", []),
            ("8", "Requests ZEPHUN to train the police in:", []),
            ("9", "Requests ZEPHUN to ensure full compliance with the zero tolerance policy;", []),
        ]
    )  # fmt: skip
    # op8 gets two SYNTHETIC sub-paragraphs: a request with sub-paragraphs counts its leaves
    units += [
        ResolutionUnit(f"{SYM}/op8/a", "subparagraph", f"{SYM}/op8", "crowd control;"),
        ResolutionUnit(f"{SYM}/op8/b", "subparagraph", f"{SYM}/op8", "community policing;"),
    ]
    row = count_tasks(SYM, "2031-01-01", units, [], "ZEPHUN")
    # op9 is a request to the mission to do something like any other: no word ("compliance")
    # takes it out
    assert row.outside_keys == [f"{SYM}/op2", f"{SYM}/op3", f"{SYM}/op8", f"{SYM}/op9"]
    assert row.tasks == 2 and row.listed == 2  # the list's, the count R9 compares
    assert row.outside_tasks == 1 + 1 + 2 + 1
    assert row.restated and not row.unresolved
    # a renewal without a list carries the list's count forward, not one-off outside requests
    renewal = _units([("1", "Decides to extend the mandate of ZEPHUN until 2033;", [])])
    later = count_tasks("S/RES/9002 (2032)", "2032-01-01", renewal, [], "ZEPHUN")
    growth = mandate_growth("ZEPHUN", [row, later])
    assert [r.tasks for r in growth.series] == [2, 2]
    assert growth.series[1].outside_tasks == 0


def test_outside_tasks_are_not_counted_without_a_list() -> None:
    units = _units(
        [
            ("1", "Decides to extend the mandate of ZEPHUN until 31 March 2032;", []),
            ("2", "Requests ZEPHUN to assist the electoral commission;", []),
        ]
    )
    row = count_tasks(SYM, "2031-01-01", units, [], "ZEPHUN")
    assert not row.restated and row.outside_keys == [] and row.tasks == 0


def test_a_list_pointing_at_its_own_paragraphs_counts_each_once() -> None:
    units = _units(
        [
            ("1", LIST, [
                "Monitor the ceasefire;",
                "Support security sector reform, including as set out in paragraphs 3 to 5 "
                "below;",
                "Protect civilians, in accordance with paragraph 1 (a) above;",
            ]),
            ("2", "Requests ZEPHUN to assist the electoral commission;", []),
            ("3", "Urges the Government to adopt the defence law;", []),
            ("4", "Requests ZEPHUN to provide military training to the army;", []),
            ("5", "Further requests ZEPHUN to coordinate donors on reform;", []),
        ]
    )  # fmt: skip
    row = count_tasks(SYM, "2031-01-01", units, [], "ZEPHUN")
    assert not row.unresolved  # v3: "the task count is incomplete", R9 not applied
    # op1/a; op1/b one, and what it points at: op4 and op5, counted once as the list's (op3
    # gives ZEPHUN none); op1/c one (op1/a it points at is counted); op2 is outside the list
    assert row.tasks == 1 + (1 + 2) + 1
    assert row.outside_keys == [f"{SYM}/op2", f"{SYM}/op4", f"{SYM}/op5"]
    assert row.outside_tasks == 1  # op4, op5 are counted in the list already
    assert any("op1/b to paragraphs 3 to 5 below" in n for n in row.by_reference)


def test_a_pointer_to_paragraphs_giving_no_task_keeps_the_task() -> None:
    units = _units(
        [
            ("1", LIST, ["Support reform, as set out in paragraph 2 below;", "Monitor;"]),
            ("2", "Urges the Government to adopt the defence law;", []),
        ]
    )
    row = count_tasks(SYM, "2031-01-01", units, [], "ZEPHUN")
    assert row.tasks == 2 and not row.unresolved


def test_gives_task_reads_the_addressee_not_a_mission_named_in_passing() -> None:
    assert not gives_task(
        "Requests the Secretary-General, in the context of cooperation between ZEPHUN and "
        "QUORAM, to maintain the unit;",
        "ZEPHUN",
    )
    assert not gives_task("Authorizes the increase of ZEPHUN's strength by 900 to protect;",
                          "ZEPHUN")  # fmt: skip
    assert gives_task("Calls upon the parties to cooperate, and requests that ZEPHUN assist "
                      "the Government in the transition;", "ZEPHUN")  # fmt: skip
    assert not gives_task("Requests ZEPHUN to focus its activities in order to achieve "
                          "progress on the tasks outlined in paragraph 4;", "ZEPHUN")  # fmt: skip


def test_a_subjunctive_request_with_a_clause_before_the_mission_gives_a_task() -> None:
    text = (
        "Welcomes the SYNTHETIC commitment, and requests that, upon the request of the "
        "Government, ZEPHUN provide technical assistance to the electoral bodies;"
    )
    assert gives_task(text, "ZEPHUN")
    assert not gives_task("Requests further that ZEPHUN be led by a Special Representative;",
                          "ZEPHUN")  # fmt: skip
