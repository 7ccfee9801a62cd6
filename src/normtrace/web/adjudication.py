"""Agreement on assigned units and adjudication: settle a disagreement, keep both originals.

The page settles one *disputed passage* at a time (:func:`disputes`): the codes the
assigned coders disagree on in a unit, grouped where their codings overlap, so that
"alice coded these words X, bob coded them Y" is one decision, not two.
:func:`decide` records that decision as one adjudication per code at stake.

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
from normtrace.coding.human.agreement import AgreementReport, agreement
from normtrace.errors import NotFoundError, WebError
from normtrace.store.db import Store, utc_now
from normtrace.web.auth import User
from normtrace.web.codings import ADJUDICATION_PREFIX, code_label
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


def visible_assignments(store: Store, viewer: User) -> dict[str, list[str]]:
    """Unit → its assigned coders, for the units assigned to two or more coders that
    ``viewer`` may compare: what the workbench's agreement and adjudication pass to
    :func:`~normtrace.coding.human.agreement.agreement` as ``within``. Whether a coder
    worked on a unit, and for which codes, is the library's to judge (an assigned unit
    nobody opened is no agreement that nothing applies).

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
    blind: set[str] = set()
    for r in rows:
        assigned[r["unit_key"]].append(r["name"])
        if r["blind"] and not r["revealed"]:
            blind.add(r["unit_key"])
    # blindness by the whole assignment (an admin assigned blind who has not started yet
    # must still not see the others' work)
    hidden = {k for k in blind if not viewer.is_admin or viewer.name in assigned[k]}
    return {k: v for k, v in assigned.items() if k not in hidden and len(set(v)) >= 2}


def assigned_agreement(store: Store, viewer: User) -> tuple[dict[str, list[str]], AgreementReport]:
    """:func:`visible_assignments` and the coders' agreement on them (what the agreement page
    reports: the same readings, work from before a blind reading set aside)."""
    assigned = visible_assignments(store, viewer)
    return assigned, agreement(store, within=assigned)


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
    return [_as_dict(r, store) for r in rows]


