"""Reviews: "done, nothing (else) applies" — a coder looked at a unit for a codebook's codes.

A review makes negatives possible: every code of the codebook that the coder did
not apply to a reviewed unit (or paragraph, at ``paragraph`` level) is absent there.
Reviews are append-only rows of ``coding_reviews`` (the table refuses updates); a
coder withdraws a mark by appending an ``undone`` row. A mark is a reading of words
(:mod:`~normtrace.coding.human.mark_texts`): it is current while the words it read stand,
as the coder's latest such reading not withdrawn after it (:func:`current_reviews`).

A mark speaks for every code of its codebook, or only for the codes it names ("done for
these codes", ``codes``): a coder who read a unit for three frames leaves the other codes
unlabelled there. "Every code" is every code of the version the mark was made under: a code a
later version added was never read for, so such a mark speaks for the codes its version had
(:attr:`Review.within`), in labels, agreement and exports alike. Marks of different scopes
on one target are separate marks, each withdrawn on its own; a target is reviewed for a code
under any current mark that speaks for it (:meth:`Review.covers`).

Marks count across levels as :mod:`~normtrace.coding.human.mark_reach` says, the one rule:
at ``paragraph`` level a paragraph is reviewed when it was marked whole or when every one of
its units was marked; at ``unit`` level a paragraph of one unit is that unit, and the units of
a paragraph of several units judged whole are negatives for the codes the paragraph does not
carry and only *touched* for those it does (it does not say which sub-paragraph carries
them): not negatives, but not left to the machine either. So is a paragraph only some of
whose units were marked, at ``paragraph`` level.

>>> from normtrace.store.db import Store
>>> reviewed_keys(Store.open(":memory:"), "frames", "paragraph")
set()
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.human.mark_reach import (
    READ_KEYS,
    Reach,
    carrying_paragraphs,
    paragraph_units,
    reach,
)
from normtrace.coding.human.mark_texts import STALE_SQL, earlier_texts, read_texts
from normtrace.coding.levels import check_level, paragraph_key, target_clause
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now


def codebook_version(store: Store, codebook: str) -> str:
    """The current version of codebook ``codebook`` (the one last put in use: registered, or
    applied again)."""
    row = store.conn.execute(
        "SELECT version FROM current_codebooks WHERE name = ?", (codebook,)
    ).fetchone()
    if row is None:
        raise NotFoundError("codebook", codebook, hint="register it with `normtrace code apply`")
    return str(row["version"])


@dataclass(frozen=True)
class Review:
    """A current "done, nothing (else) applies" mark: its coder's latest row for it (``id``,
    ``at``) of codebook ``codebook``, on unit or paragraph ``key`` at ``level``."""

    id: int
    codebook: str
    key: str
    level: str
    coder: str
    at: str
    codebook_version: str
    source: str
    #: the codes the mark speaks for (sorted), or ``None``: every code of its codebook version
    codes: tuple[str, ...] | None = None
    #: for a mark of every code made under a version that lacked codable codes the current
    #: version has: that version's codable codes (sorted), the only ones it speaks for
    within: tuple[str, ...] | None = None
    #: at paragraph level, the unit keys whose words it read (``None``: not recorded), which
    #: say what it reads at the other level (:func:`~normtrace.coding.human.mark_reach.reading`)
    read: tuple[str, ...] | None = None

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The codes the mark speaks for (``None``: every code of the current version)."""
        return self.codes if self.codes is not None else self.within

    def covers(self, code: str | None) -> bool:
        """Whether the mark speaks for ``code`` (``None``: for every code, unscoped)."""
        scope = self.scope
        return scope is None or (code is not None and code in scope)


