"""Agreement on assigned units and adjudication: settle a disagreement, keep both originals.

The page settles one *disputed passage* at a time (:func:`disputes`): the codes the
assigned coders disagree on in a unit, grouped where their codings overlap, so that
"alice coded these words X, bob coded them Y" is one decision, not two.
:func:`decide` records that decision as one adjudication per code at stake.

An adjudication records the final decision on one code for one unit, for one codebook:
either *present* (a final coding of that codebook, written through the coding events under
the coder name ``adjudication:<admin>``) or *absent*. The coders' own coding events are
never touched; the adjudication row lists them. Adjudicating the same unit and code again
must name the adjudication it replaces (``supersedes_id``): a stale page gets a 409 instead
of overwriting a colleague's decision.

Codebooks: a code id two codebooks share is coded for each apart (migration 0022), so the
page settles one codebook's disputes at a time (its ``codebook``): the disagreements of that
codebook's readings (:func:`~normtrace.coding.human.agreement.agreement` with ``codebook``),
its coders' codings of the code for it (a coding that records no codebook version stands
for every codebook), and a decision that names it (migration 0024). An adjudication recorded
before 0024 names no codebook and decided for every codebook; it stays in force for each
codebook until a decision for that codebook replaces it. Which decision is in force, and
recording one, are the library's (:mod:`~normtrace.coding.human.adjudicated`, which the
imports of exchange files record through too).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, replace

from normtrace.coding.human import events
from normtrace.coding.human.adjudicated import (
    Adjudicated,
    decision_in_force,
    record_decision,
    settled_codings,
)
from normtrace.coding.human.agreement import AgreementReport, agreement
from normtrace.coding.human.books import book_of, code_version
from normtrace.coding.human.codable import whose
from normtrace.errors import CodingError, NotFoundError, WebError
from normtrace.store.db import Store
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
    #: the codebook whose codings it settles (``None``: the one codebook holding ``code``)
    codebook: str | None = None


def decided_book(store: Store, code: str, codebook: str | None) -> str:
    """The codebook a decision on ``code`` settles: ``codebook``, which must hold the code,
    else the one codebook whose current version holds it.

    Raises:
        WebError: ``codebook`` lacks the code, the code is no code of the project, or
            several codebooks hold it and ``codebook`` names none.
    """
    try:
        if codebook is not None:
            code_version(store, code, codebook)  # refuses a codebook without the code
            return codebook
        ask = "say which codebook's codings the decision settles (codebook)"
        found = whose(store, code, ask=ask) or book_of(store, code_version(store, code))
    except CodingError as exc:
        raise WebError(f"{exc}; nothing recorded") from exc
    if found is None:
        raise WebError(f"code {code!r} is in no codebook the project holds; nothing recorded")
    return found


def page_codebooks(store: Store) -> list[str]:
    """The codebooks the adjudication page settles disputes of, the first registered first
    (the page's default)."""
    rows = store.conn.execute(
        "SELECT name FROM current_codebooks "
        "ORDER BY (SELECT min(f.id) FROM codebooks f WHERE f.name = current_codebooks.name), name"
    )
    return list(dict.fromkeys(str(r[0]) for r in rows))


def chosen_codebook(store: Store, codebook: str) -> tuple[list[str], str]:
    """The codebooks a page compares (:func:`page_codebooks`) and the one it shows:
    ``codebook``, else the first registered ("" when none is)."""
    books = page_codebooks(store)
    if codebook and codebook not in books:
        raise NotFoundError("codebook", codebook, hint=f"one of: {', '.join(books)}")
    return books, codebook or (books[0] if books else "")


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


def assigned_agreement(
    store: Store, viewer: User, codebook: str | None = None
) -> tuple[dict[str, list[str]], AgreementReport]:
    """:func:`visible_assignments` and the coders' agreement on them (what the agreement page
    reports: the same readings, work from before a blind reading set aside); ``codebook``:
    of that codebook's readings only (what adjudication settles)."""
    assigned = visible_assignments(store, viewer)
    return assigned, agreement(store, within=assigned, codebook=codebook)


#: an adjudication's row with its adjudicator's name
_ROWS = (
    "SELECT a.*, u.name AS adjudicator FROM adjudications a JOIN users u ON u.id = a.adjudicator_id"
)


def list_adjudications(store: Store) -> list[dict[str, object]]:
    """Every adjudication, newest first, with the originals it settled."""
    rows = store.conn.execute(f"{_ROWS} ORDER BY a.id DESC").fetchall()
    return [_as_dict(r, store) for r in rows]


def _as_dict(row: sqlite3.Row, store: Store | None = None) -> dict[str, object]:
    return {
        "id": row["id"],
        "unit_key": row["unit_key"],
        "code": row["code"],
        "codebook": row["codebook"],
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
    book = decided_book(store, decision.code, decision.codebook)
    decision = replace(decision, codebook=book)
    previous = decision_in_force(store, decision.unit_key, decision.code, book)
    _check_base(store, previous, decision.supersedes_id)
    # the codings of this codebook's code (one of no version is every book's)
    originals = settled_codings(store, decision.unit_key, decision.code, book)
    if previous is not None and previous.final_event_id is not None:
        _withdraw(store, previous.final_event_id, book)
    final = None
    if decision.decision == "present":
        span = _span(decision, {h.event_id: (h.start, h.end) for h in originals})
        final = _final_coding(store, admin, decision, span)
    row_id = record_decision(
        store, unit_key=decision.unit_key, code=decision.code, codebook=book,
        decision=decision.decision, adjudicator_id=admin.id, note=decision.note, final=final,
        originals=[h.event_id for h in originals],
    )  # fmt: skip
    now = decision_in_force(store, decision.unit_key, decision.code, book)
    if now is None or now.id != row_id:
        raise WebError("the adjudication was not recorded; try again")
    return _as_dict(store.conn.execute(f"{_ROWS} WHERE a.id = ?", (row_id,)).fetchone(), store)


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
        codebook=decision.codebook,
    )


def _check_base(store: Store, previous: Adjudicated | None, supersedes_id: int | None) -> None:
    """Refuse a decision not based on the one in force (named in words, not by its row id)."""
    if previous is None and supersedes_id is not None:
        raise ConflictError(f"adjudication {supersedes_id} does not exist for this unit and code")
    if previous is not None and supersedes_id != previous.id:
        what = code_label(store, previous.code)
        raise ConflictError(
            f"{previous.adjudicator} already adjudicated {what} on {previous.unit_key} "
            f"({previous.decision}) meanwhile; reload and decide again"
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


def _withdraw(store: Store, final_event_id: int, codebook: str) -> None:
    """Remove a superseded final coding (an uncode event), if it is still current and is
    ``codebook``'s: the final coding of a decision recorded before migration 0024 (for every
    codebook) is its own codebook's, and stays while that decision stands for it."""
    event = events.get_event(store, final_event_id)
    current = {h.event_id: h for h in events.human_codings(store, coder=event.coder)}
    if final_event_id not in current or not current[final_event_id].of_book(codebook):
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
        codebook=current[final_event_id].codebook,  # this coding, not another codebook's
    )


@dataclass(frozen=True)
class Dispute:
    """A disputed passage of ``codebook``: the codes at stake in one unit, grouped where the
    coders' codings of them overlap, with the codings of those codes there for that codebook
    of each coder whose reading of the unit was compared (``coders``: not an assigned coder
    whose work there was set aside as no blind reading, nor one who never read it)."""

    codebook: str
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


def disputes(
    store: Store, admin: User, codebook: str, report: AgreementReport | None = None
) -> list[Dispute]:
    """Every disputed passage of ``codebook`` ``admin`` may settle, by unit and position.

    A code is at stake in a unit when some assigned coders applied it there for ``codebook``
    and others did not (the unit-level disagreements of
    :func:`~normtrace.coding.human.agreement.agreement` on that codebook's readings, which
    sets aside work from before a coder's blind reading began); codes at stake whose codings
    for it overlap, whoever made them, form one passage (a coding of a code id another
    codebook shares, for that codebook, is no part of it). Each code is read by the coders its
    own disagreement compares (a coder whose work on one code was set aside, or who was
    compared for another code only, is no reader of it): the passage lists each coder's
    codings of the codes they were compared for. ``report``: that agreement when the caller
    has it already (:func:`assigned_agreement` of ``admin`` and ``codebook``).
    """
    if report is None:
        _, report = assigned_agreement(store, admin, codebook)
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
            if h.code in codes and h.coder in compared[(key, h.code)] and h.of_book(codebook)
        ]
        for group in _overlapping(sorted(codes), held):
            members = tuple(h for h in held if h.code in group)
            by_code = tuple((c, tuple(sorted(compared[(key, c)]))) for c in group)
            out.append(
                Dispute(
                    codebook=codebook,
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
    codebook: str | None = None,
) -> list[dict[str, object]]:
    """Settle a disputed passage of ``codebook`` (call inside a write; ``None``: each code's
    one codebook, :func:`decided_book`): every code of ``codes`` is present with the span of
    the coding in ``keep`` that has it (one of that codebook's), or absent when none has.

    One adjudication per code, in one transaction; ``supersedes`` names, per code, the
    adjudication being replaced (a stale page gets 409, as :func:`adjudicate`).

    Raises:
        WebError: no code, two kept codings of one code, or a code ``codebook`` lacks.
        NotFoundError: a kept coding is not a coder's coding of one of ``codes`` here for
            its codebook.
    """
    if not codes:
        raise WebError("a decision needs the codes at stake")
    books = {code: decided_book(store, code, codebook) for code in codes}
    originals = {
        h.event_id: h
        for h in events.human_codings(store, unit_key=unit_key)
        if not h.coder.startswith(ADJUDICATION_PREFIX) and h.code in books
        and h.of_book(books[h.code])
    }  # fmt: skip
    for event_id in keep:
        if event_id not in originals:
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
            codebook=books[code],
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
