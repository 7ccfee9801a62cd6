"""Case aggregate: where the operative wording of a key resolution came from.

For every word of the resolution's operative paragraphs (``/opN`` and their
sub-paragraphs) the *earliest source* is found by following reuse links
backwards (:mod:`~normtrace.reuse.attribution`, the rule ``secretariat`` and
``provenance`` share): a word a link aligns to an identical word of an earlier unit
takes that unit's earliest source for that word, recursively, while a chain carries a
passage; the earliest of all candidates wins (date, then order). A word the later text
inserted inside a link's span is not credited to the link's source. Its role is then counted
as ``secretariat`` (a Secretary-General's report or a Secretariat speech),
``reported_in_sg_report`` (a sentence of an SG report that gives another's words, "the
President stated that ...": :class:`~normtrace.reuse.reported.ReportedIndex`, read as
``secretariat``, ``provenance`` and ``first`` read it, so that no command credits those
words to the Secretariat), ``council_mission`` or ``council_body`` (a report of a Security
Council mission or of a Council committee or panel: the Council's own words), ``state`` (any
state's speech), ``ngo``, ``resolution`` (an earlier resolution with no earlier outside
source), ``other`` (presidential statements, letters, other UN entities …), ``citation`` (a
word of a citation of a document in the resolution, a symbol or resolutions named by number:
nobody's wording, which no link credits) or ``none`` (wording no link credits: the
resolution's own as far as the project shows): the origins of
:func:`normtrace.reuse.roles.origin_category`, whose report authors are those ``first``,
``freq`` and ``kwic`` name (:mod:`normtrace.actors.authors`). The shares are the first
quantitative test of the Secretariat-as-author claim; they depend on which documents are
ingested.

The shares are of the resolution's *wording* (:attr:`Aggregate.wording`: its operative words
less the citations' words), the denominator of every share of wording by origin: a citation is
neither someone's wording nor the Council's new wording, so it neither dilutes nor inflates a
share. The citations' words are counted apart (``citation``, with no share).

The words whose earliest source is a report (``secretariat``, ``reported_in_sg_report``,
``council_mission``: :data:`BY_MISSION`) are split as ``secretariat`` splits its credit
(:attr:`Aggregate.missions`): from a report on the resolution's own mission (or its predecessor
or successor), on another mission, or on a mission unknown (a report naming none, such as a
Council mission's report on a country, or a Secretariat speech), by the one rule of
:class:`~normtrace.reuse.mission.MissionReports`; the documents of the last two are named.
Quote the same-mission figure where they differ: another mission's report can hold an
ordinary phrase nobody borrowed.

>>> from normtrace.reuse.links import ReuseLink
>>> from normtrace.reuse.roles import UnitInfo
>>> meta = {"R/op1": UnitInfo("R/op1", "2013-03-28", "R", "resolution"),
...         "S/p9": UnitInfo("S/p9", "2013-02-27", "S", "secretariat")}
>>> texts = {"R/op1": "Decides to deploy an intervention brigade quickly now",
...          "S/p9": "I recommend an intervention brigade now"}
>>> link = ReuseLink("S/p9", "R/op1", 12, 39, 18, 53, 0.8, 4)
>>> attribute_words("R/op1", lambda k: [link] if k == "R/op1" else [], meta.get, texts.get)
['none', 'none', 'none', 'secretariat', 'secretariat', 'secretariat', 'none', 'secretariat']
>>> from normtrace.store.db import Store
>>> texts["S/p9"] = "The President stated that an intervention brigade now"
>>> link = ReuseLink("S/p9", "R/op1", 26, 53, 18, 53, 0.8, 4)
>>> found = attribute_words("R/op1", lambda k: [link] if k == "R/op1" else [], meta.get,
...                         texts.get, reported=ReportedIndex(Store.open(":memory:")))
>>> found.count("reported_in_sg_report"), found.count("secretariat")
(4, 0)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from normtrace.errors import NotFoundError
from normtrace.parse.symbols import canonical
from normtrace.reuse.attribution import (
    Attributor,
    Citation,
    Incoming,
    Info,
    Texts,
    linked_min_words,
    word_origins,
)
from normtrace.reuse.lineage import mission_successions
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.mission import MissionReports
from normtrace.reuse.reported import REPORTED, ReportedIndex
from normtrace.reuse.roles import CATEGORIES, CITATION, WORDING, UnitInfo, origin_category
from normtrace.reuse.store_reuse import links_into, load_units, store_mandates, stored_resolutions
from normtrace.store.db import Store

#: the origins that are a report's words, split by the report's mission (module doc)
BY_MISSION = ("secretariat", REPORTED, "council_mission")
#: how a report's mission relates to the resolution's, in the order shown
RELATIONS = ("same_mission", "other_mission", "unknown")


@dataclass(frozen=True)
class ParagraphOrigins:
    """Word counts by earliest-source category for one operative paragraph."""

    key: str
    words: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Aggregate:
    """Shares of a resolution's operative words by earliest source."""

    resolution: str
    words: int
    counts: dict[str, int]
    paragraphs: list[ParagraphOrigins] = field(default_factory=list)
    #: for each origin of :data:`BY_MISSION`, its words by the relation of their report's
    #: mission to the resolution's (:data:`RELATIONS`; module doc)
    missions: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the documents behind the words of each origin on another mission or a mission unknown
    mission_documents: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def wording(self) -> int:
        """Operative words less the words of citations: the denominator of :attr:`shares`."""
        return self.words - self.counts.get(CITATION, 0)

    @property
    def shares(self) -> dict[str, float]:
        """Share of the operative wording per origin (0..1; citations apart, module doc)."""
        n = self.wording
        return {c: (self.counts.get(c, 0) / n if n else 0.0) for c in WORDING}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict: ``counts`` of every operative word (``citation`` among them),
        ``shares`` of the ``wording_words`` (operative words less citations)."""
        return {
            "resolution": self.resolution,
            "operative_words": self.words,
            "wording_words": self.wording,
            "counts": {c: self.counts.get(c, 0) for c in CATEGORIES},
            "shares": {c: round(v, 4) for c, v in self.shares.items()},
            "by_mission": {
                c: {
                    r: {
                        "words": self.missions.get(c, {}).get(r, 0),
                        "documents": self.mission_documents.get(c, {}).get(r, []),
                    }
                    for r in RELATIONS
                }
                for c in BY_MISSION
            },  # fmt: skip
            "paragraphs": [vars(p) for p in self.paragraphs],
        }

    def to_json(self) -> str:
        """The aggregate as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def render(self) -> str:
        """One line per origin; shares of the wording, the citations' words apart."""
        cited = self.counts.get(CITATION, 0)
        lines = [
            f"{self.resolution}: {self.words} operative words by earliest source; shares of its "
            f"{self.wording} words of wording ({cited} words of citations of documents apart: "
            "nobody's wording, in no share, whatever earlier text holds them)"
        ]
        shares = self.shares
        for c in CATEGORIES:
            share = f"{shares[c]:6.1%}" if c in shares else "     –"
            lines.append(f"  {c:<21} {self.counts.get(c, 0):>6}  {share}")
            if c in BY_MISSION and self.counts.get(c, 0):
                lines.append(f"      {self._split(c)}")
        return "\n".join(lines)

    def _split(self, category: str) -> str:
        """The words of ``category`` by their report's mission, with the strict share."""
        found = self.missions.get(category, {})
        same = found.get("same_mission", 0)
        share = f"{same / self.wording:.1%}" if self.wording else "–"

        def named(relation: str) -> str:
            docs = self.mission_documents.get(category, {}).get(relation, [])
            return f" ({', '.join(docs)})" if docs else ""

        return (
            f"of which from reports on the resolution's mission {same} ({share}), on other "
            f"missions {found.get('other_mission', 0)}{named('other_mission')}, on a mission "
            f"unknown {found.get('unknown', 0)}{named('unknown')}"
        )


