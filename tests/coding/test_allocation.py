"""The one allocation and seeded pick of the project's stratified samples
(normtrace.coding.allocation): the validation draw's rule (``shortfall``, coding.sample_draw)
and the web's sample by document type (``largest_remainder``, web.teams) as they were when
each module had its own copy, so a seed recorded before the merge draws the same units.

The two copies as they stood before the merge are kept below, verbatim but for their names,
as the oracles. Strata, sizes and keys here are SYNTHETIC.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.coding.allocation import LARGEST_REMAINDER, SHORTFALL, allocate, seeded_pick
from normtrace.coding.sample_draw import Stratum, pick
from normtrace.web.teams import SAMPLE_FLOOR, stratified_sample


def old_draw_allocate(sizes: Mapping[str, int], budget: int, floor: int = 0) -> dict[str, int]:
    """coding.sample_draw.allocate before the merge (the caller checked the floors fit)."""
    total = sum(sizes.values())
    budget = min(budget, total)
    got = {h: min(floor, n) for h, n in sizes.items()}
    share = {h: budget * n / total for h, n in sizes.items()} if total else {}
    for _ in range(budget - sum(got.values())):
        open_ = [h for h in sorted(sizes) if got[h] < sizes[h]]
        best = max(open_, key=lambda h: share[h] - got[h])
        got[best] += 1
    return got


def old_web_allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """web.teams.allocate before the merge."""
    total = sum(sizes.values())
    n = max(0, min(n, total))
    if n == 0:
        return {s: 0 for s in sizes}
    live = sorted(s for s, size in sizes.items() if size > 0)
    share = {s: n * sizes[s] / total for s in live}
    out = {s: min(sizes[s], int(share[s])) for s in live}
    if n >= len(live):
        for s in live:
            out[s] = max(out[s], 1)
    while sum(out.values()) > n:
        big = max((s for s in live if out[s] > 1), key=lambda s: (out[s] - share[s], out[s], s))
        out[big] -= 1
    for s in sorted(live, key=lambda s: (-(share[s] - int(share[s])), s)):
        if sum(out.values()) >= n:
            break
        if out[s] < sizes[s]:
            out[s] += 1
    while sum(out.values()) < n:
        room = [s for s in live if out[s] < sizes[s]]
        out[room[0]] += 1
    return {s: out.get(s, 0) for s in sizes}


def old_pick(strata: list[tuple[Stratum, list[str]]], seed: int) -> list[tuple[str, str]]:
    """coding.sample_draw.pick before the merge."""
    rng = random.Random(seed)
    drawn: list[tuple[str, str]] = []
    for s, keys in sorted(strata, key=lambda x: x[0].name):
        drawn += [(k, s.name) for k in rng.sample(sorted(keys), s.sampled)]
    rng.shuffle(drawn)
    return drawn


def old_web_sample(frame: Sequence[tuple[str, str]], n: int, seed: int) -> tuple[str, ...]:
    """The keys of web.teams.stratified_sample before the merge."""
    groups: dict[str, list[str]] = {}
    for key, stratum in frame:
        groups.setdefault(stratum, []).append(key)
    counts = old_web_allocate({s: len(keys) for s, keys in sorted(groups.items())}, n)
    rng = random.Random(seed)
    chosen: set[str] = set()
    for stratum in sorted(groups):
        chosen.update(rng.sample(groups[stratum], counts[stratum]))
    return tuple(k for k, _ in frame if k in chosen)


def web(sizes: dict[str, int], n: int) -> dict[str, int]:
    return allocate(sizes, n, SAMPLE_FLOOR, rule=LARGEST_REMAINDER)


SIZES = st.dictionaries(
    st.sampled_from("abcdef"),
    st.one_of(st.integers(0, 3), st.integers(0, 400)),
    min_size=1,
    max_size=6,
)


def test_the_web_samples_numbers_hold() -> None:
    """The numbers the web tests assert (the fixture's 64 resolution paragraphs and 4
    speeches: 5 and 1 of a sample of 6), and web.teams' doctest, under the merged rule."""
    assert web({"resolution": 64, "verbatim": 4}, 6) == {"resolution": 5, "verbatim": 1}
    assert web({"resolution": 30, "verbatim": 70}, 10) == {"resolution": 3, "verbatim": 7}
    assert web({"letter": 1, "verbatim": 99}, 4) == {"letter": 1, "verbatim": 3}
    assert web({"a": 98, "b": 1, "c": 1}, 5) == {"a": 3, "b": 1, "c": 1}
    assert web({"a": 3, "b": 1, "c": 0}, 100) == {"a": 3, "b": 1, "c": 0}
    assert web({"a": 1, "b": 1, "c": 98}, 2) == {"a": 0, "b": 0, "c": 2}  # no room for floors
    assert web({"a": 5}, 0) == {"a": 0}


