"""Codings of a whole paragraph: what a coding made at paragraph level without a span is.

An import at ``--level paragraph`` of a row without a span says the operative or preambular
paragraph carries the code, not which of its units does. A coding sits in one unit, so it is
placed on the paragraph's opening unit (:meth:`normtrace.coding.levels.LevelUnit.opening`),
and its coder marked the paragraph reviewed at paragraph level. Read unit by unit, such a
coding is no coding of the opening unit's words: training leaves it out at ``unit`` level,
agreement does not read it as a reading of that unit, and counts take it as an occurrence of
the code in the paragraph, which another coding of the code there already is.

It is recognised by the level its event records (migration 0017): an import at paragraph
level writes ``paragraph`` on a coding without a span, ``unit`` on every other; the workbench,
``code add``, coding search hits and accepting a candidate code spans of a unit and write
``unit``; a coding re-anchored by a new version, or moved to another code by a merge, reads
the level of the coding it moves. A coding recorded at
paragraph level codes its paragraph whole when the paragraph has several units; one recorded
at unit level never does, whatever marks its coder made since (a coder who marks the opening
unit "done, nothing applies" at unit level does not turn the paragraph's coding into one of
that unit's words). A paragraph of one unit is that unit: its coding stays a unit's.

A coding recorded before the level was (or by a writer that does not record it) is read by its
shape, as before: a coding of the whole opening unit of a paragraph of several units, by a
coder who marked the paragraph reviewed at paragraph level (a mark not withdrawn, whether or
not its words still stand: a new version that changed a sub-paragraph does not turn the
paragraph's coding into a coding of its opening words) and did not mark the opening unit on
its own. A mark reads the words it read (:func:`~normtrace.coding.human.mark_reach.reading`): a
paragraph-level mark that read one unit only is a mark of that unit.

>>> from normtrace.store.db import Store
>>> whole_paragraph_codings(Store.open(":memory:"), [("ana", "R/op1", 0, 5, "x")])
set()
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from normtrace.coding.human.mark_reach import READ_KEYS, reading
from normtrace.coding.levels import level_units, paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_CODINGS
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: a coding as ``(coder, unit key, start, end, code)``
Coding = tuple[str, str, int, int, str]


def whole_paragraph_codings(
    store: Store, codings: Iterable[Coding], codebook: str | None = None
) -> set[Coding]:
    """Those of ``codings`` that code a paragraph of several units as a whole (see the
    module doc), by their recorded level, else by the marks of ``codebook`` (of every
    codebook when ``None``)."""
    codings = [c for c in codings if c[2] == 0]  # placed from the start of the opening unit
    if not codings:
        return set()
    made_at = recorded_levels(store, {c[1] for c in codings})
    near = {k for c in codings for k in (c[1], paragraph_key(c[1]))}  # the marks that matter
    by_paragraph, by_unit = _marks(store, codebook, near)
    maybe = [c for c in codings if made_at.get(c) == "paragraph" or (
        made_at.get(c) is None and (c[0], c[1]) not in by_unit
        and (c[0], paragraph_key(c[1])) in by_paragraph)]  # fmt: skip
    if not maybe:
        return set()
    paragraphs = {u.key: u for u in level_units(store, "paragraph",
                                                {paragraph_key(c[1]) for c in maybe})}  # fmt: skip
    out = set()
    for c in maybe:
        paragraph = paragraphs.get(paragraph_key(c[1]))
        if paragraph is None or len(paragraph.members) < 2:
            continue  # a paragraph of one unit is that unit
        if made_at.get(c) == "paragraph" or paragraph.opening() == (c[1], c[2], c[3]):
            out.add(c)
    return out


def _recorded(store: Store) -> bool:
    """Whether the project's coding events record their level (migration 0017)."""
    return any(r[1] == "level" for r in store.conn.execute("PRAGMA table_info(coding_events)"))


