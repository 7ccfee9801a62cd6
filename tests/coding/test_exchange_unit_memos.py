"""Memos on whole units travel in a codings table (CSV, XLSX): ``code export`` writes each as
a row of status ``memo``, and ``code import`` writes it back once.

Every text here is SYNTHETIC (made up for tests, not UN text): a made-up resolution SYN/1 and a
made-up meeting SYN/PV.1 with two speeches.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.human.undo import undo_event
from normtrace.store.db import Store
from synthetic_exchange import SPEECHES, SyntheticProject

UNITS = [
    ("SYN/1/op1", "op", "1. Requests the synthetic mission to protect invented civilians;"),
    ("SYN/1/op2", "op", "2. Decides to remain seized of this made-up matter."),
]
PROJECT = SyntheticProject("SYN/1", UNITS, SPEECHES)


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    return PROJECT.book(tmp_path)


def _memos(store: Store) -> list[tuple[str, str, str | None, str]]:
    rows = store.conn.execute(
        "SELECT coder, unit_key, code, memo FROM effective_coding_events WHERE action = 'memo' "
        "AND start IS NULL AND document IS NULL ORDER BY coder, unit_key, memo"
    )
    return [(str(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]


@pytest.fixture()
def memoed(tmp_path: Path, book: Path) -> Store:
    """A SYNTHETIC project with memos on whole units: ana's on a speech she coded ("Add memo"),
    ben's "done, nothing applies" memo imported from a file (kept on its unit), ana's memo
    about a code on a unit she never coded, and ben's memo he took back (undone)."""
    store = PROJECT.open(tmp_path / "memoed.db", book)
    events.add_code(store, coder="ana", unit_key="SYN/PV.1/s002", start=14, end=20, code="poc")
    events.add_memo(store, coder="ana", unit_key="SYN/PV.1/s002",
                    memo="synthetic: child protection only, not PoC")  # fmt: skip
    events.add_memo(store, coder="ana", unit_key="SYN/1/op2", memo="synthetic: force?",
                    code="force")  # fmt: skip
    gone = events.add_memo(store, coder="ben", unit_key="SYN/1/op1", memo="synthetic: withdrawn")
    undo_event(store, coder="ben", event_id=gone.id)
    none = tmp_path / "ben.csv"
    none.write_text("unit_key,code,memo\nSYN/1/op1,,synthetic: too vague for force\n")
    import_codings(store, none, codebook="synth", coder="ben")
    mark_done(store, coder="ana", codebook="synth", unit_keys=["SYN/PV.1/s002"])
    return store


WANTED = [
    ("ana", "SYN/1/op2", "force", "synthetic: force?"),
    ("ana", "SYN/PV.1/s002", None, "synthetic: child protection only, not PoC"),
    ("ben", "SYN/1/op1", None, "synthetic: too vague for force"),
]


def test_fixture_memos(memoed: Store) -> None:
    assert _memos(memoed) == WANTED


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_round_trip_keeps_unit_memos(
    memoed: Store, tmp_path: Path, book: Path, suffix: str
) -> None:
    table = tmp_path / f"codings{suffix}"
    export(memoed, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))
    fresh = PROJECT.open(tmp_path / "fresh.db", book)
    report = import_codings(fresh, table, codebook="synth", coder="nobody")
    assert _memos(fresh) == WANTED
    assert report.memos == 3
    assert report.none_applies == 2  # the two marks; memo rows are no "none applies"
    # each memo keeps when it was written
    made = {
        r[0]: r[1]
        for r in memoed.conn.execute(
            "SELECT memo, at FROM effective_coding_events WHERE action = 'memo'"
        )
    }
    stated = {
        r[0]: r[1]
        for r in fresh.conn.execute(
            "SELECT e.memo, t.made_at FROM effective_coding_events e JOIN stated_times t ON "
            "t.event_id = e.id WHERE e.action = 'memo'"
        )
    }
    assert stated == {m: made[m] for m in stated} and len(stated) == 3
    # the codings and marks came through beside them, and a memo row codes nothing
    assert [
        tuple(r) for r in fresh.conn.execute("SELECT coder, unit_key, code FROM human_codings")
    ] == [("ana", "SYN/PV.1/s002", "poc")]
    # importing the same file again adds no memo (append-only, no duplicates)
    again = import_codings(fresh, table, codebook="synth", coder="nobody")
    assert again.memos == 0
    assert _memos(fresh) == WANTED


def test_memo_rows_in_the_csv(memoed: Store, tmp_path: Path) -> None:
    table = tmp_path / "codings.csv"
    export(memoed, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    memo_rows = [r for r in rows if r["status"] == "memo"]
    assert sorted((r["coder"], r["unit_key"], r["code"], r["memo"]) for r in memo_rows) == [
        (c, k, code or "", m) for c, k, code, m in WANTED
    ]
    for r in memo_rows:  # the unit's whole text, marking nothing
        assert r["source"] == "human" and r["reviewed"] == "no" and r["start"] == "0"
        assert r["text"] == memoed.conn.execute(
            "SELECT text FROM units WHERE key = ?", (r["unit_key"],)).fetchone()[0]  # fmt: skip
    # a table of one coder carries that coder's memos only; one of one code, none
    ben = tmp_path / "ben.csv"
    export(memoed, ben, ExportRequest(PassageFilter(coder="ben", sources=("human",)), "synth"))
    assert [r["memo"] for r in csv.DictReader(io.StringIO(ben.read_text())) if
            r["status"] == "memo"] == ["synthetic: too vague for force"]  # fmt: skip
    poc = tmp_path / "poc.csv"
    export(memoed, poc, ExportRequest(PassageFilter(code="poc", sources=("human",)), "synth"))
    assert not [r for r in csv.DictReader(io.StringIO(poc.read_text())) if r["status"] == "memo"]


def test_memo_row_problems(memoed: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit_key,code,status,memo,reviewed,text\n"
        "SYN/1/op1,,memo,,no,\n"
        "SYN/9/op1,,memo,synthetic,no,\n"
        "SYN/1/op2,,memo,synthetic,no,other words\n"
    )
    with pytest.raises(CodingImportError) as err:
        import_codings(memoed, bad, codebook="synth", coder="ana")
    problems = err.value.problems
    assert problems[0].startswith("row 2: a memo row has no memo")
    assert problems[1].startswith("row 3: no unit 'SYN/9/op1'")
    assert problems[2].startswith("row 4: SYN/1/op2 [0:")
    assert "the file was made on another version of the text" in problems[2]
