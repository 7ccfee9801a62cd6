"""Unit metadata for reading and counting: document, date, doc type, speaker role, size.

Roles are the one vocabulary of :mod:`normtrace.actors.authors` (``ROLES``). A speech's
comes from the actors stage (table ``speech_roles``, current rows) when the project has it;
a speech without a role is ``unknown``; a paragraph of a document takes its document's role,
by the one rule ``first``, ``provenance`` and the case aggregate read
(:func:`normtrace.actors.authors.document_role`): ``resolution``; ``secretariat`` for a
Secretary-General's report, ``council_mission`` or ``council_body`` for the Council's own;
``presidential_statement``; ``letter``; else ``other``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from normtrace.actors.authors import document_role_sql
from normtrace.coding.levels import level_key, paragraph_key
from normtrace.store.db import Store
from normtrace.store.held import HELD_SQL
from normtrace.store.shrunk import NOT_HELD

_WORD = re.compile(r"[^\W_]+")
GROUPINGS = ("year", "role", "doc_type", "symbol", "case", "topic")


@dataclass(frozen=True)
class UnitInfo:
    """What the counting and reading functions need to know about a unit."""

    key: str
    unit_type: str
    symbol: str
    doc_type: str
    date: str | None
    year: int | None
    speaker: str | None
    role: str
    ord: int


#: Resolutions adopted before this year are another genre for a code's measured error: the
#: default codebook's entries and its labelled set are of 1999-2015
EARLY_BEFORE = "1999"


def genre(unit_type: str, doc_type: str, date: str | None = None) -> str:
    """The genre a code's measured error depends on: ``speech`` (a speech), ``report`` (a
    paragraph of a Secretary-General's report), ``early`` (a paragraph of a resolution adopted
    before 1999, when its ``date`` is known), else ``""`` (a resolution or other document).

    >>> genre("speech", "verbatim"), genre("paragraph", "report"), genre("paragraph", "resolution")
    ('speech', 'report', '')
    >>> genre("paragraph", "resolution", "1993-06-06")
    'early'
    """
    if unit_type == "speech":
        return "speech"
    if doc_type == "report":
        return "report"
    if doc_type == "resolution" and date and date[:4] < EARLY_BEFORE:
        return "early"
    return ""


def project_genres(store: Store) -> set[str]:
    """The :func:`genre` of every kind of unit the project holds (``speech``, ``report``,
    ``""``), from its current documents."""
    found: set[str] = set()
    if store.conn.execute("SELECT 1 FROM speeches WHERE is_current = 1 LIMIT 1").fetchone():
        found.add("speech")
    for doc_type, early in store.conn.execute(
        "SELECT DISTINCT d.doc_type, substr(COALESCE(d.date, ''), 1, 4) < ? "
        "AND d.date IS NOT NULL AND d.date <> '' FROM documents d WHERE d.is_current = 1 "
        "AND EXISTS (SELECT 1 FROM paragraphs p WHERE p.document_id = d.id "
        "AND p.speech_id IS NULL)",
        (EARLY_BEFORE,),
    ):
        found.add(genre("paragraph", str(doc_type), "0000" if early else None))
    return found


def unit_genres(store: Store, keys: Iterable[str]) -> dict[str, str]:
    """The :func:`genre` of each of ``keys`` the project holds (a key it lacks is absent); a
    paragraph of a speech (``S/PV.8703/s002/p03``) is speech."""
    wanted = sorted(set(keys))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        marks = ",".join("?" * len(part))
        for row in store.conn.execute(
            "SELECT p.key AS key, d.doc_type AS doc_type, d.date AS date, "
            "p.speech_id IS NOT NULL AS in_speech FROM paragraphs p "
            f"JOIN documents d ON d.id = p.document_id WHERE p.key IN ({marks}) "
            f"AND {NOT_HELD.format('d')} ORDER BY d.is_current, p.id",
            part,
        ):  # a paragraph of a speech in a verbatim record is speech; the last row read wins:
            # the current version's, else the newest once current (a held-back one never was)
            out[row["key"]] = genre(
                "speech" if row["in_speech"] else "paragraph", row["doc_type"], row["date"]
            )
        for row in store.conn.execute(f"SELECT key FROM speeches WHERE key IN ({marks})", part):
            out[row["key"]] = "speech"
    return out


def project_span(store: Store, symbols: Collection[str] | None = None) -> str:
    """What "first" can see: ``412 documents, 1999-06-30 to 2015-12-22 (3 undated)``; of the
    documents with ``symbols`` only, given them. A document is dated as the case report
    dates it (:data:`~normtrace.store.held.HELD_SQL`): its own date, else its meeting's."""
    only = "" if symbols is None else " WHERE symbol IN (SELECT value FROM json_each(?))"
    params = () if symbols is None else (json.dumps(sorted(symbols)),)
    row = store.conn.execute(
        "SELECT count(*) AS n, min(NULLIF(date, '')) AS lo, max(NULLIF(date, '')) AS hi, "
        f"sum(date IS NULL OR date = '') AS undated FROM ({HELD_SQL}){only}",
        params,
    ).fetchone()
    if not row["n"]:
        return "no documents"
    span = f"{row['n']} documents" + (f", {row['lo']} to {row['hi']}" if row["lo"] else "")
    return span + (f" ({row['undated']} undated)" if row["undated"] else "")


