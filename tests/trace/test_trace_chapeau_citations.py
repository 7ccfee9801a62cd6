"""A ledger citation of a paragraph's chapeau, where the paragraph is coded whole (issue s43,
item 2).

A coding made at paragraph level is placed on the paragraph's chapeau (its opening unit); the
counts take it as one occurrence with another span of the code in the paragraph
(``counts.whole_again``), so the report counts that span, not the chapeau. A ledger saved
before, citing the chapeau's coding, keeps validating while the paragraph's coding stands: it
covers the chapeau's words. A citation of words that carry no counted coding of the code
still fails, in one line naming the item and what to do.

Documents and codebook are SYNTHETIC.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.counts import coded_spans
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human.events import human_codings, remove_code
from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import Ledger, parse_ledger
from normtrace.trace.store_indicators import frame_events
from normtrace.trace.store_trace import CaseWindow, check_citations
from synthetic_docs import insert_document

HEAD, SUB = "SYN/9/op1", "SYN/9/op1/a"
#: a second paragraph, never coded whole: its sub-paragraph holds a candidate of poc
HEAD3, SUB3 = "SYN/9/op3", "SYN/9/op3/a"
TEXTS = {HEAD: "Synthetic chapeau:", SUB: "to protect synthetic civilians;",
         HEAD3: "Synthetic second chapeau:",
         SUB3: "to protect synthetic civilians too;"}  # fmt: skip
BOOK = Codebook(name="syn", codes=(Code(id="poc", name="PoC", entries=(Entry("protect*"),)),
                                   Code(id="rol", name="Rule of law")))  # fmt: skip
CASE = CaseWindow(id="t", title="t", start="2001-01-01", end="2001-12-31", symbols=("SYN/9",))
ITEM = """case: t
items:
  - id: E7
    description: (synthetic) the chapeau carries the code
    kind: coded_spans
    units:
      - %s
    likelihoods:
      H1: {p: 0.6, justification: j}
      H2: {p: 0.4, justification: j}
      H3: {p: 0.5, justification: j}
      H4: {p: 0.5, justification: j}
"""


def _ledger(unit: str) -> Ledger:
    return parse_ledger(ITEM % unit, default_hypotheses(), source="saved.yaml")


def _project(path: Path) -> Store:
    """SYN/9 with a candidate of poc in op1/a and op3/a; ana coded op1 whole (at paragraph
    level: placed on its chapeau)."""
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/9", [(k, "op", t) for k, t in TEXTS.items()])
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK, progress=False)
    rows = path.parent / "whole.jsonl"
    rows.write_text(json.dumps({"unit_key": HEAD, "code": "poc"}) + "\n", encoding="utf-8")
    import_codings(store, rows, codebook="syn", coder="ana", level="paragraph")
    return store


def test_a_saved_citation_of_a_whole_paragraphs_coding_on_its_chapeau_holds(
    tmp_path: Path,
) -> None:
    with _project(tmp_path / "p.db") as store:
        # the counts and the report take op1's coding as the occurrence of op1/a's span
        assert {k for k, _a, _b, c, _t in coded_spans(store) if c == "poc"} == {SUB, SUB3}
        events = frame_events(store, CASE, coding_scope(store).sql())
        assert {e.key for e in events if e.code == "poc"} == {SUB, SUB3}
        # a citation of the chapeau's coding, with or without the chapeau's offsets, holds
        for unit in (
            f"{{key: {HEAD}, code: poc}}",
            f"{{key: {HEAD}, code: poc, start: 0, end: 9}}",
        ):
            check_citations(_ledger(unit), store)
            check_citations(_ledger(unit), store, coding_scope(store, "syn"))
        check_citations(_ledger(f"{{key: {SUB}, code: poc}}"), store)  # the span counted


def test_a_citation_of_words_that_carry_no_counted_coding_still_fails(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        # op3 is not coded whole: its sub-paragraph's candidate does not make its chapeau's
        # words carry the code
        with pytest.raises(TraceError) as failed:
            check_citations(_ledger(f"{{key: {HEAD3}, code: poc}}"), store)
        message = str(failed.value)
        assert "\n" not in message
        assert message.startswith("saved.yaml:")
        assert f"item E7 cites a coding of 'poc' on {HEAD3}, but the report counts none " in message
        assert "code it (`normtrace code add`) or remove the citation" in message
        # the chapeau carries poc through the paragraph's coding, not rol
        with pytest.raises(TraceError, match=f"item E7 cites a coding of 'rol' on {HEAD}, but"):
            check_citations(_ledger(f"{{key: {HEAD}, code: rol}}"), store)
        # once ana withdraws the paragraph's coding, its chapeau carries the code no more
        (whole,) = human_codings(store, coder="ana", unit_key=HEAD, code="poc")
        remove_code(store, coder="ana", unit_key=HEAD, start=whole.start, end=whole.end,
                    code="poc")  # fmt: skip
        with pytest.raises(TraceError, match=f"item E7 cites a coding of 'poc' on {HEAD}, but"):
            check_citations(_ledger(f"{{key: {HEAD}, code: poc}}"), store)
