"""``normtrace code list --source human`` shows every memo of a coding (it showed the first
only: a coder who wrote several memos on one coding, over time or by an import, saw one).

Each coding lists its memos (the one it was made with, and those written on its span about
its code or no code, a colleague's too), oldest first by when they were made, each with its
coder and time: in JSON a list, in CSV and the table one text, ``AT CODER: MEMO`` joined by
``" | "``. The existing columns stay as they were (``memo``: the memo it was made with).

Every text here is SYNTHETIC (made up for tests, not UN text): the made-up resolution SYN/1 of
``synthetic_exchange``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.passage_memos import memoed_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.undo import undo_event
from synthetic_exchange import SyntheticProject

UNIT = "SYN/1/op1"
PROJECT = SyntheticProject(
    "SYN/1", [(UNIT, "op", "1. Requests the synthetic mission to protect invented civilians;")]
)
#: the columns `code list --source human` printed before it listed every memo
OLD_COLUMNS = ["event_id", "at", "coder", "unit_key", "start", "end", "snippet", "code", "memo",
               "codebook_version", "edition", "codebook"]  # fmt: skip
AT = "2024-05-01T10:00:00Z"  # when ana's SYNTHETIC table says she coded "Requests"


def _table(path: Path, memo: str) -> Path:
    path.write_text(f'unit_key,code,start,end,memo,at\n{UNIT},poc,3,11,"{memo}",{AT}\n')
    return path


def _memoed(tmp_path: Path) -> Path:
    """ben's memo on the span first; then ana's coding of it from a table that says it was
    made at ``AT`` (before ben's memo), with a memo; the table again with the memo edited; a
    later memo of ana's; memos that are not the coding's (about another code, undone)."""
    db = tmp_path / "p.db"
    with PROJECT.open(db, PROJECT.book(tmp_path)) as store:
        events.add_memo(store, coder="ben", unit_key=UNIT, start=3, end=11, code="poc",
                        memo="SYNTHETIC ben: which mission?", codebook="synth")  # fmt: skip
        import_codings(store, _table(tmp_path / "a.csv", "SYNTHETIC first look"),
                       codebook="synth", coder="ana")  # fmt: skip
        import_codings(store, _table(tmp_path / "b.csv", "SYNTHETIC second look"),
                       codebook="synth", coder="ana")  # fmt: skip
        events.add_memo(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                        memo="SYNTHETIC third look", codebook="synth")  # fmt: skip
        events.add_memo(store, coder="ana", unit_key=UNIT, start=3, end=11, code="force",
                        memo="SYNTHETIC about force", codebook="synth")  # fmt: skip
        gone = events.add_memo(store, coder="ana", unit_key=UNIT, start=3, end=11,
                               memo="SYNTHETIC taken back")  # fmt: skip
        undo_event(store, coder="ana", event_id=gone.id)
    return db


def _list(db: Path, fmt: str) -> str:
    out = CliRunner().invoke(
        cli, ["--project", str(db), "code", "list", "--source", "human", "--format", fmt]
    )
    assert out.exit_code == 0, out.output
    return out.output


def test_every_memo_of_a_coding_is_listed_in_time_order_in_every_format(tmp_path: Path) -> None:
    db = _memoed(tmp_path)
    (row,) = json.loads(_list(db, "json"))
    assert list(row)[: len(OLD_COLUMNS)] == OLD_COLUMNS  # added, not renamed
    assert row["memo"] == "SYNTHETIC first look"  # the memo it was made with, as before
    memos = row["memos"]
    assert [(m["coder"], m["memo"]) for m in memos] == [
        ("ana", "SYNTHETIC first look"),  # made at AT, before ben's memo was recorded
        ("ben", "SYNTHETIC ben: which mission?"),
        ("ana", "SYNTHETIC second look"),  # the import's edit, at the import's time
        ("ana", "SYNTHETIC third look"),
    ]
    assert memos[0]["at"] == AT and memos[0]["event_id"] == row["event_id"]
    times = [m["at"] for m in memos]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)
    joined = " | ".join(f"{m['at']} {m['coder']}: {m['memo']}" for m in memos)
    (line,) = csv.DictReader(io.StringIO(_list(db, "csv")))
    assert list(line)[: len(OLD_COLUMNS)] == OLD_COLUMNS
    assert line["memos"] == joined and line["memo"] == "SYNTHETIC first look"
    table = _list(db, "table")
    assert table.splitlines()[0].split() == [*OLD_COLUMNS, "memos", "status", "review", "moved_at"]
    assert joined in table


def test_a_moved_coding_keeps_its_memos_and_their_times_each_once(tmp_path: Path) -> None:
    """A new version of the text moved the coding (re-anchoring writes an ``uncode`` and a
    ``code`` that ``reanchors`` it, with the memo; here to the same offsets, as when words
    after the span changed): the memo it was made with keeps the time it was written, and
    the memo written on its earlier span is listed once (an export listed it twice)."""
    with PROJECT.open(tmp_path / "p.db", PROJECT.book(tmp_path)) as store:
        first = events.add_code(store, coder="ana", unit_key=UNIT, start=3, end=11,
                                code="poc", memo="SYNTHETIC own", codebook="synth")  # fmt: skip
        later = events.add_memo(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                                memo="SYNTHETIC later", codebook="synth")  # fmt: skip
        events.append_event(
            store, coder="ana", action="uncode", trusted=True, unit_key=UNIT, start=3, end=11,
            code="poc", memo="re-anchored: moved to [3:11]", reanchors=first.id,
            codebook_version=first.codebook_version,
        )  # fmt: skip
        moved = events.add_code(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                                memo="SYNTHETIC own", reanchors=first.id,
                                codebook="synth")  # fmt: skip
        (listed,) = memoed_codings(store)
        assert listed.event_id == moved.id
        assert [(m.memo, m.at, m.event_id) for m in listed.memos] == [
            ("SYNTHETIC own", first.at, moved.id), ("SYNTHETIC later", later.at, later.id)
        ]  # fmt: skip
        assert moved.at > first.at  # (the move's time is not the memo's)
        # the passages table's memo cell (code export) also has each memo once
        export(
            store, tmp_path / "out.csv", ExportRequest(PassageFilter(sources=("human",)), "synth")
        )
        (row,) = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8")))
        assert row["memo"] == "SYNTHETIC own | SYNTHETIC later"


def test_a_coding_without_memos_lists_none(tmp_path: Path) -> None:
    with PROJECT.open(tmp_path / "p.db", PROJECT.book(tmp_path)) as store:
        events.add_code(store, coder="ana", unit_key=UNIT, start=3, end=11, code="poc",
                        codebook="synth")  # fmt: skip
        assert [c.memos for c in memoed_codings(store)] == [()]
    (line,) = csv.DictReader(io.StringIO(_list(tmp_path / "p.db", "csv")))
    assert (line["memo"], line["memos"]) == ("", "")
