"""How one version's rows are written: the document row, its paragraphs and speeches, and
their full-text rows (a unit's id: speech ``id * 2``, paragraph ``id * 2 + 1``). A version held
back (:mod:`~normtrace.store.shrunk`) is written not current and without full-text rows. The
writer (:mod:`~normtrace.store.writer`) decides what is written; these write it, and
:func:`version_units` reads a version's units back (the words a held-back version is measured
on and re-anchoring reads: one query, so the two never disagree on what a version holds).
"""

from __future__ import annotations

import json
import sqlite3

from normtrace.parse.model import Document, Paragraph, Speech


def insert_document(
    conn: sqlite3.Connection,
    document: Document,
    source_id: int | None,
    extractor: str,
    run_id: int | None,
    version: int,
    *,
    current: bool = True,
) -> int:
    """A new version row: one reading of a file, by ``document.parser`` over ``extractor``
    (migration 0027) in run ``run_id``; current unless held back (``current`` False)."""
    cur = conn.execute(
        "INSERT INTO documents (symbol, edition, version, is_current, doc_type, title, date, "
        "year, meeting, meta, warnings, parser, extractor, source_id, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.symbol,
            document.edition,
            version,
            int(current),
            document.doc_type,
            document.title,
            document.date,
            document.year,
            document.meeting,
            json.dumps(document.meta, sort_keys=True, ensure_ascii=False),
            json.dumps(list(document.warnings), ensure_ascii=False),
            document.parser,
            extractor,
            source_id,
            run_id,
        ),
    )
    return int(cur.lastrowid or 0)


def insert_speech(
    conn: sqlite3.Connection, doc_id: int, source_id: int, speech: Speech, symbol: str,
    *, index_fts: bool = True,
) -> int:  # fmt: skip
    cur = conn.execute(
        "INSERT INTO speeches (document_id, source_id, key, idx, speaker, affiliation, "
        "language, is_president, header, page, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            source_id,
            speech.key,
            speech.index,
            speech.speaker,
            speech.affiliation,
            speech.language,
            int(speech.is_president),
            speech.header,
            speech.page,
            speech.text,
        ),
    )
    speech_id = int(cur.lastrowid or 0)
    if index_fts:
        conn.execute(
            "INSERT INTO unit_fts (rowid, key, symbol, unit_type, text) "
            "VALUES (?, ?, ?, 'speech', ?)",
            (speech_id * 2, speech.key, symbol, speech.text),
        )
    for para in speech.paragraphs:
        insert_paragraph(conn, doc_id, speech_id, para, index_fts=False, symbol=symbol)
    return speech_id


def insert_paragraph(
    conn: sqlite3.Connection,
    doc_id: int,
    speech_id: int | None,
    para: Paragraph,
    *,
    index_fts: bool,
    symbol: str,
) -> None:
    cur = conn.execute(
        "INSERT INTO paragraphs (document_id, speech_id, key, parent_key, kind, number, label, "
        "verb, cites, section, flags, page, ord, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            speech_id,
            para.key,
            para.parent_key,
            para.kind,
            para.number,
            para.label,
            para.verb,
            json.dumps(list(para.cites)),
            para.section,
            json.dumps(list(para.flags)),
            para.page,
            para.order,
            para.text,
        ),
    )
    if index_fts:
        conn.execute(
            "INSERT INTO unit_fts (rowid, key, symbol, unit_type, text) "
            "VALUES (?, ?, ?, 'paragraph', ?)",
            (int(cur.lastrowid or 0) * 2 + 1, para.key, symbol, para.text),
        )


def version_units(conn: sqlite3.Connection, document_id: int) -> list[tuple[str, str]]:
    """``(key, text)`` of every unit of stored version ``document_id``: its paragraphs outside
    speeches, in order, then its speeches, in order (a speech's paragraphs are its words)."""
    rows = conn.execute(
        "SELECT key, text FROM (SELECT key, text, 0 AS kind, ord FROM paragraphs WHERE "
        "document_id = ? AND speech_id IS NULL UNION ALL SELECT key, text, 1, idx FROM speeches "
        "WHERE document_id = ?) ORDER BY kind, ord, key",
        (document_id, document_id),
    )
    return [(str(r[0]), str(r[1])) for r in rows]
