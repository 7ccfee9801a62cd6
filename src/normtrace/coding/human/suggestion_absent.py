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
accepted a candidate of C there, or accepted a suggestion of C there (an accept on the unit,
or on the paragraph or one of its units) — as for marks (migrations 0012/0013).

Which suggestion verdicts stand, and where each reads, is the one rule of
:func:`~normtrace.coding.human.verdicts_now.verdicts_now`: each coder's latest verdict per
code and target (an accept the coder later replaced by a reject of a later run's suggestion
holds nothing, and a reject they later replaced by an accept reads nothing as absent), read
where its words stand (a paragraph-level verdict on what is now one unit's words reads that
unit; one whose words a new version changed says nothing, and its candidates count again).

>>> from normtrace.store.db import Store
>>> rejected_candidates(Store.open(":memory:"))
{}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.human.verdicts_now import Said, verdicts_now
from normtrace.coding.levels import level_units, paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS
from normtrace.coding.units import has_table
from normtrace.store.db import Store


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
    verdicts = verdicts_now(store, codebook)
    rejects = [v for v in verdicts if not v.accepted]
    if not rejects:
        return {}
    members = _members(store, {v.key for v in rejects if v.at == "paragraph"})
    # (codebook, code, unit) → the rejects that reach it, each with what "there" is for it
    # (the unit it read, or the paragraph)
    reach: dict[tuple[str, str, str], list[tuple[str, int, str, bool]]] = {}
    for v in rejects:
        whole = v.at == "paragraph"
        for unit in members[v.key] if whole else (v.key,):
            reach.setdefault((v.codebook, v.code, unit), []).append(
                (v.coder, v.suggestion_id, v.key, whole)
            )
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


def _held(store: Store, near: set[str], verdicts: list[Said]) -> _Held:
    """Where a coder coded a code, accepted a candidate of it or a suggestion of it, in the
    paragraphs ``near`` (its key one of them, or its paragraph's: each row read once and kept
    by a look-up, where a condition per row on every paragraph grew with their product)."""
    rows = store.conn.execute(
        "SELECT '', code, unit_key FROM human_codings "
        f"UNION ALL SELECT codebook, code, unit_key FROM ({ACCEPTED_SPANS})"
    )
    found = {(str(b), str(c), str(k)) for b, c, k in rows}
    found.update((v.codebook, v.code, v.key) for v in verdicts if v.accepted)
    heads = {k: paragraph_key(k) for k in {k for _b, _c, k in found}}
    found = {(b, c, k) for b, c, k in found if k in near or heads[k] in near}
    return _Held(frozenset(found), frozenset((b, c, heads[k]) for b, c, k in found))
