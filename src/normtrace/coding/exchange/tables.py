"""Codings and passages as tables: rows for people (CSV and XLSX) and for the code page.

A *passage* is one coded span with everything a reader needs beside it: the
document (symbol, title, date, type), the unit, the speaker, the actor and role,
the code (id and name), who coded it, the text of the span and a few words of
context, the memo and when the work was done (``at``: the time an import stated,
:mod:`~normtrace.coding.human.made_at`, else when it was recorded; for work an ingest
re-anchored or a coder's settlement of a review moved, when the work it moves was made, and
``moved_at`` when it was moved). ``source`` says what the row is:

- ``human`` — a coder's current coding (the append-only events, undo applied);
- ``candidate`` — a dictionary match of the latest auto-coding run that no coder
  has rejected (``accepted`` in ``status`` once a coder accepted it, ``absent`` when a
  "done" mark for its code reads it as absent, ``rejected by a suggestion verdict`` when a
  reject of a model suggestion of its code there does, else ``pending``);
- ``suggestion`` — a model suggestion of the latest suggest run at each level, about a
  whole unit, or a whole paragraph with its sub-paragraphs at ``paragraph`` level, with
  its ``probability`` and the ``model`` version that made it (``accepted`` in
  ``status`` when a coder's verdict now on its target is an accept, else ``pending``; left
  out when one's is a reject, as for candidates: :mod:`~normtrace.coding.exchange.suggestion_rows`).

Human codings are what a code means; candidates and suggestions are machine
proposals and every table says which a row is. ``level`` is the coding level a row
is about (``unit``, or ``paragraph`` for a paragraph-level suggestion or review, and for a
coding of a whole paragraph, :mod:`~normtrace.coding.human.whole`: its row names the
paragraph's key and text, and a file gives it no span, so it reads back as one).

Offsets (``start``, ``end``) and ``coder`` are in the files so that ``normtrace code
import`` reads a codings table back; pages for people never show them. For that
round trip a table can carry the review marks of one codebook
(:attr:`PassageFilter.reviews`, :mod:`normtrace.coding.exchange.marks`): each mark is a
``human`` row of status ``reviewed`` with an empty code and the whole text it read
(``reviewed``: ``unit`` or ``paragraph``, or ``unit for poc stabilization`` for a mark of
some codes only), so an import checks the mark's words; a coding's row says ``no`` (until
December 2026 a unit's mark rode on its coder's coding rows, and was checked through the
coding's words only; such files still import). A codebook's accepted dictionary candidates
are ``human`` rows of their coders there too (unless the table lists candidates), so the
round trip keeps them positive. Without a codebook's marks (and in
any table filtered to one code, which cannot say what else is absent) every human
row says ``no``; machine rows leave ``reviewed`` empty.

>>> from normtrace.store.db import Store
>>> passages(Store.open(":memory:"))
[]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

from normtrace.coding.dictionary.candidates import (
    SUGGESTION_REJECTED,
    Sight,
    coded_over_sql,
    everyone_sql,
    status_sql,
    withdrawn_seen_sql,
)
from normtrace.coding.exchange.carried import ACCEPTED_SQL, UNPLACED_SQL
from normtrace.coding.exchange.marks import marks_sql
from normtrace.coding.exchange.passage_memos import memos_written_on, with_memos
from normtrace.coding.exchange.suggestion_rows import suggestion_rows_sql
from normtrace.coding.human.made_at import event_made_sql, made_and_moved, review_made_sql
from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.human.whole import placed_whole_paragraph_codings
from normtrace.coding.kwic import context
from normtrace.coding.levels import JOIN, paragraph_key, target_clause
from normtrace.coding.placed import PLACED_REJECTIONS
from normtrace.coding.units import UNITS_BY_KEY, edition_read_sql, has_table, unit_info_sql
from normtrace.errors import CodingError
from normtrace.store.db import Store

SOURCES = ("human", "candidate", "suggestion")
#: a further source a table may ask for: the coders' current rejections of the dictionary's
#: candidates (``code export --rejections``), which ``code import`` records again
REJECTION = "rejection"


@dataclass(frozen=True)
class Passage:
    """One coded span with its document, speaker, code and coder (see the module doc)."""

    source: str
    status: str
    symbol: str
    document: str
    date: str | None
    doc_type: str
    unit_key: str
    level: str
    speaker: str | None
    actor: str | None
    role: str
    code: str
    code_name: str
    codebook: str
    probability: float | None
    model: str | None
    coder: str | None
    reviewed: str
    text: str
    left: str
    right: str
    memo: str | None
    at: str | None
    start: int
    end: int
    ref: int
    #: when a human row's work was last moved to where it stands (an ingest's re-anchoring,
    #: a coder's settlement of a review: ``at`` stays when the work was made); else None
    moved_at: str | None = None

    @property
    def year(self) -> str:
        """The year of the document's date ("" when undated)."""
        return (self.date or "")[:4]


