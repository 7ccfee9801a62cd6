"""Issue 14: a coding's identity is its text — re-runs, editions, forged adjudications, kills."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import (
    add_code,
    human_codings,
    record_verdict,
    remove_code,
)
from normtrace.errors import CodingError
from normtrace.store.db import Store

OP12B = "S/RES/2098 (2013)/op12/b/text"


def codings_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM codings").fetchone()[0])


def candidate(store: Store, unit_key: str, code: str) -> sqlite3.Row:
    (row,) = store.conn.execute(
        "SELECT * FROM current_auto_codings WHERE unit_key = ? AND code = ?", (unit_key, code)
    ).fetchall()
    return row


def test_a_rerun_of_code_apply_keeps_a_rejection(store: Store) -> None:
    """Issue 14 item 1: ingest, apply, reject (69 -> 68), apply again -> must stay 68."""
    book = load_default_codebook()
    apply_codebook(store, book)
    before = codings_count(store)
    ib = candidate(store, OP12B, "intervention_brigade")
    record_verdict(store, coder="ana", auto_coding_id=ib["id"], verdict="reject")
    assert codings_count(store) == before - 1
    apply_codebook(store, book)
    assert candidate(store, OP12B, "intervention_brigade")["id"] != ib["id"]  # a new row
    assert codings_count(store) == before - 1
    # A later accept by the same coder on the new run's row settles the same identity.
    new = candidate(store, OP12B, "intervention_brigade")
    record_verdict(store, coder="ana", auto_coding_id=new["id"], verdict="accept")
    assert codings_count(store) == before


def test_a_rejection_does_not_reach_another_span_or_codebook(store: Store) -> None:
    book = load_default_codebook()
    apply_codebook(store, book)
    ib = candidate(store, OP12B, "intervention_brigade")
    record_verdict(store, coder="ana", auto_coding_id=ib["id"], verdict="reject")
    (verdict,) = store.conn.execute("SELECT * FROM current_verdicts").fetchall()
    assert verdict["codebook"] == book.name
    assert verdict["snippet"] == ib["snippet"]


def test_a_coding_whose_text_moved_is_not_counted(store: Store) -> None:
    """Issue 14 item 2: offsets that now cover other words never count."""
    apply_codebook(store, load_default_codebook())
    text = store.conn.execute("SELECT text FROM units WHERE key = ?", (OP12B,)).fetchone()[0]
    add_code(store, coder="ana", unit_key=OP12B, start=0, end=10, code="intervention_brigade")
    before = codings_count(store)
    with store.transaction() as conn:
        conn.execute("UPDATE paragraphs SET text = ? WHERE key = ?", ("Moreover, " + text, OP12B))
    # The human coding and every candidate of that unit now point at other words.
    moved = store.conn.execute(
        "SELECT count(*) FROM current_auto_codings WHERE unit_key = ?", (OP12B,)
    ).fetchone()[0]
    assert codings_count(store) == before - 1 - moved
    # freq's sources agree: nothing of that unit is counted at its old offsets.
    from normtrace.coding.counts import SOURCES

    for source in ("human", "auto"):
        keys = [r[0] for r in store.conn.execute(SOURCES[source])]
        assert OP12B not in keys, source


def test_adjudicated_codings_cannot_be_forged(store: Store) -> None:
    """Issue 14 item 6: `code add --coder adjudication:X` is refused."""
    apply_codebook(store, load_default_codebook())
    for name in ("adjudication:admin", " Adjudication:x"):
        with pytest.raises(CodingError, match="reserved"):
            add_code(store, coder=name, unit_key=OP12B, start=0, end=5, code="poc")
    assert not [h for h in human_codings(store) if h.coder.startswith("adjudication:")]


def test_a_failed_code_apply_leaves_no_candidate_rows(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 item 6: one transaction per run (the kill -9 trial is tools/kill_code_apply.py)."""
    from normtrace.coding.dictionary import apply as apply_module

    book = load_default_codebook()
    apply_codebook(store, book)
    rows = store.conn.execute("SELECT count(*) FROM auto_codings").fetchone()[0]
    calls = 0
    real = apply_module._insert_spans

    def dying(*args: object) -> None:
        nonlocal calls
        calls += 1
        real(*args)  # type: ignore[arg-type]
        raise KeyboardInterrupt("killed after the first batch")

    monkeypatch.setattr(apply_module, "_insert_spans", dying)
    with pytest.raises(KeyboardInterrupt):
        apply_codebook(store, book, batch=2)
    assert calls == 1
    assert store.conn.execute("SELECT count(*) FROM auto_codings").fetchone()[0] == rows
    orphans = store.conn.execute(
        "SELECT count(*) FROM auto_codings WHERE run_id NOT IN (SELECT run_id FROM coding_runs)"
    ).fetchone()[0]
    assert orphans == 0


