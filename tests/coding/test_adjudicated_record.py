"""One function records an adjudication (``coding.human.adjudicated.record_decision``): the
workbench and the imports of exchange files both record through it, append-only, each new
decision naming the one in force it supersedes. The importer re-typed the workbench's query
and insert before; these tests pin the shared behaviour (an imported decision is superseded
on the workbench like any other) and the function's own refusals (new API).

Every text here is SYNTHETIC (made up for tests, not UN text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.registry import ExportRequest, export
from normtrace.coding.exchange.tables import PassageFilter
from normtrace.coding.human import events
from normtrace.coding.human.adjudicated import (
    decision_in_force,
    decisions_in_force,
    record_decision,
    settled_codings,
)
from normtrace.errors import CodingError
from normtrace.web.adjudication import Decision, adjudicate
from normtrace.web.auth import create_user
from normtrace.web.deps import ConflictError
from synthetic_exchange import SyntheticProject

CODEBOOK = "name: synth\ncodes:\n  - {id: poc, name: Protection}\n"
UNIT = "SYN/9/op1"
TEXT = "1. Requests the synthetic mission to protect invented civilians;"
WORDS = "protect invented civilians"
PROJECT = SyntheticProject("SYN/9", [(UNIT, "op", TEXT)], codebook=CODEBOOK)


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    return PROJECT.book(tmp_path)


def test_an_imported_decision_is_superseded_on_the_workbench_like_any(
    tmp_path: Path, book: Path
) -> None:
    """Guard of the refactor (passes on the old code too)."""
    at = TEXT.index(WORDS)
    source = PROJECT.open(tmp_path / "source.db", book)
    ana = events.add_code(source, coder="ana", unit_key=UNIT, start=at, end=at + len(WORDS),
                          code="poc")  # fmt: skip
    with source.transaction():
        pol = create_user(source, "pol", "admin", "synthetic-pass-1")
        adjudicate(source, pol, Decision(UNIT, "poc", "present", coding_id=ana.id,
                                         codebook="synth"))  # fmt: skip
    table = tmp_path / "codings.csv"
    export(source, table, ExportRequest(PassageFilter(sources=("human",)), "synth"))

    fresh = PROJECT.open(tmp_path / "fresh.db", book)
    assert import_codings(fresh, table, codebook="synth", coder="nobody").adjudications == 1
    (imported,) = decisions_in_force(fresh, "synth")
    assert (imported.decision, imported.adjudicator) == ("present", "pol")
    assert imported.final_event_id is not None
    with fresh.transaction():
        ada = create_user(fresh, "ada", "admin", "synthetic-pass-2")
        with pytest.raises(ConflictError, match="pol already adjudicated"):
            adjudicate(fresh, ada, Decision(UNIT, "poc", "absent", codebook="synth"))
        made = adjudicate(fresh, ada, Decision(UNIT, "poc", "absent", codebook="synth",
                                               supersedes_id=imported.id))  # fmt: skip
    assert made["supersedes_id"] == imported.id
    (now,) = decisions_in_force(fresh, "synth")
    assert (now.id, now.decision, now.adjudicator) == (made["id"], "absent", "ada")
    rows = fresh.conn.execute(
        "SELECT id, decision, supersedes_id FROM adjudications ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [  # append-only: the imported row is as it was
        (imported.id, "present", None),
        (made["id"], "absent", imported.id),
    ]
    # its final coding was withdrawn, as the workbench withdraws its own
    assert not events.human_codings(fresh, coder="adjudication:pol")


def test_record_decision_refuses_what_is_no_decision(tmp_path: Path, book: Path) -> None:
    store = PROJECT.open(tmp_path / "p.db", book)
    with store.transaction():
        pol = create_user(store, "pol", "admin", "synthetic-pass-1")
        with pytest.raises(CodingError, match=r"present or absent, not 'maybe'; nothing recorded"):
            record_decision(store, unit_key=UNIT, code="poc", codebook="synth",
                            decision="maybe", adjudicator_id=pol.id, note=None, final=None,
                            originals=[])  # fmt: skip
        with pytest.raises(CodingError, match="a present adjudication of poc on SYN/9/op1 needs"):
            record_decision(store, unit_key=UNIT, code="poc", codebook="synth",
                            decision="present", adjudicator_id=pol.id, note=None, final=None,
                            originals=[])  # fmt: skip
        first = record_decision(store, unit_key=UNIT, code="poc", codebook="synth",
                                decision="absent", adjudicator_id=pol.id, note="synthetic",
                                final=None, originals=[])  # fmt: skip
        second = record_decision(store, unit_key=UNIT, code="poc", codebook="synth",
                                 decision="absent", adjudicator_id=pol.id, note=None,
                                 final=None, originals=[])  # fmt: skip
    rows = store.conn.execute("SELECT id, note, supersedes_id FROM adjudications ORDER BY id")
    assert [tuple(r) for r in rows] == [(first, "synthetic", None), (second, None, first)]
    assert [d.id for d in decisions_in_force(store, "synth")] == [second]
    assert decisions_in_force(store, "other") == []  # a codebook's decision is its own
    now = decision_in_force(store, UNIT, "poc", "synth")
    assert now is not None and (now.id, now.note) == (second, None)
    assert decision_in_force(store, UNIT, "other", "synth") is None
    at = TEXT.index(WORDS)
    ana = events.add_code(store, coder="ana", unit_key=UNIT, start=at, end=at + len(WORDS),
                          code="poc")  # fmt: skip
    # the codings a decision settles: the coders', not a final coding of an adjudication
    events.add_adjudicated_code(store, adjudicator="pol", unit_key=UNIT, start=at,
                                end=at + len(WORDS), code="poc", codebook="synth")  # fmt: skip
    assert len(events.human_codings(store, unit_key=UNIT)) == 2
    assert [h.event_id for h in settled_codings(store, UNIT, "poc", "synth")] == [ana.id]