COLUMNS = tuple(f.name for f in fields(Passage))


@dataclass(frozen=True)
class PassageFilter:
    """Which passages to list; ``None`` means any."""

    code: str | None = None
    coder: str | None = None
    symbol: str | None = None
    role: str | None = None
    year: int | None = None
    sources: tuple[str, ...] = SOURCES
    #: a codebook whose review marks the human rows carry (see the module doc); ignored
    #: with ``code`` set or without ``human`` among the sources
    reviews: str | None = None


def check_filter(store: Store, where: PassageFilter) -> list[str]:
    """Refuse a ``code`` no codebook of the project has (a filter that can only select
    nothing); warnings for a ``coder`` who coded nothing in the project.

    Raises:
        CodingError: the code is unknown.
    """
    if where.code is not None:
        known = {str(r[0]) for r in store.conn.execute("SELECT DISTINCT code FROM codes")}
        if where.code not in known:
            raise CodingError(
                f"--code {where.code!r} is in none of the project's codebooks (codes: "
                f"{', '.join(sorted(known)) or 'none yet'}); nothing written"
            )
    if where.coder is None:
        return []
    coded = store.conn.execute(
        "SELECT 1 FROM coding_events WHERE coder = ? LIMIT 1", (where.coder,)
    ).fetchone()
    return [] if coded else [f"--coder {where.coder!r} has coded nothing in this project"]


@dataclass(frozen=True)
class Condition:
    """An extra SQL condition on a passage ``p`` (columns ``source``, ``unit_key``,
    ``coder``, ``code``, ``symbol``, ``role``, ``year``), with its parameters: e.g. the
    blind rule of the web workbench (:func:`normtrace.web.codepage.visible_condition`);
    ``sight``: whose verdicts (and codings) a machine row's status, and whether it is listed,
    may read (everyone's without)."""

    sql: str
    params: tuple[Any, ...] = ()
    sight: Sight | None = None


