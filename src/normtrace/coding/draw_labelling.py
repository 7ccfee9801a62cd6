"""Labelling a recorded validation draw (:mod:`normtrace.coding.sample_draw`): the units coders
read to label it, and how far it is labelled (the draws of a project with, for each, how many
of its units are labelled for its code now).

The count is the one ``code validate`` makes (:class:`~normtrace.coding.draw_estimate.
DrawScore`'s ``coded`` and ``targets``): a unit of the draw, drawn or of the census, counts when
it is labelled for the draw's code at the draw's level
(:func:`~normtrace.coding.learn.labels.collect_labels` of the codebook's current version) and
still exists (:func:`~normtrace.coding.levels.level_units`, the targets whose texts validation
reads); the draw is labelled through when every one counts, and only then can give its weighted
estimate (``code validate`` weights one draw per code and level: the newest labelled-through
one, :func:`~normtrace.coding.draw_estimate.draw_scores`). The Assignments page lists the
draws with it, beside the form that makes one.

A drawn target at ``unit`` level is one unit; at ``paragraph`` level it is a paragraph read
with its sub-paragraphs (:func:`~normtrace.coding.levels.target_clause`), so the units given to
a coder for it are all of them (:func:`reading_units`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from normtrace.coding.levels import target_clause
from normtrace.coding.sample_draw import Draw, draws
from normtrace.coding.units import has_table
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

__all__ = ["DrawProgress", "draw_by_id", "draw_progress", "reading_units"]


@dataclass(frozen=True)
class DrawProgress:
    """A recorded draw and how many of its units are labelled for its code now."""

    draw: Draw
    #: the draw's units (drawn and census) labelled for its code, as ``code validate`` counts
    labelled: int

    @property
    def units(self) -> int:
        """Every unit of the draw: those drawn and the census labelled before it (what
        ``code validate`` calls its targets)."""
        return sum(s.sampled for s in self.draw.strata)

    @property
    def drawn(self) -> int:
        """The units drawn (not the census), in coding order."""
        return len(self.draw.order)

    @property
    def complete(self) -> bool:
        """Every unit is labelled: ``code validate`` may weight the draw (it weights the newest
        labelled-through draw of each code and level)."""
        return self.labelled == self.units


def draw_by_id(store: Store, draw_id: int) -> Draw:
    """The recorded draw ``draw_id``.

    Raises:
        NotFoundError: no draw has that id.
    """
    row = None
    if has_table(store, "sample_draws"):
        row = store.conn.execute(
            "SELECT codebook FROM sample_draws WHERE id = ?", (draw_id,)
        ).fetchone()
    found = [] if row is None else [d for d in draws(store, str(row[0])) if d.id == draw_id]
    if not found:
        raise NotFoundError("draw", str(draw_id), hint="`normtrace code sample` records draws")
    return found[0]


def draw_progress(store: Store) -> list[DrawProgress]:
    """Every recorded draw of the project, newest first, with how many of its units are
    labelled for its code now (the module doc); a draw of a codebook no longer registered
    counts none."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.learn.labels import collect_labels
    from normtrace.coding.levels import level_units

    if not has_table(store, "sample_draws"):
        return []
    books = [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT codebook FROM sample_draws ORDER BY codebook")]  # fmt: skip
    out: list[DrawProgress] = []
    for name in books:
        found = draws(store, name)
        try:
            book = stored_codebook(store, name)
        except NotFoundError:
            out += [DrawProgress(d, 0) for d in found]
            continue
        for level in sorted({d.level for d in found}):
            at = [d for d in found if d.level == level]
            labels = collect_labels(store, book, level)
            # existence is asked only of the draws' own labelled targets, not every label's
            own = set(labels.keys()) & {k for d in at for k in d.units}
            existing = {u.key for u in level_units(store, level, own)}
            for d in at:
                truth = labels.by_code.get(d.code, {})
                out.append(DrawProgress(d, sum(1 for k in d.units if k in truth and k in existing)))
    return sorted(out, key=lambda p: -p.draw.id)


def reading_units(store: Store, draw: Draw) -> list[str]:
    """The keys of the units a coder reads to label ``draw``'s drawn targets (not its census),
    in coding order: each target's unit at ``unit`` level; at ``paragraph`` level each
    paragraph's units in reading order, the paragraph's own and its sub-paragraphs'.

    Raises:
        NotFoundError: a drawn target no longer has a unit in the project (re-parsed away).
    """
    if draw.level == "unit":
        found = {str(r[0]) for r in store.conn.execute(
            "SELECT key FROM units WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(draw.order)),))}  # fmt: skip
        keys = list(draw.order)
    else:
        keys, found = [], set()
        for target in draw.order:
            clause, params = target_clause(target, "paragraph")
            held = [str(r[0]) for r in store.conn.execute(
                f"SELECT key FROM units WHERE {clause} ORDER BY document_id, ord, key",
                params)]  # fmt: skip
            keys += held
            found.update([target] if held else [])
    gone = [k for k in draw.order if k not in found]
    if gone:
        raise NotFoundError(
            f"{draw.level} of draw {draw.id}", gone[0],
            hint=f"{len(gone)} of its targets are no longer in the project (re-parsed?): "
            "draw again with `normtrace code sample`",
        )  # fmt: skip
    return list(dict.fromkeys(keys))
