"""Read queries behind the reading and search pages (the only SQL of the reading side).

Roles come from the actors stage's ``speech_roles`` table when the project has
it; without it role columns are empty and a role filter matches nothing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping
from typing import TypeAlias

from normtrace.coding.search import Filters as Filters
from normtrace.coding.search import SearchHit as QueryHit
from normtrace.coding.search import (
    SearchResult,
    cached_search,
    document_filter,
    like_pattern,
    units_with_spans,
)
from normtrace.coding.search import search_units as search
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.store.topics import MeetingTopic, meeting_topics
from normtrace.web.schemas import DocumentSummary, KwicLine, SearchHit, Span, UnitOut

PAGE_SIZE = 50
SEARCH_SECONDS = 3.0  # a web search's time budget (``NORMTRACE_SEARCH_SECONDS``)


#: One unit row per unit of a document, counted from the tables (``units`` is a view
#: SQLite would build whole to count one document's units).
UNIT_COUNT = (
    "CASE WHEN d.is_current = 1 THEN "
    "(SELECT count(*) FROM speeches s WHERE s.document_id = d.id AND s.is_current = 1) + "
    "(SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id AND p.speech_id IS NULL) "
    "ELSE 0 END"
)


def has_table(store: Store, name: str) -> bool:
    """Whether the project has table or view ``name``."""
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", (name,)
    ).fetchone()
    return row is not None


def _role_sql(store: Store) -> tuple[str, str]:
    """Columns and join adding ``role`` and ``actor`` to the ``units u`` rows (a speech's
    role in its own edition: record and corpus editions share speech keys)."""
    if has_table(store, "speech_roles"):
        return (
            "r.role AS role, r.actor AS actor",
            "LEFT JOIN speech_roles r ON r.id = (SELECT r2.id FROM speech_roles r2 "
            "WHERE r2.speech_key = u.speech_key AND r2.is_current = 1 "
            "AND (r2.document_id = u.document_id OR r2.document_id IS NULL) "
            "ORDER BY r2.document_id IS NULL, r2.id DESC LIMIT 1)",
        )
    return "NULL AS role, NULL AS actor", ""


def doc_types(store: Store) -> list[str]:
    """The document types present in the project."""
    rows = store.conn.execute(
        "SELECT DISTINCT doc_type FROM documents WHERE is_current = 1 ORDER BY doc_type"
    )
    return [r[0] for r in rows]


def roles(store: Store) -> list[str]:
    """The speaker roles present in the project (empty without the actors stage)."""
    if not has_table(store, "speech_roles"):
        return []
    rows = store.conn.execute(
        "SELECT DISTINCT role FROM speech_roles WHERE is_current = 1 ORDER BY role"
    )
    return [r[0] for r in rows if r[0]]


def browse_documents(
    store: Store, filters: Filters, *, offset: int = 0
) -> tuple[list[DocumentSummary], int]:
    """Current documents matching ``filters`` (newest first) and how many match, each with
    its meeting's agenda items (:mod:`normtrace.store.topics`)."""
    clauses, params = document_filter(filters, "d")
    if filters.actor or filters.role:
        sub, sub_params = _speaker_filter(store, filters)
        clauses.append(f"d.id IN ({sub})")
        params.extend(sub_params)
    where = " AND ".join(clauses)
    total = store.conn.execute(f"SELECT count(*) FROM documents d WHERE {where}", params)
    rows = store.conn.execute(
        "SELECT d.id, d.symbol, d.doc_type, d.edition, d.title, d.date, d.year, "
        f"{UNIT_COUNT} AS units "
        f"FROM documents d WHERE {where} ORDER BY d.date DESC, d.symbol LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE, offset],
    ).fetchall()
    topics = meeting_topics(store, [r["symbol"] for r in rows])
    return [_summary(r, topics) for r in rows], int(total.fetchone()[0])


