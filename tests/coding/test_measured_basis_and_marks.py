"""What a measurement's description says it rests on (a new user's trial, findings A3 and B4):

* A3: core principles read "validated" with 9 labelled positives under a rule of 10, while its
  measurement on reports was flagged "recall rests on 4 labelled positives < 10". Both follow
  one rule: a bundled measurement's positives are those of its labelled set and of its
  estimate on mandate paragraphs (9 + 33 there, none on reports); the description now says so;
* B4: a weighted recall interval that is a point (``R 0.00 [0.00, 0.00]`` from one positive)
  says why it is exact; an end at 0 or 1 is a true bound, not "widened"; an interval widened to
  hold its estimate says, once, why it ends there.

The measurements here are SYNTHETIC, but for the bundled default codebook's own (read from its
stored scores)."""

from __future__ import annotations

from normtrace.coding.figures import EXACT, WIDENED, WIDENED_NOTE
from normtrace.coding.measured_error import MIN_POSITIVES, POOL_NAME, CodeValidity
from normtrace.coding.validity import DEFAULT_BOOK, code_validity


def _pool(positives: int, recall: float = 0.94) -> CodeValidity:
    return CodeValidity("x", precision=0.94, recall=recall, n=2564, source="SYNTHETIC pool",
                        recall_low=0.78, recall_high=0.97, positives=positives,
                        weighted=True)  # fmt: skip


def _set(positives: int, pool: CodeValidity | None) -> CodeValidity:
    return CodeValidity("x", precision=1.0, recall=1.0, n=1330, source="SYNTHETIC set",
                        precision_low=0.7, precision_high=1.0, recall_low=0.7,
                        recall_high=1.0, positives=positives, pool=pool)  # fmt: skip


def test_the_pools_positives_count_and_the_description_says_so() -> None:
    v = _set(9, _pool(33))
    assert v.validated and v.positives_behind() == 42
    text = v.describe()
    assert (f"(on {POOL_NAME}: P 0.94 · R 0.94 [0.78, 0.97] · n 2564; the code's recall rests on "
            "the 9 labelled positives above and this estimate's 33: 42, at least the 10 the "
            "rule asks)") in text  # fmt: skip
    data = v.to_dict()
    assert data["labelled_positives"] == 9 and data["labelled_positives_behind_recall"] == 42
    assert data["positives_behind_recall"] == (
        "9 labelled positives and 33 of its estimate on mandate paragraphs, 42"
    )


def test_too_few_with_the_pools_are_flagged_naming_both() -> None:
    v = _set(4, _pool(3))
    assert v.flag() == ("recall rests on 4 labelled positives and 3 of its estimate on "
                        "mandate paragraphs, 7 < 10")  # fmt: skip
    assert "7, fewer than the 10 the rule asks" in v.describe()


def test_without_a_pool_the_words_are_as_before() -> None:
    assert _set(4, None).flag() == "recall rests on 4 labelled positives < 10"
    assert _set(1, None).flag() == "recall rests on 1 labelled positive < 10"
    assert "rests on" not in _set(12, _pool(33)).describe()  # its own reach the rule


def test_every_bundled_code_validated_on_fewer_of_its_own_says_what_it_rests_on() -> None:
    """The bundled default codebook: wherever a code's own labelled positives are fewer than
    the rule asks and it is validated, the pool's make them up and its description says so
    (core principles in the trial: 9 and 33); its measurement on reports, which has no pool,
    is flagged by its own."""
    found = 0
    for code, v in code_validity(None, DEFAULT_BOOK).items():
        if v.positives is None or v.positives >= MIN_POSITIVES or not v.validated:
            continue
        found += 1
        assert v.pool is not None and (v.positives_behind() or 0) >= MIN_POSITIVES, code
        assert f"the code's recall rests on the {v.positives} labelled positive" in (
            v.describe()), code  # fmt: skip
        there = v.reports
        if there is not None and there.positives is not None and there.positives < 10:
            assert there.pool is None and there.flag().startswith(
                f"recall rests on {there.positives} labelled"), code  # fmt: skip
    assert found  # core principles' codes


def test_a_point_interval_says_why_it_is_exact() -> None:
    """The bundled report-pool recall of all_necessary in the trial: R 0.00 [0.00, 0.00] from
    one positive. Every report paragraph the dictionary codes was labelled (precision a census)
    and none is a positive, so recall is 0 whatever the misses: no sampling error."""
    v = CodeValidity("x", precision=0.0, recall=0.0, n=1067, source="SYNTHETIC", recall_low=0.0,
                     recall_high=0.0, positives=1, weighted=True)  # fmt: skip
    assert f"R 0.00 [0.00, 0.00] ({EXACT['P']})" in v.describe()
    one = CodeValidity("x", precision=0.9, recall=1.0, n=40, source="SYNTHETIC",
                       recall_low=1.0, recall_high=1.0, positives=12, weighted=True)  # fmt: skip
    assert f"R 1.00 [1.00, 1.00] ({EXACT['R']})" in one.describe()
    plain = CodeValidity("x", precision=0.0, recall=0.0, n=40, source="SYNTHETIC",
                         recall_low=0.0, recall_high=0.0, positives=12)  # fmt: skip
    assert "exact" not in plain.describe()  # a Wilson interval of a labelled set


def test_an_end_at_one_is_a_bound_and_a_widened_end_says_so_once() -> None:
    """Recall 1.00 [0.17, 1.00] (a draw without a miss): 1 is a true bound, not widened. Recall
    0.56 [0.30, 0.56] and F1-like ends inside (0, 1) at the estimate are marked, and the note
    saying why an interval ends at its estimate comes once."""
    at_one = CodeValidity("x", precision=0.9, recall=1.0, n=40, source="SYNTHETIC",
                          recall_low=0.17, recall_high=1.0, positives=18,
                          weighted=True)  # fmt: skip
    assert WIDENED not in at_one.describe() and WIDENED_NOTE not in at_one.describe()
    inside = CodeValidity("x", precision=0.78, recall=0.56, n=1067, source="SYNTHETIC",
                          recall_low=0.30, recall_high=0.56, positives=55, weighted=True,
                          speeches=CodeValidity("x", precision=0.6, recall=0.57, n=397,
                                                source="SYNTHETIC", recall_low=0.14,
                                                recall_high=0.57, positives=20,
                                                weighted=True))  # fmt: skip
    text = inside.describe()
    assert text.count(f"({WIDENED})") == 2 and text.count(WIDENED_NOTE) == 1
    assert text.endswith(f" — {WIDENED_NOTE}")


def test_brief_prints_a_figure_below_its_threshold_as_the_flag_reads_it() -> None:
    v = CodeValidity("x", precision=0.86, recall=0.698, n=1067, source="SYNTHETIC",
                     positives=53)  # fmt: skip
    assert v.brief() == "P 0.86 · R 0.698 · n 1067" and v.flag() == "recall 0.698 < 0.7"