def test_the_validation_draws_numbers_hold() -> None:
    """sample_draw's doctest, and the genre split of test_sample_draw's 40 of 300."""
    assert allocate({"a": 90, "b": 9, "c": 1}, 20, floor=2) == {"a": 17, "b": 2, "c": 1}
    assert allocate({"a": 3, "b": 100}, 50) == {"a": 1, "b": 49}
    assert allocate({"main": 50, "report": 10}, 20, 2) == {"main": 17, "report": 3}
    assert allocate({"main": 150, "report": 90}, 20, 2) == {"main": 13, "report": 7}


def test_the_rules_part_only_past_the_floors() -> None:
    """Shares 0.8, 4.6, 4.6 of 10: Hamilton's method tops the floored stratum up by its
    share's fraction (0.8, the largest) to 2; the shortfall rule gives that unit to a
    stratum below its share. With no floor both are Hamilton's method."""
    sizes = {"a": 8, "b": 46, "c": 46}
    assert allocate(sizes, 10, 1, rule=SHORTFALL) == {"a": 1, "b": 5, "c": 4}
    assert allocate(sizes, 10, 1, rule=LARGEST_REMAINDER) == {"a": 2, "b": 4, "c": 4}
    assert allocate(sizes, 10) == allocate(sizes, 10, rule=LARGEST_REMAINDER) == {
        "a": 1, "b": 5, "c": 4}  # fmt: skip
    with pytest.raises(ValueError, match="no allocation rule 'hare'.*shortfall"):
        allocate(sizes, 10, rule="hare")  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(SIZES, st.integers(-2, 500))
def test_largest_remainder_with_a_floor_of_one_is_the_webs_old_allocation(
    sizes: dict[str, int], n: int
) -> None:
    got = web(sizes, n)
    assert got == old_web_allocate(sizes, n)
    assert list(got) == list(sizes) and sum(got.values()) == max(0, min(n, sum(sizes.values())))


@settings(max_examples=400, deadline=None)
@given(SIZES, st.integers(0, 500), st.integers(0, 3))
def test_shortfall_is_the_draws_old_allocation_where_its_floors_fit(
    sizes: dict[str, int], n: int, floor: int
) -> None:
    budget = min(n, sum(sizes.values()))
    got = allocate(sizes, n, floor)
    if sum(min(floor, s) for s in sizes.values()) <= budget:  # plan() calls it only then
        assert got == old_draw_allocate(sizes, n, floor)
    else:  # floors that do not fit: none at all, never more than the budget
        assert got == allocate(sizes, n)
    assert sum(got.values()) == budget and all(got[s] <= sizes[s] for s in sizes)


@settings(max_examples=400, deadline=None)
@given(SIZES, st.integers(0, 500))
def test_without_a_floor_the_two_rules_agree(sizes: dict[str, int], n: int) -> None:
    assert allocate(sizes, n) == allocate(sizes, n, rule=LARGEST_REMAINDER)


@pytest.mark.parametrize("seed", [0, 1, 7, 2024, 2**40 + 3])
def test_the_pick_is_each_old_draw(seed: int) -> None:
    """The validation draw's pick (sorted keys, strata by name, shuffled) and the web's sample
    (frame order, not shuffled) draw what their old copies drew."""
    rng = random.Random(seed)
    keys = [f"syn/{i:03}" for i in range(300)]
    rng.shuffle(keys)
    strata = [(Stratum("nohit:main", False, "", 200, 9), keys[:200]),
              (Stratum("hit:report", True, "report", 60, 5), keys[200:260]),
              (Stratum("hit:main", True, "", 40, 4), keys[260:])]  # fmt: skip
    assert pick(strata, seed) == old_pick(strata, seed)
    assert len(set(pick(strata, seed))) == 18
    frame = [(k, "resolution" if i % 5 else "verbatim") for i, k in enumerate(keys)]
    for n in (1, 6, 61, 300):
        assert stratified_sample(frame, n, seed).keys == old_web_sample(frame, n, seed)


def test_seeded_pick_reads_strata_by_name_and_shuffles_only_when_asked() -> None:
    groups = {"b": ["b1", "b2", "b3", "b4"], "a": ["a1", "a2", "a3"]}
    counts = {"a": 2, "b": 2}
    plain = seeded_pick(groups, counts, 5, shuffle=False)
    assert [s for _, s in plain] == ["a", "a", "b", "b"]
    assert plain == seeded_pick({"a": groups["a"], "b": groups["b"]}, counts, 5, shuffle=False)
    mixed = seeded_pick(groups, counts, 5, shuffle=True)
    assert sorted(mixed) == sorted(plain)
    assert [seeded_pick(groups, counts, s, shuffle=True) for s in range(20)].count(mixed) < 20