#: the columns of each source's rows in the selection (``source_order``: index in SOURCES;
#: ``named_edition``: the edition the coding was made on, if known)
RAW_COLUMNS = (
    "source", "source_order", "ref", "status", "unit_key", "start", "end", "code", "coder",
    "memo", "at", "probability", "named_edition", "level", "model", "reviewed", "book",
)  # fmt: skip
#: the columns of a page's rows that :func:`_build` reads
_PAGE_COLUMNS = (
    "source", "ref", "status", "unit_key", "start", '"end"', "code", "coder", "memo", "at",
    "probability", "edition", "symbol", "date", "doc_type", "speaker", "role", "level",
    "model", "reviewed", "book",
)  # fmt: skip
#: what the counts count passages by (each an SQL aggregate over the selection)
_COUNTED = ("source", "symbol", "role", "counted_year", "coder", "status")
#: the year of a passage as counted: of its document's date, ``undated`` without one
_YEAR = "COALESCE(NULLIF(substr(COALESCE(p.date, ''), 1, 4), ''), 'undated')"
#: an aggregate ({}) over the codes of a mark ``m`` for some codes that the current version
#: of its codebook still has (carried.dropped_from_marks names the others; ``kept``: a CTE of
#: the current versions' codes, read once)
_KEPT = (
    "SELECT {} FROM json_each(m.codes) WHERE value IN (SELECT k.code FROM kept k "
    "WHERE k.codebook = m.codebook)"
)
#: the CTE ``kept``: each codebook's current codes
_KEPT_CTE = (
    "kept AS MATERIALIZED (SELECT b.name AS codebook, c.code FROM codes c "
    "JOIN current_codebooks b ON b.id = c.codebook_id), "
)
#: when the verdict event ``x`` (a rejection's, an accept's) was made: the time an import
#: stated for it, else its recording time (an export writes it: a round trip keeps it)
_MADE_X = event_made_sql("x", "event_id")
#: the statuses of rows whose ``ref`` is an event (a coding, an accept, a rejection)
_EVENT_ROWS = ("coded", "rejected")
#: the order of passages: date, document, unit, position, source, then record id
_ORDER = "COALESCE(p.date, ''), p.symbol, p.unit_key, p.start, p.source_order, p.ref"


def passages(
    store: Store,
    where: PassageFilter | None = None,
    *,
    window: int = 12,
    limit: int | None = None,
    offset: int = 0,
    condition: Condition | None = None,
) -> list[Passage]:
    """Coded passages matching ``where`` (and ``condition``), by date, document, unit and
    position; ``limit`` of them from ``offset`` (all by default).

    Selection, order and paging are one SQL query; the text and its context (``window``
    words each side of the span) are read for the rows returned only, so a page of a
    code with thousands of passages costs about as much as a short one.

    Raises:
        CodingError: a source is not one of :data:`SOURCES`.
    """
    selection = _selection(store, where or PassageFilter(), condition)
    if selection is None:
        return []
    sql, params = selection
    rows = store.conn.execute(
        f"SELECT * FROM ({sql}) p ORDER BY {_ORDER} LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else _rows(limit), _rows(offset)],
    ).fetchall()
    return _build(store, rows, window)


def passage_page(
    store: Store,
    where: PassageFilter | None = None,
    *,
    limit: int,
    offset: int = 0,
    window: int = 12,
    condition: Condition | None = None,
) -> tuple[list[Passage], Counts]:
    """The passages :func:`passages` lists from ``offset`` (``limit`` of them) and the
    counts over all of them (see :class:`Counts`), in one pass over the selection.

    The counts are SQL aggregates (no passage is built for them): the groups of (source,
    document, role, year, coder) with their size and first position in the order of the
    passages, summed here; the page is the rows at those positions.

    Raises:
        CodingError: a source is not one of :data:`SOURCES`.
    """
    selection = _selection(store, where or PassageFilter(), condition)
    if selection is None:
        return [], Counts(0, [], [], [], [], [])
    sql, params = selection
    nulls = ", ".join(["NULL"] * len(_PAGE_COLUMNS))
    tallies = " ".join(
        f"UNION ALL SELECT '{d}', {d}, count(*), min(pos), {nulls} FROM sel GROUP BY {d}"
        for d in _COUNTED
    )
    found = store.conn.execute(
        f"WITH sel AS (SELECT p.*, row_number() OVER (ORDER BY {_ORDER}) AS pos, "
        f"{_YEAR} AS counted_year FROM ({sql}) p) "
        f"SELECT '' AS dimension, NULL AS value, 0 AS n, pos, {', '.join(_PAGE_COLUMNS)} "
        f"FROM sel WHERE pos > ? AND pos <= ? {tallies}",
        [*params, _rows(offset), _rows(offset) + _rows(limit)],
    ).fetchall()
    page = sorted((r for r in found if not r["dimension"]), key=lambda r: r["pos"])
    return _build(store, page, window), _counts([r for r in found if r["dimension"]])


