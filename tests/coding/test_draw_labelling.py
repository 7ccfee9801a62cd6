"""How far a recorded validation draw is labelled (coding.draw_labelling): the count is the one
``code validate`` makes to call a draw labelled through, and the units a coder reads for a
drawn paragraph are the paragraph's.

Codebooks, documents and labels here are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sample_draw import _label, _project

from normtrace.coding.draw_labelling import draw_by_id, draw_progress, reading_units
from normtrace.coding.sample_draw import draw_sample
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


def test_the_count_is_code_validates(tmp_path: Path) -> None:
    """SYNTHETIC: a census of two, a draw of 30; 10 drawn labelled, then all: the count and
    'labelled through' are validate's (DrawScore.coded, targets, complete) each time; a unit
    labelled for the code outside the draw counts for no draw."""
    from normtrace.coding.learn.validate import validate

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        assert draw_progress(store) == []
        _label(store, "SYN/RES/1/op4", True)
        _label(store, "SYN/R/1/p3", False)
        d = draw_sample(store, "synth", "x", 30, seed=5)
        paragraphs = draw_sample(store, "synth", "x", 6, seed=1, level="paragraph")
        for key in d.order[:10]:
            _label(store, key, key.endswith("0"))
        outside = next(k for k in ("SYN/RES/1/op1", "SYN/RES/1/op2", "SYN/RES/1/op3")
                       if k not in d.units)  # fmt: skip
        _label(store, outside, False)
        newest, first = draw_progress(store)
        (part,) = validate(store, "synth", folds=2, reference=False).draw_scores
        assert (newest.draw, first.draw) == (paragraphs, d)
        assert (first.labelled, first.units, first.drawn) == (part.coded, part.targets, 30)
        assert (first.labelled, first.units, first.complete) == (12, 32, part.complete)
        for key in d.order[10:]:
            _label(store, key, False)
        (whole,) = validate(store, "synth", folds=2, reference=False).draw_scores
        _, first = draw_progress(store)
    assert whole.complete and first.complete and first.labelled == whole.coded == 32


def test_a_drawn_paragraph_is_read_with_its_sub_paragraphs(tmp_path: Path) -> None:
    """SYNTHETIC: op7 holds (a) and (b); the whole frame at paragraph level gives op7 once
    as a target and its three units to read, in reading order."""
    from synthetic_docs import insert_document

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/RES/7", [("SYN/RES/7/op7", "op", "Decides:"),
                            ("SYN/RES/7/op7/a", "subparagraph", "(a) alpha one;"),
                            ("SYN/RES/7/op7/b", "subparagraph", "(b) another.")])  # fmt: skip
        _project(store)
        d = draw_sample(store, "synth", "x", 400, seed=3, level="paragraph")
        units = draw_sample(store, "synth", "x", 5, seed=3)
        keys = reading_units(store, d)
        at = keys.index("SYN/RES/7/op7")
        assert keys[at : at + 3] == ["SYN/RES/7/op7", "SYN/RES/7/op7/a", "SYN/RES/7/op7/b"]
        assert len(d.order) == 301 and len(keys) == 303
        assert "SYN/RES/7/op7/a" not in d.units
        assert reading_units(store, units) == list(units.order)
        assert draw_by_id(store, d.id) == d
        with pytest.raises(NotFoundError, match="no draw '99' in the project"):
            draw_by_id(store, 99)
