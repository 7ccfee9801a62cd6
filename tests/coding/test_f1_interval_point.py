"""F1's 95 % interval is never a point a bootstrap could not help giving (new user 44, finding 2).

A model that finds none of 5 positives got F1 0 [0, 0] beside recall 0 [0, 0.434]: with no true
positive every bootstrap resample has F1 0. Such a score now takes F1's interval from
precision's and recall's intervals (F1 rises with both), as does a score with no error (F1 1,
[1, 1] before), and a run stored with the point interval is read so. The expected figures are
computed here by hand from the Wilson formula's closed forms at 0 and at n successes.

The predictions are SYNTHETIC.
"""

from __future__ import annotations

import math
from dataclasses import asdict

import numpy as np
import pytest

from normtrace.coding.learn.scores import CodeScore, bootstrap_f1, score

Z = 1.959963984540054  # the two-sided 95 % normal quantile


def _wilson_high_at_zero(n: int) -> float:
    """Wilson's upper end for 0 successes of ``n``: z² / (n + z²)."""
    return Z * Z / (n + Z * Z)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r)


def test_no_true_positive_and_nothing_predicted() -> None:
    s = score("sovereignty", "model", [1] * 5 + [0] * 36, [0] * 41)
    assert (s.tp, s.fp, s.fn, s.f1, s.recall) == (0, 0, 5, 0.0, 0.0)
    recall_high = _wilson_high_at_zero(5)  # 3.8415 / 8.8415 = 0.43448
    assert s.recall_high == pytest.approx(recall_high)
    # precision 0/0 is unknown, up to 1: F1 <= 2 * 0.43448 / 1.43448 = 0.60577
    assert s.f1_low == 0.0
    assert s.f1_high == pytest.approx(_f1(1.0, recall_high))
    assert s.f1_high == pytest.approx(0.6058, abs=5e-5)
    assert s.f1_interval_method == "precision and recall bounds"


def test_no_true_positive_with_false_positives() -> None:
    s = score("x", "model", [1] * 5 + [0] * 36, [0] * 5 + [1] * 3 + [0] * 33)
    assert (s.tp, s.fp, s.fn, s.f1) == (0, 3, 5, 0.0)
    p_high, r_high = _wilson_high_at_zero(3), _wilson_high_at_zero(5)  # 0.56150, 0.43448
    assert s.f1_high == pytest.approx(_f1(p_high, r_high))  # 0.48990
    assert s.f1_high == pytest.approx(0.4899, abs=5e-5)
    assert s.f1_low == 0.0


def test_no_error_is_no_certainty_either() -> None:
    s = score("x", "dictionary", [1] * 5 + [0] * 36, [1] * 5 + [0] * 36)
    assert (s.tp, s.fp, s.fn, s.f1) == (5, 0, 0, 1.0)
    low = 5 / (5 + Z * Z)  # Wilson's lower end for 5 of 5: n / (n + z²) = 0.56552
    assert s.f1_low == pytest.approx(low) and s.f1_high == 1.0


def test_elsewhere_the_bootstrap_as_before() -> None:
    truth = [1] * 8 + [0] * 30
    pred = [1] * 5 + [0] * 3 + [1] * 2 + [0] * 28
    s = score("x", "model", truth, pred)
    expected = bootstrap_f1(np.array(truth, dtype=bool), np.array(pred, dtype=bool))
    assert (s.f1_low, s.f1_high) == expected
    assert s.f1_interval_method == "bootstrap"
    assert s.f1_low is not None and s.f1_high is not None and s.f1_low < s.f1_high


def test_a_stored_point_interval_is_read_from_the_bounds() -> None:
    """A validation stored before: its JSON holds the bootstrap's [0, 0]."""
    stored = asdict(score("x", "model", [1] * 5 + [0] * 36, [0] * 41))
    stored.pop("f1_interval_method", None)
    stored.update(f1_low=0.0, f1_high=0.0)
    read = CodeScore(**stored)
    assert read.f1_high == pytest.approx(_f1(1.0, _wilson_high_at_zero(5)))
    assert read.f1_interval_method == "precision and recall bounds"
    # a score without an F1 interval (genre scores) stays without one
    bare = score("x", "model", [1] * 5 + [0] * 36, [0] * 41, f1_interval=False)
    assert (bare.f1_low, bare.f1_high) == (None, None)


def test_hand_computed_figures() -> None:
    """The closed forms above are the Wilson formula's (a guard on the test's own arithmetic)."""
    from normtrace.coding.intervals import wilson

    assert wilson(0, 5).high == pytest.approx(_wilson_high_at_zero(5))
    assert wilson(5, 5).low == pytest.approx(5 / (5 + Z * Z))
    assert math.isclose(_f1(1.0, 0.43448246478317476), 0.6057689451768207)
