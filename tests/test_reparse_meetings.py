"""A meeting record's date, agenda, number, President and time in ``meetings`` after a new
version of the record (a re-parse, an edited file): where they came from the record, the
current version's; where they came from the UN Library meeting index, kept; a value the new
version lacks never erases one.

Fixture: the first two pages of the record S/PV.8703; the "old parser" misreadings laid over
the real parser's output and the index rows built here are SYNTHETIC.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from normtrace import Project
from normtrace.actors.links import import_meeting_index
from normtrace.actors.meetings_index import MeetingEntry
from normtrace.parse.model import Document
from synthetic_reparse import parser_setter, record, undated

PV = "S/PV.8703"


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``parser(change)``: the real parser with ``change`` laid over its output."""
    return parser_setter(monkeypatch)


def meeting(project: Project, symbol: str = PV) -> tuple[Any, ...]:
    row = project.store.conn.execute(
        "SELECT date, topic, origin FROM meetings WHERE symbol = ?", (symbol,)
    ).fetchone()
    return tuple(row)


def misread(document: Document) -> Document:
    """What a SYNTHETIC old parser made of the record's date and agenda."""
    return replace(document, title="SYNTHETIC misread agenda", date="1999-01-01", year=1999)


def test_a_reparse_corrects_the_meeting_the_record_described(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(misread)
        project.ingest([path], progress=False)
        assert meeting(project) == ("1999-01-01", "SYNTHETIC misread agenda", "record")
        parser()
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert meeting(project) == ("2020-01-15", "The situation in Mali", "record")
        # and an edited file that misreads again is the record's current reading too
        parser(misread)
        path.write_bytes(path.read_bytes() + b"\n")
        assert project.ingest([path], progress=False).counts == {"new_version": 1}
        assert meeting(project) == ("1999-01-01", "SYNTHETIC misread agenda", "record")


def entry(date: str | None, topics: tuple[str, ...]) -> MeetingEntry:
    """A SYNTHETIC index row of S/PV.8703."""
    return MeetingEntry(PV, 8703, None, date, topics, None, (), (), False, "synthetic.html")


def test_the_meeting_index_keeps_its_values_and_the_record_corrects_its_own(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        # the index gives the date and no agenda: the record fills the agenda in
        import_meeting_index(project.store, [entry("2020-01-15", ())])
        parser(misread)
        project.ingest([path], progress=False)
        assert meeting(project) == ("2020-01-15", "SYNTHETIC misread agenda", "library_index")
        parser()
        project.ingest([path], reparse=True, progress=False)
        # the index's date is kept, the agenda the record gave is the new reading's
        assert meeting(project) == ("2020-01-15", "The situation in Mali", "library_index")


def test_a_date_the_index_filled_into_the_records_row_is_kept(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """The record read no date; the index's import filled it into the record's row. A new
    version that reads a date does not replace the index's (guard)."""
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(undated)
        project.ingest([path], progress=False)
        import_meeting_index(project.store, [entry("2020-01-15", ("The situation in Mali",))])
        assert meeting(project)[0::2] == ("2020-01-15", "record")
        parser(misread)
        project.ingest([path], reparse=True, progress=False)
        assert meeting(project)[0::2] == ("2020-01-15", "record")


def test_a_new_version_that_reads_no_date_keeps_the_meetings_date(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """A missing value never replaces a present one: a re-parse (or an edited file) that
    reads no date or agenda leaves the record's earlier reading in ``meetings``, which dates
    the new version again; nothing else could."""
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        project.ingest([path], progress=False)
        assert meeting(project) == ("2020-01-15", "The situation in Mali", "record")
        parser(lambda d: replace(undated(d), title=None))
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert meeting(project) == ("2020-01-15", "The situation in Mali", "record")
        current = project.store.conn.execute(
            "SELECT version, date FROM documents WHERE symbol = ? AND is_current = 1", (PV,)
        ).fetchone()
        assert tuple(current) == (2, "2020-01-15")  # the new version dated from the meeting
        # and a present value of the current version still corrects the record's own
        parser(misread)
        path.write_bytes(path.read_bytes() + b"\n")
        assert project.ingest([path], progress=False).counts == {"new_version": 1}
        assert meeting(project) == ("1999-01-01", "SYNTHETIC misread agenda", "record")


PRESIDENT = {"name": "Mr. Dang", "state": "Viet Nam"}


def chair(project: Project, symbol: str = PV) -> tuple[Any, ...]:
    """The meeting's number, President and time as ``meetings`` holds them."""
    row = project.store.conn.execute(
        "SELECT number, meta FROM meetings WHERE symbol = ?", (symbol,)
    ).fetchone()
    meta = json.loads(row["meta"])
    return row["number"], meta.get("president"), meta.get("time")


def misread_chair(document: Document) -> Document:
    """What a SYNTHETIC old parser made of the record's meeting number, President and time."""
    meta = {**document.meta, "meeting_number": 8073, "time": "01:00",
            "president": {"name": "SYNTHETIC Mr. Nobody", "state": "France"}}  # fmt: skip
    return replace(document, meta=meta)


def unchaired(document: Document) -> Document:
    """A SYNTHETIC reading that finds no meeting number, President or time."""
    meta = {**document.meta, "meeting_number": None, "president": None, "time": None}
    return replace(document, meta=meta)


def test_a_reparse_corrects_the_meetings_number_and_president(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(misread_chair)
        project.ingest([path], progress=False)
        misread = (8073, {"name": "SYNTHETIC Mr. Nobody", "state": "France"}, "01:00")
        assert chair(project) == misread
        parser()
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert chair(project) == (8703, PRESIDENT, "10:00")
        # an edited file that misreads again is the record's current reading too
        parser(misread_chair)
        path.write_bytes(path.read_bytes() + b"\n")
        assert project.ingest([path], progress=False).counts == {"new_version": 1}
        assert chair(project) == misread


def test_a_reparse_that_finds_no_president_keeps_the_meetings(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        project.ingest([path], progress=False)
        assert chair(project) == (8703, PRESIDENT, "10:00")
        parser(unchaired)
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert chair(project) == (8703, PRESIDENT, "10:00")
        # a present value of the current version still corrects the record's own, though
        # the version before it read none
        parser(misread_chair)
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert chair(project)[1:] == ({"name": "SYNTHETIC Mr. Nobody", "state": "France"},
                                      "01:00")  # fmt: skip


def test_the_meeting_index_keeps_its_number_and_the_record_corrects_its_president(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        # the index gives the number and no President: the record fills the President in
        import_meeting_index(project.store, [entry("2020-01-15", ("The situation in Mali",))])
        parser(misread_chair)
        project.ingest([path], progress=False)
        nobody = {"name": "SYNTHETIC Mr. Nobody", "state": "France"}
        assert chair(project) == (8703, nobody, "01:00")
        parser()
        project.ingest([path], reparse=True, progress=False)
        assert chair(project) == (8703, PRESIDENT, "10:00")
        parser(misread_chair)
        project.ingest([path], reparse=True, progress=False)
        # the index's number is kept; the President the record gave is the new reading's
        assert chair(project) == (8703, nobody, "01:00")
        assert meeting(project)[2] == "library_index"
