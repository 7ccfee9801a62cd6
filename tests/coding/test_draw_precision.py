"""A measurement far less precise than the bundled one does not replace it (U1 B1), a draw's
weighted recall too wide to say anything is flagged, a half-labelled draw's units are named as
the draw's, not as units chosen (U1 C2), and the headline of a draw over other genres is its
weighted estimate, not its units unweighted (U1 B5).

Every measurement, codebook, document and label here is SYNTHETIC (the project of
test_sample_draw: 200 resolution paragraphs, every 4th holding "alpha"; 100 report paragraphs,
every 10th).
"""

from __future__ import annotations

from pathlib import Path

from test_draw_validity import _truth, _validate
from test_sample_draw import _label, _project

from normtrace.coding.labelled_draw import standing
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store

#: SYNTHETIC: a bundled estimate on 1,067 units, and a draw's weighted one on 40 whose recall
#: rests on its 20 non-hits (the shape of U1's poc on reports)
BUNDLED = CodeValidity("x", precision=0.89, recall=0.41, recall_low=0.28, recall_high=0.57,
                       n=1067, positives=120, source="SYNTHETIC", weighted=True)  # fmt: skip
DRAW = CodeValidity("x", precision=0.95, precision_low=0.79, precision_high=0.99, recall=1.0,
                    recall_low=0.20, recall_high=1.0, n=40, positives=19, level="unit",
                    source="SYNTHETIC draw", weighted=True)  # fmt: skip


def test_a_draw_far_less_precise_than_the_bundled_estimate_does_not_replace_it() -> None:
    """SYNTHETIC B1: the bundled estimate stands, flagged by its own recall; the draw is beside
    it with the reason in words."""
    v = standing(DRAW, BUNDLED, "")
    assert v.n == 1067 and v.set_aside is not None and v.bundled is None
    assert v.flag() == "recall 0.41 < 0.7"
    why = ("its recall interval [0.20, 1.00] is wider than the bundled estimate's [0.28, 0.57] "
           "and than 0.5: label more of the draw's units without a candidate (its non-hits), "
           "where its misses lie")  # fmt: skip
    assert v.set_aside.imprecise == why
    assert v.set_aside.to_dict()["recall_interval_too_wide"] == why
    assert f"n 40, SYNTHETIC draw: {why})" in v.describe()
    # as precise as the bundled one, or precise enough alone: it replaces it, as before
    near = CodeValidity("x", recall=0.8, recall_low=0.6, recall_high=0.92, n=40, positives=20,
                        source="SYNTHETIC run", level="unit")  # fmt: skip
    assert standing(near, BUNDLED, "") == CodeValidity(**{**near.__dict__, "bundled": BUNDLED})
    # no recall at all never replaces a bundled recall (U1 B3's empty measurement)
    empty = CodeValidity("x", precision=0.0, n=40, positives=0, source="SYNTHETIC run")
    assert standing(empty, BUNDLED, "").n == 1067


def test_a_draw_standing_alone_with_a_very_wide_recall_is_flagged() -> None:
    """SYNTHETIC: with no bundled estimate the draw stands, flagged by its interval; the two
    flags of the rule before it are unchanged."""
    alone = standing(DRAW, None, "")
    assert alone == DRAW and not alone.validated
    flag = ("recall interval [0.20, 1.00] wider than 0.5: too imprecise to validate (label "
            "more of the draw's units without a candidate, where its misses lie)")  # fmt: skip
    assert alone.flag() == flag and alone.to_dict()["recall_interval_too_wide"] == flag
    assert alone.describe().endswith(f"n 40 — unvalidated: {flag}")
    assert (
        CodeValidity(
            "x",
            recall=0.9,
            recall_low=0.2,
            recall_high=1.0,
            n=29,
            positives=19,
            source="s",
            weighted=True,
        ).flag()
        == "29 labelled units < 30"
    )
    assert (
        CodeValidity(
            "x",
            recall=0.6,
            recall_low=0.2,
            recall_high=1.0,
            n=40,
            positives=19,
            source="s",
            weighted=True,
        ).flag()
        == "recall 0.60 < 0.7"
    )
    # an unweighted (Wilson) recall is bounded by the positives already: not this flag
    assert CodeValidity("x", recall=0.7, recall_low=0.397, recall_high=0.892, n=40,
                        positives=10, source="s").flag() == ""  # fmt: skip


def test_a_half_labelled_draw_is_named_not_called_chosen(tmp_path: Path) -> None:
    """SYNTHETIC C2: 40 of a 60-unit draw labelled, nothing else: the measurement names the draw
    and how many of its units are labelled, never "chosen, not drawn at random"."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        truth = _truth(store)
        d = draw_sample(store, "synth", "x", 60, seed=3)
        for key in d.order[:40]:
            _label(store, key, truth[key])
        _validate(store)
        v = code_validity(store, "synth")["x"]
    shown = [m for m in (v, v.reports) if m is not None]
    assert shown and all(not m.chosen and "chosen" not in m.flag() for m in shown)
    note = (
        f"its 40 labelled units are draw {d.id}'s (seed 3), 40 of its 60 labelled for x: "
        "not labelled through, so no project measurement until all are"
    )
    assert v.draw_unfinished.startswith(note) and v.flag().startswith(note)
    assert v.to_dict()["labelled_units_of_unfinished_draw"] == v.draw_unfinished
    assert "chosen, not drawn at random" not in v.describe()


def test_the_headline_of_a_draw_over_reports_only_is_weighted(tmp_path: Path) -> None:
    """SYNTHETIC B5: a draw of report paragraphs only, labelled through, no bundled estimate:
    the headline is the draw's weighted estimate (flagged as of report paragraphs only), not
    its units read unweighted."""
    from test_sample_draw import BOOK

    from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
    from synthetic_docs import insert_document  # the project of test_draw_validity's one genre

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/D/1", [
                (f"SYN/D/1/p{i}", "numbered", "alpha here" if i % 5 == 0 else "plain words")
                for i in range(1, 201)], doc_type="report")  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK)
        d = draw_sample(store, "synth", "x", 40, seed=1)
        for key in d.units:
            _label(store, key, key.endswith("0") or int(key.rsplit("p", 1)[1]) <= 60)
        (ds,) = _validate(store).draw_scores
        v = code_validity(store, "synth")["x"]
    assert v.weighted and (v.recall, v.recall_low, v.n) == (ds.recall, ds.recall_low, 40)
    assert v.other_genres and v.reports is not None and v.reports.recall == ds.recall
