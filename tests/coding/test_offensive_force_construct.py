"""The default codebook on the offensive-force construct, phrased anew (SYNTHETIC sentences).

``tests/fixtures/offensive_force_construct.jsonl``: 120 SYNTHETIC sentences in the register of
Council paragraphs, written by one language-model helper from the ``offensive_force`` row of
``../shared/FRAMES.md`` alone (no corpus, codebook or source opened; invented names), 60 meant to
carry the frame across every element of the definition and 60 hard negatives with the same
vocabulary outside it; a second helper labelled them blind from the definition (agreement
120/120). Stability-operations 87b2fb574114 was revised reading all of them, so the floors
below are a regression test of construct coverage, not a measurement: before the revision the
codebook found 46 of 60 (P 0.82, R 0.77), after it 56 (P 0.86, R 0.93); on the 46,314 real
passages of the audit the revision changes nothing (``validation/frames/README.md``).
"""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.construct import construct_score

FIXTURE = Path(__file__).parents[1] / "fixtures" / "offensive_force_construct.jsonl"


def _scores() -> tuple[int, int, int, list[str]]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert row["offensive_force"] == row["coder2"], row["id"]  # only agreed labels
    got = construct_score(rows, "offensive_force", load_default_codebook())
    return got.tp, got.fp, got.fn, [*got.misses, *got.false]


def test_the_construct_phrased_anew_is_found() -> None:
    tp, fp, fn, wrong = _scores()
    assert tp + fn == 60
    assert tp / (tp + fn) >= 0.9, wrong  # 56 of 60 at 87b2fb574114, 57 at 93b3a12a7e20
    assert tp / (tp + fp) >= 0.85, wrong  # 9 false at 87b2fb574114 (brigade mentions), 3 now
