"""Intercoder agreement from the project's coding events, per code and overall.

What is compared: for every unit that at least two coders *covered* (made any
effective code, uncode, memo or verdict event on, or marked reviewed: "done, nothing
(else) applies", at unit level or for its whole paragraph), for the codes of the
codebook version the coder worked under (a code added later was not judged then), and
for every code, whether each coder applied the code anywhere in the unit: a current
human coding, an auto candidate the coder accepted, or the coder's accept of a model
suggestion of the code for the whole unit (a reject is a reading in which it is absent). A
coder who did not cover a unit is missing data for it (Krippendorff's alpha handles that;
Cohen's kappa uses the units both coded). "Overall" pools every (unit, code) decision.
A code id two codebooks share is coded for each apart (migration 0022): ``codebook`` compares
one codebook's readings only (its codings, including those that record no codebook version
and so stand for every codebook, its candidates' accepts, its models' suggestions, its marks),
as the workbench's adjudication and agreement pages do; without it a shared id pools the
codebooks (a coder applied it where they hold it for any of them), which the command line
refuses (:func:`~normtrace.coding.human.agreement_book.agreement_codebook`). The report and
each row name the codebooks whose readings they compare.
A paragraph marked reviewed as a whole covers its units as
:mod:`~normtrace.coding.human.agreement_marks` says (the one rule of
:mod:`~normtrace.coding.human.mark_reach`, read coder by coder): each of its units is the
coder's negative for a code the paragraph does not carry in the coder's own work. A reject of
a model suggestion for a whole paragraph reads the same way (:func:`_suggestion_readings`).
On blind-assigned units (the project's assignments, read here whoever asks: the command line,
the workbench's agreement page, its CSV and adjudication compare the same readings) a coder's
work from before their blind reading of the unit began is no blind reading: set aside unless
they re-read it since (:mod:`~normtrace.coding.human.blind_work`), and listed in
:attr:`AgreementReport.predating`.

Two levels per code: *unit* level (percent, kappa, alpha) on the presence of the
code in each unit, and *passage* level: Krippendorff's alpha over characters
(:func:`~normtrace.coding.human.reliability.character_alpha`), so coders who mark
different passages of the same long speech disagree there. Each row lists the
units behind its numbers.

>>> from normtrace.store.db import Store
>>> agreement(Store.open(":memory:")).units
0
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from normtrace.coding.human.agreement_marks import (
    Books,
    WholeMarks,
    codebooks_of,
    judged_names,
    mark_coverage,
    scoped,
)
from normtrace.coding.human.blind_work import (
    PredatingWork,
    predating_work,
    project_blind_starts,
    project_reveals,
)
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.coding.human.mark_reach import Carried
from normtrace.coding.human.reliability import (
    Table,
    character_alpha,
    cohen_kappa,
    krippendorff_alpha_nominal,
    pairable_units,
    percent_agreement,
)
from normtrace.coding.human.reviews import narrowed_versions
from normtrace.coding.human.suggestion_verdicts import Standing, standing_verdicts
from normtrace.coding.human.verdicts_now import verdicts_now
from normtrace.coding.human.whole import Coding, placed_whole_paragraph_codings
from normtrace.coding.levels import LevelUnit, level_units
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_CODINGS, placed_sql
from normtrace.coding.units import has_table
from normtrace.errors import CodebookError, CodingError
from normtrace.store.db import Store

OVERALL = "(all codes)"


@dataclass(frozen=True)
class AgreementRow:
    """Agreement on one code (or on all codes pooled)."""

    code: str
    units: int
    coders: int
    #: each coefficient is ``None`` where it is undefined (no pair of judgements; for kappa and
    #: alpha also no variation: every coder gave every unit the same value), never NaN
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    #: also ``None`` for the pooled row (characters are compared code by code)
    passage_alpha: float | None = None
    characters: int = 0
    unit_keys: tuple[str, ...] = ()
    #: the coders who judged this code's shared units (``coders`` counts all the report's)
    coder_names: tuple[str, ...] = ()
    #: whose readings it compares: the report's ``codebook``, else every codebook that has the
    #: code (two: a shared id's readings pooled); the pooled row's, those of all its codes
    codebooks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    """A unit and code on which the coders who covered the unit differ."""

    unit_key: str
    code: str
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]
    #: whose readings differ (:attr:`AgreementRow.codebooks`)
    codebooks: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementReport:
    """Per-code and overall agreement, and the list of disagreements."""

    coders: tuple[str, ...]
    units: int
    rows: tuple[AgreementRow, ...]
    disagreements: tuple[Disagreement, ...]
    #: work on blind-assigned units from before the coder's blind reading began: set aside
    #: (not compared) unless :attr:`PredatingWork.counted` (re-read since)
    predating: tuple[PredatingWork, ...] = ()
    #: the codebook whose readings it compares (``None``: every codebook's, a shared code
    #: id's pooled; :func:`~normtrace.coding.human.agreement_book.agreement_codebook`)
    codebook: str | None = None

    @property
    def set_aside(self) -> tuple[PredatingWork, ...]:
        """The (unit, coder) readings not compared: work from before the blind assignment."""
        return tuple(p for p in self.predating if not p.counted)


def agreement(
    store: Store,
    *,
    coders: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    within: Mapping[str, Collection[str]] | None = None,
    codebook: str | None = None,
) -> AgreementReport:
    """Agreement of ``coders`` (default: everyone with events) on units two or more covered.

    ``within`` limits the comparison to its units and, on each, to the coders it lists (the
    web workbench passes the units assigned to two or more coders that its viewer may see).
    An adjudicator's final codings (coder ``adjudication:<name>``) are a decision, not a
    coder's judgement, and never count as a coder's. On the project's blind-assigned units
    each assigned coder's work recorded before their blind reading began is set aside,
    unless they re-read the unit since, before it was revealed
    (:func:`~normtrace.coding.human.blind_work.predating_work`). ``codebook``: compare that
    codebook's codes and readings only (see the module doc).

    Raises:
        CodebookError: a code of ``codes`` is no code of the project's codebooks (of
            ``codebook``, given one), or ``codebook`` is none of the project's.
        CodingError: a coder of ``coders`` has no coding event and no mark in the project
            (a mistyped name would report agreement on nothing).
    """
    from normtrace.coding.counts import check_codes

    if codes is not None:
        codes = list(codes)
        check_codes(store, codes)
    wanted_coders = set(coders) if coders is not None else None
    if wanted_coders:
        _check_coders(store, wanted_coders)
    books = codebooks_of(store)
    if codebook is not None:
        _check_book(books, codebook, codes)
    # the suggestion verdicts and where each reads, read once (suggestion_verdicts), and the
    # paragraphs each coder's own work puts each code in, read once per codebook (mark_reach)
    standing = standing_verdicts(store)
    carried = Carried(store, standing)
    suggested = _suggestion_readings(store, standing, wanted_coders, books, carried, codebook)
    # a coding of a whole paragraph placed on its opening unit is no reading of that unit
    whole = placed_whole_paragraph_codings(store)
    events = _event_coverage(store, wanted_coders, books, whole)
    for u, who in suggested.covered.items():
        for coder, judged in who.items():
            events.setdefault(u, {}).setdefault(coder, set()).update(judged)
    events = _restricted(events, within)
    coverage = mark_coverage(store, wanted_coders, books, carried)
    marks = _restricted(coverage.judged, within)
    # the units of paragraphs marked whole: covered code by code (_covered_for)
    wholes = _restricted(coverage.whole_units(), within)
    predating = _predating(store, within, wanted_coders)
    for p in predating:
        if not p.counted:  # no blind reading: as if the coder had not worked there
            for by_unit in (events, marks, wholes):
                by_unit.get(p.unit_key, {}).pop(p.coder, None)
    for u, who in events.items():
        for coder, judged in who.items():
            if (u, coder) in coverage.touched:
                judged.discard("*")  # the coder's mark there says which codes they read for
    names = tuple(sorted({c for by_unit in (events, marks, wholes)
                          for who in by_unit.values() for c in who}))  # fmt: skip
    # every unit two coders covered in any way: where a code's shared units can be
    anywhere: dict[str, set[str]] = {}
    for by_unit in (events, marks, wholes):
        for u, who in by_unit.items():
            anywhere.setdefault(u, set()).update(who)
    candidates = {u for u, who in anywhere.items() if len(who) >= 2}
    if not candidates:
        return AgreementReport(names, 0, (), (), predating, codebook)
    # (unit, coder, code) → spans, read once: what each coder holds, and where
    spans = _spans(store, candidates, whole, codebook)
    aside = {(p.unit_key, p.coder) for p in predating if not p.counted}
    applied = {a for a in set(spans) | suggested.applied
               if a[0] in candidates and a[1] in names and a[:2] not in aside}  # fmt: skip
    # "all used": every code these coders applied anywhere, not only on shared units (a code
    # nobody applied on them is one they agree is absent there)
    used = {str(r["code"]) for r in store.conn.execute(
        "SELECT DISTINCT coder, code FROM human_codings WHERE ? IS NULL OR codebook IS NULL "
        "OR codebook = ?", (codebook, codebook)) if r["coder"] in names}  # fmt: skip
    on_shared = {c for _, _, c in applied}
    if codebook is not None:  # a coding of no recorded version of another codebook's code
        used = {c for c in used if codebook in books.ever.get(c, set())}
        on_shared = {c for c in on_shared if codebook in books.ever.get(c, set())}
    wanted = sorted(set(codes) if codes is not None else used | on_shared)
    # the pooled row pools the codes asked for, else those applied on shared units (codes
    # absent from all of them would only add agreement on absence)
    pooling = set(codes) if codes is not None else on_shared
    for at, unit in suggested.spans.items():
        if at[0] in candidates:
            spans.setdefault(at, []).extend(unit)
    lengths = _lengths(store, sorted(candidates))
    rows, disagreements, all_shared = [], [], set()

    def whose(code: str) -> tuple[str, ...]:
        return (codebook,) if codebook is not None else tuple(sorted(books.ever.get(code, ())))

    pooled: list[list[int | None]] = [[] for _ in names]
    for code in wanted:
        covered = _covered_for(
            events, marks, (wholes, coverage.whole), books, code, applied, codebook
        )
        shared = sorted(u for u, who in covered.items() if len(who) >= 2)
        all_shared.update(shared)
        if not shared and codes is None:
            continue  # a code of another codebook, or one nobody shares: nothing to compare
        table = _table(names, shared, covered, applied, code)
        passage = [
            (lengths.get(u, 0),
             {c: spans.get((u, c, code), []) for c in sorted(covered[u]) if c in names})
            for u in shared
        ]  # fmt: skip
        rows.append(
            replace(
                _row(code, table, names),
                passage_alpha=_round(character_alpha(passage)),
                characters=sum(n for n, who in passage if len(who) >= 2),
                unit_keys=tuple(shared),
                codebooks=whose(code),
            )
        )
        disagreements += _disagreements(names, shared, table, code, whose(code))
        if code in pooling:
            for i, row in enumerate(table):
                pooled[i].extend(row)
    if not all_shared:
        return AgreementReport(names, 0, (), (), predating, codebook)
    if pooling:
        # it pools every (unit, code) decision, but its ``units`` are units, as a code's are
        overall = _row(OVERALL, pooled, names)
        books_of = tuple(sorted({b for c in pooling for b in whose(c)}))
        rows.append(replace(overall, units=len(all_shared), unit_keys=tuple(sorted(all_shared)),
                            codebooks=books_of))  # fmt: skip
    return AgreementReport(
        names, len(all_shared), tuple(rows), tuple(disagreements), predating, codebook
    )


def _check_book(books: Books, codebook: str, codes: list[str] | None) -> None:
    """Refuse a ``codebook`` the project does not hold, or a code of ``codes`` it never had."""
    held = {b for by_code in books.ever.values() for b in by_code}
    if codebook not in held:
        raise CodebookError(
            f"no codebook {codebook!r} in the project; its codebooks: "
            f"{', '.join(sorted(held)) or 'none (register one with `normtrace code apply`)'}"
        )
    for code in codes or ():
        if codebook not in books.ever.get(code, set()):
            raise CodebookError(
                f"code {code!r} is not in codebook {codebook!r}; codebooks that have it: "
                f"{', '.join(sorted(books.ever.get(code, set()))) or 'none'}"
            )


def _predating(
    store: Store, within: Mapping[str, Collection[str]] | None, coders: set[str] | None
) -> tuple[PredatingWork, ...]:
    """:func:`predating_work` of the coders and units compared (``within``, ``coders``), on
    the project's blind-assigned units (:func:`project_blind_starts`)."""
    since = project_blind_starts(store, within)
    kept = {
        unit: {c: at for c, at in who.items()
               if (coders is None or c in coders) and (within is None or c in within[unit])}
        for unit, who in since.items() if within is None or unit in within
    }  # fmt: skip
    kept = {u: who for u, who in kept.items() if who}
    return predating_work(store, kept, project_reveals(store, kept) if kept else {})


