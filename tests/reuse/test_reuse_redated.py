"""Incremental reuse re-links a unit whose date changed, and a project linked by reuse v1 once.

A unit's date decides which side of a link is the earlier. Since 8be69ae a meeting record
without a date of its own is dated by its meeting (store.held), so a meeting date that
arrives later (a library-index import) changes a unit's date without touching its text; and a
project linked before that change holds links whose direction the old dating chose. Before
this fix an incremental ``normtrace reuse`` kept both kinds of stale link, and provenance,
secretariat and aggregate answered differently after ``reuse --full``. Every document here is
SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.reuse import reuse_command
from normtrace.parse.model import Document, Paragraph
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.partitioned import serial_mapper
from normtrace.reuse.store_parallel import update_reuse_partitioned
from normtrace.reuse.store_reuse import all_links, update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document

MEETING, RESOLUTION, LATER = "S/PV.99991", "S/RES/9913 (2099)", "S/RES/9914 (2099)"
TEXT = (
    "Requests UNSYN to continue to support the synthetic national police in the consolidation "
    "of stability and democracy across the synthetic provinces and along the northern border;"
)
OTHER = (
    "Calls upon all synthetic parties to respect the ceasefire agreed in the synthetic capital "
    "and to release every detained member of the synthetic electoral commission without delay;"
)
V1 = "reuse.shingle_index_align.v1"


def _save(store: Store, doc: Document) -> None:
    digest = hashlib.sha256(doc.symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(doc.symbol, digest, 1, "text/plain", "test"))


def _documents(store: Store) -> None:
    """A corpus meeting record without a date of its own, and two later resolutions that
    repeat its words."""
    _save(store, Document(
        MEETING, "corpus_meeting", "synthetic.v1", "SYNTHETIC meeting", None, None,
        paragraphs=(Paragraph(f"{MEETING}/p1", "numbered", f"SYNTHETIC. We ask: {TEXT} {OTHER}",
                              1, number="1"),),
        meeting=MEETING,
    ))  # fmt: skip
    for symbol, date, text in ((RESOLUTION, "2099-03-01", TEXT), (LATER, "2099-05-01", OTHER)):
        _save(store, Document(
            symbol, "resolution", "synthetic.v1", "SYNTHETIC resolution", date, 2099,
            paragraphs=(Paragraph(f"{symbol}/op1", "operative", text, 1, number="1"),),
        ))  # fmt: skip


def _date_meeting(store: Store, date: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO meetings (symbol, date, topic, origin) VALUES (?, ?, 'SYNTHETIC', "
            "'library_index')",
            (MEETING, date),
        )


def _links(store: Store) -> list[ReuseLink]:
    return sorted(all_links(store), key=repr)


def _full(store: Store) -> list[ReuseLink]:
    """The links a full rebuild of the same project stores."""
    update_reuse(store, full=True, progress=False)
    return _links(store)


def test_a_meeting_date_imported_later_relinks_as_a_full_run() -> None:
    store = Store.open(":memory:")
    _documents(store)
    update_reuse(store, progress=False)
    # undated, the meeting record sorts last: both resolutions are its sources
    assert {(x.source, x.target) for x in _links(store)} == {
        (f"{RESOLUTION}/op1", f"{MEETING}/p1"),
        (f"{LATER}/op1", f"{MEETING}/p1"),
    }
    _date_meeting(store, "2099-02-01")  # the library index dates the meeting: text unchanged
    again = update_reuse(store, progress=False)
    assert again.indexed_units == 1 and again.links_removed == 2 and again.rebuilt_from == ()
    incremental = _links(store)
    assert {(x.source, x.target) for x in incremental} == {
        (f"{MEETING}/p1", f"{RESOLUTION}/op1"),
        (f"{MEETING}/p1", f"{LATER}/op1"),
    }
    assert incremental == _full(store)
    # and nothing changed since: nothing is indexed again
    assert update_reuse(store, progress=False).indexed_units == 0


def test_a_meeting_redated_between_the_resolutions_relinks_as_a_full_run() -> None:
    store = Store.open(":memory:")
    _documents(store)
    _date_meeting(store, "2099-06-01")  # after both resolutions
    update_reuse(store, progress=False)
    assert {x.target for x in _links(store)} == {f"{MEETING}/p1"}
    with store.transaction() as conn:  # the date corrected: between the two resolutions
        conn.execute("UPDATE meetings SET date = '2099-04-01' WHERE symbol = ?", (MEETING,))
    update_reuse(store, progress=False)
    incremental = _links(store)
    assert {(x.source, x.target) for x in incremental} == {
        (f"{RESOLUTION}/op1", f"{MEETING}/p1"),
        (f"{MEETING}/p1", f"{LATER}/op1"),
    }
    assert incremental == _full(store)


def _as_if_linked_by_v1(store: Store) -> None:
    """Turn the stored links into what reuse v1 stored (the meeting record undated, so the
    later unit of each link), with its runs recorded as v1's."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE reuse_links SET source_key = target_key, target_key = source_key, "
            "source_start = target_start, source_end = target_end, "
            "target_start = source_start, target_end = source_end"
        )
        conn.execute("UPDATE runs SET algorithm = ? WHERE stage = 'reuse'", (V1,))


