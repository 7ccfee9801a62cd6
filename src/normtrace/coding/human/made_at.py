"""When a coder's work was made: the time an imported file states, else when it was recorded.

Events and "done" marks are append-only and keep their recording time (``at``: when the
project learned of them, the order of the logs). Work done in another program, or in another
project, and brought in by a file was made earlier; when the file says when (a codings
table's ``at`` cell, as ``normtrace code export`` writes it; a REFI-QDA ``creationDateTime``),
the import records that time beside the event or mark (migration 0019, ``stated_times``).
What asks *when was this work done* — the blind-reading rule
(:mod:`~normtrace.coding.human.blind_work`: work made before a unit's blind assignment is
no blind reading, whenever it was imported), and the exports, so that a round trip keeps
the time — reads the stated time where there is one, else the recording time
(:func:`event_made_sql`, :func:`review_made_sql`).

Work that a later event moved is the work it was: an ingest re-anchoring a coding to where its
words now stand, a coder's settlement of a review placing or moving it
(:mod:`~normtrace.coding.human.anchors`), a verdict carried with its words — each writes a new
event naming the one it moves in ``reanchors``. Such an event was made when the first event
of its ``reanchors`` chain was (its stated time, else its recording time); when it was moved
is its own recording time (:func:`moved_sql`, an export's ``moved_at``). Without this, a
re-anchored coding read as work done at the ingest, and a table round trip turned work from
before a blind assignment into a blind reading.

A stated time is read by :func:`stated_time`: ISO-8601 with a date, a time and its zone
(``Z`` or an offset), or a spreadsheet's date-time cell; one that is no time, names no zone, or
is after the import, is refused (the file is wrong or silent about it, and a time from the
future would read as work done after any assignment). A time without a zone is not guessed:
read as UTC (as before stop 44) or as the importing machine's local time, the same file would
place work hours earlier or later on another machine, before or after a blind assignment; the
coder who wrote it knows the zone, and the error says how to write it. Times the project shows
(the workbench, exports, the command line) are UTC and say so.

>>> stated_time("2024-05-01T12:00:00+02:00")
'2024-05-01T10:00:00Z'
>>> stated_time("")
''
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from normtrace.errors import CodingError
from normtrace.store.db import Store


def event_made_sql(alias: str, key: str = "id") -> str:
    """SQL of when the ``coding_events`` row ``alias`` (or a view's row whose event id is
    ``key``, and time ``at``) was made: its stated time, else ``at``; for an event that
    moves earlier work (``reanchors``), when the first event of its chain was made."""
    own = f"COALESCE((SELECT t.made_at FROM stated_times t WHERE t.event_id = {alias}.{key}), "
    return (
        f"CASE WHEN (SELECT m.reanchors FROM coding_events m WHERE m.id = {alias}.{key}) IS NULL "
        f"THEN {own}{alias}.at) ELSE COALESCE((WITH RECURSIVE chain(id, prev) AS (SELECT m.id, "
        f"m.reanchors FROM coding_events m WHERE m.id = {alias}.{key} UNION ALL SELECT m.id, "
        "m.reanchors FROM chain JOIN coding_events m ON m.id = chain.prev) SELECT COALESCE(("
        "SELECT t.made_at FROM stated_times t WHERE t.event_id = m.id), m.at) FROM chain "
        f"JOIN coding_events m ON m.id = chain.id WHERE chain.prev IS NULL), {alias}.at) END"
    )


def made_order(at: str, event_id: int) -> tuple[dt.datetime, int]:
    """The key that lists work (memos, codings) oldest first: when each was made (``at``,
    :func:`event_made_sql`'s time, read as an instant: ``…00Z`` sorts after ``…00.5Z`` as
    text), then by event; a time that cannot be read sorts last.

    >>> sorted([("2024-05-01T10:00:00Z", 2), ("2024-05-01T10:00:00.5Z", 3),
    ...         ("2024-05-01T10:00:00Z", 1)], key=lambda m: made_order(*m))
    [('2024-05-01T10:00:00Z', 1), ('2024-05-01T10:00:00Z', 2), ('2024-05-01T10:00:00.5Z', 3)]
    """
    try:
        when = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        when = dt.datetime.max.replace(tzinfo=dt.UTC)
    return when, event_id


def moved_sql(alias: str, key: str = "id") -> str:
    """SQL of when the work of the ``coding_events`` row ``alias`` (or a view's row whose
    event id is ``key``, and time ``at``) was last moved — by an ingest's re-anchoring or a
    coder's settlement of a review: its recording time when it names a moved event
    (``reanchors``); for a coding an import wrote, the time its file stated (migration 0030,
    ``stated_moves``: a ``.qdpx`` selection's ``modifiedDateTime``); else NULL."""
    return (
        f"COALESCE((SELECT s.moved_at FROM stated_moves s WHERE s.event_id = {alias}.{key}), "
        f"CASE WHEN (SELECT m.reanchors FROM coding_events m WHERE m.id = {alias}.{key}) "
        f"IS NOT NULL THEN {alias}.at END)"
    )


def review_made_sql(alias: str) -> str:
    """SQL of when the ``coding_reviews`` row ``alias`` (or a view of its rows with their
    ``id``, such as ``current_done_marks``) was made: its stated time, else ``at``."""
    return (
        f"COALESCE((SELECT t.made_at FROM stated_times t WHERE t.review_id = {alias}.id), "
        f"{alias}.at)"
    )


def stated_time(value: Any, *, now: dt.datetime | None = None, name: str = "at") -> str:
    """``value`` (ISO-8601 text with a date and a time, or a ``datetime``) as ISO-8601 UTC
    (``…Z``, microseconds kept where given); ``""`` for an empty value.

    Raises:
        CodingError: ``value`` is no date and time, names no time zone (a spreadsheet's
            date cell never does), or is after ``now`` (default: now).

    >>> stated_time("2024-05-01 10:00Z")
    '2024-05-01T10:00:00Z'
    >>> stated_time("2024-05-01 10:00")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normtrace.errors.CodingError: at 2024-05-01 10:00 names no time zone: write it with one, ...
    >>> stated_time("yesterday")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normtrace.errors.CodingError: at must be a date and time (ISO-8601, ...), not 'yesterday'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, dt.datetime):
        when = value
    else:
        text = str(value).strip()
        try:
            if "T" not in text and " " not in text:
                raise ValueError("no time")
            when = dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise CodingError(
                f"{name} must be a date and time (ISO-8601, e.g. 2024-05-01T10:00:00Z), "
                f"not {value!r}"
            ) from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise CodingError(
            f"{name} {value!s} names no time zone: write it with one, e.g. "
            f"{when.strftime('%Y-%m-%dT%H:%M:%S')}Z (UTC) or "
            f"{when.strftime('%Y-%m-%dT%H:%M:%S')}+02:00 (a spreadsheet's date cell has none: "
            "write the time as text)"
        )
    when = when.astimezone(dt.UTC)
    limit = now or dt.datetime.now(dt.UTC)
    if when > limit:
        raise CodingError(
            f"{name} {value!s} is after this import ({limit.isoformat(timespec='seconds')}); "
            "work cannot have been done later than it is brought in: correct the time, or "
            "empty the cell to stamp the work with the import's time"
        )
    spec = "microseconds" if when.microsecond else "seconds"
    return when.isoformat(timespec=spec).replace("+00:00", "Z")


def record_stated(
    store: Store,
    *,
    source: str,
    events: Mapping[int, str] | None = None,
    reviews: Mapping[int, str] | None = None,
) -> int:
    """Record the stated time of each event (``events``: event id → time) and each mark
    (``reviews``: review row id → time) an import wrote (``source``: ``import:<file>``);
    empty times are skipped. Returns the number recorded."""
    rows: list[tuple[int | None, int | None, str]] = [
        (i, None, at) for i, at in (events or {}).items() if at
    ]
    rows += [(None, i, at) for i, at in (reviews or {}).items() if at]
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO stated_times (event_id, review_id, made_at, source) VALUES (?, ?, ?, ?)",
            [(e, r, at, source) for e, r, at in rows],
        )
    return len(rows)


def record_moved(store: Store, *, source: str, moved: Mapping[int, str]) -> int:
    """Record when the file an import read says each coding it wrote was last moved
    (``moved``: event id → time; empty times skipped; ``source``: ``import:<file>``). Returns
    the number recorded."""
    rows = [(i, at, source) for i, at in moved.items() if at]
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO stated_moves (event_id, moved_at, source) VALUES (?, ?, ?)", rows
        )
    return len(rows)


def last_review_id(store: Store) -> int:
    """The id of the newest ``coding_reviews`` row (0 for none): the marks a writer adds next
    are those above it."""
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM coding_reviews").fetchone()[0])


def reviews_since(store: Store, after: int) -> list[tuple[int, str, str]]:
    """``(id, coder, unit_key)`` of the ``coding_reviews`` rows written after row ``after``."""
    rows = store.conn.execute(
        "SELECT id, coder, unit_key FROM coding_reviews WHERE id > ? ORDER BY id", (after,)
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def stated_times(store: Store) -> tuple[dict[int, str], dict[int, str]]:
    """The times the project holds for work made before it was recorded: event id → time, and
    review row id → time (what an export writes in place of the recording time,
    :func:`event_made_sql`'s rule): the times imports stated, and for each event that moves
    earlier work (``reanchors``), when that work was made."""
    found: tuple[dict[int, str], dict[int, str]] = ({}, {})
    for event, review, at in store.conn.execute(
        "SELECT event_id, review_id, made_at FROM stated_times"
    ):
        if event is not None:
            found[0][int(event)] = str(at)
        else:
            found[1][int(review)] = str(at)
    for event, made in store.conn.execute(
        f"SELECT e.id, {event_made_sql('e')} FROM coding_events e WHERE e.reanchors IS NOT NULL"
    ):
        found[0][int(event)] = str(made)
    return found


def made_and_moved(store: Store, event_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """For each event of ``event_ids``: when its work was made (:func:`event_made_sql`) and
    when it was last moved (:func:`moved_sql`; ``None``: never)."""
    rows = store.conn.execute(
        f"SELECT e.id, {event_made_sql('e')}, {moved_sql('e')} FROM coding_events e "
        "WHERE e.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(event_ids))),),
    )
    return {int(i): (str(made), None if moved is None else str(moved)) for i, made, moved in rows}
