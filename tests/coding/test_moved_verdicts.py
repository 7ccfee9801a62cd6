"""Coders' verdicts on words a new version moved, unchanged, to another key (a paragraph
inserted before them): a simulated user's months (repro_4: one preambular paragraph inserted
into S/RES/1542 (2004) dropped the accepts of a candidate and of a model suggestion on the
paragraph after it, the ingest calling the candidate's words "changed" and saying nothing of
the suggestion). The resolution is real (S/RES/2100 (2013)); the inserted paragraphs, the
changed words and the planted model and suggestions are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import record_verdict
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_VERDICTS
from normtrace.store.db import Store
from resolution_2100 import (
    PROTECT,
    candidate,
    change_words,
    ingested_2100,
    insert_operative,
    insert_paragraph,
    suggestion,
)

RES = "S/RES/2100 (2013)"
OLD, NEW = f"{RES}/pp14", f"{RES}/pp15"  # a candidate "stabilization"; the key after insertion


def _verdicts(store: Store, key: str) -> list[tuple[str, str, int, int]]:
    rows = store.conn.execute(
        f'SELECT coder, verdict, start, "end" FROM ({PLACED_VERDICTS}) WHERE unit_key = ? '
        "ORDER BY coder",
        (key,),
    )
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]


def test_verdicts_on_a_paragraph_that_moved_are_carried_to_its_new_key(tmp_path: Path) -> None:
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store, book = project.store, load_default_codebook()
        cand = candidate(store, OLD, "stabilization")
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        record_verdict(store, coder="bo", auto_coding_id=cand["id"], verdict="reject")
        span = (int(cand["start"]), int(cand["end"]))
        insert_paragraph(path)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and (anchors.verdicts, anchors.accepts_gone) == (2, 0)
        assert anchors.verdicts_elsewhere == (f"{OLD} → {NEW}",)
        line = anchors.line()
        assert f"2 verdict(s) moved with their words (to another unit: {OLD} → {NEW})" in line
        assert "whose words changed" not in line
        assert _verdicts(store, NEW) == [("ana", "accept", *span), ("bo", "reject", *span)]
        # each names the verdict it carries and the ingest run
        carried = store.conn.execute(
            "SELECT count(*) FROM coding_events WHERE unit_key = ? AND reanchors IS NOT NULL "
            "AND run_id IS NOT NULL",
            (NEW,),
        ).fetchone()[0]
        assert carried == 2
        # the dictionary, applied to the new text, finds the span judged
        apply_codebook(store, book, progress=False)
        new = candidate(store, NEW, "stabilization")
        assert (int(new["start"]), int(new["end"])) == span
        accepted = store.conn.execute(
            f"SELECT unit_key, coder FROM ({ACCEPTED_SPANS}) WHERE code = 'stabilization'"
        ).fetchall()
        assert [tuple(r) for r in accepted] == [(NEW, "ana")]
        # training reads the judgement on the words judged, not on the key's new words
        labels = collect_labels(store, book, "unit").by_code["stabilization"]
        assert labels.get(NEW) is not None and OLD not in labels


def test_a_verdict_in_a_sub_paragraph_whose_key_is_gone_is_carried(tmp_path: Path) -> None:
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        cand = candidate(store, PROTECT, "poc")
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        insert_operative(path, 16)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and (anchors.verdicts, anchors.accepts_gone) == (1, 0)
        now = f"{RES}/op17/c/i"
        assert anchors.verdicts_elsewhere == (f"{PROTECT} → {now}",)
        assert _verdicts(store, now) == [("ana", "accept", int(cand["start"]), int(cand["end"]))]


def test_a_verdict_is_not_put_on_another_paragraphs_words_when_the_keys_shift(
    tmp_path: Path,
) -> None:
    """pp20's candidate "stabilization": the inserted paragraph makes old pp19, where the word
    also stands, the new pp20. The verdict went to pp19's words (or, the word twice there,
    was counted as changed); it goes with pp20's words to pp21."""
    key, now = f"{RES}/pp20", f"{RES}/pp21"
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        cand = candidate(store, key, "stabilization")
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        insert_paragraph(path)
        anchors = project.ingest([path]).anchors
        assert anchors is not None and anchors.verdicts_elsewhere == (f"{key} → {now}",)
        assert _verdicts(store, key) == []
        assert _verdicts(store, now) == [("ana", "accept", int(cand["start"]), int(cand["end"]))]


