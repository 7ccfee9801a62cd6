"""Work a new version moved (an ingest's re-anchoring, a verdict carried with its words) or its
coder's settlement of a review moved to another unit is the work it was: every export writes,
as ``at`` ("when the work was done"), the time it was made, and the move's own time as
``moved_at``; a round trip (export → import into a fresh project) keeps work from before a
blind assignment as such. A new user's finding F2: the table said the ingest's time, and
`code import` reads ``at`` for the blind-reading rule, so the round trip turned pre-assignment
work into an apparent blind reading. The resolution, coders and times are SYNTHETIC."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.codings import import_codings, resolve_codebook
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.qdpx_read import import_qdpx
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.coding.human.blind_work import predating_work
from normtrace.store.db import Store, utc_now
from synthetic_moved import (
    OP1,
    OP2,
    OP3,
    fresh_project,
    insert_before_op1,
    project,
    reword_op1,
    tick,
)

SHIFT = len("Firmly and SYNTHETICALLY ")  # where op1's words stand after reword_op1


def _rows(store: Store, path: Path) -> list[dict[str, Any]]:
    """The human rows ``code export`` writes to ``path`` (.csv or .xlsx)."""
    export(store, path, ExportRequest(codebook="synth"))
    if path.suffix == ".csv":
        with path.open(encoding="utf-8") as f:
            found: list[dict[str, Any]] = list(csv.DictReader(f))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        assert sheet is not None
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        found = [dict(zip(values[0], r, strict=True)) for r in values[1:]]
    return [r for r in found if r["source"] == "human" and r["status"] == "coded"]


def _moved_event(store: Store, key: str) -> events.CodingEvent:
    (row,) = store.conn.execute(
        "SELECT id FROM coding_events WHERE action = 'code' AND reanchors IS NOT NULL "
        "AND unit_key = ?",
        (key,),
    ).fetchall()
    return events.get_event(store, int(row[0]))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_re_anchored_coding_is_exported_with_the_time_its_work_was_made(
    tmp_path: Path, suffix: str
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own")
        reword_op1(opened, path)
        moved = _moved_event(store, OP1)
        assert moved.start == SHIFT and moved.at > made.at  # the ingest moved it, later
        (row,) = _rows(store, tmp_path / f"out{suffix}")
        assert (row["unit_key"], int(row["start"])) == (OP1, SHIFT)
        assert (row["at"], row["moved_at"]) == (made.at, moved.at)
        # a coding nobody moved has no moved_at
        events.add_code(store, coder="bo", unit_key=OP2, start=0, end=8, code="own")
        rows = {r["coder"]: r for r in _rows(store, tmp_path / f"again{suffix}")}
        assert rows["bo"]["moved_at"] in ("", None)


def test_a_re_anchored_coding_in_a_qdpx_has_the_time_its_work_was_made(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                               memo="SYNTHETIC note")  # fmt: skip
        reword_op1(opened, path)
        assert _moved_event(store, OP1).at != made.at
        export_qdpx(store, tmp_path / "out.qdpx", codebook="synth")
        with zipfile.ZipFile(tmp_path / "out.qdpx") as z:
            xml = z.read("project.qde").decode("utf-8")
        (coding,) = re.findall(r"<Coding [^>]*>", xml)
        assert f'creationDateTime="{made.at}"' in coding


def test_a_round_trip_keeps_re_anchored_work_from_before_a_blind_assignment(
    tmp_path: Path,
) -> None:
    """ana coded op1; op1 was blind-assigned (``blind``); a new version moved her words within
    op1 and the ingest re-anchored her coding; her export, imported into a fresh project, still
    says her coding was made before the assignment: the blind-reading rule sets it aside."""
    with project(tmp_path / "a") as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own")
        tick()
        blind = utc_now(precise=True)
        reword_op1(opened, path)
        (early,) = predating_work(store, {OP1: {"ana": blind}})  # in the project itself
        assert early.first == made.at
        _rows(store, tmp_path / "ana.csv")
    with fresh_project(tmp_path / "b", path) as fresh:
        import_codings(fresh.store, tmp_path / "ana.csv", codebook="synth", coder="ana")
        (early,) = predating_work(fresh.store, {OP1: {"ana": blind}})
        assert (early.coder, early.first, early.counted) == ("ana", made.at, False)


def test_a_round_trip_keeps_the_time_of_a_coding_its_coder_moved_to_another_unit(
    tmp_path: Path,
) -> None:
    """The same for a coding ana moved (`code review ID --move`) after op2's blind assignment,
    through a table and through a .qdpx."""
    with project(tmp_path / "a") as (opened, path):
        store = opened.store
        made = events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own")
        insert_before_op1(opened, path)
        blind = utc_now(precise=True)
        tick()
        (review,) = open_reviews(store)
        moved = resolve_review(store, review.id, coder="ana", move=True)
        (row,) = _rows(store, tmp_path / "ana.csv")
        assert (row["unit_key"], row["at"], row["moved_at"]) == (OP2, made.at, moved.at)
        export_qdpx(store, tmp_path / "ana.qdpx", codebook="synth")
    for name, read in (("b", "csv"), ("c", "qdpx")):
        with fresh_project(tmp_path / name, path) as fresh:
            if read == "csv":
                import_codings(fresh.store, tmp_path / "ana.csv", codebook="synth", coder="ana")
            else:
                import_qdpx(fresh.store, tmp_path / "ana.qdpx")
            (early,) = predating_work(fresh.store, {OP2: {"ana": blind}})
            assert (early.coder, early.first, early.counted) == ("ana", made.at, False), read


def test_an_accept_carried_with_its_words_is_exported_with_the_time_it_was_made(
    tmp_path: Path,
) -> None:
    """A verdict a new version carried to another unit with its words (op2's candidate, now
    op3's) is the coder's work of then: its row (an accept is its coder's coding) says so."""
    with project(tmp_path) as (opened, path):
        store = opened.store
        book = resolve_codebook(store, str(tmp_path / "synth.yaml"))
        apply_codebook(store, book, progress=False)
        (candidate,) = store.conn.execute("SELECT id FROM current_auto_codings").fetchall()
        accepted = events.record_verdict(store, coder="ana", auto_coding_id=int(candidate[0]),
                                         verdict="accept")  # fmt: skip
        insert_before_op1(opened, path)
        carried = store.conn.execute(
            "SELECT at FROM coding_events WHERE action = 'verdict' AND reanchors = ?",
            (accepted.id,),
        ).fetchone()
        assert carried is not None and carried[0] > accepted.at
        (row,) = _rows(store, tmp_path / "out.csv")
        assert (row["unit_key"], row["code"], row["coder"]) == (OP3, "aid", "ana")
        assert (row["at"], row["moved_at"]) == (accepted.at, carried[0])
