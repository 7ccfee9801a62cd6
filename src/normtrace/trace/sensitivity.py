"""Sensitivity of the posterior to the analyst's probabilities.

Every probability — each P(Eᵢ | H) and, unless ``prior_delta`` is 0, each prior —
is varied within a stated range: the item's own ``range: [low, high]`` from the
ledger when given, else ``value ± delta`` clipped to [0, 1] (default
``delta = 0.1``). Priors stay a distribution: every set of priors used sums to 1, so a
prior stated as 0.15 is 0.15 in the computation (not 0.15 beside rivals left at their
point values, which would make it 0.15 / 0.9 = 0.167 after normalising). Two analyses
follow:

* **Posterior ranges.** The posterior of H is increasing in its own likelihoods and
  decreasing in every rival's, so for any priors its extremes over the likelihood box sit
  at two corners: H's values all low and the rivals' all high (minimum), and the
  reverse (maximum). Over the priors — each within its range, together summing to 1 —
  H's minimum takes H's prior as low as the others' ranges allow and gives the rest to
  the rivals whose evidence weighs most against H first (the reverse for the maximum):
  an exact solution of the linear-fractional program, no sampling.
* **Tornado (one at a time).** Each probability is set to its low and then its high
  end with all others at their point values (a prior's rivals rescaled in proportion, so
  the priors still sum to 1); the swing of the leading hypothesis' posterior and whether
  the leader changes show which items drive the conclusion.

The conclusion is *robust* when the leader's minimum exceeds every rival's maximum.

>>> r = analyse({"A": 0.5, "B": 0.5}, [("e", {"A": 0.8, "B": 0.2}, {})], prior_delta=0)
>>> tuple(round(v, 3) for v in r.bounds["A"])
(0.7, 0.9)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from normtrace.trace.inference import posterior_only

#: v2: priors stay a distribution (a varied prior rescales the others; ranges are the exact
#: extremes over priors within ±delta that sum to 1), which moves ranges and the robust verdict
ALGORITHM = "trace.sensitivity_box.v2"
PRIOR = "prior"

# (item id, {hypothesis: P(E|H)}, {hypothesis: (low, high)} for explicit ranges)
SensitivityItem = tuple[str, Mapping[str, float], Mapping[str, tuple[float, float]]]


@dataclass(frozen=True)
class ParameterRange:
    """One varied probability: the item (or ``prior``), the hypothesis and its range."""

    item_id: str
    hypothesis: str
    value: float
    low: float
    high: float
    explicit: bool


@dataclass(frozen=True)
class TornadoBar:
    """The leader's posterior with one probability at its low and at its high end."""

    item_id: str
    hypothesis: str
    low: float
    high: float
    leader_at_low: float | None
    leader_at_high: float | None
    flips: bool

    @property
    def swing(self) -> float:
        """|posterior at high − posterior at low| (0 when either end is undefined)."""
        if self.leader_at_low is None or self.leader_at_high is None:
            return 0.0
        return abs(self.leader_at_high - self.leader_at_low)


@dataclass(frozen=True)
class Sensitivity:
    """Posterior ranges, tornado bars (largest swing first) and whether the leader is robust."""

    leader: str
    posterior: dict[str, float]
    bounds: dict[str, tuple[float, float]]
    parameters: tuple[ParameterRange, ...]
    tornado: tuple[TornadoBar, ...]
    robust: bool
    delta: float
    prior_delta: float
    algorithm: str = ALGORITHM

    def drivers(self, top: int = 5) -> list[tuple[str, float]]:
        """Items ranked by the largest swing any of their probabilities causes."""
        best: dict[str, float] = {}
        for bar in self.tornado:
            best[bar.item_id] = max(best.get(bar.item_id, 0.0), bar.swing)
        return sorted(best.items(), key=lambda kv: -kv[1])[:top]

    def method(self) -> str:
        """A sentence stating how the probabilities were varied."""
        priors = (
            f"priors ±{self.prior_delta:g}, always renormalised to sum to 1 (a tornado bar "
            "sets one prior to the value shown and rescales the others in proportion; the "
            "ranges take the most adverse priors within ±"
            f"{self.prior_delta:g} that sum to 1)"
            if self.prior_delta
            else "priors fixed"
        )
        return (
            f"Each P(E | H) varied within its ledger range, else ±{self.delta:g} clipped "
            f"to [0, 1]; {priors}. Posterior ranges are exact extremes over all joint "
            "variations; tornado bars vary one probability at a time."
        )


def parameter_ranges(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    *,
    delta: float = 0.1,
    prior_delta: float | None = None,
) -> tuple[ParameterRange, ...]:
    """The stated range of every probability (priors first, then items in order)."""
    pd = delta if prior_delta is None else prior_delta
    out = [_range(PRIOR, h, p, None, pd) for h, p in prior.items()] if pd else []
    for item_id, likelihoods, explicit in items:
        out.extend(_range(item_id, h, likelihoods[h], explicit.get(h), delta) for h in prior)
    return tuple(out)


def analyse(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    *,
    delta: float = 0.1,
    prior_delta: float | None = None,
) -> Sensitivity:
    """Posterior ranges and tornado data for ``items`` under ``prior``."""
    pd = delta if prior_delta is None else prior_delta
    params = parameter_ranges(prior, items, delta=delta, prior_delta=pd)
    point = posterior_only(prior, [lk for _, lk, _ in items])
    leader = max(point, key=lambda h: point[h])
    bounds = _bounds(prior, items, params)
    bars = [_bar(prior, items, par, leader) for par in params if par.low != par.high]
    bars.sort(key=lambda b: (-b.swing, not b.flips))
    robust = all(bounds[leader][0] > bounds[h][1] for h in prior if h != leader)
    return Sensitivity(
        leader=leader,
        posterior=point,
        bounds=bounds,
        parameters=params,
        tornado=tuple(bars),
        robust=robust,
        delta=delta,
        prior_delta=pd,
    )


