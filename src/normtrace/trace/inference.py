"""Bayesian updating over mutually exclusive rival hypotheses, shown step by step.

The posterior after evidence items E₁ … Eₙ is

    P(H | E₁ … Eₙ) ∝ P(H) × ∏ᵢ P(Eᵢ | H)

which holds only under the assumption stated in :data:`INDEPENDENCE_ASSUMPTION`
(the evidence items are conditionally independent given each hypothesis; the
hypotheses are mutually exclusive and together exhaustive). Every output of this
module carries that statement so that a report cannot drop it.

The functions take plain mappings ``{hypothesis id: probability}`` so that they
are testable by hand and independent of YAML files and the store.

>>> result = infer({"H1": 0.5, "H2": 0.5}, [("E1", {"H1": 0.8, "H2": 0.2})])
>>> round(result.posterior["H1"], 3)
0.8
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from normtrace.errors import TraceError

ALGORITHM = "trace.bayes_sequential.v1"

INDEPENDENCE_ASSUMPTION = (
    "The hypotheses are treated as mutually exclusive and jointly exhaustive, and the "
    "evidence items as conditionally independent given each hypothesis: "
    "P(E1 ... En | H) = P(E1 | H) x ... x P(En | H). Where two items rest on the same "
    "text or the same indicator they are not independent, and multiplying their "
    "likelihoods overstates the evidence. normtrace weighs once the items it can tell rest "
    "on one measurement (the same indicator, or indicators reading the same data, over the "
    "same codes of a shared unit; or a coding that an item naming no indicator cites and "
    "another item rests on): derived items are listed as corroborating, a ledger "
    "weighing both is refused; any other dependence it cannot see: merge such items into one."
)

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class UpdateStep:
    """One evidence item applied to the current distribution.

    Attributes:
        item_id: the evidence item.
        prior: the distribution before the item.
        likelihoods: P(E | H) for every hypothesis.
        marginal: P(E) = Σ P(E | H) P(H) under ``prior``.
        likelihood_ratios: P(E | H) / P(E | ¬H) for every hypothesis, where
            ¬H is the prior-weighted mixture of the rivals at this step
            (``math.inf`` when P(E | ¬H) = 0).
        posterior: the distribution after the item.
    """

    item_id: str
    prior: dict[str, float]
    likelihoods: dict[str, float]
    marginal: float
    likelihood_ratios: dict[str, float]
    posterior: dict[str, float]


@dataclass(frozen=True)
class Inference:
    """The result of sequential updating: the steps and the final posterior."""

    prior: dict[str, float]
    steps: tuple[UpdateStep, ...]
    posterior: dict[str, float]
    assumption: str = INDEPENDENCE_ASSUMPTION
    algorithm: str = ALGORITHM

    def leader(self) -> str:
        """The hypothesis with the highest posterior (ties: first in prior order)."""
        return max(self.posterior, key=lambda h: self.posterior[h])


def normalize(weights: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative weights to sum to one.

    Raises:
        TraceError: if a weight is negative or all weights are zero.
    """
    if any(w < 0 or math.isnan(w) for w in weights.values()):
        raise TraceError(f"weights must be non-negative numbers, got {dict(weights)}")
    total = math.fsum(weights.values())
    if total <= 0:
        raise TraceError(
            "every hypothesis has probability 0 after this evidence: the likelihoods "
            "contradict all rivals; check the P(E | H) values of the items"
        )
    return {h: w / total for h, w in weights.items()}


def rival_likelihood(
    hypothesis: str, prior: Mapping[str, float], likelihoods: Mapping[str, float]
) -> float:
    """P(E | ¬H): the prior-weighted mean of the rivals' likelihoods.

    With no rival weight left (all rivals at prior 0) the plain mean of the rivals'
    likelihoods is used, so that the value stays defined.
    """
    rivals = [h for h in prior if h != hypothesis]
    if not rivals:
        raise TraceError("a likelihood ratio needs at least two hypotheses")
    weight = math.fsum(prior[h] for h in rivals)
    if weight <= 0:
        return math.fsum(likelihoods[h] for h in rivals) / len(rivals)
    return math.fsum(prior[h] * likelihoods[h] for h in rivals) / weight


