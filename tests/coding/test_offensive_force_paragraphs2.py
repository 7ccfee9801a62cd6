"""The default codebook on a second set of whole SYNTHETIC Council paragraphs for the
offensive-force construct (``tests/fixtures/offensive_force_paragraphs2.jsonl``).

200 SYNTHETIC paragraphs from two writers working from the ``offensive_force`` row of
``../shared/FRAMES.md`` alone, each labelled blind by another helper (200 of 200 agreed). The
revision stability-operations 5b868583beea read the errors of the ``dev`` half only; the floors
below are the measured scores (dev P 0.94, R 0.88; test P 0.96, R 0.54), kept as a regression
floor. The test half's low recall is the point of the set: the fixture's README says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.construct import construct_score

FIXTURE = Path(__file__).parents[1] / "fixtures" / "offensive_force_paragraphs2.jsonl"
OFFENSIVE = {"offensive_operations", "neutralize_disarm", "intervention_brigade",
             "robust_posture", "preemptive"}  # fmt: skip


def _rows() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert row["offensive_force"] == row["coder2"], row["id"]  # only agreed labels
    return rows


@pytest.mark.parametrize(("part", "precision", "recall"), [("dev", 0.9, 0.85), ("test", 0.9, 0.5)])
def test_second_set_keeps_its_floor(part: str, precision: float, recall: float) -> None:
    half = [row for row in _rows() if row["part"] == part]
    assert len(half) == 100 and sum(bool(r["offensive_force"]) for r in half) == 50
    got = construct_score(half, "offensive_force", load_default_codebook())
    assert got.tp / (got.tp + got.fp) >= precision
    assert got.tp / (got.tp + got.fn) >= recall


def _codes(text: str) -> set[str]:
    return {span.code for span in compile_codebook(load_default_codebook()).match(text)}


def test_the_revision_s_elements_and_their_limits() -> None:
    """Each element the revision added, on SYNTHETIC sentences of this test (not of the set),
    and the negatives beside it."""
    present = [  # SYNTHETIC
        "Authorizes the Force to take the fight to the armed factions wherever they operate;",
        "Requests the Mission to conduct operations to dislodge the militia from the valley;",
        "Decides that the Force shall raid and destroy the strongholds of the Front;",
        "Authorizes the Force to use all necessary means to degrade and dislodge the Front;",
        "Urges the Mission to take the offensive along the northern corridor;",
        "Stresses that groups which refuse are to be disarmed by the Force by force;",
        "Calls on the Force to seize the weapons caches found in the eastern districts;",
    ]
    absent = [  # SYNTHETIC; most of them a second reader's (R1 F3), each coded by a first draft
        "Requests peacekeeping operations to pursue their efforts towards a ceasefire;",
        "Welcomes the voluntary handover of weapons by the militia at the assembly points;",
        "Urges the Government to take all necessary measures to pursue investigations;",
        "Urges the authorities to take all necessary measures to disarm ex-combatants through "
        "the national programme;",
        "Calls upon Member States to take all necessary measures to dismantle illicit "
        "trafficking networks;",
        "Notes that the Mission's operations were degraded by fuel shortages;",
        "Welcomes the national campaign to root out corruption in the public administration;",
        "Welcomes the police operation to break up the demonstration peacefully;",
        "Underlines the clear need to deny safe havens to traffickers;",
        "Expresses concern at the general strike and the closure of rear bases of agencies;",
        "Notes with concern that the armed groups went on the offensive in the north;",
        "Calls on the parties to disarm their own forces in accordance with the Agreement;",
        "Expresses concern that armed groups are seizing weapons caches left by the army;",
    ]
    # a paragraph that condemns a group and then mandates force against it keeps the frame
    present.append("Condemns the rebels and requests the Mission to conduct operations against "
                   "the armed groups;")  # fmt: skip
    for text in present:
        assert _codes(text) & OFFENSIVE, text
    for text in absent:
        assert not _codes(text) & OFFENSIVE, text
