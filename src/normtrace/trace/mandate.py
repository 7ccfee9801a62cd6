"""Growth of a mission's mandate tasks across its renewals, against safeguard language.

The institutional-pathology hypothesis expects mandates to grow in tasks while the
safeguards of classical peacekeeping (consent, impartiality, non-use of force except in
self-defence) recede. For each mandate resolution of a mission this module counts

* *tasks*: the leaf sub-paragraphs of its mandate paragraphs — operative paragraphs that
  list the mission's tasks (``Decides that the mandate of MINUSMA shall be the
  following:``, ``... to perform the following tasks``, ``shall initially focus on the
  following priority tasks``, ``shall have the following mandate``) and have
  sub-paragraphs. A heading sub-paragraph with tasks under it (``(a) Protection of
  civilians`` with (i)–(iii)) is not itself a task. A renewal that lists no tasks
  (``Decides to extend the mandate of MINUSTAH, as contained in resolution 1542``) carries
  its predecessor's count forward and is marked ``restated = False``;
* *safeguard units*: the resolution's units (paragraphs and sub-paragraphs) carrying a
  core-principles coding (the ``core_principles`` frame of the project's codebooks), or,
  when the project holds no such codings, matching :data:`SAFEGUARD_PATTERNS
  <normtrace.trace.indicators.SAFEGUARD_PATTERNS>` (the row says which).

:func:`mandate_growth` compares the first and the last *restated* task list of the series.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

_MANDATE = re.compile(
    r"\bmandate\b[^.;:]{0,120}?\b(?:shall|will|should)\s+(?:be|include|initially\s+focus\s+on"
    r"|focus\s+on|comprise|consist\s+of)\b[^.;]{0,60}?(?:following|:)"
    r"|\bfollowing\s+(?:\w+\s+){0,2}?(?:tasks|mandate|functions|responsibilities)\b"
    r"|\b(?:shall|will)\s+have\s+the\s+following\b"
    r"|\b(?:perform|carry\s+out|undertake|discharge)\s+the\s+following\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResolutionUnit:
    """A resolution paragraph or sub-paragraph: key, kind, parent key and text."""

    key: str
    kind: str
    parent: str | None
    text: str


@dataclass(frozen=True)
class TaskCount:
    """One mandate resolution: its tasks (leaf keys) and safeguard units."""

    resolution: str
    date: str
    tasks: int
    restated: bool
    mandate_keys: list[str]
    task_keys: list[str]
    safeguard_units: int
    safeguard_keys: list[str]

    def to_json(self) -> dict[str, Any]:
        """The row as JSON-able data."""
        return asdict(self)


def is_mandate_paragraph(text: str) -> bool:
    """Whether an operative paragraph introduces the mission's list of tasks.

    >>> is_mandate_paragraph("Decides that the mandate of MINUSMA shall be the following:")
    True
    >>> is_mandate_paragraph("Authorizes MONUSCO to take all necessary measures to perform "
    ...                      "the following tasks, through its regular forces")
    True
    >>> is_mandate_paragraph("Decides to extend the mandate of MINUSTAH until 15 October")
    False
    """
    return bool(_MANDATE.search(text))


def count_tasks(
    resolution: str,
    date: str,
    units: Iterable[ResolutionUnit],
    safeguard_keys: Iterable[str],
) -> TaskCount:
    """Tasks of one resolution's mandate paragraphs, and its safeguard units.

    ``safeguard_keys`` are the keys of the resolution's units with safeguard language.
    """
    rows = list(units)
    children: dict[str, list[str]] = {}
    for u in rows:
        if u.parent:
            children.setdefault(u.parent, []).append(u.key)
    mandates = [
        u.key
        for u in rows
        if u.kind == "operative" and u.key in children and is_mandate_paragraph(u.text)
    ]
    tasks: list[str] = []
    for key in mandates:
        tasks.extend(_leaves(key, children))
    keys = sorted(set(safeguard_keys), key=_order(rows))
    return TaskCount(resolution, date, len(tasks), bool(mandates), mandates, tasks, len(keys), keys)


def _leaves(key: str, children: Mapping[str, list[str]]) -> list[str]:
    out: list[str] = []
    for child in children.get(key, []):
        out.extend(_leaves(child, children) if child in children else [child])
    return out


def _order(rows: list[ResolutionUnit]) -> Any:
    index = {u.key: i for i, u in enumerate(rows)}
    return lambda k: (index.get(k, len(index)), k)


def carry_forward(series: Iterable[TaskCount]) -> list[TaskCount]:
    """The series in order, each renewal that restates no task list taking the last count."""
    out: list[TaskCount] = []
    last = 0
    for row in series:
        if row.restated:
            last = row.tasks
            out.append(row)
        else:
            out.append(TaskCount(**{**asdict(row), "tasks": last}))
    return out


@dataclass(frozen=True)
class MandateGrowth:
    """Tasks and safeguard units of a mission's mandate resolutions, first vs last restated."""

    mission: str
    series: list[TaskCount]
    first: TaskCount | None
    last: TaskCount | None
    source: str = "codings"
    notes: list[str] = field(default_factory=list)

    @property
    def task_change(self) -> int | None:
        """Tasks of the last restated list minus those of the first."""
        if self.first is None or self.last is None or self.first is self.last:
            return None
        return self.last.tasks - self.first.tasks

    @property
    def safeguard_change(self) -> int | None:
        """Safeguard units of the last restated resolution minus those of the first."""
        if self.first is None or self.last is None or self.first is self.last:
            return None
        return self.last.safeguard_units - self.first.safeguard_units

    def keys(self) -> list[str]:
        """The mandate paragraphs and safeguard units of the first and last restated lists."""
        out: list[str] = []
        for row in (self.first, self.last):
            if row is not None:
                out += row.mandate_keys + row.safeguard_keys[:3]
        return list(dict.fromkeys(out))

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON-able data."""
        return {
            "mission": self.mission,
            "source": self.source,
            "task_change": self.task_change,
            "safeguard_change": self.safeguard_change,
            "first": self.first.resolution if self.first else None,
            "last": self.last.resolution if self.last else None,
            "series": [
                {k: v for k, v in r.to_json().items() if k not in ("task_keys",)}
                for r in self.series
            ],
        }


def mandate_growth(
    mission: str, series: Iterable[TaskCount], *, source: str = "codings"
) -> MandateGrowth:
    """Compare the first and last restated task lists of ``series`` (date order).

    >>> a = TaskCount("R1", "2013", 12, True, ["R1/op16"], [], 2, ["R1/pp2", "R1/op17"])
    >>> b = TaskCount("R2", "2014", 0, False, [], [], 1, ["R2/pp3"])
    >>> c = TaskCount("R3", "2014", 19, True, ["R3/op13"], [], 1, ["R3/pp2"])
    >>> g = mandate_growth("MINUSMA", [a, b, c])
    >>> g.task_change, g.safeguard_change, [r.tasks for r in g.series]
    (7, -1, [12, 12, 19])
    """
    rows = carry_forward(series)
    restated = [r for r in rows if r.restated]
    first = restated[0] if restated else None
    last = restated[-1] if restated else None
    return MandateGrowth(mission, rows, first, last, source)