def _event_coverage(
    store: Store, coders: set[str] | None, books: Books, whole: set[Coding]
) -> dict[str, dict[str, set[str]]]:
    """Unit → coder → the codebooks of the codes the coder coded, uncoded or judged there
    (``*``: a memo naming no code, which says nothing of one codebook rather than another,
    and is taken for a reading of every code there unless the coder also marked the unit:
    an imported "nothing applies" row is a mark for its codebook with the row's memo).
    An event is work for the codebook of the version it was made under
    (:meth:`Books.of_event`): a coding of codebook A is no judgement of B's codes, and one
    made under a version that lacked some of the current version's codes (one a later
    version renamed, say) judged only that version's codes (named as a mark of those codes
    is, :func:`~normtrace.coding.human.agreement_marks.scoped`). A verdict on a candidate
    judged that candidate's code only (as it labels that code only for training): accepting
    one candidate says nothing of the others.
    Work on words a new version moved or changed (a coding waiting for review, a verdict on
    words no longer there) is no reading of the unit's new words and covers nothing, nor is
    a coding of a whole paragraph (``whole``, :mod:`~normtrace.coding.human.whole`) a reading
    of the unit it is placed on. Verdicts on model suggestions are read by
    :func:`_suggestion_readings`."""
    covered: dict[str, dict[str, set[str]]] = {}
    narrowed: dict[str, dict[str, tuple[str, ...]]] = {}
    rows = store.conn.execute(
        "SELECT DISTINCT unit_key, coder, code, codebook_version, action = 'verdict' AS verdict, "
        'action, start, "end" FROM effective_coding_events e '
        "WHERE unit_key IS NOT NULL AND action IN ('code', 'uncode', 'memo', 'verdict') "
        # a suggestion's verdict is a reading of its target (:func:`_suggestion_readings`)
        "AND e.suggestion_id IS NULL "
        # work on words a new version changed is no reading of the new words
        f"AND (e.snippet IS NULL OR {placed_sql('e')})"
    ).fetchall()
    for r in rows:
        if coders is not None and r["coder"] not in coders:
            continue
        if r["action"] == "code" and (r["coder"], r["unit_key"], r["start"], r["end"],
                                      r["code"]) in whole:  # fmt: skip
            continue
        judged = covered.setdefault(str(r["unit_key"]), {}).setdefault(str(r["coder"]), set())
        if not r["code"]:
            judged.add("*")
        for book in books.of_event(str(r["code"] or ""), r["codebook_version"]):
            if r["verdict"]:  # a verdict judged one candidate's code, not the unit
                judged.add(scoped(book, str(r["code"])))
                continue
            if book not in narrowed:
                narrowed[book] = narrowed_versions(store, book)
            judged.update(judged_names(book, r["codebook_version"], narrowed[book], books))
    return covered