def units_by_keys(keys: str, *, key: str = "value", carry: Sequence[str] = ()) -> str:
    """SQL of the ``units`` view restricted to the keys that ``keys`` lists (SQL of a table
    or subquery with the key in column ``key``, named twice), found through the key
    indexes: SQLite does not push a key list into the view, and building the whole view
    costs tens of milliseconds on a real project. ``carry``: columns of ``keys`` to carry
    into each unit row (a row of ``keys`` per edition of its unit)."""
    kept = "".join(f'k."{c}" AS "{c}", ' for c in carry)
    return f"""
    SELECT {kept}s.key AS key, 'speech' AS unit_type, d.id AS document_id,
           d.symbol AS symbol, d.edition AS edition, d.doc_type AS doc_type, d.date AS date,
           d.year AS year, NULL AS kind, s.speaker AS speaker, s.affiliation AS affiliation,
           s.key AS speech_key, s.idx AS ord, s.text AS text
    FROM {keys} k JOIN speeches s ON s.key = k.{key}
    JOIN documents d ON d.id = s.document_id
    WHERE d.is_current = 1 AND s.is_current = 1
    UNION ALL
    SELECT {kept}p.key, 'paragraph', d.id, d.symbol, d.edition, d.doc_type, d.date, d.year,
           p.kind, NULL, NULL, NULL, p.ord, p.text
    FROM {keys} k JOIN paragraphs p ON p.key = k.{key}
    JOIN documents d ON d.id = p.document_id
    WHERE d.is_current = 1 AND p.speech_id IS NULL
"""


def edition_read_sql(key: str, symbol: str, edition: str, named: str) -> str:
    """SQL condition: of the current editions of unit ``key`` of document ``symbol`` (the
    record and corpus editions of a meeting share unit keys), ``edition`` is the one read
    for something made on edition ``named`` (NULL: unknown): that one, else the record,
    else the first by name (as the unit page picks). Each argument is an SQL expression.
    Only units of a document with several current editions are looked up again."""

    def rank(e: str) -> str:
        return f"({e} IS NOT {named}, {e} IS NOT 'record', {e})"

    better = f"{rank('d2.edition')} < {rank(edition)}"
    return f"""({symbol} NOT IN (SELECT symbol FROM documents WHERE is_current = 1
        GROUP BY symbol HAVING count(*) > 1) OR NOT EXISTS (
        SELECT 1 FROM speeches s2 JOIN documents d2 ON d2.id = s2.document_id
        WHERE s2.key = {key} AND s2.is_current = 1 AND d2.is_current = 1 AND {better}
        UNION ALL
        SELECT 1 FROM paragraphs p2 JOIN documents d2 ON d2.id = p2.document_id
        WHERE p2.key = {key} AND p2.speech_id IS NULL AND d2.is_current = 1 AND {better}))"""


#: The ``units`` view restricted to the keys of a JSON list (the parameter, twice).
UNITS_BY_KEY = units_by_keys("json_each(?)")


