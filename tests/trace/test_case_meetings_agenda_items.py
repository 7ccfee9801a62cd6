"""The case's meetings in the index (the case report's chronology and document coverage) and
a meeting's same-item meetings (:func:`normtrace.actors.links.linked`) read a meeting's agenda
items as every surface does (:mod:`normtrace.store.topics`: the meeting index's once imported),
never the ``meetings.topic`` column, which holds a verbatim record's own title when the record
was stored first, or the veto list's agenda when that list was imported first. Every meeting,
agenda item, outcome and text is SYNTHETIC (tests/synthetic_topics.py; the further meetings,
the resolution and the draft below are invented too)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from normtrace.actors.links import agenda_prefilter, build_links, import_meeting_index, linked
from normtrace.actors.meetings_index import MeetingEntry
from normtrace.actors.veto_table import Veto, import_veto_table
from normtrace.parse.model import Document, Speech
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.store_trace import CaseWindow, chronology, document_coverage
from synthetic_topics import RECORD_TITLE, RURITANIA, TABLE, index_rows, save_documents

RECORD = "S/PV.99002"  # verbatim record stored first: its row's topic is RECORD_TITLE
VETOED_AT = "S/PV.99005"  # no document; the veto list wrote its row (topic: the list's agenda)
SECOND_RECORD = "S/PV.99006"  # verbatim record stored first, titled as RECORD; index: Ruritania
ELBONIA = "The situation in Élbonia (SYNTHETIC)"  # a non-ASCII agenda item
ADOPTED = "S/RES/99061 (2020)"  # SYNTHETIC resolution adopted at SECOND_RECORD
VETO_AGENDA = "SYNTHETIC agenda as the veto list prints it"
OUTCOME = "S/2020/99051"  # SYNTHETIC vetoed draft


def _entry(
    symbol: str, date: str, items: tuple[str, ...], outcomes: tuple[str, ...] = ()
) -> MeetingEntry:
    votes = tuple("SYNTHETIC vote" for _ in outcomes)
    return MeetingEntry(
        symbol, int(symbol.split(".")[1]), None, date, items, None, outcomes, votes, False, TABLE
    )


def _record(symbol: str) -> Document:
    speech = Speech(f"{symbol}/s001", 1, "Synthetic speaker", f"SYNTHETIC speech at {symbol}.")
    return Document(
        symbol, "verbatim", "test.synthetic.v1", title=RECORD_TITLE, date="2020-06-01",
        year=2020, meeting=symbol, speeches=(speech,), edition="record",
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """SYNTHETIC project: synthetic_topics' documents, a second record titled as the first,
    both stored before the index; the veto list imported before the index; then the index
    (with S/PV.99005, S/PV.99006 and two index-only meetings on an Élbonia item)."""
    with Store.open(tmp_path / "p.db") as st:
        save_documents(st)
        doc = _record(SECOND_RECORD)
        digest = hashlib.sha256(doc.symbol.encode()).hexdigest()
        save_document(
            st, doc, SourceRecord(f"synthetic:{doc.symbol}", digest, 1, "text/plain", "test")
        )
        import_veto_table(
            st, [Veto("2020-07-01", OUTCOME, (VETOED_AT,), VETO_AGENDA, ("Synthetia",))]
        )
        import_meeting_index(
            st,
            [
                *index_rows(),
                _entry(VETOED_AT, "2020-07-01", (RURITANIA,), (OUTCOME,)),
                _entry(SECOND_RECORD, "2020-06-01", (RURITANIA,), (ADOPTED,)),
                _entry("S/PV.99007", "2020-08-01", (ELBONIA,)),
                _entry("S/PV.99008", "2020-08-02", (ELBONIA,)),
            ],
        )
        build_links(st)
        yield st


def _case(*terms: str) -> CaseWindow:
    return CaseWindow("synthetic-2020", "SYNTHETIC case", "2020-01-01", "2020-12-31", terms)


def test_the_topic_column_holds_titles_and_the_veto_lists_agenda(store: Store) -> None:
    """The premise: the column the old code read is not the meetings' agenda items."""
    column = dict(store.conn.execute("SELECT symbol, topic FROM meetings").fetchall())
    assert column[RECORD] == column[SECOND_RECORD] == RECORD_TITLE
    assert column[VETOED_AT] == VETO_AGENDA


def test_case_meetings_in_the_index_are_read_by_their_agenda_items(store: Store) -> None:
    coverage = document_coverage(store, _case("Ruritania"))
    # S/PV.99001, the two records and the vetoed-at meeting; not S/PV.99003 ("Ruritanian")
    assert coverage.meetings_indexed == 4
    assert coverage.meetings_without_record == (VETOED_AT,)
    assert VETOED_AT in coverage.meetings_note()
    # a record's own title is no agenda item of its meeting
    assert document_coverage(store, _case("Provisional agenda")).meetings_indexed == 0
    assert document_coverage(store, _case("veto list")).meetings_indexed == 0


def test_the_chronology_lists_an_index_only_meeting_by_its_agenda_items(store: Store) -> None:
    rows = {r["symbol"]: r for r in chronology(store, _case("Ruritania"))}
    assert rows[VETOED_AT]["kind"] == "meeting (index only)"
    assert rows[VETOED_AT]["title"] == f"{RURITANIA} {OUTCOME}"
    assert rows[VETOED_AT]["date"] == "2020-07-01"
    # the records are case documents, listed once, as documents
    assert rows[SECOND_RECORD]["kind"] == rows[RECORD]["kind"] == "verbatim"
    assert not any(VETO_AGENDA in r["title"] for r in rows.values())


def test_a_non_ascii_term_in_another_case_finds_its_meetings(store: Store) -> None:
    """SQLite's LIKE folds ASCII letters only: the pre-filter must not drop these rows."""
    assert agenda_prefilter(["élbonia"]) == ("1", [])
    rows = chronology(store, _case("élbonia"))
    assert [(r["symbol"], r["title"]) for r in rows] == [
        ("S/PV.99007", ELBONIA),
        ("S/PV.99008", ELBONIA),
    ]


def test_same_item_meetings_are_those_with_the_same_agenda_items(store: Store) -> None:
    # by date, then symbol; a record shares its meeting's items, never its own title
    assert linked(store, "S/PV.99001")["same_item"] == [SECOND_RECORD, VETOED_AT]
    assert linked(store, SECOND_RECORD)["same_item"] == ["S/PV.99001", VETOED_AT]
    assert linked(store, VETOED_AT)["same_item"] == ["S/PV.99001", SECOND_RECORD]
    # no other meeting has both of S/PV.99002's items
    assert linked(store, RECORD)["same_item"] == []
    # a resolution: the meetings on its adoption meeting's items
    context = linked(store, ADOPTED)
    assert context["adopted_at"] == [SECOND_RECORD]
    assert context["same_item"] == ["S/PV.99001", VETOED_AT]
    assert linked(store, "S/PV.99007")["same_item"] == ["S/PV.99008"]


def test_agenda_prefilter_escapes_like_wildcards() -> None:
    assert agenda_prefilter([]) == ("0", [])
    where, params = agenda_prefilter(["50%_x"])
    assert where.count("LIKE ?") == 2 and params == ["%50\\%\\_x%"] * 2
    assert agenda_prefilter(['say "x"']) == ("1", [])
    assert agenda_prefilter(["tab\there"]) == ("1", [])