@dataclass
class _Readings:
    """What coders' verdicts on model suggestions say, unit by unit: ``covered`` (unit →
    coder → the :func:`~normtrace.coding.human.agreement_marks.scoped` codes judged there),
    ``applied`` (``(unit, coder, code)`` the coder holds) and ``spans`` (the same → the whole
    unit, which is what an accepted suggestion says carries the code)."""

    covered: dict[str, dict[str, set[str]]]
    applied: set[tuple[str, str, str]]
    spans: dict[tuple[str, str, str], list[tuple[int, int]]]


def _suggestion_readings(
    store: Store,
    standing: Standing,
    coders: set[str] | None,
    books: Books,
    carried: Carried,
    codebook: str | None = None,
) -> _Readings:
    """Each coder's latest verdict on a suggestion of each code for each target, read unit
    by unit. A suggestion is about its whole target, so an accept at ``unit`` level (or on a
    paragraph that is one unit) is the coder's coding of the whole unit, and a reject a
    reading in which the code is absent. On a paragraph with sub-paragraphs, a reject says
    that no unit of it carries the code, and an accept says only that one of them does: it
    covers none, as a paragraph-level mark covers none. So a reject covers each unit of the
    paragraph, as a mark of the whole paragraph does (:mod:`~normtrace.coding.human.
    mark_reach`, read coder by coder: training reads it so too): unless the coder's own codings
    or accepts of the code sit in the paragraph (``carried``), which then carries the code in
    their reading, and the reject covers none of its units (until stop 43 it made each a
    negative, the coder's coding of one of them included). A verdict on a suggestion whose
    target's words a new version changed (its text hash) reads nothing; one that judged one
    unit's words reads that unit (``standing``: where each reads, :func:`~normtrace.coding.
    human.suggestion_verdicts.reading_levels`, read once for the agreement). ``codebook``:
    the verdicts on that codebook's models' suggestions only."""
    out = _Readings({}, set(), {})
    # where each verdict stands: one an ingest carried with its words to another key reads at
    # that key; a later verdict on a later run's suggestion of the same target replaces it
    latest = verdicts_now(store, codebook, coders, standing=standing)  # the one rule
    targets: dict[tuple[str, str], LevelUnit] = {}
    for at in {s.at for s in latest}:
        keys = {s.key for s in latest if s.at == at}
        targets.update({(at, u.key): u for u in level_units(store, at, keys)})
    for s in latest:
        coder, key, code, accepted = s.coder, s.key, s.code, s.accepted
        target = targets[(s.at, key)]
        whole = len(target.members) == 1
        if not whole and (accepted or carried.carries(s.codebook, coder, code, key)):
            continue  # some unit of the paragraph carries the code: not which
        judged = {scoped(b, code) for b in books.of_event(code, s.codebook_version)}
        for unit in target.members:
            out.covered.setdefault(unit, {}).setdefault(coder, set()).update(judged)
        if accepted:
            out.applied.add((key, coder, code))
            out.spans[(key, coder, code)] = [(0, len(target.text))]
    return out


