"""Bayesian updating against hand-computed examples, plus property tests.

All numbers here are synthetic illustrations of the arithmetic, not findings.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.errors import TraceError
from normtrace.trace.inference import (
    INDEPENDENCE_ASSUMPTION,
    infer,
    posterior_only,
    rival_likelihood,
    update,
)


def test_two_hypotheses_by_hand() -> None:
    # prior 0.3/0.7; P(E|H1)=0.9, P(E|H2)=0.2 -> 0.27 / (0.27 + 0.14) = 0.658536...
    step = update({"H1": 0.3, "H2": 0.7}, {"H1": 0.9, "H2": 0.2})
    assert step.marginal == pytest.approx(0.41)
    assert step.posterior["H1"] == pytest.approx(0.27 / 0.41)
    assert step.posterior["H2"] == pytest.approx(0.14 / 0.41)
    assert step.likelihood_ratios["H1"] == pytest.approx(4.5)
    assert step.likelihood_ratios["H2"] == pytest.approx(0.2 / 0.9)


def test_four_hypotheses_by_hand() -> None:
    prior = {"H1": 0.25, "H2": 0.25, "H3": 0.25, "H4": 0.25}
    likelihoods = {"H1": 0.4, "H2": 0.1, "H3": 0.2, "H4": 0.8}
    step = update(prior, likelihoods)
    # P(E) = 0.25 * 1.5 = 0.375
    assert step.marginal == pytest.approx(0.375)
    assert step.posterior == pytest.approx(
        {"H1": 0.1 / 0.375, "H2": 0.025 / 0.375, "H3": 0.05 / 0.375, "H4": 0.2 / 0.375}
    )
    # P(E | not H4) = (0.4 + 0.1 + 0.2) / 3 with equal rival priors
    assert rival_likelihood("H4", prior, likelihoods) == pytest.approx(0.7 / 3)
    assert step.likelihood_ratios["H4"] == pytest.approx(0.8 / (0.7 / 3))


def test_four_hypotheses_unequal_priors_rival_mixture() -> None:
    prior = {"H1": 0.4, "H2": 0.1, "H3": 0.2, "H4": 0.3}
    likelihoods = {"H1": 0.5, "H2": 1.0, "H3": 0.25, "H4": 0.6}
    # not-H1 = (0.1*1.0 + 0.2*0.25 + 0.3*0.6) / 0.6 = 0.33 / 0.6 = 0.55
    assert rival_likelihood("H1", prior, likelihoods) == pytest.approx(0.55)


def test_sequential_updating_by_hand() -> None:
    result = infer(
        {"H1": 0.5, "H2": 0.5},
        [("e1", {"H1": 0.8, "H2": 0.4}), ("e2", {"H1": 0.3, "H2": 0.6})],
    )
    # after e1: 0.4/0.6 = 2/3 ; after e2: (2/3*0.3) / (2/3*0.3 + 1/3*0.6) = 0.2/0.4 = 0.5
    assert result.steps[0].posterior["H1"] == pytest.approx(2 / 3)
    assert result.steps[1].prior["H1"] == pytest.approx(2 / 3)
    assert result.posterior["H1"] == pytest.approx(0.5)
    assert result.assumption == INDEPENDENCE_ASSUMPTION
    assert "independent" in result.assumption


def test_zero_likelihood_eliminates() -> None:
    result = infer({"A": 0.2, "B": 0.5, "C": 0.3}, [("e", {"A": 0.0, "B": 0.5, "C": 0.5})])
    assert result.posterior["A"] == 0.0
    assert result.posterior["B"] == pytest.approx(0.625)


def test_errors_are_explained() -> None:
    with pytest.raises(TraceError, match="sum to 1"):
        infer({"A": 0.2, "B": 0.2}, [])
    with pytest.raises(TraceError, match=r"no P\(E \| H\) for \['B'\]"):
        update({"A": 0.5, "B": 0.5}, {"A": 0.5})
    with pytest.raises(TraceError, match="under every hypothesis"):
        update({"A": 0.5, "B": 0.5}, {"A": 0.0, "B": 0.0})
    with pytest.raises(TraceError, match="unknown hypotheses"):
        update({"A": 0.5, "B": 0.5}, {"A": 0.5, "B": 0.5, "C": 0.1})
    with pytest.raises(TraceError, match="at least two"):
        infer({"A": 1.0}, [])


_prob = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


@st.composite
def _problems(draw: st.DrawFn) -> tuple[dict[str, float], list[dict[str, float]]]:
    n = draw(st.integers(min_value=2, max_value=5))
    names = [f"H{i}" for i in range(n)]
    raw = [draw(st.floats(min_value=0.05, max_value=1.0)) for _ in names]
    prior = {h: w / math.fsum(raw) for h, w in zip(names, raw, strict=True)}
    k = draw(st.integers(min_value=0, max_value=6))
    items = [{h: draw(_prob) for h in names} for _ in range(k)]
    return prior, items


@settings(max_examples=60, deadline=None)
@given(_problems())
def test_posterior_sums_to_one(problem: tuple[dict[str, float], list[dict[str, float]]]) -> None:
    prior, items = problem
    result = infer(prior, [(f"e{i}", lk) for i, lk in enumerate(items)])
    assert math.fsum(result.posterior.values()) == pytest.approx(1.0)
    for step in result.steps:
        assert math.fsum(step.posterior.values()) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(_problems(), st.randoms(use_true_random=False))
def test_order_does_not_change_final_posterior(
    problem: tuple[dict[str, float], list[dict[str, float]]], rnd: object
) -> None:
    prior, items = problem
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = infer(prior, [(f"e{i}", lk) for i, lk in enumerate(items)]).posterior
    b = infer(prior, [(f"e{i}", lk) for i, lk in enumerate(shuffled)]).posterior
    assert a == pytest.approx(b, rel=1e-9, abs=1e-12)
    assert posterior_only(prior, items) == pytest.approx(a, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(_problems(), st.data())
def test_zero_likelihood_eliminates_property(
    problem: tuple[dict[str, float], list[dict[str, float]]], data: st.DataObject
) -> None:
    prior, items = problem
    victim = data.draw(st.sampled_from(sorted(prior)))
    killer = {h: (0.0 if h == victim else 0.5) for h in prior}
    position = data.draw(st.integers(min_value=0, max_value=len(items)))
    sequence = [*items[:position], killer, *items[position:]]
    result = infer(prior, [(f"e{i}", lk) for i, lk in enumerate(sequence)])
    assert result.posterior[victim] == 0.0
    assert math.fsum(result.posterior.values()) == pytest.approx(1.0)
