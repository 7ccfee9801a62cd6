"""``normtrace ingest --reparse``: stored bytes parsed again after an upgrade of the parsers.

The report is the SYNTHETIC fixture ``synthetic_S-2099-901_report.txt`` (invented text, its
``#`` lines stripped); the "old parser" is the real one with a SYNTHETIC misreading laid over
its output (an OCR slip in one paragraph, a heading read as a numbered paragraph), so the
real parser plays the upgraded one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace import Project
from normtrace.cli import cli
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.anchors import open_reviews
from normtrace.coding.human.events import add_code
from normtrace.errors import ParseError
from normtrace.parse.model import Document
from synthetic_reparse import parser_setter

TEXTS = Path(__file__).parent / "fixtures" / "texts"
PIPELINE = Path(__file__).parent / "fixtures" / "pipeline"
SYMBOL = "S/2099/901"
P4, P5, H05 = f"{SYMBOL}/p4", f"{SYMBOL}/p5", f"{SYMBOL}/h05"


def synthetic(folder: Path, name: str = "synthetic_S-2099-901_report.txt") -> Path:
    """The SYNTHETIC fixture without its comment lines, written into ``folder``."""
    folder.mkdir(exist_ok=True)
    text = (TEXTS / name).read_text(encoding="utf-8")
    path = folder / name.replace("synthetic_", "").replace("_report", "").replace("_letter", "")
    path.write_text("".join(ln for ln in text.splitlines(True) if not ln.startswith("#")))
    return path


def old_reading(document: Document) -> Document:
    """What the "old parser" made of the report (SYNTHETIC misreadings)."""
    if document.symbol != SYMBOL:
        return document
    paragraphs = []
    for p in document.paragraphs:
        if p.key == P4:
            p = replace(p, text=p.text.replace("remained volatile", "remained vo1atile"))
        if p.key == H05:
            p = replace(p, kind="numbered", label=None)
        paragraphs.append(p)
    return replace(document, paragraphs=tuple(paragraphs), parser="parse.unsc_doc.old")


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Set what the parser makes of a document: ``parser(old_reading)``; ``parser()``: the
    real one again."""
    return parser_setter(monkeypatch)


def code(project: Project, key: str, words: str) -> None:
    text = project.store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
    at = str(text[0]).index(words)
    add_code(project.store, coder="ana", unit_key=key, start=at, end=at + len(words), code="poc")


def counted(project: Project) -> list[tuple[str, int, str]]:
    """The human codings that count (their words at their offsets in the current text)."""
    rows = project.store.conn.execute(
        "SELECT unit_key, start, snippet FROM codings WHERE source = 'human' ORDER BY unit_key"
    )
    return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]


def versions(project: Project, symbol: str = SYMBOL) -> list[tuple[int, int, str]]:
    rows = project.store.conn.execute(
        "SELECT version, is_current, parser FROM documents WHERE symbol = ? ORDER BY version",
        (symbol,),
    )
    return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]


def sizes(project: Project) -> dict[str, int]:
    tables = ("sources", "documents", "paragraphs", "speeches", "coding_events", "anchor_reviews")
    conn = project.store.conn
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}


