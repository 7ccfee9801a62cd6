"""A held-back reading of a meeting record (``store.shrunk``: it lost most of the current
version's words) was never current: what it read of the meeting (its date) is not "what the
record gave" when a later version corrects the ``meetings`` row (``meeting_row._read_before``;
R1 finding 5, stop 48).

Fixture: the first two pages of the record S/PV.8703; the misreadings laid over the real
parser's output and the index row built here are SYNTHETIC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

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


def emptied(document: Document) -> Document:
    """A SYNTHETIC reading that lost every speech and paragraph (held back), with the date."""
    return replace(document, speeches=(), paragraphs=())


def misread(document: Document) -> Document:
    """A SYNTHETIC reading of the whole record with a wrong date."""
    return replace(document, date="1999-01-01", year=1999)


def test_a_held_back_readings_date_is_not_the_records(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """The record read no date; the index filled its row's; a held-back reading read that
    date. A later whole version misreading the date keeps the index's: the held reading,
    never current, did not give it."""
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(undated)
        project.ingest([path], progress=False)
        entry = MeetingEntry(PV, 8703, None, "2020-01-15", ("The situation in Mali",), None,
                             (), (), False, "synthetic.html")  # fmt: skip
        import_meeting_index(project.store, [entry])
        parser(emptied)
        assert project.ingest([path], reparse=True, progress=False).counts == {"shrunk": 1}
        assert project.store.conn.execute(
            "SELECT date FROM documents WHERE symbol = ? AND is_current = 0", (PV,)
        ).fetchone()[0] == "2020-01-15"  # fmt: skip
        parser(misread)
        assert project.ingest([path], reparse=True, progress=False).counts == {"new_version": 1}
        row = project.store.conn.execute(
            "SELECT date, origin FROM meetings WHERE symbol = ?", (PV,)
        ).fetchone()
        assert tuple(row) == ("2020-01-15", "record")
