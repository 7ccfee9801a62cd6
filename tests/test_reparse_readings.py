"""What each reading of a file records: the extractor and parser that read a version, and how
its parser warnings compare with the reading before (``ingest --reparse``).

Fixture: the first two pages of the record S/PV.8703 (its real parse warns that the record
does not end with "The meeting rose"); the "old parser" misreadings, the extractor names and
the warnings laid over the real output are SYNTHETIC.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import normtrace
from normtrace import Project
from normtrace.cli import cli
from normtrace.errors import ParseError
from normtrace.parse.model import Document
from normtrace.store.db import Store, migrations
from synthetic_reparse import extractor_setter, parser_setter, record

PV = "S/PV.8703"


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``parser(change)``: the real parser with ``change`` laid over its output."""
    return parser_setter(monkeypatch)


@pytest.fixture()
def extractor(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """``extractor(name)``: the real extractor's text under a SYNTHETIC name."""
    return extractor_setter(monkeypatch)


def old(document: Document) -> Document:
    """What a SYNTHETIC old parser made of the record: another agenda, another name."""
    return replace(document, title="SYNTHETIC misread agenda", parser="SYNTHETIC.pv.old")


def readings(project: Project) -> list[tuple[Any, ...]]:
    """Each version of the record: version, current, parser, extractor, source row."""
    rows = project.store.conn.execute(
        "SELECT version, is_current, parser, extractor, source_id FROM documents "
        "WHERE symbol = ? ORDER BY version",
        (PV,),
    )
    return [tuple(r) for r in rows]


def test_a_reparse_records_the_extractor_and_parser_of_its_reading(
    tmp_path: Path, parser: Callable[..., None], extractor: Callable[[str | None], None]
) -> None:
    path = record(tmp_path / "in")
    db = tmp_path / "p.db"
    with Project(db) as project:
        parser(old)
        project.ingest([path], progress=False)
        parser()
        extractor("SYNTHETIC.pdf.v2")  # the upgrade reads the text with another extractor
        assert project.ingest([path], reparse=True, progress=False).reparsed == 1
        assert readings(project) == [
            (1, 0, "SYNTHETIC.pv.old", "pdf.pdfium.v3", 1),
            (2, 1, "parse.unsc_pv.v1", "SYNTHETIC.pdf.v2", 1),
        ]
        # the source row is the bytes' first reading, as before
        source = project.store.conn.execute("SELECT extractor, parser FROM sources").fetchall()
        assert [tuple(r) for r in source] == [("pdf.pdfium.v3", "SYNTHETIC.pv.old")]
        doc = project.document(PV)
        assert (doc["version"], doc["parser"], doc["extractor"]) == (
            2, "parse.unsc_pv.v1", "SYNTHETIC.pdf.v2",
        )  # fmt: skip
        assert doc["normtrace_version"] == normtrace.__version__
        # an extractor renamed again, reading the same text: no new reading, nothing recorded
        extractor("SYNTHETIC.pdf.v3")
        assert project.ingest([path], reparse=True, progress=False).counts == {"unchanged": 1}
        assert readings(project)[-1] == (2, 1, "parse.unsc_pv.v1", "SYNTHETIC.pdf.v2", 1)
    shown = CliRunner().invoke(cli, ["--project", str(db), "show", PV])
    assert shown.exit_code == 0, shown.output
    line = "  read: version 2, parser parse.unsc_pv.v1, extractor SYNTHETIC.pdf.v2, normtrace "
    assert line + normtrace.__version__ in shown.output.splitlines()


def test_migration_0027_gives_each_first_reading_its_sources_extractor(tmp_path: Path) -> None:
    """A project of schema 26: the first version read from a source row was read by its
    extractor; a re-parse stored before 0027 (same source row, later version) is not known;
    a corpus meeting's row was read with its first speech. All rows SYNTHETIC."""
    path = tmp_path / "v26.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:26]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.executemany(
        "INSERT INTO sources (id, path, sha256, file_key, size, media_type, extractor, parser, "
        "ingested_at) VALUES (?, ?, ?, NULL, 1, 'text/plain', ?, 'p.v1', '2026-01-01T00:00:00Z')",
        [(1, "a.txt", "a", "SYNTHETIC.text.v1"), (2, "b.txt", "b", "SYNTHETIC.corpus.v1"),
         (3, "c.txt", "c", "SYNTHETIC.text.v2")],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO documents (id, symbol, edition, version, is_current, doc_type, parser, "
        "source_id) VALUES (?, ?, ?, ?, ?, 'report', 'p.v1', ?)",
        [(1, "S/1", "record", 1, 0, 1), (2, "S/1", "record", 2, 0, 1),  # a re-parse
         (3, "S/1", "record", 3, 1, 3),  # an edited file
         (4, "S/PV.1", "corpus", 1, 1, None)],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO speeches (document_id, source_id, key, idx, speaker, text) "
        "VALUES (4, ?, ?, ?, 'SYNTHETIC', 'SYNTHETIC.')",
        [(2, "S/PV.1/sp1", 1), (3, "S/PV.1/sp2", 2)],
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 27
        rows = store.conn.execute("SELECT id, extractor FROM documents ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [
            (1, "SYNTHETIC.text.v1"), (2, None), (3, "SYNTHETIC.text.v2"),
            (4, "SYNTHETIC.corpus.v1"),
        ]  # fmt: skip


OLD_WARNING = "SYNTHETIC: a warning only the old parser gave"


def old_warning(document: Document) -> Document:
    """The SYNTHETIC old parser: another agenda and its own warning, not the real one."""
    return replace(old(document), warnings=(OLD_WARNING,))


def ingest(db: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--project", str(db), "ingest", *args])
    return result.exit_code, result.output.splitlines()


def test_a_reparse_says_which_warnings_appeared_and_which_went(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    db = tmp_path / "p.db"
    parser(old_warning)
    code, lines = ingest(db, str(path))
    assert code == 0 and f"warning: {path}: {OLD_WARNING}" in lines
    parser()
    with Project(db) as project:
        report = project.ingest([path], reparse=True, progress=False)
        (outcome,) = report.outcomes
        assert outcome.status == "new_version" and outcome.compared
        assert outcome.gone == (OLD_WARNING,)
        (appeared,) = outcome.appeared
        assert appeared.startswith("record does not end with 'The meeting rose at ...'")
        assert project.document(PV)["warnings"] == [appeared]  # stored with the new version
        assert report.warnings_compared == {"appeared": 1, "gone": 1, "documents": 1}
        assert ("; parser warnings against the previous reading: 1 appeared, 1 gone, in 1 "
                "document") in report.summary()  # fmt: skip
        summary = project.store.conn.execute(
            "SELECT summary FROM runs WHERE id = ?", (report.run_id,)
        ).fetchone()[0]
        assert '"warnings_appeared": 1' in summary and '"warnings_gone": 1' in summary
        assert outcome.warning_lines() == [
            f"warning appeared: {path}: {' '.join(appeared.split())}",
            f"warning gone: {path}: {OLD_WARNING}",
        ]
    # the CLI prints those lines (not the warnings that stay) and the summary's count
    parser(old_warning)
    path.write_bytes(path.read_bytes() + b"\n")  # an edited file: the old reading again
    assert ingest(db, str(path))[0] == 0
    parser()
    code, lines = ingest(db, "--reparse", str(path))
    assert code == 0
    told = [ln for ln in lines if ln.startswith("warning")]
    assert told == [f"warning appeared: {path}: {' '.join(appeared.split())}",
                    f"warning gone: {path}: {OLD_WARNING}"]  # fmt: skip
    assert any("1 appeared, 1 gone, in 1 document" in ln for ln in lines)
    # the same reading again: nothing appeared, nothing went, no line
    code, lines = ingest(db, "--reparse", str(path))
    assert code == 0 and not [ln for ln in lines if ln.startswith("warning")]
    assert any("0 appeared, 0 gone, in 0 documents" in ln for ln in lines)


def test_a_warning_of_a_reparse_that_reads_the_same_is_told_not_stored(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    db = tmp_path / "p.db"
    with Project(db) as project:
        project.ingest([path], progress=False)
        stored = project.document(PV)["warnings"]
    new = "SYNTHETIC: a check the new parser makes"
    parser(lambda d: replace(d, warnings=(*d.warnings, new)))
    code, lines = ingest(db, "--reparse", str(path))
    assert code == 0
    told = [ln for ln in lines if ln.startswith("warning")]
    assert told == [f"warning appeared (reads the same: not stored): {path}: {new}"]
    assert any("1 unchanged" in ln and "1 appeared, 0 gone, in 1 document" in ln for ln in lines)
    with Project(db) as project:
        assert project.document(PV)["warnings"] == stored  # the stored version's, kept
        assert readings(project) == [(1, 1, "parse.unsc_pv.v1", "pdf.pdfium.v3", 1)]
    # --quiet: no line, still counted
    code, lines = ingest(db, "--reparse", "--quiet", str(path))
    assert code == 0 and not [ln for ln in lines if ln.startswith("warning")]
    assert any("1 appeared, 0 gone, in 1 document" in ln for ln in lines)


def test_a_failing_reparse_leaves_the_previous_reading_whole(
    tmp_path: Path, parser: Callable[..., None], extractor: Callable[[str | None], None]
) -> None:
    path = record(tmp_path / "in")
    db = tmp_path / "p.db"

    def held(project: Project) -> tuple[Any, ...]:
        conn = project.store.conn
        meeting = conn.execute("SELECT number, date, topic, meta FROM meetings").fetchall()
        return (readings(project), project.document(PV)["warnings"],
                [tuple(r) for r in meeting])  # fmt: skip

    with Project(db) as project:
        project.ingest([path], progress=False)
        before = held(project)
    extractor("SYNTHETIC.pdf.v2")

    def broken(document: Document) -> Document:
        raise ParseError("SYNTHETIC: the new parser fails on this file")

    for change in (broken, lambda d: replace(misread_all(d), symbol="S/PV.9999")):
        parser(change)
        code, lines = ingest(db, "--reparse", str(path))
        assert code == 1
        (error,) = [ln for ln in lines if ln.startswith("error:")]
        assert str(path) in error
        assert not [ln for ln in lines if ln.startswith("warning")]
        assert any("0 appeared, 0 gone, in 0 documents" in ln for ln in lines)
        with Project(db) as project:
            assert held(project) == before


def misread_all(document: Document) -> Document:
    """A SYNTHETIC reading that differs in everything a meeting's row and a warning hold."""
    meta = {**document.meta, "meeting_number": 9999, "president": None, "time": "23:00"}
    return replace(document, meta=meta, title="SYNTHETIC", date="1999-01-01", year=1999,
                   warnings=("SYNTHETIC warning",))  # fmt: skip
