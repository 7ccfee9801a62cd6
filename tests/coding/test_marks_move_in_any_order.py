"""A mark moved with a coding (`code review --move`, a ``review:move`` row) never hides another
reading of the coder's: settling a document's moved codings in queue order or in reverse gives
the same marks, and undoing the moves lists every mark they had carried as stale again. A
second reader found that settling op1 then op2 (queue order) wrote the move row at op2, which
hid ana's own op2 mark (made on words now at op3) from `code reviews --stale`: op3 read as never
reviewed and nothing asked. The resolution, codebook, coders and their work are SYNTHETIC
(tests/synthetic_moved.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, settle_review
from normtrace.coding.human.mark_moves import MOVE_SOURCE
from normtrace.coding.human.mark_texts import words_now_at
from normtrace.coding.human.reviews import (
    current_reviews,
    mark_done,
    reviewed_keys,
    stale_reviews,
)
from normtrace.coding.human.undo import undo_latest
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_moved import FIRST, OP1, OP2, OP3, insert_before_op1, project, text, tick


def _coded_both(store: Store) -> dict[str, int]:
    """ana codes op1 ('own') and op2 ('aid'), then marks both done; key -> mark row."""
    events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                    codebook="synth")  # fmt: skip
    events.add_code(store, coder="ana", unit_key=OP2, start=0, end=8, code="aid",
                    codebook="synth")  # fmt: skip
    tick()
    mark_done(store, coder="ana", codebook="synth", unit_keys=[OP1, OP2])
    return _rows(store)


def _rows(store: Store) -> dict[str, int]:
    rows = store.conn.execute("SELECT unit_key, id FROM coding_reviews WHERE action = 'done' "
                              "AND moved_with IS NULL ORDER BY id")  # fmt: skip
    return {str(k): int(i) for k, i in rows}


def _settled(opened: Project, path: Path, order: str) -> dict[str, int]:
    store = opened.store
    rows = _coded_both(store)
    insert_before_op1(opened, path)
    reviews = open_reviews(store)
    assert [r.unit_key for r in reviews] == [OP1, OP2]
    for review in reviews if order == "queue" else reversed(reviews):
        settled = settle_review(store, review.id, coder="ana", move=True)
        assert [f.stays for f in settled.marks] == [None], [f.line() for f in settled.marks]
    return rows


@pytest.mark.parametrize("order", ["queue", "reverse"])
def test_settling_in_either_order_moves_both_marks(tmp_path: Path, order: str) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        rows = _settled(opened, path, order)
        # each mark carried to where its words stand now: op1's to op2, op2's to op3
        carried = store.conn.execute(
            "SELECT r.unit_key, m.unit_key FROM coding_reviews r JOIN coding_reviews m "
            "ON m.id = r.moves WHERE r.source = ? ORDER BY r.unit_key", (MOVE_SOURCE,)
        ).fetchall()  # fmt: skip
        assert [tuple(c) for c in carried] == [(OP2, OP1), (OP3, OP2)]
        assert sorted(m.key for m in current_reviews(store, "synth")) == [OP2, OP3]
        assert stale_reviews(store, "synth") == []
        assert OP3 in reviewed_keys(store, "synth", "unit", coder="ana", code="aid")
        assert OP2 in reviewed_keys(store, "synth", "unit", coder="ana", code="own")
        assert set(rows) == {OP1, OP2}


def test_a_negative_mark_where_a_move_lands_is_still_asked_for(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        codebook="synth")  # fmt: skip
        tick()
        # op2: nothing applies (a pure negative: no coding there moves it)
        mark_done(store, coder="ana", codebook="synth", unit_keys=[OP1, OP2])
        op2_mark = _rows(store)[OP2]
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        settle_review(store, review.id, coder="ana", move=True)
        stale = stale_reviews(store, "synth")
        assert [m.id for m in stale] == [op2_mark]
        assert words_now_at(store, op2_mark) == OP3  # where to read and mark again
        assert OP3 not in reviewed_keys(store, "synth", "unit", coder="ana", code="aid")


@pytest.mark.parametrize("order", ["queue", "reverse"])
def test_undoing_both_moves_lists_both_marks_stale_again(tmp_path: Path, order: str) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        rows = _settled(opened, path, order)
        undo_latest(store, coder="ana")
        undo_latest(store, coder="ana")
        assert len(open_reviews(store)) == 2
        assert current_reviews(store, "synth") == []
        assert sorted(m.id for m in stale_reviews(store, "synth")) == sorted(rows.values())


def test_marks_count_again_when_the_words_come_back_after_the_moves_are_undone(
    tmp_path: Path,
) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        rows = _settled(opened, path, "queue")
        undo_latest(store, coder="ana")
        undo_latest(store, coder="ana")
        tick()
        path.write_text(text(FIRST), encoding="utf-8")  # the first version put back
        anchors = opened.ingest([path]).anchors
        # a move's withdrawal withdraws the mark it moved, never the coder's own reading of
        # the key it had landed on (ana's op2 mark, on op2's first words, which stand again)
        assert sorted(m.id for m in current_reviews(store, "synth")) == sorted(rows.values())
        assert stale_reviews(store, "synth") == []
        # and the ingest says so: the marks on the keys it replaced that count again
        assert anchors is not None
        assert sorted(anchors.marks_back) == [f"{OP1} (ana)", f"{OP2} (ana)"]