def mark_done(
    store: Store,
    *,
    coder: str,
    codebook: str,
    unit_keys: Iterable[str],
    level: str = "unit",
    source: str = "manual",
    undo: bool = False,
    codes: Iterable[str] | None = None,
    version: str | None = None,
    part_of: int | None = None,
) -> int:
    """Record that ``coder`` reviewed these units (or paragraphs) for ``codebook``, or with
    ``undo`` withdraw ``coder``'s current marks on them (appending, never deleting).
    ``part_of``: the first row of the coder's action these rows are a later part of, written
    just before in the same transaction (undo takes the action back whole,
    :mod:`~normtrace.coding.human.mark_steps`).

    A mark is made under the codebook's current version, or ``version`` (an undo putting a
    mark back as it was: a mark of every code speaks for its version's codes); a withdrawal
    row records the version of the mark it withdraws.

    ``codes``: the mark speaks for these codes of the codebook only (``None``: for all; a
    frame or group code stands for its codes); with ``undo``, the mark of exactly these
    codes is withdrawn (as stored: a code a later version dropped still names it).

    Returns the number of review rows written (one per key, in one transaction; every key
    is checked before anything is written). A key that already holds ``coder``'s current
    mark of this scope gets no second row (marking again changes nothing).

    Raises:
        NotFoundError: the codebook is not registered, or a key is no unit (paragraph).
        CodingError: the coder name is blank; at paragraph level a key names a
            sub-paragraph; ``codes`` is empty or names a code the codebook lacks; with
            ``undo``, a key has no current mark of ``coder`` of that scope.
    """
    check_level(level)
    if not coder or not coder.strip():
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    coder = coder.strip()
    restoring = version
    version = version or codebook_version(store, codebook)
    # a withdrawal names the mark as it stands, whatever the codebook has become since
    scope = stored_scope(codes) if undo else _scope(store, codebook, version, codes)
    keys = list(dict.fromkeys(unit_keys))
    for key in keys:
        _check_key(store, key, level)
    mine = current_reviews(store, codebook, level=level, coder=coder, keys=keys)
    if undo:  # a mark whose words changed no longer counts, yet its coder may withdraw it
        mine += stale_reviews(store, codebook, level=level, coder=coder, keys=keys)
    # a withdrawal names the mark as stored; marking again writes nothing only where a mark
    # already speaks for these codes (a mark of every code made under an older version with
    # fewer codes does not: marking again makes it speak for the new ones too)
    marked = {r.key for r in mine if (r.codes if undo else r.scope) == scope
              and (restoring is None or undo or r.codebook_version == restoring)}  # fmt: skip
    # the version of each mark a withdrawal takes back
    withdrawn = {r.key: r.codebook_version for r in mine if undo and r.codes == scope}
    if undo:
        for key in keys:
            if key not in marked:
                what = "" if scope is None else f" for {', '.join(scope)} only"
                there = [", ".join(r.codes) if r.codes else "every code"
                         for r in mine if r.key == key]  # fmt: skip
                held = f"; {coder}'s marks there: {' | '.join(there)}" if there else ""
                rest = "; nothing was withdrawn" if len(keys) > 1 else ""
                raise CodingError(
                    f"{key} has no current 'done' mark{what} by {coder} for {codebook} at "
                    f"{level} level{held}{rest}; withdraw a mark with the same --code list"
                )
    else:
        keys = [k for k in keys if k not in marked]
    at = utc_now(precise=True)  # ordered against coding events (coding.human.undo)
    action = "undone" if undo else "done"
    stored = None if scope is None else json.dumps(list(scope), ensure_ascii=False)

    # a mark is a reading of words (coding.human.mark_texts): the texts read now, or those of
    # the mark an undo puts back (a withdrawal reads nothing)
    def read(key: str) -> str | None:
        if undo:
            return None
        kept = None if restoring is None else earlier_texts(
            store, coder=coder, codebook=codebook, level=level, key=key, codes=stored,
            version=restoring)  # fmt: skip
        return kept if kept is not None else read_texts(store, key, level)

    rows = [(at, coder, codebook, withdrawn.get(k, version), level, k, source, action, stored,
             read(k), part_of) for k in keys]  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
            "source, action, codes, texts, part_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(keys)


def stored_scope(codes: Iterable[str] | None) -> tuple[str, ...] | None:
    """``codes`` as a stored scope (sorted, once each), unchecked: how a withdrawal names a
    mark whose codes a later version of the codebook may have dropped."""
    if codes is None:
        return None
    named = tuple(sorted({c.strip() for c in codes if c.strip()}))
    if not named:
        raise CodingError(
            "a withdrawal of a 'done' mark for some codes names no code; name the mark's "
            "codes, or leave them out to withdraw the mark of all"
        )
    return named


