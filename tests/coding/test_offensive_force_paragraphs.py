"""The default codebook on whole SYNTHETIC Council paragraphs that carry the offensive-force
construct in new wording (``tests/fixtures/offensive_force_paragraphs.jsonl``).

160 SYNTHETIC paragraphs written by one language-model helper from the ``offensive_force`` row
of ``../shared/FRAMES.md`` alone, labelled blind by a second (160 of 160 agreed); 56 of the 80
positives avoid every phrase the definition quotes. Stability-operations 93b3a12a7e20 was
written reading the errors of the ``dev`` half only, so the ``test`` half's floors below are the
revision's measured score there (P 0.95, R 0.50), kept as a regression floor; recall on wording
outside the Council's vocabulary of force is low, and the fixture's README says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.construct import construct_score

FIXTURE = Path(__file__).parents[1] / "fixtures" / "offensive_force_paragraphs.jsonl"


def _counts(part: str) -> tuple[int, int, int]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert row["offensive_force"] == row["coder2"], row["id"]  # only agreed labels
    half = [row for row in rows if row["part"] == part]
    got = construct_score(half, "offensive_force", load_default_codebook())
    return got.tp, got.fp, got.fn


@pytest.mark.parametrize("part", ["dev", "test"])
def test_paragraphs_in_new_wording_keep_their_floor(part: str) -> None:
    tp, fp, fn = _counts(part)
    assert tp + fn == 40
    assert tp / (tp + fp) >= 0.9  # 0.95 on each half at 93b3a12a7e20 (0.75 / 0.83 before)
    assert tp / (tp + fn) >= 0.45  # 0.48 (dev) and 0.50 (test); 0.38 / 0.50 before


def test_mere_mentions_of_a_brigade_are_not_coded() -> None:
    book = load_default_codebook()
    matcher = compile_codebook(book)
    brigade = "intervention_brigade"
    mention = (  # SYNTHETIC
        "Expresses its gratitude to the States that contribute troops to the Intervention "
        "Brigade, and requests that the rotation of its battalions take place without gaps;"
    )
    task = (  # SYNTHETIC
        "Decides to extend the Intervention Brigade within the Force for a further year, "
        "with the tasks set out in paragraph 4 above;"
    )
    assert brigade not in {span.code for span in matcher.match(mention)}
    for other in (  # SYNTHETIC: 'including' and 'maintaining' of a mention (second reading)
        "Expresses its gratitude to troop-contributing countries, including those of the "
        "Intervention Brigade, for their commitment;",
        "Notes the costs of maintaining the Intervention Brigade and requests the "
        "Secretary-General to report on them;",
    ):
        assert brigade not in {span.code for span in matcher.match(other)}, other
    assert brigade in {span.code for span in matcher.match(task)}
