"""Issue 12: a coder's verdict on a model suggestion whose target's words a new version moved,
unchanged, to exactly one other key is carried there by the ingest (a new verdict event on the
same suggestion, naming the one it carries and the run), as a candidate's verdict is; training
reads it once, at the new key, so `code suggest` does not propose the code there again. Until
then it was only named ("no longer count") and the moved target was suggested again.

The resolution is real (S/RES/2100 (2013)); the inserted paragraphs, the changed words and the
planted model and suggestions are SYNTHETIC."""

from __future__ import annotations

import shutil
from pathlib import Path

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.suggestion_verdicts import STANDING
from normtrace.coding.learn.labels import _judgements, collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store
from resolution_2100 import (
    change_words,
    ingested_2100,
    insert_operative,
    insert_paragraph,
    suggestion,
)

RES = "S/RES/2100 (2013)"
OLD, NEW = f"{RES}/pp14", f"{RES}/pp15"  # pp14's words stand at pp15 after the insertion
BOOK = "stability-operations"
CODE = "stabilization"


def _standing(store: Store, sid: int) -> list[tuple[str, str, str]]:
    rows = store.conn.execute(
        f"SELECT coder, verdict, unit_key FROM ({STANDING}) WHERE suggestion_id = ? ORDER BY coder",
        (sid,),
    )
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def test_a_suggestion_verdict_whose_words_moved_is_carried_to_their_key(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, path):
        store, book = project.store, load_default_codebook()
        sid = suggestion(store, OLD, CODE)
        first = record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        events_before = store.conn.execute("SELECT * FROM coding_events ORDER BY id").fetchall()
        suggestions_before = store.conn.execute("SELECT * FROM suggestions").fetchall()
        insert_paragraph(path)
        report = project.ingest([path])
        anchors = report.anchors
        assert anchors is not None
        assert anchors.suggestion_verdicts_moved == (f"{OLD} → {NEW} (ana)",)
        assert anchors.suggestion_verdicts_changed == 0
        line = anchors.line()
        assert "1 verdict(s) on model suggestions moved with their words to another key" in line
        assert "no longer count" not in line
        # a new event names the verdict it carries and the ingest run; nothing is rewritten
        (carried,) = store.conn.execute(
            "SELECT * FROM coding_events WHERE reanchors = ? AND suggestion_id = ?",
            (first.id, sid),
        ).fetchall()
        assert (carried["unit_key"], carried["verdict"], carried["coder"]) == (NEW, "accept", "ana")
        assert carried["run_id"] == report.run_id and carried["code"] == CODE
        (digest,) = store.conn.execute("SELECT text_sha256 FROM suggestions WHERE id = ?", (sid,))
        assert carried["text_sha256"] == digest[0]
        assert [tuple(r) for r in store.conn.execute(
            "SELECT * FROM coding_events WHERE id <= ? ORDER BY id", (first.id,))] == [
            tuple(r) for r in events_before]  # fmt: skip
        assert [tuple(r) for r in store.conn.execute("SELECT * FROM suggestions")] == [
            tuple(r) for r in suggestions_before]  # fmt: skip
        # read once, at the words' new key
        assert _standing(store, sid) == [("ana", "accept", NEW)]
        mine = [tuple(j[:4]) for j in _judgements(store, BOOK) if j[1] == CODE]
        assert mine == [(NEW, CODE, "accept", "unit")]
        labels = collect_labels(store, book, "unit")
        assert labels.by_code[CODE].get(NEW) == 1 and OLD not in labels.by_code[CODE]
        # what `code suggest` leaves out for the code (suggest.py: ``unit.key in judged``)
        assert NEW in labels.judged(CODE)
        # the next ingest of the same file carries nothing again
        again = project.ingest([path]).anchors
        assert again is None or again.suggestion_verdicts_moved == ()
        assert _standing(store, sid) == [("ana", "accept", NEW)]


def test_a_carried_reject_labels_the_new_key_negative_for_every_coder(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, path):
        store, book = project.store, load_default_codebook()
        sid = suggestion(store, OLD, CODE)
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
        record_suggestion_verdict(store, coder="bo", suggestion_id=sid, verdict="reject")
        insert_paragraph(path)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and len(anchors.suggestion_verdicts_moved) == 2
        assert _standing(store, sid) == [("ana", "reject", NEW), ("bo", "reject", NEW)]
        labels = collect_labels(store, book, "unit").by_code[CODE]
        assert labels.get(NEW) == 0 and OLD not in labels