def mark_scope(store: Store, codebook: str, codes: Iterable[str] | None) -> tuple[str, ...] | None:
    """The codes a mark of ``codebook`` naming ``codes`` speaks for (:func:`_scope`), in its
    latest version; ``None``: every code."""
    return _scope(store, codebook, codebook_version(store, codebook), codes)


def _scope(
    store: Store, codebook: str, version: str, codes: Iterable[str] | None
) -> tuple[str, ...] | None:
    """The codable codes of ``codebook``'s version ``version`` that ``codes`` name, sorted
    (``None`` stays ``None``: the mark speaks for every code): a codable code is itself; a
    frame the codebook declares (``frames:``) stands for its codes, and a group code
    (``codable: false``) for the codable codes under it, so `--code offensive_force`
    speaks for the frame's five codes rather than for a code nothing is coded with."""
    if codes is None:
        return None
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        raise CodingError(f"a 'done' mark for some codes of {codebook} names no code; name "
                          "at least one, or leave the codes out to mark all")  # fmt: skip
    from normtrace.coding.dictionary.apply import stored_codebook

    book = stored_codebook(store, codebook, version)
    codable = {c.id for c in book.codes if c.codable}
    known = {c.id for c in book.codes}
    frames = book.frame_codes()
    out: set[str] = set()
    unknown = []
    for name in wanted:
        if name in codable:
            out.add(name)
        elif name in frames:
            out.update(c for c in frames[name] if c in codable)
        elif name in known:  # a group code: every codable code below it
            out.update(c.id for c in book.descendants(name) if c.codable)
        else:
            unknown.append(name)
    if unknown:
        raise CodingError(
            f"codebook {codebook} ({version}) has no code or frame {', '.join(unknown)}; see "
            f"its codes with `normtrace code export-codebook {codebook}`"
        )
    if not out:
        raise CodingError(f"{', '.join(wanted)} of codebook {codebook} holds no codable code; "
                          "name the codes a coder applies")  # fmt: skip
    return tuple(sorted(out))


#: SQL of the current marks, at most one row per codebook, coder, level, key and scope: that
#: coder's latest ``done`` row for it whose words stand, unless withdrawn after it (columns
#: ``id, at, coder, codebook, codebook_version, level, unit_key, source, codes``; ``codes``
#: NULL or a JSON array)
CURRENT_REVIEWS_SQL = (
    "SELECT id, at, coder, codebook, codebook_version, level, unit_key, source, codes, "
    f"{READ_KEYS} AS read_keys "  # what a paragraph-level mark read (mark_reach.reading)
    "FROM current_done_marks"  # the view the `codings` view reads too (migration 0015)
)


def touched_by_review_sql(
    store: Store, codebook: str, level: str, key: str, code: str, *, only: str | None = None
) -> tuple[str, tuple[str, str]]:
    """An SQL condition and its parameters: a current mark of codebook ``codebook`` that
    speaks for ``code`` touches the target ``key`` at ``level`` (four SQL expressions, e.g.
    column names).

    The targets are those of :func:`review_targets` (its touched set, for every codebook with
    marks, both levels and every code a scoped mark names), passed as two JSON parameters
    (marks of every code; the rest by code), so the rule has one definition and the
    condition runs on read-only connections too. Such a target was judged by a person: a
    machine suggestion on it is no longer open. ``only``: the one codebook the condition is
    asked about (the others' marks are then not read).
    """
    books = [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT codebook FROM coding_reviews WHERE ? IS NULL OR codebook = ?",
        (only, only))]  # fmt: skip
    every: list[str] = []
    scoped: list[str] = []
    for book in books:
        marks = current_reviews(store, book)
        named = sorted({c for m in marks for c in m.scope or ()})
        units_of: dict[str, tuple[str, ...]] = {}  # the units, read once for both levels
        for at in ("unit", "paragraph"):
            by_code = _targets_by_code(store, marks, at, [*named, ""], units_of)
            whole = by_code.pop("")[1]  # "": a code no scoped mark names
            every += [f"{book}\x1f{at}\x1f{k}" for k in sorted(whole)]
            scoped += [f"{book}\x1f{at}\x1f{k}\x1f{c}" for c, (_, touched) in by_code.items()
                       for k in sorted(touched - whole)]  # fmt: skip
    target = f"{codebook} || char(31) || {level} || char(31) || {key}"
    sql = (f"(({target}) IN (SELECT value FROM json_each(?)) OR "
           f"({target} || char(31) || {code}) IN (SELECT value FROM json_each(?)))")  # fmt: skip
    return sql, (json.dumps(every, ensure_ascii=False), json.dumps(scoped, ensure_ascii=False))