def _speaker_filter(store: Store, filters: Filters) -> tuple[str, list[object]]:
    role_join = ""
    if has_table(store, "speech_roles"):
        role_join = (
            "LEFT JOIN speech_roles r ON r.speech_key = s.key AND r.is_current = 1 "
            "AND (r.speech_id = s.id OR r.speech_id IS NULL)"
        )
    clauses: list[str] = ["s.is_current = 1"]
    params: list[object] = []
    if filters.actor:
        pattern = like_pattern(filters.actor)
        clauses.append("(s.speaker LIKE ? ESCAPE '\\' OR s.affiliation LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if filters.role:
        if not role_join:
            return "SELECT NULL WHERE 0", []
        clauses.append("r.role = ?")
        params.append(filters.role)
    sql = f"SELECT s.document_id FROM speeches s {role_join} WHERE {' AND '.join(clauses)}"
    return sql, params


def _summary(row: sqlite3.Row, topics: Mapping[str, MeetingTopic]) -> DocumentSummary:
    known = topics.get(row["symbol"])
    return DocumentSummary(
        id=row["id"],
        symbol=row["symbol"],
        doc_type=row["doc_type"],
        edition=row["edition"],
        title=row["title"],
        date=row["date"],
        year=row["year"],
        units=row["units"],
        topic=known.text if known is not None else None,
        topic_source=known.describe() if known is not None else None,
    )


def get_document(store: Store, document_id: int) -> tuple[DocumentSummary, sqlite3.Row]:
    """A document's summary and its row."""
    row = store.conn.execute(
        f"SELECT d.*, {UNIT_COUNT} AS units FROM documents d WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("document", str(document_id), hint="browse /documents for the list")
    return _summary(row, meeting_topics(store, [row["symbol"]])), row


def document_warnings(row: sqlite3.Row) -> list[str]:
    """The parser's warnings stored on a document row."""
    return [str(w) for w in json.loads(row["warnings"] or "[]")]


def document_units(store: Store, document_id: int) -> list[UnitOut]:
    """The units of a document in reading order, speakers' roles included."""
    cols, join = _role_sql(store)
    rows = store.conn.execute(
        f"SELECT u.*, {cols} FROM units u {join} WHERE u.document_id = ? "
        "ORDER BY u.unit_type = 'speech', u.ord",
        (document_id,),
    ).fetchall()
    return [_unit(r) for r in rows]


#: Record and corpus editions of a meeting share unit keys: which one a bare key means.
_EDITION = "(? IS NULL OR u.edition = ?) ORDER BY u.edition = 'record' DESC, u.edition"


def get_unit(store: Store, key: str, edition: str | None = None) -> UnitOut:
    """One current unit by key (in ``edition``; default: the record, else any)."""
    cols, join = _role_sql(store)
    row = store.conn.execute(
        f"SELECT u.*, {cols} FROM units u {join} WHERE u.key = ? AND {_EDITION}",
        (key, edition, edition),
    ).fetchone()
    if row is None:
        raise NotFoundError("unit", key, hint="unit keys look like S/PV.8703/s002")
    return _unit(row)


def unit_document(store: Store, key: str, edition: str | None = None) -> int:
    """The id of the document a unit belongs to (in ``edition``, as :func:`get_unit`)."""
    row = store.conn.execute(
        f"SELECT document_id FROM units u WHERE u.key = ? AND {_EDITION}", (key, edition, edition)
    ).fetchone()
    if row is None:
        raise NotFoundError("unit", key, hint="unit keys look like S/PV.8703/s002")
    return int(row[0])


def _unit(row: sqlite3.Row) -> UnitOut:
    return UnitOut(
        key=row["key"],
        unit_type=row["unit_type"],
        kind=row["kind"],
        speaker=row["speaker"],
        affiliation=row["affiliation"],
        role=row["role"],
        actor=row["actor"],
        text=row["text"],
        edition=row["edition"],
    )


#: what one search found, as the web's schema
SearchOutcome: TypeAlias = SearchResult[SearchHit]


def search_units(
    store: Store,
    query: str,
    filters: Filters,
    *,
    limit: int = PAGE_SIZE,
    seconds: float | None = SEARCH_SECONDS,
    cancel: threading.Event | None = None,
    only_keys: frozenset[str] | None = None,
) -> SearchOutcome:
    """:func:`normtrace.coding.search.search_units` with its hits as the web's schema (an
    empty query finds nothing); ``only_keys`` keeps only those units.

    Raises:
        QueryError: the query language cannot express ``query``.
    """
    if not query.strip():
        return SearchOutcome([], 0)
    found = search(
        store, query, filters, limit=limit, seconds=seconds, cancel=cancel, only_keys=only_keys
    )
    hits = [_web_hit(h) for h in found.hits]
    return SearchOutcome(hits, found.total, found.stopped, cached=found.cached)


def cached_search_units(
    store: Store,
    query: str,
    filters: Filters,
    *,
    limit: int = PAGE_SIZE,
    only_keys: frozenset[str] | None = None,
) -> SearchOutcome | None:
    """:func:`search_units` if its cache holds the answer (no scan), else ``None``.

    Raises:
        QueryError: the query language cannot express ``query``.
    """
    if not query.strip():
        return SearchOutcome([], 0)
    found = cached_search(store, query, filters, limit=limit, only_keys=only_keys)
    if found is None:
        return None
    return SearchOutcome([_web_hit(h) for h in found.hits], found.total, found.stopped, cached=True)


def units_with_marks(
    store: Store, marks: dict[str, list[tuple[int, int]]], filters: Filters, *, limit: int
) -> SearchOutcome:
    """The units of ``marks`` (unit key → spans to mark) that pass ``filters``, by date and
    key: a search by code alone, without words."""
    found = units_with_spans(store, marks, filters, limit=limit)
    return SearchOutcome([_web_hit(h) for h in found.hits], found.total)


def _web_hit(h: QueryHit) -> SearchHit:
    return SearchHit(
        key=h.key,
        edition=h.edition,
        symbol=h.symbol,
        document_id=h.document_id,
        unit_type=h.unit_type,
        doc_type=h.doc_type,
        date=h.date,
        speaker=h.speaker,
        role=h.role,
        text=h.text,
        hits=[Span(start=sp.start, end=sp.end) for sp in h.spans],
    )


def kwic_lines(hits: list[SearchHit], *, window: int = 8) -> list[KwicLine]:
    """Keyword-in-context lines: ``window`` words either side of every match."""
    lines = []
    for hit in hits:
        for span in hit.hits:
            left = hit.text[: span.start].split()[-window:]
            right = hit.text[span.end :].split()[:window]
            lines.append(
                KwicLine(
                    key=hit.key,
                    symbol=hit.symbol,
                    document_id=hit.document_id,
                    start=span.start,
                    left=" ".join(left),
                    match=hit.text[span.start : span.end],
                    right=" ".join(right),
                    speaker=hit.speaker,
                    role=hit.role,
                )
            )
    return lines
