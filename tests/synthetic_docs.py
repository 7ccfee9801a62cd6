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


def insert_meeting(
    conn: sqlite3.Connection, symbol: str, speeches: Iterable[str], *, date: str = "2001-02-01"
) -> int:
    """A meeting record ``symbol`` whose speeches are ``speeches`` in order (keys
    ``SYMBOL/s001`` …, speakers ``Speaker 1`` …); its row id."""
    cur = conn.execute(
        "INSERT INTO documents (symbol, doc_type, date, year, parser) "
        "VALUES (?, 'verbatim', ?, ?, 'test')",
        (symbol, date, int(date[:4])),
    )
    meeting = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES (?, ?, ?, ?, ?)",
        [(meeting, f"{symbol}/s{idx:03d}", idx, f"Speaker {idx}", text)
         for idx, text in enumerate(speeches, start=1)],
    )  # fmt: skip
    return meeting