def recorded_levels(store: Store, keys: set[str]) -> dict[Coding, str]:
    """The level each current human coding on ``keys`` from the start of its unit was
    recorded as made at (a re-anchored coding: that of the coding it moves), where one was."""
    if not keys or not _recorded(store):
        return {}
    rows = store.conn.execute(
        # back along the re-anchorings to a coding whose level was recorded, or to the first
        "WITH RECURSIVE chain(coder, unit_key, start, fin, code, id, level) AS ("
        'SELECT h.coder, h.unit_key, h.start, h."end", h.code, e.reanchors, e.level '
        "FROM human_codings h JOIN coding_events e ON e.id = h.event_id "
        "WHERE h.start = 0 AND h.unit_key IN (SELECT value FROM json_each(?)) "
        "UNION ALL SELECT c.coder, c.unit_key, c.start, c.fin, c.code, e.reanchors, e.level "
        "FROM chain c JOIN coding_events e ON e.id = c.id WHERE c.level IS NULL) "
        "SELECT coder, unit_key, start, fin, code, level FROM chain WHERE level IS NOT NULL",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    )
    return {(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4])): str(r[5]) for r in rows}


def _marks(
    store: Store, codebook: str | None, keys: set[str]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """``(coder, key)`` of every mark on ``keys`` not withdrawn (the latest row of its group
    is a "done"), standing or not, of ``codebook`` (of every one when ``None``): those that
    read a paragraph, and those that read a unit (:func:`~normtrace.coding.human.mark_reach.
    reading`)."""
    if not has_table(store, "coding_reviews"):
        return set(), set()
    rows = store.conn.execute(
        f"SELECT r.coder, r.unit_key, r.level, {READ_KEYS} FROM coding_reviews r "
        "WHERE r.action = 'done' AND r.unit_key IN (SELECT value FROM "
        "json_each(?)) AND (? IS NULL OR r.codebook = ?) AND NOT EXISTS (SELECT 1 FROM "
        "coding_reviews l WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = "
        "r.level AND l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id)",
        (json.dumps(sorted(keys), ensure_ascii=False), codebook, codebook),
    ).fetchall()
    by: dict[str, set[tuple[str, str]]] = {"paragraph": set(), "unit": set()}
    for coder, key, level, read in rows:
        at, _ = reading(str(level), str(key), None if read is None else json.loads(read))
        by[at].add((str(coder), str(key)))
    return by["paragraph"], by["unit"]


def _from_the_start(store: Store) -> list[Coding]:
    """The human codings whose words stand (:data:`~normtrace.coding.placed.PLACED_CODINGS`)
    from the start of their unit: only such a coding can be one of a whole paragraph; none
    where no coder marked a paragraph at paragraph level and no coding is recorded as made at
    paragraph level: a project without either pays two look-ups."""
    marked = (
        has_table(store, "coding_reviews")
        and store.conn.execute(
            "SELECT 1 FROM coding_reviews WHERE level = 'paragraph' LIMIT 1"
        ).fetchone()
        is not None
    )
    recorded = (
        _recorded(store)
        and store.conn.execute(
            "SELECT 1 FROM coding_events WHERE level = 'paragraph' LIMIT 1"
        ).fetchone()
        is not None
    )
    if not (marked or recorded):
        return []
    rows = store.conn.execute(
        f'SELECT coder, unit_key, start, "end", code FROM ({PLACED_CODINGS}) WHERE start = 0'
    )
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in rows]


def placed_whole_paragraph_codings(store: Store) -> set[Coding]:
    """The human codings whose words stand that code a whole paragraph
    (:func:`whole_paragraph_codings`, by every codebook's marks)."""
    return whole_paragraph_codings(store, _from_the_start(store))


def whole_paragraph_spans(store: Store) -> set[tuple[str, int, int, str]]:
    """``(unit_key, start, end, code)`` of the spans held only as codings of a whole paragraph:
    where some coder holds the same span as a coding of the unit, or accepted a candidate
    there, it is that unit's words (what counts read as such)."""
    placed = _from_the_start(store)
    whole = whole_paragraph_codings(store, placed)
    if not whole:
        return set()
    keys = json.dumps(sorted({c[1] for c in whole}), ensure_ascii=False)
    accepted = store.conn.execute(
        f'SELECT unit_key, start, "end", code FROM ({ACCEPTED_SPANS}) WHERE start = 0 '
        "AND unit_key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    others = {(c[1], c[2], c[3], c[4]) for c in placed if c not in whole}
    others |= {(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in accepted}
    return {(c[1], c[2], c[3], c[4]) for c in whole} - others
