"""Intercoder agreement from the project's coding work, per code and overall.

What is compared: for every code, on every target (a unit, or at ``paragraph`` level a
paragraph with its sub-paragraphs) that at least two coders *judged for that code*, whether
each coder applied the code there. Which codes a coder judged on a target is the one rule
training labels read (:mod:`~normtrace.coding.human.judged`): their coding or accept of the
code there (a human coding, an auto candidate the coder accepted, or the coder's accept of a
model suggestion of the code for the whole target), their reject of a candidate or suggestion
of it, or their "done" mark speaking for it ("done, nothing (else) applies", for the codes of
the codebook version the coder worked under: a code added later was not judged then). A
coding of one code judges no other code: a coder who imported codings with ``reviewed`` ``no``
(or coded without marking the unit done) is compared on the codes they applied only, and a
memo judges nothing; except on a unit the workbench assigned to the coder and the coder did
not mark, where their coding reads every code of its codebook version (an assignment asks for
a reading of the whole unit; training labels do not read assignments). A coder who did not
judge a target for a code is missing data for it (Krippendorff's alpha handles that; Cohen's
kappa uses the targets both judged). "Overall" pools every (target, code) decision.
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
a model suggestion for a whole paragraph reads the same way
(:func:`~normtrace.coding.human.agreement_readings.suggestion_readings`). At ``paragraph``
level marks count upwards as everywhere (a paragraph marked whole, or every one of its units).
On blind-assigned units (the project's assignments, read here whoever asks: the command line,
the workbench's agreement page, its CSV and adjudication compare the same readings) a coder's
work from before their blind reading of the unit began is no blind reading: set aside unless
they re-read it since (:mod:`~normtrace.coding.human.blind_work`), and listed in
:attr:`AgreementReport.predating`. Marks and codings on words a new version changed count
nowhere (a mark is a reading of words), so they drop out of the agreement too: named, per
coder, with the targets that left the table because of them, in :attr:`AgreementReport.stale`
(:mod:`~normtrace.coding.human.agreement_stale`).

Two levels per code: *unit* level (percent, kappa, alpha) on the presence of the
code in each unit, and *passage* level: Krippendorff's alpha over characters
(:func:`~normtrace.coding.human.reliability.character_alpha`), so coders who mark
different passages of the same long speech disagree there. Each row lists the
targets behind its numbers.

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
    mark_coverage,
    scoped,
)
from normtrace.coding.human.agreement_readings import held_readings, suggestion_readings
from normtrace.coding.human.agreement_stale import (
    StaleWork,
    reached_judged,
    stale_readings,
    stale_work,
    within_scope,
)
from normtrace.coding.human.blind_work import (
    PredatingWork,
    assigned_coders,
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
from normtrace.coding.human.suggestion_verdicts import standing_verdicts
from normtrace.coding.human.whole import placed_whole_paragraph_codings
from normtrace.coding.levels import check_level, level_key, level_units
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
    #: what a target is: ``unit``, or ``paragraph`` (a paragraph with its sub-paragraphs;
    #: ``units``, each row's ``unit_keys`` and each disagreement's ``unit_key`` name paragraphs)
    level: str = "unit"
    #: per coder, the marks and codings left out because a new version changed their words
    #: since, and the targets that left the table because of them (:class:`StaleWork`)
    stale: tuple[StaleWork, ...] = ()

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
    level: str = "unit",
) -> AgreementReport:
    """Agreement of ``coders`` (default: everyone with events) on targets two or more judged.

    ``level``: ``unit`` compares units, ``paragraph`` paragraphs with their sub-paragraphs
    (as training, validation and labels read them: :mod:`~normtrace.coding.human.
    agreement_readings`). ``within`` limits the comparison to its units and, on each, to the
    coders it lists (the web workbench passes the units assigned to two or more coders that its
    viewer may see; at ``paragraph`` level a paragraph is within it for the coders listed on
    any of its units). An adjudicator's final codings (coder ``adjudication:<name>``) are a
    decision, not a coder's judgement, and never count as a coder's. On the project's
    blind-assigned units each assigned coder's work recorded before their blind reading began
    is set aside, unless they re-read the unit since, before it was revealed
    (:func:`~normtrace.coding.human.blind_work.predating_work`; at ``paragraph`` level the
    coder's reading of its whole paragraph). ``codebook``: compare that codebook's codes and
    readings only (see the module doc). Marks and codings on words a new version changed
    since count nowhere: each coder's are counted in :attr:`AgreementReport.stale`, with the
    targets that left the table because of them.

    Raises:
        CodebookError: a code of ``codes`` is no code of the project's codebooks (of
            ``codebook``, given one), or ``codebook`` is none of the project's.
        CodingError: a coder of ``coders`` has no coding event and no mark in the project
            (a mistyped name would report agreement on nothing), or ``level`` is unknown.
    """
    from normtrace.coding.counts import check_codes

    check_level(level)
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
    # what each coder's codings and verdicts judged: the rule training reads (human.judged)
    whole = placed_whole_paragraph_codings(store)
    assigned = assigned_coders(store)  # an assignment asks for a reading of the whole unit
    held = held_readings(store, level, wanted_coders, books, whole, codebook, assigned)
    suggested = suggestion_readings(store, level, standing, wanted_coders, books, carried, codebook)
    events = held.covered
    for u, who in suggested.covered.items():
        for coder, judged in who.items():
            events.setdefault(u, {}).setdefault(coder, set()).update(judged)
    within = _at_level(within, level)
    events = _restricted(events, within)
    coverage = mark_coverage(store, wanted_coders, books, carried, level)
    for (target, coder), whole_reading in held.whole.items():  # an assigned unit, unmarked
        if (target, coder) not in coverage.touched and target in events:
            events[target].setdefault(coder, set()).update(whole_reading)
    marks = _restricted(coverage.judged, within)
    # the units of paragraphs marked whole: covered code by code (_covered_for)
    wholes = _restricted(coverage.whole_units(), within)
    predating = _predating(store, _units_within(store, within, level), wanted_coders)
    aside = {(level_key(p.unit_key, level), p.coder) for p in predating if not p.counted}
    for target, coder in aside:  # no blind reading: as if the coder had not worked there
        for by_target in (events, marks, wholes):
            by_target.get(target, {}).pop(coder, None)
    names = tuple(sorted({c for by_unit in (events, marks, wholes)
                          for who in by_unit.values() for c in who}))  # fmt: skip
    # "all used": every code these coders applied anywhere, not only on shared targets (a
    # code nobody applied on them is one they agree is absent there)
    used = {str(r["code"]) for r in store.conn.execute(
        "SELECT DISTINCT coder, code FROM human_codings WHERE ? IS NULL OR codebook IS NULL "
        "OR codebook = ?", (codebook, codebook)) if r["coder"] in names}  # fmt: skip
    if codebook is not None:  # a coding of no recorded version of another codebook's code
        used = {c for c in used if codebook in books.ever.get(c, set())}
    # work on words changed since: left out, and named (agreement_stale)
    stale = within_scope(stale_readings(store, level, wanted_coders, books, codebook),
                         within, aside)  # fmt: skip

    def covered_on(code: str, targets: set[str]) -> tuple[dict[str, set[str]], set[str]]:
        def on(by_target: dict[str, dict[str, set[str]]]) -> dict[str, dict[str, set[str]]]:
            return {t: by_target[t] for t in targets if t in by_target}

        paragraphs = (on(wholes), coverage.whole)
        covered = _covered_for(on(events), on(marks), paragraphs, books, code, codebook)
        return covered, _judging(books, code, codebook)

    every = {c for _, _, c in held.applied | suggested.applied}
    reached = reached_judged(stale, codes if codes is not None else used | every, covered_on)

    def report(
        shared: Collection[str],
        rows: Iterable[AgreementRow] = (),
        disagreed: Iterable[Disagreement] = (),
    ) -> AgreementReport:
        return AgreementReport(names, len(shared), tuple(rows), tuple(disagreed), predating,
                               codebook, level, stale_work(stale, reached, shared))  # fmt: skip

    # every target two coders judged in any way: where a code's shared targets can be
    anywhere: dict[str, set[str]] = {}
    for by_unit in (events, marks, wholes):
        for u, who in by_unit.items():
            anywhere.setdefault(u, set()).update(who)
    candidates = {u for u, who in anywhere.items() if len(who) >= 2}
    if not candidates:
        return report(())
    applied = {a for a in held.applied | suggested.applied
               if a[0] in candidates and a[1] in names and a[:2] not in aside}  # fmt: skip
    on_shared = {c for _, _, c in applied}
    if codebook is not None:  # a coding of no recorded version of another codebook's code
        on_shared = {c for c in on_shared if codebook in books.ever.get(c, set())}
    wanted = sorted(set(codes) if codes is not None else used | on_shared)
    # the pooled row pools the codes asked for, else those applied on shared targets (codes
    # absent from all of them would only add agreement on absence)
    pooling = set(codes) if codes is not None else on_shared
    spans = {**held.spans}
    for at, found in suggested.spans.items():
        spans.setdefault(at, []).extend(found)
    full = held.full | suggested.full
    members = _members(store, candidates, level)
    lengths = _lengths(store, sorted({m for ms in members.values() for m in ms}))
    rows, disagreements, all_shared = [], [], set()

    def whose(code: str) -> tuple[str, ...]:
        return (codebook,) if codebook is not None else tuple(sorted(books.ever.get(code, ())))

    def passage(target: str, who: set[str], code: str) -> list[_Passage]:
        """The characters of ``target``'s units, with each coder's spans of ``code``."""
        return [
            (lengths.get(m, 0),
             {c: [*spans.get((m, c, code), []),
                  *([(0, lengths.get(m, 0))] if (m, c, code) in full else [])]
              for c in sorted(who) if c in names})
            for m in members.get(target, (target,))
        ]  # fmt: skip

    pooled: list[list[int | None]] = [[] for _ in names]
    for code in wanted:
        covered = _covered_for(events, marks, (wholes, coverage.whole), books, code, codebook)
        shared = sorted(u for u, who in covered.items() if len(who) >= 2)
        all_shared.update(shared)
        if not shared and codes is None:
            continue  # a code of another codebook, or one nobody shares: nothing to compare
        table = _table(names, shared, covered, applied, code)
        chars = [p for u in shared for p in passage(u, covered[u], code)]
        rows.append(
            replace(
                _row(code, table, names),
                passage_alpha=_round(character_alpha(chars)),
                characters=sum(n for n, who in chars if len(who) >= 2),
                unit_keys=tuple(shared),
                codebooks=whose(code),
            )
        )
        disagreements += _disagreements(names, shared, table, code, whose(code))
        if code in pooling:
            for i, row in enumerate(table):
                pooled[i].extend(row)
    if not all_shared:
        return report(())
    if pooling:
        # it pools every (target, code) decision, but its ``units`` are targets, as a code's are
        overall = _row(OVERALL, pooled, names)
        books_of = tuple(sorted({b for c in pooling for b in whose(c)}))
        rows.append(replace(overall, units=len(all_shared), unit_keys=tuple(sorted(all_shared)),
                            codebooks=books_of))  # fmt: skip
    return report(all_shared, rows, disagreements)


#: a target's characters as :func:`~normtrace.coding.human.reliability.character_alpha` reads
#: them: one unit's length, and each coder's spans in it
_Passage = tuple[int, dict[str, list[tuple[int, int]]]]


def _at_level(
    within: Mapping[str, Collection[str]] | None, level: str
) -> Mapping[str, Collection[str]] | None:
    """``within`` (unit → coders) as targets at ``level``: a paragraph is within it for the
    coders listed on any of its units."""
    if within is None or level == "unit":
        return within
    out: dict[str, set[str]] = {}
    for unit, who in within.items():
        out.setdefault(level_key(unit, level), set()).update(who)
    return out


def _units_within(
    store: Store, within: Mapping[str, Collection[str]] | None, level: str
) -> Mapping[str, Collection[str]] | None:
    """``within`` at ``level`` read back as units (the blind assignments are of units)."""
    if within is None or level == "unit":
        return within
    return {m: within[t.key] for t in level_units(store, level, set(within)) for m in t.members}


def _members(store: Store, targets: set[str], level: str) -> dict[str, tuple[str, ...]]:
    """Target → its units (at ``unit`` level each unit is its own)."""
    if level == "unit":
        return {t: (t,) for t in targets}
    return {t.key: t.members for t in level_units(store, level, targets)}


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
    codebook: str | None = None,
) -> dict[str, set[str]]:
    """Target → the coders who judged it for ``code`` (:mod:`~normtrace.coding.human.judged`,
    the rule training reads): a review mark that speaks for it (one of its whole paragraph
    where the paragraph does not carry the code for the coder: ``whole``, the coders of each
    unit such marks may cover, as compared, and the marks,
    :meth:`~normtrace.coding.human.agreement_marks.WholeMarks.reviews`), or the coder's coding,
    accept or reject of ``code`` there (``events``:
    :mod:`~normtrace.coding.human.agreement_readings`): work on another code, or for another
    codebook, says nothing of this code. A codebook's bare name stands for its current
    version's codes, so a mark covers a code a later version dropped only where a mark of an
    older version names it (:func:`~normtrace.coding.human.agreement_marks.scoped`).
    ``codebook``: only work for that codebook judges ``code``."""
    judging = _judging(books, code, codebook)
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
            if judged & judging:
                covered.setdefault(u, set()).add(coder)
    return covered


def _judging(books: Books, code: str, codebook: str | None) -> set[str]:
    """The names of the work that judges ``code`` (:func:`_covered_for`)."""
    held = books.of(code)
    current = books.current.get(code, set())
    if codebook is not None:
        held, current = held & {codebook}, current & {codebook}
    return current | {scoped(b, code) for b in held}


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
