"""The documents a project holds, each with the date the project reads for it.

One look-up for every chronology: the case report's (:func:`normtrace.trace.store_trace.
chronology`) and the topic timeline's (:func:`normtrace.actors.timeline.timeline`) read a
held document's date here, so that a document dated in one is dated in the other. A
document's date is its own, else the date of its meeting in the ``meetings`` table (a
corpus meeting record without ``meta.tsv`` has none of its own).
"""

from __future__ import annotations

from typing import Any

from normtrace.store.db import Store

#: Current documents with their read date (``date``) and their meeting's topic.
HELD_SQL = (
    "SELECT d.id, d.symbol, d.doc_type, d.title, d.meeting, d.edition, d.year, "
    "m.topic AS meeting_topic, COALESCE(d.date, m.date) AS date FROM documents d "
    "LEFT JOIN meetings m ON m.symbol = d.meeting WHERE d.is_current = 1"
)


def held_documents(
    store: Store, *, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """Current documents dated ``start``–``end`` (ISO dates, inclusive; a bound left out is
    open, and with neither an undated document is listed too), by date then symbol; each
    row: id, symbol, doc_type, title, meeting, edition, year, meeting_topic, date."""
    sql = f"SELECT * FROM ({HELD_SQL})"
    params: list[str] = []
    if start is not None or end is not None:
        sql += " WHERE date BETWEEN ? AND ?"
        params = [start or "", end or "\uffff"]
    rows = store.conn.execute(sql + " ORDER BY date, symbol", params).fetchall()
    return [dict(r) for r in rows]


def held_by_symbol(store: Store) -> dict[str, dict[str, Any]]:
    """Every current document by symbol (:func:`held_documents`' rows); of a symbol held in
    two editions, the meeting record's row (``record``) rather than the corpus's."""
    rows = sorted(held_documents(store), key=lambda r: r["edition"] != "record")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row["symbol"], row)
    return found
