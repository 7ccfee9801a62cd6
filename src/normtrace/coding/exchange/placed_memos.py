"""The memos listed with a unit (the workbench's unit page and adjudication page), each with
the words it was written on and where those words are now.

A memo on a coding goes with the coding, by the rule of ``code list`` and the exports
(:func:`~normtrace.coding.exchange.passage_memos.coding_memos`: written on its span, or
where it stood before a new version or its coder's settlement moved it, about its code or
none). So a unit lists:

* its memos on the whole unit (:data:`UNIT`);
* the memos on its codings that stand in place here (:data:`HERE`), also those written
  where such a coding stood before, in this unit or another;
* its other memos on spans: :data:`HERE` while its words stand at its offsets in the
  unit's current text; else :data:`MOVED` when a coding it is on now stands in another unit
  (``moved_to``), or :data:`GONE` (the words left its offsets: changed, removed, or moved
  with a coding that waits for review).

Each is listed with ``words``, the words it was written on (its snippet), never the words
that now stand at its old offsets: after a new version or a move those are other words,
which nobody wrote a memo on. Each is dated by when it was made
(:func:`~normtrace.coding.human.made_at.event_made_sql`: the time an import stated, else
when it was recorded) and listed oldest first, as ``code list`` orders a coding's memos.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from normtrace.coding.exchange.passage_memos import coding_memos
from normtrace.coding.human import events
from normtrace.coding.human.awaiting import listed_for_review
from normtrace.coding.human.events import HumanCoding
from normtrace.coding.human.made_at import event_made_sql, made_order
from normtrace.coding.placed import placed_sql
from normtrace.store.db import Store
from normtrace.store.queries import current_symbol

#: a memo on the whole unit
UNIT = "unit"
#: a memo on a whole document (:func:`document_memos`)
DOCUMENT = "document"
#: a memo whose words stand in this unit now (at its offsets, or where its coding stands)
HERE = "here"
#: a memo whose words left its offsets, on a coding that now stands in another unit
MOVED = "moved"
#: a memo whose words left its offsets, on no coding that stands anywhere now
GONE = "gone"


@dataclass(frozen=True)
class PlacedMemo:
    """A memo listed with a unit (see the module doc)."""

    event_id: int
    coder: str
    memo: str
    #: the code it is about (``None``: none), and the codebook version it names
    code: str | None
    codebook_version: str | None
    #: when it was made (a time an import stated, else when it was recorded)
    at: str
    #: the words it was written on (``None``: on the whole unit)
    words: str | None
    #: :data:`UNIT`, :data:`HERE`, :data:`MOVED` or :data:`GONE` (:data:`DOCUMENT`)
    where: str
    #: for :data:`MOVED`: the unit where the coding it is on stands now
    moved_to: str | None = None


def placed_memos(store: Store, unit_key: str) -> list[PlacedMemo]:
    """The memos listed with ``unit_key`` (see the module doc), oldest first."""
    here = events.human_codings(store, unit_key=unit_key)
    waiting = listed_for_review(store, [c.event_id for c in here])
    standing = [c for c in here if c.event_id not in waiting]
    away = _moved_away(store, unit_key)
    memos = coding_memos(store, [*standing, *away])
    # memo events (not a coding's own memo) on the codings standing here, and on those away
    on_here = {m.event_id for c in standing for m in memos[c.event_id] if m.event_id != c.event_id}
    on_away: dict[int, str] = {}
    for c in away:
        for m in memos[c.event_id]:
            on_away.setdefault(m.event_id, c.unit_key)
    columns = (
        "e.id, e.coder, e.unit_key, e.start, e.snippet, e.code, e.memo, e.codebook_version, "
        f"{event_made_sql('e')} AS made, (e.start IS NOT NULL AND {placed_sql('e')}) AS in_place"
    )
    rows = store.conn.execute(
        f"SELECT {columns} FROM effective_coding_events e WHERE e.action = 'memo' AND "
        f"e.unit_key = ? UNION SELECT {columns} FROM effective_coding_events e WHERE "
        "e.action = 'memo' AND e.id IN (SELECT value FROM json_each(?))",
        (unit_key, json.dumps(sorted(on_here))),
    )
    out = []
    for r in rows:
        event_id, words = int(r["id"]), r["snippet"]
        moved_to = None
        if r["start"] is None:
            where, words = UNIT, None
        elif event_id in on_here or (r["unit_key"] == unit_key and r["in_place"]):
            where = HERE
        elif event_id in on_away:
            where, moved_to = MOVED, on_away[event_id]
        else:
            where = GONE
        out.append(
            PlacedMemo(event_id, str(r["coder"]), str(r["memo"] or ""), r["code"],
                       r["codebook_version"], str(r["made"]), words, where, moved_to)
        )  # fmt: skip
    return _oldest_first(out)


def document_memos(store: Store, document: str, *, coder: str | None = None) -> list[PlacedMemo]:
    """The memos on the whole document ``document`` (any usual spelling of its symbol; memo
    events no undo took back), optionally by one ``coder``, each dated when it was made,
    oldest first, as :func:`placed_memos` lists a unit's: the one list of them, for the
    workbench and ``normtrace code doc-memos``.

    Raises:
        NotFoundError: no current document has that symbol.
    """
    symbol = current_symbol(store, document)
    rows = store.conn.execute(
        f"SELECT e.id, e.coder, e.memo, {event_made_sql('e')} AS made "
        "FROM effective_coding_events e WHERE e.action = 'memo' AND e.document = ? "
        "AND (? IS NULL OR e.coder = ?)",
        (symbol, coder, coder),
    )
    found = [
        PlacedMemo(event_id=int(r["id"]), coder=str(r["coder"]), memo=str(r["memo"] or ""),
                   code=None, codebook_version=None, at=str(r["made"]), words=None, where=DOCUMENT)
        for r in rows
    ]  # fmt: skip
    return _oldest_first(found)


def _oldest_first(memos: list[PlacedMemo]) -> list[PlacedMemo]:
    return sorted(memos, key=lambda m: made_order(m.at, m.event_id))


def _moved_away(store: Store, unit_key: str) -> list[HumanCoding]:
    """The current codings, standing in place in another unit, that a coder's settlement of a
    review moved there from ``unit_key`` (along their ``reanchors`` chains).

    Every move writes an ``uncode`` at the old place naming the moved event (``reanchors``),
    then the ``code`` at the new place naming it too: the moves out of ``unit_key`` are found
    by its own events (an indexed read), and the events after them are read only for units
    that had one."""
    rows = store.conn.execute(
        "SELECT min(id), json_group_array(reanchors) FROM coding_events WHERE unit_key = ? "
        "AND action = 'uncode' AND reanchors IS NOT NULL",
        (unit_key,),
    ).fetchone()
    if rows[0] is None:
        return []
    after, frontier, found = int(rows[0]), json.loads(rows[1]), set()
    while frontier:  # follow each chain on: a coding moved again moves its memos again
        step = store.conn.execute(
            "SELECT id FROM coding_events WHERE id > ? AND action = 'code' AND reanchors IN "
            "(SELECT value FROM json_each(?))",
            (after, json.dumps(frontier)),
        )
        frontier = [int(r[0]) for r in step if int(r[0]) not in found]
        found.update(frontier)
    codings = store.conn.execute(
        'SELECT h.event_id, h.at, h.coder, h.unit_key, h.start, h."end", h.snippet, h.code, '
        "h.memo, h.codebook_version, h.edition, h.codebook FROM human_codings h WHERE "
        f"h.event_id IN (SELECT value FROM json_each(?)) AND h.unit_key != ? AND "
        f"{placed_sql('h')} ORDER BY h.event_id",
        (json.dumps(sorted(found)), unit_key),
    )
    return [HumanCoding(**events.row_dict(r)) for r in codings]
