"""The case report reads what every count reads (issue s42, items 2-4).

2. A ledger citation holds exactly when the report counts the passage: a dictionary candidate
   a coder's reject of a model suggestion of its code reads as absent cites nothing, and the
   report's frame events (by default too) leave it out.
3. A coding of a whole paragraph (placed on its chapeau) is one occurrence with the
   paragraph's other span of the code, in the report's frame events as in ``coded_spans``.
4. A human coding that records no codebook version (older projects) belongs to every codebook
   holding its code: the report reads it for a code id two codebooks share, and
   ``freq --codebook`` counts it.

Documents, codebooks, planted model and suggestions are SYNTHETIC.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import code_frequencies, coded_spans
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.events import add_code
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.errors import TraceError
from normtrace.reuse.first import first_appearance
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope, left_out
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import parse_ledger
from normtrace.trace.store_indicators import frame_events
from normtrace.trace.store_trace import CaseWindow, check_citations
from synthetic_coding import plant_suggestion
from synthetic_docs import insert_document

HEAD, SUB, OTHER = "SYN/9/op1", "SYN/9/op1/a", "SYN/9/op2"
TEXTS = {HEAD: "Synthetic chapeau:", SUB: "to protect synthetic civilians;",
         OTHER: "to protect synthetic civilians again."}  # fmt: skip
BOOK = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),))
CASE = CaseWindow(id="t", title="t", start="2001-01-01", end="2001-12-31", symbols=("SYN/9",))
LEDGER = """case: t
items:
  - id: E1
    description: (synthetic) d
    kind: coded_spans
    units:
      - {key: %s, code: poc}
    likelihoods:
      H1: {p: 0.6, justification: j}
      H2: {p: 0.4, justification: j}
      H3: {p: 0.5, justification: j}
      H4: {p: 0.5, justification: j}
"""


def _project(path: Path) -> Store:
    """SYN/9: op1 (a chapeau and sub-paragraph a) and op2; op1/a and op2 hold a candidate of
    poc."""
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/9", [(k, "op", t) for k, t in TEXTS.items()])
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK, progress=False)
    return store


def _reject_suggestion(store: Store, key: str) -> None:
    """A SYNTHETIC model's suggestion of poc on unit ``key``, which ana rejects."""
    sid = plant_suggestion(store, "syn", "unit", key, "poc", TEXTS[key])
    record_suggestion_verdict(store, coder="ana", suggestion_id=sid, verdict="reject")


def _report(store: Store) -> set[str]:
    """The units of poc the case report's frame events hold (the scope it reads)."""
    events = frame_events(store, CASE, coding_scope(store).sql())
    return {e.key for e in events if e.code == "poc"}


def test_a_citation_of_a_candidate_a_suggestion_reject_took_out_fails(tmp_path: Path) -> None:
    ledger = parse_ledger(LEDGER % OTHER, default_hypotheses())
    with _project(tmp_path / "p.db") as store:
        check_citations(ledger, store)  # the dictionary's candidate counts
        _reject_suggestion(store, OTHER)
        assert _report(store) == {SUB}
        with pytest.raises(TraceError, match=r"'poc' on SYN/9/op2, but the report counts none"):
            check_citations(ledger, store)
        with pytest.raises(TraceError):  # the report's own scope reads it the same way
            check_citations(ledger, store, coding_scope(store, "syn"))
        # the frame events' default reads the report's scope, not a rule of their own
        assert {e.key for e in frame_events(store, CASE) if e.code == "poc"} == {SUB}


def test_the_report_reads_a_whole_paragraph_coding_as_one_occurrence(tmp_path: Path) -> None:
    """op1 coded whole (placed on its chapeau) with a candidate in op1/a: the report's frame
    events hold op1/a and op2, as coded_spans, first and freq do; not the chapeau too."""
    with _project(tmp_path / "p.db") as store:
        rows = tmp_path / "whole.jsonl"
        rows.write_text(json.dumps({"unit_key": HEAD, "code": "poc"}) + "\n", encoding="utf-8")
        import_codings(store, rows, codebook="syn", coder="ana", level="paragraph")
        spans = {k for k, _a, _b, c, _t in coded_spans(store) if c == "poc"}
        assert spans == {SUB, OTHER}
        assert _report(store) == spans
        scope = coding_scope(store, "syn")
        assert {e.key for e in frame_events(store, CASE, scope.sql()) if e.code == "poc"} == spans
        assert {o.key for o in first_appearance(store, code="poc").occurrences} == spans
        # a citation of the chapeau's coding holds: the paragraph's coding covers its words,
        # and the report counts the paragraph once (test_trace_chapeau_citations)
        check_citations(parse_ledger(LEDGER % HEAD, default_hypotheses()), store)
        check_citations(parse_ledger(LEDGER % SUB, default_hypotheses()), store)


def _without_version(store: Store, event_id: int) -> None:
    """Make the coding event ``event_id`` one made before versions were recorded (its
    ``codebook_version`` NULL), past the triggers that keep events append-only."""
    triggers = store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
        "tbl_name = 'coding_events' AND sql LIKE '%UPDATE%'"
    ).fetchall()
    for name, _sql in triggers:
        store.conn.execute(f"DROP TRIGGER {name}")
    store.conn.execute("UPDATE coding_events SET codebook_version = NULL WHERE id = ?", (event_id,))
    for _name, sql in triggers:
        store.conn.execute(sql)
    store.conn.commit()


def test_a_coding_without_a_codebook_version_belongs_to_every_codebook_holding_it(
    tmp_path: Path,
) -> None:
    """poc is in codebooks syn and frames; ana's coding of it records no version."""
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            doc = insert_document(conn, "SYN/9", [(k, "op", t) for k, t in TEXTS.items()])
        register_codebook(store, Codebook(name="syn", codes=(Code(id="poc", name="PoC"),)))
        register_codebook(store, Codebook(name="frames", codes=(Code(id="poc", name="PoC"),)))
        made = add_code(store, coder="ana", unit_key=OTHER, start=3, end=10, code="poc",
                        codebook="syn")  # fmt: skip
        _without_version(store, made.id)
        scope = coding_scope(store)
        assert scope.read == {"poc": "syn"}
        assert _report(store) == {OTHER}
        assert left_out(store, scope, [doc]).left == {}  # read, so not left out
        for book in ("syn", "frames"):  # freq, first and the report with --codebook agree
            assert _report_of(store, book) == {OTHER}
            (row,) = code_frequencies(store, by="year", codes=["poc"], codebook=book)
            assert row.count == 1
            first = first_appearance(store, code="poc", codebook=book)
            assert {o.key for o in first.occurrences} == {OTHER}
        # a codebook without the code does not take it
        register_codebook(store, Codebook(name="other", codes=(Code(id="x", name="X"),)))
        assert code_frequencies(store, by="year", codes=["poc"], codebook="other") == []


def _report_of(store: Store, book: str) -> set[str]:
    events = frame_events(store, CASE, coding_scope(store, book).sql())
    return {e.key for e in events if e.code == "poc"}
