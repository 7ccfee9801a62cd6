"""Vote splits and abstentions on a case's resolutions (powerful states' dissent).

The meeting index of the UN Library (``meetings`` table, :mod:`normtrace.actors.meetings_index`)
prints each outcome's vote as ``15-0-0`` (in favour, against, abstaining), ``adopted
unanimously``, ``adopted without vote``, ``vetoed`` or ``not adopted``; the veto list adds
the permanent members that cast a negative vote (``meta.vetoes``), and a meeting record in
the project names the states voting against or abstaining (``documents.meta.votes``).
:func:`parse_vote` reads one printed vote; :func:`vote_summary` classifies a set of
outcomes as ``unanimous``, ``abstentions`` (some abstained, none voted against) or
``opposed`` (a vote against or a veto), and names permanent members among the dissenters
when a record or the veto list names them (the index alone gives only counts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

PERMANENT = ("China", "France", "Russian Federation", "United Kingdom", "United States")
_COUNTS = re.compile(r"\b(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:\s*-\s*(\d{1,2}))?\b")


@dataclass(frozen=True)
class Vote:
    """One outcome's vote: counts (None when the index prints none) and what it was."""

    in_favour: int | None
    against: int | None
    abstaining: int | None
    adopted: bool
    vetoed: bool = False

    @property
    def split(self) -> str:
        """``unanimous``, ``abstentions``, ``opposed`` or ``unknown``."""
        if self.vetoed or (self.against or 0) > 0:
            return "opposed"
        if (self.abstaining or 0) > 0:
            return "abstentions"
        if self.adopted and (self.in_favour is None or self.against == 0):
            return "unanimous"
        return "unknown"


def parse_vote(text: str) -> Vote:
    """A vote as the meeting index prints it.

    >>> parse_vote("13-0-2").split, parse_vote("15-0-0").split, parse_vote("9-3-3").split
    ('abstentions', 'unanimous', 'opposed')
    >>> parse_vote("adopted unanimously").split, parse_vote("vetoed").split
    ('unanimous', 'opposed')
    >>> parse_vote("").split
    'unknown'
    """
    low = text.lower()
    m = _COUNTS.search(text)
    vetoed = "veto" in low
    failed = vetoed or "not adopted" in low
    if m:
        yes, no, abst = int(m[1]), int(m[2]), int(m[3])
        return Vote(yes, no, abst, not failed and yes >= 9, vetoed)
    if "unanimous" in low or "without" in low:
        return Vote(None, 0, 0, True)
    return Vote(None, None, None, False, vetoed) if failed else Vote(None, None, None, False)


@dataclass(frozen=True)
class Outcome:
    """A Council outcome (resolution or failed draft) with its meeting, vote and dissenters."""

    symbol: str
    meeting: str
    date: str
    vote_text: str
    unit: str | None = None
    against: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()
    vetoed_by: tuple[str, ...] = ()

    @property
    def vote(self) -> Vote:
        """The parsed vote; a recorded veto makes it ``opposed``."""
        v = parse_vote(self.vote_text)
        vetoed = v.vetoed or bool(self.vetoed_by)
        return Vote(v.in_favour, v.against, v.abstaining, v.adopted, vetoed)


@dataclass(frozen=True)
class VoteSummary:
    """Outcomes by split, permanent members among dissenters, and the units voted on."""

    split: str
    outcomes: list[dict[str, Any]]
    counts: dict[str, int]
    permanent_dissent: dict[str, list[str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-able data."""
        return asdict(self)


def _permanent(names: Iterable[str]) -> list[str]:
    return sorted({p for n in names for p in PERMANENT if p.lower() in n.lower()})


def vote_summary(outcomes: Iterable[Outcome]) -> VoteSummary | None:
    """Classify ``outcomes`` together: ``opposed`` if any was, else ``abstentions`` if any
    had one, else ``unanimous``; None when no outcome has a known vote.

    >>> a = Outcome("S/RES/1", "S/PV.1", "2013-01-01", "15-0-0", "S/RES/1/op1")
    >>> b = Outcome("S/RES/2", "S/PV.2", "2013-02-01", "13-0-2", None, abstaining=("China",))
    >>> s = vote_summary([a, b])
    >>> s.split, s.counts, s.permanent_dissent
    ('abstentions', {'abstentions': 1, 'unanimous': 1}, {'S/RES/2': ['China']})
    """
    rows = [(o, o.vote.split) for o in outcomes]
    known = [(o, s) for o, s in rows if s != "unknown"]
    if not known:
        return None
    splits = {s for _, s in known}
    split = next(s for s in ("opposed", "abstentions", "unanimous") if s in splits)
    counts: dict[str, int] = {}
    for _, s in known:
        counts[s] = counts.get(s, 0) + 1
    dissent = {
        o.symbol: names
        for o, _ in known
        if (names := _permanent((*o.against, *o.abstaining, *o.vetoed_by)))
    }
    table = [
        {
            "symbol": o.symbol,
            "meeting": o.meeting,
            "date": o.date,
            "vote": o.vote_text or "–",
            "split": s,
            "against": list(o.against),
            "abstaining": list(o.abstaining),
            "vetoed_by": list(o.vetoed_by),
            "unit": o.unit,
        }
        for o, s in rows
    ]
    keys = [o.unit for o, _ in known if o.unit]
    return VoteSummary(split, table, dict(sorted(counts.items())), dissent, keys)
