"""Counting codings: frequencies and rates, co-occurrence, first appearance by role.

``source`` chooses what counts as a coding: ``all`` (:func:`counted_sources`: human codings,
the candidates coders accepted, and the current candidates no coder rejected or marked away
with a "done" mark or a reject of a model suggestion of their code there), ``auto``
(current auto candidates, verdicts ignored) or ``human`` (current human codings and the
candidates coders accepted). The same span coded by several coders, or by a coder and the
dictionary, counts once; overlapping spans of one code in one unit count once (one
occurrence, chains of overlaps included: removing the span that linked two others leaves
two, so a count can rise); a coding without a span (of a whole unit or paragraph) confirms
the spans of its code it reaches and is merged with none, an occurrence of its own only where
it reaches none (:mod:`normtrace.coding.unspanned`: confirming a code never lowers its count);
a row gives the spans behind its count too (``spans``: what ``code apply`` lists per code are
spans). A row also names the genres of text its group holds
(``genres``): its count carries their measured error (:mod:`normtrace.coding.counted_error`).

Rates are per 10,000 words of the group's running text (coded or not; the one definition of
:mod:`normtrace.parse.running`), words being runs of letters and digits. Headings, tables,
maps, captions and notes are no running text: they are in no rate, and the occurrences of a
code in them are counted apart (``other_count``).

>>> from normtrace.store.db import Store
>>> code_frequencies(Store.open(":memory:"), by="year")
[]
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from normtrace.coding.count_groups import CaseScope, group_sizes, grouper
from normtrace.coding.human.suggestion_absent import rejected_candidates
from normtrace.coding.levels import check_level, level_key
from normtrace.coding.placed import ACCEPTED_SPANS, placed_sql
from normtrace.coding.query import find
from normtrace.coding.running_units import running_unit_words
from normtrace.coding.topics import topic_groups
from normtrace.coding.units import genre, has_table, unit_words
from normtrace.coding.unspanned import confirmed_by, unspanned
from normtrace.coding.validity import CodeValidity, first_use_trust
from normtrace.errors import CodebookError
from normtrace.store.db import Store
from normtrace.store.topics import topic_symbols

#: a coding counts only where its snippet is at its offsets in its unit's current text
#: (in its edition): a new version never leaves a code on other words (issue 14)
_PLACED = " x WHERE " + placed_sql("x")


def not_overruled_sql(alias: str) -> str:
    """An SQL condition: no adjudication in force decided the code of the row ``alias``
    (``unit_key``, ``code``, ``codebook``) absent on its unit. An adjudication decides for
    one codebook (migration 0024; one recorded before names none and decided for every
    codebook); the one in force for codebook B is the latest of the unit and code whose
    codebook is B or none (on a project adjudicated before 0024, the one no later adjudication
    supersedes, as before). A row of no codebook (a coding that records no version, which
    stands for every codebook, in a count of every codebook) is overruled by an "absent" in
    force for any codebook. An adjudicator's "absent" overrules the coders' codings of that
    code there in every count; their codings stay (human work is never deleted) and an
    adjudication of "present" restores them."""
    return (
        f"NOT EXISTS (SELECT 1 FROM adjudications j WHERE j.unit_key = {alias}.unit_key "
        f"AND j.code = {alias}.code AND j.decision = 'absent' AND (j.codebook IS NULL OR "
        f"{alias}.codebook IS NULL OR j.codebook = {alias}.codebook) AND NOT EXISTS "
        "(SELECT 1 FROM adjudications k WHERE k.unit_key = j.unit_key AND k.code = j.code AND "
        f"k.id > j.id AND (k.codebook IS NULL OR k.codebook IS coalesce({alias}.codebook, "
        "j.codebook))))"
    )


#: the codebook of a ``codings`` row: its version's (NULL: a coding that records none)
_ROW_BOOK = (
    "(SELECT b.name FROM codebooks b WHERE b.version = codings.codebook_version "
    "ORDER BY b.id LIMIT 1)"
)


def _affirmed(kinds: str, accepted: str = "1 = 1", counted: bool = False) -> str:
    """Distinct spans of the ``codings`` rows ``kinds`` (an SQL condition on ``source``) and
    the accepted candidates (those ``accepted`` selects), less what an adjudicator decided
    absent for their codebook. ``counted``: a count of one codebook, the SQL's first
    parameter (a coding that records no codebook is that codebook's there)."""
    book = f"coalesce({_ROW_BOOK}, ?)" if counted else _ROW_BOOK
    return (
        'SELECT DISTINCT unit_key, start, "end", code, snippet FROM (SELECT unit_key, start, '
        f'"end", code, snippet, {book} AS codebook FROM codings WHERE {kinds} UNION ALL '
        f'SELECT unit_key, start, "end", code, snippet, codebook FROM ({ACCEPTED_SPANS}) '
        f"WHERE {accepted}) c WHERE {not_overruled_sql('c')}"
    )


#: the ``codings`` rows and accepted candidates of one codebook (its versions' codings, a
#: coding that records no version (made before versions were recorded) of a code the codebook
#: holds, as training and the carrying paragraphs read one, and its dictionary's candidates),
#: for :func:`codebook_sources`; each ``?`` is the codebook
_OF_BOOK = (
    "((source = 'human' AND (codebook_version IN (SELECT version FROM codebooks WHERE name = ?) "
    "OR (codebook_version IS NULL AND code IN (SELECT k.code FROM codes k JOIN codebooks b ON "
    "b.id = k.codebook_id WHERE b.name = ?)))) "
    "OR (source = 'auto' AND ref_id IN (SELECT id FROM current_auto_codings WHERE codebook = ?)))"
)
#: how many parameters :data:`_OF_BOOK` takes (each the codebook)
_OF_BOOK_PARAMS = _OF_BOOK.count("?")


def counted_sources(
    store: Store, source: str = "all", codebook: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """SQL (and its parameters) of what ``source`` counts (of ``codebook``'s codings only,
    given one: :func:`codebook_sources`), less the dictionary candidates a coder's reject of a
    model suggestion of their code reads as absent (:func:`~normtrace.coding.human.
    suggestion_absent.rejected_candidates`: a reject says what a "done" mark says). What every
    count reads (:func:`coded_spans`: freq, kwic, first, co-occurrence); ``auto`` ignores
    verdicts."""
    gone = rejected_candidates(store, codebook) if source == "all" else {}
    return sources_without(source, codebook, gone)


def sources_without(
    source: str, codebook: str | None, gone: Collection[int]
) -> tuple[str, tuple[str, ...]]:
    """SQL (and its parameters) of ``source``'s codings (``codebook``'s only, given one),
    less the candidates ``gone`` (ids: those :func:`counted_sources` leaves out, read once by
    a reader that needs the SQL several times, as the case report does)."""
    if source not in SOURCES:
        raise CodebookError(f"unknown coding source {source!r}; use one of {', '.join(SOURCES)}")
    if source == "auto":
        return (SOURCES["auto"], ()) if codebook is None else codebook_sources("auto", codebook)
    kinds = "1 = 1" if source == "all" else "source = 'human'"
    ids: tuple[str, ...] = ()
    if source == "all" and gone:
        kinds = "NOT (source = 'auto' AND ref_id IN (SELECT value FROM json_each(?)))"
        ids = (json.dumps(sorted(gone)),)
    if codebook is None:
        return _affirmed(kinds), ids
    books = (codebook,) * (_OF_BOOK_PARAMS + 1)  # _OF_BOOK's, and the accepts'
    sql = _affirmed(f"{kinds} AND {_OF_BOOK}", "codebook = ?", counted=True)
    return sql, (codebook, *ids, *books)


def codebook_sources(source: str, codebook: str) -> tuple[str, tuple[str, ...]]:
    """SQL (and its parameters) of :data:`SOURCES`' ``source`` limited to ``codebook``'s
    codings, accepts and candidates: one dictionary's count of a code id two codebooks share
    (no verdict on a model suggestion read: :func:`counted_sources` reads them)."""
    if source == "auto":
        return (SOURCES["auto"] + " AND x.codebook = ?", (codebook,))
    return sources_without(source, codebook, ())


SOURCES = {
    "all": _affirmed("1 = 1"),
    "auto": 'SELECT DISTINCT unit_key, start, "end", code, snippet FROM current_auto_codings'
    + _PLACED,
    # what coders affirmed: their own codings and the candidates they accepted that still count
    "human": _affirmed("source = 'human'"),
}
#: what each source counts, for help texts
SOURCE_HELP = (
    "all: coders' codings, the candidates they accepted, and the dictionary's candidates no "
    "coder rejected or marked away (a 'done' mark, or a reject of a model suggestion of the "
    "code on their unit or paragraph); human: coders' codings and the "
    "candidates they accepted (of any run, while their words stand; both sources: less what "
    "an adjudicator decided absent on the unit); auto: the dictionary's current candidates, "
    "verdicts ignored (what the dictionary finds). Counts are of coded words: an accepted "
    "model suggestion labels its unit for training but marks no words, so no count holds it "
    "(code the words with `code add` to count them); a rejected one takes the dictionary's "
    "candidates of its code in its unit or paragraph out of the counts, as a 'done' mark does."
)


@dataclass(frozen=True)
class FrequencyRow:
    """Occurrences of a code in a group, with the group's size and the rate. ``count`` counts
    occurrences, ``spans`` the coded spans they are made of (spans of the code in one unit that
    overlap are one occurrence: what ``code apply`` lists per code are its candidates' spans,
    in every unit); ``genres``: those of the group's running text
    (:func:`~normtrace.coding.units.genre`, in :data:`~normtrace.coding.count_groups.
    GENRE_ORDER`), whose measurements of the code its count carries."""

    group: str
    code: str
    count: int
    spans: int
    units: int
    group_units: int
    group_words: int
    per_10k_words: float
    #: occurrences in the group's units that are no running text (headings, tables, maps,
    #: captions, notes: normtrace.parse.running), in neither ``count`` nor the rate
    other_count: int = 0
    #: the group's units that are no running text (not in ``group_units``/``group_words``)
    group_other_units: int = 0
    genres: tuple[str, ...] = ()


@dataclass(frozen=True)
class CooccurrenceRow:
    """Units in which two codes both occur (``jaccard`` = both / either)."""

    code_a: str
    code_b: str
    units: int
    jaccard: float


@dataclass(frozen=True)
class FirstAppearance:
    """The earliest coded unit of a code for one role."""

    code: str
    role: str
    date: str | None
    symbol: str
    unit_key: str
    snippet: str
    #: what the unit is, for its code's measured error (:func:`normtrace.coding.units.genre`)
    genre: str = ""
    #: the code that made this first use, when ``code`` names a frame or group of codes
    member: str = ""
    #: the coders who coded the passage (this span) by hand or accepted the dictionary's
    #: candidate there
    #: (:func:`checked_by`): then it is their reading, not the dictionary's guess
    checked_by: str = ""

    def trust(self, named: Mapping[str, CodeValidity], measured: Mapping[str, CodeValidity]) -> str:
        """How far this first use holds (:func:`~normtrace.coding.validity.first_use_trust`):
        judged by the measurement of the code asked for (``named``: a frame's or group's, when
        its codes share one; else ``measured``), else of the member code that made it."""
        v = named.get(self.code) or measured.get(self.code) or CodeValidity(self.code)
        member = measured.get(self.member) if self.member else None
        return first_use_trust(v, self.genre, member=member, checked_by=self.checked_by)


def checked_by(store: Store) -> dict[tuple[str, str, int, int], str]:
    """``(unit_key, code, start, end)`` -> the coders (``"ana, ben"``) who coded that span by
    hand, or accepted the dictionary's candidate there while the accept stands (its words at
    their span in the current text; of any run; another coder's reject does not withdraw it:
    :data:`~normtrace.coding.placed.ACCEPTED_SPANS`), or confirmed its code on the unit or
    paragraph holding it by a coding without a span (:func:`~normtrace.coding.unspanned.
    confirmed_by`: that coding is then no occurrence of its own, the span is)."""
    found: dict[tuple[str, str, int, int], set[str]] = {}
    for row in store.conn.execute(
        "SELECT unit_key, code, start, \"end\", coder FROM codings WHERE source = 'human' "
        f'UNION SELECT unit_key, code, start, "end", coder FROM ({ACCEPTED_SPANS})'
    ):
        key = (str(row[0]), str(row[1]), int(row[2]), int(row[3]))
        found.setdefault(key, set()).add(str(row[4]))
    for (unit, start, end, code), coders in confirmed_by(store, unspanned(store)).items():
        found.setdefault((unit, code, start, end), set()).update(coders)
    return {k: ", ".join(sorted(v)) for k, v in found.items()}


def shared_dictionaries(store: Store, codes: Iterable[str]) -> dict[str, list[str]]:
    """Each of ``codes`` whose current candidates come from the dictionaries of two or more
    codebooks (a code id they share) → those codebooks: counts of the ``all`` and ``auto``
    sources take their candidates together, while a code's measured error is one
    codebook's dictionary's."""
    wanted = sorted(set(codes))
    if not wanted or not has_table(store, "current_auto_codings"):
        return {}
    rows = store.conn.execute(
        "SELECT code, group_concat(DISTINCT codebook) FROM current_auto_codings "
        "WHERE code IN (SELECT value FROM json_each(?)) GROUP BY code "
        "HAVING count(DISTINCT codebook) > 1",
        (json.dumps(wanted),),
    )
    return {str(r[0]): sorted(str(r[1]).split(",")) for r in rows}


def coded_spans(
    store: Store,
    source: str = "all",
    codebook: str | None = None,
    codes: Collection[str] | None = None,
) -> list[tuple[str, int, int, str, str]]:
    """Distinct ``(unit_key, start, end, code, snippet)`` of the chosen source (of
    ``codebook``'s codings and candidates only, given one: :func:`codebook_sources`; of
    ``codes`` only, given them, read in SQL: the same spans of those codes): what
    counts as coded wherever a conclusion is drawn (freq, kwic, first use, co-occurrence; the
    case report and its ledger citations read the same rule,
    :meth:`normtrace.trace.books.CodingScope.sql`), so that none sees a code another does not
    count (:func:`counted_sources`, less :func:`whole_again`).

    A coding without a span (of a whole unit; of a whole paragraph, placed on its opening
    unit: :mod:`~normtrace.coding.unspanned`) says the unit or paragraph carries the code, not
    where; where another span of the code there says where, it confirms that span's occurrence
    and is left out (merged with none), else it is one occurrence.
    """
    if source not in SOURCES:
        raise CodebookError(f"unknown coding source {source!r}; use one of {', '.join(SOURCES)}")
    if not has_table(store, "codings"):
        return []
    sql, params = counted_sources(store, source, codebook)
    if codes is not None:  # one placeholder each: SQLite reads them in the views (3 x faster)
        wanted = sorted(codes)
        sql = f"SELECT * FROM ({sql}) WHERE code IN ({', '.join('?' * len(wanted))})"
        params = (*params, *wanted)
    spans = [(r[0], r[1], r[2], r[3], r[4]) for r in store.conn.execute(sql, params)]
    if source == "auto":
        return spans
    again = whole_again(store, spans)
    return [s for s in spans if (s[0], s[1], s[2], s[3]) not in again] if again else spans


def whole_again(
    store: Store, spans: Iterable[tuple[str, int, int, str, str]]
) -> set[tuple[str, int, int, str]]:
    """The ``(unit_key, start, end, code)`` of those of ``spans`` (the codings a count reads)
    that are no occurrence of their own: a coding without a span (of a whole unit, or of a
    whole paragraph placed on its opening unit: :mod:`~normtrace.coding.unspanned`) whose
    reach holds another of ``spans`` of its code, which it confirms and is merged with none.
    What :func:`coded_spans` leaves out, and the case report
    (:class:`~normtrace.trace.books.CodingScope`) with it."""
    found = unspanned(store)
    return found.not_occurrences(spans) if found else set()


def code_frequencies(
    store: Store,
    *,
    by: str = "year",
    source: str = "all",
    cases: Sequence[CaseScope] | None = None,
    codes: Iterable[str] | None = None,
    level: str = "unit",
    query: str | None = None,
    under: Mapping[str, Collection[str]] | None = None,
    codebook: str | None = None,
    topic: str | None = None,
) -> list[FrequencyRow]:
    """Counts and rates per 10,000 words of running text of each code (or of ``query``'s
    matches) per group; occurrences in the group's other units (headings, tables, maps,
    captions, notes: :mod:`normtrace.parse.running`) are counted apart in ``other_count``.

    At ``level="paragraph"`` the unit columns count paragraphs (with their
    sub-paragraphs, :mod:`normtrace.coding.levels`) instead of stored units.

    Args:
        by: ``year``, ``role``, ``doc_type``, ``symbol``, ``case`` (needs ``cases``) or
            ``topic`` (one group per agenda item of the unit's meeting: coding.topics).
        source: ``all``, ``auto`` or ``human``.
        cases: cases' documents, each as :func:`normtrace.trace.scope.case_scope` gives them
            (the one definition of a case's documents, that of ``trace``, ``report`` and
            ``first --case``): with ``by="case"`` one group per case, named by its id; with
            another ``by``, only the units of these cases' documents are counted.
        codes: only these codes (default: every coded code).
        level: ``unit`` or ``paragraph``.
        query: count the matches of this query (:mod:`normtrace.coding.query`) instead of
            codes; its rows carry the query as their ``code``.
        under: code -> the names to count it under (``codes_under``: a frame or group counts
            the spans of its codes, overlapping ones once); replaces ``codes``.
        codebook: count ``codebook``'s codings and candidates only (:func:`coded_spans`).
        topic: count the units of the meeting records whose agenda items name it only (a
            whole word or phrase, case aside: :func:`normtrace.store.topics.topic_symbols`).
    """
    check_level(level)
    units, other = running_unit_words(store)
    groups_of = topic_groups(store) if by == "topic" else grouper(by, cases)
    if topic is not None:  # the meeting records on the topic only
        on_topic = topic_symbols(store, topic)
        units = {k: v for k, v in units.items() if v[0].symbol in on_topic}
        other = {k: v for k, v in other.items() if v[0].symbol in on_topic}
    if cases and by != "case":  # within the cases: their documents' units only
        held = {s for scope in cases for s in scope.symbols}
        units = {k: v for k, v in units.items() if v[0].symbol in held}
        other = {k: v for k, v in other.items() if v[0].symbol in held}
    size = group_sizes(units.values(), (info for info, _c in other.values()), groups_of, level)
    wanted = set(codes) if codes is not None else None
    count: Counter[tuple[str, str]] = Counter()
    elsewhere: Counter[tuple[str, str]] = Counter()
    coded_units: dict[tuple[str, str], set[str]] = defaultdict(set)
    spans = (
        coded_spans(store, source, codebook)
        if query is None
        else [(h.info.key, h.start, h.end, query, h.snippet) for h in find(store, query)]
    )
    # codings: overlapping spans of a code are one occurrence; a query counts its hits as
    # search and kwic list them
    if under is not None:
        wanted = {n for names in under.values() for n in names}
        spans = _named(store, spans, under)
    found = _occurrences(spans) if query is None else [(k, c, 0) for k, _s, _e, c, _t in spans]
    # the distinct spans behind each unit's occurrences (a frame's codes' on the same words: one)
    spans_in = Counter((k, c) for k, _a, _b, c in {(k, a, b, c) for k, a, b, c, _t in spans})
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)  # (group, code) -> its units
    for key, code, _n in found:
        if wanted is not None and code not in wanted:
            continue
        if key in other:  # no running text: counted apart, in no rate
            for group in groups_of(other[key][0]):
                elsewhere[(group, code)] += 1
            continue
        if key not in units:
            continue
        for group in groups_of(units[key][0]):
            count[(group, code)] += 1
            coded_units[(group, code)].add(level_key(key, level))
            keys[(group, code)].add(key)
    return [
        FrequencyRow(
            group,
            code,
            n,
            sum(spans_in[(k, code)] for k in keys[(group, code)]),
            len(coded_units[(group, code)]),
            size[group].units,
            size[group].words,
            round(n / size[group].words * 10_000, 3) if size[group].words else 0.0,
            elsewhere[(group, code)],
            size[group].other_units,
            size[group].genres,
        )
        for group, code, n in sorted({(g, c, count[(g, c)]) for g, c in (*count, *elsewhere)})
    ]


def code_occurrences(
    store: Store,
    under: Mapping[str, Collection[str]],
    *,
    source: str = "all",
    codebook: str | None = None,
) -> list[tuple[str, str, int]]:
    """One ``(unit_key, name, i)`` per occurrence of the codes of ``under`` (code -> the
    names to count it under, as :func:`code_frequencies` takes them), by the rule
    :func:`code_frequencies` counts by (:func:`coded_spans`, overlapping spans of a name in a
    unit once), the codes' spans read alone: for a reader of one code (the workbench's code
    page), whose numbers are then ``freq``'s once it counts, as :func:`code_frequencies`
    does, the occurrences in :func:`~normtrace.coding.running_units.other_units` apart
    (every unit's occurrences are returned)."""
    spans = coded_spans(store, source, codebook, codes=under)
    return _occurrences(_named(store, spans, under))


def _named(
    store: Store,
    spans: Sequence[tuple[str, int, int, str, str]],
    under: Mapping[str, Collection[str]],
) -> list[tuple[str, int, int, str, str]]:
    """``spans`` (of :func:`coded_spans`) under the names ``under`` gives their codes, less the
    codings without a span that confirm another code's span counted under the same name
    (:meth:`~normtrace.coding.unspanned.Unspanned.named`: a frame's count does not fall when
    a coder confirms one of its codes where the dictionary found another)."""
    named = [(k, a, b, n, t) for k, a, b, c, t in spans for n in under.get(c, ())]
    found = unspanned(store)
    again = found.named(under, spans).not_occurrences(named) if found else set()
    return [s for s in named if s[:4] not in again] if again else named


def _occurrences(
    spans: Iterable[tuple[str, int, int, str, str]],
) -> list[tuple[str, str, int]]:
    """One ``(unit_key, code, i)`` per occurrence: spans of one code in one unit that overlap
    (an entry and a wider one over the same words) are one occurrence.

    >>> _occurrences([("u", 0, 10, "poc", ""), ("u", 5, 20, "poc", ""), ("u", 30, 35, "poc", "")])
    [('u', 'poc', 0), ('u', 'poc', 1)]
    """
    by: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for key, start, end, code, _snip in spans:
        by[(key, code)].append((start, end))
    out = []
    for (key, code), found in by.items():
        reach, n = -1, 0
        for start, end in sorted(found):
            if start >= reach:  # a new occurrence
                out.append((key, code, n))
                n += 1
            reach = max(reach, end)
    return out


def code_cooccurrence(store: Store, *, source: str = "all") -> list[CooccurrenceRow]:
    """For each pair of codes, the number of units where both occur."""
    codes_in: dict[str, set[str]] = defaultdict(set)
    for key, _s, _e, code, _snip in coded_spans(store, source):
        codes_in[key].add(code)
    both: Counter[tuple[str, str]] = Counter()
    single: Counter[str] = Counter()
    for present in codes_in.values():
        single.update(present)
        both.update(combinations(sorted(present), 2))
    return [
        CooccurrenceRow(a, b, n, round(n / (single[a] + single[b] - n), 4))
        for (a, b), n in sorted(both.items(), key=lambda item: (-item[1], item[0]))
    ]


def first_appearances(
    store: Store, *, source: str = "all", codes: Mapping[str, Collection[str]] | None = None
) -> list[FirstAppearance]:
    """The first unit (by date, then document order) in which each role used each code.

    ``codes`` (code -> the names to report it under) keeps only those codes, and reports the
    codes of a frame or group under its name (``codes_under``): their first use, whichever
    code it was; a code asked for itself and within a frame counts for both."""
    units = unit_words(store)
    checked = checked_by(store)
    best: dict[tuple[str, str], tuple[tuple[str, str, int, int], FirstAppearance]] = {}
    for key, start, end, code, snippet in coded_spans(store, source):
        if key not in units or (codes is not None and code not in codes):
            continue
        info = units[key][0]
        order = (info.date or "9999", info.symbol, info.ord, start)
        for name in codes[code] if codes is not None else (code,):
            slot = (name, info.role)
            if slot not in best or order < best[slot][0]:
                kind = genre(info.unit_type, info.doc_type, info.date)
                found = FirstAppearance(name, info.role, info.date, info.symbol, key, snippet,
                                        kind, code if code != name else "",
                                        checked.get((key, code, start, end), ""))  # fmt: skip
                best[slot] = (order, found)
    return sorted((v[1] for v in best.values()), key=lambda f: (f.code, f.date or "", f.role))


def check_codes(store: Store, codes: Iterable[str]) -> None:
    """Raise :class:`CodebookError` for the first of ``codes`` that no codebook of the project
    has (as a code or as a frame it declares), naming the codes it does have."""
    from normtrace.coding.dictionary.apply import stored_codebook

    # the current versions' codes, and a retired code the project still holds codings or
    # accepts of (what the "codes no longer in the codebook" warning and `code apply`'s note
    # on accepts send a researcher to look at; freq lists them)
    known = {str(r[0]) for r in store.conn.execute(
        "SELECT code FROM codes WHERE codebook_id IN (SELECT id FROM current_codebooks) "
        f"UNION SELECT code FROM human_codings UNION SELECT code FROM ({ACCEPTED_SPANS})"
    )}  # fmt: skip
    for (name,) in store.conn.execute("SELECT DISTINCT name FROM codebooks"):
        known |= set(stored_codebook(store, str(name)).frame_codes())
    for code in codes:
        if code not in known:
            listed = ", ".join(sorted(known)[:40]) + (" ..." if len(known) > 40 else "")
            raise CodebookError(
                f"--code {code!r}: no codebook of the project has it; its codes and frames: "
                + (listed or "none (register one with `normtrace code apply`)")
            )


def codes_under(store: Store, code: str) -> tuple[str, list[str]]:
    """What ``code`` stands for in the latest version of each codebook: ``("frame", [code,
    *its codes])`` for a frame a codebook declares (``frames:``, what the measured error is
    of), else ``("group", [code, *every code under it])`` for a group code (children,
    grandchildren ...), else ``("", [code])``."""
    from normtrace.coding.dictionary.apply import stored_codebook

    for (name,) in store.conn.execute("SELECT DISTINCT name FROM codebooks ORDER BY name"):
        frames = stored_codebook(store, str(name)).frame_codes()
        if code in frames:
            return "frame", [code, *frames[code]]
    children: dict[str, list[str]] = {}
    for row in store.conn.execute(
        "SELECT code, parent FROM codes WHERE parent IS NOT NULL AND codebook_id IN "
        "(SELECT id FROM current_codebooks) ORDER BY ord"
    ):
        children.setdefault(row["parent"], []).append(row["code"])
    out, todo = [code], [code]
    while todo:
        for child in children.get(todo.pop(0), []):
            if child not in out:
                out.append(child)
                todo.append(child)
    return ("group" if len(out) > 1 else ""), out