def count_passages(
    store: Store, where: PassageFilter | None = None, *, condition: Condition | None = None
) -> Counts:
    """Counts of the passages :func:`passages` lists for ``where`` and ``condition`` (an SQL
    aggregate, see :func:`passage_page`).

    Raises:
        CodingError: a source is not one of :data:`SOURCES`.
    """
    return passage_page(store, where, limit=0, condition=condition)[1]


def _rows(n: int) -> int:
    """A count of rows as SQLite takes it: 0 to 2**62 (two of them still add up)."""
    return min(max(n, 0), 2**62)


def _build(store: Store, rows: list[Any], window: int) -> list[Passage]:
    """The passages of selected ``rows``: their text, context, title, actor and code name."""
    if not rows:
        return []
    keys = json.dumps(sorted({r["unit_key"] for r in rows}))
    found = store.conn.execute(
        f"SELECT u.key, u.edition, u.text FROM ({UNITS_BY_KEY}) u", (keys, keys)
    )
    texts = {(r["key"], r["edition"]): r["text"] for r in found}
    texts.update(
        _paragraph_texts(store, {(r["unit_key"], r["edition"]) for r in rows
                                 if r["level"] == "paragraph"})
    )  # fmt: skip
    names, books = _code_names(store)
    titles = _titles(store, {r["symbol"] for r in rows})
    actors = _actors(store, {r["unit_key"] for r in rows})
    written_on = memos_written_on(store, [(int(r["ref"]), r["unit_key"], r["start"], r["end"])
                                          for r in rows if r["status"] == "coded"])  # fmt: skip
    moved = made_and_moved(store, [int(r["ref"]) for r in rows if r["status"] in _EVENT_ROWS])
    out: list[Passage] = []
    for r in rows:
        key, text, start = r["unit_key"], texts[r["unit_key"], r["edition"]], r["start"]
        end = len(text) if r["end"] is None else min(r["end"], len(text))
        left, right = context(text, start, end, window)
        probability = None if r["probability"] is None else float(r["probability"])
        memo = r["memo"] if probability is None else f"p = {probability:.2f}"
        if r["status"] == "coded":  # memos written on the coding after it was made
            memo = with_memos(memo, r["coder"], written_on[int(r["ref"])], r["code"])
        # when the work was last moved (made, ``at``, is the work's time)
        moved_at = moved[int(r["ref"])][1] if r["status"] in _EVENT_ROWS else None
        out.append(
            Passage(
                source=r["source"], status=r["status"], symbol=r["symbol"],
                document=titles.get(r["symbol"], ""), date=r["date"], doc_type=r["doc_type"],
                unit_key=key, level=r["level"], speaker=r["speaker"], actor=actors.get(key),
                role=r["role"], code=r["code"], code_name=names.get(r["code"], r["code"]),
                codebook=r["book"] or books.get(r["code"], ""), probability=probability,
                model=r["model"], coder=r["coder"], reviewed=r["reviewed"] or "",
                text=text[start:end], left=left, right=right, memo=memo, at=r["at"],
                start=start, end=end, ref=r["ref"], moved_at=moved_at,
            )
        )  # fmt: skip
    return out


