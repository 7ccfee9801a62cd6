"""The adjudications in force: what an adjudicator decided on a code in a unit, for a codebook.

An adjudication (the workbench's Adjudication page, table ``adjudications``) settles one code
on one unit: *present* (with a final coding, a coding event of ``adjudication:<admin>``) or
*absent*. Deciding the same unit and code again records a new row that supersedes the old
one; nothing is rewritten (:func:`record_decision`, which the workbench and the imports of
exchange files both record through). Since migration 0024 a decision names the codebook whose
codings it settles; a row recorded before names none and decided for every codebook.

**In force** for codebook B, per unit and code: the latest adjudication whose codebook is B
or none (the rule of ``coding.counts.not_overruled_sql``, which every count applies; on a
project adjudicated before 0024 it is the row no later row supersedes, the workbench always
having superseded the latest one). This module is the rule's one reading in Python
(:func:`decisions_in_force`, :func:`decision_in_force`): training's labels
(:mod:`~normtrace.coding.learn.labels`), the exports and imports of decisions
(:mod:`~normtrace.coding.exchange.adjudications`) and the workbench's agreement and
adjudication pages read it, so validation, suggestions, the review queue, the files and the
counts rest on the same decisions.

>>> from normtrace.store.db import Store
>>> decisions_in_force(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from normtrace.coding.human import events
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.coding.units import has_table
from normtrace.errors import CodingError
from normtrace.store.db import Store, utc_now

#: what an adjudication decides
DECISIONS = ("present", "absent")


@dataclass(frozen=True)
class Adjudicated:
    """An adjudication in force (see the module doc)."""

    id: int
    unit_key: str
    code: str
    #: ``present`` or ``absent``
    decision: str
    adjudicator: str
    #: the codebook it decided for (``None``: recorded before migration 0024, for every one)
    codebook: str | None
    #: the coding event of its final coding (a ``present`` decision's)
    final_event_id: int | None
    note: str | None = None
    #: a ``present`` decision's span in the unit (code points)
    start: int | None = None
    end: int | None = None
    #: when it was decided: the time an import stated, else its recording time
    made: str = ""

    @property
    def present(self) -> bool:
        """Whether the adjudicator decided the code applies to the unit."""
        return self.decision == "present"


def decisions_in_force(store: Store, codebook: str) -> list[Adjudicated]:
    """The adjudication in force for ``codebook`` on each unit and code ever adjudicated,
    by unit and code (of any code: the caller keeps the codebook's)."""
    return _in_force(store, codebook, "", ())


def decision_in_force(store: Store, unit_key: str, code: str, codebook: str) -> Adjudicated | None:
    """The adjudication of ``code`` on ``unit_key`` in force for ``codebook``, if any (the one
    a new decision there supersedes)."""
    found = _in_force(store, codebook, " AND a.unit_key = ? AND a.code = ?", (unit_key, code))
    return found[0] if found else None


def _in_force(
    store: Store, codebook: str, where: str, params: tuple[str, ...]
) -> list[Adjudicated]:
    """The rule (module doc) over the adjudications ``where`` (an SQL condition on ``a``
    with its ``params``) selects."""
    if not has_table(store, "adjudications"):
        return []
    made = (
        "COALESCE((SELECT t.made_at FROM imported_adjudications t WHERE t.adjudication_id = "
        "a.id), a.created_at)"
        if has_table(store, "imported_adjudications")
        else "a.created_at"
    )
    rows = store.conn.execute(
        "SELECT a.id, a.unit_key, a.code, a.decision, a.final_event_id, a.codebook, a.note, "
        f'a.start, a."end", {made} AS made, '
        "coalesce(u.name, '#' || a.adjudicator_id) AS adjudicator FROM adjudications a "
        "LEFT JOIN users u ON u.id = a.adjudicator_id "
        f"WHERE (a.codebook IS NULL OR a.codebook = ?){where} ORDER BY a.unit_key, a.code, a.id",
        (codebook, *params),
    ).fetchall()
    latest: dict[tuple[str, str], Adjudicated] = {}
    for r in rows:  # ordered by id within a unit and code: the last one is in force
        final, start, end = r["final_event_id"], r["start"], r["end"]
        latest[(str(r["unit_key"]), str(r["code"]))] = Adjudicated(
            int(r["id"]), str(r["unit_key"]), str(r["code"]), str(r["decision"]),
            str(r["adjudicator"]), None if r["codebook"] is None else str(r["codebook"]),
            None if final is None else int(final),
            note=None if r["note"] is None else str(r["note"]),
            start=None if start is None else int(start), end=None if end is None else int(end),
            made=str(r["made"]),
        )  # fmt: skip
    return list(latest.values())


def settled_codings(
    store: Store, unit_key: str, code: str, codebook: str
) -> list[events.HumanCoding]:
    """The coders' current codings of ``code`` on ``unit_key`` for ``codebook`` that a
    decision there settles (one that records no codebook is every codebook's; no final
    coding of an adjudication)."""
    return [
        h
        for h in events.human_codings(store, unit_key=unit_key, code=code)
        if not h.coder.startswith(ADJUDICATION_PREFIX) and h.of_book(codebook)
    ]


def record_decision(
    store: Store, *, unit_key: str, code: str, codebook: str, decision: str,
    adjudicator_id: int, note: str | None, final: events.CodingEvent | None,
    originals: Sequence[int],
) -> int:  # fmt: skip
    """Record a decision on ``code`` in ``unit_key`` for ``codebook`` (call inside a write):
    a new row, superseding the decision in force there (:func:`decision_in_force`), which
    stays as it was; returns its id. ``final``: a ``present`` decision's final coding
    (recorded before, :func:`~normtrace.coding.human.events.add_adjudicated_code`);
    ``originals``: the event ids of the codings it settles (:func:`settled_codings`).

    Raises:
        CodingError: ``decision`` is neither present nor absent, or a present one has no
            final coding (an absent one has none).
    """
    if decision not in DECISIONS:
        raise CodingError(
            f"an adjudication of {code} on {unit_key} is present or absent, not {decision!r}; "
            "nothing recorded"
        )
    if (final is None) != (decision == "absent"):
        raise CodingError(
            f"a {decision} adjudication of {code} on {unit_key} "
            f"{'needs' if final is None else 'has no'} final coding; nothing recorded"
        )
    previous = decision_in_force(store, unit_key, code, codebook)
    cur = store.conn.execute(
        'INSERT INTO adjudications (unit_key, code, decision, start, "end", snippet, '
        "original_event_ids, final_event_id, adjudicator_id, note, supersedes_id, "
        "created_at, codebook) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            unit_key, code, decision, None if final is None else final.start,
            None if final is None else final.end, None if final is None else final.snippet,
            json.dumps(list(originals)), None if final is None else final.id, adjudicator_id,
            note, None if previous is None else previous.id, utc_now(), codebook,
        ),
    )  # fmt: skip
    return int(cur.lastrowid or 0)
