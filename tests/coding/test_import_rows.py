"""`normtrace code import`: a grouping code's rows are listed one line each and nothing is
imported; the memo of a "reviewed, nothing applies" row (empty code) is kept on the unit, not
dropped; a paragraph that does not exist is said so, with the nearest keys (it was called "not
a sub-paragraph"). SYNTHETIC units.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.human.events import list_events
from normtrace.coding.human.reviews import current_reviews
from normtrace.store.db import Store
from synthetic_coding import make_project, nt


def test_import_lists_each_grouping_code_row_and_imports_nothing(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db")
    rows = tmp_path / "r.csv"
    rows.write_text("unit_key,code\nSYN/1/op2,auth\nSYN/1/op2,force\nSYN/1/op1,force\n")
    with Store.open(db) as store:
        with pytest.raises(CodingImportError) as info:
            import_codings(store, rows, codebook="b", coder="ana")
        assert [p.split(":")[0] for p in info.value.problems] == ["row 3", "row 4"]
        assert all("is a grouping code (codable: false), never applied" in p
                   for p in info.value.problems)  # fmt: skip
        assert "codable codes: auth, poc" in info.value.problems[1]
        assert list_events(store) == [] and current_reviews(store, "b") == []
    # a typed source cell saying "human" (as an export writes it, with the words it coded)
    # makes no grouping code applicable
    rows.write_text("unit_key,code,source\nSYN/1/op2,force,human\n")
    with Store.open(db) as store:
        with pytest.raises(CodingImportError, match="grouping code"):
            import_codings(store, rows, codebook="b", coder="ana")
        assert list_events(store) == []


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_the_memo_of_a_nothing_applies_row_is_kept_on_the_unit(tmp_path: Path, suffix: str) -> None:
    """A row with an empty code and a memo lost the memo silently."""
    db = make_project(tmp_path / "p.db")
    rows = tmp_path / f"r.{suffix}"
    memo = "SYNTHETIC: read it, none of the codes applies"
    if suffix == "csv":
        rows.write_text(f'unit_key,code,memo\nSYN/1/op2,,"{memo}"\nSYN/1/op10,poc,a coding memo\n')
    else:
        rows.write_text(json.dumps({"unit_key": "SYN/1/op2", "code": "", "memo": memo}) + "\n")
    out = nt(db, "code", "import", str(rows), "--codebook", "b").stdout
    # the unit's memo is new (and, in the CSV, the new coding's)
    assert ("memos: 2 new (1 with their codings)" if suffix == "csv" else "memos: 1 new") in out
    with Store.open(db) as store:
        memos = [(e.coder, e.unit_key, e.start, e.memo) for e in list_events(store)
                 if e.action == "memo"]  # fmt: skip
        assert memos == [("ana", "SYN/1/op2", None, memo)]
        assert {m.key for m in current_reviews(store, "b")} >= {"SYN/1/op2"}
    again = nt(db, "code", "import", str(rows), "--codebook", "b").stdout
    with Store.open(db) as store:  # the same file again: no second memo, no second coding
        assert sum(e.action == "memo" for e in list_events(store)) == 1
    if suffix == "csv":
        assert "imported 0 new coding(s) and 0 new 'none applies' row(s)" in again
        assert "1 coding row(s) and 1 'none applies' row(s) the project held already" in again


def test_a_paragraph_memo_goes_on_the_paragraphs_first_unit(tmp_path: Path) -> None:
    db = make_project(tmp_path / "p.db")
    rows = tmp_path / "r.jsonl"
    rows.write_text(json.dumps({"unit_key": "SYN/1/op1", "code": "", "memo": "SYNTHETIC"}) + "\n")
    with Store.open(db) as store:
        report = import_codings(store, rows, codebook="b", coder="ana", level="paragraph")
        assert report.memos == 1
        (memo,) = [e for e in list_events(store) if e.action == "memo"]
        assert (memo.unit_key, memo.memo) == ("SYN/1/op1", "SYNTHETIC")


def test_a_missing_paragraph_is_said_not_to_exist_with_the_nearest_keys(tmp_path: Path) -> None:
    """`code import --level paragraph` said "not a sub-paragraph" of …/op99."""
    db = make_project(tmp_path / "p.db")
    rows = tmp_path / "r.csv"
    rows.write_text("unit_key,code\nSYN/1/op11,poc\nSYN/1/op1/a,poc\nSYN/9/op1,poc\n")
    with Store.open(db) as store, pytest.raises(CodingImportError) as info:
        import_codings(store, rows, codebook="b", coder="ana", level="paragraph")
    missing, sub, nowhere = info.value.problems
    assert missing == (
        "row 2: paragraph 'op11' does not exist in SYN/1 (nearest: op1, op10, op2); name one of "
        "its paragraphs (`normtrace show 'SYN/1'` lists them)"
    )
    assert "sub-paragraph" not in missing
    assert sub.startswith("row 3: 'SYN/1/op1/a' is a sub-paragraph; at paragraph level name "
                          "its paragraph (SYN/1/op1)")  # fmt: skip
    assert nowhere.startswith("row 4: no paragraph 'SYN/9/op1': no document of the project")
