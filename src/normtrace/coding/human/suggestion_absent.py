"""The dictionary candidates a coder's reject of a model suggestion reads as absent.

A reject of a suggestion of code C on a target says what a "done, nothing applies" mark for
C says there: the coder read the target and C is absent (as training reads it,
:mod:`normtrace.coding.learn.labels`). So a current dictionary candidate of C, of the
suggestion's codebook, leaves the counts when it lies in a unit a standing reject of a
suggestion of C judged:

* read at ``unit`` level: that unit;
* read at ``paragraph`` level: every unit of the paragraph (a reject says no unit of it
  carries C);

unless a coder coded C there (a human coding in the unit, or anywhere in the paragraph),
accepted a candidate of C there, or accepted a suggestion of C there (a standing accept on
the unit, or on the paragraph or one of its units) — as for marks (migrations 0012/0013).

A verdict reads the words it judged where they stand
(:func:`~normtrace.coding.human.suggestion_verdicts.reading_levels`): a paragraph-level
verdict on what is now one unit's words reads that unit; one whose words a new version
changed says nothing, and its candidates count again.

>>> from normtrace.store.db import Store
>>> rejected_candidates(Store.open(":memory:"))
{}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.human.suggestion_verdicts import STANDING, reading_levels
from normtrace.coding.levels import level_units, paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: a standing verdict as read: ``(verdict, coder, suggestion id, codebook, code, level read
#: at, key)``
_Read = tuple[str, str, int, str, str, str, str]


def _standing(store: Store, codebook: str | None) -> list[_Read]:
    """Every standing suggestion verdict (of ``codebook``'s suggestions, given one), at the
    level and key it reads."""
    rows = store.conn.execute(
        "SELECT verdict, coder, suggestion_id, codebook, code, level, unit_key, text_sha256 "
        f"FROM ({STANDING}) WHERE ? IS NULL OR codebook = ?",
        (codebook, codebook),
    ).fetchall()
    reads = reading_levels(store, {(str(r[5]), str(r[6]), str(r[7])) for r in rows})
    out = []
    for r in rows:
        at = reads.get((str(r[5]), str(r[6]), str(r[7])))
        if at is not None:
            out.append((str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), at, str(r[6])))
    return out


def _members(store: Store, paragraphs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each of ``paragraphs`` → its current units (its key alone when it has no other)."""
    wanted = set(paragraphs)
    found = {u.key: u.members for u in level_units(store, "paragraph", wanted)} if wanted else {}
    return {k: found.get(k, (k,)) for k in wanted}


def rejected_candidates(
    store: Store, codebook: str | None = None
) -> dict[int, list[tuple[str, int]]]:
    """Current candidate id → the ``(coder, suggestion id)`` of each standing suggestion
    reject that reads it as absent (see the module doc), for ``codebook``'s candidates only,
    given one."""
    if not has_table(store, "suggestions") or not has_table(store, "current_auto_codings"):
        return {}
    verdicts = _standing(store, codebook)
    rejects = [v for v in verdicts if v[0] == "reject"]
    if not rejects:
        return {}
    members = _members(store, {v[6] for v in rejects if v[5] == "paragraph"})
    # (codebook, code, unit) → the rejects that reach it, each with what "there" is for it
    # (the unit it read, or the paragraph)
    reach: dict[tuple[str, str, str], list[tuple[str, int, str, bool]]] = {}
    for _v, coder, sid, book, code, at, key in rejects:
        whole = at == "paragraph"
        for unit in members[key] if whole else (key,):
            reach.setdefault((book, code, unit), []).append((coder, sid, key, whole))
    units = sorted({u for _b, _c, u in reach})
    held = _held(store, {paragraph_key(u) for u in units} | set(members), verdicts)
    out: dict[int, list[tuple[str, int]]] = {}
    for row in store.conn.execute(
        "SELECT id, unit_key, code, codebook FROM current_auto_codings "
        "WHERE unit_key IN (SELECT value FROM json_each(?))",
        (json.dumps(units, ensure_ascii=False),),
    ):
        slot = (str(row[3]), str(row[2]), str(row[1]))
        said = {(c, s) for c, s, there, whole in reach.get(slot, ())
                if not held.holds(slot[:2], there, whole)}  # fmt: skip
        if said:
            out[int(row[0])] = sorted(said)
    return out


@dataclass(frozen=True)
class _Held:
    """Where a coder coded a code, accepted a candidate of it or a suggestion of it, indexed
    for :meth:`holds`: ``(codebook or "", code, unit or paragraph key)`` (a human coding
    counts for every codebook, ``""``, as for marks), and the same with each key's paragraph
    (:func:`~normtrace.coding.levels.paragraph_key`). A look-up per reject, not a scan of every
    holding: the time grows with rejects plus holdings, not their product."""

    at: frozenset[tuple[str, str, str]]
    within: frozenset[tuple[str, str, str]]

    def holds(self, of: tuple[str, str], there: str, whole: bool) -> bool:
        """Whether a coding or accept of the code ``of`` (``codebook, code``) is ``there``: in
        the unit a reject read, or for a reject of a ``whole`` paragraph, on it or any of its
        units."""
        book, code = of
        return any((b, code, there) in self.at or (whole and (b, code, there) in self.within)
                   for b in ("", book))  # fmt: skip


def _held(store: Store, near: set[str], verdicts: list[_Read]) -> _Held:
    """Where a coder coded a code, accepted a candidate of it or a suggestion of it, in the
    paragraphs ``near`` (its key one of them, or its paragraph's: each row read once and kept
    by a look-up, where a condition per row on every paragraph grew with their product)."""
    rows = store.conn.execute(
        "SELECT '', code, unit_key FROM human_codings "
        f"UNION ALL SELECT codebook, code, unit_key FROM ({ACCEPTED_SPANS})"
    )
    found = {(str(b), str(c), str(k)) for b, c, k in rows}
    found.update((b, c, k) for v, _w, _s, b, c, _at, k in verdicts if v == "accept")
    heads = {k: paragraph_key(k) for k in {k for _b, _c, k in found}}
    found = {(b, c, k) for b, c, k in found if k in near or heads[k] in near}
    return _Held(frozenset(found), frozenset((b, c, heads[k]) for b, c, k in found))
