"""The default codebook on a third set of whole SYNTHETIC Council paragraphs for the
offensive-force construct (``tests/fixtures/offensive_force_paragraphs3.jsonl``).

200 SYNTHETIC paragraphs from two new writers working from the ``offensive_force`` row of
``../shared/FRAMES.md`` alone, each labelled blind by another helper (200 of 200 agreed). The
eighteenth revision's first draft (bb27f3a53de7) was frozen before the set was first scored:
P 0.96, R 0.66 (before it: P 0.95, R 0.61). A second reader then narrowed entries that coded text
outside the definition (the negatives below); the set, re-scored once, gave P 0.96, R 0.64. The
nineteenth revision was then written reading this set's errors (measured on the fourth set,
``offensive_force_paragraphs4``): here P 0.96, R 0.79, now a regression floor of a read set.
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.construct import construct_score

FIXTURE = Path(__file__).parents[1] / "fixtures" / "offensive_force_paragraphs3.jsonl"
OFFENSIVE = {"offensive_operations", "neutralize_disarm", "intervention_brigade",
             "robust_posture", "preemptive"}  # fmt: skip


def _rows() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert row["offensive_force"] == row["coder2"], row["id"]  # only agreed labels
    return rows


def test_third_set_keeps_its_floor() -> None:
    rows = _rows()
    assert len(rows) == 200 and sum(bool(r["offensive_force"]) for r in rows) == 100
    got = construct_score(rows, "offensive_force", load_default_codebook())
    assert got.tp / (got.tp + got.fp) >= 0.95
    assert got.tp / (got.tp + got.fn) >= 0.79


def _codes(text: str) -> set[str]:
    return {span.code for span in compile_codebook(load_default_codebook()).match(text)}


def test_the_eighteenth_revision_s_elements_and_their_limits() -> None:
    """Each element the revision added, on SYNTHETIC sentences of this test (not of any set),
    and beside them the senses the entries were narrowed against: each negative below is the
    shape of a real sentence (a resolution, a report or a speech) that a first draft coded."""
    present = [  # SYNTHETIC
        "Requests the Force to hunt down the armed bands operating along the border;",
        "Decides that the Mission shall pursue and destroy the militia in the forest reserve;",
        "Authorizes the Force to take decisive action against the armed formations in the north;",
        "Calls for coercive military action against the armed factions obstructing the accord;",
        "Requests the Mission to seize and destroy the weapons caches of the rebels;",
        "Stresses that remaining armed elements are to be disarmed through the Mission's own "
        "military operations where they refuse the programme;",
        "Requests the Force to keep the initiative in the eastern districts;",
        "Welcomes the pre-emptive action taken by the Force to stop the advance on the camps;",
        "Urges the Mission to expel the negative forces from the mining areas;",
        "Requests the Force to continue to strike armed groups in the border districts;",
        "Authorizes the Force to take the military initiative in the hills;",
    ]
    absent = [  # SYNTHETIC
        "Condemns the attack by armed elements on a patrol of the Mission;",
        "Condemns the ambush by militia fighters against a convoy of the Force;",
        "Notes that police units were dispersing gangs of youths throwing stones at vehicles;",
        "Notes that the new ban on explosive components will degrade the group's ability to "
        "manufacture devices;",
        "Condemns the militias and armed groups which continue to attack civilians;",
        "Notes that the unit would be in a position to confront armed criminal gangs;",
        "Welcomes the urgent pre-emptive action taken to save the tanker and its crew;",
        "Notes that the armed groups retook the town after a counter-attack;",
        "Thanks the panel of experts in disarmament, military operations and medicine;",
        # the second reader's (R), each coded by the first draft
        "Condemns the raid by armed elements on the camp for internally displaced persons;",
        "Notes with concern the capacity of armed groups to strike at civilians;",
        "Condemns any attempt by spoilers to weaken the peace process;",
        "Notes the breaking up of the rebel coalition into several rival factions;",
        "Urges the parties to seize the initiative to reach a comprehensive peace agreement;",
        "Welcomes the initiative against impunity launched by the Ministry of Justice;",
        "Condemns any military initiative by the parties that would jeopardize the ceasefire;",
        "The Mission took pre-emptive measures, including the relocation of staff, ahead of "
        "the hurricane season;",
        "The Mission will dismantle its logistical bases in the western sector as part of the "
        "drawdown;",
        "An explosion at the military ammunition depot destroyed several hundred homes;",
        "Urges the Government to take decisive action to hold accountable militia leaders "
        "responsible for human rights violations;",
        "Calls upon the Mission to take forceful action to protect civilians from militia attacks;",
        "Condemns the repeated militia raids against villages;",
        "Stresses that peacekeepers may use force against armed groups only in self-defence;",
        "Stresses that the disarmament of armed groups cannot be achieved by military means alone;",
        "Encourages the Special Representative to engage and negotiate with armed groups;",
        "Calls on Member States to expel rebel leaders residing in their territories;",
        "Requests the Panel of Experts to track down rebel financiers;",
    ]
    for text in present:
        assert _codes(text) & OFFENSIVE, text
    for text in absent:
        assert not _codes(text) & OFFENSIVE, text