def missing_target(store: Store, key: str, level: str) -> str:
    """Why ``key`` names no current coding target at ``level`` (``unit`` or ``paragraph``),
    in one line that says what to do: a sub-paragraph named at paragraph level, else no
    such unit or paragraph in its document (with the document's nearest keys), else no
    document whose symbol starts the key."""
    head = paragraph_key(key)
    if level == "paragraph" and head != key and store.conn.execute(
            UNITS_BY_KEY, (json.dumps([key]),) * 2).fetchone():  # fmt: skip
        return (f"{key!r} is a sub-paragraph; at paragraph level name its paragraph ({head}), "
                "or use --level unit")  # fmt: skip
    what = "paragraph" if level == "paragraph" else "unit"
    row = store.conn.execute(
        "SELECT symbol FROM documents WHERE is_current = 1 AND substr(?, 1, length(symbol) + 1) "
        "= symbol || '/' ORDER BY length(symbol) DESC LIMIT 1",
        (key,),
    ).fetchone()
    if row is None:
        return (f"no {what} {key!r}: no document of the project has a symbol that starts "
                "the key; ingest the document, or correct the key (`normtrace ls` lists the "
                "documents)")  # fmt: skip
    symbol = str(row["symbol"])
    tails = {level_key(str(r["key"]), level)[len(symbol) + 1 :] for r in store.conn.execute(
        "SELECT key FROM units WHERE symbol = ?", (symbol,))}  # fmt: skip
    tail = key[len(symbol) + 1 :]
    near = difflib.get_close_matches(tail, sorted(tails), n=3, cutoff=0.5)
    nearest = f" (nearest: {', '.join(near)})" if near else ""
    return (f"{what} {tail!r} does not exist in {symbol}{nearest}; name one of its {what}s "
            f"(`normtrace show '{symbol}'` lists them)")  # fmt: skip


def word_count(text: str) -> int:
    """Words as the matcher sees them (runs of letters and digits)."""
    return sum(1 for _ in _WORD.finditer(text))


def has_table(store: Store, name: str) -> bool:
    """Whether the project has a table or view ``name``."""
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", (name,)
    ).fetchone()
    return row is not None


def _role_sql(store: Store) -> tuple[str, str]:
    document = document_role_sql(store, "u.doc_type", "u.symbol")
    fallback = f"CASE WHEN u.unit_type = 'speech' THEN 'unknown' ELSE {document} END"
    if not has_table(store, "speech_roles"):
        return fallback, ""
    columns = {r["name"] for r in store.conn.execute("PRAGMA table_info(speech_roles)")}
    current = "AND r2.is_current = 1" if "is_current" in columns else ""
    # the newest current row per speech (the actors stage keeps one per run)
    join = (
        "LEFT JOIN speech_roles r ON r.id = (SELECT max(r2.id) FROM speech_roles r2 "
        f"WHERE r2.speech_key = u.speech_key {current})"
    )
    return f"COALESCE(r.role, {fallback})", join


def unit_info_sql(
    store: Store,
    *,
    with_text: bool = False,
    keys: str | None = None,
    key: str = "value",
    carry: Sequence[str] = (),
) -> str:
    """SQL of every current unit's metadata as :class:`UnitInfo` has it (columns ``key,
    unit_type, symbol, doc_type, date, year, speaker, ord, role, edition, text``; ``text``
    is ``''`` unless ``with_text``); ``keys``, ``key``, ``carry``: only the units listed
    there, with the columns carried (see :func:`units_by_keys`)."""
    role, join = _role_sql(store)
    text = "u.text" if with_text else "''"
    source = "units" if keys is None else f"({units_by_keys(keys, key=key, carry=carry)})"
    kept = "".join(f'u."{c}", ' for c in carry)
    return (
        f"SELECT {kept}u.key, u.unit_type, u.symbol, u.doc_type, u.date, u.year, u.speaker, "
        f"u.ord, {role} AS role, u.edition, {text} AS text FROM {source} u {join}"
    )


def iter_unit_info(
    store: Store, *, with_text: bool = False, keys: Iterable[str] | None = None
) -> Iterator[tuple[UnitInfo, str]]:
    """Every current unit (or those with ``keys``) with its metadata (and text when
    ``with_text``, else ``""``)."""
    params = [] if keys is None else [json.dumps(sorted(set(keys)))] * 2
    sql = unit_info_sql(store, with_text=with_text, keys=None if keys is None else "json_each(?)")
    for r in store.conn.execute(sql, params):
        info = UnitInfo(
            r["key"], r["unit_type"], r["symbol"], r["doc_type"], r["date"], r["year"],
            r["speaker"], r["role"], r["ord"],
        )  # fmt: skip
        yield info, r["text"]


def unit_words(store: Store) -> dict[str, tuple[UnitInfo, int]]:
    """Every current unit's metadata and word count, by key."""
    return {
        info.key: (info, word_count(text)) for info, text in iter_unit_info(store, with_text=True)
    }
