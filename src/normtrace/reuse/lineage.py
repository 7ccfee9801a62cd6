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
link of the same mission does, and :class:`WithRenewals` aligns a paragraph
that no link of its family reaches directly with the previous resolution of
its mission (:func:`renewal_links`: the renewal formula that reuse detection
does not seed); an operative paragraph that even that does not reach is matched
without regard to word order (:mod:`~normtrace.reuse.reordered`: phrases moved
around, a link with method ``"reordered"``, weaker evidence than an aligned one).
A resolution whose family is unknown keeps the plain rule.

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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from normtrace.errors import ReuseError
from normtrace.reuse.links import ReuseLink, ReuseParams, Unit, index_unit, link_pair
from normtrace.reuse.mission import RELATIONS, Mandate, MandateOf, relation
from normtrace.reuse.reordered import TilingParams, reordered_link
from normtrace.reuse.roles import UnitInfo

Incoming = Callable[[str], Sequence[ReuseLink]]
FAMILY = ("same_mission", "same_agenda")
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
            "method": self.link.method,
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
    key: str,
    incoming: Incoming,
    info: Info,
    mandate: MandateOf | None = None,
    successions: Mapping[str, str] | None = None,
) -> list[Source]:
    """Every direct earlier source of ``key`` with its relation, best link per source unit.

    Ordered by relation (same mission first, see :data:`~normtrace.reuse.mission.RELATIONS`),
    then latest first. The relation is :func:`~normtrace.reuse.mission.relation`'s, the rule
    :func:`pick_predecessor` keeps the chain within the mission by (with ``successions``).
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
        out.append(Source(unit, link, relation(here, there, unit.role, successions)))
    out.sort(key=lambda s: (s.unit.sort_key(), s.link.words), reverse=True)
    out.sort(key=lambda s: RELATIONS.index(s.relation))
    return out


def pick_predecessor(
    links: Sequence[ReuseLink],
    info: Info,
    *,
    keep: float = 0.5,
    mandate: MandateOf | None = None,
    successions: Mapping[str, str] | None = None,
    within: Mandate | None = None,
) -> ReuseLink | None:
    """The earlier resolution paragraph a paragraph was renewed from (see module doc).

    With a known family (the target's, or ``within``), only a ``same_mission`` (else
    ``same_agenda``) source by :func:`~normtrace.reuse.mission.relation` (with
    ``successions``) can be it, so the chain never holds a source :func:`direct_sources` calls
    another mission's."""
    here = within or (_mandate(mandate, info, links[0].target) if links else None)
    if here is not None and here.known:
        assert mandate is not None
        resolutions = [x for x in links if _info(info, x.source).role == "resolution"]
        for wanted in ("same_mission", "same_agenda"):
            family = [
                x
                for x in resolutions
                if relation(
                    here, mandate(_info(info, x.source).document), "resolution", successions
                )
                == wanted
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
    # none strong on both counts (a short exact link and a long loose one): the most words
    strong = strong or [max(usable, key=lambda x: (x.words, x.score))]
    return max(strong, key=lambda x: (_info(info, x.source).sort_key(), x.words, x.score))


def trace_lineage(
    key: str,
    incoming: Incoming,
    info: Info,
    *,
    keep: float = 0.5,
    mandate: MandateOf | None = None,
    successions: Mapping[str, str] | None = None,
) -> Lineage:
    """The lineage of unit ``key`` (see module doc); ``mandate`` keeps it within a mission
    (and, with ``successions``, its predecessors and successors:
    :func:`mission_successions`). ``key`` may be a report paragraph when ``mandate`` gives its
    report's family (:func:`~normtrace.reuse.mission.report_mandate`): every step of its chain
    is then of that family, judged as its direct sources are (a report names a mission and no
    agenda item, so a neighbour mission of the same item, which a resolution's chain may pass
    through, is another mission here, as ``secretariat`` counts it)."""
    first = _info(info, key)
    chain = [Step(first)]
    seen = {key}
    here = _mandate(mandate, info, key) if first.role != "resolution" else None
    within = here if here is not None and here.known else None
    while True:
        link = pick_predecessor(
            incoming(chain[-1].unit.key), info, keep=keep, mandate=mandate,
            successions=successions, within=within,
        )  # fmt: skip
        if link is None or link.source in seen:
            break
        seen.add(link.source)
        chain.append(Step(_info(info, link.source), link))
    sources = tuple(direct_sources(key, incoming, info, mandate, successions))
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


def previous_resolution(
    symbol: str,
    when: str,
    resolutions: Sequence[tuple[str, str]],
    mandate: MandateOf,
) -> str | None:
    """The latest resolution before ``when`` of ``symbol``'s mission (else its agenda item).

    ``resolutions`` are ``(date, symbol)`` pairs in date order.
    """
    here = mandate(symbol)
    if here is None or not here.known:
        return None
    found: dict[str, str] = {}
    for day, other in resolutions:
        if day >= when or other == symbol:
            continue
        rel = relation(here, mandate(other), "resolution")
        if rel in ("same_mission", "same_agenda"):
            found[rel] = other  # date order: the last kept is the latest
    return found.get("same_mission") or found.get("same_agenda")


def renewal_links(target: Unit, previous: Sequence[Unit], params: ReuseParams) -> list[ReuseLink]:
    """Links from the units of the previous resolution into ``target``, formulae included.

    Reuse detection seeds alignments with rare word sequences only, so a renewal's
    formula (``Decides to extend the mandate of UNMISS until 31 July 2016``) is not
    linked to the previous renewal's. Within one mission the formula is the carry-forward
    itself: this aligns the two directly, every shingle counting as an anchor, with the
    same thresholds (identical words, similarity).
    """
    return renewal_links_many([target], previous, params)[target.key]


def renewal_links_many(
    targets: Sequence[Unit], previous: Sequence[Unit], params: ReuseParams
) -> dict[str, list[ReuseLink]]:
    """:func:`renewal_links` of several targets against one previous resolution."""
    vocab: dict[str, str] = {}
    sources = [index_unit(u, params.n, vocab) for u in previous]
    out: dict[str, list[ReuseLink]] = {}
    for target in targets:
        dst = index_unit(target, params.n, vocab)
        found = [x for src in sources for x in link_pair(src, dst, params, frozenset())]
        out[target.key] = [x for x in found if x.target == target.key]
    return out


class WithRenewals:
    """``incoming`` plus :func:`renewal_links` for resolution units the previous one does not reach.

    An operative paragraph that neither reaches, and that no aligned link reaches from
    another resolution of its mission or agenda item adopted since the previous one (a
    closer source, aligned evidence first), is matched without regard to word order
    against the previous resolution's operative paragraphs
    (:func:`~normtrace.reuse.reordered.reordered_link`, a link with method ``"reordered"``).

    Args:
        incoming: the stored or in-memory links into a unit.
        info: unit facts.
        mandate: each resolution's mission and agenda item.
        previous: the previous resolution of a resolution (``symbol, date`` → symbol or None).
        units: the units of a document (symbol → units), and of the unit itself by key.
        unit: the unit with that key (for its text), or None.
        params: reuse parameters of the renewal alignment.
        tiling: thresholds of the order-insensitive fallback.
    """

    def __init__(
        self,
        incoming: Incoming,
        info: Info,
        mandate: MandateOf,
        previous: Callable[[str, str], str | None],
        units: Callable[[str], Sequence[Unit]],
        unit: Callable[[str], Unit | None],
        params: ReuseParams | None = None,
        tiling: TilingParams | None = None,
    ) -> None:
        self._incoming, self._info, self._mandate = incoming, info, mandate
        self._previous, self._units, self._unit = previous, units, unit
        self._params = params or ReuseParams()
        self._tiling = tiling or TilingParams()
        self._cache: dict[str, list[ReuseLink]] = {}
        self._prev: dict[tuple[str, str], str | None] = {}

    def __call__(self, key: str) -> list[ReuseLink]:
        if key in self._cache:
            return self._cache[key]
        links = list(self._incoming(key))
        me = self._info(key)
        here = self._mandate(me.document) if me is not None and me.role == "resolution" else None
        if me is not None and here is not None and here.known:
            doc = (me.document, me.date or "")
            if doc not in self._prev:
                self._prev[doc] = self._previous(*doc)
            prev = self._prev[doc]
            reached = any(_info(self._info, x.source).document == prev for x in links)
            target = self._unit(key)
            if prev is not None and target is not None and not reached:
                previous = self._units(prev)
                aligned = renewal_links(target, previous, self._params)
                links.extend(aligned)
                since = min((u.date or "9999-12-31" for u in previous), default="9999-12-31")
                if not aligned and "/op" in key and not self._family_reached(here, links, since):
                    found = reordered_link(
                        target, [u for u in previous if "/op" in u.key], self._tiling
                    )
                    links.extend([found] if found else [])
        self._cache[key] = links
        return links

    def _family_reached(self, here: Mandate, links: Sequence[ReuseLink], since: str) -> bool:
        """Whether an aligned link reaches from the mission's or agenda item's resolutions
        adopted on or after ``since`` (the previous resolution's date): a closer source."""
        for x in links:
            source = _info(self._info, x.source)
            if source.role != "resolution" or (source.date or "9999-12-31") < since:
                continue
            if relation(here, self._mandate(source.document), "resolution") in FAMILY:
                return True
        return False


def mission_successions(
    resolutions: Sequence[tuple[str, str]], mandate: MandateOf
) -> dict[str, str]:
    """Each mission's predecessor by the lineage's one rule, mission → predecessor.

    The lineage (:func:`~normtrace.reuse.lineage.previous_resolution`) takes a resolution's
    predecessor from its own mission, else from its agenda item. A mission's first stored
    mandate resolution has none of its own mission, so its predecessor among the
    resolutions deciding a mandate is the latest earlier one of its agenda item: that
    mission is its predecessor (MONUC of MONUSCO, when the project holds both under one
    agenda item) if its stored mandates all date before (a mission still renewed alongside
    is a neighbour, not a predecessor). A mission whose agenda item is unknown, or the first
    of its item, has none. ``resolutions`` are ``(date, symbol)`` pairs in date order.

    >>> from normtrace.reuse.mission import Mandate
    >>> table = {"R1": Mandate("UNOLD", "syntheticland"), "R2": Mandate("UNOLD", "syntheticland"),
    ...          "R3": Mandate("UNNEW", "syntheticland"), "R4": Mandate("UNFAR", None)}
    >>> mission_successions([("2001", "R1"), ("2002", "R2"), ("2003", "R3"), ("2004", "R4")],
    ...                     table.get)
    {'UNNEW': 'UNOLD'}
    """
    deciding = [(d, s) for d, s in resolutions if (m := mandate(s)) is not None and m.mission]
    first: dict[str, tuple[str, str]] = {}
    last: dict[str, str] = {}
    for day, symbol in deciding:
        mission = _mission(mandate, symbol)
        first.setdefault(mission, (day, symbol))
        last[mission] = day
    out: dict[str, str] = {}
    for mission, (day, symbol) in first.items():
        before = previous_resolution(symbol, day, deciding, mandate)
        old = _mission(mandate, before) if before is not None else mission
        if old != mission and last[old] <= day:  # not a neighbour still renewed alongside
            out[mission] = old
    return out


def _mission(mandate: MandateOf, symbol: str) -> str:
    found = mandate(symbol)
    assert found is not None and found.mission is not None
    return found.mission
