"""The documents a project holds, each with the date the project reads for it.

One look-up for every chronology: the case report's (:func:`normtrace.trace.store_trace.
chronology`) and the topic timeline's (:func:`normtrace.actors.timeline.timeline`) read a
held document's date here, so that a document dated in one is dated in the other. A
document's date is its own, else the date of its meeting in the ``meetings`` table (a
corpus meeting record without ``meta.tsv`` has none of its own).

A held document's ``meeting_topic`` is its meeting's agenda items as every surface reads
them (:func:`normtrace.store.topics.meeting_topic`: the UN Library meeting index's, once
imported, else the meeting row's own topic), so the case a document belongs to
(:func:`normtrace.trace.scope.case_scope`) reads the agenda items ``--topic`` and the topic
timeline read, never a verbatim record's own title standing in the meeting row.
"""

from __future__ import annotations

from typing import Any

from normtrace.store.db import Store
from normtrace.store.topics import meeting_topic

#: Current documents with their read date (``date``) and their meeting's row (``meeting_*``:
#: symbol, topic, origin and meta, what :func:`normtrace.store.topics.meeting_topic` reads).
HELD_SQL = (
    "SELECT d.id, d.symbol, d.doc_type, d.title, d.meeting, d.edition, d.year, "
    "m.symbol AS meeting_symbol, m.topic AS meeting_row_topic, m.origin AS meeting_origin, "
    "m.meta AS meeting_meta, COALESCE(d.date, m.date) AS date FROM documents d "
    "LEFT JOIN meetings m ON m.symbol = d.meeting WHERE d.is_current = 1"
)

_MEETING_ROW = ("meeting_symbol", "meeting_row_topic", "meeting_origin", "meeting_meta")


def _held(row: dict[str, Any]) -> dict[str, Any]:
    """A :data:`HELD_SQL` row with its meeting's agenda items (``meeting_topic``: one line,
    ``" | "`` between items; ``None`` when none is known) for the meeting row's columns."""
    symbol, topic, origin, meta = (row.pop(k) for k in _MEETING_ROW)
    known = meeting_topic(symbol, topic, origin, meta) if symbol is not None else None
    row["meeting_topic"] = known.text if known is not None else None
    return row


def held_documents(
    store: Store, *, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """Current documents dated ``start``–``end`` (ISO dates, inclusive; a bound left out is
    open, and with neither an undated document is listed too), by date then symbol; each
    row: id, symbol, doc_type, title, meeting, edition, year, meeting_topic (its meeting's
    agenda items: the module docstring), date."""
    sql = f"SELECT * FROM ({HELD_SQL})"
    params: list[str] = []
    if start is not None or end is not None:
        sql += " WHERE date BETWEEN ? AND ?"
        params = [start or "", end or "\uffff"]
    rows = store.conn.execute(sql + " ORDER BY date, symbol", params).fetchall()
    return [_held(dict(r)) for r in rows]


def held_by_symbol(store: Store) -> dict[str, dict[str, Any]]:
    """Every current document by symbol (:func:`held_documents`' rows); of a symbol held in
    two editions, the meeting record's row (``record``) rather than the corpus's."""
    rows = sorted(held_documents(store), key=lambda r: r["edition"] != "record")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row["symbol"], row)
    return found
