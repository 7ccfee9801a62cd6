"""Stratified random sampling: how many to draw from each stratum, and the seeded draw itself.

The one primitive behind both samples of the project: the validation draw of a code
(:mod:`normtrace.coding.sample_draw`, ``normtrace code sample`` and the Assignments page's
"Validation draw for a code") and the web's random sample of units stratified by document type
(:mod:`normtrace.web.teams`, "Random sample of N").

:func:`allocate` spreads a budget over strata in proportion to their sizes, each stratum first
given a floor when every floor fits. Beyond the floors the two samples apportion by two rules,
kept as they were when they were written separately, so that a recorded seed draws the same
units again:

* :data:`SHORTFALL` (the validation draw): each further unit goes to the stratum furthest below
  its proportional share ``budget * size / total``, ties by name;
* :data:`LARGEST_REMAINDER` (the web's sample by document type): Hamilton's method. Each
  stratum gets the whole part of its share, a stratum below its floor is raised to it (the
  units taken back from the strata most above their shares), then the units left go one each
  to the largest fractional parts of the shares, ties by name.

With no floor the two rules agree (both are Hamilton's method). With floors they can part: a
small stratum raised to its floor of one still ranks by its share's fraction under
:data:`LARGEST_REMAINDER` and may get a second unit its share does not reach, where
:data:`SHORTFALL` gives it to a stratum below its share.

:func:`seeded_pick` draws each stratum's units by simple random sampling without replacement,
one ``random.Random(seed)`` over the strata in the order of their names, then, when asked,
shuffles the drawn units into one interleaved order (the validation draw's coding order).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Literal

__all__ = ["LARGEST_REMAINDER", "RULES", "SHORTFALL", "Rule", "allocate", "seeded_pick"]

Rule = Literal["shortfall", "largest_remainder"]
#: each unit past the floors to the stratum furthest below its share (the validation draw)
SHORTFALL: Rule = "shortfall"
#: Hamilton's method with floors (the web's sample by document type)
LARGEST_REMAINDER: Rule = "largest_remainder"
RULES: tuple[Rule, ...] = (SHORTFALL, LARGEST_REMAINDER)


def allocate(
    sizes: Mapping[str, int], budget: int, floor: int = 0, *, rule: Rule = SHORTFALL
) -> dict[str, int]:
    """``budget`` units spread over strata of ``sizes`` in proportion to size, never more than
    a stratum holds (``budget`` above the total takes every unit). Each stratum gets at least
    ``min(floor, size)`` when those floors fit in the budget; when they do not, no stratum has
    a floor. ``rule`` apportions the rest (:data:`SHORTFALL` or :data:`LARGEST_REMAINDER`, the
    module doc). The result keeps the order of ``sizes``.

    >>> allocate({"a": 90, "b": 9, "c": 1}, 20, floor=2)
    {'a': 17, 'b': 2, 'c': 1}
    >>> allocate({"resolution": 30, "verbatim": 70}, 10, 1, rule=LARGEST_REMAINDER)
    {'resolution': 3, 'verbatim': 7}
    >>> sizes = {"a": 8, "b": 46, "c": 46}
    >>> allocate(sizes, 10, 1), allocate(sizes, 10, 1, rule=LARGEST_REMAINDER)
    ({'a': 1, 'b': 5, 'c': 4}, {'a': 2, 'b': 4, 'c': 4})

    Raises:
        ValueError: a ``rule`` that is not one of :data:`RULES`.
    """
    if rule not in RULES:
        raise ValueError(f"no allocation rule {rule!r}: give one of {', '.join(RULES)}")
    total = sum(sizes.values())
    budget = max(0, min(budget, total))
    floors = {s: min(floor, n) for s, n in sizes.items()}
    if sum(floors.values()) > budget:
        floors = dict.fromkeys(sizes, 0)
    share = {s: budget * n / total for s, n in sizes.items()} if total else {}
    if rule == SHORTFALL:
        return _shortfall(sizes, budget, floors, share)
    return _largest_remainder(sizes, budget, floors, share)


def _shortfall(
    sizes: Mapping[str, int], budget: int, floors: dict[str, int], share: Mapping[str, float]
) -> dict[str, int]:
    got = dict(floors)
    for _ in range(budget - sum(got.values())):
        open_ = [s for s in sorted(sizes) if got[s] < sizes[s]]
        best = max(open_, key=lambda s: share[s] - got[s])  # the first of equals: by name
        got[best] += 1
    return got


def _largest_remainder(
    sizes: Mapping[str, int], budget: int, floors: dict[str, int], share: Mapping[str, float]
) -> dict[str, int]:
    if budget == 0:
        return dict.fromkeys(sizes, 0)
    live = sorted(s for s, n in sizes.items() if n > 0)
    out = {s: max(min(sizes[s], int(share[s])), floors[s]) for s in live}
    while sum(out.values()) > budget:  # the floors took units from the largest strata
        big = max(
            (s for s in live if out[s] > floors[s]), key=lambda s: (out[s] - share[s], out[s], s)
        )
        out[big] -= 1
    for s in sorted(live, key=lambda s: (-(share[s] - int(share[s])), s)):
        if sum(out.values()) >= budget:
            break
        if out[s] < sizes[s]:
            out[s] += 1
    while sum(out.values()) < budget:  # strata full: give the rest where there is room
        room = [s for s in live if out[s] < sizes[s]]
        out[room[0]] += 1
    return {s: out.get(s, 0) for s in sizes}


def seeded_pick(
    groups: Mapping[str, Sequence[str]], counts: Mapping[str, int], seed: int, *, shuffle: bool
) -> list[tuple[str, str]]:
    """``counts[name]`` units of each stratum ``name`` of ``groups`` (its units in the order
    given), drawn by a ``random.Random(seed)`` over the strata in the order of their names,
    each with its stratum; ``shuffle``: the drawn then shuffled by the same generator (strata
    interleaved), else in the order drawn. The same groups, counts and seed, the same draw.

    >>> groups = {"b": ["b1", "b2", "b3"], "a": ["a1", "a2"]}
    >>> one = seeded_pick(groups, {"a": 1, "b": 2}, 7, shuffle=False)
    >>> [s for _, s in one], one == seeded_pick(dict(reversed(groups.items())),
    ...                                         {"a": 1, "b": 2}, 7, shuffle=False)
    (['a', 'b', 'b'], True)
    """
    rng = random.Random(seed)
    drawn: list[tuple[str, str]] = []
    for name in sorted(groups):
        drawn += [(k, name) for k in rng.sample(list(groups[name]), counts[name])]
    if shuffle:
        rng.shuffle(drawn)
    return drawn
