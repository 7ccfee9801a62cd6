"""Sensitivity analysis (hand-computed corners, property: bounds hold) and trace_case tables."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.errors import TraceError
from normtrace.trace.case import trace_case
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.inference import posterior_only
from normtrace.trace.ledger import Ledger, load_ledger, parse_ledger
from normtrace.trace.sensitivity import SensitivityItem, analyse, parameter_ranges

LEDGER = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "ledger-synthetic.yaml"


def test_bounds_by_hand_two_hypotheses() -> None:
    # P(E|A) in [0.7, 0.9], P(E|B) in [0.1, 0.3], priors fixed at 0.5:
    # min A = 0.7 / (0.7 + 0.3) = 0.7 ; max A = 0.9 / (0.9 + 0.1) = 0.9
    r = analyse({"A": 0.5, "B": 0.5}, [("e", {"A": 0.8, "B": 0.2}, {})], prior_delta=0)
    assert r.bounds["A"] == pytest.approx((0.7, 0.9))
    assert r.bounds["B"] == pytest.approx((0.1, 0.3))
    assert r.leader == "A" and r.robust


def test_explicit_ranges_and_clipping() -> None:
    params = parameter_ranges(
        {"A": 0.5, "B": 0.5}, [("e", {"A": 0.95, "B": 0.05}, {"A": (0.6, 1.0)})], delta=0.1
    )
    by_key = {(p.item_id, p.hypothesis): (p.low, p.high, p.explicit) for p in params}
    assert by_key[("e", "A")] == (0.6, 1.0, True)
    assert by_key[("e", "B")] == pytest.approx((0.0, 0.15, False))
    assert by_key[("prior", "A")] == pytest.approx((0.4, 0.6, False))


def test_tornado_ranks_the_driving_item_first() -> None:
    prior = {"A": 0.5, "B": 0.5}
    items: list[SensitivityItem] = [
        ("weak", {"A": 0.55, "B": 0.45}, {}),
        ("strong", {"A": 0.3, "B": 0.25}, {}),
    ]
    r = analyse(prior, items, prior_delta=0)
    # strong: P(E|A) at 0.2 gives A 0.11 < B 0.1125, so the leader flips;
    # it moves the leader's posterior more than weak's 0.45..0.65
    assert r.drivers(1)[0][0] == "strong"
    assert any(bar.flips for bar in r.tornado)
    assert not r.robust


_prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(_prob, _prob, _prob), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=10_000),
)
def test_bounds_contain_every_joint_variation(
    rows: list[tuple[float, float, float]], seed: int
) -> None:
    prior = {"A": 0.2, "B": 0.3, "C": 0.5}
    items: list[SensitivityItem] = [
        (f"e{i}", {"A": a, "B": b, "C": c}, {}) for i, (a, b, c) in enumerate(rows)
    ]
    try:
        posterior_only(prior, [lk for _, lk, _ in items])
    except TraceError:
        return  # evidence impossible under every hypothesis: nothing to bound
    r = analyse(prior, items, delta=0.1)
    rng = random.Random(seed)
    params = r.parameters
    for _ in range(20):
        draw = {(p.item_id, p.hypothesis): rng.uniform(p.low, p.high) for p in params}
        # priors are a distribution: drawn within their ranges, renormalised, kept if the
        # normalised values stay within the ranges
        drawn = {h: draw[("prior", h)] for h in prior}
        pri = {h: v / math.fsum(drawn.values()) for h, v in drawn.items()}
        if any(not p.low - 1e-12 <= pri[p.hypothesis] <= p.high + 1e-12
               for p in params if p.item_id == "prior"):  # fmt: skip
            continue
        weights = dict(pri)
        for item_id, _lk, _ in items:
            for h in weights:
                weights[h] *= draw[(item_id, h)]
        total = math.fsum(weights.values())
        if total <= 0:
            continue
        for h, w in weights.items():
            low, high = r.bounds[h]
            assert low - 1e-9 <= w / total <= high + 1e-9


def test_trace_case_tables() -> None:
    hs = default_hypotheses()
    result = trace_case(hs, load_ledger(LEDGER, hs))
    # by hand: 0.25 * (0.2*0.6*0.7, 0.3*0.5*0.3, 0.7*0.1*0.3, 0.8*0.9*0.5) normalised
    raw = {"H1": 0.084, "H2": 0.045, "H3": 0.021, "H4": 0.36}
    expected = {h: v / sum(raw.values()) for h, v in raw.items()}
    assert result.inference.posterior == pytest.approx(expected)
    assert result.inference.leader() == "H4"
    assert len(result.evidence_table()) == 12
    assert len(result.steps_table()) == 12
    table = {r["hypothesis"]: r for r in result.posterior_table()}
    assert table["H4"]["posterior_min"] <= table["H4"]["posterior"] <= table["H4"]["posterior_max"]
    assert any("independent" in n for n in result.notes())
    assert any("Manual items" in n and "E3" in n for n in result.notes())
    e2_h3 = [r for r in result.evidence_table() if r["item"] == "E2" and r["hypothesis"] == "H3"]
    assert e2_h3[0]["test_type"] == "hoop (failed)"


def test_trace_case_rejects_empty_ledger() -> None:
    with pytest.raises(TraceError, match="no items"):
        trace_case(default_hypotheses(), Ledger(case="x", items=()))


def test_verdict_names_ties_and_robustness() -> None:
    hs = default_hypotheses()
    text = (
        "case: t\nitems:\n  - id: E1\n    description: d\n    kind: manual\n    likelihoods:\n"
        "      H1: {p: 0.35, justification: j}\n      H2: {p: 0.3, justification: j}\n"
        "      H3: {p: 0.35, justification: j}\n      H4: {p: 0.3, justification: j}\n"
    )
    verdict = trace_case(hs, parse_ledger(text, hs)).verdict()
    assert verdict.startswith("Leading hypothesis: H1 (posterior 0.269")
    assert "tied with H3" in verdict
    assert "Not robust" in verdict