def likelihood_ratio(p_h: float, p_not_h: float) -> float:
    """P(E | H) / P(E | ¬H), with ``inf`` for x/0 and 1.0 for 0/0."""
    if p_not_h == 0:
        return 1.0 if p_h == 0 else math.inf
    return p_h / p_not_h


def update(
    prior: Mapping[str, float], likelihoods: Mapping[str, float], *, item_id: str = "E"
) -> UpdateStep:
    """Apply one evidence item: posterior ∝ prior × P(E | H).

    Raises:
        TraceError: if a hypothesis lacks a likelihood, a value is outside [0, 1],
            or the evidence is impossible under every hypothesis.
    """
    _check_likelihoods(item_id, prior, likelihoods)
    marginal = math.fsum(prior[h] * likelihoods[h] for h in prior)
    if marginal <= 0:
        raise TraceError(
            f"evidence item {item_id!r} has probability 0 under every hypothesis that is "
            "still possible; at least one rival must allow it (P(E | H) > 0)"
        )
    posterior = {h: prior[h] * likelihoods[h] / marginal for h in prior}
    ratios = {
        h: likelihood_ratio(likelihoods[h], rival_likelihood(h, prior, likelihoods)) for h in prior
    }
    return UpdateStep(
        item_id=item_id,
        prior=dict(prior),
        likelihoods={h: float(likelihoods[h]) for h in prior},
        marginal=marginal,
        likelihood_ratios=ratios,
        posterior=posterior,
    )


def infer(
    prior: Mapping[str, float], items: Sequence[tuple[str, Mapping[str, float]]]
) -> Inference:
    """Update ``prior`` by each ``(item id, likelihoods)`` in turn.

    The final posterior does not depend on the order of the items (the steps do).

    >>> r = infer({"A": 0.5, "B": 0.5}, [("e1", {"A": 0.9, "B": 0.3}),
    ...                                 ("e2", {"A": 0.5, "B": 1.0})])
    >>> round(r.posterior["A"], 4)
    0.6
    """
    current = _check_prior(prior)
    steps = []
    for item_id, likelihoods in items:
        step = update(current, likelihoods, item_id=item_id)
        steps.append(step)
        current = step.posterior
    return Inference(prior=dict(_check_prior(prior)), steps=tuple(steps), posterior=current)


def posterior_only(
    prior: Mapping[str, float], items: Sequence[Mapping[str, float]]
) -> dict[str, float]:
    """The final posterior in one product (no steps); 0/0 raises like :func:`update`."""
    weights = dict(_check_prior(prior))
    for likelihoods in items:
        for h in weights:
            weights[h] *= likelihoods[h]
    return normalize(weights)


def _check_prior(prior: Mapping[str, float]) -> dict[str, float]:
    if len(prior) < 2:
        raise TraceError(f"inference needs at least two rival hypotheses, got {list(prior)}")
    if any(not 0 <= p <= 1 for p in prior.values()):
        raise TraceError(f"priors must lie in [0, 1], got {dict(prior)}")
    total = math.fsum(prior.values())
    if abs(total - 1) > 1e-6:
        raise TraceError(f"priors must sum to 1, they sum to {total:.6f}: {dict(prior)}")
    return {h: p / total for h, p in prior.items()}


def _check_likelihoods(
    item_id: str, prior: Mapping[str, float], likelihoods: Mapping[str, float]
) -> None:
    missing = [h for h in prior if h not in likelihoods]
    if missing:
        raise TraceError(f"evidence item {item_id!r} gives no P(E | H) for {missing}")
    extra = [h for h in likelihoods if h not in prior]
    if extra:
        raise TraceError(
            f"evidence item {item_id!r} names unknown hypotheses {extra}; valid: {list(prior)}"
        )
    bad = {h: p for h, p in likelihoods.items() if not (-_TOLERANCE <= p <= 1 + _TOLERANCE)}
    if bad:
        raise TraceError(f"evidence item {item_id!r}: P(E | H) must lie in [0, 1], got {bad}")
