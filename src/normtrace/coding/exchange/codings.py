"""Import human codings from CSV, XLSX or JSON Lines, all or nothing.

Each row names a ``unit_key`` and a ``code``, optionally ``start``, ``end`` (code
points into the unit's text, or into the paragraph's joined text at ``paragraph``
level), ``memo``, ``coder`` and ``reviewed``. An empty ``code`` means "reviewed,
nothing (else) applies". A row's ``coder`` (else the import's ``--coder``) is who
coded it.

The ``memo`` of a row with an empty code is kept as the coder's memo on the unit (at
``paragraph`` level on the paragraph's first unit), as a coder writes one on a unit. A row of
``status`` ``memo`` (as ``normtrace code export`` writes a coder's memo on a whole unit,
:mod:`~normtrace.coding.exchange.memo_rows`) is that coder's memo on ``unit_key`` (about the
row's ``code``, if it names one): it codes and marks nothing. A new coding's memo is written
with it. Every memo cell is set against the coder's memos there, the same way for codings,
"nothing applies" rows and memo rows (:mod:`~normtrace.coding.exchange.import_memos`): the
same memo is not written again; an edited one is recorded as a new memo event beside the
earlier one, which stays (nothing is overwritten); the report counts new, changed and
unchanged memos.

*Reviewed units.* By default every unit named in the file counts as reviewed by the
row's coder for the codebook, so the codebook's codes a unit lacks in the file are
negatives there. A ``reviewed`` column says it per row instead, as ``normtrace code
export`` writes it: ``no`` — the row is a coding only, it marks nothing reviewed;
``unit`` or ``paragraph`` — the row's coder reviewed ``unit_key`` at that level (a
paragraph key with all its sub-paragraphs at ``paragraph``); ``unit for poc stabilization``
(or ``paragraph for …``) — reviewed so for those codes only ("done for these codes": a frame
or group code stands for its codes); ``yes`` or empty — the default. An empty code with
``reviewed`` ``no`` is a bad row, and so is a row whose ``source`` (a column of exported
tables) is a machine proposal (``candidate``, ``suggestion``).

*Rejections.* A row of ``source`` ``rejection`` (``code export --rejections``) is a coder's
rejection of the dictionary's candidate at its span: it is recorded again on the same
candidate of this project (apply the codebook first; a row naming no such candidate is bad).

*Adjudications.* A row of ``source`` ``adjudication`` (``code export`` writes one per decision
in force: ``status`` present or absent, the adjudicator in ``coder``, the note in ``memo``) is
recorded as an adjudication decision, once; so is a human row of coder ``adjudication:<admin>``
(an older export's final coding of a present decision). One that differs from the project's
decision in force is a bad row: :mod:`~normtrace.coding.exchange.adjudications`.

*Exported tables.* A row whose ``codebook`` cell names another codebook is that codebook's
(an export of a project with several codebooks holds each one's rows): it is left out, and
the report counts it by codebook, so the file is imported once per codebook. A row whose
``source`` is ``human`` is a coding read back from an export: it keeps its code even where
no current version lets a coder apply it any more (a retired code, or a grouping code coded
before such codings were refused), as a .qdpx round trip does.

*Words.* A ``text`` cell, as ``normtrace code export`` writes it, holds the words at the
row's span (a review row's: its unit's) where the file was made; a row whose words are not
the project's current words there (whitespace aside) is bad: a table exported before a
correction of the text would put its codings and marks on other words. A row without a
``text`` cell is imported by its offsets.

*Times.* An ``at`` cell (as ``normtrace code export`` writes it: ISO-8601 UTC; a time
must name its zone or offset, none is guessed) says when the row's work was
done. Every coding, mark and
memo is recorded at the import's time (when the project learned of it); a stated time is kept
beside it (migration 0019, :mod:`~normtrace.coding.human.made_at`), and what asks when the
work was done reads it: the blind-reading rule (work done before a unit's blind assignment,
in another program or project, is no blind reading) and the next export. A mark takes the
latest time its rows state. An ``at`` that is no date and time, or is after the import, is a
bad row. A ``moved_at`` cell (as the export writes it for a coding an ingest re-anchored or its
coder's settlement of a review moved) says when the coding was last moved: kept as stated beside
the new coding (migration 0030, as a ``.qdpx``'s ``modifiedDateTime`` is), so the next export
says it again; one before its row's ``at``, without an ``at``, or on a row that writes no coding
(a memo, a mark, an adjudication) is a bad row.

*Speeches.* A speech is coded whole (its unit is the speech, ``S/PV.8750/s004``), but
``normtrace export paragraphs`` keys its paragraphs under it (``S/PV.8750/s004/p01``): a row
naming such a paragraph is placed on the paragraph's words in its speech (its ``start`` and
``end`` count in the paragraph's text; without them, all its words), and marks the speech
reviewed when the coder's rows name all its paragraphs (a corpus speech has one):
:mod:`~normtrace.coding.exchange.speech_paragraphs`.

*Levels.* A row's ``level`` cell (as ``normtrace code export`` writes it), else the
import's ``--level``, is the level its code, span and default review are at. A row without a
span codes the whole unit; at paragraph level it codes the whole paragraph: the coding is
placed on the paragraph's opening unit with text, and its event records that it was made at
paragraph level (migration 0017), so that it reads as a coding of the paragraph, not of that
unit's words (:mod:`~normtrace.coding.human.whole`).

Bad rows — unknown unit, unknown code, a grouping or retired code (``codable: false``: never
applied), a span outside the text or across sub-paragraphs, a bad ``at``, a malformed row — are all
reported, one line each with the row number (the file's line number; an XLSX sheet's row),
and nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.adjudications import (
    Wanted,
    planned,
    record,
    wanted_from_row,
    wanted_problem,
)
from normtrace.coding.exchange.apply_choice import codebook_to_apply as codebook_to_apply
from normtrace.coding.exchange.coding_rows import CodingRow, read_rows
from normtrace.coding.exchange.import_memos import MemoPlan, write_memos
from normtrace.coding.exchange.memo_rows import MEMO
from normtrace.coding.exchange.speech_paragraphs import placed_row, speech_paragraphs
from normtrace.coding.exchange.tables import REJECTION
from normtrace.coding.exchange.yamlio import (
    bundled_codebooks,
    default_codebook_path,
    load_codebook,
)
from normtrace.coding.human import events
from normtrace.coding.human.codable import check_applicable, is_grouping
from normtrace.coding.human.made_at import (
    last_review_id,
    record_moved,
    record_stated,
    reviews_since,
)
from normtrace.coding.human.reviews import mark_done, mark_scope
from normtrace.coding.levels import LevelUnit, check_level, level_units
from normtrace.coding.placed import placed_sql, said_sql
from normtrace.coding.units import missing_target
from normtrace.errors import CodebookError, CodingError, NotFoundError
from normtrace.store.db import Store

#: a ``source`` cell of a row that may be imported (empty, or a human coding's; and
#: :data:`~normtrace.coding.exchange.tables.REJECTION`, a coder's rejection of a candidate)
_HUMAN_SOURCES = ("", "human")


class CodingImportError(CodingError):
    """A coding file has bad rows; nothing was imported. ``problems``: one line per row."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{path}: {len(problems)} bad row(s), nothing imported; first: {problems[0]}"
        )


