"""Read queries behind the reading and search pages (the only SQL of the reading side).

Roles come from the actors stage's ``speech_roles`` table when the project has
it; without it role columns are empty and a role filter matches nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass

from normtrace.coding.query import (
    Deadline,
    QueryTimeout,
    index_is_complete,
    interrupted,
    parse_query,
)
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.web.highlight import Mark
from normtrace.web.schemas import DocumentSummary, KwicLine, SearchHit, Span, UnitOut

PAGE_SIZE = 50
SEARCH_SECONDS = 3.0  # a web search's time budget (``NORMTRACE_SEARCH_SECONDS``)


@dataclass(frozen=True)
class Filters:
    """Filters shared by browsing and search (``None`` = no filter)."""

    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    role: str | None = None
    actor: str | None = None
    symbol: str | None = None
    case: str | None = None
    case_symbols: frozenset[str] | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        """The filters for echoing back to the client."""
        shown = {k: v for k, v in asdict(self).items() if k != "case_symbols"}
        return shown


def has_table(store: Store, name: str) -> bool:
    """Whether the project has table or view ``name``."""
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", (name,)
    ).fetchone()
    return row is not None


def _role_sql(store: Store, key_expr: str) -> tuple[str, str]:
    """Columns and join adding ``role`` and ``actor`` for the speech keyed by ``key_expr``."""
    if has_table(store, "speech_roles"):
        return (
            "r.role AS role, r.actor AS actor",
            f"LEFT JOIN speech_roles r ON r.speech_key = {key_expr} AND r.is_current = 1",
        )
    return "NULL AS role, NULL AS actor", ""


def _where(filters: Filters, alias: str) -> tuple[list[str], list[object]]:
    clauses: list[str] = [f"{alias}.is_current = 1"]
    params: list[object] = []
    for column, op, value in (
        ("doc_type", "=", filters.doc_type),
        ("year", ">=", filters.year_from),
        ("year", "<=", filters.year_to),
    ):
        if value is not None:
            clauses.append(f"{alias}.{column} {op} ?")
            params.append(value)
    if filters.symbol:
        clauses.append(f"{alias}.symbol LIKE ? ESCAPE '\\'")
        params.append("%" + _like(filters.symbol) + "%")
    if filters.case_symbols is not None:
        symbols = sorted(filters.case_symbols)
        marks = ",".join("?" * len(symbols)) or "NULL"
        clauses.append(f"({alias}.symbol IN ({marks}) OR {alias}.meeting IN ({marks}))")
        params += [*symbols, *symbols]
    return clauses, params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
    """Current documents matching ``filters`` (newest first) and how many match."""
    clauses, params = _where(filters, "d")
    if filters.actor or filters.role:
        sub, sub_params = _speaker_filter(store, filters)
        clauses.append(f"d.id IN ({sub})")
        params.extend(sub_params)
    where = " AND ".join(clauses)
    total = store.conn.execute(f"SELECT count(*) FROM documents d WHERE {where}", params)
    rows = store.conn.execute(
        "SELECT d.id, d.symbol, d.doc_type, d.edition, d.title, d.date, d.year, "
        "(SELECT count(*) FROM units u WHERE u.document_id = d.id) AS units "
        f"FROM documents d WHERE {where} ORDER BY d.date DESC, d.symbol LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE, offset],
    ).fetchall()
    return [_summary(r) for r in rows], int(total.fetchone()[0])


def _speaker_filter(store: Store, filters: Filters) -> tuple[str, list[object]]:
    _, role_join = _role_sql(store, "s.key")
    clauses: list[str] = ["s.is_current = 1"]
    params: list[object] = []
    if filters.actor:
        pattern = "%" + _like(filters.actor) + "%"
        clauses.append("(s.speaker LIKE ? ESCAPE '\\' OR s.affiliation LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if filters.role:
        if not role_join:
            return "SELECT NULL WHERE 0", []
        clauses.append("r.role = ?")
        params.append(filters.role)
    sql = f"SELECT s.document_id FROM speeches s {role_join} WHERE {' AND '.join(clauses)}"
    return sql, params


def _summary(row: sqlite3.Row) -> DocumentSummary:
    return DocumentSummary(
        id=row["id"],
        symbol=row["symbol"],
        doc_type=row["doc_type"],
        edition=row["edition"],
        title=row["title"],
        date=row["date"],
        year=row["year"],
        units=row["units"],
    )


def get_document(store: Store, document_id: int) -> tuple[DocumentSummary, sqlite3.Row]:
    """A document's summary and its row."""
    row = store.conn.execute(
        "SELECT d.*, (SELECT count(*) FROM units u WHERE u.document_id = d.id) AS units "
        "FROM documents d WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("document", str(document_id), hint="browse /documents for the list")
    return _summary(row), row


def document_warnings(row: sqlite3.Row) -> list[str]:
    """The parser's warnings stored on a document row."""
    return [str(w) for w in json.loads(row["warnings"] or "[]")]


def document_units(store: Store, document_id: int) -> list[UnitOut]:
    """The units of a document in reading order, speakers' roles included."""
    cols, join = _role_sql(store, "u.speech_key")
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
    cols, join = _role_sql(store, "u.speech_key")
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


@dataclass(frozen=True)
class SearchOutcome:
    """What one search found; ``stopped`` says why it is incomplete (else ``""``)."""

    hits: list[SearchHit]
    total: int
    stopped: str = ""


def search_units(
    store: Store,
    query: str,
    filters: Filters,
    *,
    limit: int = PAGE_SIZE,
    seconds: float | None = SEARCH_SECONDS,
    only_keys: frozenset[str] | None = None,
) -> SearchOutcome:
    """Units where ``query`` (:mod:`normtrace.coding.query`) matches, best first, and how many.

    The full-text index proposes candidates in bm25 order; the codebook matcher confirms
    each, so ``total`` counts real matches, not index hits. After ``seconds`` the search
    stops (in SQLite or between candidate units, so a thread is never held longer) and
    returns what it found with ``stopped`` saying so. ``only_keys`` keeps only those units
    (a code filter: the units where the viewer sees a code).

    Raises:
        QueryError: the query language cannot express ``query``.
    """
    if not query.strip():
        return SearchOutcome([], 0)
    q = parse_query(query)
    cols, join = _role_sql(store, "u.speech_key")
    clauses, params = _where(filters, "d")
    if filters.role:
        if not join:
            return SearchOutcome([], 0)
        clauses.append("r.role = ?")
        params.append(filters.role)
    if filters.actor:
        pattern = "%" + _like(filters.actor) + "%"
        clauses.append("(u.speaker LIKE ? ESCAPE '\\' OR u.affiliation LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if index_is_complete(store):
        source = (
            "(SELECT key, bm25(unit_fts) AS score FROM unit_fts WHERE unit_fts MATCH ?) f "
            "JOIN units u ON u.key = f.key"
        )
        order, first = "ORDER BY f.score", [q.fts]
    else:  # units outside the index: scan them all
        source, order, first = "units u", "ORDER BY u.date, u.key", []
    sql = (
        f"SELECT u.*, {cols} FROM {source} JOIN documents d ON d.id = u.document_id {join} "
        f"WHERE {' AND '.join(clauses)} {order}"
    )
    matcher = q.matcher()
    hits: list[SearchHit] = []
    total = done = 0
    deadline = Deadline(seconds)
    try:
        with deadline.guard(store):
            for row in store.conn.execute(sql, [*first, *params]):
                if deadline.expired():
                    raise deadline.timeout(q.text, done)
                done += 1
                if only_keys is not None and row["key"] not in only_keys:
                    continue
                spans = matcher.match(row["text"])
                if not spans:
                    continue
                total += 1
                if len(hits) < limit:
                    hits.append(_hit(row, [Mark(sp.start, sp.end, "hit") for sp in spans]))
    except sqlite3.OperationalError as exc:
        if not (interrupted(exc) and deadline.expired()):
            raise
        return SearchOutcome(hits, total, _stopped(deadline.timeout(q.text, done), total))
    except QueryTimeout as exc:
        return SearchOutcome(hits, total, _stopped(exc, total))
    return SearchOutcome(hits, total)


def units_with_marks(
    store: Store, marks: dict[str, list[tuple[int, int]]], filters: Filters, *, limit: int
) -> SearchOutcome:
    """The units of ``marks`` (unit key → spans to mark) that pass ``filters``, by date and key:
    a search by code alone, without words."""
    cols, join = _role_sql(store, "u.speech_key")
    clauses, params = _where(filters, "d")
    if filters.role:
        if not join:
            return SearchOutcome([], 0)
        clauses.append("r.role = ?")
        params.append(filters.role)
    if filters.actor:
        pattern = "%" + _like(filters.actor) + "%"
        clauses.append("(u.speaker LIKE ? ESCAPE '\\' OR u.affiliation LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    keys = sorted(marks)
    rows: dict[str, sqlite3.Row] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        sql = (
            f"SELECT u.*, {cols} FROM units u JOIN documents d ON d.id = u.document_id {join} "
            f"WHERE u.key IN ({','.join('?' * len(chunk))}) AND {' AND '.join(clauses)} "
            "ORDER BY u.edition = 'record' DESC"
        )
        for row in store.conn.execute(sql, [*chunk, *params]):
            rows.setdefault(row["key"], row)
    ordered = sorted(rows.values(), key=lambda r: (r["date"] or "", r["key"]))
    hits = [
        _hit(r, [Mark(a, b, "hit") for a, b in sorted(marks[r["key"]])]) for r in ordered[:limit]
    ]
    return SearchOutcome(hits, len(ordered))


def _stopped(exc: QueryTimeout, total: int) -> str:
    return f"{exc}; showing the first matches found: at least {total} unit(s) match"


def _hit(row: sqlite3.Row, marks: list[Mark]) -> SearchHit:
    return SearchHit(
        key=row["key"],
        symbol=row["symbol"],
        document_id=row["document_id"],
        unit_type=row["unit_type"],
        doc_type=row["doc_type"],
        date=row["date"],
        speaker=row["speaker"],
        role=row["role"],
        text=row["text"],
        hits=[Span(start=m.start, end=m.end) for m in marks],
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
