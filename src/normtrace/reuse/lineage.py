"""Lineage of a resolution paragraph: the earlier paragraphs it carries, and who said it first.

Works on plain values through two look-ups, so it runs on links held in
memory or in the store alike: ``incoming(key)`` gives the reuse links whose
target is ``key``, ``info(key)`` the unit's date, document and role.

*Predecessor* of a resolution paragraph: among the non-boilerplate links
from earlier resolution paragraphs, those with at least ``keep`` × the best
score and ``keep`` × the most aligned words, and of these the latest (the
renewal just before; ties go to more aligned words). Following predecessors
gives the chain ``S/RES/2211 → 2147 → 2098 → …``.

The lineage stays within a mission when ``mandate`` tells each resolution's
mission and agenda item (:mod:`~normtrace.reuse.mission`): the predecessor is
taken from the same mission's resolutions if any holds the passage, else from
the same agenda item's; another mission's resolution with the same formula is
never the predecessor but a *parallel* source (:func:`direct_sources` lists
every direct earlier source with its relation). A formula the whole corpus
repeats (a boilerplate link) still carries a renewal forward when no other
link of the same mission does. A resolution whose family is unknown keeps the
plain rule above.

*Earliest outside source*: the earliest unit that is not a resolution
paragraph (report paragraph, Secretariat briefing, state speech, NGO
briefing) linked into any paragraph of the chain.

>>> from normtrace.reuse.links import ReuseLink
>>> from normtrace.reuse.roles import UnitInfo
>>> meta = {k: UnitInfo(k, d, k.split("/")[0], r) for k, d, r in [
...     ("R1/op1", "2010-01-01", "resolution"), ("R2/op3", "2011-01-01", "resolution"),
...     ("S1/p4", "2009-06-01", "secretariat")]}
>>> links = [ReuseLink("R1/op1", "R2/op3", 0, 90, 0, 95, 0.9, 14),
...          ReuseLink("S1/p4", "R1/op1", 0, 60, 10, 70, 0.8, 9)]
>>> into = lambda k: [x for x in links if x.target == k]
>>> found = trace_lineage("R2/op3", into, meta.get)
>>> [s.unit.key for s in found.chain], found.outside.unit.key
(['R2/op3', 'R1/op1'], 'S1/p4')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from normtrace.errors import ReuseError
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.mission import RELATIONS, Mandate, MandateOf, relation
from normtrace.reuse.roles import UnitInfo

Incoming = Callable[[str], Sequence[ReuseLink]]
Info = Callable[[str], UnitInfo | None]


@dataclass(frozen=True)
class Step:
    """One unit of a lineage and the link that carries its words into the next later step."""

    unit: UnitInfo
    link: ReuseLink | None = None

    def to_dict(self) -> dict[str, Any]:
        """The step as a JSON-able dict."""
        return {"unit": self.unit.to_dict(), "link": self.link.to_dict() if self.link else None}


@dataclass(frozen=True)
class Source:
    """A direct earlier source of a unit: the link, the source's facts and their relation."""

    unit: UnitInfo
    link: ReuseLink
    relation: str

    def to_dict(self) -> dict[str, Any]:
        """The source as a JSON-able dict."""
        return {
            "key": self.unit.key,
            "document": self.unit.document,
            "date": self.unit.date,
            "role": self.unit.role,
            "relation": self.relation,
            "score": self.link.score,
            "words": self.link.words,
            "boilerplate": self.link.boilerplate,
        }


@dataclass(frozen=True)
class Lineage:
    """A unit, the earlier resolution paragraphs it carries, and its earliest outside source."""

    key: str
    chain: tuple[Step, ...]
    outside: Step | None
    sources: tuple[Source, ...] = ()

    @property
    def parallels(self) -> tuple[Source, ...]:
        """Other missions' resolutions holding the unit's words (not part of the chain)."""
        return tuple(s for s in self.sources if s.relation == "other_mission")

    def symbols(self) -> list[str]:
        """The documents of the chain, latest first."""
        return [s.unit.document for s in self.chain]


def _info(info: Info, key: str) -> UnitInfo:
    found = info(key)
    if found is None:
        raise ReuseError(f"unit {key!r} is linked but not in the project; re-run `normtrace reuse`")
    return found


