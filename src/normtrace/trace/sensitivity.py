"""Sensitivity of the posterior to the analyst's probabilities.

Every probability — each P(Eᵢ | H) and, unless ``prior_delta`` is 0, each prior —
is varied within a stated range: the item's own ``range: [low, high]`` from the
ledger when given, else ``value ± delta`` clipped to [0, 1] (default
``delta = 0.1``). Two analyses follow:

* **Posterior ranges.** The posterior of H is increasing in its own prior and
  likelihoods and decreasing in every rival's, so its exact minimum and maximum over
  the whole box of ranges sit at two corners: H's values all low and the rivals'
  all high (minimum), and the reverse (maximum). No sampling is needed.
* **Tornado (one at a time).** Each probability is set to its low and then its high
  end with all others at their point values; the swing of the leading hypothesis'
  posterior and whether the leader changes show which items drive the conclusion.

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

ALGORITHM = "trace.sensitivity_box.v1"
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
        priors = f"priors ±{self.prior_delta:g}" if self.prior_delta else "priors fixed"
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
    """Unnormalised posterior weights with some probabilities overridden."""
    weights = {h: override.get((PRIOR, h), p) for h, p in prior.items()}
    for item_id, likelihoods, _ in items:
        for h in weights:
            weights[h] *= override.get((item_id, h), likelihoods[h])
    return weights


def _bounds(
    prior: Mapping[str, float],
    items: Sequence[SensitivityItem],
    params: Sequence[ParameterRange],
) -> dict[str, tuple[float, float]]:
    low = {(p.item_id, p.hypothesis): p.low for p in params}
    high = {(p.item_id, p.hypothesis): p.high for p in params}
    w_low, w_high = _weights(prior, items, low), _weights(prior, items, high)
    out = {}
    for h in prior:
        rest_low = math.fsum(w for g, w in w_low.items() if g != h)
        rest_high = math.fsum(w for g, w in w_high.items() if g != h)
        top = _share(w_high[h], rest_low)
        bottom = _share(w_low[h], rest_high)
        maximum = 0.0 if top is None else top
        # both corners zero: the rivals are impossible everywhere, so H holds all mass
        minimum = (1.0 if w_high[h] > 0 else 0.0) if bottom is None else bottom
        out[h] = (minimum, maximum)
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
