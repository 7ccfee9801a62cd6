"""Where a coder's verdict on a model suggestion stands: the target it judged, and its words.

A verdict judged the suggestion's target (its key, at the level the suggestion was made) as
the target's words were when suggested on (the suggestion's text hash): it counts while the
target at that key still has those words. When a new version moves the words, unchanged, to
exactly one other key (a paragraph inserted before them), the ingest carries the verdict there
(:mod:`~normtrace.coding.human.suggestion_moves`): a new verdict event on the same suggestion
whose own ``unit_key`` and ``text_sha256`` are the new target's, naming the event it carries
(``reanchors``) and the run. Being the coder's latest verdict on that suggestion, it replaces
the one it carries in ``current_suggestion_verdicts``: every reader of :data:`STANDING` reads
the judgement once, at the key where its words stand. The suggestion row (the model's output
for the old key) is not touched, nor is any event.

A verdict reads the words it judged (:func:`reading_levels`), as a "done" mark does
(:func:`~normtrace.coding.human.mark_reach.reading`): a paragraph-level verdict made before
stop 41 on a report's lettered sub-paragraph (``…/p64/d``, then a paragraph of its own), or on
a report's numbered paragraph when its sub-paragraphs were paragraphs of their own (``…/p64``:
the target's words were that one unit's), judged one unit's words. Since stop 41 ``p64`` at
paragraph level joins ``p64/a…``, so the words of its paragraph are not the ones judged; those
of its own unit are. Such a verdict is the coder's verdict on that unit, read at ``unit``
level: there it labels the unit, and at ``paragraph`` level it says what any verdict on one
unit of a paragraph says (an accept: the paragraph carries the code; a reject: nothing of the
paragraph's other units); it is never a verdict on the paragraph's joined words. Which words it
judged is decidable: the verdict records their hash, and it reads the unit only when the
unit's current words have that hash (the coder judged exactly those words). The same holds
for a report's paragraph that had no sub-paragraph when judged and has one now (a new version
added it): its verdict judged that one unit's words, and the ingest does not count it as gone.

Which paragraph-level reading reads one unit is the one rule of marks
(:func:`~normtrace.coding.levels.read_whole`, migration 0018): an operative or preambular
paragraph has always been judged whole at paragraph level, so a verdict on one whose words were
its own unit's judged a paragraph that had no sub-paragraph. When a new version adds one
(``…/op12`` gains ``…/op12/a``), its coder never read it, and the verdict stops counting, as a
"done" mark of that paragraph does (until stop 43 it read on as a verdict on ``…/op12``'s own
unit): the ingest counts it among the verdicts whose words changed.

:func:`standing_verdicts` reads :data:`STANDING` and where each verdict reads once, for a
reader that needs them several times (an agreement: each coder's verdicts, and the accepts
that put a code in a paragraph, :func:`~normtrace.coding.human.mark_reach.carrying_by_coder`).

>>> from normtrace.store.db import Store
>>> Store.open(":memory:").conn.execute(STANDING).fetchall()
[]
>>> reading_levels(Store.open(":memory:"), [("paragraph", "R/p1", "ab12")])
{}
>>> standing_verdicts(Store.open(":memory:")).rows
()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.levels import holds_sub_paragraphs, level_units, paragraph_key, read_whole
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: SQL: each coder's current verdict on each suggestion with the target it judges now (the
#: event's own key and words: the suggestion's, or where an ingest carried a verdict on it,
#: the key its words moved to, which a later verdict on it records too,
#: :func:`~normtrace.coding.learn.suggest.record_suggestion_verdict`): ``event_id, coder, verdict,
#: suggestion_id, codebook, codebook_version, level, code, unit_key, text_sha256, carries``
#: (the event a carried verdict carries, else ``NULL``)
STANDING = (
    "SELECT v.event_id, v.coder, v.verdict, v.suggestion_id, s.codebook, s.codebook_version, "
    "s.level, s.code, "
    "coalesce(e.unit_key, s.unit_key) AS unit_key, "
    "coalesce(e.text_sha256, s.text_sha256) AS text_sha256, "
    "e.reanchors AS carries "
    "FROM current_suggestion_verdicts v JOIN coding_events e ON e.id = v.event_id "
    "JOIN suggestions s ON s.id = v.suggestion_id"
)

#: a verdict as :func:`reading_levels` reads it: the suggestion's level, the verdict's own key
#: and the hash of the words it judged (``level, unit_key, text_sha256`` of :data:`STANDING`)
Judged = tuple[str, str, str]


def reading_levels(store: Store, verdicts: Iterable[Judged]) -> dict[Judged, str]:
    """The level each of ``verdicts`` reads at while the words it judged stand at its key (one
    whose words are gone is left out): its own level where the target there has those words;
    ``unit`` for a paragraph-level verdict on what is now a sub-paragraph, or whose words are
    those of its paragraph's own unit alone where having read that unit alone is no reading of
    the paragraph whole (a report's paragraph: :func:`~normtrace.coding.levels.read_whole`;
    see the module doc)."""
    wanted = set(verdicts)
    out: dict[Judged, str] = {}
    for level in {v[0] for v in wanted}:
        keys = {v[1] for v in wanted if v[0] == level}
        # what is now a sub-paragraph was judged on its own words, and only those
        subs = {k for k in keys if level == "paragraph" and paragraph_key(k) != k}
        now = {u.key: text_sha256(u.text) for u in level_units(store, level, keys - subs)}
        mine = [v for v in wanted if v[0] == level]
        out.update({v: level for v in mine if v[1] not in subs and now.get(v[1]) == v[2]})
        if level != "paragraph":
            continue
        # a paragraph's own unit: a sub-paragraph's, or a head's whose judged words are not
        # its paragraph's now (the one look-up by key for those few), unless a reading of that
        # unit alone read the paragraph whole (levels.read_whole, the rule of marks: an
        # operative or preambular paragraph, which had no sub-paragraph then)
        units = subs | {v[1] for v in mine if v not in out and holds_sub_paragraphs(v[1])
                        and not read_whole(v[1], [v[1]])}  # fmt: skip
        if units:
            own = {u.key: text_sha256(u.text) for u in level_units(store, "unit", units)}
            out.update({v: "unit" for v in mine if v[1] in units and v not in out
                        and own.get(v[1]) == v[2]})  # fmt: skip
    return out


@dataclass(frozen=True)
class Standing:
    """Current suggestion verdicts (:data:`STANDING` rows, oldest first) and the level each
    reads at while its words stand (``at``, aligned with ``rows``: by :func:`reading_levels`;
    ``None`` where the words it judged are gone), read once. Which of them a coder's reading
    is now (the latest per code and target) is
    :func:`~normtrace.coding.human.verdicts_now.verdicts_now`'s one rule."""

    rows: tuple[sqlite3.Row, ...]
    at: tuple[str | None, ...]


def standing_verdicts(store: Store, codebook: str | None = None) -> Standing:
    """Every current suggestion verdict (of ``codebook``'s suggestions, given one) and where
    each reads (:class:`Standing`), read once."""
    if not has_table(store, "current_suggestion_verdicts"):
        return Standing((), ())
    rows = store.conn.execute(
        f"SELECT * FROM ({STANDING}) WHERE (?1 IS NULL OR codebook = ?1) ORDER BY event_id",
        (codebook,),
    ).fetchall()
    judged = [(str(r["level"]), str(r["unit_key"]), str(r["text_sha256"])) for r in rows]
    reads = reading_levels(store, set(judged))
    return Standing(tuple(rows), tuple(reads.get(j) for j in judged))