@dataclass(frozen=True)
class ImportReport:
    """What one import wrote."""

    path: str
    codebook: str
    version: str
    coder: str
    level: str
    rows: int
    units: int
    #: codings written (rows of codings the project held already are counted in ``already``)
    codings: int
    #: "nothing applies" rows (empty code) whose review mark was written; those whose coder's
    #: mark of that level and scope stood on the unit already are ``none_applies_already``
    none_applies: int
    #: every coder the rows name (``coder`` is the default of rows without one)
    coders: tuple[str, ...] = ()
    #: review marks written (one per coder, level and key)
    reviews: int = 0
    #: new memos written: of memo rows and "none applies" rows on units where their coder
    #: had no memo, and of rows of codings held already whose coder had no memo on them
    #: (:mod:`~normtrace.coding.exchange.import_memos`; a new coding's memo goes with it)
    memos: int = 0
    #: rows left out because their ``codebook`` cell names another codebook: (name, rows)
    other_codebooks: tuple[tuple[str, int], ...] = ()
    #: rejections of candidates recorded (rows of source ``rejection``; one the coder had
    #: recorded already is not recorded again)
    rejections: int = 0
    #: coding rows the project held already (the same coder, code and span, on the same
    #: words): not written again, so a table exported, extended in a spreadsheet and imported
    #: back adds its new rows only
    already: int = 0
    #: rows naming a speech's paragraph (``…/s004/p01``, as ``normtrace export paragraphs``
    #: keys it), placed on those words of the speech, the unit a speech is coded as
    on_speeches: int = 0
    #: adjudication decisions recorded (rows of source adjudication, or an older export's
    #: final codings of ``adjudication:<admin>``), and those the project had in force already
    adjudications: int = 0
    adjudications_already: int = 0
    #: "nothing applies" rows whose coder's mark stood on the unit already: nothing written
    none_applies_already: int = 0
    #: memo cells differing from their coder's memo there (an edit): each recorded as a new
    #: memo event beside the earlier one, which stays
    memos_changed: int = 0
    #: memo cells the project held already (the coder's same memo there): not written again
    memos_already: int = 0
    #: memos written with the new codings of their rows (in ``codings``, not in ``memos``)
    coding_memos: int = 0
    #: the file's marks of every code of the codebook (a row without a ``reviewed`` cell, or
    #: ``yes``, ``unit``, ``paragraph``: one per coder, level and key, new or held already), the
    #: codable codes such a mark speaks for, and the (target, code) pairs those marks make
    #: negatives: the codes the file does not give their coder's target
    reviewed_every: int = 0
    codable: int = 0
    implied_negatives: int = 0


