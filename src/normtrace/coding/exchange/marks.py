"""The review marks an exchange file carries: current "done, nothing (else) applies" marks.

A mark (a row of ``coding_reviews``) says a coder reviewed a unit, or a whole paragraph
at ``paragraph`` level, for a codebook: the codebook's codes that coder did not apply
there are negatives. Tables (:mod:`normtrace.coding.exchange.tables`) and ``.qdpx``
(:mod:`normtrace.coding.exchange.qdpx`) write each current mark once, by coder, level
and key, with the time of that coder's latest row for it: a mark is current while that row
is ``done`` (a withdrawn mark is not carried).

In a ``.qdpx`` a mark is a ``PlainTextSelection`` with no ``Coding`` over the reviewed
unit (at ``paragraph`` level: the paragraph through its last sub-paragraph), created by
the reviewer at the mark's time, whose ``Description`` says it in words ("Reviewed by
ana for frames (unit level): done, nothing (else) applies.") and, after a line
``--- normtrace ---``, as JSON (``{"review": {"codebook", "level", "unit_key",
"coder"}}``, with ``"codes"`` for a mark of some codes only): :func:`mark_description`,
:func:`described_mark`. The schema allows a selection without codings; programs that keep
one (ATLAS.ti's free quotations) show the sentence.

A table carries a mark of some codes only ("done for these codes") as a row of its own
whose ``reviewed`` cell names them (``unit for poc stabilization``).

>>> from normtrace.store.db import Store
>>> marked_codebooks(Store.open(":memory:"))
[]

The marks themselves are :func:`normtrace.coding.human.reviews.current_reviews`.
"""

from __future__ import annotations

import json
from typing import Any

from normtrace.coding.exchange.qdc import MARKER
from normtrace.coding.human.reviews import CURRENT_REVIEWS_SQL, Review, narrowed_versions
from normtrace.coding.levels import check_level
from normtrace.coding.units import has_table
from normtrace.errors import CodingError
from normtrace.store.db import Store


def marks_sql(store: Store) -> str | None:
    """SQL of the current marks as exports carry them (columns ``id, at, coder, codebook,
    codebook_version, level, unit_key, source, codes``; one row per codebook, coder, level, key
    and scope: :data:`~normtrace.coding.human.reviews.CURRENT_REVIEWS_SQL`), or ``None`` when
    the project keeps no reviews. ``codes`` is what the mark speaks for
    (:attr:`~normtrace.coding.human.reviews.Review.scope`): a mark of every code made under a
    version that lacked codes of the latest one names its version's codes, so the file does
    not widen it to codes its coder never read for."""
    if not has_table(store, "coding_reviews"):
        return None
    # the narrowed versions, read once (reviews.narrowed_versions: the one rule) and written
    # into the query as literals: a correlated subquery per mark made exports ten times slower
    cases = []
    for book in marked_codebooks(store):
        for version, codes in narrowed_versions(store, book).items():
            cases.append(
                f"WHEN r.codebook = {_literal(book)} AND r.codebook_version = "
                f"{_literal(version)} THEN {_literal(json.dumps(list(codes)))}"
            )
    scope = f"CASE WHEN r.codes IS NULL THEN CASE {' '.join(cases)} END ELSE r.codes END" if (
        cases) else "r.codes"  # fmt: skip
    return (
        "SELECT r.id, r.at, r.coder, r.codebook, r.codebook_version, r.level, r.unit_key, "
        f"r.source, {scope} AS codes FROM ({CURRENT_REVIEWS_SQL}) r"
    )


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def marked_codebooks(store: Store) -> list[str]:
    """The codebooks that hold current marks (of every code or of some), by name."""
    if not has_table(store, "coding_reviews"):
        return []
    rows = store.conn.execute(f"SELECT DISTINCT codebook FROM ({CURRENT_REVIEWS_SQL}) ORDER BY 1")
    return [str(r[0]) for r in rows]


def mark_description(mark: Review) -> str:
    """A mark in words, then after a line ``--- normtrace ---`` as JSON (how a ``.qdpx``
    carries it: :func:`described_mark` reads it back)."""
    review: dict[str, Any] = {"codebook": mark.codebook, "level": mark.level,
                              "unit_key": mark.key, "coder": mark.coder}  # fmt: skip
    what = ""
    if mark.scope is not None:
        review["codes"] = list(mark.scope)
        what = f", codes {', '.join(mark.scope)} only"
    meta = {"review": review}
    return (
        f"Reviewed by {mark.coder} for {mark.codebook} ({mark.level} level{what}): done, "
        f"nothing (else) applies.\n{MARKER}\n{json.dumps(meta, ensure_ascii=False)}"
    )


#: a mark read from a file: (level, unit key, coder, codes or ``None`` for every code)
Described = tuple[str, str, str, tuple[str, ...] | None]
#: a mark placed in a project: (coder, level, unit key, codes or ``None``)
Placed = tuple[str, str, str, tuple[str, ...] | None]


def described_json(text: str) -> Any:
    """The JSON a ``.qdpx`` ``Description`` carries after ``--- normtrace ---`` (a mark's, a
    coding's level), else ``None``."""
    if MARKER not in text:
        return None
    try:
        return json.loads(text.split(MARKER, 1)[1])
    except json.JSONDecodeError:
        return None


def described_mark(text: str, codebook: str, where: str) -> Described | None:
    """(level, unit key, coder, codes) of the mark a :func:`mark_description` text carries,
    or ``None`` when ``text`` carries none.

    Raises:
        CodingError: the mark is of another codebook than ``codebook``, or names no
            level or key, or its codes are not a list of code ids (``where`` says which).
    """
    value = described_json(text)
    review = value.get("review") if isinstance(value, dict) else None
    if not isinstance(review, dict):
        return None
    if review.get("codebook") != codebook:
        raise CodingError(
            f"{where} is for codebook {review.get('codebook')!r}, not {codebook!r}; "
            "the file was edited: export it again"
        )
    key, level, coder = review.get("unit_key"), review.get("level"), review.get("coder")
    if not isinstance(key, str) or not isinstance(level, str) or level not in ("unit", "paragraph"):
        raise CodingError(f"{where} names no unit_key and level (unit or paragraph)")
    codes = review.get("codes")
    if codes is not None and (
        not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes)
    ):
        raise CodingError(f"{where} has codes that are not a list of code ids; the file was "
                          "edited: export it again")  # fmt: skip
    scope = None if codes is None else tuple(sorted(set(codes)))
    return check_level(level), key, coder if isinstance(coder, str) else "", scope


def placed_mark(
    found: Described,
    at: tuple[int, int],
    target: tuple[int, int] | None,
    where: str,
    creator: str = "",
) -> Placed:
    """(coder, level, key, codes) of a mark ``found`` (:func:`described_mark`) read from a
    selection ``at``, checked to cover its target, which spans ``target`` in the source's
    text (``None``: absent there); the coder is the selection's ``creator`` if known.

    Raises:
        CodingError: the selection does not cover the target (``where`` says which mark).
    """
    level, key, coder, codes = found
    if target != at:
        raise CodingError(
            f"{where} covers [{at[0]}:{at[1]}], not {key} at {level} level; the file was "
            "edited: export it again"
        )
    return creator or coder or "imported", level, key, codes