def current_reviews(
    store: Store,
    codebook: str,
    *,
    level: str | None = None,
    coder: str | None = None,
    keys: Iterable[str] | None = None,
) -> list[Review]:
    """The current marks of ``codebook`` (at ``level``, by ``coder`` and on ``keys``, or
    all), by level, key and coder (:data:`CURRENT_REVIEWS_SQL`)."""
    return _marks_of(store, CURRENT_REVIEWS_SQL, codebook, level, coder, keys)


def stale_reviews(
    store: Store,
    codebook: str,
    *,
    level: str | None = None,
    coder: str | None = None,
    keys: Iterable[str] | None = None,
) -> list[Review]:
    """The marks of ``codebook`` that no longer count because a new version of their
    document changed the words they were made on
    (:data:`~normtrace.coding.human.mark_texts.STALE_SQL`), filtered as
    :func:`current_reviews`."""
    return _marks_of(store, STALE_SQL, codebook, level, coder, keys)


def _marks_of(
    store: Store,
    source: str,
    codebook: str,
    level: str | None,
    coder: str | None,
    keys: Iterable[str] | None,
) -> list[Review]:
    """The marks of the SQL ``source`` of ``codebook`` (at ``level``, by ``coder``, on
    ``keys``, or all), by level, key and coder."""
    if level is not None:
        check_level(level)
    on = None if keys is None else json.dumps(sorted(set(keys)), ensure_ascii=False)
    rows = store.conn.execute(
        f"SELECT * FROM ({source}) WHERE codebook = ? AND (? IS NULL OR level = ?) "
        "AND (? IS NULL OR coder = ?) AND (? IS NULL OR unit_key IN (SELECT value FROM "
        "json_each(?))) ORDER BY level, unit_key, coder",
        (codebook, level, level, coder, coder, on, on),
    )
    return as_reviews(store, rows)


#: the source of the rows an undo writes (withdrawing a mark, or putting a withdrawn one
#: back): an undo is not itself an action the next undo takes back, as for coding events
#: (:func:`~normtrace.coding.human.mark_steps.latest_step`)
UNDO_SOURCE = "web:undo"
#: the source of the rows `normtrace code undo` writes
CLI_UNDO_SOURCE = "cli:undo"
#: every source of rows an undo writes
UNDO_SOURCES = (UNDO_SOURCE, CLI_UNDO_SOURCE)


def _review(r: sqlite3.Row, narrowed: dict[str, tuple[str, ...]]) -> Review:
    """A row of :data:`CURRENT_REVIEWS_SQL` as a :class:`Review` (``narrowed``: see
    :func:`narrowed_versions`, of the row's codebook)."""
    codes = None if r["codes"] is None else tuple(str(c) for c in json.loads(r["codes"]))
    within = narrowed.get(str(r["codebook_version"])) if codes is None else None
    read_keys = r["read_keys"] if "read_keys" in r.keys() else None  # noqa: SIM118 - a Row
    read = None if read_keys is None else tuple(str(k) for k in json.loads(read_keys))
    return Review(int(r["id"]), str(r["codebook"]), str(r["unit_key"]), str(r["level"]),
                  str(r["coder"]), str(r["at"]), str(r["codebook_version"]),
                  str(r["source"]), codes, within, read)  # fmt: skip


def narrowed_versions(store: Store, codebook: str) -> dict[str, tuple[str, ...]]:
    """Version → its codable codes (sorted), for each version of ``codebook`` that lacks a
    codable code of its current version: what a mark of every code made under it speaks for
    (:attr:`Review.within`). Empty when no version lacks one (marks of every code speak for
    every code)."""
    by: dict[str, set[str]] = {}
    for version, code in store.conn.execute(
        "SELECT b.version, c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE b.name = ? AND c.codable = 1",
        (codebook,),
    ):
        by.setdefault(str(version), set()).add(str(code))
    try:
        latest = by.get(codebook_version(store, codebook), set())
    except NotFoundError:
        return {}
    return {v: tuple(sorted(codes)) for v, codes in by.items() if latest - codes}


