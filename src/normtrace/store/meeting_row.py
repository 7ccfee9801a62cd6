"""The ``meetings`` row a verbatim record describes: its number, date, agenda (``topic``: the
record's title), President and time (``meetings.meta``).

A record's first version makes the row (``origin='record'``) or fills what a row the UN
Library meeting index (or the veto list) made lacks. A value the index gave is kept. A value
that came from the record is the current version's: a new version (an edited file, an
``ingest --reparse``) that reads it otherwise corrects it (:func:`_from_record`); one that
reads none keeps it (a missing value never replaces a present one: nothing else would give
it back, nor date the record again).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from normtrace.parse.model import Document
from normtrace.store.readings import as_parsed
from normtrace.store.shrunk import NOT_HELD

#: the ``meetings`` columns a record gives
_COLUMNS = ("number", "date", "topic")
#: the ``meetings.meta`` keys a record gives
_META = ("president", "time")
#: ``meetings.meta`` key naming the fields of a meeting-index row its record filled
FROM_RECORD = "from_record"


def record_meeting(conn: sqlite3.Connection, document: Document) -> None:
    """Make or correct the ``meetings`` row of verbatim record ``document`` (its current
    version, just stored); other documents describe no meeting."""
    if document.doc_type != "verbatim":
        return
    given = _given(document.meta, document.date, document.title)
    row = conn.execute(
        "SELECT number, date, topic, origin, meta FROM meetings WHERE symbol = ?",
        (document.symbol,),
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO meetings (symbol, number, date, topic, meta, origin) "
            "VALUES (?, ?, ?, ?, ?, 'record')",
            (document.symbol, given["number"], given["date"], given["topic"],
             json.dumps({k: given[k] for k in _META}, ensure_ascii=False)),
        )  # fmt: skip
        return
    held = json.loads(row["meta"] or "{}")
    stored = {**{c: row[c] for c in _COLUMNS}, **{k: held.get(k) for k in _META}}
    noted = held.get(FROM_RECORD) or []
    marked = set(noted)
    read = _read_before(conn, document)
    values = {}
    for field, value in given.items():
        if stored[field] is None:  # the record fills what the row lacks
            values[field] = value
            if value is not None and row["origin"] != "record":
                marked.add(field)  # the index gave none: the record's, corrected by a new one
        elif value is not None and _from_record(
            field, stored[field], str(row["origin"]), held, read[field]
        ):  # a value the record's current version reads corrects the record's; none does not
            values[field] = value
        else:
            values[field] = stored[field]
    meta = dict(held)
    for key in _META:
        if key in held or values[key] is not None:
            meta[key] = values[key]
    if marked != set(noted):
        meta[FROM_RECORD] = sorted(marked)
    update = row["meta"] if meta == held else json.dumps(meta, ensure_ascii=False)
    conn.execute(
        "UPDATE meetings SET number = ?, date = ?, topic = ?, meta = ? WHERE symbol = ?",
        (values["number"], values["date"], values["topic"], update, document.symbol),
    )


def _given(meta: dict[str, Any], date: str | None, title: str | None) -> dict[str, Any]:
    """What a reading of a record gives its meeting's row, by field."""
    return {"number": meta.get("meeting_number"), "date": date, "topic": title,
            **{k: meta.get(k) for k in _META}}  # fmt: skip


def _from_record(
    field: str, value: object, origin: str, meta: dict[str, object], read: set[str]
) -> bool:
    """Whether ``meetings``' ``field`` (``value``, not empty) came from the meeting's record,
    not from the meeting index (whose import keeps a value the row has and fills one it lacks).

    A row the record made (``origin='record'``): the value is the record's when an earlier
    version of the record read it (``read``), else the index filled it where the record gave
    none. A row the index made (its meeting tables or the veto list): the value is the
    record's when the record filled it where the index gave none, as ``meta.from_record``
    notes (a fill made before it was noted is kept: it cannot be told from the index's)."""
    if origin == "record":
        return _key(value) in read
    noted = meta.get(FROM_RECORD)
    return isinstance(noted, list) and field in noted


def _read_before(conn: sqlite3.Connection, document: Document) -> dict[str, set[str]]:
    """What the earlier versions of ``document``'s record gave its meeting's row, by field, as
    parsed (a date filled in place from ``meetings`` is not the record's:
    :func:`~normtrace.store.readings.as_parsed`); values as :func:`_key` writes them."""
    read: dict[str, set[str]] = {f: set() for f in (*_COLUMNS, *_META)}
    for r in conn.execute(
        "SELECT title, date, year, meeting, meta FROM documents WHERE symbol = ? "
        f"AND edition = ? AND is_current = 0 AND {NOT_HELD.format('documents')}",
        (document.symbol, document.edition),
    ):
        facts, meta = as_parsed(
            {"meeting": r["meeting"], "date": r["date"], "year": r["year"]},
            json.loads(r["meta"] or "{}"),
        )
        for field, value in _given(meta, facts["date"], r["title"]).items():
            read[field].add(_key(value))
    return read


def _key(value: object) -> str:
    """``value`` (a President is a JSON object) as one comparable string."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