def _restricted(
    covered: dict[str, dict[str, set[str]]], within: Mapping[str, Collection[str]] | None
) -> dict[str, dict[str, set[str]]]:
    """``covered`` without adjudicators and, given ``within``, only its units and coders."""
    out: dict[str, dict[str, set[str]]] = {}
    for unit, who in covered.items():
        allowed = within.get(unit) if within is not None else None
        if within is not None and allowed is None:
            continue
        kept = {
            c: judged
            for c, judged in who.items()
            if not c.startswith(ADJUDICATION_PREFIX) and (allowed is None or c in allowed)
        }
        if kept:
            out[unit] = kept
    return out


def _check_coders(store: Store, coders: set[str]) -> None:
    """Refuse a coder with no coding event and no mark, naming the project's coders."""
    known = {str(r[0]) for r in store.conn.execute("SELECT DISTINCT coder FROM coding_events")}
    if has_table(store, "coding_reviews"):
        known |= {
            str(r[0]) for r in store.conn.execute("SELECT DISTINCT coder FROM coding_reviews")
        }
    unknown = sorted(coders - known)
    if unknown:
        raise CodingError(
            f"no coder {', '.join(unknown)} in the project; its coders: "
            f"{', '.join(sorted(known)) or 'none yet'}"
        )


def _covered_for(
    events: dict[str, dict[str, set[str]]],
    marks: dict[str, dict[str, set[str]]],
    whole: tuple[dict[str, dict[str, set[str]]], list[WholeMarks]],
    books: Books,
    code: str,
    applied: set[tuple[str, str, str]],
    codebook: str | None = None,
) -> dict[str, set[str]]:
    """Unit → the coders who judged it for ``code``: a review mark that speaks for it (one of
    its whole paragraph where the paragraph does not carry the code for the coder: ``whole``,
    the coders of each unit such marks may cover, as compared, and the marks,
    :meth:`~normtrace.coding.human.agreement_marks.WholeMarks.reviews`), or an event there on
    a code of its codebook (or a memo): work for another codebook says nothing of this code.
    A codebook's bare name stands for its current version's codes, so it covers a code a
    later version dropped only where a mark or event of an older version names it
    (:func:`~normtrace.coding.human.agreement_marks.scoped`). A coder whose marks on the unit
    (or its whole paragraph) speak for some codes only said which codes they judged: their
    events cover the unit for ``code`` only where a mark names it or they applied it there.
    ``codebook``: only work for that codebook judges ``code``."""
    held = books.of(code)
    current = books.current.get(code, set())
    if codebook is not None:
        held, current = held & {codebook}, current & {codebook}
    judging = current | {scoped(b, code) for b in held}
    covered: dict[str, set[str]] = {}
    for u, who in marks.items():
        for coder, judged in who.items():
            if judged & judging:
                covered.setdefault(u, set()).add(coder)
    compared, paragraphs = whole
    for marked in paragraphs:
        if marked.names & judging:
            for u in marked.reviews(code):
                if marked.coder in compared.get(u, {}):
                    covered.setdefault(u, set()).add(marked.coder)
    for u, who in events.items():
        for coder, judged in who.items():
            if not (judged & judging or "*" in judged):
                continue
            mine = marks.get(u, {}).get(coder, set()) | compared.get(u, {}).get(coder, set())
            some_only = not mine & held and any(m.split("\x1f", 1)[0] in held for m in mine)
            if some_only and (u, coder, code) not in applied:
                continue  # their marks name the codes they judged, not this one
            covered.setdefault(u, set()).add(coder)
    return covered


