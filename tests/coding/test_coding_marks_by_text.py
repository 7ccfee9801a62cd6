"""A "done, nothing applies" mark is a reading of words, not of a key (migration 0015,
:mod:`normtrace.coding.human.mark_texts`). The words these tests add to the fixture
resolution are SYNTHETIC."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.reviews import current_reviews, mark_done, stale_reviews
from normtrace.coding.human.undo import undo_latest
from normtrace.project import Project
from normtrace.store.db import Store
from resolution_2100 import FIX, PROTECT, insert_paragraph
from resolution_2100 import change_words as changed
from resolution_2100 import ingested_2100 as ingested

BOOK = "stability-operations"
OP16 = "S/RES/2100 (2013)/op16"
STABILIZE = "S/RES/2100 (2013)/op16/a/i"


def marked(store: Store) -> list[tuple[str, str]]:
    return [(m.key, m.level) for m in current_reviews(store, BOOK)]


def counted_candidates(store: Store, key: str) -> int:
    row = store.conn.execute(
        "SELECT count(*) FROM codings WHERE source = 'auto' AND unit_key = ?", (key,)
    ).fetchone()
    return int(row[0])


def test_a_mark_on_words_a_new_version_changed_stops_counting(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        store = project.store
        apply_codebook(store, load_default_codebook(), progress=False)
        assert counted_candidates(store, PROTECT) > 0
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT, STABILIZE])
        assert counted_candidates(store, PROTECT) == 0  # read as absent
        changed(project, path, PROTECT)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == (f"{PROTECT} (ana)",)
        assert "no longer count" in anchors.line()
        # the mark on the changed words no longer speaks for them; the other one stands
        assert marked(store) == [(STABILIZE, "unit")]
        assert [m.key for m in stale_reviews(store, BOOK)] == [PROTECT]
        apply_codebook(store, load_default_codebook(), progress=False)
        assert counted_candidates(store, PROTECT) > 0  # nobody has read the new words
        # the coder reads the new words and marks them: a new row, current again
        assert mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT]) == 1
        assert sorted(marked(store)) == sorted([(PROTECT, "unit"), (STABILIZE, "unit")])
        assert stale_reviews(store, BOOK) == []
        assert counted_candidates(store, PROTECT) == 0


def test_a_mark_counts_again_when_its_words_come_back(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        mark_done(project.store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        old = changed(project, path, PROTECT)
        project.ingest([path])
        assert marked(project.store) == []
        path.write_bytes(old)  # the file put back
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_back == (f"{PROTECT} (ana)",)
        assert anchors.marks_on_changed_text == ()
        assert "count again" in anchors.line()
        assert marked(project.store) == [(PROTECT, "unit")]


def test_a_paragraph_mark_reads_every_sub_paragraph(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[OP16], level="paragraph")
        mark_done(store, coder="bo", codebook=BOOK, unit_keys=[STABILIZE])
        (row,) = store.conn.execute(
            "SELECT texts FROM coding_reviews WHERE coder = 'ana'"
        ).fetchall()
        read = json.loads(row[0])
        assert OP16 in read and PROTECT in read and STABILIZE in read
        assert all(k == OP16 or k.startswith(OP16 + "/") for k in read)
        changed(project, path, PROTECT)  # one sub-paragraph's words
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == (f"{OP16} (ana)",)
        # bo's mark on an unchanged sub-paragraph stands
        assert marked(store) == [(STABILIZE, "unit")]


def test_an_undo_puts_a_withdrawn_mark_back_with_the_words_it_read(tmp_path: Path) -> None:
    """Undoing a withdrawal after the words changed does not make the old reading speak for
    the new words."""
    with ingested(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        before = store.conn.execute("SELECT texts FROM coding_reviews").fetchone()[0]
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True)
        changed(project, path, PROTECT)
        project.ingest([path])
        undo_latest(store, coder="ana")  # puts the withdrawn mark back
        last = store.conn.execute(
            "SELECT action, texts FROM coding_reviews ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert (last[0], last[1]) == ("done", before)
        assert marked(store) == [] and [m.key for m in stale_reviews(store, BOOK)] == [PROTECT]


def test_code_reviews_stale_lists_the_marks_on_changed_words(tmp_path: Path) -> None:
    with ingested(tmp_path) as (project, path):
        mark_done(project.store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        changed(project, path, PROTECT)
        project.ingest([path])
        db = str(project.path)
    runner = CliRunner()
    out = runner.invoke(cli, ["--project", db, "code", "reviews", "--codebook", BOOK, "--stale",
                              "--format", "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert [r["key"] for r in json.loads(out.stdout)] == [PROTECT]
    assert "1 mark(s) on changed text" in out.stderr
    out = runner.invoke(cli, ["--project", db, "code", "reviews", "--codebook", BOOK,
                              "--format", "json"])  # fmt: skip
    assert json.loads(out.stdout) == []


def test_a_project_of_schema_14_gets_the_words_each_mark_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marks written before migration 0015 get the texts of the version that was current
    when they were made: one made on the first version stops counting, one made on the
    second stands, one on a unit without text (SYNTHETIC key) keeps counting by key."""
    from normtrace.store import db

    every = db.migrations()
    monkeypatch.setattr(db, "migrations", lambda: every[:14])
    # the project holds no human coding yet, so an ingest's re-anchoring has nothing to do;
    # today's re-anchoring reads columns of later schemas (0022: a coding's codebook), which a
    # project of schema 14 never meets (opening one migrates it first)
    from normtrace import pipeline
    from normtrace.coding.human.anchors import AnchorReport

    monkeypatch.setattr(pipeline, "reanchor", lambda store, run_id=None: AnchorReport(0, 0))
    path = tmp_path / FIX.name
    shutil.copy(FIX, path)
    with Project(tmp_path / "p.db") as project:
        # today's writer records each version's extractor (0027), a column a project of
        # schema 14 lacks: it stands only while this test writes with today's code
        project.store.conn.execute("ALTER TABLE documents ADD COLUMN extractor TEXT")
        project.ingest([path])
        changed(project, path, PROTECT)
        project.ingest([path])
        conn = project.store.conn
        conn.execute("ALTER TABLE documents DROP COLUMN extractor")
        assert project.store.schema_version() == 14
        # the two versions' runs, a day apart (times as an ingest writes them)
        first, second = (int(r[0]) for r in conn.execute(
            "SELECT run_id FROM documents ORDER BY version"))  # fmt: skip
        conn.execute("UPDATE runs SET started_at = '2026-01-01T00:00:00Z' WHERE id = ?", (first,))
        conn.execute("UPDATE runs SET started_at = '2026-01-02T00:00:00Z' WHERE id = ?", (second,))
        conn.executemany(
            "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, "
            "unit_key, source, action) VALUES (?, ?, 'b', 'v1', ?, ?, 'manual', 'done')",
            [("2026-01-01T12:00:00.000000Z", "ana", "unit", PROTECT),
             ("2026-01-01T12:00:00Z", "ana", "paragraph", OP16),
             ("2026-01-02T12:00:00Z", "bo", "unit", PROTECT),
             ("2026-01-01T12:00:00Z", "cy", "unit", "SYN/1/op2")],
        )  # fmt: skip
        conn.commit()
    monkeypatch.undo()  # every migration, and today's re-anchoring
    with Store.open(tmp_path / "p.db") as store:
        assert store.schema_version() == len(every) >= 15
        rows = store.conn.execute(
            "SELECT coder, level, texts FROM coding_reviews ORDER BY id"
        ).fetchall()
        texts = {(r[0], r[1]): r[2] for r in rows}
        assert texts[("cy", "unit")] is None
        assert "SYNTHETIC" not in texts[("ana", "unit")]
        assert "SYNTHETIC" in texts[("bo", "unit")]
        assert len(json.loads(texts[("ana", "paragraph")])) > 3  # op16 and its sub-paragraphs
        now = {(r["coder"], r["level"], r["unit_key"]) for r in store.conn.execute(
            "SELECT * FROM current_done_marks")}  # fmt: skip
        assert now == {("bo", "unit", PROTECT), ("cy", "unit", "SYN/1/op2")}
        with pytest.raises(sqlite3.IntegrityError):  # still append-only
            store.conn.execute("UPDATE coding_reviews SET texts = NULL")


