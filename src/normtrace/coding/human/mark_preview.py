"""What a "done, nothing (else) applies" mark on a unit decides about its pending suggestions.

A mark says that the codes its coder did not apply to the unit do not apply there
(:mod:`~normtrace.coding.human.reviews`). A dictionary candidate of such a code that is still
pending (no verdict of the coder, its words not coded by them) is read as absent under the
mark: it leaves the counts (``freq``, the code page) and becomes a negative in training and
validation. A coder pressing "Done" with such candidates open decides them without a verdict,
so the workbench says which before the mark is made (:func:`pending_a_mark_decides`), and after.

The rule is the ``codings`` view's (migration 0013): a unit-level mark of codebook B on a unit
takes a candidate of B out of the counts when the mark speaks for its code (every code, or the
codes it names: :func:`~normtrace.coding.human.reviews.mark_scope`), the mark's version of B has
the code, and nobody accepted a candidate of that code of B in the unit or coded the code there.
Read for a coder who may not see the others' work (blind coding, ``others=False``), only that
coder's own accepts and codings spare a code, and every candidate without their verdict is
pending: the list then says what the coder's own reading decides, never what another coder did
(a code a current mark of theirs already speaks for is decided already, and not listed).

A paragraph-level mark on an operative or preambular paragraph decides so the candidates of
its own unit and, as the view's paragraph clause reads them, those of every sub-paragraph
under it (:func:`~normtrace.coding.levels.target_clause`), where an accept or a coding of the
code anywhere in the paragraph spares it. A paragraph-level mark on any other unit (a
report's numbered paragraph among them: the view takes none of its sub-paragraphs'
candidates out) decides what a unit-level mark on it does.

>>> from normtrace.store.db import Store
>>> store = Store.open(":memory:")
>>> ask = {"coder": "ana", "codebook": "frames", "unit_key": "S/1/op1"}
>>> pending_a_mark_decides(store, **ask)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
normtrace.errors.NotFoundError: no codebook 'frames' in the project; ...
"""

from __future__ import annotations

from collections.abc import Iterable

from normtrace.coding.dictionary.candidates import Candidate, units_candidates
from normtrace.coding.human.reviews import codebook_version, mark_scope, marks_on_units
from normtrace.coding.levels import check_level, read_whole, target_clause
from normtrace.store.db import Store

#: the status of a candidate that still counts and has no verdict of the reader
PENDING = "pending"


def pending_a_mark_decides(
    store: Store,
    *,
    coder: str,
    codebook: str,
    unit_key: str,
    codes: Iterable[str] | None = None,
    others: bool = True,
    level: str = "unit",
) -> list[Candidate]:
    """The candidates on ``unit_key`` pending for ``coder`` that a "done" mark of ``coder`` at
    ``level`` for ``codebook`` (for ``codes`` only, or every code: ``None``) would read as
    absent, in text order (at paragraph level: the paragraph's own unit's, then each
    sub-paragraph's in key order; see the module doc). ``others``: whether ``coder`` may see
    the other coders' work on the unit (the web's blind rule); with it the list is exactly the
    candidates the mark takes out of the counts.

    Raises:
        NotFoundError: ``codebook`` is not registered.
        CodingError: ``codes`` names no code, or a code ``codebook`` lacks.
    """
    check_level(level)
    version = codebook_version(store, codebook)
    scope = mark_scope(store, codebook, codes)
    has = {
        str(r[0])
        for r in store.conn.execute(
            "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
            "WHERE b.name = ? AND b.version = ?",
            (codebook, version),
        )
    }
    who = None if others else coder
    own = target_clause(unit_key, "unit", "unit_key")
    found = _decided(store, coder, codebook, [unit_key], has, scope, who, own)
    if level == "paragraph" and read_whole(unit_key, (unit_key,)):  # an op or pp paragraph
        clause, params = target_clause(unit_key, "paragraph", "unit_key")
        under = [str(r[0]) for r in store.conn.execute(
            f"SELECT DISTINCT unit_key FROM auto_codings WHERE {clause} AND unit_key != ? "
            "ORDER BY unit_key", (*params, unit_key))]  # fmt: skip
        # work anywhere in the paragraph spares a code; read once for all its sub-paragraphs
        found += _decided(store, coder, codebook, under, has, scope, who, (clause, params))
    return found


def _decided(
    store: Store,
    coder: str,
    codebook: str,
    unit_keys: list[str],
    has: set[str],
    scope: tuple[str, ...] | None,
    who: str | None,
    sparing: tuple[str, tuple[str, ...]],
) -> list[Candidate]:
    """The pending candidates of ``unit_keys`` that a mark decides (the module doc), key by
    key in the order given, each in text order, read in a fixed number of queries however
    many keys: a code is spared by an accept or a coding in the target ``sparing`` names (SQL
    on ``unit_key`` and its parameters: the unit, or for the sub-paragraphs under a mark on a
    paragraph, that paragraph); ``who``: ``None``, or the only coder whose work is read
    (blind)."""
    if not unit_keys:
        return []
    clause, params = sparing
    accepted = {
        str(r[0])
        for r in store.conn.execute(
            f"SELECT code FROM current_verdicts WHERE verdict = 'accept' AND {clause} "
            "AND codebook IS ? AND (? IS NULL OR coder = ?)",
            (*params, codebook, who, who),
        )
    }
    coded = {  # a coding of the code id, of any codebook, spares it (as the view reads it)
        str(r[0])
        for r in store.conn.execute(
            f"SELECT code FROM human_codings WHERE {clause} AND (? IS NULL OR coder = ?)",
            (*params, who, who),
        )
    }
    # blind, a candidate the coder's own mark reads as absent still looks pending to them
    marks = {} if who is None else marks_on_units(store, coder, unit_keys)
    candidates = units_candidates(store, unit_keys, coder=coder, others=who is None)
    out = []
    for key in unit_keys:
        standing = [r for r in marks.get(key, []) if r.codebook == codebook]
        out += [
            c
            for c in candidates.get(key, [])
            if c.status == PENDING
            and c.codebook == codebook
            and (scope is None or c.code in scope)
            and c.code in has
            and c.code not in accepted
            and c.code not in coded
            and not any(r.covers(c.code) for r in standing)
        ]
    return out
