"""`code export` writes a coding of a whole paragraph as what it is: level paragraph, the
paragraph's key and words, no span (it wrote a unit-level coding of the chapeau's words, which a
reader took for a coding of those words); `code import` reads it back as the same coding.
SYNTHETIC project (tests/synthetic_coding.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human.whole import placed_whole_paragraph_codings
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from synthetic_coding import make_project


def test_a_whole_paragraph_coding_exports_and_imports_as_one(tmp_path: Path) -> None:
    rows = tmp_path / "p.jsonl"
    rows.write_text(json.dumps({"unit_key": "SYN/1/op1", "code": "poc"}) + "\n", encoding="utf-8")
    table = tmp_path / "out.csv"
    with Store.open(make_project(tmp_path / "a.db")) as store:
        import_codings(store, rows, codebook="b", coder="ana", level="paragraph")
        export(store, str(table), ExportRequest(PassageFilter(sources=("human",)), "b"))
        before = collect_labels(store, stored_codebook(store, "b"), "unit").by_code
    with table.open(encoding="utf-8") as f:
        written = [r for r in csv.DictReader(f) if r["code"]]
    assert [(r["unit_key"], r["level"], r["start"], r["end"], r["text"]) for r in written] == [
        ("SYN/1/op1", "paragraph", "", "", "Synthetic head:\na synthetic task;")]  # fmt: skip
    with Store.open(make_project(tmp_path / "b.db")) as store:
        import_codings(store, table, codebook="b", coder="bo")  # --level unit: the row says
        assert [c[1] for c in placed_whole_paragraph_codings(store)] == ["SYN/1/op1"]
        assert collect_labels(store, stored_codebook(store, "b"), "unit").by_code == before
