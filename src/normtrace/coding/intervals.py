"""Confidence intervals for proportions (precision, recall): the one Wilson score interval;
and F1's interval from precision's and recall's where a bootstrap cannot measure it.

Every measured proportion normtrace reports — a code's precision from verdicts, a
validation's precision and recall, a codebook's score on the labelled frames set — uses
this function, so the same counts always give the same interval.

>>> i = wilson(8, 10)
>>> (i.value, round(i.low, 4), round(i.high, 4))
(0.8, 0.4902, 0.9433)
>>> wilson(0, 0)
Interval(value=None, low=None, high=None)

F1 is the harmonic mean of precision and recall, increasing in each. Where a percentile
bootstrap of F1 over the labelled targets gives every resample the same F1 (no true positive:
F1 0 in every resample; no error: F1 1 in every resample) its interval is a point, which says
nothing about the uncertainty. There :func:`f1_interval_from` bounds F1 by the harmonic means
of precision's and recall's interval ends; for a model that finds none of 5 positives and
marks nothing else, recall 0/5 (95 % interval up to 0.4345) and precision unknown (0/0, so up
to 1):

>>> i = f1_interval_from(wilson(0, 0), wilson(0, 5))
>>> (round(i.low, 4), round(i.high, 4))
(0.0, 0.6058)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: the standard normal quantile of a two-sided 95 % interval
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A proportion with its 95 % interval (all ``None`` when nothing was observed)."""

    value: float | None
    low: float | None
    high: float | None


def wilson(successes: float, n: float, z: float = Z95) -> Interval:
    """The Wilson score interval of ``successes`` out of ``n`` (Wilson 1927; ``n`` may be an
    effective sample size, ``successes`` its weighted count)."""
    if n <= 0:
        return Interval(None, None, None)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half))


def harmonic(a: float, b: float) -> float:
    """F1 of precision ``a`` and recall ``b``: their harmonic mean (0 when either is 0)."""
    return 2 * a * b / (a + b) if a > 0 and b > 0 else 0.0


def f1_interval_from(precision: Interval, recall: Interval) -> Interval:
    """F1 of ``precision`` and ``recall`` with the interval their intervals' ends bound: F1
    rises with each, so while precision and recall lie in their intervals F1 lies between
    the harmonic mean of their lows and that of their highs. A proportion of nothing observed
    (``value`` ``None``: precision when nothing was predicted) lies anywhere in [0, 1].

    How sure: the high end is wrong only when precision or recall lies above its interval,
    the low end only when one lies below its interval (each about 2.5 % of the time for a
    95 % Wilson interval, which is approximate with few observations). Where one end is
    certain (with no true positive the low end is 0; with no error the high end is 1) the
    interval is wrong at most as often as the other end, about 5 %: a 95 % interval. With
    both ends uncertain it may be wrong twice as often, so
    :func:`~normtrace.coding.learn.scores.score` uses it only where a bootstrap of F1 is a
    point.
    The value is ``None`` when neither proportion has a value (nothing to find, nothing found).

    >>> f1_interval_from(wilson(5, 5), wilson(5, 5)).value
    1.0
    >>> round(f1_interval_from(wilson(5, 5), wilson(5, 5)).low, 4)
    0.5655
    """

    def ends(i: Interval) -> tuple[float, float]:
        if i.value is None or i.low is None or i.high is None:
            return 0.0, 1.0
        return i.low, i.high

    (p_low, p_high), (r_low, r_high) = ends(precision), ends(recall)
    if precision.value is None and recall.value is None:
        value = None
    else:
        value = harmonic(precision.value or 0.0, recall.value or 0.0)
    return Interval(value, harmonic(p_low, r_low), harmonic(p_high, r_high))
