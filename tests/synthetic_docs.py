"""Insert SYNTHETIC documents straight into a project's tables (tests only; never real UN text).

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so any test imports this as
``from synthetic_docs import insert_document``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def insert_document(
    conn: sqlite3.Connection,
    symbol: str,
    paragraphs: Iterable[tuple[str, str, str]],
    *,
    doc_type: str = "resolution",
    date: str = "2001-01-01",
) -> int:
    """A document ``symbol`` with its paragraphs ``(key, kind, text)`` in order; its row id."""
    cur = conn.execute(
        "INSERT INTO documents (symbol, doc_type, date, year, parser) VALUES (?, ?, ?, ?, 'test')",
        (symbol, doc_type, date, int(date[:4])),
    )
    doc = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO paragraphs (document_id, key, kind, ord, text) VALUES (?, ?, ?, ?, ?)",
        [(doc, key, kind, ord_, text) for ord_, (key, kind, text) in enumerate(paragraphs)],
    )
    return doc