def as_reviews(store: Store, rows: Iterable[sqlite3.Row]) -> list[Review]:
    """Rows of marks as :class:`Review` objects, each codebook's versions read once."""
    narrowed: dict[str, dict[str, tuple[str, ...]]] = {}
    out = []
    for r in rows:
        book = str(r["codebook"])
        if book not in narrowed:
            narrowed[book] = narrowed_versions(store, book)
        out.append(_review(r, narrowed[book]))
    return out


def done_for(store: Store, coder: str, unit_key: str, codebooks: list[str]) -> list[str]:
    """The ``codebooks`` for which ``coder``'s unit-level mark of every code on ``unit_key``
    is current (what a unit view shows beside its "done" button; one indexed look-up per
    codebook)."""
    if not codebooks:
        return []
    marks = ",".join("?" * len(codebooks))
    rows = store.conn.execute(
        f"SELECT codebook FROM current_done_marks WHERE codebook IN ({marks}) "
        "AND level = 'unit' AND unit_key = ? AND coder = ? AND codes IS NULL",
        (*codebooks, unit_key, coder),
    )
    current = {str(r[0]) for r in rows}
    return [book for book in codebooks if book in current]


def narrowed_on(
    store: Store, coder: str, unit_key: str
) -> dict[str, tuple[Review, tuple[str, ...]]]:
    """``coder``'s current unit-level marks of every code on ``unit_key`` made under a version
    of their codebook that lacked codable codes its current version has: codebook → (the
    mark, those codes, sorted). Such a mark speaks for its version's codes only
    (:attr:`Review.within`): the unit is not reviewed for the others. Marking it again
    (:func:`mark_done`) makes a mark of the current version; the older row stays."""
    rows = store.conn.execute(
        f"SELECT * FROM ({CURRENT_REVIEWS_SQL}) WHERE unit_key = ? AND coder = ? "
        "AND level = 'unit' AND codes IS NULL ORDER BY codebook",
        (unit_key, coder),
    )
    out = {}
    for mark in as_reviews(store, rows):
        if mark.within is not None:
            codable = {str(r[0]) for r in store.conn.execute(
                "SELECT c.code FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
                "WHERE b.name = ? AND c.codable = 1", (mark.codebook,))}  # fmt: skip
            out[mark.codebook] = (mark, tuple(sorted(codable - set(mark.within))))
    return out


def scoped_on(store: Store, coder: str, unit_key: str) -> dict[str, list[list[str]]]:
    """``coder``'s current unit-level marks of some codes only on ``unit_key``: codebook →
    the code list of each mark (what a unit view lists beside "done for these codes")."""
    rows = store.conn.execute(
        f"SELECT codebook, codes FROM ({CURRENT_REVIEWS_SQL}) WHERE unit_key = ? AND coder = ? "
        "AND level = 'unit' AND codes IS NOT NULL ORDER BY codebook, codes",
        (unit_key, coder),
    )
    out: dict[str, list[list[str]]] = {}
    for book, codes in rows:
        out.setdefault(str(book), []).append([str(c) for c in json.loads(codes)])
    return out


def marks_on(store: Store, coder: str, unit_key: str) -> list[Review]:
    """``coder``'s current marks, of any codebook, on the unit ``unit_key`` or on the
    paragraph it belongs to (what keeps a unit reviewed after its coding is undone)."""
    return marks_on_units(store, coder, [unit_key])[unit_key]


def marks_on_units(store: Store, coder: str, unit_keys: Iterable[str]) -> dict[str, list[Review]]:
    """:func:`marks_on` of each of ``unit_keys`` (key → its marks, by codebook, level and key)
    read at once: one query, however many keys."""
    heads = {k: paragraph_key(k) for k in unit_keys}
    rows = store.conn.execute(
        f"SELECT * FROM ({CURRENT_REVIEWS_SQL}) WHERE coder = ? AND (unit_key IN (SELECT value "
        "FROM json_each(?)) OR (level = 'paragraph' AND unit_key IN (SELECT value FROM "
        "json_each(?)))) ORDER BY codebook, level, unit_key",
        (coder, json.dumps(sorted(heads)), json.dumps(sorted(set(heads.values())))),
    )
    marks = as_reviews(store, rows)
    return {k: [m for m in marks if m.key == k or (m.level == "paragraph" and m.key == head)]
            for k, head in heads.items()}  # fmt: skip