def resolve_codebook(store: Store, source: str) -> Codebook:
    """A codebook from a YAML file (registered first), a project codebook or a bundled name."""
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        book = load_codebook(path)
        register_codebook(store, book)
        return book
    try:
        return stored_codebook(store, source)
    except NotFoundError:
        if source not in bundled_codebooks():
            names = [str(r[0]) for r in store.conn.execute(
                "SELECT DISTINCT name FROM codebooks ORDER BY name")]  # fmt: skip
            raise CodebookError(
                f"no codebook {source!r} in the project (its codebooks: "
                f"{', '.join(names) or 'none yet'}) or bundled ({', '.join(bundled_codebooks())})"
                "; give one of those names or a codebook YAML file's path"
            ) from None
        book = load_codebook(default_codebook_path(source))
        register_codebook(store, book)
        return book


def import_codings(
    store: Store,
    path: str | Path,
    *,
    codebook: str,
    coder: str,
    level: str = "unit",
) -> ImportReport:
    """Import a CSV, XLSX or JSON Lines file of human codings (see the module doc); rows
    without a ``coder`` are ``coder``'s.

    Raises:
        CodingImportError: bad rows (all listed); nothing was imported.
        CodingError: the file is unreadable, too large or lacks the needed columns.
    """
    check_level(level)
    if not coder or not coder.strip():
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    default = coder.strip()
    book = resolve_codebook(store, codebook)
    rows, problems = read_rows(path)
    others: dict[str, int] = {}
    for r in rows:
        if r.codebook and r.codebook != book.name:
            others[r.codebook] = others.get(r.codebook, 0) + 1
    if others:
        rows = [r for r in rows if not r.codebook or r.codebook == book.name]
        if not rows and not problems:
            named = ", ".join(sorted(others))
            raise CodingError(
                f"{path}: no row is of codebook {book.name!r} (its rows name {named}); import "
                f"it with --codebook {sorted(others)[0]}"
            )
    # every code of the book, so that a grouping or retired code (``codable: false``) is
    # named as such (check_applicable), not as unknown
    codes = {c.id for c in book.codes}
    applicable: set[str] = set()  # the codes check_applicable let through
    grouping: dict[str, bool] = {}  # code → whether it is a grouping code (is_grouping)
    keys = {r.unit_key for r in rows}
    # keys naming a speech's paragraph (as `export paragraphs` writes them): their speech's words
    spoken = speech_paragraphs(store, keys)
    read_keys = keys | {p.speech for found in spoken.values() for p in found}
    levels: dict[str, dict[str, LevelUnit]] = {}

    def target(key: str, at: str) -> LevelUnit | None:
        if at not in levels:
            levels[at] = {u.key: u for u in level_units(store, at, read_keys)}
        return levels[at].get(key)

    # (coder, speech, level) → the speech's paragraphs that rows marking it reviewed name
    naming: dict[tuple[str, str, str], set[str]] = {}
    for row in rows:
        reviewing = _review_level(row, level)
        if row.unit_key in spoken and row.status != MEMO and reviewing is not None:
            speech = spoken[row.unit_key][0].speech
            naming.setdefault((row.coder or default, speech, reviewing), set()).add(row.unit_key)
    on_speeches = 0
    wanted: list[Wanted] = []  # the file's adjudication decisions

    plan: list[tuple[CodingRow, str, str, int, int, str]] = []
    # the memo cells of "none applies" rows, memo rows and rows of codings held already
    memos = MemoPlan()
    # (who, level, scope) → key → when the file says the mark was made (its rows' latest)
    reviews: dict[tuple[str, str, tuple[str, ...] | None], dict[str, str]] = {}
    # the project's codings of this codebook whose words stand (a row that is one of them is
    # already there), every coding of it it holds (a coder holds one coding per span, code id
    # and codebook, migration 0022: a row waiting for review can't be written; another
    # codebook's coding of a shared code id is that codebook's, and the row is written), and
    # the file's; a coding that records no codebook is every codebook's
    holding = store.conn.execute(
        f'SELECT h.coder, h.unit_key, h.start, h."end", h.code, {placed_sql("h")} FROM '
        "human_codings h WHERE h.codebook IS NULL OR h.codebook = ?",
        (book.name,),
    ).fetchall()
    anywhere = {(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in holding}
    stored = {(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in holding if r[5]}
    held: set[tuple[str, str, int, int, str]] = set()
    already = 0
    nothing: list[tuple[tuple[str, str, tuple[str, ...] | None], str]] = []  # mark, key
    coded: dict[tuple[str, str], set[str]] = {}  # (who, key) → the codes the file gives it
    # who, candidate id → when the rejection was made, and when it was last moved
    rejected: dict[tuple[str, int], tuple[str, str]] = {}
    for row in rows:
        who = row.coder or default
        if row.status == MEMO:  # a memo on a whole unit (memo_rows), not a coding or a mark
            problem = _moved_problem(row, "a memo") or _memo_problem(
                store, row, target(row.unit_key, "unit"))  # fmt: skip
            if problem:
                problems.append(f"row {row.line}: {problem}")
            else:
                assert row.memo is not None
                memos.units[(who, row.unit_key, row.memo)] = (row.at, row.code or None)
            continue
        decided = wanted_from_row(row, default)  # an adjudication decision (adjudications)
        if decided is not None:
            problem = _moved_problem(row, "an adjudication") or wanted_problem(
                store, decided, codes)  # fmt: skip
            if problem:
                problems.append(f"row {row.line}: {problem}")
            wanted.append(decided)
            continue
        problem = _row_problem(row) or (_moved_problem(row, "a review mark") if not row.code
                                        else "")  # fmt: skip
        if problem:
            problems.append(f"row {row.line}: {problem}")
            continue
        if row.source == REJECTION:  # a rejection travels to the same candidate here
            found_id = _rejected_candidate(store, book.name, row)
            if isinstance(found_id, str):
                problems.append(f"row {row.line}: {found_id}")
            elif not _rejects(store, who, found_id):
                rejected[(who, found_id)] = (row.at, row.moved_at)
            continue
        at = row.level or level  # the row's level (an export's cell), else the import's
        review_level = _review_level(row, level)
        if row.unit_key in spoken:  # a speech's paragraph: its words in the speech
            speech = spoken[row.unit_key][0].speech
            read = target(speech, at)
            placed = placed_row(
                row, spoken[row.unit_key], None if read is None else read.text,
                reviewing=review_level is not None,
                named=naming.get((who, speech, review_level or ""), ()),
            )  # fmt: skip
            if isinstance(placed, str):
                problems.append(f"row {row.line}: {placed}")
                continue
            row, on_speeches = placed, on_speeches + 1
        found = target(row.unit_key, at) if row.code else None
        if row.code and found is None:
            problems.append(f"row {row.line}: {missing_target(store, row.unit_key, at)}")
            continue
        if review_level is not None and target(row.unit_key, review_level) is None:
            problems.append(f"row {row.line}: {missing_target(store, row.unit_key, review_level)}")
            continue
        read = found if found is not None else target(row.unit_key, review_level or at)
        moved = _words_problem(read, row)
        if moved:
            problems.append(f"row {row.line}: {moved}")
            continue
        try:
            scope = mark_scope(store, book.name, row.review_codes)
        except CodingError as exc:
            problems.append(f"row {row.line}: {exc}")
            continue
        if row.code and row.code not in codes:
            problems.append(
                f"row {row.line}: code {row.code!r} is not in codebook {book.name!r} "
                f"(codes: {', '.join(sorted(codes))})"
            )
            continue
        # a grouping code is never applied, a retired one no longer; an exported human coding
        # is read back as it was (a round trip: one of a grouping code made before such codings
        # were refused, too), but a typed ``source`` cell alone makes no grouping code
        # applicable: an export also writes the words it coded (checked above)
        if row.code and row.code not in grouping:
            grouping[row.code] = is_grouping(store, row.code)
        restoring = row.source == "human" and (bool(row.text) or not grouping.get(row.code))
        if row.code and row.code not in applicable and not restoring:
            try:
                check_applicable(store, row.code, row.unit_key, book.name)
            except CodingError as exc:
                problems.append(f"row {row.line}: {exc}")
                continue
            applicable.add(row.code)
        if row.code:  # not a negative where the file's marks of every code reach
            coded.setdefault((who, row.unit_key), set()).add(row.code)
        if found is not None:
            try:
                unit_key, start, end = _span(found, row)
            except CodingError as exc:
                problems.append(f"row {row.line}: {exc}")
                continue
            coding = (who, unit_key, start, end, row.code)
            if coding in held:
                problems.append(
                    f"row {row.line}: {who} already holds {row.code!r} on "
                    f"{unit_key} [{start}:{end}] (a duplicate of an earlier row)"
                )
                continue
            held.add(coding)
            if coding in stored:
                already += 1  # the same coding, on the same words: not written again
                if row.memo and row.memo.strip():  # its memo cell: unchanged, or an edit
                    memos.codings[coding] = row.memo
            elif coding in anywhere:
                problems.append(
                    f"row {row.line}: {who} already holds {row.code!r} on {unit_key} "
                    f"[{start}:{end}] on words a new version changed (`normtrace code "
                    "review`): review it first, or delete the row"
                )
            else:  # made at paragraph level without a span: a whole paragraph's coding
                whole = at == "paragraph" and row.start is None and row.end is None
                plan.append((row, who, unit_key, start, end, "paragraph" if whole else "unit"))
        if review_level is not None:
            marks = reviews.setdefault((who, review_level, scope), {})
            # the reading ends with its last row: a row without a time was read at the import,
            # so the mark is the import's (no stated time), else the latest time stated
            earlier = marks.get(row.unit_key)
            marks[row.unit_key] = "" if "" in (earlier, row.at) else max(earlier or "", row.at)
            reviewed = target(row.unit_key, review_level)
            if not row.code:  # "nothing applies": new when its mark is written
                nothing.append(((who, review_level, scope), row.unit_key))
            if not row.code and row.memo and reviewed is not None:  # kept as a unit memo
                memos.units.setdefault((who, reviewed.members[0], row.memo), (row.at, None))
    decide, decided_already, conflicts = planned(store, book.name, wanted)
    problems += conflicts
    if problems:
        raise CodingImportError(str(path), sorted(problems, key=_line_of))
    source = f"import:{Path(path).name}"
    made: dict[int, str] = {}  # event id → when the file says its work was made
    moved_at: dict[int, str] = {}  # event id → when the file says it was last moved
    marks_made: dict[int, str] = {}  # review row id → likewise
    with store.transaction():
        for row, who, unit_key, start, end, level_made in plan:
            event = events.add_code(
                store, coder=who, unit_key=unit_key, start=start, end=end, code=row.code,
                memo=row.memo, restored=row.source == "human", codebook=book.name,
                level=level_made,
            )  # fmt: skip
            made[event.id], moved_at[event.id] = row.at, row.moved_at
        marked = 0
        written: set[tuple[tuple[str, str, tuple[str, ...] | None], str]] = set()
        for (who, at, scope), marks in sorted(reviews.items(), key=lambda kv: repr(kv[0])):
            before = last_review_id(store)
            marked += mark_done(store, coder=who, codebook=book.name, unit_keys=list(marks),
                                level=at, source=source, codes=scope)  # fmt: skip
            for i, _, key in reviews_since(store, before):
                marks_made[i] = marks[key]
                written.add(((who, at, scope), key))
        noted = write_memos(store, memos, codebook=book.name)
        made.update(noted.made)
        for (who, candidate), (when, moved_when) in rejected.items():
            event = events.record_verdict(store, coder=who, auto_coding_id=candidate,
                                          verdict="reject")  # fmt: skip
            made[event.id], moved_at[event.id] = when, moved_when
        made.update(record(store, book.name, decide, source))  # after the coders' codings
        record_stated(store, source=source, events=made, reviews=marks_made)
        record_moved(store, source=source, moved=moved_at)
    fresh = sum(1 for mark in nothing if mark in written)
    codable = {c.id for c in book.codes if c.codable}
    every = [(who, key) for (who, _, scope), marks in reviews.items() if scope is None
             for key in marks]  # fmt: skip
    return ImportReport(
        str(path), book.name, book.version, default, level, len(rows), len(keys), len(plan),
        fresh, tuple(sorted({r.coder or default for r in rows})), marked, noted.new,
        tuple(sorted(others.items())), len(rejected), already, on_speeches, len(decide),
        decided_already, len(nothing) - fresh, noted.changed, noted.already,
        sum(1 for r, *_ in plan if r.memo and r.memo.strip()), len(every), len(codable),
        sum(len(codable - coded.get(mark, set())) for mark in every),
    )  # fmt: skip


def _rejected_candidate(store: Store, codebook: str, row: CodingRow) -> int | str:
    """The current candidate of ``codebook`` a rejection row names (its unit, code and span,
    its words in place), or why there is none."""
    if not row.code or row.start is None or row.end is None:
        return "a rejection needs a code, a start and an end (the rejected candidate's span)"
    found = store.conn.execute(
        "SELECT a.id FROM current_auto_codings a WHERE a.unit_key = ? AND a.code = ? AND "
        f'a.start = ? AND a."end" = ? AND a.codebook = ? AND {placed_sql("a")}',
        (row.unit_key, row.code, row.start, row.end, codebook),
    ).fetchone()
    if found is None:
        return (
            f"no candidate of {row.code!r} at [{row.start}:{row.end}] on {row.unit_key} to "
            f"reject: apply the codebook first (`normtrace code apply {codebook}`), or delete "
            "the row"
        )
    return int(found[0])


def _rejects(store: Store, coder: str, candidate: int) -> bool:
    """Whether ``coder``'s current verdict on ``candidate`` is a rejection already."""
    row = store.conn.execute(
        "SELECT 1 FROM (SELECT k.*, r.codebook FROM auto_codings k JOIN coding_runs r "
        f"ON r.run_id = k.run_id WHERE k.id = ?) a WHERE {said_sql('a', 'reject', 'v.coder = ?')}",
        (candidate, coder),
    ).fetchone()
    return row is not None


def _review_level(row: CodingRow, level: str) -> str | None:
    """The level at which ``row`` marks its unit reviewed (its ``reviewed`` cell; by default
    the row's level, else the import's ``level``), ``None`` when it marks nothing."""
    if row.reviewed in ("unit", "paragraph"):
        return row.reviewed
    return (row.level or level) if row.reviewed == "" else None


def _memo_problem(store: Store, row: CodingRow, unit: LevelUnit | None) -> str:
    """Why a memo row (:data:`~normtrace.coding.exchange.memo_rows.MEMO`) cannot be written
    as its coder's memo on its unit ("" when it can)."""
    if row.source not in _HUMAN_SOURCES:
        return f"a memo row is a coder's memo, not a {row.source!r} row; set source to human"
    if not row.memo or not row.memo.strip():
        return "a memo row has no memo; write one in the memo cell, or delete the row"
    if unit is None:
        return missing_target(store, row.unit_key, "unit")
    return _words_problem(unit, row)


def _row_problem(row: CodingRow) -> str:
    """What makes ``row`` unfit to import whatever the project holds ("" if nothing)."""
    if row.source == REJECTION:
        return ""
    if row.source not in _HUMAN_SOURCES:
        return (
            f"a {row.source!r} row is a machine proposal, not a human coding; import human "
            "rows only (export without --passages, or delete the row)"
        )
    if not row.code and row.reviewed == "no":
        return (
            "an empty code means reviewed, nothing (else) applies, but reviewed says no; "
            "give a code or set reviewed to unit, paragraph or yes"
        )
    return ""


def _moved_problem(row: CodingRow, what: str) -> str:
    """Why ``row``, ``what`` (a memo, an adjudication, a review mark: no coding), cannot carry
    the ``moved_at`` cell it has ("" when it has none): only a coding is moved."""
    if not row.moved_at:
        return ""
    return (
        f"moved_at {row.moved_at} says when a coding was moved, but the row is {what}, not a "
        "coding; empty the cell"
    )


def _line_of(problem: str) -> int:
    head = problem.split(":", 1)[0].removeprefix("row ")
    return int(head) if head.isdigit() else 0


def _words_problem(unit: LevelUnit | None, row: CodingRow) -> str:
    """Why the row's ``text`` cell (the words an export read at the row's span, or the whole
    unit's) is not what the project's current text holds there; "" when it is (whitespace
    aside) or the row has no text. A table exported before a correction would otherwise put
    its codings and marks on the new words."""
    if unit is None or not row.text:
        return ""
    start = 0 if row.start is None else row.start
    end = len(unit.text) if row.end is None else row.end
    now = unit.text[start:end] if 0 <= start <= end <= len(unit.text) else ""
    if " ".join(now.split()) == " ".join(row.text.split()):
        return ""
    here, given = (repr(t if len(t) <= 40 else t[:37] + "…") for t in (now, row.text))
    return (
        f"{unit.key} [{start}:{end}] reads {here} here, the file's text cell "
        f"{given}: the file was made on another version of the text; export it "
        "again, or empty the text cell to import by offsets"
    )


def _span(target: LevelUnit, row: CodingRow) -> tuple[str, int, int]:
    if row.start is None and row.end is None:
        opening = target.opening()
        if opening is None:
            raise CodingError(f"{target.key} has no text to code")
        return opening
    if row.start is None or row.end is None:
        raise CodingError("a span needs both start and end")
    return target.locate(row.start, row.end)
