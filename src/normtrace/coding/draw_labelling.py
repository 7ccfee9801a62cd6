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
one not withdrawn, :func:`~normtrace.coding.draw_estimate.draw_scores`). ``code draws`` and the
Assignments page list the draws with it (:func:`draw_progress`; a withdrawn draw too, as
withdrawn: :mod:`normtrace.coding.draw_withdrawal`), and ``code draws DRAW_ID`` one draw's
keys in coding order, each labelled or not (:func:`draw_keys`).

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
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store

__all__ = ["DrawKey", "DrawKeys", "DrawProgress", "draw_by_id", "draw_keys", "draw_progress",
           "reading_units"]  # fmt: skip


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
        labelled-through draw of each code and level that is not withdrawn)."""
        return self.labelled == self.units

    @property
    def state(self) -> str:
        """``withdrawn`` (it counts in no estimate, however labelled), ``labelled through``
        or ``labelling``."""
        if self.draw.withdrawn is not None:
            return "withdrawn"
        return "labelled through" if self.complete else "labelling"


@dataclass(frozen=True)
class DrawKey:
    """A drawn target in coding order, and whether it is labelled for the draw's code now."""

    position: int
    key: str
    labelled: bool


@dataclass(frozen=True)
class DrawKeys:
    """A recorded draw's drawn targets in coding order (``code sample`` listed them so), each
    with whether it is labelled now; ``progress`` counts the census too."""

    progress: DrawProgress
    keys: tuple[DrawKey, ...]


def draw_by_id(store: Store, draw_id: int) -> Draw:
    """The recorded draw ``draw_id``, withdrawn or not (``Draw.withdrawn`` says).

    Raises:
        NotFoundError: no draw has that id.
    """
    row = None
    if has_table(store, "sample_draws"):
        row = store.conn.execute(
            "SELECT codebook FROM sample_draws WHERE id = ?", (draw_id,)
        ).fetchone()
    every = [] if row is None else draws(store, str(row[0]), include_withdrawn=True)
    found = [d for d in every if d.id == draw_id]
    if not found:
        raise NotFoundError("draw", str(draw_id), hint="`normtrace code draws` lists the draws")
    return found[0]


def draw_progress(
    store: Store,
    *,
    codebook: str | None = None,
    code: str | None = None,
    level: str | None = None,
) -> list[DrawProgress]:
    """Every recorded draw of the project (of ``codebook``, of ``code``, at ``level``, or
    any), withdrawn ones too (``DrawProgress.state``), newest first, with how many of its units
    are labelled for its code now (the module doc); a draw of a codebook no longer registered
    counts none. What ``code draws`` and the web Assignments page list."""
    if not has_table(store, "sample_draws"):
        return []
    books = [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT codebook FROM sample_draws WHERE ? IS NULL OR codebook = ? "
        "ORDER BY codebook", (codebook, codebook))]  # fmt: skip
    out: list[DrawProgress] = []
    for name in books:
        found = draws(store, name, code=code, level=level, include_withdrawn=True)
        done = _labelled_units(store, name, found)
        out += [DrawProgress(d, len(done[d.id])) for d in found]
    return sorted(out, key=lambda p: -p.draw.id)


def draw_keys(store: Store, draw_id: int) -> DrawKeys:
    """Draw ``draw_id``'s drawn targets in coding order, each with whether it is labelled for
    the draw's code now (as :func:`draw_progress` counts), withdrawn or not: what
    ``code sample`` listed, again (``code draws DRAW_ID``).

    Raises:
        NotFoundError: no draw has that id.
    """
    d = draw_by_id(store, draw_id)
    done = _labelled_units(store, d.codebook, [d])[d.id]
    keys = tuple(DrawKey(i, k, k in done) for i, k in enumerate(d.order, 1))
    return DrawKeys(DrawProgress(d, len(done)), keys)


def _labelled_units(store: Store, codebook: str, found: list[Draw]) -> dict[int, set[str]]:
    """Per draw of ``found`` (draws of ``codebook``), its units (drawn and census) labelled for
    its code at its level now (:func:`~normtrace.coding.learn.labels.collect_labels` of the
    codebook's current version) that still exist; none of a codebook no longer registered."""
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.learn.labels import collect_labels
    from normtrace.coding.levels import level_units

    try:
        book = stored_codebook(store, codebook)
    except NotFoundError:
        return {d.id: set() for d in found}
    out: dict[int, set[str]] = {}
    for level in sorted({d.level for d in found}):
        at = [d for d in found if d.level == level]
        labels = collect_labels(store, book, level)
        # existence is asked only of the draws' own labelled targets, not every label's
        own = set(labels.keys()) & {k for d in at for k in d.units}
        existing = {u.key for u in level_units(store, level, own)}
        for d in at:
            truth = labels.by_code.get(d.code, {})
            out[d.id] = {k for k in d.units if k in truth and k in existing}
    return out


def reading_units(store: Store, draw: Draw) -> list[str]:
    """The keys of the units a coder reads to label ``draw``'s drawn targets (not its census),
    in coding order: each target's unit at ``unit`` level; at ``paragraph`` level each
    paragraph's units in reading order, the paragraph's own and its sub-paragraphs'.

    Raises:
        CodingError: the draw is withdrawn (its units are no validation draw's to label).
        NotFoundError: a drawn target no longer has a unit in the project (re-parsed away).
    """
    if draw.withdrawn is not None:
        raise CodingError(
            f"draw {draw.id} of {draw.code} ({draw.codebook}) is {draw.withdrawn.said()}: it "
            "counts in no estimate, so its units are given to no coder as a draw's; take the "
            f"withdrawal back with `normtrace code withdraw-draw {draw.id} --undo`, or draw "
            "again with `normtrace code sample`"
        )
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
