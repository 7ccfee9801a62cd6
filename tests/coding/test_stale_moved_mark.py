"""A mark moved with its coder's coding (`code review --move`: a ``review:move`` row carrying the
coder's row of the old key) that goes stale — a later version changes the words at the key it
was moved to — is listed by `code reviews --stale` once, where the coder last put it, as the
move's row: not again as the carried row on the key its words left two versions ago (stop 47
listed both, and asked for a reading of op1, whose words are another paragraph's). When the
coder marks the new words, or withdraws the moved mark, nothing is asked for; undoing the move
still lists the carried row as stale, as before. The resolution, codebook, coder and her work
are SYNTHETIC (tests/synthetic_moved.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, settle_review
from normtrace.coding.human.mark_moves import MOVE_SOURCE
from normtrace.coding.human.reviews import current_reviews, mark_done, stale_reviews
from normtrace.coding.human.undo import undo_event
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_moved import FIRST, INSERTED, OP1, OP2, OWNERSHIP, project, text, tick

#: op2's words in a third version: the words ana's moved mark read there, changed
CHANGED = OWNERSHIP.replace("its transition", "its SYNTHETIC future")


def _moved_mark(opened: Project, path: Path) -> tuple[int, int]:
    """ana codes and marks op1; a paragraph inserted before it moves its words to op2, and ana
    moves her coding there (the mark goes with it). Her mark's row, and the move's row."""
    store = opened.store
    events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                    codebook="synth")  # fmt: skip
    tick()
    mark_done(store, coder="ana", codebook="synth", unit_keys=[OP1])
    carried = int(store.conn.execute("SELECT max(id) FROM coding_reviews").fetchone()[0])
    tick()
    path.write_text(text([INSERTED, *FIRST]), encoding="utf-8")
    opened.ingest([path])
    tick()
    (review,) = open_reviews(store)
    (fate,) = settle_review(store, review.id, coder="ana", move=True).marks
    assert fate.row is not None and fate.stays is None
    assert [m.id for m in current_reviews(store, "synth")] == [fate.row]
    assert stale_reviews(store, "synth") == []
    return carried, fate.row


def _change_op2(opened: Project, path: Path, op2: str) -> None:
    tick()
    path.write_text(text([INSERTED, op2, *FIRST[1:]]), encoding="utf-8")
    opened.ingest([path])
    tick()


def _stale(store: Store) -> list[tuple[int, str, str]]:
    return [(m.id, m.key, m.source) for m in stale_reviews(store, "synth")]


def test_a_moved_mark_whose_new_words_change_is_listed_once_where_it_was_moved(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        _carried, moved = _moved_mark(opened, path)
        _change_op2(opened, path, CHANGED)
        assert current_reviews(store, "synth") == []
        assert _stale(store) == [(moved, OP2, MOVE_SOURCE)]
        args = ["code", "reviews", "--codebook", "synth", "--stale", "--format", "json"]
        out = CliRunner().invoke(cli, ["--project", str(tmp_path / "p.db"), *args])
        assert out.exit_code == 0, out.output
        assert [(r["id"], r["key"]) for r in json.loads(out.stdout)] == [(moved, OP2)]
        assert "1 mark(s) on changed text for synth" in out.stderr
        # the words come back: the moved mark counts again, nothing is stale
        _change_op2(opened, path, OWNERSHIP)
        assert [m.id for m in current_reviews(store, "synth")] == [moved]
        assert _stale(store) == []


def test_marking_the_new_words_or_withdrawing_the_moved_mark_asks_for_nothing(
    tmp_path: Path,
) -> None:
    for how in ("mark", "withdraw"):
        with project(tmp_path / how) as (opened, path):
            store = opened.store
            _moved_mark(opened, path)
            _change_op2(opened, path, CHANGED)
            mark_done(store, coder="ana", codebook="synth", unit_keys=[OP2], undo=how == "withdraw")
            again = [m.key for m in current_reviews(store, "synth")]
            assert again == ([OP2] if how == "mark" else []), how
            assert _stale(store) == [], how


def test_undoing_the_move_lists_the_carried_mark_again(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        carried, _moved = _moved_mark(opened, path)
        _change_op2(opened, path, CHANGED)
        # the move undone (its coding goes back to review): the carried row is op1's again
        (moved_event,) = store.conn.execute(
            "SELECT moved_with FROM coding_reviews WHERE source = ?", (MOVE_SOURCE,)
        ).fetchall()
        undo_event(store, coder="ana", event_id=int(moved_event[0]))
        assert _stale(store) == [(carried, OP1, "manual")]