def test_the_cli_repro_keeps_the_rejection_and_refuses_forgery(store: Store) -> None:
    """The issue's repro through the commands: apply, verdict reject, apply -> count stays."""
    import json

    from click.testing import CliRunner

    from normtrace.cli.base import Context
    from normtrace.cli.coding import code_group

    def run(*args: str) -> str:
        result = CliRunner().invoke(code_group, list(args), obj=Context(str(store.path), False))
        assert result.exit_code == 0, result.output
        return result.output

    run("apply", "--json")
    before = codings_count(store)
    rows = json.loads(run("list", "--code", "intervention_brigade", "--format", "json"))
    run("verdict", str(rows[0]["id"]), "reject", "--coder", "ana")
    assert codings_count(store) == before - 1
    run("apply", "--json")
    assert codings_count(store) == before - 1
    forged = CliRunner().invoke(
        code_group,
        ["add", OP12B, "0", "5", "poc", "--coder", "adjudication:admin"],
        obj=Context(str(store.path), False),
    )
    assert isinstance(forged.exception, CodingError)
    assert "reserved" in str(forged.exception)


def test_editions_sharing_a_key_cannot_be_confused(store: Store, corpus_edition: str) -> None:
    """Issue 14 item 3: a coding names the edition whose text it was made on."""
    from normtrace.coding.human.events import unit_edition_text

    key = corpus_edition
    register_codebook(store, load_default_codebook())
    _, record = unit_edition_text(store, key, "record")
    _, corpus = unit_edition_text(store, key, "corpus")
    assert record != corpus
    at = corpus.index("civilians")
    on_corpus = add_code(store, coder="ana", unit_key=key, start=at, end=at + 9, code="poc",
                         edition="corpus")  # fmt: skip
    assert (on_corpus.edition, on_corpus.snippet) == ("corpus", "civilians")
    # Without an edition the record's text is coded, and the event says so.
    on_record = add_code(store, coder="ana", unit_key=key, start=at, end=at + 9, code="r2p")
    assert on_record.edition == "record" and on_record.snippet == record[at : at + 9]
    assert on_record.snippet != "civilians"
    counted = store.conn.execute(
        "SELECT code, snippet FROM codings WHERE source = 'human' ORDER BY code"
    ).fetchall()
    assert [tuple(r) for r in counted] == [("poc", "civilians"), ("r2p", on_record.snippet)]
    # Candidates name their edition and each is checked against its own text.
    apply_codebook(store, load_default_codebook())
    rows = store.conn.execute(
        'SELECT edition, snippet, start, "end" FROM current_auto_codings WHERE unit_key = ?',
        (key,),
    ).fetchall()
    assert {r["edition"] for r in rows} == {"record", "corpus"}
    for r in rows:
        text = record if r["edition"] == "record" else corpus
        assert text[r["start"] : r["end"]] == r["snippet"]


def test_the_codings_view_uses_the_one_placement_test() -> None:
    """The SQL view and the Python callers test placement with the same text."""
    from importlib import resources

    from normtrace.coding.placed import placed_sql

    sql = resources.files("normtrace.store") / "migrations" / "0010_codings_placed.sql"
    text = sql.read_text(encoding="utf-8")
    assert placed_sql("h") in text and placed_sql("a") in text


def test_an_undo_message_says_a_suggestion_verdict_judged_a_suggestion() -> None:
    """A new user's undo read "your rejection of candidate …" for a model suggestion they had
    rejected on the command line."""
    from normtrace.coding.human.events import CodingEvent, describe

    suggestion = CodingEvent(9, "2026-01-01T00:00:00Z", "ana", "verdict", "SYN/1/op2",
                             code="poc", verdict="reject")  # fmt: skip
    candidate = CodingEvent(10, "2026-01-01T00:00:00Z", "ana", "verdict", "SYN/1/op2",
                            code="poc", verdict="reject", auto_coding_id=3)  # fmt: skip
    assert describe(suggestion, reader="ana", event_id=False) == (
        "your rejection of suggestion 'poc' on SYN/1/op2")  # fmt: skip
    assert "rejection of candidate 'poc'" in describe(candidate)


def test_a_key_both_editions_hold_is_one_target_with_the_records_words(
    store: Store, corpus_edition: str, tmp_path: Path
) -> None:
    """A level's target on a key the record and the corpus edition share reads the record's
    words, as a coding does when no edition is named: the two texts were joined, so a table
    exported from such a project could not be imported back (its text cell read the record's
    words alone)."""
    from normtrace.coding.exchange.codings import import_codings
    from normtrace.coding.exchange.registry import ExportRequest, export
    from normtrace.coding.exchange.tables import PassageFilter
    from normtrace.coding.human.events import unit_edition_text
    from normtrace.coding.levels import level_units

    key = corpus_edition
    _, record = unit_edition_text(store, key, "record")
    for level in ("unit", "paragraph"):
        (target,) = level_units(store, level, [key])
        assert (target.text, target.members) == (record, (key,))
    register_codebook(store, load_default_codebook())
    add_code(store, coder="ana", unit_key=key, start=0, end=10, code="poc")
    table = tmp_path / "t.csv"
    export(store, table, ExportRequest(PassageFilter(sources=("human",))))
    remove_code(store, coder="ana", unit_key=key, start=0, end=10, code="poc")
    report = import_codings(store, table, codebook="stability-operations", coder="x")
    assert report.codings == 1