def _spans(
    store: Store, units: set[str], whole: set[Coding], codebook: str | None = None
) -> dict[tuple[str, str, str], list[tuple[int, int]]]:
    """``(unit_key, coder, code)`` → spans a coder holds on ``units``: human codings and
    accepted candidates whose words stand (:data:`placed.PLACED_CODINGS`,
    :data:`placed.ACCEPTED_SPANS`: one a new version moved waits for review and holds nothing
    meanwhile), less the codings of a whole paragraph (``whole``: no coding of the unit they
    are placed on). Its keys are what each coder applied where. ``codebook``: that codebook's
    codings (and those that record none, which stand for every codebook) and accepts only."""
    rows = store.conn.execute(
        f'SELECT unit_key, coder, code, start, "end" FROM ({PLACED_CODINGS}) WHERE ? IS NULL '
        "OR codebook IS NULL OR codebook = ? UNION "
        f'SELECT unit_key, coder, code, start, "end" FROM ({ACCEPTED_SPANS}) WHERE ? IS NULL '
        "OR codebook = ?",
        (codebook,) * 4,
    )
    out: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for r in rows:
        if r[0] in units and (r[1], r[0], int(r[3]), int(r[4]), r[2]) not in whole:
            out.setdefault((r[0], r[1], r[2]), []).append((int(r[3]), int(r[4])))
    return out


