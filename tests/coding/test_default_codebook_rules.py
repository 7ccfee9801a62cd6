# ruff: noqa: E501  (one synthetic sentence per line reads better than wrapped strings)
"""The default codebook's rules do what FRAMES.md's definitions say, one rule per case.

Every sentence below is SYNTHETIC, written for these tests in the register of Council
resolutions; none is a quotation. Each case names the frame rule it checks.
"""

from __future__ import annotations

import pytest

from normtrace.coding.dictionary.apply import code_units
from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.frames import FRAME_CODES

MATCHER = compile_codebook(load_default_codebook())


def _frames(text: str) -> set[str]:
    codes = {code for *_, code, _entry in code_units(MATCHER, [("synthetic/op1", text)])}
    return {frame for frame, members in FRAME_CODES.items() if codes & set(members)}


@pytest.mark.parametrize(
    ("text", "frame", "present"),
    [
        # offensive force: the mission's own offensive or proactive action counts ...
        ("Authorizes the Force to respond robustly to the threat posed by militias", "offensive_force", True),
        ("through proactive military deployment and active patrolling in areas at risk", "offensive_force", True),
        ("to support operations to disarm foreign combatants led by the national army", "offensive_force", True),
        ("decides that the Mission shall include an Intervention Brigade of three battalions", "offensive_force", True),
        # ... calls on parties to stop, mentions, and weapons do not
        ("Demands that all parties abstain from any offensive action during the withdrawal", "offensive_force", False),
        ("Calls for the immediate cessation of all offensive military operations by both sides", "offensive_force", False),
        ("to register all military equipment captured as part of offensive operations", "offensive_force", False),
        ("to ensure that the collected arms are neutralized or destroyed", "offensive_force", False),
        ("Requests a report on the exit strategy of the Intervention Brigade", "offensive_force", False),
        ("to maintain a proactive communications strategy with the population", "offensive_force", False),
        # R2P: the primary responsibility clause counts, the plain caveat does not
        ("to protect civilians, without prejudice to the primary responsibility of the Government to protect its population", "responsibility_to_protect", True),
        ("without prejudice to the responsibility of the Government, to protect civilians under imminent threat", "responsibility_to_protect", False),
        ("to afford protection to civilians, taking into account the responsibilities of the Government", "responsibility_to_protect", False),
    ],
)  # fmt: skip
def test_a_rule_of_the_definitions(text: str, frame: str, present: bool) -> None:
    assert (frame in _frames(text)) is present, (text, _frames(text))
