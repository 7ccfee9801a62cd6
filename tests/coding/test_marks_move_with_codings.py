"""A coder's "done" mark moves with their coding (`code review ID --move`) to the unit its words
went to, and one `code undo` takes both back (stop 46 left the mark on the old key, where it
stopped counting: the unit the coding moved to read as never reviewed, and `code reviews
--stale` asked for a reading the coder had made). A mark stays, saying why, while another
coding of the coder made on its words still waits. The resolution, codebook, coders and their
work are SYNTHETIC (tests/synthetic_moved.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, settle_review
from normtrace.coding.human.mark_moves import MOVE_SOURCE
from normtrace.coding.human.reviews import (
    current_reviews,
    mark_done,
    reviewed_keys,
    stale_reviews,
)
from normtrace.coding.human.undo import undo_event, undo_latest
from normtrace.store.db import Store
from synthetic_moved import INSERTED, OP1, OP2, OP3, insert_before_op1, project, text, tick


def _marks(store: Store, **kw: str) -> list[tuple[str, str, str]]:
    return [(m.key, m.level, m.coder) for m in current_reviews(store, "synth", **kw)]


def _made(store: Store, row: int) -> str:
    return str(store.conn.execute(
        "SELECT coalesce((SELECT made_at FROM stated_times WHERE review_id = r.id), r.at) "
        "FROM coding_reviews r WHERE r.id = ?", (row,)).fetchone()[0])  # fmt: skip


def _coded_and_marked(store: Store, level: str = "unit") -> int:
    """ana codes op1 and marks it done for synth; the mark's row."""
    events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                    codebook="synth")  # fmt: skip
    tick()
    mark_done(store, coder="ana", codebook="synth", unit_keys=[OP1], level=level)
    return int(store.conn.execute("SELECT max(id) FROM coding_reviews").fetchone()[0])