def _paragraph_texts(store: Store, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The text of each paragraph-level target ``(key, edition)`` as the coding levels read
    it: the paragraph and its sub-paragraphs, joined (a target without sub-paragraphs, e.g.
    a speech, is left to its unit's text)."""
    out: dict[tuple[str, str], str] = {}
    for key, edition in wanted:
        clause, params = target_clause(key, "paragraph", column="p.key")
        rows = store.conn.execute(
            "SELECT p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id "
            f"WHERE d.is_current = 1 AND p.speech_id IS NULL AND d.edition = ? AND {clause} "
            "ORDER BY p.ord, p.key",
            (edition, *params),
        ).fetchall()
        if len(rows) > 1:
            out[key, edition] = JOIN.join(str(r["text"]) for r in rows)
    return out


#: SQL: the codebook a human coding ``h`` was made under, while its current version has the
#: code (else NULL: the cell names a codebook that holds the code now)
_MADE_UNDER = (
    "(SELECT b.name FROM codebooks b WHERE b.version = h.codebook_version AND h.code IN "
    "(SELECT c.code FROM codes c JOIN current_codebooks k ON k.id = c.codebook_id WHERE "
    "k.name = b.name) LIMIT 1)"
)


def _book_of(alias: str, otherwise: str) -> str:
    """SQL of the ``codebook`` cell of a human coding ``alias`` (two parameters, both the
    codebook whose review marks the table carries, or ``None``): that codebook when its
    current version has the code (the row's ``reviewed`` cell speaks for its marks, so an
    import with ``--codebook`` of it reads the row), else ``otherwise`` (the codebook the
    coding was made under)."""
    return (
        f"CASE WHEN {alias}.code IN (SELECT c.code FROM codes c JOIN current_codebooks b ON "
        f"b.id = c.codebook_id WHERE b.name = ?) THEN ? ELSE {otherwise} END"
    )


def _selection(
    store: Store, where: PassageFilter, condition: Condition | None
) -> tuple[str, list[Any]] | None:
    """SQL of the passages matching ``where`` and ``condition`` (unordered, without text or
    context) and its parameters; ``None`` when no source can have any."""
    bad = [s for s in where.sources if s not in (*SOURCES, REJECTION)]
    if bad:
        raise CodingError(f"unknown passage source {bad[0]!r}; use one of {', '.join(SOURCES)}")
    if REJECTION in where.sources and has_table(store, "current_verdicts"):
        rejections = (  # placed: a rejection of words a new version changed judges nothing
            "SELECT 'rejection', 2, x.event_id, 'rejected', x.unit_key, x.start, x.\"end\", "
            f"x.code, x.coder, x.memo, {_MADE_X}, NULL, x.edition, 'unit', NULL, 'no', x.codebook "
            f"FROM ({PLACED_REJECTIONS}) x WHERE (? IS NULL OR x.code = ?) "
            "AND (? IS NULL OR x.coder = ?)"
        )
    else:
        rejections = ""
    parts: list[str] = []
    params: list[Any] = []
    marks = marks_sql(store) if where.reviews and where.code is None else None
    sight = condition.sight if condition is not None else None
    if "human" in where.sources:
        # a coding row marks nothing: every mark is a row of its own (below), with the whole
        # text it read, so an import checks the mark's words, not only the coding's
        reviewed = "'no'"
        # a coding of a whole paragraph (placed on its opening unit) is the paragraph's
        whole = json.dumps(
            sorted([*c, paragraph_key(c[1])] for c in placed_whole_paragraph_codings(store)),
            ensure_ascii=False,
        )
        parts.append(
            "SELECT 'human', 0, h.event_id, 'coded', COALESCE(w.head, h.unit_key), h.start, "
            'CASE WHEN w.head IS NULL THEN h."end" END, h.code, h.coder, h.memo, '
            f"{event_made_sql('h', 'event_id')}, NULL, "
            "h.edition, CASE WHEN w.head IS NULL THEN 'unit' ELSE 'paragraph' END, NULL, "
            f"{reviewed}, {_book_of('h', _MADE_UNDER)} FROM human_codings h LEFT JOIN (SELECT "
            "json_extract(value, '$[0]') AS coder, json_extract(value, '$[1]') AS unit_key, "
            "json_extract(value, '$[2]') AS start, json_extract(value, '$[3]') AS fin, "
            "json_extract(value, '$[4]') AS code, json_extract(value, '$[5]') AS head "
            "FROM json_each(?)) w ON w.coder = "
            'h.coder AND w.unit_key = h.unit_key AND w.start = h.start AND w.fin = h."end" '
            "AND w.code = h.code "
            "WHERE (? IS NULL OR h.code = ?) AND (? IS NULL OR h.coder = ?) "
            # a coding whose words a new version of the text changed awaits review: its
            # offsets would read other words (carried.UNPLACED_SQL)
            f"AND h.event_id NOT IN ({UNPLACED_SQL})"
        )
        params += [where.reviews, where.reviews, whole, where.code, where.code, where.coder,
                   where.coder]  # fmt: skip
        if where.reviews is not None and "candidate" not in where.sources:
            # accepted dictionary candidates are their coders' codings, of every codebook as
            # the hand codings are (the round trip keeps them positive: carried.ACCEPTED_SQL);
            # beside candidate rows they would be listed twice
            accepted_reviewed = "'no'"
            parts.append(
                "SELECT 'human', 0, x.event_id, 'coded', x.unit_key, x.start, x.\"end\", x.code, "
                f"x.coder, NULL, {_MADE_X}, NULL, x.edition, 'unit', NULL, {accepted_reviewed}, "
                f"{_book_of('x', 'x.codebook')} FROM ({ACCEPTED_SQL}) x WHERE (? IS NULL OR "
                "x.code = ?) AND (? IS NULL OR x.coder = ?)"
            )
            params += [where.reviews, where.reviews, where.code, where.code, where.coder,
                       where.coder]  # fmt: skip
        if marks is not None:
            # every other mark is a row of its own: reviewed, nothing (else) applies; a mark
            # for some codes only says which ("unit for poc stabilization")
            parts.append(
                "SELECT 'human', 0, m.id, 'reviewed', m.unit_key, 0, NULL, '', m.coder, NULL, "
                f"{review_made_sql('m')}, NULL, NULL, m.level, NULL, CASE WHEN m.codes IS NULL "
                "THEN m.level ELSE "
                f"m.level || ' for ' || ({_KEPT.format('group_concat(value, char(32))')}) "
                "END, m.codebook FROM marks m "
                "WHERE m.codebook = ? AND (? IS NULL OR m.coder = ?) "
                # a mark whose codes the codebook has all dropped speaks for nothing it has
                f"AND (m.codes IS NULL OR ({_KEPT.format('count(*)')}) > 0)"
            )
            params += [where.reviews, where.coder, where.coder]
    # machine proposals have no coder: a filter on one leaves them out
    if (
        "candidate" in where.sources
        and where.coder is None
        and has_table(store, "current_auto_codings")
    ):
        # a pending one a suggestion reject reads as absent counts nowhere (as candidate_rows
        # says) where the reader sees all; status once (a 2nd copy re-reads: +75 % time)
        gone = json.dumps(sorted(rejected_candidates(store)))
        everyone = everyone_sql(sight, "a.unit_key")
        pending = (f"CASE WHEN a.id IN (SELECT value FROM json_each(?)) AND {everyone} THEN "
                   f"'{SUGGESTION_REJECTED}' ELSE 'pending' END")  # fmt: skip
        parts.append(
            # a candidate one coder accepted and another rejected is disputed: the accept
            # counts as its coder's coding (placed.ACCEPTED_SPANS), so it is listed
            f"SELECT 'candidate', 1, a.id, "
            f"COALESCE(NULLIF({status_sql('a', sight)}, 'pending'), {pending}), "
            'a.unit_key, a.start, a."end", a.code, NULL, NULL, NULL, NULL, '
            "a.edition, 'unit', NULL, '', NULL "
            "FROM current_auto_codings a WHERE (? IS NULL OR a.code = ?) AND NOT "
            f"{withdrawn_seen_sql('a', sight)} "
            # words a coder coded by hand with the candidate's code (the workbench's accept
            # writes such a coding) are listed once, as that coding
            + (f"AND NOT {coded_over_sql('a', sight=sight)}" if "human" in where.sources else "")
        )
        params += [gone, where.code, where.code]
    if (
        "suggestion" in where.sources
        and where.coder is None
        and has_table(store, "current_suggestions")
    ):
        # each coder's verdict now on the suggestion's target (suggestion_rows), as the
        # sight shows them
        suggested, suggested_params = suggestion_rows_sql(store, where.code, sight)
        parts.append(suggested)
        params += suggested_params
    if rejections:
        parts.append(rejections)
        params += [where.code, where.code, where.coder, where.coder]
    if not parts:
        return None
    # a row per passage and edition of its unit; the edition it reads is kept
    info = unit_info_sql(store, keys="raw", key="unit_key", carry=RAW_COLUMNS)
    filters = [edition_read_sql("p.unit_key", "p.symbol", "p.edition", "p.named_edition")]
    if where.symbol:
        filters.append("p.symbol = ?")
        params.append(where.symbol)
    if where.role:
        filters.append("p.role = ?")
        params.append(where.role)
    if where.year:
        filters.append("p.year = ?")
        params.append(where.year)
    columns = ", ".join(f'"{c}"' for c in RAW_COLUMNS)
    ctes = "" if marks is None else f"marks AS MATERIALIZED ({marks}), {_KEPT_CTE}"
    sql = f"WITH {ctes}raw({columns}) AS ({' UNION ALL '.join(parts)}) SELECT * FROM ({info}) p"
    if condition is not None:
        filters.append(f"({condition.sql})")
        params += condition.params
    sql += f" WHERE {' AND '.join(filters)}"
    return sql, params


def _code_names(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """Code id → name and code id → codebook, from the latest version of each codebook."""
    rows = store.conn.execute(
        "SELECT b.name AS book, c.code, c.name FROM codes c JOIN codebooks b "
        "ON b.id = c.codebook_id WHERE b.id IN (SELECT id FROM current_codebooks)"
    )
    names: dict[str, str] = {}
    books: dict[str, str] = {}
    for r in rows:
        names.setdefault(r["code"], r["name"])
        books.setdefault(r["code"], r["book"])
    return names, books


def _titles(store: Store, symbols: set[str]) -> dict[str, str]:
    rows = store.conn.execute(
        "SELECT symbol, title FROM documents WHERE is_current = 1 "
        "AND symbol IN (SELECT value FROM json_each(?)) ORDER BY edition DESC",
        (json.dumps(sorted(symbols)),),
    )
    return {r["symbol"]: r["title"] or "" for r in rows}


def _actors(store: Store, keys: set[str]) -> dict[str, str]:
    if not has_table(store, "speech_roles"):
        return {}
    rows = store.conn.execute(
        "SELECT speech_key, actor FROM speech_roles WHERE is_current = 1 "
        "AND speech_key IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(keys)),),
    )
    return {r["speech_key"]: r["actor"] for r in rows if r["actor"]}


@dataclass(frozen=True)
class Counts:
    """How many passages per source, document, role, year and status (the code page says
    which no count holds), and who coded them (for the code page)."""

    total: int
    by_source: list[tuple[str, int]]
    by_document: list[tuple[str, int]]
    by_role: list[tuple[str, int]]
    by_year: list[tuple[str, int]]
    coders: list[str]
    by_status: list[tuple[str, int]] = field(default_factory=list)


def _counts(tallies: list[Any]) -> Counts:
    """Counts from the SQL aggregates: per ``dimension`` (one of :data:`_COUNTED`) each
    ``value`` with its size ``n`` and first position ``pos`` in the order of the passages."""
    by: dict[str, list[Any]] = {d: [] for d in _COUNTED}
    for t in tallies:
        by[t["dimension"]].append(t)

    def largest_first(dimension: str) -> list[tuple[str, int]]:
        ranked = sorted(by[dimension], key=lambda t: (-t["n"], t["pos"]))
        return [(t["value"], t["n"]) for t in ranked]

    return Counts(
        total=sum(t["n"] for t in by["source"]),
        by_source=largest_first("source"),
        by_document=largest_first("symbol"),
        by_role=largest_first("role"),
        by_year=sorted((t["value"], t["n"]) for t in by["counted_year"]),
        coders=sorted(t["value"] for t in by["coder"] if t["value"]),
        by_status=largest_first("status"),
    )
