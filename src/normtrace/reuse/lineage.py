"""Lineage of a resolution paragraph: the earlier paragraphs it carries, and who said it first.

Works on plain values through two look-ups, so it runs on links held in
memory or in the store alike: ``incoming(key)`` gives the reuse links whose
target is ``key``, ``info(key)`` the unit's date, document and role.

*Predecessor* of a resolution paragraph: among the non-boilerplate links
from earlier resolution paragraphs, those with at least ``keep`` × the best
score and ``keep`` × the most aligned words, and of these the latest (the
renewal just before; ties go to more aligned words). Following predecessors
gives the chain ``S/RES/2211 → 2147 → 2098 → …``.

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
class Lineage:
    """A unit, the earlier resolution paragraphs it carries, and its earliest outside source."""

    key: str
    chain: tuple[Step, ...]
    outside: Step | None

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


def pick_predecessor(
    links: Sequence[ReuseLink], info: Info, *, keep: float = 0.5
) -> ReuseLink | None:
    """The earlier resolution paragraph a paragraph was renewed from (see module doc)."""
    usable = [x for x in links if not x.boilerplate and _info(info, x.source).role == "resolution"]
    if not usable:
        return None
    best_score = max(x.score for x in usable)
    best_words = max(x.words for x in usable)
    strong = [x for x in usable if x.score >= keep * best_score and x.words >= keep * best_words]
    return max(strong, key=lambda x: (_info(info, x.source).sort_key(), x.words, x.score))


def trace_lineage(key: str, incoming: Incoming, info: Info, *, keep: float = 0.5) -> Lineage:
    """The lineage of unit ``key`` (see module doc)."""
    chain = [Step(_info(info, key))]
    seen = {key}
    while True:
        link = pick_predecessor(incoming(chain[-1].unit.key), info, keep=keep)
        if link is None or link.source in seen:
            break
        seen.add(link.source)
        chain.append(Step(_info(info, link.source), link))
    return Lineage(key, tuple(chain), _earliest_outside(chain, incoming, info))


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
