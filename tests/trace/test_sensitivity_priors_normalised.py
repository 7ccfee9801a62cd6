"""The sensitivity analysis moves priors as a distribution (new user F11): a prior stated as
0.15 is 0.15 in the computation, the others summing to 0.85. Checked by brute force over a
grid of priors and every corner of the likelihoods. SYNTHETIC probabilities."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from normtrace.trace.inference import posterior_only
from normtrace.trace.sensitivity import PRIOR, SensitivityItem, analyse, moved_priors

PRIOR4 = {"H1": 0.25, "H2": 0.25, "H3": 0.25, "H4": 0.25}
ITEMS: list[SensitivityItem] = [  # SYNTHETIC likelihoods
    ("E1", {"H1": 0.35, "H2": 0.30, "H3": 0.35, "H4": 0.30}, {}),
    ("E2", {"H1": 0.70, "H2": 0.75, "H3": 0.45, "H4": 0.30}, {}),
    ("E3", {"H1": 0.30, "H2": 0.25, "H3": 0.55, "H4": 0.70}, {"H4": (0.6, 0.75)}),
]


def _grid_priors(prior: dict[str, float], delta: float, step: float = 0.01) -> np.ndarray:
    """Every prior vector on a ``step`` grid with each prior within ±delta (clipped to
    [0, 1]) and the vector summing to 1."""
    hs = list(prior)
    axes = [
        np.round(np.arange(max(0.0, prior[h] - delta), min(1.0, prior[h] + delta) + 1e-9, step), 6)
        for h in hs[:-1]
    ]
    rows = []
    lo_last, hi_last = max(0.0, prior[hs[-1]] - delta), min(1.0, prior[hs[-1]] + delta)
    for combo in itertools.product(*axes):
        last = 1 - sum(combo)
        if lo_last - 1e-9 <= last <= hi_last + 1e-9:
            rows.append([*combo, last])
    return np.array(rows)


def _brute_bounds(
    prior: dict[str, float], items: list[SensitivityItem], delta: float
) -> dict[str, tuple[float, float]]:
    hs = list(prior)
    priors = _grid_priors(prior, delta)
    ends = []  # per (item, hypothesis): its two ends
    for _item_id, lk, explicit in items:
        for h in hs:
            ends.append(explicit.get(h, (max(0.0, lk[h] - delta), min(1.0, lk[h] + delta))))
    out = {h: (1.0, 0.0) for h in hs}
    for corner in itertools.product(*ends):
        lik = np.ones(len(hs))
        for n, value in enumerate(corner):
            lik[n % len(hs)] *= value
        post = priors * lik
        post /= post.sum(axis=1, keepdims=True)
        for i, h in enumerate(hs):
            low, high = out[h]
            out[h] = (min(low, float(post[:, i].min())), max(high, float(post[:, i].max())))
    return out


@pytest.mark.parametrize(
    "prior",
    [PRIOR4, {"H1": 0.4, "H2": 0.1, "H3": 0.2, "H4": 0.3}],
    ids=["equal", "unequal"],
)
def test_posterior_ranges_equal_brute_force_over_priors_that_sum_to_one(
    prior: dict[str, float],
) -> None:
    found = analyse(prior, ITEMS, delta=0.1).bounds
    brute = _brute_bounds(prior, ITEMS, 0.1)
    for h in prior:
        assert found[h] == pytest.approx(brute[h], abs=1e-9), h


def test_tornado_prior_bar_uses_the_stated_prior_with_the_rivals_rescaled() -> None:
    result = analyse(PRIOR4, ITEMS, delta=0.1)
    leader = result.leader
    bars = {(b.item_id, b.hypothesis): b for b in result.tornado}
    for h in PRIOR4:
        bar = bars[(PRIOR, h)]
        assert (bar.low, bar.high) == pytest.approx((0.15, 0.35))
        for end, shown in ((bar.low, bar.leader_at_low), (bar.high, bar.leader_at_high)):
            # by hand: H's prior is the end shown, the three rivals share 1 - end equally
            priors = {g: end if g == h else (1 - end) / 3 for g in PRIOR4}
            assert sum(priors.values()) == pytest.approx(1)
            expected = posterior_only(priors, [lk for _, lk, _ in ITEMS])[leader]
            assert shown == pytest.approx(expected, abs=1e-12)


def test_moved_priors_keep_a_distribution() -> None:
    moved = moved_priors({"A": 0.4, "B": 0.1, "C": 0.5}, "A", 0.3)
    assert moved == pytest.approx({"A": 0.3, "B": 0.7 / 6, "C": 0.7 * 5 / 6})
    assert sum(moved.values()) == pytest.approx(1)


def test_method_says_the_priors_are_renormalised() -> None:
    assert "renormalised to sum to 1" in analyse(PRIOR4, ITEMS, delta=0.1).method()