def test_a_paragraph_suggestion_verdict_is_carried_with_its_sub_paragraphs(
    tmp_path: Path,
) -> None:
    """At paragraph level the target is op16 with its sub-paragraphs; a paragraph inserted
    before it makes it op17 (the keys of its sub-paragraphs gone)."""
    old, new = f"{RES}/op16", f"{RES}/op17"
    with ingested_2100(tmp_path) as (project, path):
        store, book = project.store, load_default_codebook()
        sid = suggestion(store, old, CODE, level="paragraph")
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        insert_operative(path, 16)
        anchors = project.ingest([path]).anchors
        assert anchors is not None
        assert anchors.suggestion_verdicts_moved == (f"{old} → {new} (ana)",)
        assert _standing(store, sid) == [("ana", "accept", new)]
        labels = collect_labels(store, book, "paragraph").by_code[CODE]
        assert labels.get(new) == 1 and old not in labels


def test_a_verdict_whose_words_changed_is_not_carried(tmp_path: Path) -> None:
    changed = f"{RES}/pp21"  # pp22 after the insertion, with a SYNTHETIC word
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        sid = suggestion(store, changed, CODE)
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        insert_paragraph(path)
        change_words(project, path, changed)
        anchors = project.ingest([path]).anchors
        assert anchors is not None
        assert (anchors.suggestion_verdicts_moved, anchors.suggestion_verdicts_changed) == ((), 1)
        assert "judged words this version changed and no longer count" in anchors.line()
        carried = store.conn.execute(
            "SELECT count(*) FROM coding_events WHERE suggestion_id = ? AND reanchors IS NOT NULL",
            (sid,),
        ).fetchone()[0]
        assert carried == 0
        assert not [j for j in _judgements(store, BOOK) if j[1] == CODE]


def test_a_carried_verdict_follows_its_words_back_when_the_file_is_put_back(
    tmp_path: Path,
) -> None:
    """The inserted paragraph removed again: the words are back at pp14, and so is the
    verdict (carried a second time, naming the carried one)."""
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        original = path.read_bytes()
        sid = suggestion(store, OLD, CODE)
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        insert_paragraph(path)
        project.ingest([path])
        assert _standing(store, sid) == [("ana", "accept", NEW)]
        shutil.copy(path, tmp_path / "edited.txt")
        path.write_bytes(original)
        anchors = project.ingest([path]).anchors
        assert anchors is not None
        assert anchors.suggestion_verdicts_moved == (f"{NEW} → {OLD} (ana)",)
        assert _standing(store, sid) == [("ana", "accept", OLD)]
        assert [tuple(j[:4]) for j in _judgements(store, BOOK) if j[1] == CODE] == [
            (OLD, CODE, "accept", "unit")
        ]


def test_agreement_reads_a_carried_suggestion_verdict_at_its_new_key(tmp_path: Path) -> None:
    """Two coders' verdicts on one suggestion, carried with its words: agreement compares them
    at the words' new key (it read the suggestion's old key, whose words had changed, and
    compared nothing)."""
    from normtrace.coding.human.agreement import agreement

    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        sid = suggestion(store, OLD, CODE)
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        record_suggestion_verdict(store, coder="ben", suggestion_id=sid, verdict="reject")
        before = agreement(store, coders=["ana", "ben"], codes=[CODE])
        assert [d.unit_key for d in before.disagreements] == [OLD]
        insert_paragraph(path)
        project.ingest([path])
        after = agreement(store, coders=["ana", "ben"], codes=[CODE])
        assert [d.unit_key for d in after.disagreements] == [NEW]


def test_a_verdict_given_after_the_carry_stands_where_the_words_moved(tmp_path: Path) -> None:
    """A coder who changes her mind on a carried suggestion, and a coder who judges it for the
    first time after the move: both verdicts read at the words' new key (they were recorded
    at the old key, whose words had changed, and counted nowhere)."""
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        sid = suggestion(store, OLD, CODE)
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        insert_paragraph(path)
        project.ingest([path])
        assert _standing(store, sid) == [("ana", "accept", NEW)]
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
        record_suggestion_verdict(store, coder="ben", suggestion_id=sid, verdict="reject")
        assert _standing(store, sid) == [("ana", "reject", NEW), ("ben", "reject", NEW)]
        mine = [tuple(j[:4]) for j in _judgements(store, BOOK) if j[1] == CODE]
        assert mine == [(NEW, CODE, "reject", "unit")] * 2
