"""A coding whose words a new version moved, unchanged, to another unit (a paragraph inserted
before it) is listed by `code review`, not moved silently; its coder settles it with one
append-only move (`code review ID --move`) that keeps the coding — coder, code, codebook,
memos, and the time its work was made — and records who settled it and when; one `code undo`
takes the move back. Until then `code list` shows it as needing review, on the words it was
made on (a new user's finding F1: settling meant a NEW coding of the settlement's time, and
`code list` showed the coding on its old key as if nothing had happened). The resolution, the
coders and their memos are SYNTHETIC."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.exchange.passage_memos import memoed_codings
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.coding.human.blind_work import predating_work
from normtrace.coding.human.undo import undo_latest
from normtrace.errors import CodingError
from normtrace.store.db import Store, utc_now
from synthetic_moved import (
    INSERTED,
    OP1,
    OP2,
    code_ownership,
    insert_before_op1,
    project,
    reword_op1,
    tick,
    unit_text,
)

WORDS = "Recognizes the ownership"  # op1[0:24] of the first version, op2[0:24] after insertion


def _counted(store: Store) -> list[tuple[str, str, int, int]]:
    rows = store.conn.execute(
        "SELECT coder, unit_key, start, \"end\" FROM codings WHERE source = 'human' ORDER BY 1"
    )
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]


def _coded(store: Store) -> events.CodingEvent:
    """ana's coding of WORDS on op1, with her memo, and a memo she wrote on it afterwards."""
    return code_ownership(store, "SYNTHETIC first look", "SYNTHETIC second thought")


def _nt(db: Path, *args: str, code: int = 0) -> str:
    out = CliRunner().invoke(cli, ["--project", str(db), *args])
    assert out.exit_code == code, out.output
    return out.output


