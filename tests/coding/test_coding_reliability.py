"""Reliability statistics against published worked examples, plus property tests."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.coding.human.reliability import (
    cohen_kappa,
    krippendorff_alpha_nominal,
    pairable_units,
    percent_agreement,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, nominal values with missing data; published alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_krippendorff_2011_nominal_example() -> None:
    assert round(krippendorff_alpha_nominal(KRIPPENDORFF_2011), 3) == 0.743
    assert pairable_units(KRIPPENDORFF_2011) == 11  # unit 12 has one value only


def _table(cells: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    first: list[str] = []
    second: list[str] = []
    for (a, b), count in cells.items():
        first += [a] * count
        second += [b] * count
    return first, second


def test_cohen_kappa_three_categories_hand_computed() -> None:
    # Three categories, 100 subjects, two raters, laid out like Fleiss, Levin & Paik (2003),
    # Statistical Methods for Rates and Proportions, 3rd ed., ch. 18; the counts here are as
    # recalled, not checked against the book, so the value is checked by hand:
    # p_o = .89, p_e = .66, kappa = (.89 - .66) / (1 - .66) = .676.
    cells = {
        ("psychotic", "psychotic"): 75, ("psychotic", "neurotic"): 1,
        ("psychotic", "organic"): 4, ("neurotic", "psychotic"): 5,
        ("neurotic", "neurotic"): 4, ("neurotic", "organic"): 1,
        ("organic", "organic"): 10,
    }  # fmt: skip
    first, second = _table(cells)
    assert round(cohen_kappa(first, second), 3) == 0.676
    assert percent_agreement([first, second]) == 0.89


def test_cohen_kappa_two_by_two() -> None:
    # The worked example of the Wikipedia article "Cohen's kappa" (section "Simple example"):
    # 50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o = .7, p_e = .5, kappa = .4
    first, second = _table({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15})
    assert round(cohen_kappa(first, second), 3) == 0.4


def test_undefined_cases_are_nan() -> None:
    assert math.isnan(krippendorff_alpha_nominal([[1, 1], [1, 1]]))
    assert math.isnan(krippendorff_alpha_nominal([[1, None], [None, 2]]))
    assert math.isnan(cohen_kappa(["a", None], [None, "b"]))
    assert math.isnan(percent_agreement([[1], [None]]))


VALUES = st.sampled_from(["a", "b", "c", None])


@st.composite
def tables(draw: st.DrawFn) -> list[list[str | None]]:
    coders = draw(st.integers(2, 5))
    units = draw(st.integers(2, 15))
    return [[draw(VALUES) for _ in range(units)] for _ in range(coders)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from("abc"), min_size=2, max_size=30), st.integers(2, 5))
def test_alpha_is_one_for_identical_codings(row: list[str], coders: int) -> None:
    alpha = krippendorff_alpha_nominal([row] * coders)
    if len(set(row)) > 1:
        assert alpha == 1.0
    else:
        assert math.isnan(alpha)
    assert percent_agreement([row] * coders) == 1.0


@settings(max_examples=150, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_statistics_are_invariant_to_coder_order(
    table: list[list[str | None]], rnd: random.Random
) -> None:
    shuffled = list(table)
    rnd.shuffle(shuffled)
    for stat in (krippendorff_alpha_nominal, percent_agreement):
        a, b = stat(table), stat(shuffled)
        assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-12)
    k1, k2 = cohen_kappa(table[0], table[1]), cohen_kappa(table[1], table[0])
    assert (math.isnan(k1) and math.isnan(k2)) or math.isclose(k1, k2, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_alpha_is_at_most_one(table: list[list[str | None]]) -> None:
    alpha = krippendorff_alpha_nominal(table)
    assert math.isnan(alpha) or alpha <= 1.0 + 1e-12
