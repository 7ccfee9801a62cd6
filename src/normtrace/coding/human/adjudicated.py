"""The adjudications in force: what an adjudicator decided on a code in a unit, for a codebook.

An adjudication (the workbench's Adjudication page, table ``adjudications``) settles one code
on one unit: *present* (with a final coding, a coding event of ``adjudication:<admin>``) or
*absent*. Deciding the same unit and code again records a new row that supersedes the old
one; nothing is rewritten. Since migration 0024 a decision names the codebook whose codings
it settles; a row recorded before names none and decided for every codebook.

**In force** for codebook B, per unit and code: the latest adjudication whose codebook is B
or none (the rule of ``coding.counts.not_overruled_sql``, which every count applies, and of
the workbench's ``web.adjudication.latest``; on a project adjudicated before 0024 it is the
row no later row supersedes, the workbench always having superseded the latest one).
Training's labels (:mod:`~normtrace.coding.learn.labels`) read :func:`decisions_in_force`, so
validation, suggestions, the review queue and the counts rest on the same decisions.

>>> from normtrace.store.db import Store
>>> decisions_in_force(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.store.db import Store


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

    @property
    def present(self) -> bool:
        """Whether the adjudicator decided the code applies to the unit."""
        return self.decision == "present"


def decisions_in_force(store: Store, codebook: str) -> list[Adjudicated]:
    """The adjudication in force for ``codebook`` on each unit and code ever adjudicated,
    by unit and code (of any code: the caller keeps the codebook's)."""
    rows = store.conn.execute(
        "SELECT a.id, a.unit_key, a.code, a.decision, a.final_event_id, a.codebook, "
        "coalesce(u.name, '#' || a.adjudicator_id) AS adjudicator FROM adjudications a "
        "LEFT JOIN users u ON u.id = a.adjudicator_id "
        "WHERE a.codebook IS NULL OR a.codebook = ? ORDER BY a.unit_key, a.code, a.id",
        (codebook,),
    ).fetchall()
    latest: dict[tuple[str, str], Adjudicated] = {}
    for r in rows:  # ordered by id within a unit and code: the last one is in force
        final = r["final_event_id"]
        latest[(str(r["unit_key"]), str(r["code"]))] = Adjudicated(
            int(r["id"]), str(r["unit_key"]), str(r["code"]), str(r["decision"]),
            str(r["adjudicator"]), None if r["codebook"] is None else str(r["codebook"]),
            None if final is None else int(final),
        )  # fmt: skip
    return list(latest.values())
