"""The weighted (stratified) estimate of a codebook's error on a pool, against hand counts.

Synthetic rows (keys like ``syn/..``), not real paragraphs.
"""

from __future__ import annotations

import pytest

from normtrace.evaluate.frames import LabelledSetError
from normtrace.evaluate.stratified import estimate


def _row(key: str, stratum: str, weight: float, gold: bool, got: bool) -> dict[str, object]:
    return {"key": key, "stratum": stratum, "weight": weight,
            "frames": ["poc"] if gold else [], "got": ["poc"] if got else []}  # fmt: skip


def test_weighted_counts_match_a_hand_computation() -> None:
    # census of the 4 coded paragraphs: 3 right, 1 wrong; 5 of 50 uncoded drawn (weight 10),
    # one of them a positive: the pool holds an estimated 10 missed positives.
    rows = [_row(f"syn/h{i}", "hit", 1.0, gold=i < 3, got=True) for i in range(4)]
    rows += [_row(f"syn/n{i}", "rest", 10.0, gold=i == 0, got=False) for i in range(5)]
    s = estimate(rows, ("poc",), draws=500)["poc"]
    assert (s.tp, s.fp, s.fn) == (3.0, 1.0, 10.0)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(3 / 13)
    assert s.f1 == pytest.approx(2 * 0.75 * (3 / 13) / (0.75 + 3 / 13))
    assert s.sample_gold == 4 and s.sample_coded == 4
    assert s.false_negatives == ("syn/n0",) and s.false_positives == ("syn/h3",)
    # recall's interval holds the estimate and is wide: one sampled miss stands for ten
    low, high = s.recall_95ci
    assert low <= s.recall <= high and high - low > 0.3
    # precision is measured on a census of the coded paragraphs: no sampling error
    assert s.precision_95ci == pytest.approx((0.75, 0.75))


def test_a_censuss_misses_bound_recall_and_few_sampled_misses_widen_it() -> None:
    # 8 found and 2 missed in a census stratum: recall can be at most 0.8 whatever the sample
    rows = [_row(f"syn/c{i}", "census", 1.0, gold=True, got=i < 8) for i in range(10)]
    # no miss among 40 sampled of 400 uncoded paragraphs: some could still be there
    rows += [_row(f"syn/s{i}", "sample", 10.0, gold=False, got=False) for i in range(40)]
    s = estimate(rows, ("poc",), draws=4000)["poc"]
    assert s.recall == pytest.approx(0.8)
    low, high = s.recall_95ci
    assert high <= 0.8 + 1e-9 and low < 0.5  # Jeffreys: 0 of 40 allows ~6 % misses, 24 here
    # one sampled miss of 40 (weight 10): far wider below than a naive ±, never above 8/10
    rows[-1] = _row("syn/s39", "sample", 10.0, gold=True, got=False)
    s = estimate(rows, ("poc",), draws=4000)["poc"]
    assert s.recall == pytest.approx(8 / 20) and s.recall_95ci[1] <= 0.8 + 1e-9
    assert s.recall_95ci[0] < 0.25


def test_unweighted_rows_equal_the_plain_counts() -> None:
    cases = [(True, True), (True, False), (False, True), (False, False)]
    rows = [_row(f"syn/{i}", "all", 1.0, g, c) for i, (g, c) in enumerate(cases)]
    s = estimate(rows, ("poc",), draws=100)["poc"]
    assert (s.tp, s.fp, s.fn) == (1.0, 1.0, 1.0)
    assert s.defined


def test_nothing_to_score_and_missing_weights() -> None:
    rows = [_row("syn/a", "rest", 3.0, False, False)]
    assert not estimate(rows, ("poc",), draws=50)["poc"].defined
    with pytest.raises(LabelledSetError, match="no 'weight' or 'stratum'"):
        estimate([{"key": "syn/x", "frames": [], "got": []}], ("poc",))


def test_every_interval_holds_its_point_estimate() -> None:
    """One coded positive (a census) and one sampled miss that stands for ten: every sampled
    row is a miss, Jeffreys' prior pulls the draws' share of misses below 1 and so every draw's
    recall above the weighted point (1/11); the interval is widened to hold it."""
    rows = [
        {"key": "h", "stratum": "hit", "weight": 1.0, "frames": ["poc"], "got": ["poc"]},
        {"key": "m", "stratum": "rest", "weight": 10.0, "frames": ["poc"], "got": []},
    ]
    s = estimate(rows, ("poc",), draws=500)["poc"]
    assert round(s.recall, 3) == 0.091
    for point, (low, high) in ((s.precision, s.precision_95ci), (s.recall, s.recall_95ci),
                               (s.f1, s.f1_95ci)):  # fmt: skip
        assert low <= point <= high
