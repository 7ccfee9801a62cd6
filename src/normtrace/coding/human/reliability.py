"""Intercoder reliability: percent agreement, Cohen's kappa, Krippendorff's alpha (nominal).

Pure functions over a coders x units table of values (``None`` = the coder did
not code that unit). Implemented here from the published definitions:

* Krippendorff's alpha for nominal data with any number of coders and missing
  values, via the coincidence matrix (Krippendorff 2011, "Computing
  Krippendorff's Alpha-Reliability", Annenberg School for Communication,
  Departmental Papers 43): ``alpha = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k``.
* Cohen's kappa for two coders (Cohen 1960, Educational and Psychological
  Measurement 20(1): 37-46): ``(p_o - p_e) / (1 - p_e)`` over units both coded.
* Percent agreement: the share of agreeing pairs of coders over all pairable
  pairs (for two coders, the share of units on which they agree).

Undefined values (no pairable unit, or no variation at all so that expected
disagreement is zero) are returned as ``nan`` rather than a made-up 0 or 1.

>>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
>>> round(krippendorff_alpha_nominal(data), 3)
0.743
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations

Table = Sequence[Sequence[Hashable | None]]


def _units(data: Table) -> list[list[Hashable]]:
    """The pairable values of each unit (units coded by at least two coders)."""
    if not data:
        return []
    width = len(data[0])
    if any(len(row) != width for row in data):
        raise ValueError("every coder's row must have one value per unit (None when missing)")
    columns = ([row[u] for row in data if row[u] is not None] for u in range(width))
    return [values for values in columns if len(values) >= 2]


def coincidences(data: Table) -> dict[tuple[Hashable, Hashable], float]:
    """Krippendorff's coincidence matrix ``o_ck`` over pairable units."""
    matrix: dict[tuple[Hashable, Hashable], float] = {}
    for values in _units(data):
        weight = 1.0 / (len(values) - 1)
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[(c, k)] = matrix.get((c, k), 0.0) + pairs * weight
    return matrix


def krippendorff_alpha_nominal(data: Table) -> float:
    """Krippendorff's alpha for nominal values; ``data[coder][unit]``, ``None`` if missing.

    Returns ``nan`` when there is no pairable unit or all values are the same.
    """
    matrix = coincidences(data)
    totals: dict[Hashable, float] = {}
    for (c, _k), value in matrix.items():
        totals[c] = totals.get(c, 0.0) + value
    n = sum(totals.values())
    observed = sum(v for (c, k), v in matrix.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or expected == 0:
        return math.nan
    return 1.0 - (n - 1) * observed / expected


def cohen_kappa(first: Sequence[Hashable | None], second: Sequence[Hashable | None]) -> float:
    """Cohen's kappa of two coders over the units both coded (``nan`` if undefined)."""
    if len(first) != len(second):
        raise ValueError("both coders need one value per unit (None when missing)")
    pairs = [(a, b) for a, b in zip(first, second, strict=True) if a is not None and b is not None]
    if not pairs:
        return math.nan
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    if expected == 1:
        return math.nan
    return (observed - expected) / (1 - expected)


def percent_agreement(data: Table) -> float:
    """Share of agreeing coder pairs over all pairs within pairable units (``nan`` if none)."""
    agree = total = 0
    for values in _units(data):
        for a, b in combinations(values, 2):
            total += 1
            agree += a == b
    return agree / total if total else math.nan


def pairable_units(data: Table) -> int:
    """How many units at least two coders coded."""
    return len(_units(data))


Spans = Sequence[tuple[int, int]]


def character_alpha(units: Sequence[tuple[int, Mapping[str, Spans]]]) -> float:
    """Passage-level agreement: Krippendorff's alpha (nominal) over characters.

    Each unit is ``(length, {coder: spans})`` for the coders who covered it; every
    character of the unit is one unit of analysis whose value, per coder, is whether a
    span of that coder covers it. This is the nominal alpha above (Krippendorff 2011)
    applied to characters, so two coders who mark overlapping but different passages
    agree on the shared characters only. It is *not* Krippendorff's unitizing alpha
    (alpha_u; Krippendorff 1995, "On the reliability of unitizing continuous data",
    Sociological Methodology 25: 47-76), which also weighs where segments begin and end;
    it equals the nominal alpha of the expanded coders x characters table (a test checks
    this), computed here per run of characters with the same values.

    Returns ``nan`` when no character was covered by two coders, or all values agree
    trivially (every character coded, or none).

    >>> round(character_alpha([(10, {"a": [(0, 5)], "b": [(0, 5)]}),
    ...                        (10, {"a": [(0, 4)], "b": [(2, 6)]})]), 3)
    0.606
    """
    o01 = n0 = n1 = 0.0
    for length, spans in units:
        coders = list(spans)
        if len(coders) < 2 or length <= 0:
            continue
        cuts = {0, length}
        for segs in spans.values():
            for s, e in segs:
                cuts.update((max(0, min(s, length)), max(0, min(e, length))))
        edges = sorted(cuts)
        m = len(coders)
        for a, b in zip(edges, edges[1:], strict=False):
            if b <= a:
                continue
            ones = sum(any(s <= a and b <= e for s, e in spans[c]) for c in coders)
            zeros = m - ones
            w = b - a
            o01 += w * ones * zeros / (m - 1)
            n1 += w * ones
            n0 += w * zeros
    n = n0 + n1
    if n <= 1 or n0 == 0 or n1 == 0:
        return math.nan
    return 1.0 - (n - 1) * o01 / (n0 * n1)
