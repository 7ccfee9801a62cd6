"""A code's score against the human labels: precision and recall with 95 % Wilson
intervals, F1 with a 95 % percentile bootstrap interval over targets.

The one computation behind ``normtrace code validate`` and the dictionary's score that
``normtrace code train`` reports, so the two never disagree on the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from normtrace.coding.intervals import wilson

BOOTSTRAP = 1000


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


def f1_score(tp: int, fp: int, fn: int) -> float | None:
    """F1 from counts (``None`` when there are no positives on either side)."""
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if denom else None


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
    F1's bootstrap interval, the costly part, when ``f1_interval`` is false)."""
    t = np.array(truth, dtype=bool)
    p = np.array(pred, dtype=bool)
    tp, fp, fn = int((t & p).sum()), int((p & ~t).sum()), int((t & ~p).sum())
    prec, rec = wilson(tp, tp + fp), wilson(tp, tp + fn)
    low, high = bootstrap_f1(t, p) if f1_interval else (None, None)
    return CodeScore(
        code, method, int(t.size), int(t.sum()), tp, fp, fn,
        prec.value, prec.low, prec.high, rec.value, rec.low, rec.high,
        f1_score(tp, fp, fn), low, high,
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
