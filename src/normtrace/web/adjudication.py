"""Agreement inputs and adjudication: settle a disagreement, keep both originals.

An adjudication records the final decision on one code for one unit: either
*present* (a final coding, written through the coding events under the coder
name ``adjudication:<admin>``) or *absent*. The coders' own coding events are
never touched; the adjudication row lists them. Adjudicating the same unit and
code again must name the adjudication it replaces (``supersedes_id``): a stale
page gets a 409 instead of overwriting a colleague's decision.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from normtrace.coding.human import events
from normtrace.errors import NotFoundError, WebError
from normtrace.store.db import Store, utc_now
from normtrace.web.agreement import CodedUnit
from normtrace.web.auth import User
from normtrace.web.codings import ADJUDICATION_PREFIX
from normtrace.web.deps import ConflictError, ForbiddenError


@dataclass(frozen=True)
class Decision:
    """What an admin decided for ``code`` on ``unit_key``."""

    unit_key: str
    code: str
    decision: str
    coding_id: int | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    supersedes_id: int | None = None


def agreement_inputs(store: Store, viewer: User) -> tuple[dict[str, list[str]], list[CodedUnit]]:
    """Units with two or more assigned coders (as far as ``viewer`` may compare them).

    Admins compare every such unit they are not blind-assigned to themselves; others
    only units that are revealed or were not assigned blind, so agreement never leaks
    blind codings.
    """
    rows = store.conn.execute(
        "SELECT a.unit_key, u.name, a.blind, "
        "EXISTS (SELECT 1 FROM reveals r WHERE r.unit_key = a.unit_key) AS revealed "
        "FROM assignments a JOIN users u ON u.id = a.user_id ORDER BY a.unit_key, u.name"
    ).fetchall()
    assigned: dict[str, list[str]] = defaultdict(list)
    hidden: set[str] = set()
    blind: set[str] = set()
    for r in rows:
        assigned[r["unit_key"]].append(r["name"])
        if r["blind"] and not r["revealed"]:
            blind.add(r["unit_key"])
    for key in blind:
        if not viewer.is_admin or viewer.name in assigned[key]:
            hidden.add(key)
    keep = {k: v for k, v in assigned.items() if k not in hidden and len(v) >= 2}
    applied: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for key, coders in keep.items():
        for h in events.human_codings(store, unit_key=key):
            if h.coder in coders:
                applied[(key, h.coder, h.code)].append(h.event_id)
                spans[(key, h.coder, h.code)].append((h.start, h.end))
    coded = [
        CodedUnit(k, c, code, tuple(ids), tuple(spans[(k, c, code)]))
        for (k, c, code), ids in sorted(applied.items())
    ]
    return keep, coded


def latest(store: Store, unit_key: str, code: str) -> sqlite3.Row | None:
    """The current adjudication of ``code`` on ``unit_key``, if any."""
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT a.*, u.name AS adjudicator FROM adjudications a "
        "JOIN users u ON u.id = a.adjudicator_id WHERE a.unit_key = ? AND a.code = ? "
        "ORDER BY a.id DESC LIMIT 1",
        (unit_key, code),
    ).fetchone()
    return row


def list_adjudications(store: Store) -> list[dict[str, object]]:
    """Every adjudication, newest first, with the originals it settled."""
    rows = store.conn.execute(
        "SELECT a.*, u.name AS adjudicator FROM adjudications a "
        "JOIN users u ON u.id = a.adjudicator_id ORDER BY a.id DESC"
    ).fetchall()
    return [_as_dict(r) for r in rows]


def _as_dict(row: sqlite3.Row) -> dict[str, object]:
    return {
        "id": row["id"],
        "unit_key": row["unit_key"],
        "code": row["code"],
        "decision": row["decision"],
        "start": row["start"],
        "end": row["end"],
        "snippet": row["snippet"],
        "original_event_ids": json.loads(row["original_event_ids"]),
        "final_event_id": row["final_event_id"],
        "adjudicator": row["adjudicator"],
        "note": row["note"],
        "supersedes_id": row["supersedes_id"],
        "created_at": row["created_at"],
    }


def adjudicate(store: Store, admin: User, decision: Decision) -> dict[str, object]:
    """Record ``decision`` (call inside a write); returns the new adjudication."""
    if not admin.is_admin:
        raise ForbiddenError(f"{admin.name} is not an admin: only admins adjudicate")
    if decision.decision not in ("present", "absent"):
        raise WebError("decision must be 'present' or 'absent'")
    previous = latest(store, decision.unit_key, decision.code)
    _check_base(previous, decision.supersedes_id)
    originals = [
        h
        for h in events.human_codings(store, unit_key=decision.unit_key, code=decision.code)
        if not h.coder.startswith(ADJUDICATION_PREFIX)
    ]
    if previous is not None and previous["final_event_id"] is not None:
        _withdraw(store, int(previous["final_event_id"]))
    final = None
    if decision.decision == "present":
        span = _span(decision, {h.event_id: (h.start, h.end) for h in originals})
        final = _final_coding(store, admin, decision, span)
    row_id = _insert(store, admin, decision, final, [h.event_id for h in originals], previous)
    row = latest(store, decision.unit_key, decision.code)
    if row is None or row["id"] != row_id:
        raise WebError("the adjudication was not recorded; try again")
    return _as_dict(row)


def _final_coding(
    store: Store, admin: User, decision: Decision, span: tuple[int, int]
) -> events.CodingEvent:
    """The final coding, recorded as a coding event of the adjudicator."""
    return events.add_adjudicated_code(
        store,
        adjudicator=admin.name,
        unit_key=decision.unit_key,
        start=span[0],
        end=span[1],
        code=decision.code,
        memo=decision.note,
    )


def _insert(
    store: Store,
    admin: User,
    decision: Decision,
    final: events.CodingEvent | None,
    originals: list[int],
    previous: sqlite3.Row | None,
) -> int:
    cur = store.conn.execute(
        'INSERT INTO adjudications (unit_key, code, decision, start, "end", snippet, '
        "original_event_ids, final_event_id, adjudicator_id, note, supersedes_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            decision.unit_key,
            decision.code,
            decision.decision,
            None if final is None else final.start,
            None if final is None else final.end,
            None if final is None else final.snippet,
            json.dumps(originals),
            None if final is None else final.id,
            admin.id,
            decision.note,
            None if previous is None else previous["id"],
            utc_now(),
        ),
    )
    return int(cur.lastrowid or 0)


def _check_base(previous: sqlite3.Row | None, supersedes_id: int | None) -> None:
    if previous is None and supersedes_id is not None:
        raise ConflictError(f"adjudication {supersedes_id} does not exist for this unit and code")
    if previous is not None and supersedes_id != previous["id"]:
        raise ConflictError(
            f"{previous['adjudicator']} already adjudicated this code on this unit "
            f"(adjudication {previous['id']}: {previous['decision']}); reload and decide again"
        )


def _span(decision: Decision, originals: dict[int, tuple[int, int]]) -> tuple[int, int]:
    if decision.coding_id is not None:
        if decision.coding_id not in originals:
            raise NotFoundError(
                "coding", str(decision.coding_id), hint="pick one of the coders' codings shown"
            )
        return originals[decision.coding_id]
    if decision.start is None or decision.end is None:
        raise WebError("a 'present' decision needs a coding_id or start and end")
    return decision.start, decision.end


def _withdraw(store: Store, final_event_id: int) -> None:
    """Remove a superseded final coding (an uncode event), if it is still current."""
    event = events.get_event(store, final_event_id)
    current = {h.event_id for h in events.human_codings(store, coder=event.coder)}
    if final_event_id not in current:
        return
    if event.unit_key is None or event.start is None or event.end is None or event.code is None:
        return
    events.remove_code(
        store,
        coder=event.coder,
        unit_key=event.unit_key,
        start=event.start,
        end=event.end,
        code=event.code,
        adjudicated=True,
    )
