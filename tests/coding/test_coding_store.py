"""Auto-coding into the store, and human coding as append-only events."""

from __future__ import annotations

import sqlite3

import pytest

from normtrace.coding.dictionary.apply import (
    apply_codebook,
    list_codes,
    register_codebook,
    stored_codebook,
)
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import (
    add_code,
    add_memo,
    human_codings,
    list_events,
    record_verdict,
    remove_code,
)
from normtrace.coding.human.undo import undo_event as undo
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store

OP12B = "S/RES/2098 (2013)/op12/b/text"
PP02 = "S/RES/2098 (2013)/pp02"


def auto_rows(store: Store, unit_key: str) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT * FROM current_auto_codings WHERE unit_key = ? ORDER BY start", (unit_key,)
    ).fetchall()


def test_apply_codes_every_unit_and_records_run_and_version(store: Store) -> None:
    book = load_default_codebook()
    report = apply_codebook(store, book)
    assert report.units == 9 and report.spans > 0
    assert report.by_code["intervention_brigade"] >= 2
    run = store.conn.execute("SELECT * FROM runs WHERE id = ?", (report.run_id,)).fetchone()
    assert run["stage"] == "coding" and run["finished_at"]
    assert run["algorithm"] == "coding.aho_corasick.v2"
    rows = auto_rows(store, OP12B)
    assert {r["code"] for r in rows} >= {"offensive_operations", "neutralize_disarm"}
    text = store.conn.execute("SELECT text FROM units WHERE key = ?", (OP12B,)).fetchone()[0]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["snippet"]
        assert r["codebook_version"] == book.version and r["run_id"] == report.run_id
    pp02 = {r["code"] for r in auto_rows(store, PP02)}
    assert "nonuse_of_force" in pp02 and "robust_posture" not in pp02
    assert stored_codebook(store, book.name) == book
    codes = list_codes(store)
    assert [c["code"] for c in codes] == [c.id for c in book.codes]
    assert codes[0]["codable"] is False and codes[1]["parent"] == "primary_norms"


def test_a_new_run_supersedes_the_old_one(store: Store) -> None:
    book = load_default_codebook()
    first = apply_codebook(store, book)
    second = apply_codebook(store, book)
    runs = {r["run_id"] for r in store.conn.execute("SELECT run_id FROM current_auto_codings")}
    assert runs == {second.run_id} and first.run_id != second.run_id
    assert register_codebook(store, book) == register_codebook(store, book)
    assert store.conn.execute("SELECT count(*) FROM codebooks").fetchone()[0] == 1


def test_human_code_uncode_undo_are_events(store: Store) -> None:
    register_codebook(store, load_default_codebook())
    text = store.conn.execute("SELECT text FROM units WHERE key = ?", (PP02,)).fetchone()[0]
    start = text.index("consent of the parties")
    end = start + len("consent of the parties")
    ev = add_code(store, coder="ana", unit_key=PP02, start=start, end=end, code="consent",
                  memo="principle")  # fmt: skip
    assert ev.snippet == "consent of the parties" and ev.codebook_version
    assert [h.code for h in human_codings(store, coder="ana")] == ["consent"]
    remove_code(store, coder="ana", unit_key=PP02, start=start, end=end, code="consent")
    assert human_codings(store) == []
    undone = undo(store, coder="ana")  # undoes the removal
    assert undone.action == "undo"
    assert [h.event_id for h in human_codings(store)] == [ev.id]
    undo(store, coder="ana", event_id=ev.id)
    assert human_codings(store) == []
    actions = [e.action for e in list_events(store)]
    assert actions == ["code", "uncode", "undo", "undo"]
    with pytest.raises(CodingError, match="already undone"):
        undo(store, coder="ana", event_id=ev.id)
    with pytest.raises(CodingError, match="is an undo"):
        undo(store, coder="ana", event_id=undone.id)


def test_events_are_append_only(store: Store) -> None:
    register_codebook(store, load_default_codebook())
    add_memo(store, coder="ana", unit_key=PP02, memo="look at this")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE coding_events SET memo = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM coding_events")


def test_human_coding_errors_say_what_to_do(store: Store) -> None:
    with pytest.raises(CodingError, match="register a codebook"):
        add_code(store, coder="ana", unit_key=PP02, start=0, end=5, code="consent")
    register_codebook(store, load_default_codebook())
    with pytest.raises(CodingError, match="unknown code 'consnet'.*consent"):
        add_code(store, coder="ana", unit_key=PP02, start=0, end=5, code="consnet")
    with pytest.raises(CodingError, match="not inside"):
        add_code(store, coder="ana", unit_key=PP02, start=5, end=99999, code="consent")
    with pytest.raises(NotFoundError):
        add_code(store, coder="ana", unit_key="S/RES/1 (1946)/op1", start=0, end=1, code="poc")
    with pytest.raises(CodingError, match="holds no coding"):
        remove_code(store, coder="ana", unit_key=PP02, start=0, end=5, code="consent")
    with pytest.raises(CodingError, match="coder name"):
        add_memo(store, coder=" ", unit_key=PP02, memo="x")


def test_verdicts_reject_candidates_from_the_codings_view(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    (ib,) = [r for r in auto_rows(store, OP12B) if r["code"] == "intervention_brigade"]
    before = store.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    record_verdict(store, coder="ana", auto_coding_id=ib["id"], verdict="reject")
    after = store.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    assert after == before - 1
    record_verdict(store, coder="ana", auto_coding_id=ib["id"], verdict="accept")
    assert store.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == before
    with pytest.raises(CodingError, match="accept, reject"):
        record_verdict(store, coder="ana", auto_coding_id=ib["id"], verdict="maybe")