def attribute_words(
    key: str,
    incoming: Incoming,
    info: Info,
    texts: Texts,
    *,
    memo: Attributor | None = None,
    reported: ReportedIndex | None = None,
) -> list[str]:
    """The earliest-source category of each word of unit ``key``: :func:`word_origins`, the
    one reading ``provenance`` and ``secretariat`` count too.

    ``memo`` (from an earlier call over the same links) saves repeated work. With
    ``reported``, a word whose earliest source is an SG report paragraph (not a Secretariat
    speech) inside a sentence the report gives as another's words is
    ``reported_in_sg_report``, not ``secretariat`` (module doc; :meth:`ReportedIndex.said`).
    """
    att = memo or Attributor(incoming, info, texts)
    return [origin_category(w.role if w else None) for w in word_origins(att, key, reported)]


def case_aggregate(store: Store, resolution_symbol: str) -> Aggregate:
    """Shares of ``resolution_symbol``'s operative words by earliest source.

    Raises:
        NotFoundError: the resolution has no operative paragraphs in the project.
    """
    symbol = canonical(resolution_symbol)
    units = {s.info.key: s for s in load_units(store)}
    keys = sorted(
        (k for k, s in units.items() if s.info.document == symbol and "/op" in k),
        key=lambda k: units[k].info.order,
    )
    if not keys:
        raise NotFoundError("resolution", symbol, hint="ingest it, then run `normtrace reuse`")
    cache: dict[str, list[ReuseLink]] = {}

    def incoming(k: str) -> list[ReuseLink]:
        if k not in cache:
            cache[k] = links_into(store, k)
        return cache[k]

    def info(k: str) -> UnitInfo | None:
        return units[k].info if k in units else None

    def texts(k: str) -> str | None:
        return units[k].unit.text if k in units else None

    memo = Attributor(incoming, info, texts, min_words=linked_min_words(store))
    reported = ReportedIndex(store)
    mandates = store_mandates(store)
    here = mandates(symbol)
    reports = MissionReports(store, mission_successions(stored_resolutions(store), mandates))
    missions: dict[str, Counter[str]] = {c: Counter() for c in BY_MISSION}
    documents: dict[str, dict[str, dict[str, None]]] = {c: {} for c in BY_MISSION}
    paragraphs = []
    for k in keys:
        words = word_origins(memo, k, reported)
        counts: Counter[str] = Counter()
        for w in words:
            category = origin_category(w.role if w else None)
            counts[category] += 1
            if w is None or isinstance(w, Citation) or category not in missions:
                continue
            document = units[w.key].info.document
            relation = reports.relation(here, document)
            relation = relation if relation in RELATIONS else "unknown"
            missions[category][relation] += 1
            if relation != "same_mission":
                documents[category].setdefault(relation, {})[document] = None
        paragraphs.append(ParagraphOrigins(k, sum(counts.values()), dict(counts)))
    total: Counter[str] = Counter()
    for p in paragraphs:
        total.update(p.counts)
    return Aggregate(
        symbol, sum(total.values()), dict(total), paragraphs,
        {c: dict(n) for c, n in missions.items() if n},
        {c: {r: sorted(d) for r, d in found.items()} for c, found in documents.items() if found},
    )  # fmt: skip