def earliest_sources(key: str, incoming: Incoming, info: Info) -> list[ReuseLink]:
    """The links into ``key`` from its earliest sources (all sources of the earliest date)."""
    links = [x for x in incoming(key) if not x.boilerplate]
    if not links:
        return []
    dates = {x.source: _info(info, x.source).sort_key()[0] for x in links}
    first = min(dates.values())
    return [x for x in links if dates[x.source] == first]


def _mandate(mandate: MandateOf | None, info: Info, key: str) -> Mandate | None:
    if mandate is None:
        return None
    return mandate(_info(info, key).document)


def direct_sources(
    key: str, incoming: Incoming, info: Info, mandate: MandateOf | None = None
) -> list[Source]:
    """Every direct earlier source of ``key`` with its relation, best link per source unit.

    Ordered by relation (same mission first, see :data:`~normtrace.reuse.mission.RELATIONS`),
    then latest first.
    """
    here = _mandate(mandate, info, key)
    best: dict[str, ReuseLink] = {}
    for x in incoming(key):
        old = best.get(x.source)
        if old is None or (x.words, x.score) > (old.words, old.score):
            best[x.source] = x
    out = []
    for source, link in best.items():
        unit = _info(info, source)
        there = mandate(unit.document) if mandate and unit.role == "resolution" else None
        out.append(Source(unit, link, relation(here, there, unit.role)))
    out.sort(key=lambda s: (s.unit.sort_key(), s.link.words), reverse=True)
    out.sort(key=lambda s: RELATIONS.index(s.relation))
    return out


def pick_predecessor(
    links: Sequence[ReuseLink],
    info: Info,
    *,
    keep: float = 0.5,
    mandate: MandateOf | None = None,
) -> ReuseLink | None:
    """The earlier resolution paragraph a paragraph was renewed from (see module doc)."""
    here = _mandate(mandate, info, links[0].target) if links else None
    if here is not None and here.known:
        assert mandate is not None
        resolutions = [x for x in links if _info(info, x.source).role == "resolution"]
        for wanted in ("same_mission", "same_agenda"):
            family = [
                x
                for x in resolutions
                if relation(here, mandate(_info(info, x.source).document), "resolution") == wanted
            ]
            found = _strongest_latest([x for x in family if not x.boilerplate], info, keep)
            found = found or _strongest_latest(family, info, keep)
            if found is not None:
                return found
        return None
    usable = [x for x in links if not x.boilerplate and _info(info, x.source).role == "resolution"]
    return _strongest_latest(usable, info, keep)


def _strongest_latest(usable: Sequence[ReuseLink], info: Info, keep: float) -> ReuseLink | None:
    if not usable:
        return None
    best_score = max(x.score for x in usable)
    best_words = max(x.words for x in usable)
    strong = [x for x in usable if x.score >= keep * best_score and x.words >= keep * best_words]
    return max(strong, key=lambda x: (_info(info, x.source).sort_key(), x.words, x.score))


def trace_lineage(
    key: str,
    incoming: Incoming,
    info: Info,
    *,
    keep: float = 0.5,
    mandate: MandateOf | None = None,
) -> Lineage:
    """The lineage of unit ``key`` (see module doc); ``mandate`` keeps it within a mission."""
    chain = [Step(_info(info, key))]
    seen = {key}
    while True:
        link = pick_predecessor(incoming(chain[-1].unit.key), info, keep=keep, mandate=mandate)
        if link is None or link.source in seen:
            break
        seen.add(link.source)
        chain.append(Step(_info(info, link.source), link))
    sources = tuple(direct_sources(key, incoming, info, mandate))
    return Lineage(key, tuple(chain), _earliest_outside(chain, incoming, info), sources)


def _earliest_outside(chain: Sequence[Step], incoming: Incoming, info: Info) -> Step | None:
    best: Step | None = None
    for step in chain:
        for link in incoming(step.unit.key):
            source = _info(info, link.source)
            if link.boilerplate or source.role == "resolution":
                continue
            if best is None or source.sort_key() < best.unit.sort_key():
                best = Step(source, link)
    return best