def test_a_project_linked_by_v1_is_relinked_once() -> None:
    store = Store.open(":memory:")
    _documents(store)
    _date_meeting(store, "2099-02-01")
    update_reuse(store, progress=False)
    right = _links(store)
    assert {x.source for x in right} == {f"{MEETING}/p1"}
    _as_if_linked_by_v1(store)
    assert {x.target for x in _links(store)} == {f"{MEETING}/p1"}
    upgraded = update_reuse(store, progress=False)
    assert _links(store) == right
    assert upgraded.rebuilt_from == (V1,) and upgraded.indexed_units == upgraded.units == 3
    # once: the next run links only what is new
    after = update_reuse(store, progress=False)
    assert after.rebuilt_from == () and after.indexed_units == 0 and after.links_removed == 0
    assert _links(store) == right == _full(store)


def test_the_command_says_it_relinked_a_v1_project(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _documents(store)
        _date_meeting(store, "2099-02-01")
    ctx, runner = Context(str(path), False), CliRunner()
    assert runner.invoke(reuse_command, [], obj=ctx).exit_code == 0
    with Store.open(path) as store:
        _as_if_linked_by_v1(store)
    upgraded = runner.invoke(reuse_command, [], obj=ctx)
    assert upgraded.exit_code == 0, upgraded.output
    assert "3 of 3 units indexed" in upgraded.output
    assert f"every unit re-linked, once: the stored links were made by {V1}" in upgraded.output
    again = runner.invoke(reuse_command, [], obj=ctx)
    assert "0 of 3 units indexed" in again.output and "re-linked" not in again.output


def test_a_partitioned_run_stores_dates_so_the_next_serial_run_has_nothing_to_do(
    tmp_path: Path,
) -> None:
    """The partitioned writer stores each unit's date as the serial run does; without it the
    next incremental run would take every dated unit for a re-dated one."""
    store = Store.open(tmp_path / "p.db")
    _documents(store)
    _date_meeting(store, "2099-02-01")
    update_reuse_partitioned(store, mapper=serial_mapper, work_dir=tmp_path / "work",
                             progress=False)  # fmt: skip
    parted = _links(store)
    state = "SELECT unit_key, date FROM reuse_state ORDER BY unit_key"
    dates = [tuple(r) for r in store.conn.execute(state)]
    assert dates == [(f"{MEETING}/p1", "2099-02-01"), (f"{RESOLUTION}/op1", "2099-03-01"),
                     (f"{LATER}/op1", "2099-05-01")]  # fmt: skip
    after = update_reuse(store, progress=False)
    assert after.indexed_units == 0 and after.rebuilt_from == () and _links(store) == parted
    assert parted == _full(store)
    assert [tuple(r) for r in store.conn.execute(state)] == dates
