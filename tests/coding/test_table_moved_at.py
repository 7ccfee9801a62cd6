"""When a coding was moved (``moved_at``: its coder's `code review --move`, an ingest carrying a
verdict with its words) survives a CSV or XLSX round trip as when it was made (``at``) does, as
it already did through a ``.qdpx``: `code export` writes the column, `code import` records the
time as the file states it (migration 0030, ``stated_moves``: not re-derived, not dropped), and
the second project's export is the first's, row for row. A second import of the same file
changes nothing; a file without the column still imports; a moved time before the row's ``at``,
without one, or on a row that is no coding is a bad row. Stop 47 dropped the column on import.
The resolution, codebook, coders and times are SYNTHETIC (tests/synthetic_moved.py)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.codings import (
    CodingImportError,
    import_codings,
    resolve_codebook,
)
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import REJECTION, PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.coding.human.reviews import mark_done
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_moved import OP1, OP2, OP3, SYMBOL, fresh_project, insert_before_op1, project

PP1 = f"{SYMBOL}/pp01"
#: the columns that name a project's own rows, not the work: left out of the comparison
OWN = ("ref",)
REQUEST = ExportRequest(PassageFilter(sources=("human", REJECTION)), "synth")


def _read(path: Path) -> list[dict[str, Any]]:
    """The rows of a table ``code export`` wrote, every cell as text ("" for an empty one)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            return [dict(r) for r in csv.DictReader(f)]
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [{str(k): "" if v is None else str(v) for k, v in zip(values[0], r, strict=True)}
            for r in values[1:]]  # fmt: skip


def _work(rows: list[dict[str, Any]]) -> list[tuple[tuple[str, Any], ...]]:
    """The rows without :data:`OWN`; a rejection's memo left out too: `code import` records a
    rejection without one (the ingest's note on a carried verdict names the first project's
    run: "moved with its words to … by run 4"), as before this change."""
    return sorted(
        tuple((k, v) for k, v in r.items() if k not in OWN
              and not (k == "memo" and r["source"] == REJECTION))
        for r in rows
    )  # fmt: skip


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("coding_events", "stated_times", "stated_moves", "coding_reviews")
    )


def _moved_work(opened: Project, path: Path) -> tuple[str, str]:
    """ana codes op1 and the preamble, rejects op2's dictionary candidate and marks the
    preamble done; a paragraph inserted before op1 moves op1's words to op2 (she moves her
    coding there) and op2's to op3 (the ingest carries her rejection). The two moved times."""
    store = opened.store
    book = resolve_codebook(store, str(path.parent / "synth.yaml"))
    apply_codebook(store, book, progress=False)
    events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                    codebook="synth", memo="SYNTHETIC note")  # fmt: skip
    events.add_code(store, coder="ana", unit_key=PP1, start=0, end=9, code="aid",
                    codebook="synth")  # fmt: skip
    (candidate,) = store.conn.execute("SELECT id FROM current_auto_codings").fetchall()
    rejected = events.record_verdict(store, coder="ana", auto_coding_id=int(candidate[0]),
                                     verdict="reject")  # fmt: skip
    mark_done(store, coder="ana", codebook="synth", unit_keys=[PP1])
    insert_before_op1(opened, path)
    apply_codebook(store, book, progress=False)
    (review,) = open_reviews(store)
    moved = resolve_review(store, review.id, coder="ana", move=True)
    (carried,) = store.conn.execute(
        "SELECT at FROM coding_events WHERE action = 'verdict' AND reanchors = ?", (rejected.id,)
    ).fetchone()
    return moved.at, str(carried)


def _fresh(folder: Path, source: Path) -> Project:
    fresh = fresh_project(folder, source)
    apply_codebook(fresh.store, resolve_codebook(fresh.store, "synth"), progress=False)
    return fresh


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_moved_at_survives_a_table_round_trip_row_for_row(tmp_path: Path, suffix: str) -> None:
    first = tmp_path / f"a{suffix}"
    with project(tmp_path / "a") as (opened, path):
        moved, carried = _moved_work(opened, path)
        export(opened.store, first, REQUEST)
    rows = _read(first)
    by_key = {(r["unit_key"], r["source"]): r["moved_at"] for r in rows if r["code"]}
    assert by_key == {(OP2, "human"): moved, (PP1, "human"): "", (OP3, REJECTION): carried}
    with _fresh(tmp_path / "b", path) as fresh:
        import_codings(fresh.store, first, codebook="synth", coder="ana")
        second = tmp_path / f"b{suffix}"
        export(fresh.store, second, REQUEST)
        assert _work(_read(second)) == _work(rows)  # the moved times as stated, not dropped
        logged = _counts(fresh.store)
        import_codings(fresh.store, first, codebook="synth", coder="ana")
        assert _counts(fresh.store) == logged


def test_a_table_without_the_moved_at_column_still_imports(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    with project(tmp_path / "a") as (opened, path):
        _moved_work(opened, path)
        export(opened.store, first, REQUEST)
    rows = _read(first)
    old = tmp_path / "old.csv"
    with old.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[c for c in rows[0] if c != "moved_at"])
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "moved_at"} for r in rows)
    with _fresh(tmp_path / "b", path) as fresh:
        report = import_codings(fresh.store, old, codebook="synth", coder="ana")
        assert (report.codings, report.rejections) == (2, 1)
        assert fresh.store.conn.execute("SELECT count(*) FROM stated_moves").fetchone()[0] == 0


def _edited(rows: list[dict[str, Any]], path: Path, change: dict[str, str], where: str) -> None:
    """``rows`` written to ``path`` with ``change`` made to the row ``where`` picks
    (``moved``: the moved coding's; ``mark``: the preamble's review mark); a value ``=at`` is
    the row's own ``at``."""
    out = []
    for r in rows:
        moved = r["moved_at"] and r["source"] == "human"
        mark = r["status"] == "reviewed"
        changed = {k: r["at"] if v == "=at" else v for k, v in change.items()}
        out.append({**r, **changed} if (moved if where == "moved" else mark) else r)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)


@pytest.mark.parametrize(
    ("change", "where", "said"),
    [
        ({"moved_at": "2001-01-01T00:00:00Z"}, "moved", "is before its at"),
        ({"at": ""}, "moved", "needs the at cell"),
        ({"moved_at": "2031-03-02 10:00"}, "moved", "moved_at 2031-03-02 10:00 names no time zone"),
        ({"moved_at": "=at"}, "mark", "the row is a review mark, not a coding"),
    ],
)
def test_a_bad_moved_at_is_a_bad_row_and_nothing_is_imported(
    tmp_path: Path, change: dict[str, str], where: str, said: str
) -> None:
    first = tmp_path / "a.csv"
    with project(tmp_path / "a") as (opened, path):
        _moved_work(opened, path)
        export(opened.store, first, REQUEST)
    broken = tmp_path / "broken.csv"
    _edited(_read(first), broken, change, where)
    with _fresh(tmp_path / "b", path) as fresh:
        logged = _counts(fresh.store)
        with pytest.raises(CodingImportError, match=said):
            import_codings(fresh.store, broken, codebook="synth", coder="ana")
        assert _counts(fresh.store) == logged