def review_targets(
    store: Store,
    codebook: str,
    level: str,
    *,
    coder: str | None = None,
    code: str | None = None,
) -> tuple[set[str], set[str]]:
    """The targets at ``level`` that count as reviewed for ``code`` of ``codebook`` (by
    anyone or ``coder``), and those a review touched at all (reviewed, or a paragraph only
    some of whose units were marked); see the module doc. ``code`` ``None``: under the marks
    that speak for every code only, for every code at once (a paragraph that carries any code
    leaves its units touched, not reviewed)."""
    check_level(level)
    marks = [m for m in current_reviews(store, codebook, coder=coder) if m.covers(code)]
    # the paragraphs carrying the code (``None``: any code: a unit is reviewed for every code)
    carrying = carrying_paragraphs(store, codebook, None if code is None else [code])
    return _reach(marks, level, {}, store).for_code(carrying[code or ""])


def _reach(
    marks: list[Review], level: str, units_of: dict[str, tuple[str, ...]], store: Store
) -> Reach:
    """:func:`~normtrace.coding.human.mark_reach.reach` of ``marks``; ``units_of`` (paragraph
    key → unit keys) is filled from the store on first need, so callers over many codes read
    the units once."""
    if not units_of and any(m.level != level or m.read is not None for m in marks):
        units_of.update(paragraph_units(store))
    return reach([(m.level, m.key, m.read) for m in marks], level, units_of)


def reviewed_keys(
    store: Store, codebook: str, level: str, *, coder: str | None = None, code: str | None = None
) -> set[str]:
    """The unit (paragraph) keys reviewed for ``code`` of ``codebook`` (``None``: for all its
    codes) at ``level``, by anyone or ``coder`` (marks at the other level count as the module
    doc says)."""
    return review_targets(store, codebook, level, coder=coder, code=code)[0]


def targets_by_code(
    store: Store,
    codebook: str,
    level: str,
    codes: Iterable[str],
    carrying: dict[str, set[str]] | None = None,
) -> dict[str, tuple[set[str], set[str]]]:
    """:func:`review_targets` for each of ``codes`` (reviewed, touched), reading the marks
    and the units once; codes under the same marks share one computation. ``carrying``:
    code → the paragraphs that carry it (:func:`~normtrace.coding.human.mark_reach.
    carrying_paragraphs`; a code it lacks, or without it, every paragraph carries)."""
    return _targets_by_code(store, current_reviews(store, codebook), level, codes, {}, carrying)


def _targets_by_code(
    store: Store,
    marks: list[Review],
    level: str,
    codes: Iterable[str],
    units_of: dict[str, tuple[str, ...]],
    carrying: dict[str, set[str]] | None = None,
) -> dict[str, tuple[set[str], set[str]]]:
    """:func:`targets_by_code` of ``marks`` (``units_of``: see :func:`_reach`)."""
    done: dict[tuple[int, ...], Reach] = {}
    out: dict[str, tuple[set[str], set[str]]] = {}
    for code in codes:
        mine = [m for m in marks if m.covers(code)]
        ids = tuple(m.id for m in mine)
        if ids not in done:
            done[ids] = _reach(mine, level, units_of, store)
        out[code] = done[ids].for_code(None if carrying is None else carrying.get(code))
    return out


def _check_key(store: Store, key: str, level: str) -> None:
    if level == "paragraph" and paragraph_key(key) != key:
        raise CodingError(
            f"{key} is a sub-paragraph; at --level paragraph name its paragraph "
            f"({paragraph_key(key)}), or mark it at --level unit"
        )
    clause, params = target_clause(key, level)
    # at paragraph level the key must name a paragraph (a unit of its own, or the head of
    # sub-paragraphs), not e.g. a whole document's symbol, whose units share its prefix
    rows = store.conn.execute(f"SELECT key FROM units WHERE {clause} LIMIT 1", params)
    if not any(paragraph_key(str(r["key"])) == key or level == "unit" for r in rows):
        raise NotFoundError(
            "unit" if level == "unit" else "paragraph",
            key,
            hint="list units with `normtrace show SYMBOL`",
        )