def _as_dict(row: sqlite3.Row, store: Store | None = None) -> dict[str, object]:
    return {
        "id": row["id"],
        "unit_key": row["unit_key"],
        "code": row["code"],
        "decision": row["decision"],
        "start": row["start"],
        "end": row["end"],
        "snippet": row["snippet"],
        "original_event_ids": json.loads(row["original_event_ids"]),
        "original_coders": coders_of(store, json.loads(row["original_event_ids"]))
        if store is not None
        else [],
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
    _check_base(store, previous, decision.supersedes_id)
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
    return _as_dict(row, store)


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


def _check_base(store: Store, previous: sqlite3.Row | None, supersedes_id: int | None) -> None:
    """Refuse a decision not based on the latest one (named in words, not by its row id)."""
    if previous is None and supersedes_id is not None:
        raise ConflictError(f"adjudication {supersedes_id} does not exist for this unit and code")
    if previous is not None and supersedes_id != previous["id"]:
        what = code_label(store, previous["code"])
        raise ConflictError(
            f"{previous['adjudicator']} already adjudicated {what} on {previous['unit_key']} "
            f"({previous['decision']}) meanwhile; reload and decide again"
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


@dataclass(frozen=True)
class Dispute:
    """A disputed passage: the codes at stake in one unit, grouped where the coders'
    codings of them overlap, with the codings of those codes there of each coder whose
    reading of the unit was compared (``coders``: not an assigned coder whose work there was
    set aside as no blind reading, nor one who never read it)."""

    unit_key: str
    codes: tuple[str, ...]
    coders: tuple[str, ...]
    start: int
    end: int
    codings: tuple[events.HumanCoding, ...]
    #: each code's own coders: ``(code, coders)`` those its disagreement compares (``coders``
    #: is their union; a coder compared for one code only says nothing of the others)
    by_code: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def coders_for(self, code: str) -> tuple[str, ...]:
        """The coders compared for ``code`` here (all of :attr:`coders` when not told)."""
        return dict(self.by_code).get(code, self.coders)

    def codes_of(self, coder: str) -> tuple[str, ...]:
        """The codes of this passage ``coder`` was compared for."""
        return tuple(c for c in self.codes if coder in self.coders_for(c))


def disputes(store: Store, admin: User) -> list[Dispute]:
    """Every disputed passage ``admin`` may settle, by unit and position.

    A code is at stake in a unit when some assigned coders applied it there and others
    did not (the unit-level disagreements of
    :func:`~normtrace.coding.human.agreement.agreement`, which sets aside work from before a
    coder's blind reading began); codes at stake whose codings overlap, whoever made them,
    form one passage. Each code is read by the coders its own disagreement compares (a coder
    whose work on one code was set aside, or who was compared for another code only, is no
    reader of it): the passage lists each coder's codings of the codes they were compared for.
    """
    _, report = assigned_agreement(store, admin)
    at_stake: dict[str, set[str]] = defaultdict(set)
    compared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in report.disagreements:
        at_stake[d.unit_key].add(d.code)
        compared[(d.unit_key, d.code)].update(d.applied_by, d.not_applied_by)
    out: list[Dispute] = []
    for key, codes in sorted(at_stake.items()):
        held = [
            h
            for h in events.human_codings(store, unit_key=key)
            if h.code in codes and h.coder in compared[(key, h.code)]
        ]
        for group in _overlapping(sorted(codes), held):
            members = tuple(h for h in held if h.code in group)
            by_code = tuple((c, tuple(sorted(compared[(key, c)]))) for c in group)
            out.append(
                Dispute(
                    unit_key=key,
                    codes=tuple(group),
                    coders=tuple(sorted({who for _, who_ in by_code for who in who_})),
                    start=min(h.start for h in members),
                    end=max(h.end for h in members),
                    codings=members,
                    by_code=by_code,
                )
            )
    return sorted(out, key=lambda d: (d.unit_key, d.start, d.codes))


def _overlapping(codes: list[str], held: list[events.HumanCoding]) -> list[list[str]]:
    """``codes`` grouped: two codes are in one group when codings of them overlap."""
    parent = {c: c for c in codes}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    for a in held:
        for b in held:
            if a.code != b.code and a.start < b.end and b.start < a.end:
                parent[root(a.code)] = root(b.code)
    groups: dict[str, list[str]] = defaultdict(list)
    for c in codes:
        groups[root(c)].append(c)
    return list(groups.values())


def decide(
    store: Store,
    admin: User,
    *,
    unit_key: str,
    codes: list[str],
    keep: list[int],
    note: str | None = None,
    supersedes: dict[str, int] | None = None,
) -> list[dict[str, object]]:
    """Settle a disputed passage (call inside a write): every code of ``codes`` is present
    with the span of the coding in ``keep`` that has it, or absent when none has.

    One adjudication per code, in one transaction; ``supersedes`` names, per code, the
    adjudication being replaced (a stale page gets 409, as :func:`adjudicate`).

    Raises:
        WebError: no code, or two kept codings of one code.
        NotFoundError: a kept coding is not a coder's coding of one of ``codes`` here.
    """
    if not codes:
        raise WebError("a decision needs the codes at stake")
    originals = {
        h.event_id: h
        for h in events.human_codings(store, unit_key=unit_key)
        if not h.coder.startswith(ADJUDICATION_PREFIX)
    }
    for event_id in keep:
        if event_id not in originals or originals[event_id].code not in codes:
            raise NotFoundError(
                "coding", str(event_id), hint="pick one of the coders' readings shown; reload"
            )
    out = []
    for code in dict.fromkeys(codes):
        chosen = [i for i in keep if originals[i].code == code]
        if len(chosen) > 1:
            name = code_label(store, code)
            raise WebError(f"keep one coding of {name}, not {len(chosen)}")
        decision = Decision(
            unit_key=unit_key,
            code=code,
            decision="present" if chosen else "absent",
            coding_id=chosen[0] if chosen else None,
            note=note,
            supersedes_id=(supersedes or {}).get(code),
        )
        out.append(adjudicate(store, admin, decision))
    return out


def coders_of(store: Store, event_ids: list[int]) -> list[str]:
    """The coders who made ``event_ids`` (in first-seen order, each once)."""
    if not event_ids:
        return []
    rows = store.conn.execute(
        f"SELECT id, coder FROM coding_events WHERE id IN ({','.join('?' * len(event_ids))})",
        event_ids,
    )
    by_id = {r[0]: r[1] for r in rows}
    return list(dict.fromkeys(by_id[i] for i in event_ids if i in by_id))