def _range(
    item_id: str, h: str, value: float, explicit: tuple[float, float] | None, delta: float
) -> ParameterRange:
    if explicit is not None:
        return ParameterRange(item_id, h, value, explicit[0], explicit[1], True)
    low, high = max(0.0, value - delta), min(1.0, value + delta)
    return ParameterRange(item_id, h, value, low, high, False)


def _weights(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    override: Mapping[tuple[str, str], float],
) -> dict[str, float]:
    """Unnormalised posterior weights with some probabilities overridden; an overridden
    prior keeps the priors a distribution (:func:`moved_priors`)."""
    weights = dict(prior)
    for h in [h for h in prior if (PRIOR, h) in override]:
        weights = moved_priors(weights, h, override[(PRIOR, h)])
    for item_id, likelihoods, _ in items:
        for h in weights:
            weights[h] *= override.get((item_id, h), likelihoods[h])
    return weights


def moved_priors(prior: Mapping[str, float], h: str, value: float) -> dict[str, float]:
    """The priors with ``h``'s set to ``value`` and the rivals rescaled in proportion so that
    they sum to ``1 - value`` (shared equally when the rivals had no prior weight).

    >>> moved_priors({"A": 0.25, "B": 0.25, "C": 0.5}, "A", 0.15)
    {'A': 0.15, 'B': 0.2833333333333333, 'C': 0.5666666666666667}
    """
    rivals = [g for g in prior if g != h]
    rest = math.fsum(prior[g] for g in rivals)
    out = {h: value}
    for g in rivals:
        out[g] = prior[g] * (1 - value) / rest if rest > 0 else (1 - value) / len(rivals)
    return {g: out[g] for g in prior}


def _bounds(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    params: Sequence[ParameterRange],
) -> dict[str, tuple[float, float]]:
    low = {(p.item_id, p.hypothesis): p.low for p in params if p.item_id != PRIOR}
    high = {(p.item_id, p.hypothesis): p.high for p in params if p.item_id != PRIOR}
    p_low = {p.hypothesis: p.low for p in params if p.item_id == PRIOR}
    p_high = {p.hypothesis: p.high for p in params if p.item_id == PRIOR}
    ones = dict.fromkeys(prior, 1.0)
    # the products of the likelihoods alone, at the two corners
    l_low, l_high = _weights(ones, items, low), _weights(ones, items, high)
    box = {h: (p_low.get(h, p), p_high.get(h, p)) for h, p in prior.items()}
    out = {}
    for h in prior:
        # minimum: H's likelihoods low, the rivals' high; H's prior as low as it can be
        pri = _extreme_priors(box, h, l_high, lowest=True)
        bottom = _share(pri[h] * l_low[h], math.fsum(pri[g] * l_high[g] for g in prior if g != h))
        pri = _extreme_priors(box, h, l_low, lowest=False)
        top = _share(pri[h] * l_high[h], math.fsum(pri[g] * l_low[g] for g in prior if g != h))
        maximum = 0.0 if top is None else top
        # both corners zero: the rivals are impossible everywhere, so H holds all mass
        minimum = (1.0 if pri[h] * l_high[h] > 0 else 0.0) if bottom is None else bottom
        out[h] = (minimum, maximum)
    return out


def _extreme_priors(
    box: Mapping[str, tuple[float, float]],
    h: str,
    rival_weight: Mapping[str, float],
    *,
    lowest: bool,
) -> dict[str, float]:
    """Priors within ``box`` summing to 1 that make H's posterior least (``lowest``) or
    greatest: H's prior at its lowest (greatest) feasible value, the rest given to the
    rivals whose ``rival_weight`` (their likelihood product) is greatest (least) first,
    each up to its range's top. The posterior of H rises with H's prior and falls with
    weight moved to a heavier rival, so this is the exact extreme."""
    rivals = [g for g in box if g != h]
    rivals_low = math.fsum(box[g][0] for g in rivals)
    rivals_high = math.fsum(box[g][1] for g in rivals)
    mine = max(box[h][0], 1 - rivals_high) if lowest else min(box[h][1], 1 - rivals_low)
    out = {h: mine, **{g: box[g][0] for g in rivals}}
    left = max(0.0, 1 - mine - rivals_low)
    for g in sorted(rivals, key=lambda g: rival_weight[g], reverse=lowest):
        extra = min(left, box[g][1] - box[g][0])
        out[g] += extra
        left -= extra
    return out


def _share(mine: float, rest: float) -> float | None:
    total = mine + rest
    return None if total <= 0 else mine / total


def _leader_share(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    key: tuple[str, str],
    value: float,
    leader: str,
) -> tuple[float | None, bool]:
    weights = _weights(prior, items, {key: value})
    total = math.fsum(weights.values())
    if total <= 0:
        return None, False
    top = max(weights, key=lambda h: weights[h])
    return weights[leader] / total, top != leader and weights[top] > weights[leader]


def _bar(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    par: ParameterRange,
    leader: str,
) -> TornadoBar:
    key = (par.item_id, par.hypothesis)
    at_low, flip_low = _leader_share(prior, items, key, par.low, leader)
    at_high, flip_high = _leader_share(prior, items, key, par.high, leader)
    return TornadoBar(
        item_id=par.item_id,
        hypothesis=par.hypothesis,
        low=par.low,
        high=par.high,
        leader_at_low=at_low,
        leader_at_high=at_high,
        flips=flip_low or flip_high,
    )