def _lengths(store: Store, units: list[str]) -> dict[str, int]:
    rows = store.conn.execute(
        # a key both editions hold is the record's (levels.level_units): the record last
        "SELECT key, length(text) FROM units WHERE key IN (SELECT value FROM json_each(?)) "
        "ORDER BY edition = 'record'",
        (json.dumps(units),),
    )
    return {r[0]: int(r[1]) for r in rows}


def _table(
    names: tuple[str, ...],
    units: list[str],
    covered: dict[str, set[str]],
    applied: set[tuple[str, str, str]],
    code: str,
) -> list[list[int | None]]:
    return [
        [int((u, c, code) in applied) if c in covered[u] else None for u in units] for c in names
    ]


def _row(code: str, table: Table, names: tuple[str, ...]) -> AgreementRow:
    # Cohen's kappa when exactly two coders judged this code's units (others may have
    # judged other codes' units only)
    active = [i for i, row in enumerate(table) if any(v is not None for v in row)]
    kappa = cohen_kappa(table[active[0]], table[active[1]]) if len(active) == 2 else None
    return AgreementRow(
        code,
        pairable_units(table),
        len(names),
        _round(percent_agreement(table)),
        _round(kappa),
        _round(krippendorff_alpha_nominal(table)),
        coder_names=tuple(names[i] for i in active),
    )


def _disagreements(
    names: tuple[str, ...],
    units: list[str],
    table: list[list[int | None]],
    code: str,
    codebooks: tuple[str, ...],
) -> list[Disagreement]:
    out = []
    for j, unit in enumerate(units):
        values = {names[i]: row[j] for i, row in enumerate(table) if row[j] is not None}
        if len(set(values.values())) > 1:
            yes = tuple(sorted(n for n, v in values.items() if v))
            no = tuple(sorted(n for n, v in values.items() if not v))
            out.append(Disagreement(unit, code, yes, no, codebooks))
    return out


def _round(value: float | None) -> float | None:
    """``value`` to four places; ``None`` where it is undefined (NaN): no "nan" in a table and
    no ``NaN`` (which is no JSON) in ``--format json``."""
    return None if value is None or math.isnan(value) else round(value, 4)
