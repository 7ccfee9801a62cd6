"""Memos about a whole document: append-only events naming a document, never a unit."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.coding import code_group
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.placed_memos import document_memos
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.events import (
    add_code,
    add_document_memo,
    add_memo,
    list_events,
)
from normtrace.coding.human.undo import undo_event as undo
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, migrations

RES = "S/RES/2098 (2013)"
PV = "S/PV.0001"


def test_a_document_memo_names_the_document_and_no_unit(store: Store) -> None:
    event = add_document_memo(store, coder="ana", document=RES, memo="  first brigade  ")
    assert (event.action, event.document, event.memo) == ("memo", RES, "first brigade")
    assert (event.unit_key, event.start, event.end, event.code) == (None, None, None, None)
    assert [e.event_id for e in document_memos(store, RES)] == [event.id]
    assert document_memos(store, PV) == []


def test_document_memos_are_not_unit_memos(store: Store) -> None:
    add_memo(store, coder="ana", unit_key=f"{RES}/op09", memo="on a unit")
    add_document_memo(store, coder="ana", document=RES, memo="on the document")
    assert [e.memo for e in document_memos(store, RES)] == ["on the document"]
    assert [e.memo for e in list_events(store, unit_key=f"{RES}/op09")] == ["on a unit"]
    assert list_events(store, unit_key=RES) == []


def test_other_spellings_of_the_symbol_find_the_document(store: Store) -> None:
    event = add_document_memo(store, coder="ana", document="S/RES/2098(2013)", memo="x")
    assert event.document == RES
    assert [e.event_id for e in document_memos(store, " S/RES/2098(2013) ")] == [event.id]


def test_filter_by_coder_and_order(store: Store) -> None:
    a1 = add_document_memo(store, coder="ana", document=RES, memo="one")
    b1 = add_document_memo(store, coder="ben", document=RES, memo="two")
    a2 = add_document_memo(store, coder="ana", document=RES, memo="three")
    assert [e.event_id for e in document_memos(store, RES)] == [a1.id, b1.id, a2.id]
    assert [e.event_id for e in document_memos(store, RES, coder="ana")] == [a1.id, a2.id]


def test_undo_removes_a_document_memo_from_the_list(store: Store) -> None:
    kept = add_document_memo(store, coder="ana", document=RES, memo="kept")
    dropped = add_document_memo(store, coder="ana", document=RES, memo="dropped")
    cancel = undo(store, coder="ana")
    assert cancel.target_event == dropped.id
    assert [e.event_id for e in document_memos(store, RES)] == [kept.id]
    undo(store, coder="ana", event_id=kept.id)
    assert document_memos(store, RES) == []
    with pytest.raises(CodingError, match="already undone"):
        undo(store, coder="ana", event_id=kept.id)


def test_unknown_document_is_an_error_naming_it(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"S/RES/9999 \(2099\).*normtrace ls"):
        add_document_memo(store, coder="ana", document="S/RES/9999 (2099)", memo="x")
    with pytest.raises(NotFoundError, match="not-a-symbol"):
        document_memos(store, "not-a-symbol")
    # a unit key is not a document
    with pytest.raises(NotFoundError):
        add_document_memo(store, coder="ana", document=f"{RES}/op09", memo="x")


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_empty_memo_is_an_error(store: Store, text: str) -> None:
    with pytest.raises(CodingError, match="needs some text"):
        add_document_memo(store, coder="ana", document=RES, memo=text)
    assert list_events(store) == []


def test_blank_coder_is_an_error(store: Store) -> None:
    with pytest.raises(CodingError, match="coder name"):
        add_document_memo(store, coder=" ", document=RES, memo="x")


def test_document_memo_events_are_append_only(store: Store) -> None:
    event = add_document_memo(store, coder="ana", document=RES, memo="x")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE coding_events SET memo = 'y' WHERE id = ?", (event.id,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM coding_events WHERE id = ?", (event.id,))
    store.conn.rollback()


def test_the_schema_refuses_a_document_on_a_unit_event(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        store.conn.execute(
            "INSERT INTO coding_events (at, coder, action, unit_key, document) "
            "VALUES ('2026-01-01T00:00:00Z', 'ana', 'memo', ?, ?)",
            (f"{RES}/op09", RES),
        )
    store.conn.rollback()


def test_document_memos_do_not_count_as_coded_units(store: Store) -> None:
    register_codebook(store, load_default_codebook())
    add_code(store, coder="ana", unit_key=f"{PV}/s002", start=0, end=11, code="consent")
    add_code(store, coder="ben", unit_key=f"{PV}/s002", start=0, end=11, code="consent")
    before = agreement(store).units
    add_document_memo(store, coder="ana", document=RES, memo="x")
    add_document_memo(store, coder="ben", document=RES, memo="y")
    assert agreement(store).units == before == 1


def _run(store: Store, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(code_group, list(args), obj=Context(str(store.path), False))
    assert result.exit_code == code, result.output
    return result.output


def test_cli_adds_lists_and_undoes_document_memos(store: Store) -> None:
    out = _run(store, "doc-memo", RES, "compare the 2014 renewal", "--coder", "ana")
    assert out.startswith("event ") and f"memo on document {RES}" in out
    made = json.loads(_run(store, "doc-memo", PV, "synthetic meeting", "--coder", "ben", "--json"))
    assert made["document"] == PV and made["unit_key"] is None
    rows = json.loads(_run(store, "doc-memos", RES, "--format", "json"))
    assert [(r["coder"], r["memo"]) for r in rows] == [("ana", "compare the 2014 renewal")]
    assert "compare the 2014 renewal" in _run(store, "doc-memos", RES)
    _run(store, "undo", "--coder", "ana")
    assert _run(store, "doc-memos", RES) == "(nothing)\n"


def test_cli_errors_for_unknown_document_and_empty_memo(store: Store) -> None:
    result = CliRunner().invoke(
        code_group,
        ["doc-memo", "S/PV.9999", "x", "--coder", "ana"],
        obj=Context(str(store.path), False),
    )
    assert isinstance(result.exception, NotFoundError)
    result = CliRunner().invoke(
        code_group, ["doc-memo", RES, " ", "--coder", "ana"], obj=Context(str(store.path), False)
    )
    assert isinstance(result.exception, CodingError)


def test_a_project_of_schema_6_migrates_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:6]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO coding_events (at, coder, action, unit_key, memo) "
        "VALUES ('2026-01-01T00:00:00Z', 'ana', 'memo', 'S/PV.0001/s001', 'old unit memo')"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == len(migrations()) >= 7
        (old,) = list_events(store)
        assert (old.unit_key, old.memo, old.document) == ("S/PV.0001/s001", "old unit memo", None)
    assert (tmp_path / "v6.db.bak-v6").exists()


def test_a_table_export_says_it_does_not_carry_document_memos(store: Store, tmp_path: Path) -> None:
    """A new user's months: a document memo vanished in a CSV round trip with no word."""
    from normtrace.coding.exchange.registry import ExportRequest, export

    register_codebook(store, load_default_codebook())
    add_document_memo(store, coder="ana", document=RES, memo="first brigade")
    written = export(store, tmp_path / "t.csv", ExportRequest())
    assert any("1 memo(s) on whole documents are not in a table" in n for n in written.notes)
    # a .qdpx carries them: no such note
    qdpx = export(store, tmp_path / "t.qdpx", ExportRequest())
    assert not any("memo(s) on whole documents" in n for n in qdpx.notes)