def test_a_mark_on_changed_words_can_be_withdrawn(tmp_path: Path) -> None:
    """Withdrawn, it does not come back with its words."""
    with ingested(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        old = changed(project, path, PROTECT)
        project.ingest([path])
        assert mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True) == 1
        assert stale_reviews(store, BOOK) == []
        path.write_bytes(old)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_back == () and marked(store) == []


def test_a_reading_counts_again_with_its_words_though_the_coder_marked_other_words_since(
    tmp_path: Path,
) -> None:
    """A new user's months: ana marked the unit on the first words, marked it again on the
    changed words, then the file was put back; her first reading did not count again."""
    with ingested(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        first = store.conn.execute("SELECT max(id) FROM coding_reviews").fetchone()[0]
        old = changed(project, path, PROTECT)
        project.ingest([path])
        assert mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT]) == 1
        path.write_bytes(old)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == ()
        (mark,) = current_reviews(store, BOOK)
        assert mark.id == first  # the reading of these words
        assert stale_reviews(store, BOOK) == []


def test_an_undo_that_puts_back_a_mark_on_changed_words_says_it_does_not_count(
    tmp_path: Path,
) -> None:
    from normtrace.coding.human.undo import MarkUndo, describe_mark_undo

    with ingested(tmp_path) as (project, path):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True)
        changed(project, path, PROTECT)
        project.ingest([path])
        done = undo_latest(store, coder="ana")
        assert isinstance(done, MarkUndo) and not done.counts
        assert "does not count until the unit is marked again" in describe_mark_undo(done)


