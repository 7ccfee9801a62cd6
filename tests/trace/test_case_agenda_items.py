"""A case reads a meeting's agenda items as ``--topic`` and the topic timeline read them
(:mod:`normtrace.store.topics`: the meeting index's once imported, else the meeting row's own
topic), never a verbatim record's own title, which stands in the meeting row of a record
stored before the index was imported. Every meeting, agenda item, outcome and text is
SYNTHETIC (tests/synthetic_topics.py; the draft and resolution symbols below are invented)."""

from __future__ import annotations

import json
from pathlib import Path

from normtrace.actors.links import import_meeting_index
from normtrace.actors.meetings_index import MeetingEntry
from normtrace.actors.timeline import timeline
from normtrace.actors.veto_table import Veto, import_veto_table
from normtrace.store.db import Store
from normtrace.store.held import held_by_symbol, held_documents
from normtrace.store.topics import meeting_topics, topic_symbols
from normtrace.trace.scope import case_scope
from normtrace.trace.store_indicators import case_outcomes
from normtrace.trace.store_trace import CaseWindow
from synthetic_topics import (
    MEETINGS,
    RECORD_TITLE,
    RURITANIA,
    TABLE,
    THREATS,
    build,
    save_documents,
)

RECORD = "S/PV.99002"  # a verbatim record stored before the index: its row's topic is its title
DRAFT = "S/2020/99021"  # SYNTHETIC failed draft
VETOED = "S/2020/99023"  # SYNTHETIC vetoed draft
ADOPTED = "S/RES/99022 (2020)"  # SYNTHETIC resolution


def _case(*terms: str) -> CaseWindow:
    return CaseWindow("synthetic-2020", "SYNTHETIC case", "2020-01-01", "2020-12-31", terms)


def test_the_record_row_holds_its_title_and_the_index_its_agenda_items(tmp_path: Path) -> None:
    """The premise: the meetings column holds the record's title, the index its items."""
    with Store.open(build(tmp_path / "p.db")) as store:
        row = store.conn.execute(
            "SELECT topic FROM meetings WHERE symbol = ?", (RECORD,)
        ).fetchone()
        assert row[0] == RECORD_TITLE
        assert meeting_topics(store)[RECORD].items == (RURITANIA, THREATS)


def test_a_held_document_carries_its_meetings_agenda_items(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db")) as store:
        topics = meeting_topics(store)
        held = held_by_symbol(store)
        dated = held_documents(store, start="2020-01-01", end="2020-12-31")
    assert held[RECORD]["meeting_topic"] == f"{RURITANIA} | {THREATS}"
    for symbol, row in held.items():
        known = topics.get(symbol)
        assert row["meeting_topic"] == (known.text if known else None), symbol
    assert {r["symbol"]: r["meeting_topic"] for r in dated} == {
        s: r["meeting_topic"] for s, r in held.items()
    }
    assert not any(k.startswith("meeting_") and k != "meeting_topic" for k in held[RECORD])


def test_a_case_takes_the_meetings_topic_and_the_timeline_name(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db")) as store:
        for term in ("Ruritania", "Threats to international peace and security"):
            scope = case_scope(store, _case(term))
            assert scope.symbols == topic_symbols(store, term), term
            on_timeline = {e.symbol for e in timeline(store, term, 2020, 2020)}
            assert scope.symbols == on_timeline & set(MEETINGS), term
        assert case_scope(store, _case("Ruritania")).symbols == {"S/PV.99001", RECORD}


def test_without_the_index_the_record_is_read_by_its_own_topic(tmp_path: Path) -> None:
    with Store.open(build(tmp_path / "p.db", index=False)) as store:
        assert case_scope(store, _case("Ruritania"), allow_empty=True).symbols == frozenset()
        assert case_scope(store, _case("Provisional agenda")).symbols == {RECORD}


def _outcome_index() -> list[MeetingEntry]:
    """The record's meeting in the index with an adopted resolution and a failed draft."""
    return [
        MeetingEntry(
            RECORD,
            99002,
            None,
            "2020-06-01",
            (RURITANIA, THREATS),
            None,
            (ADOPTED, DRAFT),
            ("15-0-0", "Not adopted (SYNTHETIC)"),
            False,
            TABLE,
        )  # fmt: skip
    ]


def test_case_outcomes_read_the_index_row_kept_beside_a_record(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        save_documents(store)  # the record first: the index row goes under meta.library_index
        import_meeting_index(store, _outcome_index())
        meta = json.loads(
            store.conn.execute("SELECT meta FROM meetings WHERE symbol = ?", (RECORD,)).fetchone()[
                0
            ]
        )
        assert meta["library_index"]["outcomes"] == [ADOPTED, DRAFT]
        found = case_outcomes(store, _case("Ruritania"), [ADOPTED])
        elsewhere = case_outcomes(store, _case("Atlantis"), [ADOPTED])
    assert [(o.symbol, o.meeting, o.vote_text) for o in found] == [
        (ADOPTED, RECORD, "15-0-0"),
        (DRAFT, RECORD, "Not adopted (SYNTHETIC)"),
    ]
    # a failed draft counts for a case its meeting's agenda items name, not for another
    assert [o.symbol for o in elsewhere] == [ADOPTED]


def test_a_veto_at_the_record_meeting_is_a_case_outcome(tmp_path: Path) -> None:
    """The veto list writes meta.vetoes at the top of the record's row; the meeting is the
    case's by the index's agenda items, not by the record's title in the topic column."""
    with Store.open(build(tmp_path / "p.db")) as store:
        import_veto_table(
            store, [Veto("2020-06-01", VETOED, (RECORD,), "SYNTHETIC agenda", ("Synthetia",))]
        )
        found = case_outcomes(store, _case("Ruritania"), [])
        elsewhere = case_outcomes(store, _case("Atlantis"), [])
    assert [(o.symbol, o.meeting, o.vetoed_by) for o in found] == [(VETOED, RECORD, ("Synthetia",))]
    assert elsewhere == []