def test_the_coders_mark_moves_with_the_coding_keeping_its_time(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        row = _coded_and_marked(store)
        # bo's mark of op1 is his own reading: another coder's move never carries it
        mark_done(store, coder="bo", codebook="synth", unit_keys=[OP1])
        insert_before_op1(opened, path)
        assert _marks(store) == []  # op1's words are gone from op1: the marks stopped counting
        (review,) = open_reviews(store)
        settled = settle_review(store, review.id, coder="ana", move=True)
        (fate,) = settled.marks
        assert (fate.mark.id, fate.to_key, fate.stays) == (row, OP2, None)
        assert fate.line() == (f"ana's 'done' mark on the unit {OP1} (synth) moved with it to "
                               f"{OP2} (review row {fate.row}): the words it read stand there "
                               "unchanged")  # fmt: skip
        assert _marks(store) == [(OP2, "unit", "ana")]
        moved = store.conn.execute(
            "SELECT source, moves, moved_with, codebook_version, codes FROM coding_reviews "
            "WHERE id = ?", (fate.row,)).fetchone()  # fmt: skip
        old = store.conn.execute("SELECT codebook_version FROM coding_reviews WHERE id = ?",
                                 (row,)).fetchone()  # fmt: skip
        assert tuple(moved) == (MOVE_SOURCE, row, settled.event.id, old[0], None)
        assert _made(store, fate.row) == _made(store, row)  # the reading was made then
        # op2 is reviewed for synth: the code ana did not apply there is a negative
        assert OP2 in reviewed_keys(store, "synth", "unit", coder="ana", code="aid")
        # ana's op1 mark is carried, not stale; bo's is stale and stays on op1
        assert [(m.key, m.coder) for m in stale_reviews(store, "synth")] == [(OP1, "bo")]


def test_one_undo_takes_back_the_move_and_the_mark_moved_with_it(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        row = _coded_and_marked(store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        settle_review(store, review.id, coder="ana", move=True)
        undone = undo_latest(store, coder="ana")
        assert isinstance(undone, events.CodingEvent)  # the move, not the mark alone
        assert [r.id for r in open_reviews(store)] == [review.id]
        assert _marks(store) == []
        assert [m.id for m in stale_reviews(store, "synth")] == [row]  # as before the move
        # moved again, the mark goes with it again
        again = settle_review(store, review.id, coder="ana", move=True)
        assert [f.stays for f in again.marks] == [None]
        assert _marks(store) == [(OP2, "unit", "ana")]


def test_a_paragraph_mark_moves_and_a_mark_already_there_is_kept(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded_and_marked(store, level="paragraph")
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        (fate,) = settle_review(store, review.id, coder="ana", move=True).marks
        assert (fate.to_key, fate.stays) == (OP2, None)
        assert _marks(store, level="paragraph") == [(OP2, "paragraph", "ana")]


def test_the_mark_waits_for_the_coders_last_coding_on_its_words(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        row = _coded_and_marked(store)
        events.add_code(store, coder="ana", unit_key=OP1, start=32, end=41, code="aid",
                        codebook="synth")  # fmt: skip
        insert_before_op1(opened, path)
        first, second = open_reviews(store)
        (fate,) = settle_review(store, first.id, coder="ana", move=True).marks
        assert fate.row is None and fate.mark.id == row
        assert fate.line() == (
            f"ana's 'done' mark on the unit {OP1} (synth) stays: ana's coding 'aid' on {OP1} "
            f"(review {second.id}), made on the words it read, still waits for review; moved "
            "now, the mark would read that code as absent where the words stand now; it moves "
            f"with the last of them (`normtrace code review {second.id} --move --coder ana`)"
        )
        assert _marks(store) == []
        assert OP2 not in reviewed_keys(store, "synth", "unit", coder="ana", code="aid")
        (fate,) = settle_review(store, second.id, coder="ana", move=True).marks
        assert (fate.mark.id, fate.to_key, fate.stays) == (row, OP2, None)
        assert _marks(store) == [(OP2, "unit", "ana")]


def test_a_mark_the_coder_withdrew_after_the_move_stays_withdrawn_on_undo(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _coded_and_marked(store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        moved = settle_review(store, review.id, coder="ana", move=True).event
        tick()
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP2], undo=True)
        tick()
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP3])
        logged = store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0]
        undo_event(store, coder="ana", event_id=moved.id)
        # nothing written to the marks: the withdrawal was ana's own later work
        assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == logged
        assert _marks(store) == [(OP3, "unit", "ana")]
        # and ana's latest mark action is still her mark of op3, which `code undo` takes back
        undo_latest(store, coder="ana")
        assert _marks(store) == []


def _nt(db: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, ["--project", str(db), *args])
    assert out.exit_code == 0, out.output
    return out.output


def test_code_review_move_and_code_undo_say_what_became_of_the_mark(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        _coded_and_marked(opened.store)
        insert_before_op1(opened, path)
        (review,) = open_reviews(opened.store)
    db = tmp_path / "p.db"
    out = _nt(db, "code", "review", str(review.id), "--move", "--coder", "ana")
    assert f"ana's 'done' mark on the unit {OP1} (synth) moved with it to {OP2}" in out
    out = _nt(db, "code", "undo", "--coder", "ana")
    assert f"ana's coding 'own' on {OP2}" in out
    assert f"ana's 'done' mark on the unit {OP2} (synth) moved with it is withdrawn" in out
    again = json.loads(_nt(db, "code", "review", str(review.id), "--move", "--coder", "ana",
                           "--format", "json"))  # fmt: skip
    assert again["action"] == "code" and [m["to_key"] for m in again["marks"]] == [OP2]
    assert again["marks"][0]["stays"] is None


#: a SYNTHETIC operative paragraph with two lettered sub-paragraphs (tests/synthetic_moved.py's
#: resolution, another body)
CHAPEAU = ["Decides that the synthetic mission shall:", "(a) support the invented police;",
           "(b) monitor the made-up border;"]  # fmt: skip
SEIZED = "Decides to remain seized of the synthetic matter."


def _with_sub_paragraphs(operative: list[str | list[str]]) -> str:
    out = text([])
    for n, p in enumerate(operative, start=1):
        out += f"{n}. {p}\n" if isinstance(p, str) else f"{n}. {p[0]}\n" + "\n".join(p[1:]) + "\n"
    return out


@pytest.mark.parametrize("b_changed", [False, True])
def test_a_paragraph_mark_moves_only_where_every_word_it_read_stands(
    tmp_path: Path, b_changed: bool
) -> None:
    """ana coded op1/a and marked op1/a (unit) and op1 whole (paragraph); a paragraph inserted
    before op1 moves them to op2. The paragraph mark read op1/b too: where the new version
    also changed (b), it stays, saying so; the unit mark of op1/a moves either way."""
    with project(tmp_path) as (opened, path):
        store = opened.store
        path.write_text(_with_sub_paragraphs([CHAPEAU, SEIZED]), encoding="utf-8")
        opened.ingest([path])
        events.add_code(store, coder="ana", unit_key=f"{OP1}/a", start=0, end=7, code="aid",
                        codebook="synth")  # fmt: skip
        tick()
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP1], level="paragraph")
        mark_done(store, coder="ana", codebook="synth", unit_keys=[f"{OP1}/a"])
        tick()
        b = "(b) monitor the made-up border and the invented coast;" if b_changed else CHAPEAU[2]
        path.write_text(_with_sub_paragraphs([INSERTED, [*CHAPEAU[:2], b], SEIZED]),
                        encoding="utf-8")  # fmt: skip
        opened.ingest([path])
        (review,) = open_reviews(store)
        fates = {f.mark.level: f for f in settle_review(store, review.id, coder="ana",
                                                        move=True).marks}  # fmt: skip
        assert (fates["unit"].to_key, fates["unit"].stays) == (f"{OP2}/a", None)
        if b_changed:
            assert fates["paragraph"].line() == (
                f"ana's 'done' mark on the paragraph {OP1} (synth) stays: the words it read do "
                f"not all stand unchanged at {OP2}; mark {OP2} again once read"
            )
            assert _marks(store) == [(f"{OP2}/a", "unit", "ana")]
        else:
            assert (fates["paragraph"].to_key, fates["paragraph"].stays) == (OP2, None)
            assert _marks(store) == [(OP2, "paragraph", "ana"), (f"{OP2}/a", "unit", "ana")]
