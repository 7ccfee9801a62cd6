"""The "chosen, not drawn at random" check tests a run's share of labelled units holding a
candidate with an exact binomial test (issue A4 of a new user's trial): the score test it used
is asymptotic, and at the handful of units a run labels on a genre it printed p 1e-08 for "1 of
1 hold a candidate ... against 46 of the project's 1557", where the exact p is 0.030, and 1.8e-15
for 7 of 13 against 80 of 1557 (exact 1.2e-06).

The shares and counts are those of the trial's project (the counts only: no text); the
expected values are computed here by hand from the binomial probabilities."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from normtrace.coding.labelled_draw import Population, drawn_notes, share_p_value
from normtrace.coding.learn.scores import CodeScore


def _binomial(k: int, n: int, q: float) -> float:
    return math.comb(n, k) * q**k * (1 - q) ** (n - k)


def _dictionary(code: str, n: int, with_candidate: int) -> CodeScore:
    """A dictionary score of ``n`` labelled units, ``with_candidate`` of them holding a
    candidate of ``code`` (all right: the check reads tp + fp only)."""
    return CodeScore(code, "dictionary", n, with_candidate, with_candidate, 0, 0, 1.0, 0.5,
                     1.0, 1.0, 0.5, 1.0, None, None, None)  # fmt: skip


def test_one_of_one_is_the_share_itself() -> None:
    """1 of 1 against 46 of 1557: the other count, 0 of 1, is likelier (1511/1557), so the
    two-sided p is the probability of 1 alone, 46/1557 = 0.0295 (the score test: 1e-08)."""
    assert share_p_value(1, 1, 46 / 1557) == pytest.approx(46 / 1557, rel=1e-12)


def test_seven_of_thirteen_is_the_upper_tail() -> None:
    """7 of 13 against 80 of 1557: every count from 7 up is no likelier than 7, and none below
    (0 of 13 has probability 0.50), so p is the upper tail, 1.23e-06 (the score test: 1.8e-15)."""
    q = 80 / 1557
    by_hand = sum(_binomial(k, 13, q) for k in range(7, 14))
    assert by_hand == pytest.approx(1.2316650807e-06, rel=1e-9)
    assert share_p_value(7, 13, q) == pytest.approx(by_hand, rel=1e-9)


def test_eighteen_of_eighteen_is_the_share_to_the_eighteenth() -> None:
    """18 of 18 against 241 of 3953: only 18 itself is as unlikely, p = (241/3953)^18, 1.35e-22
    (the score test: 3e-62)."""
    q = 241 / 3953
    assert share_p_value(18, 18, q) == pytest.approx(q**18, rel=1e-9)
    assert q**18 == pytest.approx(1.354016972e-22, rel=1e-9)


def test_both_tails_count_where_both_hold_unlikely_counts() -> None:
    """2 of 10 against a share of 0.5: the counts no likelier than 2 are 0, 1, 2 and 8, 9, 10,
    so p = 2 (1 + 10 + 45) / 1024 = 0.109375."""
    assert share_p_value(2, 10, 0.5) == pytest.approx(112 / 1024, rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 5, 13, 30, 64, 200])
@pytest.mark.parametrize("share", [46 / 1557, 80 / 1557, 0.1, 1 / 3, 0.5, 0.93])
def test_it_is_scipys_exact_binomial_test(n: int, share: float) -> None:
    """The same p as scipy.stats.binomtest (two-sided) at every count."""
    for k in range(n + 1):
        assert share_p_value(k, n, share) == pytest.approx(
            binomtest(k, n, share).pvalue, rel=1e-9, abs=1e-300
        ), (k, n, share)


def test_holm_over_two_codes_keeps_one_of_one_when_the_other_stands() -> None:
    """Beside a code whose share agrees with the project's (4 of 42 against 10 %: p 1), 1 of 1
    against 46 of 1557 (p 0.0295) is above 0.05 / 2: no code is set aside as chosen. Tested alone
    (one test at 5 %), it is."""
    found = Population({"": 1557}, {("", "stabilization"): 46, ("", "other"): 156})
    one = _dictionary("stabilization", 1, 1)
    assert drawn_notes([one, _dictionary("other", 42, 4)], "", found) == {}
    alone = drawn_notes([one], "", found)["stabilization"]
    assert "1 of 1 hold a candidate" in alone and "p 0.03, an exact binomial test at 5 %" in alone


def test_holm_steps_down_after_the_first_rejection_and_the_note_prints_the_exact_p() -> None:
    """The trial's run: poc 9 of 15 against 80 of 1557 (exact p 9.4e-09) and stabilization 1 of
    1 against 46 of 1557 (p 0.0295). Holm's step-down rejects poc (below 0.05 / 2), then tests
    stabilization against 0.05 / 1: it is set aside too. Each note prints its exact p."""
    found = Population({"": 1557}, {("", "poc"): 80, ("", "stabilization"): 46})
    notes = drawn_notes([_dictionary("poc", 15, 9), _dictionary("stabilization", 1, 1)], "",
                        found)  # fmt: skip
    assert set(notes) == {"poc", "stabilization"}
    assert ("1 of 1 hold a candidate of the code (100%) against 46 of the project's 1557 of "
            "running text (3.0%; p 0.03, exact binomial tests, 5 % family-wise over the 2 codes "
            "tested on them, Holm-corrected)") in notes["stabilization"]  # fmt: skip
    assert "(5.1%; p 9.4e-09, exact binomial tests" in notes["poc"]
