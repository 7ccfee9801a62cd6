"""Two things a command changes behind the user's back are said, in one line each (N2 F-order-1,
F-mig-1): ``actors links`` dating meetings that reuse linked undated, and a schema upgrade.

SYNTHETIC documents (symbols no UN document uses) and a SYNTHETIC one-meeting index.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.actors import meetings_index
from normtrace.actors.meetings_index import MeetingEntry
from normtrace.cli import cli
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store, migrations
from normtrace.store.writer import SourceRecord, save_document

WORDS = (
    "SYNTHETIC words: the synthetic mission shall keep its patrols in the northern valleys and "
    "report every quarter on the safety of the displaced families there"
)


def _save(store: Store, doc: Document) -> None:
    digest = doc.symbol.encode().hex().ljust(64, "0")[:64]
    save_document(store, doc, SourceRecord(doc.symbol, digest, 1, "text/plain", "test"))


def test_actors_links_says_reuse_links_of_newly_dated_meetings_are_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        speech = Speech("S/PV.99001/s001", 1, "SYNTHETIC speaker", WORDS)
        # a corpus meeting without a date of its own (no meta.tsv): dated by its meeting row
        meeting = Document("S/PV.99001", "meeting", "synthetic.v1", "SYNTHETIC meeting",
                           meeting="S/PV.99001", speeches=(speech,), edition="corpus")  # fmt: skip
        _save(store, meeting)
        op = Paragraph("S/RES/99101 (2031)/op1", "operative", WORDS + ";", 1, number="1")
        later = Document("S/RES/99101 (2031)", "resolution", "synthetic.v1",
                         "SYNTHETIC resolution", "2031-06-01", 2031, paragraphs=(op,))  # fmt: skip
        _save(store, later)
        assert update_reuse(store).links_added == 1
    entry = MeetingEntry("S/PV.99001", 99001, None, "2031-03-01", ("SYNTHETIC topic",), None,
                         (), (), False, "SYNTHETIC index")  # fmt: skip
    monkeypatch.setattr(meetings_index, "load_index", lambda folder=None: [entry])
    result = CliRunner().invoke(cli, ["--project", str(db), "actors", "links"])
    assert result.exit_code == 0, result.output
    assert (
        "note: 1 unit(s) now have another date than when reuse linked them (their links may "
        "point the wrong way); run `normtrace reuse` to re-link them"
    ) in result.stderr
    again = CliRunner().invoke(cli, ["--project", str(db), "reuse", "--no-progress"])
    assert again.exit_code == 0, again.output
    quiet = CliRunner().invoke(cli, ["--project", str(db), "actors", "links"])
    assert quiet.exit_code == 0 and "note:" not in quiet.stderr


def test_a_schema_upgrade_says_from_and_to_and_where_the_copy_is(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    known = len(migrations())
    conn = sqlite3.connect(db)
    for number, _name, sql in migrations()[: known - 2]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.commit()
    conn.close()
    out = tmp_path / "documents.csv"
    result = CliRunner().invoke(cli, ["--project", str(db), "export", "documents", "-o", str(out)])
    assert result.exit_code == 0, result.output
    backup = tmp_path / f"old.db.bak-v{known - 2}"
    assert backup.exists()
    lines = [x for x in result.stderr.splitlines() if "upgraded" in x]
    assert len(lines) == 1
    assert f"{db}: upgraded from schema v{known - 2} to v{known}" in lines[0]
    assert f"the project before it is at {backup} (" in lines[0]
    again = CliRunner().invoke(cli, ["--project", str(db), "export", "documents", "-o", str(out)])
    assert again.exit_code == 0 and "upgraded" not in again.stderr
