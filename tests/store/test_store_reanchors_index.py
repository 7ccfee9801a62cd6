"""The events that move a coding are found by an index on ``coding_events.reanchors``
(migration 0028): without it, the memos of a unit whose coding a coder moved away read every
event after the move (0.07 s on a 200,000-event SYNTHETIC project; the time is measured in
``benchmarks/bench_moved_reads.py``, not here). The plans are read from the statements the
library runs, captured while it lists a unit's memos, so a rewritten query is checked too."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.exchange.placed_memos import placed_memos
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.store.db import Store
from synthetic_moved import OP1, OP2, code_ownership, insert_before_op1, project


def _plan(store: Store, sql: str) -> str:
    rows = store.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    return " | ".join(str(row[-1]) for row in rows)


def test_a_moved_codings_events_are_found_by_the_reanchors_index(tmp_path: Path) -> None:
    with project(tmp_path) as (opened, path):
        store = opened.store
        code_ownership(store, "SYNTHETIC first look", "SYNTHETIC second thought")
        insert_before_op1(opened, path)
        (review,) = open_reviews(store)
        resolve_review(store, review.id, coder="ana", move=True)
        seen: list[str] = []
        store.conn.set_trace_callback(seen.append)
        try:
            listed = placed_memos(store, OP2)
            placed_memos(store, OP1)  # the unit the coding left: its moves are followed on
        finally:
            store.conn.set_trace_callback(None)
        assert "SYNTHETIC second thought" in [m.memo for m in listed]
        following = [s for s in seen if "reanchors IN" in s and "id >" in s]
        assert following, "the chain of moves out of op1 was not followed"
        for sql in following:
            plan = _plan(store, sql)
            assert "USING INDEX coding_events_reanchors (reanchors=?" in plan, plan
        # a look-up of the events naming one event (anchors, precision, undo's partner)
        plan = _plan(store, "SELECT 1 FROM coding_events m WHERE m.reanchors = 1")
        assert "coding_events_reanchors (reanchors=?)" in plan, plan


def test_the_index_is_partial_and_made_by_a_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        (sql,) = store.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' "
            "AND name = 'coding_events_reanchors'"
        ).fetchone()
    assert "WHERE reanchors IS NOT NULL" in sql
