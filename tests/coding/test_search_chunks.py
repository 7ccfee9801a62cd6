"""A search reads its candidates in chunks (one SQLite row per chunk) and confirms each chunk
in one scan: the same hits, in the same order, with the same spans and total as reading
and confirming one unit at a time.

Every document here is SYNTHETIC (made up for the test).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from normtrace.coding import search as search_module
from normtrace.coding.query import parse_query
from normtrace.coding.search import RESULTS, Filters, SearchHit, search_units
from normtrace.parse.model import Document, Paragraph
from normtrace.store import Store
from normtrace.store.writer import SourceRecord, save_document

#: the words of the synthetic paragraphs
WORDS = [
    "protection",
    "of",
    "civilians",
    "armed",
    "groups",
    "Mali",
    "Goma",
    "all",
    "necessary",
    "means",
    "mandate",
    "the",
    "Council",
    "stabilization",
    "support",
    "neutralize",
    "threats",
    "cease-fire",
    "ceasefire",
]
QUERIES = (
    "protection of civilians",
    "armed groups",
    "all necessary (means|measures)",
    "neutraliz*",
    "Mali NEAR/4 mandate",
    "armed groups NOT Goma",
    "cease-fire",
    "the",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "chunks.db")
    rng = random.Random(5)
    for number in range(9001, 9031):
        symbol = f"S/RES/{number} ({2000 + number % 12})"
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) for _ in range(8)]
        doc = Document(
            symbol=symbol, doc_type="resolution", parser="synthetic.v1",
            year=2000 + number % 12, date=f"{2000 + number % 12}-01-01",
            paragraphs=tuple(
                Paragraph(key=f"{symbol}/op{i}", kind="operative", text=t, order=i, number=str(i))
                for i, t in enumerate(texts, 1)
            ),
        )  # fmt: skip
        save_document(s, doc, SourceRecord(f"{number}.txt", f"{number:064d}", 1, "text/plain", "t"))
    return s


def _one_at_a_time(
    store: Store, query: str, filters: Filters, only_keys: frozenset[str] | None
) -> tuple[list[SearchHit], int]:
    """The search as it was: one SQLite row per candidate, each confirmed on its own."""
    q = parse_query(query)
    built = search_module._search_sql(store, q, filters)
    assert built is not None
    matcher = q.matcher()
    hits, total = [], 0
    for row in store.conn.execute(*built):
        if only_keys is not None and row["key"] not in only_keys:
            continue
        spans = matcher.match(row["text"])
        if spans:
            total += 1
            hits.append(search_module._hit(row, spans))
    return hits, total


@pytest.mark.parametrize("chunk", [1, 3, 256])
@pytest.mark.parametrize("query", QUERIES)
def test_chunked_search_equals_one_unit_at_a_time(
    store: Store, query: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "CHUNK", chunk)
    keys = frozenset(r[0] for r in store.conn.execute("SELECT key FROM units").fetchall()[::3])
    for filters, only in [
        (Filters(), None),
        (Filters(year_from=2003, year_to=2008), None),
        (Filters(), keys),
    ]:
        RESULTS.clear()
        want_hits, want_total = _one_at_a_time(store, query, filters, only)
        got = search_units(store, query, filters, limit=1000, only_keys=only)
        assert got.total == want_total
        assert got.hits == want_hits
    store.close()
