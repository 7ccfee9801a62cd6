"""The default codebook on a fourth set of whole SYNTHETIC Council paragraphs for the
offensive-force construct (``tests/fixtures/offensive_force_paragraphs4.jsonl``), and the
nineteenth revision's elements.

200 SYNTHETIC paragraphs from two new writers working from the ``offensive_force`` row of
``../shared/FRAMES.md`` alone, each labelled blind by another helper (200 of 200 agreed), never
read. The nineteenth revision was frozen before the set was first scored: P 0.94, R 0.76 (the
eighteenth: R 0.74; the seventeenth: R 0.71). The floors are that measurement, kept as a
regression floor.
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.construct import construct_score

FIXTURE = Path(__file__).parents[1] / "fixtures" / "offensive_force_paragraphs4.jsonl"
OFFENSIVE = {"offensive_operations", "neutralize_disarm", "intervention_brigade",
             "robust_posture", "preemptive"}  # fmt: skip


def test_fourth_set_keeps_its_floor() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert all(row["offensive_force"] == row["coder2"] for row in rows)  # only agreed labels
    assert len(rows) == 200 and sum(bool(r["offensive_force"]) for r in rows) == 100
    got = construct_score(rows, "offensive_force", load_default_codebook())
    assert got.tp / (got.tp + got.fp) >= 0.93
    assert got.tp / (got.tp + got.fn) >= 0.76


def _codes(text: str) -> set[str]:
    return {span.code for span in compile_codebook(load_default_codebook()).match(text)}


def test_the_nineteenth_revision_s_elements_and_their_limits() -> None:
    """Each element the revision added, on SYNTHETIC sentences of this test, and beside them
    the second reader's sentences (R2) that a first draft coded outside the definition."""
    present = [  # SYNTHETIC
        "Requests the Mission to conduct operations against the Kessal Front in the hills;",
        "Authorizes the Force to take all necessary measures to weaken their military capacity;",
        "Requests the Intervention Brigade to carry out operations against the armed groups;",
        "Requests the Force to take active steps, including through forward bases and patrols, "
        "to deter and prevent the return of the fighters;",
        "Requests the Mission to maintain mobile patrols to stop armed elements from re-entering "
        "those towns;",
        "Authorizes Member States to take pre-emptive measures against units of the Front;",
        "Stresses that the militia must be disarmed, including through direct action by the "
        "Mission;",
        "Considering that the threat can be contained only through sustained offensive pressure "
        "by the Mission,",
        "Authorizes the Force to pursue the units of the Front across the border;",
    ]
    absent = [  # SYNTHETIC; most of them the second reader's
        "Condemns the offensive strikes carried out by the Kessal Front against the towns;",
        "The regime's offensive campaign in the north-west has killed hundreds of civilians.",
        "Condemns the Government's operations against its own population in the south;",
        "Welcomes the police operations against drug traffickers along the coast;",
        "Notes that the arms embargo has weakened the military capacity of the former regime;",
        "Notes with concern that desertions have degraded the fighting capacity of the national "
        "army;",
        "Expresses concern that displaced persons were prevented by armed elements from "
        "returning to their homes;",
        "Underlines the compelling need for progress on nuclear disarmament;",
        "Requests the Intervention Brigade troop-contributing countries to bear the costs of "
        "rotation;",
        "Requests the Mission to take active steps to deter any threats to the implementation "
        "of its mandate;",
        "Calls on States to prevent foreign terrorist fighters from returning undetected;",
        "The police recaptured the escaped prisoners in an operation on Tuesday.",
    ]
    for text in present:
        assert _codes(text) & OFFENSIVE, text
    for text in absent:
        assert not _codes(text) & OFFENSIVE, text
