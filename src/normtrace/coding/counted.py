"""What the counts use: each code's measured error as every count reads it.

``freq`` (by default), ``first``, the case report and the web app's code page count stored
units, so they read each code's measurement at :data:`~normtrace.coding.levels.COUNTED_LEVEL`
(:func:`~normtrace.coding.validity.code_validity` at that level, for the codebook's current
version). What ``code validate`` and the web app's validation page call "used by the counts"
is that measurement (:func:`counted_validity`), whatever level the run they show was made at:
a paragraph-level run measures what ``freq --level paragraph`` counts.

The level rule takes the newest run at the counted level that labelled a code, so a draw at
the other level (``code sample --level paragraph``) that a run holds labelled through is read
by no count once a unit-level run labelled the code (a paragraph's labels label its units):
:func:`unread_draws` names it, per code, in one line.
"""

from __future__ import annotations

from collections.abc import Mapping

from normtrace.coding.draw_validity import carried, estimate_of, other_level
from normtrace.coding.levels import COUNTED_LEVEL, LEVELS
from normtrace.coding.measured_error import CodeValidity
from normtrace.store.db import Store

__all__ = ["counted_validity", "unread_draws"]


def counted_validity(store: Store, codebook: str) -> dict[str, CodeValidity]:
    """The measured error of each code of ``codebook`` that the counts use: at
    :data:`~normtrace.coding.levels.COUNTED_LEVEL`, for the codebook's current version, as
    ``freq --codebook`` reads it.

    Raises:
        NotFoundError: the project has no codebook of that name.
    """
    from normtrace.coding.dictionary.apply import stored_codebook
    from normtrace.coding.validity import code_validity

    version = stored_codebook(store, codebook).version
    return code_validity(store, codebook, version, level=COUNTED_LEVEL)


def unread_draws(
    store: Store, codebook: str, counted: Mapping[str, CodeValidity]
) -> dict[str, str]:
    """Per code, a line naming the draw at a level the counts do not read that the newest
    run at that level holds labelled through, when the counts' measurement (``counted``:
    :func:`counted_validity`'s) does not read it: ``draw 1 (seed 3) of paragraphs is labelled
    through and validation run 4 holds it, but no count reads it: they read the unit level,
    where validation run 3 (unit level) measured the code (`freq --level paragraph` reads
    the draw)``."""
    from normtrace.coding.learn.validate import latest_validation

    out: dict[str, str] = {}
    for level in (x for x in LEVELS if x != COUNTED_LEVEL):
        run = latest_validation(store, codebook, level=level)
        if run is None:
            continue
        for code in dict.fromkeys(d.code for d in run.draw_scores):
            d, _ = estimate_of(run, code)
            v = counted.get(code)
            if d is None or v is None or code in out or carried(v, d):
                continue
            out[code] = (f"draw {d.draw} (seed {d.seed}) of {level}s is labelled through and "
                         f"validation run {run.run_id} holds it, but no count reads it: "
                         f"{other_level(v, d)}")  # fmt: skip
    return out
