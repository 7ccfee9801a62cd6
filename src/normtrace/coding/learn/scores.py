"""A code's score against the human labels: precision and recall with 95 % Wilson
intervals, F1 with a 95 % percentile bootstrap interval over targets, except where that
bootstrap gives every resample the same F1: with no true positive (F1 0) or no error (F1 1)
its interval would be a point however few the targets, so there F1's interval is the one
precision's and recall's intervals bound (:func:`~normtrace.coding.intervals.f1_interval_from`;
:attr:`CodeScore.f1_interval_method` says which, and a run stored before is read so).

The one computation behind ``normtrace code validate`` and the dictionary's score that
``normtrace code train`` reports, so the two never disagree on the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from normtrace.coding.intervals import Interval, f1_interval_from, wilson

BOOTSTRAP = 1000
#: :attr:`CodeScore.f1_interval_method`: a percentile bootstrap over the labelled targets
BY_BOOTSTRAP = "bootstrap"
#: :attr:`CodeScore.f1_interval_method`: from precision's and recall's intervals
BY_BOUNDS = "precision and recall bounds"


@dataclass(frozen=True)
class CodeScore:
    """One code scored by one method against the human labels."""

    code: str
    method: str  # dictionary | model
    n: int  # human-labelled targets behind the score
    positives: int
    tp: int
    fp: int
    fn: int
    precision: float | None
    precision_low: float | None
    precision_high: float | None
    recall: float | None
    recall_low: float | None
    recall_high: float | None
    f1: float | None
    f1_low: float | None
    f1_high: float | None
    #: why a method has no score (e.g. the code has too few labels to train)
    note: str = ""
    #: for the model row of a code without a dictionary whose classifier cannot be measured
    #: yet: at least how many more positives and negatives its coders must label
    #: (:func:`~normtrace.coding.learn.split.shortfall`; both 0 when none is asked, and in a
    #: run stored before they were)
    more_positives: int = 0
    more_negatives: int = 0
    #: how F1's interval was found (:data:`BY_BOOTSTRAP`, :data:`BY_BOUNDS`; "" without one)
    f1_interval_method: str = ""

    def __post_init__(self) -> None:
        # a run stored before the rule holds the bootstrap's point where it cannot measure
        if self.f1 is None or self.f1_low is None or self.f1_interval_method:
            return
        how = BY_BOUNDS if bootstrap_is_point(self.tp, self.fp, self.fn) else BY_BOOTSTRAP
        if how == BY_BOUNDS:
            bounds = f1_interval_from(
                Interval(self.precision, self.precision_low, self.precision_high),
                Interval(self.recall, self.recall_low, self.recall_high),
            )
            object.__setattr__(self, "f1_low", bounds.low)
            object.__setattr__(self, "f1_high", bounds.high)
        object.__setattr__(self, "f1_interval_method", how)


def f1_score(tp: int, fp: int, fn: int) -> float | None:
    """F1 from counts (``None`` when there are no positives on either side)."""
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if denom else None


def bootstrap_is_point(tp: int, fp: int, fn: int) -> bool:
    """Whether every bootstrap resample of these targets has the same F1: none of them holds a
    true positive (F1 0), or none an error (F1 1), while F1 is defined."""
    return (tp == 0 or fp + fn == 0) and 2 * tp + fp + fn > 0


def bootstrap_f1(
    truth: np.ndarray[Any, Any],
    pred: np.ndarray[Any, Any],
    *,
    rounds: int = BOOTSTRAP,
    seed: int = 0,
) -> tuple[float | None, float | None]:
    """The 2.5 and 97.5 percentiles of F1 over ``rounds`` resamples of the targets."""
    if truth.size == 0:
        return None, None
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, truth.size, size=(rounds, truth.size))
    t, p = truth[idx], pred[idx]
    tp = (t & p).sum(1)
    denom = 2 * tp + (p & ~t).sum(1) + (t & ~p).sum(1)
    f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), np.nan)
    f1 = f1[~np.isnan(f1)]
    if f1.size == 0:
        return None, None
    return float(np.percentile(f1, 2.5)), float(np.percentile(f1, 97.5))


def score(
    code: str, method: str, truth: list[int], pred: list[int], *, f1_interval: bool = True
) -> CodeScore:
    """Precision, recall, F1 and their intervals of ``pred`` against ``truth`` (without the
    F1's interval, whose bootstrap is the costly part, when ``f1_interval`` is false): F1's
    is the bootstrap's, or where every resample has the same F1 (:func:`bootstrap_is_point`)
    the one precision's and recall's intervals bound.

    >>> s = score("x", "model", [1] * 5 + [0] * 36, [0] * 41)
    >>> s.f1, s.recall_high is not None and round(s.recall_high, 4), round(s.f1_high, 4)
    (0.0, 0.4345, 0.6058)
    >>> s.f1_interval_method
    'precision and recall bounds'
    """
    t = np.array(truth, dtype=bool)
    p = np.array(pred, dtype=bool)
    tp, fp, fn = int((t & p).sum()), int((p & ~t).sum()), int((t & ~p).sum())
    prec, rec = wilson(tp, tp + fp), wilson(tp, tp + fn)
    low, high, how = None, None, ""
    if f1_interval and bootstrap_is_point(tp, fp, fn):
        bounds = f1_interval_from(prec, rec)
        low, high, how = bounds.low, bounds.high, BY_BOUNDS
    elif f1_interval:
        (low, high), how = bootstrap_f1(t, p), BY_BOOTSTRAP
    return CodeScore(
        code, method, int(t.size), int(t.sum()), tp, fp, fn,
        prec.value, prec.low, prec.high, rec.value, rec.low, rec.high,
        f1_score(tp, fp, fn), low, high, f1_interval_method=how,
    )  # fmt: skip


def f1_rows(pred: np.ndarray[Any, Any], truth: np.ndarray[Any, Any]) -> Any:
    """F1 along the last axis (0 where there is nothing to find and nothing found)."""
    tp = (pred & truth).sum(axis=-1)
    wrong = (pred ^ truth).sum(axis=-1)
    denominator = 2 * tp + wrong
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)


def f1_gap_se(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], truth: np.ndarray[Any, Any], *,
    rounds: int, seed: int = 0,
) -> float:  # fmt: skip
    """The standard error of F1(``a``) - F1(``b``), two methods' predictions of the same
    targets against ``truth`` (boolean arrays): a paired bootstrap of ``rounds`` resamples of
    the targets, 50 at a time (which bounds the memory)."""
    rng = np.random.default_rng(seed)
    gaps: list[Any] = []
    for _ in range(0, rounds, 50):
        draws = rng.integers(0, len(truth), size=(50, len(truth)))
        gaps.extend(f1_rows(a[draws], truth[draws]) - f1_rows(b[draws], truth[draws]))
    return float(np.std(gaps, ddof=1))
