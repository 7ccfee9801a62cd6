"""Issue 12: a corpus speech file edited and then put back. Its original bytes are known, so
the ingest called it "unchanged" and the edited text stayed current, with the coders' work on
it. Now the stored text follows the file: the earlier speech row is current again, the
replacement recorded as one of new bytes is (``speech_replacements``), and what the run
replaced is named as for any replacement (coding.human.replaced).

The speech files are real (tests/fixtures); the words added to them are SYNTHETIC."""

from __future__ import annotations

import shutil
from pathlib import Path

from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.replaced import replaced_units
from normtrace.coding.human.reviews import current_reviews, mark_done, stale_reviews
from normtrace.pipeline import ingest_corpus
from normtrace.project import Project
from normtrace.store.db import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAME = "UNSC_2020_SPV.8703_spch002.txt"
BOOK = "stability-operations"


def _current(store: Store, key: str) -> list[str]:
    rows = store.conn.execute("SELECT text FROM speeches WHERE key = ? AND is_current = 1", (key,))
    return [str(r[0]) for r in rows]


def _edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "deteriorating" in text
    path.write_text(text.replace("deteriorating", "deteriorating SYNTHETIC", 1), encoding="utf-8")


def test_a_speech_file_put_back_restores_its_text(tmp_path: Path) -> None:
    path = tmp_path / NAME
    shutil.copy(FIXTURES / "pipeline" / NAME, path)
    original = path.read_bytes()
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        register_codebook(store, load_default_codebook())
        (key,) = {str(r[0]) for r in store.conn.execute("SELECT key FROM speeches")}
        first = _current(store, key)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[key])  # read the original
        _edit(path)
        assert [o.status for o in project.ingest([path]).outcomes] == ["new_version"]
        edited = _current(store, key)
        assert edited != first and "SYNTHETIC" in edited[0]
        mark_done(store, coder="bo", codebook=BOOK, unit_keys=[key])  # read the edited words
        path.write_bytes(original)
        report = project.ingest([path])
        # it said "unchanged" and the edited text stayed current
        assert [o.status for o in report.outcomes] == ["new_version"]
        assert _current(store, key) == first
        # what the run replaced is named, as for any replacement
        assert replaced_units(store, report.run_id).before == {key: edited[0]}
        anchors = report.anchors
        assert anchors is not None
        assert anchors.marks_on_changed_text == (f"{key} (bo)",)
        assert anchors.marks_back == (f"{key} (ana)",)
        assert [m.coder for m in current_reviews(store, BOOK)] == ["ana"]
        assert [m.coder for m in stale_reviews(store, BOOK)] == ["bo"]
        # the full-text index follows the stored text
        hits = store.conn.execute(
            "SELECT count(*) FROM unit_fts WHERE unit_fts MATCH 'SYNTHETIC'"
        ).fetchone()[0]
        assert hits == 0
        # the same bytes again: nothing more to do
        assert [o.status for o in project.ingest([path]).outcomes] == ["unchanged"]
        # edited again to the same words: those words are current again, not "unchanged"
        _edit(path)
        assert [o.status for o in project.ingest([path]).outcomes] == ["new_version"]
        assert _current(store, key) == edited


def test_a_new_edit_after_a_restore_replaces_the_restored_text(tmp_path: Path) -> None:
    """The row a changed file replaces is the one current before it (the restored original),
    not the latest row written (the first edit)."""
    path = tmp_path / NAME
    shutil.copy(FIXTURES / "pipeline" / NAME, path)
    original = path.read_bytes()
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        store = project.store
        (key,) = {str(r[0]) for r in store.conn.execute("SELECT key FROM speeches")}
        first = _current(store, key)
        _edit(path)
        project.ingest([path])
        path.write_bytes(original)
        project.ingest([path])
        text = original.decode("utf-8").replace("Mali", "Mali SYNTHETIC-2", 1)
        path.write_text(text, encoding="utf-8")
        report = project.ingest([path])
        assert replaced_units(store, report.run_id).before == {key: first[0]}
        assert "SYNTHETIC-2" in _current(store, key)[0]


def test_ingest_corpus_follows_a_speech_file_put_back(tmp_path: Path) -> None:
    folder = tmp_path / "speeches"
    shutil.copytree(FIXTURES / "actors" / "speeches", folder)
    path = folder / NAME
    original = path.read_bytes()
    with Project(tmp_path / "p.db") as project:
        store = project.store
        ingest_corpus(store, folder, progress=False)
        key = "S/PV.8703/s002"
        first = _current(store, key)
        assert len(first) == 1
        _edit(path)
        ingest_corpus(store, folder, progress=False)
        assert "SYNTHETIC" in _current(store, key)[0]
        path.write_bytes(original)
        report = ingest_corpus(store, folder, progress=False)
        assert "new_version" in {o.status for o in report.outcomes}
        assert _current(store, key) == first
        assert replaced_units(store, report.run_id).before[key] != first[0]
