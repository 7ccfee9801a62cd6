"""A ledger citing a grouping code (``codable: false``, never applied): the citation holds by a
coding of a code under it, since the group itself can no longer be coded. SYNTHETIC units."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code
from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import parse_ledger
from normtrace.trace.store_trace import check_citations
from synthetic_docs import insert_document

LEDGER = """case: t
items:
  - id: E1
    description: (synthetic) d
    kind: coded_spans
    units:
      - {key: SYN/1/op1, start: 0, end: 9, code: force}
    likelihoods:
      H1: {p: 0.6, justification: j}
      H2: {p: 0.4, justification: j}
      H3: {p: 0.5, justification: j}
      H4: {p: 0.5, justification: j}
"""


def test_a_cited_grouping_code_holds_by_a_coding_of_a_code_under_it(tmp_path: Path) -> None:
    hs = default_hypotheses()
    ledger = parse_ledger(LEDGER, hs)
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text one.")])
        register_codebook(store, Codebook(name="b", codes=(
            Code(id="force", name="Force", codable=False),
            Code(id="auth", name="Auth", parent="force"))))  # fmt: skip
        with pytest.raises(TraceError, match=r"none there \(nor of a code it stands for\)"):
            check_citations(ledger, store)
        add_code(store, coder="ana", unit_key="SYN/1/op1", start=0, end=9, code="auth")
        check_citations(ledger, store)  # holds now
