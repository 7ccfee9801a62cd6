"""Provenance of a unit: its lineage with dates, actors and the aligned words marked.

``normtrace provenance "S/RES/2098 (2013)/op12/b"`` prints
:meth:`Provenance.render`; ``--json`` prints :meth:`Provenance.to_json`: every
direct earlier source of the unit with its score and relation (same mission,
same agenda item, other mission, Secretariat, speech, other), then the chain,
which stays within the resolution's mission (:mod:`~normtrace.reuse.lineage`);
other missions' resolutions with the same formula are the parallel sources.
Aligned words are the words identical in a step and its neighbour in the
chain (the later step for earlier units, the predecessor for the unit
itself), by the one rule of :func:`~normtrace.reuse.attribution.aligned_pairs`; the
text rendering wraps each run of them in ``«…»`` and the JSON gives their code-point
ranges (the one rule of quoted text, :mod:`~normtrace.reuse.passages`: inside ``«…»`` only
verbatim words the document named shares with the later text; around them its other words).
A direct source linked by several links (aligned runs that words the later text changed keep
apart) is shown with every one of them, and the JSON lists them (``sources[].links``).
Last come the earliest sources of the unit's words as ``aggregate`` and ``secretariat``
count them (:class:`~normtrace.reuse.attribution.Attributor`): each
source unit, the words credited to it and the units they passed through, so the
report paragraph a chained credit goes to is named here too. A step reached by the
order-insensitive fallback (link ``method`` ``"reordered"``,
:mod:`~normtrace.reuse.reordered`) is labelled a reordered match, weaker than aligned
reuse, and its marked words are the shared phrases.

Words an SG report gives as another's ("the President stated that ...":
:mod:`~normtrace.reuse.reported`) are shown as *reported in the Secretary-General's report,
said by X* (role ``reported_in_sg_report``), never as the Secretariat's: among the earliest
sources of the words, and beside a report paragraph linked into the chain.

>>> link = ReuseLink("A", "B", 0, 27, 6, 33, 1.0, 5)
>>> aligned_ranges("urges all parties to cease", "Also, urges all parties to cease", link)
(((0, 26),), ((6, 32),))
>>> mark("Also, urges all parties to cease", ((6, 32),))
'Also, «urges all parties to cease»'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from normtrace.coding.units import missing_target
from normtrace.errors import NotFoundError
from normtrace.reuse.attribution import (
    Attributor,
    Citation,
    aligned_pairs,
    credited_pairs,
    linked_min_words,
    word_origins,
)
from normtrace.reuse.lineage import Source, earliest_sources, mission_successions, trace_lineage
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.mission import Mandate, MandateOf, report_mandate, report_missions
from normtrace.reuse.reordered import METHOD, tiled_ranges
from normtrace.reuse.reported import REPORTED, ReportedIndex
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.secretariat import lag_days, section_flag
from normtrace.reuse.shingles import Words, tokenize
from normtrace.reuse.store_reuse import (
    StoredUnit,
    links_into,
    load_units,
    store_mandates,
    store_renewals,
    stored_resolutions,
)
from normtrace.store.db import Store
from normtrace.store.shrunk import PARAGRAPH_SECTION

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ProvenanceStep:
    """A unit in a provenance chain, its text, its link to the later step and its aligned words."""

    unit: UnitInfo
    text: str
    link: ReuseLink | None
    aligned: Ranges

    def to_dict(self) -> dict[str, Any]:
        """The step as a JSON-able dict."""
        return {
            **self.unit.to_dict(),
            "text": self.text,
            "link": self.link.to_dict() if self.link else None,
            "aligned": [list(r) for r in self.aligned],
        }

    def render(self) -> str:
        """One header line (date, key, role, actor, score) and the marked text."""
        u = self.unit
        who = " / ".join(x for x in (u.role, u.actor or u.speaker) if x)
        score = f"  {link_strength(self.link)}" if self.link else ""
        return (
            f"{u.date or 'undated'}  {u.key}  [{who}]{score}\n    {mark(self.text, self.aligned)}"
        )


@dataclass(frozen=True)
class ReportSource:
    """A Secretary-General report paragraph linked into a step of the chain."""

    key: str
    date: str | None
    into: str
    lag_days: int | None
    section: str | None
    flag: str | None
    score: float
    words: int
    #: who said the link's credited words (those it aligns to an identical word) that lie in
    #: sentences the report gives as another's (else "")
    said_by: str = ""
    #: how many of the link's credited words lie in such sentences, of ``credited``
    reported_words: int = 0
    credited: int = 0

    def said(self) -> str:
        """Whose the credited words are: 'reported in the report, said by X' when all lie in
        sentences the report gives as another's, 'N of its M words reported ...' when some
        do, else ''."""
        if not self.reported_words:
            return ""
        share = (
            ""
            if self.reported_words == self.credited
            else f"{self.reported_words} of its {self.credited} words "
        )
        return f"{share}reported in the report, said by {self.said_by}"


@dataclass(frozen=True)
class WordSource:
    """An earliest source of some of a unit's words, as ``aggregate`` and ``secretariat``
    count them: the source unit, the words credited to it, and each way they came (the
    units passed through, the source's side first; empty: linked directly)."""

    key: str
    date: str | None
    role: str
    words: int
    via: tuple[tuple[str, ...], ...] = ()
    #: for role ``reported_in_sg_report``: who said the words, as the report names them
    said_by: str = ""

    def render(self) -> str:
        """One line: date, key, role, words, and the ways through other units."""
        ways = "; ".join(" → ".join(w) for w in self.via if w)
        words = f"{self.words} word{'s' * (self.words != 1)}"
        role = (
            f"reported in the Secretary-General's report, said by {self.said_by}"
            if self.role == REPORTED
            else self.role
        )
        return f"    {self.date or 'undated'}  {self.key}  [{role}]  {words}" + (
            f", via {ways}" if ways else ""
        )


@dataclass(frozen=True)
class Provenance:
    """A unit's chain of earlier resolution paragraphs and its earliest outside source."""

    key: str
    chain: tuple[ProvenanceStep, ...]
    outside: ProvenanceStep | None
    earliest: tuple[ProvenanceStep, ...] = ()
    sources: tuple[Source, ...] = ()
    mission: str | None = None
    agenda: str | None = None
    reports: tuple[ReportSource, ...] = ()
    #: the earliest source of each word, grouped by source unit (earliest first)
    word_sources: tuple[WordSource, ...] = ()
    #: words of wording no link credits to an earlier unit (``none``; citations apart)
    unsourced: int = 0
    #: the fewest identical words a stored link needed (:func:`linked_min_words`): a shorter
    #: borrowing is never linked, so "none found" is a lower bound
    min_words: int | None = None
    #: the unit's words, all counted: ``word_sources``' words, ``unsourced`` and ``citations``
    #: add up to them, as ``aggregate`` counts the unit's paragraph
    words: int = 0
    #: words of citations of documents in the unit (origin ``citation``): nobody's wording,
    #: in no share whatever earlier text holds them, never ``unsourced``
    citations: int = 0
    #: every link into the unit: a direct source may be linked by several (aligned runs of
    #: one paragraph that words the later text changed keep apart), all shown with it
    links: tuple[ReuseLink, ...] = ()

    def source_links(self, source: Source) -> tuple[ReuseLink, ...]:
        """Every link from ``source``'s unit into the unit, in the unit's order (its best
        link alone when :attr:`links` does not hold it)."""
        found = sorted(
            (x for x in self.links if x.source == source.unit.key), key=lambda x: x.target_start
        )
        return tuple(found) or (source.link,)

    @property
    def parallels(self) -> tuple[Source, ...]:
        """Other missions' resolutions holding the same words (not part of the chain)."""
        return tuple(s for s in self.sources if s.relation == "other_mission")

    def to_dict(self) -> dict[str, Any]:
        """The provenance as a JSON-able dict."""
        return {
            "key": self.key,
            "mission": self.mission,
            "agenda": self.agenda,
            "sources": [
                {**s.to_dict(), "links": [x.to_dict() for x in self.source_links(s)]}
                for s in self.sources
            ],
            "chain": [s.to_dict() for s in self.chain],
            "parallel_sources": [s.to_dict() for s in self.parallels],
            "secretariat_reports": [asdict(r) for r in self.reports],
            "earliest_outside_source": self.outside.to_dict() if self.outside else None,
            "earliest_sources": [s.to_dict() for s in self.earliest],
            "word_sources": [
                {**asdict(w), "via": [list(x) for x in w.via]} for w in self.word_sources
            ],
            "words": self.words,
            "words_without_earlier_source": self.unsourced,
            "citation_words": self.citations,
            "min_words": self.min_words,
        }

    def to_json(self) -> str:
        """The provenance as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def _short(self) -> str:
        """Why "none found" is a lower bound: the borrowings too short to be linked."""
        if self.min_words is None:
            return ""
        return (
            f" (a link needs a shared passage of at least {self.min_words} words: a shorter "
            'borrowing is not seen here; `normtrace first "PHRASE"` finds where a phrase was '
            "first used)"
        )

    def render(self) -> str:
        """The chain, latest first, then the earliest non-resolution source."""
        family = " / ".join(x for x in (self.mission, self.agenda) if x)
        lines = [f"direct earlier sources of {self.key}" + (f" ({family})" if family else "") + ":"]
        lines.extend(
            f"    {s.unit.date or 'undated'}  {s.unit.key}  [{_role_relation(s)}]  "
            + _strengths(self.source_links(s))
            + ("  boilerplate" * s.link.boilerplate)
            for s in self.sources
        )
        if not self.sources:
            lines.append("    none" + self._short())
        lines.append(
            "chain (within the mission):"
            if self.mission or self.agenda
            else "chain (no mission or agenda item known: any resolution may carry it):"
        )
        lines.extend(s.render() for s in self.chain)
        if self.parallels:
            docs = ", ".join(dict.fromkeys(s.unit.document for s in self.parallels))
            lines.append(f"the same formula also in (parallel, other missions): {docs}")
        if self.reports:
            lines.append("Secretary-General reports holding the words (earliest first):")
            lines.extend(
                f"    {r.date}  {r.key} → {r.into}, {r.lag_days} days before; "
                f"{r.section or 'no section'}"
                + (f" [{r.flag}]" if r.flag else "")
                + (f"; {r.said()}" if r.reported_words else "")
                for r in self.reports
            )
        lines.append("earliest non-resolution source:")
        lines.append(self.outside.render() if self.outside else "    none found" + self._short())
        if self.earliest:
            lines.append("earliest sources of the unit itself (any role):")
            lines.extend(s.render() for s in self.earliest)
        credited = sum(w.words for w in self.word_sources)
        lines.append(
            f"earliest source of each of its {self.words} words (as `aggregate` and "
            f"`secretariat` count them): {credited} from {len(self.word_sources)} "
            f"source{'s' * (len(self.word_sources) != 1)}, {self.citations} in citations of "
            f"documents (nobody's wording), {self.unsourced} with none"
            + (":" if self.word_sources else "")
        )
        lines.extend(w.render() for w in self.word_sources)
        return "\n".join(lines)


def _strengths(links: Sequence[ReuseLink]) -> str:
    """How a direct source's links are shown: each one's :func:`link_strength`, and how many
    aligned passages they are when more than one."""
    shown = "; ".join(link_strength(x) for x in links)
    return shown if len(links) == 1 else f"{len(links)} aligned passages: {shown}"


def mark(text: str, ranges: Ranges) -> str:
    """``text`` with each range wrapped in ``«…»``."""
    out: list[str] = []
    at = 0
    for start, end in ranges:
        out.extend((text[at:start], "«", text[start:end], "»"))
        at = end
    out.append(text[at:])
    return "".join(out)


def _merge(words: Words, indices: Sequence[int]) -> Ranges:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return tuple((words.starts[a], words.ends[b]) for a, b in runs)


def _role_relation(source: Source) -> str:
    """A source's role, as every command names it (:mod:`normtrace.actors.authors`), and for
    a resolution its relation (``resolution: same_mission``)."""
    role = source.unit.role
    return f"{role}: {source.relation}" if role == "resolution" else role


def link_strength(link: ReuseLink) -> str:
    """How a link is shown: score and words, and for a reordered match that it is weaker.

    >>> link_strength(ReuseLink("A", "B", 0, 9, 0, 9, 0.7, 14, method="reordered"))
    'reordered match (same phrases, moved; weaker than aligned reuse): 70% of words, 14 words'
    """
    if link.method == METHOD:
        return (
            "reordered match (same phrases, moved; weaker than aligned reuse): "
            f"{link.score:.0%} of words, {link.words} words"
        )
    return f"score {link.score:.2f}, {link.words} words"


def aligned_ranges(source_text: str, target_text: str, link: ReuseLink) -> tuple[Ranges, Ranges]:
    """Code-point ranges of the identical aligned words of a link, in source and target.

    For a reordered match (:mod:`~normtrace.reuse.reordered`) these are its shared phrases.
    """
    if link.method == METHOD:
        return tiled_ranges(source_text, target_text)
    sw, tw = tokenize(source_text), tokenize(target_text)
    pairs = aligned_pairs(sw, tw, link)
    return _merge(sw, sorted(s for _, s in pairs)), _merge(tw, [t for t, _ in pairs])


def _carried(units: _UnitCache, links: Sequence[ReuseLink], nxt: ReuseLink, text: str) -> Ranges:
    """The words of ``text`` (the unit itself) that any link from its chain predecessor's
    document aligns to an identical word: what ``secretariat`` counts as carried
    (:meth:`~normtrace.reuse.attribution.Attributor.aligned_words`), not one link's words."""
    before = units.info(nxt.source)
    words = tokenize(text)
    carried: set[int] = set()
    for link in links:
        source = units.info(link.source)
        if link == nxt or (source and before and source.document == before.document):
            pairs = aligned_pairs(tokenize(units.text(link.source)), words, link)
            carried.update(t for t, _ in pairs)
    return _merge(words, sorted(carried))


def provenance(store: Store, key: str) -> Provenance:
    """The provenance of unit ``key`` from the stored reuse links.

    Raises:
        NotFoundError: no current unit has that key.
    """
    units = _UnitCache(store)
    if units.get(key) is None:
        # what is wrong with the key, and the command that lists a document's unit keys
        hint = missing_target(store, key, "unit").removeprefix(f"no unit {key!r}: ")
        raise NotFoundError("unit", key, hint=hint)
    resolutions = store_mandates(store)
    into = store_renewals(store, lambda k: links_into(store, k), units.info, resolutions)
    here_info = units.info(key)
    mandates = _with_report(resolutions, store, here_info)
    successions = mission_successions(stored_resolutions(store), resolutions)
    lineage = trace_lineage(key, into, units.info, mandate=mandates, successions=successions)
    steps = []
    for idx, step in enumerate(lineage.chain):
        text = units.text(step.unit.key)
        if idx == 0:
            nxt = lineage.chain[1].link if len(lineage.chain) > 1 else None
            aligned = _carried(units, into(key), nxt, text) if nxt else ()
        else:
            assert step.link is not None
            aligned = aligned_ranges(text, units.text(step.link.target), step.link)[0]
        steps.append(ProvenanceStep(step.unit, text, step.link, aligned))
    outside = None
    if lineage.outside is not None and lineage.outside.link is not None:
        outside = _source_step(units, lineage.outside.link)
    earliest = tuple(
        _source_step(units, link)
        for link in earliest_sources(key, lambda k: links_into(store, k), units.info)
    )
    here = mandates(here_info.document) if here_info else None
    reported = ReportedIndex(store)  # read once for both
    min_words = linked_min_words(store)
    reports = _reports(store, units, [s.unit.key for s in lineage.chain], reported)
    sources, unsourced, cited = _word_sources(store, units, key, reported, min_words)
    return Provenance(
        key,
        tuple(steps),
        outside,
        earliest,
        lineage.sources,
        here.mission if here else None,
        here.agenda if here else None,
        reports,
        sources,
        unsourced,
        min_words,
        len(tokenize(units.text(key))),
        cited,
        tuple(into(key)),
    )


def _with_report(resolutions: MandateOf, store: Store, unit: UnitInfo | None) -> MandateOf:
    """Each resolution's family, and for a Secretary-General report paragraph ``unit`` its
    report's (:func:`~normtrace.reuse.mission.report_mandate`): the mission ``secretariat``
    judges the report on, so that a resolution is within the report's lineage (the chain) or
    another mission's (a parallel) by the one rule, never both."""
    if unit is None or unit.role != "secretariat":
        return resolutions
    report = report_mandate(report_missions(store)(unit.document))

    def mandate(symbol: str) -> Mandate | None:
        return report if symbol == unit.document else resolutions(symbol)

    return mandate


def _word_sources(
    store: Store, units: _UnitCache, key: str, reported: ReportedIndex, min_words: int
) -> tuple[tuple[WordSource, ...], int, int]:
    """The earliest source of each word of ``key`` by source unit, the words with none and the
    words of citations (:class:`~normtrace.reuse.attribution.Citation`)."""
    att = Attributor(lambda k: links_into(store, k), units.info, units.text, min_words=min_words)
    # by (source unit, who said the words there: "" for the source's own words)
    found: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    roles: dict[tuple[str, str], str] = {}
    unsourced = cited = 0
    for word in word_origins(att, key, reported):  # the one reading aggregate counts
        if word is None or isinstance(word, Citation):
            unsourced += word is None
            cited += word is not None
            continue
        group = (word.key, word.said.speaker if word.said else "")
        found.setdefault(group, []).append(word.origin.via)
        roles[group] = word.role
    out = []
    for (source, speaker), ways in found.items():
        info = units.info(source)
        out.append(
            WordSource(
                source, info.date if info else None, roles[(source, speaker)], len(ways),
                tuple(dict.fromkeys(ways)), speaker,
            )
        )  # fmt: skip
    out.sort(key=lambda w: (w.date or "9999", w.key, w.said_by))
    return tuple(out), unsourced, cited


def _reports(
    store: Store, units: _UnitCache, keys: Sequence[str], reported: ReportedIndex
) -> tuple[ReportSource, ...]:
    """SG report paragraphs linked into the chain ``keys`` (latest step first), earliest first.

    Each report paragraph is given with the earliest step it feeds and the lag to it.
    """
    found: dict[str, ReportSource] = {}
    for key in keys:
        target = units.info(key)
        target_words = tokenize(units.text(key))
        for link in links_into(store, key):
            info = units.info(link.source)
            if info is None or info.role != "secretariat" or link.boilerplate:
                continue
            row = store.conn.execute(
                PARAGRAPH_SECTION,  # the current version's, never a held-back one
                (link.source,),
            ).fetchone()
            section = row["section"] if row else None
            flags = json.loads(row["flags"] or "[]") if row else []
            # each credited word in a sentence the report gives as another's, as
            # secretariat and the word sources read a word (ReportedIndex.said)
            source = tokenize(units.text(link.source))
            credited = [s for _, s in credited_pairs(source, target_words, link)]
            said = [r.speaker for w in credited if (r := reported.said(info, source, w))]
            found[link.source] = ReportSource(  # later keys are earlier steps
                link.source,
                info.date,
                key,
                lag_days(info.date, target.date if target else None),
                section,
                section_flag(section, flags),
                link.score,
                link.words,
                "; ".join(dict.fromkeys(said)),
                len(said),
                len(credited),
            )
    return tuple(sorted(found.values(), key=lambda r: (r.date or "9999", r.key)))


def _source_step(units: _UnitCache, link: ReuseLink) -> ProvenanceStep:
    """The step of a link's source, its aligned words marked."""
    info = units.info(link.source)
    assert info is not None  # trace_lineage has looked it up already
    text = units.text(link.source)
    return ProvenanceStep(info, text, link, aligned_ranges(text, units.text(link.target), link)[0])


class _UnitCache:
    """Units of the store fetched by key on first use."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._found: dict[str, StoredUnit | None] = {}

    def get(self, key: str) -> StoredUnit | None:
        if key not in self._found:
            rows = load_units(self._store, [key])
            self._found[key] = rows[0] if rows else None
        return self._found[key]

    def info(self, key: str) -> UnitInfo | None:
        found = self.get(key)
        return found.info if found else None

    def text(self, key: str) -> str:
        found = self.get(key)
        return found.unit.text if found else ""
