"""Weigh a case's evidence ledger against a hypothesis set: the pure core of ``normtrace trace``.

:func:`trace_case` combines the ledger, the Van Evera test types, the step-by-step
posteriors and the sensitivity analysis into one :class:`CaseTrace` whose
:meth:`~CaseTrace.evidence_table`, :meth:`~CaseTrace.steps_table` and
:meth:`~CaseTrace.posterior_table` are plain rows for printing, CSV and HTML: what the
tables compute is rounded to 6 decimals where they write it (a probability's sensitivity
range too: 0.3 - 0.1 is written 0.2, not 0.19999999999999998), what the ledger gives is
written as given, and every computation keeps full precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from normtrace.errors import TraceError
from normtrace.trace.hypotheses import HypothesisSet
from normtrace.trace.inference import Inference, infer, posterior_only
from normtrace.trace.ledger import Ledger
from normtrace.trace.overlap import check_independent
from normtrace.trace.sensitivity import Sensitivity, SensitivityItem, analyse
from normtrace.trace.vanevera import CERTAIN, UNIQUE, TestType, item_test_types

#: why an item's likelihood ratio in the evidence table and in the step table differ
LR_NOTE = (
    "An item's likelihood ratio in the evidence table (and its test type) sets P(E | H) against "
    "P(E | not H) with the rivals weighted by their priors; the step table's ratio weights "
    "them as they stand before that step (the factor by which the step changes H's odds "
    "against its rivals), so the two differ once earlier items have moved the rivals apart."
)


@dataclass(frozen=True)
class CaseTrace:
    """Everything ``normtrace trace CASE`` shows, as values."""

    case: str
    hypotheses: HypothesisSet
    ledger: Ledger
    test_types: dict[str, dict[str, TestType]]
    inference: Inference
    sensitivity: Sensitivity

    def evidence_table(self) -> list[dict[str, Any]]:
        """One row per item and hypothesis: P(E | H), P(E | ¬H), LR, test type, reason, and
        the item's own flags: the measured error of the codes it rests on and whether one is
        unvalidated (``None``: it rests on no code), its units outside the case window."""
        rows = []
        for item in self.ledger.items:
            flags = {
                "measured_error": "; ".join(f"{m.code}: {m.text}" for m in item.measured),
                "unvalidated": item.unvalidated,
                "outside_window": "; ".join(o.text() for o in item.outside),
            }
            for h in self.hypotheses.ids:
                tt = self.test_types[item.id][h]
                rows.append(
                    {
                        "item": item.id,
                        "kind": item.kind,
                        "hypothesis": h,
                        "p_e_h": item.likelihoods[h].p,
                        "p_e_not_h": round(tt.p_e_not_h, 6),
                        "likelihood_ratio": _finite(tt.likelihood_ratio),
                        "test_type": tt.label,
                        "justification": item.likelihoods[h].justification,
                        "units": " ".join(u.key for u in item.units),
                        **flags,
                    }
                )
        return rows

    def movers(self) -> list[dict[str, Any]]:
        """How far each item moved the leader's final posterior: the posterior with every
        item against the one without this item (order-free, unlike a step's change), largest
        move first. ``likelihood_ratio`` is the item's ratio for the leader as the evidence
        table gives it (rivals weighted by their priors)."""
        leader = self.sensitivity.leader
        priors = self.hypotheses.priors
        now = self.inference.posterior[leader]
        rows = []
        for item in self.ledger.items:
            rest = [i.probabilities() for i in self.ledger.items if i.id != item.id]
            without = posterior_only(priors, rest)[leader] if rest else priors[leader]
            rows.append({
                "item": item.id, "hypothesis": leader, "posterior": round(now, 6),
                "posterior_without": round(without, 6), "moved": round(now - without, 6),
                "likelihood_ratio": _finite(self.test_types[item.id][leader].likelihood_ratio),
            })  # fmt: skip
        return sorted(rows, key=lambda r: (-abs(r["moved"]), r["item"]))

    def steps_table(self) -> list[dict[str, Any]]:
        """One row per step and hypothesis: prior, P(E | H), LR and posterior at that step."""
        rows = []
        for n, step in enumerate(self.inference.steps, start=1):
            for h in self.hypotheses.ids:
                rows.append(
                    {
                        "step": n,
                        "item": step.item_id,
                        "hypothesis": h,
                        "prior": round(step.prior[h], 6),
                        "p_e_h": step.likelihoods[h],
                        "likelihood_ratio": _finite(step.likelihood_ratios[h]),
                        "posterior": round(step.posterior[h], 6),
                    }
                )
        return rows

    def posterior_table(self) -> list[dict[str, Any]]:
        """One row per hypothesis: prior, posterior, and its sensitivity range."""
        rows = []
        for hyp in self.hypotheses.hypotheses:
            low, high = self.sensitivity.bounds[hyp.id]
            rows.append(
                {
                    "hypothesis": hyp.id,
                    "label": hyp.label,
                    "prior": hyp.prior,
                    "posterior": round(self.inference.posterior[hyp.id], 6),
                    "posterior_min": round(low, 6),
                    "posterior_max": round(high, 6),
                }
            )
        return rows

    def tornado_table(self) -> list[dict[str, Any]]:
        """The sensitivity tornado rows (largest swing of the leader's posterior first)."""
        return [
            {
                "item": bar.item_id,
                "hypothesis": bar.hypothesis,
                "low": round(bar.low, 6),
                "high": round(bar.high, 6),
                "leader": self.sensitivity.leader,
                "leader_posterior": round(self.sensitivity.posterior[self.sensitivity.leader], 6),
                "leader_posterior_at_low": _round(bar.leader_at_low),
                "leader_posterior_at_high": _round(bar.leader_at_high),
                "swing": round(bar.swing, 6),
                "leader_changes": bar.flips,
            }
            for bar in self.sensitivity.tornado
        ]

    def verdict(self) -> str:
        """One sentence: the leading hypothesis (and any tie), its range, and robustness."""
        sens, post = self.sensitivity, self.inference.posterior
        leader = sens.leader
        tied = [h for h in post if h != leader and abs(post[h] - post[leader]) <= 1e-9]
        low, high = sens.bounds[leader]
        tie = f", tied with {', '.join(tied)}" if tied else ""
        robust = (
            "Robust: its minimum exceeds every rival's maximum."
            if sens.robust
            else "Not robust: within the stated ranges a rival can match or overtake it."
        )
        return (
            f"Leading hypothesis: {leader} (posterior {post[leader]:.3f}, range "
            f"{low:.3f}-{high:.3f}){tie}. {robust}"
        )

    def notes(self) -> list[str]:
        """The assumptions and thresholds a reader must see next to the numbers."""
        manual = [i.id for i in self.ledger.items if i.is_manual]
        out = [
            self.inference.assumption,
            f"Test types follow from the probabilities: certain when P(X | H) >= {CERTAIN:g}, "
            f"unique when P(X | not H) <= {1 - UNIQUE:g}, where X is H's prediction and "
            "not H the prior-weighted mixture of the rivals.",
            self.sensitivity.method(),
        ]
        if manual:
            out.append(f"Manual items (entered by the analyst, not computed): {', '.join(manual)}.")
        out.append(LR_NOTE)
        out += [
            f"{i.id} cites units outside the case window: "
            + "; ".join(o.text() for o in i.outside)
            + " (weighed as given: say why it bears on this case, or leave it out)."
            for i in (*self.ledger.items, *self.ledger.corroborating)
            if i.outside
        ]
        out += [
            f"Not weighed: {c.id} corroborates {c.corroborates} ({c.why})."
            for c in self.ledger.corroborating
        ]
        return out


def trace_case(
    hypotheses: HypothesisSet,
    ledger: Ledger,
    *,
    delta: float = 0.1,
    prior_delta: float | None = None,
) -> CaseTrace:
    """Weigh ``ledger`` against ``hypotheses``.

    Args:
        hypotheses: the rival hypotheses with their priors.
        ledger: the evidence items (validated against ``hypotheses``).
        delta: half-width of the default sensitivity range of each probability.
        prior_delta: half-width for the priors (default ``delta``; 0 keeps them fixed).

    Raises:
        TraceError: if the ledger is empty, its probabilities are contradictory, or it
            weighs two items resting on one measurement of the same units
            (:func:`normtrace.trace.overlap.check_independent`).
    """
    if not ledger.items:
        raise TraceError(
            f"the evidence ledger of {ledger.case or 'this case'} has no items; "
            "add evidence items before weighing the hypotheses"
        )
    check_independent(ledger)
    priors = hypotheses.priors
    items = [(i.id, i.probabilities()) for i in ledger.items]
    sens_items: list[SensitivityItem] = [
        (i.id, i.probabilities(), _explicit_ranges(i.likelihoods)) for i in ledger.items
    ]
    return CaseTrace(
        case=ledger.case,
        hypotheses=hypotheses,
        ledger=ledger,
        test_types={i: item_test_types(lk, priors) for i, lk in items},
        inference=infer(priors, items),
        sensitivity=analyse(priors, sens_items, delta=delta, prior_delta=prior_delta),
    )


def _explicit_ranges(likelihoods: dict[str, Any]) -> dict[str, tuple[float, float]]:
    return {
        h: (lk.low, lk.high)
        for h, lk in likelihoods.items()
        if lk.low is not None and lk.high is not None
    }


def _finite(value: float) -> float | str:
    return "inf" if value == float("inf") else round(value, 6)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
