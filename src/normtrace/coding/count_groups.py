"""The groups a count of codes is split into (``freq --by``): one per year, role, doc type,
symbol or case of a unit (by topic: :mod:`normtrace.coding.topics`), and the genres of text
each group holds, which decide the measured error its counts carry
(:mod:`normtrace.coding.counted_error`).

>>> from normtrace.coding.units import UnitInfo
>>> unit = UnitInfo("S/2004/908/p12", "paragraph", "S/2004/908", "report", "2004-11-18",
...                 2004, None, "secretariat", 12)
>>> grouper("year", None)(unit), grouper("doc_type", None)(unit)
(['2004'], ['report'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from normtrace.coding.levels import level_key
from normtrace.coding.units import GROUPINGS, UnitInfo, genre
from normtrace.errors import CodebookError

#: the order genres are listed in (:func:`normtrace.coding.units.genre`: ``""`` resolutions from
#: 1999 and other documents, then speeches, report paragraphs, resolutions before 1999)
GENRE_ORDER = ("", "speech", "report", "early")


class CaseScope(Protocol):
    """A case's documents, as :func:`normtrace.trace.scope.case_scope` gives them (the one
    definition of a case's documents; its :class:`~normtrace.trace.scope.CaseScope`)."""

    @property
    def name(self) -> str:
        """The case's id: its group's name."""
        ...

    @property
    def symbols(self) -> frozenset[str]:
        """The symbols of the project's documents in the case."""
        ...


def grouper(by: str, cases: Sequence[CaseScope] | None) -> Callable[[UnitInfo], list[str]]:
    """A function unit -> the groups it counts in (``by``: one of
    :data:`~normtrace.coding.units.GROUPINGS` but ``topic``)."""
    if by not in GROUPINGS:
        raise CodebookError(f"cannot count by {by!r}; use one of {', '.join(GROUPINGS)}")
    if isinstance(cases, Mapping):  # the form before stop 44: name -> symbols and/or years
        raise CodebookError(
            "cases are the cases' documents as normtrace.trace.scope.case_scope(store, CASE) "
            "gives them (CASE: a bundled case id or a case YAML file), not name -> symbols or "
            "years; for single documents count --by symbol"
        )
    if by == "case":
        if not cases:
            raise CodebookError(
                "counting by case needs the cases: give --case NAME|PATH (a bundled case or a "
                "case YAML file), or cases=[case_scope(store, CASE), ...]"
            )
        members = {scope.name: scope.symbols for scope in cases}
        if len(members) < len(cases):
            names = [scope.name for scope in cases]
            twice = sorted({n for n in names if names.count(n) > 1})
            raise CodebookError(f"two cases named {', '.join(twice)}: give each case once")

        def in_cases(info: UnitInfo) -> list[str]:
            return [n for n, m in members.items() if info.symbol in m]

        return in_cases

    def one(info: UnitInfo) -> list[str]:
        value = getattr(info, by)
        return [str(value) if value is not None else "unknown"]

    return one


def unit_genre(info: UnitInfo) -> str:
    """The genre of ``info`` for its code's measured error (:func:`~normtrace.coding.units.
    genre`)."""
    return genre(info.unit_type, info.doc_type, info.date)


def in_order(genres: Iterable[str]) -> tuple[str, ...]:
    """``genres`` once each, in :data:`GENRE_ORDER`.

    >>> in_order({"report", ""})
    ('', 'report')
    """
    held = set(genres)
    return tuple(g for g in GENRE_ORDER if g in held)


@dataclass(frozen=True)
class GroupSize:
    """What one group of a count holds: its units of running text (stored units, or
    paragraphs at paragraph level) and their words, its units of no running text (headings,
    tables, maps, captions, notes: :mod:`normtrace.parse.running`; a paragraph with running
    text is counted with it only), and the genres of its running text."""

    units: int = 0
    words: int = 0
    other_units: int = 0
    genres: tuple[str, ...] = ()


def group_sizes(
    units: Iterable[tuple[UnitInfo, int]],
    other: Iterable[UnitInfo],
    groups_of: Callable[[UnitInfo], list[str]],
    level: str,
) -> dict[str, GroupSize]:
    """Each group's :class:`GroupSize`, from the units of running text (with their words),
    the other units, and the groups each unit counts in (``groups_of``), at ``level``."""
    targets: dict[str, set[str]] = defaultdict(set)
    words: Counter[str] = Counter()
    genres: dict[str, set[str]] = defaultdict(set)
    for info, n in units:
        for group in groups_of(info):
            targets[group].add(level_key(info.key, level))
            words[group] += n
            genres[group].add(unit_genre(info))
    apart: dict[str, set[str]] = defaultdict(set)
    for info in other:
        for group in groups_of(info):
            apart[group].add(level_key(info.key, level))
    return {
        group: GroupSize(len(targets[group]), words[group],
                         len(apart[group] - targets[group]), in_order(genres[group]))
        for group in {*targets, *apart}
    }  # fmt: skip
