"""Blind readings: a coder's work on a unit from before its blind assignment is no blind reading.

A unit is read blind by a coder from the moment the coder is assigned to it and the unit is
blind-assigned (:func:`blind_since`: the later of the two; the workbench then hides the
others' codings and the machine's candidates and suggestions from the coder). Work the coder
recorded on the unit before that moment (a coding, a removal, a memo, a verdict on a
candidate or on a model suggestion of the unit or of its paragraph, a "done" mark; even work
undone since) was made with the machine's candidates and suggestions, and perhaps the others'
codings, in view: agreement on blind-assigned units must not count it as an independent
reading (:func:`predating_work`).

The coder can re-read the unit blind: a current "done" mark they made there at or after the
moment, and before the unit was revealed (on the unit, or on its whole paragraph), says their
codings there as they now stand are their reading, and the unit counts for them again
(:attr:`PredatingWork.counted`; a mark made earlier must be withdrawn and made again). Without
one the coder's work on the unit is set aside, and listed.

Agreement reads the project's blind assignments and reveals itself
(:func:`project_blind_starts`, :func:`project_reveals`: the web workbench's ``assignments``
and ``reveals``; a project without them has none), so every surface of it (the command line,
the workbench's agreement page and its CSV, adjudication) compares the same readings.

Times are compared as instants (:func:`instant`): the coding logs record microseconds, but
assignments used to keep whole seconds only, and a file's stated times (an import's ``at``,
:mod:`~normtrace.coding.human.made_at`) often do. A time in whole seconds may stand anywhere in
its second, so each comparison takes the side that does not count a reading as blind on a
guess: an assignment stands for the end of its second and a reveal for its start; work for
the start of its second (it may predate an assignment made in that second); a re-reading mark
must fall within the blind reading with all of its second.

>>> from normtrace.store.db import Store
>>> predating_work(Store.open(":memory:"), {})
()
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from normtrace.coding.human.made_at import event_made_sql, last_review_id, review_made_sql
from normtrace.coding.human.reviews import done_for, mark_done
from normtrace.coding.levels import paragraph_key
from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class PredatingWork:
    """Work of ``coder`` on ``unit_key`` recorded before their blind reading of it began
    (``blind_since``): from ``first`` to ``last``. ``counted``: the coder re-read the unit
    since (a current "done" mark made then), so the unit counts for them; else their work
    there is set aside."""

    unit_key: str
    coder: str
    blind_since: str
    first: str
    last: str
    counted: bool


def instant(text: str, *, up: bool = True) -> datetime:
    """An ISO-8601 UTC time as an aware instant; a time kept in whole seconds stands for the
    end of its second (see the module docstring), or with ``up`` false for its start (a
    reveal: work in the second of a whole-second reveal is not read as before it).

    >>> instant("2024-05-01T10:00:00Z") > instant("2024-05-01T10:00:00.500000Z")
    True
    >>> instant("2024-05-01T10:00:00Z", up=False) < instant("2024-05-01T10:00:00.500000Z")
    True
    """
    at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return at + timedelta(microseconds=999_999) if "." not in text and up else at


def blind_since(
    assignments: Iterable[tuple[str, str, bool, str]],
) -> dict[str, dict[str, str]]:
    """Unit → coder → when the coder's blind reading of it began, from assignment rows
    ``(unit key, coder, blind, assigned at)``: the later of the coder's assignment and the
    unit's first blind assignment (blindness is the unit's: an assignment without it to a
    unit blind-assigned to others is blind too). Units with no blind assignment are absent.

    >>> blind_since([("u1", "ana", False, "2024-01-02T00:00:00Z"),
    ...              ("u1", "ben", True, "2024-01-03T00:00:00Z"),
    ...              ("u2", "ana", False, "2024-01-01T00:00:00Z")])
    {'u1': {'ana': '2024-01-03T00:00:00Z', 'ben': '2024-01-03T00:00:00Z'}}
    """
    rows = list(assignments)
    first: dict[str, str] = {}
    for unit, _, blind, at in rows:
        if blind and (unit not in first or instant(at) < instant(first[unit])):
            first[unit] = at
    out: dict[str, dict[str, str]] = {}
    for unit, coder, _, at in rows:
        if unit in first:
            later = at if instant(at) > instant(first[unit]) else first[unit]
            out.setdefault(unit, {})[coder] = later
    return out


def assigned_coders(store: Store) -> dict[str, set[str]]:
    """Unit → the coders the workbench assigned it to (blind or not); ``{}`` in a project with
    no assignments table. An assignment asks its coder to read the unit whole."""
    if not (has_table(store, "assignments") and has_table(store, "users")):
        return {}
    out: dict[str, set[str]] = {}
    for unit, coder in store.conn.execute(
        "SELECT a.unit_key, u.name FROM assignments a JOIN users u ON u.id = a.user_id"
    ):
        out.setdefault(str(unit), set()).add(str(coder))
    return out


def project_blind_starts(
    store: Store, unit_keys: Iterable[str] | None = None
) -> dict[str, dict[str, str]]:
    """:func:`blind_since` of the project's assignments (of ``unit_keys`` only, or of every
    unit): unit → assigned coder → when their blind reading of it began, for the units that
    are blind-assigned. ``{}`` in a project with no assignments table."""
    if not (has_table(store, "assignments") and has_table(store, "users")):
        return {}
    rows = store.conn.execute(
        "SELECT a.unit_key, u.name, a.blind, a.assigned_at FROM assignments a "
        "JOIN users u ON u.id = a.user_id WHERE ? IS NULL OR a.unit_key IN "
        "(SELECT value FROM json_each(?))",
        _keys(unit_keys) * 2,
    )
    return blind_since((str(r[0]), str(r[1]), bool(r[2]), str(r[3])) for r in rows)


def project_reveals(store: Store, unit_keys: Iterable[str] | None = None) -> dict[str, str]:
    """Unit → when it was revealed (from then on its coders see each other's codings and the
    machine's, and read it blind no more), for the revealed units (of ``unit_keys`` only, or
    every one). ``{}`` in a project with no reveals table."""
    if not has_table(store, "reveals"):
        return {}
    rows = store.conn.execute(
        "SELECT unit_key, revealed_at FROM reveals WHERE ? IS NULL OR unit_key IN "
        "(SELECT value FROM json_each(?))",
        _keys(unit_keys) * 2,
    )
    return {str(r[0]): str(r[1]) for r in rows}


def _keys(unit_keys: Iterable[str] | None) -> tuple[str | None]:
    """``unit_keys`` as one SQL parameter: a JSON array, or NULL for every unit."""
    return (None if unit_keys is None else json.dumps(sorted(set(unit_keys))),)


def predating_work(
    store: Store,
    since: Mapping[str, Mapping[str, str]],
    revealed: Mapping[str, str] | None = None,
) -> tuple[PredatingWork, ...]:
    """Each coder of ``since`` (unit → coder → when their blind reading began,
    :func:`blind_since`) who recorded work on the unit before then, by unit and coder.
    ``revealed``: unit → when it was revealed (a mark made since is no blind re-reading)."""
    if not since:
        return ()
    starts = {(u, c): instant(at) for u, who in since.items() for c, at in who.items()}
    early: dict[tuple[str, str], list[str]] = {}
    for unit, coder, at in _work(store, since):
        start = starts.get((unit, coder))
        if start is not None and instant(at, up=False) < start:
            early.setdefault((unit, coder), []).append(at)
    if not early:
        return ()
    ends = {u: instant(at, up=False) for u, at in (revealed or {}).items()}
    reread = {
        (unit, coder)
        for unit, coder, at in _marks(store, since)
        if (unit, coder) in early
        # all of a mark's second must fall within the blind reading (a stated time in whole
        # seconds may stand anywhere in its second)
        and starts[(unit, coder)] <= instant(at, up=False)
        and instant(at) < ends.get(unit, instant("9999-12-31T00:00:00Z"))
    }
    return tuple(
        PredatingWork(unit, coder, since[unit][coder], min(times, key=instant),
                      max(times, key=instant), (unit, coder) in reread)
        for (unit, coder), times in sorted(early.items())
    )  # fmt: skip


def _targets(since: Mapping[str, Mapping[str, str]]) -> dict[str, set[str]]:
    """Target key → the units of ``since`` it holds: the unit itself, and its paragraph
    (a verdict on a paragraph's suggestion, or a mark of the whole paragraph, read it)."""
    out: dict[str, set[str]] = {}
    for unit in since:
        out.setdefault(unit, set()).add(unit)
        out.setdefault(paragraph_key(unit), set()).add(unit)
    return out


def _work(store: Store, since: Mapping[str, Mapping[str, str]]) -> Iterable[tuple[str, str, str]]:
    """``(unit, coder, at)`` of every coding event and every "done" row of the coders of
    ``since`` on its units: work at unit level on the unit, at paragraph level on its
    paragraph (a suggestion's verdict, a mark)."""
    targets = _targets(since)
    keys = json.dumps(sorted(targets))
    level = "s.level" if has_table(store, "suggestions") else "NULL"
    join = "LEFT JOIN suggestions s ON s.id = e.suggestion_id" if level != "NULL" else ""
    rows = store.conn.execute(
        f"SELECT e.unit_key, e.coder, {event_made_sql('e')}, {level} FROM coding_events e {join} "
        "WHERE e.action <> 'undo' AND e.unit_key IN (SELECT value FROM json_each(?))",
        (keys,),
    ).fetchall()
    if has_table(store, "coding_reviews"):
        rows += store.conn.execute(
            f"SELECT unit_key, coder, {review_made_sql('r')}, level FROM coding_reviews r "
            "WHERE unit_key IN (SELECT value FROM json_each(?))",
            (keys,),
        ).fetchall()
    return _placed(rows, targets, since)


def _marks(store: Store, since: Mapping[str, Mapping[str, str]]) -> Iterable[tuple[str, str, str]]:
    """``(unit, coder, at)`` of the current "done" marks of the coders of ``since`` on its
    units or their paragraphs."""
    if not has_table(store, "current_done_marks"):
        return ()
    targets = _targets(since)
    rows = store.conn.execute(
        f"SELECT unit_key, coder, {review_made_sql('m')}, level FROM current_done_marks m "
        "WHERE unit_key IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(targets)),),
    ).fetchall()
    return _placed(rows, targets, since)


def _placed(
    rows: Iterable[tuple[str, str, str, str | None]],
    targets: Mapping[str, set[str]],
    since: Mapping[str, Mapping[str, str]],
) -> Iterable[tuple[str, str, str]]:
    """Each row ``(key, coder, at, level)`` as ``(unit, coder, at)`` for the units of
    ``since`` it read (a row at unit level reads its key only) and whose coder is theirs."""
    for key, coder, at, level in rows:
        for unit in targets.get(str(key), ()):
            if (level == "paragraph" or unit == key) and coder in since[unit]:
                yield unit, str(coder), str(at)


def mark_read_again(
    store: Store, *, coder: str, codebook: str, unit_key: str, source: str = "manual"
) -> int:
    """``coder`` re-read ``unit_key`` blind and marks it done for every code of ``codebook``
    (in one write): a mark of theirs that stands there (made before the unit's blind
    assignment, so marking again would record nothing) is withdrawn and made anew, so the
    unit counts as their blind reading (:attr:`PredatingWork.counted`); without one this is
    a plain mark. Both rows stay in the log, recorded as one action (the new mark names the
    withdrawal in ``part_of``): one undo puts the old mark back as it was, with its time
    (:mod:`~normtrace.coding.human.mark_steps`). Returns the marks made (1)."""
    with store.transaction():
        if not done_for(store, coder.strip(), unit_key, [codebook]):
            return mark_done(store, coder=coder, codebook=codebook, unit_keys=[unit_key],
                             source=source)  # fmt: skip
        mark_done(store, coder=coder, codebook=codebook, unit_keys=[unit_key], source=source,
                  undo=True)  # fmt: skip
        return mark_done(store, coder=coder, codebook=codebook, unit_keys=[unit_key],
                         source=source, part_of=last_review_id(store))  # fmt: skip