def test_an_accept_whose_words_changed_is_still_reported_changed(tmp_path: Path) -> None:
    """The words themselves changed (and a paragraph was inserted before them): nothing to
    carry, and the ingest says so."""
    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        cand = candidate(store, OLD, "stabilization")
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        insert_paragraph(path)
        raw = path.read_bytes().decode("cp1252")
        words = "support of the stabilization of the situation"
        assert raw.count(words) == 1
        path.write_bytes(raw.replace(words, "support of the SYNTHETIC of the situation")
                         .encode("cp1252"))  # fmt: skip
        anchors = project.ingest([path]).anchors
        assert anchors is not None and (anchors.verdicts, anchors.accepts_gone) == (0, 1)
        assert anchors.verdicts_elsewhere == ()
        assert "1 accepted candidate(s) whose words changed no longer count" in anchors.line()
        assert _verdicts(store, OLD) == _verdicts(store, NEW) == []


def test_suggestion_verdicts_on_moved_or_changed_words_are_named_or_carried(tmp_path: Path) -> None:
    changed = f"{RES}/pp21"  # after the insertion pp22, with a SYNTHETIC word
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        for key in (OLD, changed):
            sid = suggestion(store, key, "stabilization")
            record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        sid = suggestion(store, OLD, "stabilization")  # the same words, judged by bo too
        record_suggestion_verdict(store, coder="bo", suggestion_id=sid, verdict="reject")
        insert_paragraph(path)
        change_words(project, path, changed)
        anchors = project.ingest([path]).anchors
        assert anchors is not None
        assert anchors.suggestion_verdicts_moved == (f"{OLD} → {NEW} (ana)", f"{OLD} → {NEW} (bo)")
        assert anchors.suggestion_verdicts_changed == 1
        line = anchors.line()
        both = f"{OLD} → {NEW} (ana); {OLD} → {NEW} (bo)"
        assert (
            f"2 verdict(s) on model suggestions moved with their words to another key ({both})"
            in line
        )
        assert "1 verdict(s) on model suggestions judged words this version changed" in line
        # said once: the next ingest of the same file says nothing of them
        again = project.ingest([path]).anchors
        assert again is None or again.suggestion_verdicts_moved == ()


def test_a_paragraph_suggestion_verdict_whose_paragraph_moved_is_named(tmp_path: Path) -> None:
    """At paragraph level the target is op16 with all its sub-paragraphs."""
    with ingested_2100(tmp_path) as (project, path):
        store = project.store
        sid = suggestion(store, f"{RES}/op16", "stabilization", level="paragraph")
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="accept")
        insert_operative(path, 16)
        anchors = project.ingest([path]).anchors
        assert anchors is not None
        assert anchors.suggestion_verdicts_moved == (f"{RES}/op16 → {RES}/op17 (ana)",)
        assert anchors.suggestion_verdicts_changed == 0


def test_a_carried_verdict_is_judged_once_in_a_versions_precision(tmp_path: Path) -> None:
    """A review finding: `code precision --version` counted a carried verdict twice (the
    original and the carried event name the same candidate)."""
    from normtrace.coding.human.events import record_verdict
    from normtrace.coding.human.precision import code_precision
    from resolution_2100 import candidate, ingested_2100, insert_paragraph

    with ingested_2100(tmp_path, apply=True) as (project, path):
        store = project.store
        version = str(store.conn.execute("SELECT version FROM current_codebooks WHERE name = "
                                         "'stability-operations'").fetchone()[0])  # fmt: skip
        cand = candidate(store, "S/RES/2100 (2013)/pp14", "stabilization")
        record_verdict(store, coder="ana", auto_coding_id=cand["id"], verdict="accept")
        insert_paragraph(path)
        project.ingest([path])
        (row,) = [r for r in code_precision(store, version=version) if r.code == "stabilization"]
        assert row.judged == 1
