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
    held = _held(store, units, members, verdicts)
    out: dict[int, list[tuple[str, int]]] = {}
    for row in store.conn.execute(
        "SELECT id, unit_key, code, codebook FROM current_auto_codings "
        "WHERE unit_key IN (SELECT value FROM json_each(?))",
        (json.dumps(units, ensure_ascii=False),),
    ):
        slot = (str(row[3]), str(row[2]), str(row[1]))
        said = {(c, s) for c, s, there, whole in reach.get(slot, ())
                if not _is_held(held, slot[:2], there, whole)}  # fmt: skip
        if said:
            out[int(row[0])] = sorted(said)
    return out


#: what puts a code in a unit: ``(codebook or "", code, unit)``; a human coding counts for
#: every codebook (``""``), as for marks
_Held = set[tuple[str, str, str]]


def _held(
    store: Store, units: list[str], members: dict[str, tuple[str, ...]], verdicts: list[_Read]
) -> _Held:
    """Where a coder coded a code, accepted a candidate of it or a suggestion of it, in the
    paragraphs holding ``units``."""
    paragraphs = sorted({paragraph_key(u) for u in units} | set(members))
    near = json.dumps(paragraphs, ensure_ascii=False)
    held: _Held = set()
    in_paragraphs = (
        "(unit_key IN (SELECT value FROM json_each(?)) OR EXISTS (SELECT 1 FROM json_each(?) "
        "j WHERE unit_key > j.value || '/' AND unit_key < j.value || '0'))"
    )
    for code, key in store.conn.execute(
        f"SELECT code, unit_key FROM human_codings WHERE {in_paragraphs}", (near, near)
    ):
        held.add(("", str(code), str(key)))
    for book, code, key in store.conn.execute(
        f"SELECT codebook, code, unit_key FROM ({ACCEPTED_SPANS}) WHERE {in_paragraphs}",
        (near, near),
    ):
        held.add((str(book), str(code), str(key)))
    for verdict, _coder, _sid, book, code, _at, key in verdicts:
        if verdict == "accept":
            held.add((book, code, key))
    return held


def _is_held(held: _Held, of: tuple[str, str], there: str, whole: bool) -> bool:
    """Whether a coding or accept of the code ``of`` (``codebook, code``) is ``there``: in the
    unit a reject read, or for a reject of a ``whole`` paragraph, on it or any of its units."""
    book, code = of
    return any(
        c == code and b in ("", book) and (k == there or (whole and paragraph_key(k) == there))
        for b, c, k in held
    )
