"""Read queries over the project: documents, speeches, paragraphs, search, summaries.

Rows come back as plain dicts (JSON-able, DataFrame-friendly: ``pandas.DataFrame(rows)``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from normtrace.errors import NotFoundError
from normtrace.parse.running import RUNNING, describe, unit_class
from normtrace.parse.symbols import canonical
from normtrace.store.db import Store

# Text read by OCR: the engine's mean word confidence (0-100), NULL for a text layer.
_OCR = "json_extract(d.meta, '$.ocr.mean_confidence') AS ocr_confidence"
# The reading a version is: its parser, extractor (NULL: read before migration 0027 from bytes
# an earlier version read) and the normtrace release of the run that stored it.
_READ_BY = (
    "d.parser, d.extractor, "
    "(SELECT r.normtrace_version FROM runs r WHERE r.id = d.run_id) AS normtrace_version"
)
_DOC_COLUMNS = (
    "d.symbol AS symbol, d.edition, d.version, d.doc_type, d.title, d.date, d.year, "
    f"d.meeting, {_READ_BY}, d.warnings, s.path AS source_path, "
    f"s.sha256 AS source_sha256, {_OCR}"
)


def iter_documents(
    store: Store, *, doc_type: str | None = None, year: int | None = None
) -> Iterator[dict[str, Any]]:
    """Current documents, ordered by date then symbol.

    ``paragraphs`` counts the paragraphs of running text (:mod:`normtrace.parse.running`: a
    speech's paragraphs included), ``other_units`` the document's other units (headings,
    tables, maps, footnotes ...) and ``other_unit_classes`` those by class; ``units``
    describes both (``60 paragraphs, 26 other units: 18 headings, ...``)."""
    sql = (
        f"SELECT d.id AS _id, {_DOC_COLUMNS}, "
        "(SELECT COUNT(*) FROM speeches sp WHERE sp.document_id = d.id AND sp.is_current = 1)"
        " AS speeches "
        "FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.is_current = 1"
    )
    sql, params = _filters(sql, {"d.doc_type": doc_type, "d.year": year})
    counts = _unit_classes(store)
    for row in store.conn.execute(sql + " ORDER BY d.date, d.symbol", params):
        out = _decode(row)
        out.update(_paragraph_columns(counts.get(out.pop("_id"), Counter())))
        yield out


def _unit_classes(store: Store) -> dict[int, Counter[str]]:
    """Each current document's current paragraphs (those of a current speech included, a
    replaced speech's not: :func:`iter_paragraphs`' rule) by class of
    :func:`normtrace.parse.running.unit_class` (``running`` or another unit's class). A
    speech's paragraph is running text whatever its kind, as ``freq`` reads it
    (:func:`normtrace.coding.running_units.other_units`)."""
    found: dict[int, Counter[str]] = {}
    for row in store.conn.execute(
        "SELECT p.document_id, p.kind, p.flags, p.speech_id IS NOT NULL, COUNT(*) "
        "FROM paragraphs p JOIN documents d ON d.id = p.document_id "
        "LEFT JOIN speeches sp ON sp.id = p.speech_id "
        "WHERE d.is_current = 1 AND (sp.id IS NULL OR sp.is_current = 1) GROUP BY 1, 2, 3, 4"
    ):
        flags = json.loads(row[2] or "[]")
        cls = RUNNING if row[3] else unit_class(row[1], flags)
        found.setdefault(int(row[0]), Counter())[cls] += int(row[4])
    return found


def _paragraph_columns(classes: Counter[str]) -> dict[str, Any]:
    """The ``paragraphs`` (running text), ``other_units``, ``other_unit_classes`` and
    ``units`` (their description) columns of a document or a group of documents."""
    others = {c: n for c, n in classes.items() if c != RUNNING}
    return {
        "paragraphs": classes.get(RUNNING, 0),
        "other_units": sum(others.values()),
        "other_unit_classes": others,
        "units": describe(classes.get(RUNNING, 0), others),
    }


def iter_speeches(
    store: Store, *, symbol: str | None = None, edition: str | None = None
) -> Iterator[dict[str, Any]]:
    """Current speeches in meeting order: document, index, key, speaker, affiliation, ...."""
    sql = (
        'SELECT d.symbol AS document, d.edition, d.date, sp.idx AS "index", sp.key, '
        "sp.speaker, sp.affiliation, sp.language, sp.is_president, sp.header, sp.page, sp.text, "
        f"{_OCR} FROM speeches sp JOIN documents d ON d.id = sp.document_id "
        "WHERE d.is_current = 1 AND sp.is_current = 1"
    )
    sql, params = _filters(sql, {"d.symbol": symbol, "d.edition": edition})
    for row in store.conn.execute(sql + " ORDER BY d.date, d.symbol, d.edition, sp.idx", params):
        out = dict(row)
        out["is_president"] = bool(out["is_president"])
        yield out


def iter_paragraphs(
    store: Store,
    *,
    symbol: str | None = None,
    kind: str | None = None,
    edition: str | None = None,
    running: bool = False,
) -> Iterator[dict[str, Any]]:
    """Current paragraphs (resolution, report and speech paragraphs) in document order.

    These are every unit a document stores as a paragraph: its headings, tables, maps,
    captions, footnotes ... too, each with its ``kind`` and ``flags``. ``running``: only
    the paragraphs of running text, those :func:`iter_documents` (``normtrace ls``) counts
    as ``paragraphs`` (:mod:`normtrace.parse.running`; a speech's paragraphs included), not
    the other units it counts apart."""
    sql = (
        "SELECT d.symbol AS document, d.edition, d.doc_type, d.date, p.key, p.parent_key, "
        "p.kind, p.number, p.label, p.verb, p.cites, p.section, p.flags, p.page, p.text, "
        f"{_OCR}, p.speech_id IS NOT NULL AS _in_speech FROM paragraphs p "
        "JOIN documents d ON d.id = p.document_id LEFT JOIN speeches sp ON sp.id = p.speech_id "
        "WHERE d.is_current = 1 AND (sp.id IS NULL OR sp.is_current = 1)"
    )
    sql, params = _filters(sql, {"d.symbol": symbol, "d.edition": edition, "p.kind": kind})
    for row in store.conn.execute(sql + " ORDER BY d.date, d.symbol, p.ord", params):
        out = _decode(row)
        in_speech = out.pop("_in_speech")  # _unit_classes' rule: a speech's is running text
        if running and not in_speech and unit_class(out["kind"], out["flags"] or []) != RUNNING:
            continue
        yield out


def current_symbol(store: Store, symbol: str) -> str:
    """The stored symbol of a current document, as written or in its canonical spelling.

    Raises:
        NotFoundError: no current document has that symbol.
    """
    spellings = [symbol.strip()]
    with suppress(ValueError):  # not a UN symbol: only the spelling as written can match
        spellings.append(canonical(symbol))
    for spelling in spellings:
        row = store.conn.execute(
            "SELECT symbol FROM documents WHERE symbol = ? AND is_current = 1 LIMIT 1",
            (spelling,),
        ).fetchone()
        if row is not None:
            return str(row["symbol"])
    raise NotFoundError("document", symbol, hint="`normtrace ls` lists what is stored")


def get_document(store: Store, symbol: str, *, edition: str | None = None) -> dict[str, Any]:
    """One current document with its meta, speeches and paragraphs.

    Raises:
        NotFoundError: no current document has that symbol.
    """
    sql = f"SELECT d.id, d.meta, {_DOC_COLUMNS} FROM documents d "
    sql += "LEFT JOIN sources s ON s.id = d.source_id WHERE d.symbol = ? AND d.is_current = 1"
    params: list[Any] = [symbol]
    if edition:
        sql += " AND d.edition = ?"
        params.append(edition)
    row = store.conn.execute(sql + " ORDER BY d.edition = 'record' DESC", params).fetchone()
    if row is None:
        raise NotFoundError("document", symbol, hint="`normtrace ls` lists what is stored")
    doc = _decode(row)
    doc.pop("id")
    doc["speeches"] = list(iter_speeches(store, symbol=symbol, edition=doc["edition"]))
    doc["paragraphs"] = list(iter_paragraphs(store, symbol=symbol, edition=doc["edition"]))
    return doc


def summarize(store: Store) -> dict[str, Any]:
    """Counts of current documents, speeches and paragraphs by type and year.

    ``paragraphs`` counts paragraphs of running text; each type and year's row also has
    ``other_units`` and ``other_unit_classes``, the other units (:func:`iter_documents`)."""
    conn = store.conn
    classes = _unit_classes(store)
    groups: dict[tuple[str, Any], Counter[str]] = {}
    by_type_year = []
    for r in conn.execute(
        "SELECT d.doc_type, d.year, COUNT(*) AS documents, group_concat(d.id) AS ids, "
        "SUM((SELECT COUNT(*) FROM speeches sp WHERE sp.document_id = d.id "
        "AND sp.is_current = 1)) AS speeches "
        "FROM documents d WHERE d.is_current = 1 GROUP BY d.doc_type, d.year "
        "ORDER BY d.doc_type, d.year"
    ):
        row = dict(r)
        group = groups.setdefault((row["doc_type"], row["year"]), Counter())
        for doc_id in str(row.pop("ids")).split(","):
            group.update(classes.get(int(doc_id), Counter()))
        by_type_year.append({**row, **_paragraph_columns(group)})
    totals = {
        "documents": sum(r["documents"] for r in by_type_year),
        "speeches": sum(r["speeches"] or 0 for r in by_type_year),
        "paragraphs": sum(r["paragraphs"] for r in by_type_year),
        "sources": conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0],
    }
    return {"totals": totals, "by_type_year": by_type_year}


def _filters(sql: str, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """``AND column = ?`` for every filter given (``None`` means no filter)."""
    params: list[Any] = []
    for column, value in filters.items():
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return sql, params


def _decode(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in ("warnings", "cites", "flags", "meta"):
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key])
    return out


def files_stored(store: Store, run_id: int) -> int:
    """How many files the run ``run_id`` stored: the files whose bytes it wrote (its rows in
    ``sources``) and those whose stored bytes it parsed into a new version (``reparse``)."""
    row = store.conn.execute(
        "SELECT COUNT(*) FROM (SELECT id FROM sources WHERE run_id = ?1 UNION "
        "SELECT source_id FROM documents WHERE run_id = ?1 AND source_id IS NOT NULL)",
        (run_id,),
    ).fetchone()
    return int(row[0])
