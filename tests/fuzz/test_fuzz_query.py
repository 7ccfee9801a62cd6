"""Fuzzing the query language: any text is a query or one line of refusal.

Queries reach SQLite's FTS5 (its own syntax) and the codebook matcher; a text that slipped
through the parser as a broken FTS5 expression would be a 500 in the web app and a
traceback in the CLI. So every generated query is parsed and, when accepted, searched
for in a small project (SYNTHETIC paragraphs): the answer is hits or a ``QueryError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import examples, refused_cleanly
from hypothesis import given
from hypothesis import strategies as st

from normtrace.coding.query import QueryError, parse_query
from normtrace.coding.search import search_units
from normtrace.parse.model import Document, Paragraph
from normtrace.store import Store
from normtrace.store.writer import SourceRecord, save_document

pytestmark = pytest.mark.fuzz

PARAGRAPHS = [  # SYNTHETIC
    "Authorizes MONUSCO to use all necessary means to protect civilians",
    "Stresses the protection of civilians, including women and children",
    "Decides that the mandate shall be robust; self-defence and cease-fire",
    "Expresses concern at asymmetric threats — in particular “terrorist” attacks",
]
WORDS = ["all", "necessary", "means", "protect*", "civilians", "(a|b)", "(means|measures)",
         "NEAR/3", "NEAR/", "NEAR", "NOT", "NOT/2", "OR", "AND", '"', "*", "(", ")", "|",
         "self-defence", "cease-fire", "MONUSCO", "“terrorist”", "NEAR/999", "^", ":", "-",
         "{", "}", "+", "col:", "'", "\\", "\x00", "é", "ß"]  # fmt: skip
queries = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=12).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=12).map("".join),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    handle = Store.open(Path(tmp_path_factory.mktemp("fuzzq")) / "q.db")
    doc = Document(
        symbol="S/RES/9999 (2099)", doc_type="resolution", parser="synthetic.v1", year=2099,
        date="2099-01-01",
        paragraphs=tuple(Paragraph(key=f"S/RES/9999 (2099)/op{i}", kind="operative", text=t,
                                   order=i, number=str(i)) for i, t in enumerate(PARAGRAPHS, 1)),
    )  # fmt: skip
    save_document(handle, doc, SourceRecord("synthetic.txt", "f" * 64, 1, "text/plain", "t.v1"))
    yield handle
    handle.close()


@examples(400)
@given(queries)
def test_any_text_is_a_query_or_one_line(store: Store, text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as exc:
        assert refused_cleanly(exc), exc
        return
    found = search_units(store, query, limit=10, seconds=5)
    assert found.complete and found.total == len(found.hits) <= len(PARAGRAPHS)
    for hit in found.hits:
        assert all(0 <= s.start < s.end <= len(hit.text) for s in hit.spans)