def test_code_reviews_stale_says_where_moved_words_stand_now(tmp_path: Path) -> None:
    """A new user's months: a mark whose words a new version only moved (a paragraph was
    inserted before them) was listed with no pointer to them. (The inserted paragraph is
    SYNTHETIC.)"""
    key = "S/RES/2100 (2013)/pp03"
    with ingested(tmp_path) as (project, path):
        mark_done(project.store, coder="ana", codebook=BOOK, unit_keys=[key])
        insert_paragraph(path)
        project.ingest([path])
        db = str(project.path)
    out = CliRunner().invoke(cli, ["--project", db, "code", "reviews", "--codebook", BOOK,
                                   "--stale", "--format", "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    (row,) = json.loads(out.stdout)
    assert (row["key"], row["words_now_at"]) == (key, "S/RES/2100 (2013)/pp04")


def test_a_corpus_speech_replaced_in_place_names_its_stale_marks(tmp_path: Path) -> None:
    """A changed corpus speech file supersedes that speech in place (its document keeps its
    version): the marks on the speech stop counting, and the ingest now says so (until stop
    40 its notes read only documents with a new version). The added word is SYNTHETIC."""
    name = "UNSC_2020_SPV.8703_spch002.txt"
    path = tmp_path / name
    shutil.copy(FIX.parent / name, path)
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        register_codebook(store, load_default_codebook())
        (key,) = [str(r[0]) for r in store.conn.execute("SELECT key FROM speeches")]
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[key])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("deteriorating", "deteriorating SYNTHETIC", 1),
                        encoding="utf-8")  # fmt: skip
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.marks_on_changed_text == (f"{key} (ana)",)
        assert [m.key for m in stale_reviews(store, BOOK)] == [key]
