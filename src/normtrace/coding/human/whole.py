"""Codings of a whole paragraph: what a coding made at paragraph level without a span is.

An import at ``--level paragraph`` of a row without a span says the operative or preambular
paragraph carries the code, not which of its units does. A coding sits in one unit, so it is
placed on the paragraph's opening unit (:meth:`normtrace.coding.levels.LevelUnit.opening`),
and its coder marked the paragraph reviewed at paragraph level. Read unit by unit, such a
coding is no coding of the opening unit's words: training leaves it out at ``unit`` level,
agreement does not read it as a reading of that unit, and counts take it as an occurrence of
the code in the paragraph, which another coding of the code there already is.

It is recognised by that shape: a coding of the whole opening unit of a paragraph of several
units, by a coder who marked the paragraph reviewed at paragraph level (a mark not withdrawn,
whether or not its words still stand: a new version that changed a sub-paragraph does not
turn the paragraph's coding into a coding of its opening words) and did not mark the opening
unit on its own. A paragraph of one unit is that unit: its coding stays a unit's.

>>> from normtrace.store.db import Store
>>> whole_paragraph_codings(Store.open(":memory:"), [("ana", "R/op1", 0, 5, "x")])
set()
"""

from __future__ import annotations

import json
from collections.abc import Iterable

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
    module doc), by the marks of ``codebook`` (of every codebook when ``None``)."""
    codings = list(codings)
    if not codings or not has_table(store, "coding_reviews"):
        return set()
    # every mark not withdrawn (the latest row of its group is a "done"), standing or not
    rows = store.conn.execute(
        "SELECT r.coder, r.unit_key, r.level FROM coding_reviews r WHERE r.action = 'done' "
        "AND (? IS NULL OR r.codebook = ?) AND NOT EXISTS (SELECT 1 FROM coding_reviews l "
        "WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level "
        "AND l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id)",
        (codebook, codebook),
    ).fetchall()
    by_paragraph = {(str(r[0]), str(r[1])) for r in rows if r[2] == "paragraph"}
    by_unit = {(str(r[0]), str(r[1])) for r in rows if r[2] == "unit"}
    maybe = [c for c in codings if c[2] == 0 and (c[0], c[1]) not in by_unit
             and (c[0], paragraph_key(c[1])) in by_paragraph]  # fmt: skip
    if not maybe:
        return set()
    paragraphs = {u.key: u for u in level_units(store, "paragraph",
                                                {paragraph_key(c[1]) for c in maybe})}  # fmt: skip
    out = set()
    for c in maybe:
        paragraph = paragraphs.get(paragraph_key(c[1]))
        if (paragraph is not None and len(paragraph.members) > 1
                and paragraph.opening() == (c[1], c[2], c[3])):  # fmt: skip
            out.add(c)
    return out


def _from_the_start(store: Store) -> list[Coding]:
    """The human codings whose words stand (:data:`~normtrace.coding.placed.PLACED_CODINGS`)
    from the start of their unit: only such a coding can be one of a whole paragraph; none
    where no coder marked a paragraph at paragraph level: a project without such marks pays
    one look-up."""
    if (
        not has_table(store, "coding_reviews")
        or store.conn.execute(
            "SELECT 1 FROM coding_reviews WHERE level = 'paragraph' LIMIT 1"
        ).fetchone()
        is None
    ):
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
