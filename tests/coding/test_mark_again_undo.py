"""A blind re-reading ("done" again, :func:`~normtrace.coding.human.blind_work.mark_read_again`:
the coder's standing mark withdrawn and made anew) is one action of the coder: one undo puts
the old mark back as it was, with the time it was made (so the unit is again work from before
the blind assignment), and the next undo takes back the action before it. It took two undos,
and after the first the coder held no mark at all, a state they never made.

The resolution is real (S/RES/2100 (2013)); the coders and their work are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.blind_work import mark_read_again
from normtrace.coding.human.events import CodingEvent, add_code, human_codings
from normtrace.coding.human.made_at import review_made_sql
from normtrace.coding.human.reviews import current_reviews, mark_done
from normtrace.coding.human.undo import MarkUndo, describe_mark_undo, undo_latest
from normtrace.store.db import Store
from resolution_2100 import PROTECT, assign_blind_now, ingested_2100

BOOK = "stability-operations"


def _mark(store: Store) -> tuple[int, str, str]:
    """ana's one current mark of BOOK: its row, codebook version and when it was made."""
    (mark,) = current_reviews(store, BOOK, coder="ana")
    made = store.conn.execute(
        f"SELECT {review_made_sql('r')} FROM coding_reviews r WHERE r.id = ?", (mark.id,)
    ).fetchone()[0]
    return mark.id, mark.codebook_version, str(made)


def _counted(store: Store) -> bool:
    """Whether agreement counts ana's work on PROTECT as her blind reading."""
    (early,) = agreement(store, codes=["poc"]).predating
    assert early.coder == "ana"
    return early.counted


def test_one_undo_takes_back_a_blind_re_reading_and_the_next_the_action_before(
    tmp_path: Path,
) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        before = _mark(store)
        assign_blind_now(store)
        add_code(store, coder="bo", unit_key=PROTECT, start=0, end=10, code="poc")
        assert not _counted(store)  # her mark predates the assignment
        with store.transaction():
            mark_read_again(store, coder="ana", codebook=BOOK, unit_key=PROTECT)
        assert _counted(store) and _mark(store)[2] > before[2]

        undone = undo_latest(store, coder="ana")
        # the old mark stands again, made when it was made: no blind reading of the unit
        (_, version, made) = _mark(store)
        assert (version, made) == (before[1], before[2])
        assert not _counted(store)
        assert isinstance(undone, MarkUndo) and undone.action == "again" and undone.counts
        said = describe_mark_undo(undone, reader="ana")
        assert "made again" in said and "the mark from before is back" in said, said

        # one step: the next undo takes back the marking before the assignment
        second = undo_latest(store, coder="ana")
        assert isinstance(second, MarkUndo) and second.action == "done"
        assert second.mark.id == before[0]
        assert current_reviews(store, BOOK, coder="ana") == []
        # and then her coding
        third = undo_latest(store, coder="ana")
        assert isinstance(third, CodingEvent) and third.action == "undo"
        assert [h.coder for h in human_codings(store, unit_key=PROTECT)] == ["bo"]
        # nothing was rewritten: every row stays in the log, the re-reading's two rows and
        # its undo's two recorded as one action each (the later row names the first)
        log = [tuple(r) for r in store.conn.execute(
            "SELECT id, action, part_of FROM coding_reviews ORDER BY id")]  # fmt: skip
        ids = [row[0] for row in log]
        assert [row[1:] for row in log] == [
            ("done", None),  # her mark before the assignment
            ("undone", None), ("done", ids[1]),  # done again: one action
            ("undone", None), ("done", ids[3]),  # its undo: the old mark back
            ("undone", None),  # the second undo
        ]  # fmt: skip


def test_a_withdrawal_then_a_mark_of_the_coder_stay_two_actions(tmp_path: Path) -> None:
    """Marks grouped as one action are those one write recorded as one, not any withdrawal
    followed by a mark: a coder who withdrew and marked again by hand undoes each."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        before = _mark(store)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        first = undo_latest(store, coder="ana")
        assert isinstance(first, MarkUndo) and first.action == "done"
        assert current_reviews(store, BOOK, coder="ana") == []  # back to the withdrawal
        second = undo_latest(store, coder="ana")
        assert isinstance(second, MarkUndo) and second.action == "undone"
        assert _mark(store)[1:] == before[1:]


def test_a_re_reading_without_a_standing_mark_is_a_plain_mark(tmp_path: Path) -> None:
    """Nothing to withdraw: "done" again writes one mark, and one undo withdraws it."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        with store.transaction():
            assert mark_read_again(store, coder="ana", codebook=BOOK, unit_key=PROTECT) == 1
        undone = undo_latest(store, coder="ana")
        assert isinstance(undone, MarkUndo) and undone.action == "done"
        assert current_reviews(store, BOOK, coder="ana") == []
        assert store.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 2