def test_code_list_shows_a_coding_awaiting_review_on_the_words_it_was_made_on(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded(store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        (listed,) = memoed_codings(store)
        # still on its old key, whose text now reads the inserted paragraph's words
        assert listed.unit_key == OP1 and unit_text(store, OP1) == INSERTED
        assert (listed.status, listed.review) == ("needs review", review.id)
        assert listed.snippet == WORDS != INSERTED[:24]
    rows = json.loads(_nt(tmp_path / "p.db", "code", "list", "--source", "human", "--format",
                          "json"))  # fmt: skip
    assert [(r["unit_key"], r["snippet"], r["status"], r["review"]) for r in rows] == [
        (OP1, WORDS, "needs review", review.id)
    ]


def test_a_coding_moved_by_its_coder_keeps_its_identity_memos_and_time(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = _coded(store)
        insert_before_op1(opened, path)
        assert opened.store.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
        (review,) = open_reviews(store)
        # the reason names the one command that keeps the coding, and what the other way does
        assert f"is now {OP2} (a paragraph was inserted or removed" in review.reason
        assert f"`normtrace code review {review.id} --move --coder ana`" in review.reason
        assert "makes a new coding" in review.reason
        tick()
        before = utc_now(precise=True)
        moved = resolve_review(store, review.id, coder="ana", move=True)
        assert (moved.action, moved.unit_key, moved.start, moved.end) == ("code", OP2, 0, 24)
        assert (moved.coder, moved.code, moved.memo, moved.snippet) == (
            "ana", "own", "SYNTHETIC first look", WORDS)  # fmt: skip
        assert moved.reanchors == made.id and moved.at > before  # the same coding, moved now
        assert open_reviews(store) == []
        assert _counted(store) == [("ana", OP2, 0, 24)]
        # who settled it and when: the removal from the old place names the review
        removal = events.get_event(store, moved.id - 1)
        assert (removal.action, removal.coder, removal.reanchors) == ("uncode", "ana", made.id)
        assert removal.memo == f"review {review.id} settled by ana: moved to {OP2} [0:24]"
        (listed,) = memoed_codings(store)
        assert (listed.event_id, listed.unit_key, listed.codebook) == (moved.id, OP2, "synth")
        assert (listed.status, listed.review) == ("coded", None)
        # its work was made when ana coded it; the move has its own time
        assert (listed.at, listed.moved_at) == (made.at, moved.at)
        assert [(m.memo, m.coder) for m in listed.memos] == [
            ("SYNTHETIC first look", "ana"), ("SYNTHETIC second thought", "ana")
        ]  # fmt: skip
        # a blind reading of op2 that began after ana coded the words (and before the move)
        # is not hers: her coding there predates it
        (early,) = predating_work(store, {OP2: {"ana": before}})
        assert (early.coder, early.first, early.counted) == ("ana", made.at, False)


def test_one_undo_takes_the_move_back_and_the_coding_is_listed_again(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = _coded(store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        resolve_review(store, review.id, coder="ana", move=True)
        undo_latest(store, coder="ana")
        assert [r.event_id for r in open_reviews(store)] == [made.id]
        assert _counted(store) == []
        (listed,) = memoed_codings(store)
        assert (listed.event_id, listed.unit_key, listed.status) == (made.id, OP1, "needs review")
        # and it can be moved again
        resolve_review(store, review.id, coder="ana", move=True)
        assert _counted(store) == [("ana", OP2, 0, 24)]


def test_a_move_is_refused_where_the_words_did_not_move_to_another_unit(
    tmp_path: Path,
) -> None:
    """A coding whose words changed has nowhere to move: the review says to place or drop it."""
    with project(tmp_path) as (opened, path):
        store = opened.store
        events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own")
        tick()
        path.write_text(path.read_text().replace("Recognizes the ownership",
                                                 "Recognizes the full ownership"))  # fmt: skip
        opened.ingest([path])
        (review,) = open_reviews(store)
        logged = len(events.list_events(store))
        with pytest.raises(CodingError, match="nowhere to move it; settle it with --at"):
            resolve_review(store, review.id, coder="ana", move=True)
        with pytest.raises(CodingError, match="settle it one way"):
            resolve_review(store, review.id, coder="ana", move=True, drop=True)
        assert len(events.list_events(store)) == logged


def test_a_move_onto_a_coding_the_coder_made_there_since_is_refused(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded(store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        again = events.add_code(store, coder="ana", unit_key=OP2, start=0, end=24, code="own")
        logged = len(events.list_events(store))
        with pytest.raises(CodingError, match=re.escape(f"holds 'own' on {OP2}")) as refused:
            resolve_review(store, review.id, coder="ana", move=True)
        assert f"(event {again.id}, a new coding); nothing moved" in str(refused.value)
        assert len(events.list_events(store)) == logged
        # another coder cannot move ana's coding
        with pytest.raises(CodingError, match="ana settles it"):
            resolve_review(store, review.id, coder="bo", move=True)


def test_an_in_unit_move_needs_no_review(tmp_path: Path) -> None:
    """For contrast: words moved within their unit are re-anchored by the ingest itself."""
    with project(tmp_path) as (opened, path):
        store = opened.store
        made = _coded(store)
        reword_op1(opened, path)
        assert open_reviews(store) == []
        (listed,) = memoed_codings(store)
        shift = len("Firmly and SYNTHETICALLY ")
        assert (listed.unit_key, listed.start, listed.snippet) == (OP1, shift, "recognizes the "
                                                                   "ownership")  # fmt: skip
        assert listed.at == made.at and listed.moved_at is not None and listed.status == "coded"


def test_code_review_move_on_the_command_line_and_code_undo(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        _coded(opened.store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(opened.store)
    db = tmp_path / "p.db"
    out = _nt(db, "code", "review", "--move", "--coder", "ana", code=2)
    assert "--at, --move and --drop settle one review: give its REVIEW_ID" in out
    out = _nt(db, "code", "review", str(review.id), "--move", "--coder", "ana")
    assert f"review {review.id} settled: event" in out and f"code {OP2} [0:24]" in out
    assert "(nothing)" in _nt(db, "code", "review")
    out = _nt(db, "code", "undo", "--coder", "ana")
    assert f"ana's coding 'own' on {OP2}" in out and f"ana's removal of 'own' on {OP1}" in out
    rows = json.loads(_nt(db, "code", "review", "--format", "json"))
    assert [r["id"] for r in rows] == [review.id]
