"""Van Evera test types derived from P(E | H) and P(E | not H): boundaries by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.trace.vanevera import CERTAIN, TEST_TYPES, UNIQUE, classify, item_test_types


@pytest.mark.parametrize(
    ("p", "q", "label"),
    [
        (0.9, 0.5, "hoop (passed)"),  # certainty exactly at the 0.9 threshold
        (0.89, 0.5, "straw-in-the-wind (passed)"),
        (0.6, 0.1, "smoking gun (passed)"),  # uniqueness 1 - 0.1 = 0.9 exactly
        (0.6, 0.11, "straw-in-the-wind (passed)"),
        (0.9, 0.1, "doubly decisive (passed)"),
        (0.95, 0.05, "doubly decisive (passed)"),
        (0.1, 0.5, "hoop (failed)"),  # H predicted not-E with certainty 0.9
        (0.11, 0.5, "straw-in-the-wind (failed)"),
        (0.5, 0.9, "smoking gun (failed)"),  # rivals predicted E: the gun did not smoke
        (0.1, 0.9, "doubly decisive (failed)"),
        (0.0, 0.4, "hoop (failed)"),
        (0.4, 0.4, "uninformative (neutral)"),
        (0.6, 0.4, "straw-in-the-wind (passed)"),
    ],
)
def test_boundaries(p: float, q: float, label: str) -> None:
    assert classify(p, q).label == label


def test_thresholds_are_stated() -> None:
    assert CERTAIN == 0.9
    assert UNIQUE == 0.9


def test_types_per_hypothesis_against_rivals() -> None:
    prior = {"H1": 0.25, "H2": 0.25, "H3": 0.25, "H4": 0.25}
    likelihoods = {"H1": 0.95, "H2": 0.9, "H3": 0.9, "H4": 0.05}
    types = item_test_types(likelihoods, prior)
    # not-H1 = (0.9 + 0.9 + 0.05) / 3 = 0.6167: certain, not unique -> hoop passed
    assert types["H1"].label == "hoop (passed)"
    assert types["H1"].p_e_not_h == pytest.approx(1.85 / 3)
    # H4: P(E|H4)=0.05 -> H4 predicted not-E with certainty 0.95, and the rivals
    # predicted E with P(E|not H4) = 2.75/3 = 0.917 >= 0.9: a failed doubly decisive test
    assert types["H4"].label == "doubly decisive (failed)"
    assert types["H4"].likelihood_ratio == pytest.approx(0.05 / (2.75 / 3))


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_outcome_follows_the_likelihood_ratio(p: float, q: float) -> None:
    tt = classify(p, q)
    assert tt.kind in TEST_TYPES
    if abs(p - q) <= 1e-9:
        assert tt.outcome == "neutral"
    else:
        assert tt.outcome == ("passed" if p > q else "failed")
        assert (tt.kind in ("hoop", "doubly decisive")) == (tt.certainty >= CERTAIN - 1e-9)
        assert (tt.kind in ("smoking gun", "doubly decisive")) == (tt.uniqueness >= UNIQUE - 1e-9)