def test_reparse_stores_a_new_version_and_carries_the_coders_work_by_text(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = synthetic(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(old_reading)
        assert project.ingest([path]).counts == {"new": 1}
        register_codebook(project.store, load_default_codebook())
        code(project, P5, "urge them")  # its paragraph reads the same in the new parse
        code(project, P4, "remained vo1atile")  # words the new parse reads otherwise
        before = counted(project)
        parser()  # the upgrade

        # without --reparse nothing changes: the bytes are stored
        assert project.ingest([path]).counts == {"unchanged": 1}
        assert len(versions(project)) == 1

        report = project.ingest([path], reparse=True)
        assert report.counts == {"new_version": 1} and report.reparsed == 1
        assert "1 new version" in report.summary()
        assert "1 re-parsed into new versions" in report.summary()
        assert versions(project) == [(1, 0, "parse.unsc_doc.old"), (2, 1, "parse.unsc_doc.v3")]
        conn = project.store.conn
        # the new version is the new reading: the heading's kind and label, the fixed words
        unit = conn.execute("SELECT kind, label FROM paragraphs p JOIN documents d ON "
                            "d.id = p.document_id AND d.is_current = 1 WHERE p.key = ?",
                            (H05,)).fetchone()  # fmt: skip
        assert tuple(unit) == ("heading", "III.")
        text = conn.execute("SELECT text FROM units WHERE key = ?", (P4,)).fetchone()[0]
        assert "remained volatile" in text
        # its rows name the run that made them, and the run counts what it re-parsed
        run = conn.execute("SELECT run_id FROM documents WHERE is_current = 1").fetchone()[0]
        assert run == report.run_id
        summary = conn.execute("SELECT summary, params FROM runs WHERE id = ?", (run,)).fetchone()
        assert '"reparsed": 1' in summary[0] and '"reparse": true' in summary[1]
        # the coding on words that read the same stands on the new version, where it was
        assert counted(project) == [c for c in before if c[0] == P5]
        # the coding on words the new parse changed is not lost and not moved: listed for
        # review, as an edited file's new version lists it
        assert report.anchors is not None
        assert (report.anchors.reanchored, report.anchors.review) == (0, 1)
        assert "0 re-anchored, 1 need review" in report.summary()
        (review,) = open_reviews(project.store)
        assert (review.unit_key, review.snippet) == (P4, "remained vo1atile")
        assert review.reason.startswith("not found; the aligned words now read ")
        assert "'remained volatile'" in review.reason

        # a second --reparse finds the new version as the parser reads it: nothing written
        written = sizes(project)
        again = project.ingest([path], reparse=True)
        assert again.counts == {"unchanged": 1} and again.reparsed == 0
        assert "0 re-parsed into new versions" in again.summary()
        assert sizes(project) == written
        assert len(open_reviews(project.store)) == 1


def test_reparse_stores_new_labels_and_kinds_with_every_coding_standing(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """The upgrade that changes only how units are labelled (as stop 44's running-text labels
    did for reports): a new version; the words are the same, so every coding stands."""
    path = synthetic(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(lambda d: replace(d, paragraphs=tuple(
            replace(p, kind="text", label=None) if p.kind == "heading" else p
            for p in d.paragraphs)))  # fmt: skip
        project.ingest([path])
        register_codebook(project.store, load_default_codebook())
        code(project, H05, "Observations")
        code(project, P4, "remained volatile")
        before = counted(project)
        parser()
        report = project.ingest([path], reparse=True)
        assert report.counts == {"new_version": 1} and report.reparsed == 1
        assert report.anchors is not None
        assert (report.anchors.reanchored, report.anchors.review) == (0, 0)
        assert counted(project) == before
        kinds = project.store.conn.execute(
            "SELECT DISTINCT kind FROM units WHERE key LIKE ? ORDER BY kind", (f"{SYMBOL}/h%",)
        ).fetchall()
        assert [k[0] for k in kinds] == ["heading"]


def test_reparse_of_a_file_that_parses_the_same_writes_nothing(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = synthetic(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        register_codebook(project.store, load_default_codebook())
        code(project, P4, "remained volatile")
        written = sizes(project)
        # another parser name with the same output is no new reading
        parser(lambda d: replace(d, parser="parse.unsc_doc.v3", warnings=("SYNTHETIC",)))
        report = project.ingest([path], reparse=True)
        assert report.counts == {"unchanged": 1} and report.reparsed == 0
        assert sizes(project) == written
        assert versions(project) == [(1, 1, "parse.unsc_doc.v3")]
        assert [c[0] for c in counted(project)] == [P4]


def test_reparse_through_the_cli_reports_bad_files_and_goes_on(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    folder = tmp_path / "in"
    report = synthetic(folder)
    letter = synthetic(folder, "synthetic_S-2099-902_letter.txt")
    db = str(tmp_path / "p.db")
    parser(old_reading)
    first = CliRunner().invoke(cli, ["--project", db, "ingest", str(folder)])
    assert first.exit_code == 0, first.output

    def upgraded(document: Document) -> Document:
        if document.symbol != SYMBOL:
            raise ParseError("SYNTHETIC: the new parser fails on this file")
        return document

    parser(upgraded)
    result = CliRunner().invoke(cli, ["--project", db, "ingest", "--reparse", str(folder)])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and letter.name in errors[0] and "SYNTHETIC" in errors[0]
    assert "1 new version" in result.output and "1 re-parsed into new versions" in result.output
    with Project(db) as project:
        assert [v[:2] for v in versions(project)] == [(1, 0), (2, 1)]
        # the file that failed keeps its one stored version, nothing of the new parse written
        assert [v[:2] for v in versions(project, "S/2099/902")] == [(1, 1)]
    assert report.exists()


def test_reparse_refuses_a_file_now_read_as_another_document(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = synthetic(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        written = sizes(project)
        parser(lambda d: replace(d, symbol="S/2099/999"))  # SYNTHETIC other symbol
        report = project.ingest([path], reparse=True)
        (failed,) = report.failures
        assert failed.error is not None and "\n" not in failed.error
        assert "re-parsed as S/2099/999 (record) but stored as S/2099/901" in failed.error
        assert sizes(project) == written


def test_reparse_leaves_the_bytes_of_an_earlier_version_alone(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = synthetic(tmp_path / "in")
    old = tmp_path / "old" / path.name
    old.parent.mkdir()
    shutil.copy(path, old)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        path.write_text(path.read_text() + "\n7. SYNTHETIC: a paragraph added later.\n")
        assert project.ingest([path]).counts == {"new_version": 1}
        written = sizes(project)
        parser(old_reading)  # the old bytes would now read otherwise: not current, kept
        report = project.ingest([old], reparse=True)
        # not "unchanged": the bytes are version 1, version 2 (from the other path) is current
        assert report.counts == {"earlier_version": 1}
        assert sizes(project) == written
        assert [v[:2] for v in versions(project)] == [(1, 0), (2, 1)]


def test_reparse_keeps_a_corpus_speech_that_now_reads_differently(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """A corpus speech row is stored once per file's bytes: a new reading cannot be stored
    beside it. After a parser upgrade that is expected, not a failure: the file is ``kept``
    as first read, nothing is written, and the summary counts such files and says what helps
    (not ingest-corpus, which knows a meeting by a hash of its speeches' keys, headers and
    texts: a new speaker is the same meeting to it); the CLI prints no error and exits 0."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ("UNSC_2020_SPV.8703_spch002.txt", "UNSC_2020_SPV.8703_spch003.txt")
    for name in names:
        shutil.copy(PIPELINE / name, folder / name)
    speeches = [folder / name for name in names]
    db = tmp_path / "p.db"
    with Project(db) as project:
        project.ingest(speeches)
        assert project.ingest(speeches, reparse=True).counts == {"unchanged": 2}
        written = sizes(project)
        parser(lambda d: replace(d, speeches=tuple(replace(s, speaker="SYNTHETIC")
                                                   for s in d.speeches)))  # fmt: skip
        report = project.ingest(speeches, reparse=True)
        assert report.counts == {"kept": 2} and report.ok and not report.failures
        assert all(o.symbol == "S/PV.8703" and not o.warnings for o in report.outcomes)
        assert ("; kept as first read: 2 corpus speech files read differently now; ingest them "
                "into a new project to read them anew") in report.summary()  # fmt: skip
        assert "ingest-corpus" not in report.summary()
        assert sizes(project) == written
    result = CliRunner().invoke(cli, ["--project", str(db), "ingest", "--reparse", str(folder)])
    assert result.exit_code == 0, result.output
    assert not [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert "kept as first read: 2 corpus speech files" in result.output
