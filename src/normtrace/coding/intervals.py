"""Confidence intervals for proportions (precision, recall): the one Wilson score interval.

Every measured proportion normtrace reports — a code's precision from verdicts, a
validation's precision and recall, a codebook's score on the labelled frames set — uses
this function, so the same counts always give the same interval.

>>> i = wilson(8, 10)
>>> (i.value, round(i.low, 4), round(i.high, 4))
(0.8, 0.4902, 0.9433)
>>> wilson(0, 0)
Interval(value=None, low=None, high=None)
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


def wilson(successes: int, n: int, z: float = Z95) -> Interval:
    """The Wilson score interval of ``successes`` out of ``n`` (Wilson 1927)."""
    if n <= 0:
        return Interval(None, None, None)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half))
