"""Issue 12: agreement on blind-assigned units sets aside a coder's work on a unit from before
their blind reading of it began (made with the machine's candidates and suggestions in view),
says so per coder and unit, and counts the unit again once the coder re-read it and marked it
done since. Until then agreement counted such work as an independent blind reading.
Agreement reads the blind assignments and reveals from the project (the workbench's tables),
whoever asks.

The resolution is real (S/RES/2100 (2013)); the coders, their work and the planted model
suggestion are SYNTHETIC."""

from __future__ import annotations

import time
from pathlib import Path

from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.blind_work import blind_since, predating_work
from normtrace.coding.human.events import add_code, record_verdict
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.store.db import Store, utc_now
from resolution_2100 import PROTECT, assign_blind_now, candidate, ingested_2100, suggestion

BOOK = "stability-operations"


def _reveal(store: Store, at: str) -> None:
    """PROTECT was revealed at ``at`` (as the workbench records a reveal)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM reveals WHERE unit_key = ?", (PROTECT,))
        conn.execute("INSERT INTO reveals (unit_key, revealed_at) VALUES (?, ?)", (PROTECT, at))


def _tick() -> str:
    time.sleep(0.002)
    at = utc_now(precise=True)
    time.sleep(0.002)
    return at


def _bo_codes(store: Store) -> None:
    add_code(store, coder="bo", unit_key=PROTECT, start=0, end=10, code="poc")


def test_work_before_the_blind_assignment_is_set_aside_and_listed(tmp_path: Path) -> None:
    with ingested_2100(tmp_path, apply=True) as (project, _):
        store = project.store
        found = candidate(store, PROTECT, "poc")
        # ana accepts the machine's candidate while the unit is open, with it in view
        record_verdict(store, coder="ana", auto_coding_id=int(found["id"]), verdict="accept")
        since = assign_blind_now(store)
        _bo_codes(store)
        report = agreement(store, codes=["poc"])
        assert report.units == 0 and report.rows == ()
        (early,) = report.predating
        assert (early.unit_key, early.coder, early.counted) == (PROTECT, "ana", False)
        assert early.blind_since == since[PROTECT]["ana"] and early.first < early.blind_since
        assert report.set_aside == report.predating
        # bo, whose work all follows the assignment, is listed nowhere
        assert "bo" not in {p.coder for p in report.predating}


def test_a_done_mark_made_since_counts_the_re_read_unit(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        assign_blind_now(store)
        _bo_codes(store)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        report = agreement(store, codes=["poc"])
        assert report.units == 1
        (early,) = report.predating
        assert early.counted and report.set_aside == ()


def test_a_done_mark_made_after_the_reveal_is_no_blind_re_reading(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        assign_blind_now(store)
        _bo_codes(store)
        _reveal(store, _tick())  # bo's codings in her view
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        report = agreement(store, codes=["poc"])
        assert report.units == 0 and [p.counted for p in report.predating] == [False]
        # the same mark before the reveal is a blind re-reading
        _reveal(store, _tick())
        assert agreement(store, codes=["poc"]).units == 1


def test_a_done_mark_made_before_the_assignment_is_no_re_reading(tmp_path: Path) -> None:
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        assign_blind_now(store)
        _bo_codes(store)
        # ana codes more after the assignment, but her reading of the unit began before it
        add_code(store, coder="ana", unit_key=PROTECT, start=20, end=30, code="poc")
        report = agreement(store, codes=["poc"])
        assert report.units == 0
        assert [(p.coder, p.counted) for p in report.predating] == [("ana", False)]


def test_a_verdict_on_the_paragraphs_suggestion_predates_its_units(tmp_path: Path) -> None:
    """A model suggestion of the whole paragraph, judged while it was open, was read with the
    machine in view for every unit of the paragraph."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        sid = suggestion(store, "S/RES/2100 (2013)/op16", "poc", level="paragraph")
        record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")
        since = assign_blind_now(store)
        (early,) = predating_work(store, since)
        assert (early.unit_key, early.coder) == (PROTECT, "ana")


def test_work_in_an_old_assignments_second_counts_as_before_it(tmp_path: Path) -> None:
    """An assignment kept in whole seconds may have come at any time within its second."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        event = add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        second = event.at.split(".")[0] + "Z"  # the assignment, recorded in that second
        assert [p.coder for p in predating_work(store, {PROTECT: {"ana": second}})] == ["ana"]


def test_a_mark_in_an_old_reveals_second_is_no_blind_re_reading(tmp_path: Path) -> None:
    """A reveal kept in whole seconds may have come at any time within its second: a mark
    made in that second may have been made with the others' codings in view."""
    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        assign_blind_now(store)
        _bo_codes(store)
        mark = mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        at = store.conn.execute("SELECT max(at) FROM coding_reviews").fetchone()[0]
        assert mark is not None and "." in at
        _reveal(store, at.split(".")[0] + "Z")  # the reveal, recorded in the mark's second
        report = agreement(store, codes=["poc"])
        assert [p.counted for p in report.predating] == [False]


def test_blindness_begins_when_the_unit_is_blind_and_the_coder_assigned() -> None:
    rows = [
        ("u", "ana", False, "2024-01-01T00:00:00.000000Z"),  # open: she sees the machine
        ("u", "bo", True, "2024-01-02T00:00:00.000000Z"),  # blind from here for both
        ("u", "cy", True, "2024-01-03T00:00:00.000000Z"),
    ]
    assert blind_since(rows) == {
        "u": {
            "ana": "2024-01-02T00:00:00.000000Z",
            "bo": "2024-01-02T00:00:00.000000Z",
            "cy": "2024-01-03T00:00:00.000000Z",
        }
    }


def test_undoing_a_withdrawal_puts_back_the_mark_as_it_was_made(tmp_path: Path) -> None:
    """A mark put back by an undo is the reading it was, made before the assignment: it does
    not count as a blind re-reading (it did, being written again after the assignment)."""
    from normtrace.coding.human.undo import undo_latest

    with ingested_2100(tmp_path) as (project, _):
        store = project.store
        add_code(store, coder="ana", unit_key=PROTECT, start=0, end=10, code="poc")
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        assign_blind_now(store)
        _bo_codes(store)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True)
        undo_latest(store, coder="ana")  # the withdrawal is taken back: the old mark is back
        (early,) = agreement(store, codes=["poc"]).predating
        assert (early.coder, early.counted) == ("ana", False)
        # a mark made now, after the assignment, is a blind re-reading
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT], undo=True)
        mark_done(store, coder="ana", codebook=BOOK, unit_keys=[PROTECT])
        (again,) = agreement(store, codes=["poc"]).predating
        assert again.counted
