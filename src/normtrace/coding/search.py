"""Search: the units where a query of the one query language matches, best first.

The query language itself (parsing, the full-text candidates, the exhaustive scan) is
:mod:`normtrace.coding.query`; this module runs a query over the project with filters
(document type, dates, case, role, actor), a limit, a time budget and cancellation. It is
the one search of the CLI (``normtrace search``), ``Project.search`` and the web workbench.

Complete results are kept in a small cache (:class:`ResultCache`, least recently used
first out) keyed by the project file, a signature of everything a result depends on
(the units, see :func:`normtrace.coding.query.units_signature`; the speakers' roles;
the last run of a stage that may fill metadata in place — a coding, training or
suggestion run does not), the query, the filters and
the code filter (a digest of its units), each with its first :data:`KEEP` hits: a coder
paging back, a team searching the same words or the "code all hits" review after a
search is answered without scanning again, and any change to the project changes the
key, so a result is never stale. Only complete results are kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Generic, TypeVar

import numpy as np

from normtrace.coding.dictionary.emit import SpanArrays
from normtrace.coding.dictionary.matcher import Span
from normtrace.coding.query import (
    Deadline,
    Query,
    QueryTimeout,
    index_is_complete,
    interrupted,
    parse_query,
    units_signature,
)
from normtrace.errors import ConfigError
from normtrace.store.db import Store
from normtrace.store.topics import topic_symbols


@dataclass(frozen=True)
class Filters:
    """Which units a search covers (``None``: no filter); the web's document list takes
    the same. ``case`` names a case, ``case_symbols`` are its documents' symbols
    (:func:`normtrace.trace.scope.case_scope`); ``topic`` is a word or phrase an agenda
    item of the meeting names, ``topic_symbols`` the meetings whose agenda items name it
    (:func:`topic_filters` sets both)."""

    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    role: str | None = None
    actor: str | None = None
    symbol: str | None = None
    case: str | None = None
    case_symbols: frozenset[str] | None = None
    topic: str | None = None
    topic_symbols: frozenset[str] | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        """The filters for echoing back to a client (the case and topic by their names)."""
        hidden = ("case_symbols", "topic_symbols")
        return {k: v for k, v in asdict(self).items() if k not in hidden}


def topic_filters(store: Store, filters: Filters, topic: str | None) -> Filters:
    """``filters`` limited to the meeting records whose agenda items name ``topic`` (a whole
    word or phrase, case aside; the meeting's agenda items as :mod:`normtrace.store.topics`
    reads them, the topic timeline's reading); ``None`` or blank: no topic filter.

    >>> topic_filters(Store.open(":memory:"), Filters(), "Mali").topic_symbols
    frozenset()
    """
    if topic is None or not topic.strip():
        return replace(filters, topic=None, topic_symbols=None)
    return replace(filters, topic=topic.strip(), topic_symbols=topic_symbols(store, topic))


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``, with ``text``'s wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def document_filter(filters: Filters, alias: str) -> tuple[list[str], list[object]]:
    """SQL conditions (and their parameters) on the ``documents`` row ``alias``: current,
    type, years, symbol, case, topic."""
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
        params.append(like_pattern(filters.symbol))
    if filters.topic and filters.topic_symbols is None:  # else it would filter nothing
        raise ConfigError(
            f"the topic filter {filters.topic!r} comes without its meetings: build the filters "
            "with normtrace.coding.search.topic_filters(store, filters, topic)",
            location="Filters.topic",
        )
    for symbols in (filters.case_symbols, filters.topic_symbols):
        if symbols is not None:
            clauses.append(f"{alias}.symbol IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(symbols)))
    return clauses, params


@dataclass(frozen=True)
class SearchHit:
    """A unit where a query matches, with every match (code-point offsets)."""

    key: str
    edition: str
    symbol: str
    document_id: int
    unit_type: str
    doc_type: str
    date: str | None
    speaker: str | None
    affiliation: str | None
    role: str | None
    actor: str | None
    text: str
    spans: tuple[Span, ...]

    def snippet(self, context: int = 60) -> str:
        """The first match in ``[...]`` with ``context`` characters either side."""
        s = self.spans[0]
        left = " ".join(self.text[max(0, s.start - context) : s.start].split())
        right = " ".join(self.text[s.end : s.end + context].split())
        return f"… {left} [{self.text[s.start : s.end]}] {right} …"


H = TypeVar("H")


@dataclass(frozen=True)
class SearchResult(Generic[H]):
    """The first ``limit`` hits of a search, best first, and how many units match (the web
    holds its own hit schema in the same result: ``SearchResult[web.schemas.SearchHit]``).

    ``stopped`` says why the search is incomplete (its time budget ran out, or it was
    cancelled); then ``total`` counts the matches found until then."""

    hits: list[H]
    total: int
    stopped: str = ""
    #: served from the cache of complete results (no scan ran)
    cached: bool = False

    @property
    def complete(self) -> bool:
        return not self.stopped


# Units by their full-text rowid (speech id × 2, paragraph id × 2 + 1): the index's
# candidates reach their rows by primary key instead of through the ``units`` view,
# which SQLite would materialize whole for every search.
_CANDIDATES = (
    "SELECT f.score, s.id AS speech_id, s.key, 'speech' AS unit_type, s.document_id, "
    "s.speaker, s.affiliation, s.text FROM f JOIN speeches s ON s.id = f.rid / 2 "
    "WHERE f.rid % 2 = 0 AND s.is_current = 1 UNION ALL "
    "SELECT f.score, NULL, p.key, 'paragraph', p.document_id, NULL, NULL, p.text "
    "FROM f JOIN paragraphs p ON p.id = f.rid / 2 WHERE f.rid % 2 = 1 AND p.speech_id IS NULL"
)
# Without a complete index: every current unit, the same columns.
_EVERY_UNIT = (
    "SELECT 0 AS score, s.id AS speech_id, s.key, 'speech' AS unit_type, s.document_id, "
    "s.speaker, s.affiliation, s.text FROM speeches s WHERE s.is_current = 1 UNION ALL "
    "SELECT 0, NULL, p.key, 'paragraph', p.document_id, NULL, NULL, p.text "
    "FROM paragraphs p WHERE p.speech_id IS NULL"
)


def _has_roles(store: Store) -> bool:
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'speech_roles' AND type = 'table'"
    ).fetchone()
    return row is not None


@dataclass(frozen=True)
class CacheStats:
    """How a :class:`ResultCache` has done since the process started (or was cleared)."""

    hits: int
    misses: int
    entries: int
    bound: int
    #: characters of unit text the entries hold, and the most they may
    chars: int
    max_chars: int


class ResultCache:
    """Complete search results by key, at most ``bound`` of them holding at most
    ``max_chars`` characters of unit text (least recently used goes first); thread-safe.
    Holds immutable values only: hits as a tuple of frozen :class:`SearchHit`, handed out
    in a new list each time."""

    def __init__(self, bound: int = 64, max_chars: int = 32_000_000) -> None:
        self.bound = bound
        self.max_chars = max_chars
        self._items: OrderedDict[tuple[object, ...], tuple[tuple[SearchHit, ...], int, int]]
        self._items = OrderedDict()
        self._lock = threading.Lock()
        self._hits = self._misses = self._chars = 0

    def get(
        self, key: tuple[object, ...], limit: int, *, miss: bool = True
    ) -> SearchResult[SearchHit] | None:
        """The first ``limit`` hits kept for ``key`` and the total, if it holds them;
        ``miss=False``: a look that finds nothing is not counted as a miss (the search
        that follows it will be)."""
        with self._lock:
            found = self._items.get(key)
            if found is None or (len(found[0]) < limit and len(found[0]) < found[1]):
                self._misses += miss
                return None
            self._items.move_to_end(key)
            self._hits += 1
        return SearchResult(list(found[0][:limit]), found[1], cached=True)

    def put(self, key: tuple[object, ...], result: SearchResult[SearchHit]) -> None:
        """Keep ``result`` if it is complete and not larger than the cache."""
        chars = sum(len(h.text) for h in result.hits)
        if not result.complete or chars > self.max_chars:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._chars += chars - (old[2] if old is not None else 0)
            self._items[key] = (tuple(result.hits), result.total, chars)
            while len(self._items) > self.bound or self._chars > self.max_chars:
                self._chars -= self._items.popitem(last=False)[1][2]

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                self._hits, self._misses, len(self._items), self.bound, self._chars,
                self.max_chars,
            )  # fmt: skip

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._hits = self._misses = self._chars = 0


#: The process's cache of complete search results (every project file it opens).
RESULTS = ResultCache()
#: Hits a search keeps for the cache whatever its limit: the web's largest page and the
#: "code all hits" review (500), so a page of 50 and the review after it are one search.
KEEP = 500


def cache_stats() -> CacheStats:
    """Hits, misses and entries of the search result cache of this process."""
    return RESULTS.stats()


#: stages whose runs never change documents, units or their metadata (they write codings,
#: models, suggestions, links, ledgers or assignments): a run of one of them leaves cached
#: results valid — codings reach a key through the code filter's units. Any other stage
#: (``ingest``, ``actors``, one added later) may fill metadata in place.
READ_ONLY_STAGES = ("coding", "suggest", "learn", "validate", "trace", "assign", "reuse")


def _signature(store: Store) -> tuple[tuple[object, ...], object, object]:
    """What a search result depends on besides its query: the units, the speakers' roles
    (``None`` without the actors stage) and the last run of a stage that may change
    document metadata in place (adoption meetings; not in :data:`READ_ONLY_STAGES`)."""
    try:
        roles = tuple(
            store.conn.execute(
                "SELECT max(id), count(*), total(is_current) FROM speech_roles"
            ).fetchone()
        )
    except sqlite3.OperationalError:
        roles = None
    run = store.conn.execute(
        "SELECT id, started_at FROM runs WHERE stage NOT IN (SELECT value FROM json_each(?)) "
        "ORDER BY id DESC LIMIT 1",
        (json.dumps(READ_ONLY_STAGES),),
    ).fetchone()
    return (units_signature(store), roles, tuple(run) if run is not None else None)


def _cache_key(
    store: Store,
    signature: tuple[object, ...],
    q: Query,
    filters: Filters,
    only_keys: frozenset[str] | None,
) -> tuple[object, ...]:
    """The cache key of a search (see the module's docstring)."""
    keys = None
    if only_keys is not None:
        digest = hashlib.blake2b(digest_size=16)
        for key in sorted(only_keys):
            digest.update(key.encode("utf-8", "surrogatepass") + b"\0")
        keys = (len(only_keys), digest.hexdigest())
    return (str(store.path), signature, q, filters, keys)


def _search_sql(
    store: Store,
    q: Query | None,
    filters: Filters,
    keys: list[str] | None = None,
    units: tuple[object, ...] | None = None,
    chunk: int | None = None,
) -> tuple[str, list[object]] | None:
    """The candidate rows, best first (by date without a query); ``None`` when the filters
    can match nothing. ``keys`` keeps only those units; ``units``: the units signature
    if just read. With ``chunk``, each row is a JSON array of up to ``chunk`` candidates
    (see :func:`_candidates`)."""
    clauses, params = document_filter(filters, "d")
    roles = _has_roles(store)
    if filters.role:
        if not roles:
            return None
        clauses.append("r.role = ?")
        params.append(filters.role)
    if filters.actor:
        clauses.append("(u.speaker LIKE ? ESCAPE '\\' OR u.affiliation LIKE ? ESCAPE '\\')")
        params += [like_pattern(filters.actor)] * 2
    role_cols, role_join = "NULL AS role, NULL AS actor", ""
    if roles:
        role_cols = "r.role AS role, r.actor AS actor"
        # the speech's own row (record and corpus editions share speech keys); a row
        # naming only the key stands for every edition
        role_join = (
            "LEFT JOIN speech_roles r ON r.id = (SELECT r2.id FROM speech_roles r2 "
            "WHERE r2.speech_key = u.key AND r2.is_current = 1 AND u.speech_id IS NOT NULL "
            "AND (r2.speech_id = u.speech_id OR r2.speech_id IS NULL) "
            "ORDER BY r2.speech_id IS NULL, r2.id DESC LIMIT 1)"
        )
    if keys is not None:
        clauses.append("u.key IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(keys))
    head, first = "", []
    source = _EVERY_UNIT
    if q is not None and index_is_complete(store, units):
        head = (
            "WITH f AS MATERIALIZED (SELECT rowid AS rid, bm25(unit_fts) AS score "
            "FROM unit_fts WHERE unit_fts MATCH ?) "
        )
        source, first = _CANDIDATES, [q.fts]
    order = "u.score, d.date, u.key, d.edition"
    body = (
        f"FROM ({source}) u JOIN documents d ON d.id = u.document_id {role_join} "
        f"WHERE {' AND '.join(clauses)}"
    )
    if chunk is None:
        cols = f"u.*, d.symbol, d.edition, d.doc_type, d.date, {role_cols}"
        sql = f"{head}SELECT {cols} {body} ORDER BY {order}"
    else:
        cols = ", ".join(f"{c} AS {c.split('.')[-1]}" for c in _HIT_COLUMNS)
        sql = (
            f"{head}SELECT json_group_array(json_array(n, {', '.join(_HIT_NAMES)})) "
            f"FROM (SELECT {cols}, {role_cols}, row_number() OVER (ORDER BY {order}) AS n "
            f"{body}) GROUP BY (n - 1) / {int(chunk)} ORDER BY (n - 1) / {int(chunk)}"
        )
    return sql, [*first, *params]


def search_units(
    store: Store,
    query: str | Query,
    filters: Filters | None = None,
    *,
    limit: int = 20,
    seconds: float | None = None,
    cancel: threading.Event | None = None,
    only_keys: frozenset[str] | None = None,
) -> SearchResult[SearchHit]:
    """Units where ``query`` matches, best first (bm25 of the full-text index), and how many.

    The one search of the CLI, the API and the web workbench. The index proposes
    candidates in bm25 order (every unit, by date, if the index does not cover every
    unit); the codebook matcher confirms each, so ``total`` counts real matches, not
    index hits. After ``seconds`` or once ``cancel`` is set the search stops (inside
    SQLite or between chunks of candidate units, so a thread is never held longer) and returns
    what it found, ``stopped`` saying so. ``only_keys`` keeps only those units (a code
    filter: the units where a viewer sees a code). A complete result is cached
    (:data:`RESULTS`, with its first :data:`KEEP` hits or ``limit`` if more); the same
    search of an unchanged project, with a limit the cached hits cover, is answered from
    there, ``cached`` saying so.

    Raises:
        QueryError: the query language cannot express ``query``.
    """
    q = query if isinstance(query, Query) else parse_query(query)
    filters = filters or Filters()
    if store.path is None:  # nothing names an in-memory database once it is gone
        return _search(store, q, filters, limit, Deadline(seconds, cancel), only_keys)
    signature = _signature(store)
    key = _cache_key(store, signature, q, filters, only_keys)
    cached = RESULTS.get(key, limit)
    if cached is not None:
        return cached
    deadline = Deadline(seconds, cancel)
    kept = _search(store, q, filters, max(limit, KEEP), deadline, only_keys, signature[0])
    RESULTS.put(key, kept)
    return SearchResult(kept.hits[:limit], kept.total, kept.stopped)


def cached_search(
    store: Store,
    query: str | Query,
    filters: Filters | None = None,
    *,
    limit: int = 20,
    only_keys: frozenset[str] | None = None,
) -> SearchResult[SearchHit] | None:
    """What :func:`search_units` would answer from its cache, without scanning; ``None``
    if it would have to scan (a server answers cached searches before queueing the rest
    for a scan).

    Raises:
        QueryError: the query language cannot express ``query``.
    """
    q = query if isinstance(query, Query) else parse_query(query)
    if store.path is None:
        return None
    key = _cache_key(store, _signature(store), q, filters or Filters(), only_keys)
    return RESULTS.get(key, limit, miss=False)


def _search(
    store: Store,
    q: Query,
    filters: Filters,
    limit: int,
    deadline: Deadline,
    only_keys: frozenset[str] | None,
    units: tuple[object, ...] | None = None,
) -> SearchResult[SearchHit]:
    built = _search_sql(store, q, filters, units=units, chunk=CHUNK)
    if built is None:
        return SearchResult([], 0)
    sql, params = built
    matcher = q.matcher()
    hits: list[SearchHit] = []
    total = done = 0
    try:
        with deadline.guard(store):
            for chunk in _candidates(store, sql, params):
                if deadline.expired():
                    raise deadline.timeout(q.text, done)
                done += len(chunk)
                if only_keys is not None:
                    chunk = [row for row in chunk if row["key"] in only_keys]
                if not chunk:
                    continue
                # one scan of the chunk's texts (the fixed costs paid once per chunk)
                spans = matcher.match_many([row["text"] for row in chunk])
                matched = np.unique(spans.unit).tolist()
                total += len(matched)
                if len(hits) < limit:
                    bounds = np.searchsorted(spans.unit, matched + [len(chunk)]).tolist()
                    for i, lo, hi in zip(matched, bounds, bounds[1:], strict=False):
                        if len(hits) >= limit:
                            break
                        own = SpanArrays(*(a[lo:hi] for a in spans))
                        rows = matcher.rows(own, chunk[i]["text"])
                        hits.append(_hit(chunk[i], [Span._make(r) for r in rows]))
    except sqlite3.OperationalError as exc:
        if not (interrupted(exc) and deadline.expired()):
            raise
        return SearchResult(hits, total, _stopped(deadline.timeout(q.text, done), total))
    except QueryTimeout as exc:
        return SearchResult(hits, total, _stopped(exc, total))
    return SearchResult(hits, total)


def units_with_spans(
    store: Store,
    spans: dict[str, list[tuple[int, int]]],
    filters: Filters | None = None,
    *,
    limit: int = 20,
) -> SearchResult[SearchHit]:
    """The units of ``spans`` (unit key → spans to mark) that pass ``filters``, by date and
    key, and how many: a search by code alone, without words."""
    built = _search_sql(store, None, filters or Filters(), keys=sorted(spans))
    if built is None:
        return SearchResult([], 0)
    sql, params = built
    hits: list[SearchHit] = []
    total = 0
    for row in store.conn.execute(sql, params):
        total += 1
        if len(hits) < limit:
            text = row["text"]
            marks = [Span(a, b, "", text[a:b], "") for a, b in sorted(spans[row["key"]])]
            hits.append(_hit(row, marks))
    return SearchResult(hits, total)


#: the columns of a candidate row that a hit is made of (``u``: the unit, ``d``: its
#: document; the speech's ``role`` and ``actor`` come apart, as the roles may be absent)
_HIT_COLUMNS = (
    "u.key", "d.edition", "d.symbol", "u.document_id", "u.unit_type", "d.doc_type",
    "d.date", "u.speaker", "u.affiliation", "u.text",
)  # fmt: skip
_HIT_NAMES = (*(c.split(".")[-1] for c in _HIT_COLUMNS), "role", "actor")
#: candidates per row of the search's SQL
CHUNK = 256


def _candidates(store: Store, sql: str, params: list[object]) -> Iterator[list[dict[str, Any]]]:
    """The candidate rows of a chunked search statement, best first, as lists of dicts.

    Each row of the statement carries a JSON array of many candidates. Python's sqlite3
    lets go of the GIL for every row it steps through, and under a busy server every
    such hand-over waits for another thread to let go in turn: a search that stepped
    through a thousand rows waited a thousand times (3-4x its idle time at 20 coders).
    In chunks it waits a few times; the time budget still reaches into SQLite (the
    progress handler) and is checked between chunks."""
    for (chunk,) in store.conn.execute(sql, params):
        rows = json.loads(chunk)
        rows.sort(key=lambda r: r[0])  # an aggregate's order is SQLite's choice
        yield [dict(zip(_HIT_NAMES, r[1:], strict=True)) for r in rows]


def _stopped(exc: QueryTimeout, total: int) -> str:
    return f"{exc}; showing the first matches found: at least {total} unit(s) match"


def _hit(row: Mapping[str, Any], spans: list[Span]) -> SearchHit:
    return SearchHit(
        key=row["key"],
        edition=row["edition"],
        symbol=row["symbol"],
        document_id=row["document_id"],
        unit_type=row["unit_type"],
        doc_type=row["doc_type"],
        date=row["date"],
        speaker=row["speaker"],
        affiliation=row["affiliation"],
        role=row["role"],
        actor=row["actor"],
        text=row["text"],
        spans=tuple(spans),
    )


def search(
    store: Store,
    query: str | Query,
    *,
    limit: int = 20,
    context: int = 60,
    seconds: float | None = None,
    filters: Filters | None = None,
) -> list[dict[str, object]]:
    """:func:`search_units` as plain rows (the CLI and ``Project.search``), within
    ``filters``.

    Each hit: ``key``, ``edition``, ``symbol``, ``unit_type``, ``matches`` (how many in
    the unit) and ``snippet`` (the first match in ``[...]`` with ``context`` characters
    either side).

    Raises:
        QueryTimeout: ``seconds`` passed before every candidate unit was checked.
    """
    found = search_units(store, query, filters, limit=limit, seconds=seconds)
    if found.stopped:
        raise QueryTimeout(found.stopped)
    return [
        {
            "key": h.key,
            "edition": h.edition,
            "symbol": h.symbol,
            "unit_type": h.unit_type,
            "matches": len(h.spans),
            "snippet": h.snippet(context),
        }
        for h in found.hits
    ]
