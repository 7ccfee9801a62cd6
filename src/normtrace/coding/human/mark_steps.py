"""A coder's steps in the log of "done" marks: which ``coding_reviews`` rows one action wrote,
and the latest action no undo has taken back (what :mod:`~normtrace.coding.human.undo` takes
back).

Most actions write one row: a mark, or its withdrawal
(:func:`~normtrace.coding.human.reviews.mark_done`). A blind re-reading
(:func:`~normtrace.coding.human.blind_work.mark_read_again`) writes two, the withdrawal of the
coder's standing mark and the new mark; the second names the first in ``part_of`` (migration
0020), and so do the rows an undo of it writes. An action is its first row and the rows that
name it (:class:`Step`), as recorded when they were written: no time or order of rows is read
as a grouping (a coder who withdraws a mark and marks the unit again by hand made two
actions). The rows an undo wrote (:data:`~normtrace.coding.human.reviews.UNDO_SOURCES`) take
back the coder's latest step before them not yet taken back, one step per undo, as a stack
(:func:`latest_step`).

>>> from normtrace.store.db import Store
>>> latest_step(Store.open(":memory:"), "ana") is None
True
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass

from normtrace.coding.human.made_at import review_made_sql
from normtrace.coding.human.reviews import UNDO_SOURCES, Review, as_reviews
from normtrace.errors import CodingError
from normtrace.store.db import Store

#: the action of a step that withdrew its coder's standing mark and made it anew (a blind
#: re-reading): undone, the old mark stands again as it was made
AGAIN = "again"


@dataclass(frozen=True)
class Step:
    """One action of a coder in the mark log: its rows, oldest first, each ``(action, mark)``
    (``done``: a mark; ``undone``: a withdrawal, whose mark is the one it withdrew)."""

    rows: tuple[tuple[str, Review], ...]

    @property
    def action(self) -> str:
        """``done`` or ``undone`` for a step of one row; :data:`AGAIN` for a withdrawal and a
        new mark of the same mark (a blind re-reading).

        Raises:
            CodingError: the rows are an action of another shape (none is written).
        """
        kinds = tuple(action for action, _ in self.rows)
        if len(kinds) == 1:
            return kinds[0]
        (_, old), (_, new) = self.rows[0], self.rows[-1]
        same = (old.codebook, old.level, old.key, old.codes) == (
            new.codebook, new.level, new.key, new.codes)  # fmt: skip
        if kinds == ("undone", "done") and same:
            return AGAIN
        ids = ", ".join(str(mark.id) for _, mark in self.rows)
        raise CodingError(
            f"{new.coder}'s review rows {ids} are one action of a kind this normtrace does not "
            "know; take it back with the normtrace that wrote it"
        )

    @property
    def mark(self) -> Review:
        """The mark of the step's last row: what the action left (a mark, or a withdrawal)."""
        return self.rows[-1][1]

    @property
    def at(self) -> str:
        """When the action was recorded (its last row: the coding logs' order)."""
        return self.mark.at


def latest_step(store: Store, coder: str) -> Step | None:
    """``coder``'s latest action in the mark log that no undo has taken back, else ``None``.
    Each undo's rows (one step, of :data:`~normtrace.coding.human.reviews.UNDO_SOURCES`) take
    back the latest step before them not yet taken back, as a stack. A mark moved with a
    coding, and its withdrawal when the move is undone (``moved_with``,
    :mod:`~normtrace.coding.human.mark_moves`), are part of that coding action, not steps."""
    rows = store.conn.execute(
        "SELECT id, at, coder, codebook, codebook_version, level, unit_key, source, codes, "
        "action, coalesce(part_of, id) AS step FROM coding_reviews WHERE coder = ? "
        "AND moved_with IS NULL ORDER BY id DESC",
        (coder,),
    )
    taken_back = 0
    for _, group in itertools.groupby(rows, key=lambda row: int(row["step"])):
        members = list(group)[::-1]  # oldest first
        if members[0]["source"] in UNDO_SOURCES:
            taken_back += 1
        elif taken_back:
            taken_back -= 1
        else:
            marks = as_reviews(store, members)
            return Step(tuple((str(r["action"]), m) for r, m in zip(members, marks, strict=True)))
    return None


def superseded_version(store: Store, mark: Review) -> str | None:
    """The version of the coder's mark that ``mark`` replaced (the row before it for the same
    codebook, level, key and stored scope, when that was a mark under another version), else
    ``None``: undoing ``mark`` then puts that mark back instead of withdrawing both."""
    row = row_before(store, mark)
    if row is None or row["action"] != "done" or row["codebook_version"] == mark.codebook_version:
        return None
    return str(row["codebook_version"])


def row_before(store: Store, mark: Review, action: str | None = None) -> sqlite3.Row | None:
    """The coder's latest row before ``mark``'s for the same codebook, level, key and stored
    scope (of ``action`` only, given one): ``id, action, codebook_version`` and ``made`` (when
    its reading was made, :func:`~normtrace.coding.human.made_at.review_made_sql`)."""
    row: sqlite3.Row | None = store.conn.execute(
        f"SELECT r.id, r.action, r.codebook_version, {review_made_sql('r')} AS made "
        "FROM coding_reviews r WHERE r.coder = ? AND r.codebook = ? AND r.level = ? "
        "AND r.unit_key = ? AND r.codes IS ? AND r.id < ? AND (? IS NULL OR r.action = ?) "
        "ORDER BY r.id DESC LIMIT 1",
        (mark.coder, mark.codebook, mark.level, mark.key,
         None if mark.codes is None else json.dumps(list(mark.codes), ensure_ascii=False),
         mark.id, action, action),
    ).fetchone()  # fmt: skip
    return row
