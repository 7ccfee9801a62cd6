"""Withdrawing a recorded validation draw (``normtrace code withdraw-draw``): a draw made by
mistake (the wrong code, the wrong level) stops counting in every estimate, and is kept.

``code validate`` weights the newest labelled-through draw of each code and level
(:func:`~normtrace.coding.draw_estimate.draw_scores`), and every surface quoting a code's
measured error (``freq``, ``first``, the case report, the web app) reads the validation run
that weighted it (:class:`~normtrace.coding.draw_validity.DrawEstimates`). A draw is never
edited (migration 0033 refuses it), so a mistaken one would weigh on its code for ever. A
withdrawal is an append-only event of migration 0034, naming who withdrew the draw, when and
why; the draw, its strata and its keys stay, and so do the labels coders made on its units:
they are ordinary human codings, and count as any other labels do (in a later draw's census,
in ``code validate``'s scores over every labelled target). What changes is that the draw is
no longer weighed: :func:`~normtrace.coding.sample_draw.draws` leaves it out unless asked, so
a new ``code validate`` run never weights it, and a run stored before the withdrawal has its
estimate set aside where it is read (:mod:`normtrace.coding.draw_validity`). Where draws are
listed (``code draws``, the web Assignments page) it is shown as withdrawn.

A withdrawal is taken back by a ``restore`` row naming it (``code withdraw-draw --undo``):
nothing is deleted, and the draw may be weighed again: the next ``code validate`` run weighs
it if it is the newest labelled-through draw of its code and level, and until a run holds it
no count reads it (:meth:`~normtrace.coding.draw_validity.DrawEstimates.unheld_note` says so
where the code's measured error is quoted). A draw's latest row says whether it stands
withdrawn (the ``withdrawn_draws`` view).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from normtrace.coding.units import has_table
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now

__all__ = ["DrawWithdrawal", "restore_draw", "to_the_second", "withdraw_draw", "withdrawals"]


@dataclass(frozen=True)
class DrawWithdrawal:
    """One row of a draw's withdrawal log: ``withdraw`` (``why`` says why), or ``restore``
    taking back withdrawal ``undoes``."""

    id: int
    draw_id: int
    action: str
    coder: str
    at: str
    why: str
    undoes: int | None = None

    def said(self) -> str:
        """The row in words: ``withdrawn by ana at 2026-12-06T15:00:00Z: wrong level``.

        >>> DrawWithdrawal(1, 3, "withdraw", "ana", "2026-12-06T15:00:00Z", "wrong level").said()
        'withdrawn by ana at 2026-12-06T15:00:00Z: wrong level'
        """
        what = "withdrawn" if self.action == "withdraw" else "restored"
        return f"{what} by {self.coder} at {self.at}" + (f": {self.why}" if self.why else "")


_COLUMNS = "id, draw_id, action, coder, at, why, undoes"


def _row(r: sqlite3.Row) -> DrawWithdrawal:
    return DrawWithdrawal(int(r["id"]), int(r["draw_id"]), str(r["action"]), str(r["coder"]),
                          to_the_second(str(r["at"])), str(r["why"]),
                          None if r["undoes"] is None else int(r["undoes"]))  # fmt: skip


def to_the_second(at: str) -> str:
    """``at`` (ISO-8601 UTC) to the second, as a draw's ``made_at`` is: rows are ordered by id,
    not time, so nothing needs more, and rows written before they were recorded to the second
    hold microseconds.

    >>> to_the_second("2026-12-08T01:10:53.870937Z"), to_the_second("2026-12-08T01:10:53Z")
    ('2026-12-08T01:10:53Z', '2026-12-08T01:10:53Z')
    """
    head, dot, rest = at.partition(".")
    return f"{head}Z" if dot and rest.endswith("Z") else at


def withdrawals(store: Store) -> dict[int, DrawWithdrawal]:
    """The draws withdrawn now (their latest row a withdrawal), by draw id, each with that
    withdrawal; empty in a project that never withdrew one."""
    if not has_table(store, "withdrawn_draws"):
        return {}
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM withdrawn_draws ORDER BY draw_id")
    return {w.draw_id: w for w in map(_row, rows)}


def _check(store: Store, draw_id: int, coder: str) -> None:
    if not coder.strip():
        raise CodingError("a draw's withdrawal names who made it: give --coder")
    row = None
    if has_table(store, "sample_draws"):
        row = store.conn.execute("SELECT 1 FROM sample_draws WHERE id = ?", (draw_id,)).fetchone()
    if row is None:
        raise NotFoundError("draw", str(draw_id), hint="`normtrace code draws` lists the draws")


def withdraw_draw(store: Store, draw_id: int, *, coder: str, why: str) -> DrawWithdrawal:
    """Withdraw recorded draw ``draw_id``: ``coder`` says ``why``, appended (the module doc).

    Raises:
        NotFoundError: no draw has that id.
        CodingError: no reason or no coder given, or the draw stands withdrawn already.
    """
    _check(store, draw_id, coder)
    if not why.strip():
        raise CodingError(
            f"draw {draw_id}: a withdrawal says why (the wrong code, the wrong level ...): "
            "give --why"
        )
    with store.transaction() as conn:
        found = withdrawals(store).get(draw_id)
        if found is not None:
            raise CodingError(
                f"draw {draw_id} is withdrawn already ({found.said()}); "
                "`normtrace code withdraw-draw --undo` takes a withdrawal back"
            )
        new = conn.execute(
            "INSERT INTO sample_draw_withdrawals (draw_id, action, coder, at, why) "
            "VALUES (?, 'withdraw', ?, ?, ?)",
            (draw_id, coder.strip(), utc_now(), why.strip()),
        ).lastrowid
    return _read(store, int(new or 0))


def restore_draw(store: Store, draw_id: int, *, coder: str, why: str = "") -> DrawWithdrawal:
    """Take back the withdrawal of draw ``draw_id`` (``coder``; ``why``, if said): a
    ``restore`` row naming it is appended, and the next ``code validate`` run may weigh the
    draw again (the module doc).

    Raises:
        NotFoundError: no draw has that id.
        CodingError: no coder given, or the draw is not withdrawn.
    """
    _check(store, draw_id, coder)
    with store.transaction() as conn:
        found = withdrawals(store).get(draw_id)
        if found is None:
            raise CodingError(
                f"draw {draw_id} is not withdrawn, so there is no withdrawal to take back: "
                "`normtrace code draws` lists the draws and which are withdrawn"
            )
        new = conn.execute(
            "INSERT INTO sample_draw_withdrawals (draw_id, action, coder, at, why, undoes) "
            "VALUES (?, 'restore', ?, ?, ?, ?)",
            (draw_id, coder.strip(), utc_now(), why.strip(), found.id),
        ).lastrowid
    return _read(store, int(new or 0))


def _read(store: Store, row_id: int) -> DrawWithdrawal:
    row = store.conn.execute(
        f"SELECT {_COLUMNS} FROM sample_draw_withdrawals WHERE id = ?", (row_id,)
    ).fetchone()
    return _row(row)
