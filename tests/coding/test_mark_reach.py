"""What a paragraph's "done" mark says of its units (coding.human.mark_reach, the one rule): a
new user's unit-level validation after a paragraph-level import kept the positives (codings of
one-unit paragraphs) but dropped the negatives (the same coder's marks on the same paragraphs),
so precision was 1.0 by construction. A paragraph of one unit is that unit; a paragraph reviewed
whole that carries no coding or accept of a code has no unit carrying it; one that carries it
as a whole leaves its units unlabelled. SYNTHETIC project (tests/synthetic_coding.py)."""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.mark_reach import carrying_paragraphs, reach
from normtrace.coding.human.reviews import review_targets
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from synthetic_coding import make_project


def _import(tmp_path: Path, store: Store, rows: list[dict[str, str]], level: str) -> None:
    path = tmp_path / f"{level}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    import_codings(store, path, codebook="b", coder="ana", level=level)


def test_a_paragraph_level_import_labels_units_both_ways(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        _import(tmp_path, store, [{"unit_key": "SYN/1/op2", "code": "poc"},
                                  {"unit_key": "SYN/1/op10", "code": ""},
                                  {"unit_key": "SYN/1/op1", "code": ""}], "paragraph")  # fmt: skip
        unit = collect_labels(store, stored_codebook(store, "b"), "unit")
        # op10 and op2 are one-unit paragraphs: their marks review the unit; op1 (two units)
        # was read whole and carries nothing: neither of its units carries a code
        assert unit.by_code["poc"] == {"SYN/1/op2": 1, "SYN/1/op10": 0, "SYN/1/op1": 0,
                                       "SYN/1/op1/a": 0}  # fmt: skip
        assert unit.by_code["auth"] == {k: 0 for k in unit.by_code["poc"]}
        para = collect_labels(store, stored_codebook(store, "b"), "paragraph")
        assert para.by_code["poc"] == {"SYN/1/op2": 1, "SYN/1/op10": 0, "SYN/1/op1": 0}


def test_a_paragraph_carrying_a_code_leaves_its_units_unlabelled_for_it(tmp_path: Path) -> None:
    with Store.open(make_project(tmp_path / "p.db")) as store:
        _import(tmp_path, store, [{"unit_key": "SYN/1/op1", "code": "poc"}], "paragraph")
        unit = collect_labels(store, stored_codebook(store, "b"), "unit")
        assert unit.by_code["poc"] == {}  # which unit carries poc, the mark does not say
        assert unit.by_code["auth"] == {"SYN/1/op1": 0, "SYN/1/op1/a": 0}  # none carries auth
        assert {"SYN/1/op1", "SYN/1/op1/a"} <= unit.human  # never suggested
        assert review_targets(store, "b", "unit", code="poc") == (
            set(), {"SYN/1/op1", "SYN/1/op1/a"})  # fmt: skip
        assert review_targets(store, "b", "unit", code="auth")[0] == {"SYN/1/op1", "SYN/1/op1/a"}
        # a span of a sub-paragraph another coder coded makes the paragraph carry the code too
        assert carrying_paragraphs(store, "b", ["poc", "auth"]) == {"poc": {"SYN/1/op1"},
                                                                    "auth": set()}  # fmt: skip


def test_the_rule_for_other_readers() -> None:
    """The library function agreement can call: one coder's marks and the paragraphs carrying
    a code in that coder's codings."""
    units = {"R/op1": ("R/op1", "R/op1/a"), "R/op2": ("R/op2",)}
    r = reach([("paragraph", "R/op1", None), ("unit", "R/op1/a", None)], "unit", units)
    assert r.for_code({"R/op1"}) == ({"R/op1/a"}, {"R/op1", "R/op1/a"})
    assert r.for_code(set())[0] == {"R/op1", "R/op1/a"}
    up = reach([("unit", "R/op1", None), ("unit", "R/op1/a", None), ("unit", "R/op2", None)],
               "paragraph", units)  # fmt: skip
    assert up.reviewed == {"R/op1", "R/op2"}
