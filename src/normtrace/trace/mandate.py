"""Growth of a mission's mandate tasks across its renewals, against safeguard language.

The institutional-pathology hypothesis expects mandates to grow in tasks while the
safeguards of classical peacekeeping (consent, impartiality, non-use of force except in
self-defence) recede. For each mandate resolution of a mission this module counts

* *tasks* (``indicator.mandate_growth.v4``): the leaf sub-paragraphs of its mandate paragraphs
  (a leaf listing tasks with dashes counts each dash task, whatever the file's encoding:
  :func:`normtrace.parse.normalize.hyphenation`). The operative paragraphs outside the list
  that give the mission a task (:mod:`normtrace.trace.mission_tasks`, one rule for every
  mission) are a separate figure (``outside_tasks``, ``outside_keys``), never weighed: the rule
  is too unreliable to enter the comparison (a request restating a listed task in other words
  counts again), and a renewal without a list would carry one-off requests forward. Mandate
  paragraphs are operative paragraphs that have sub-paragraphs and whose lead-in
  (:func:`is_mandate_paragraph`, the text before the first sub-paragraph or heading) gives the
  mission a mandate or tasks, by what it is: a decision of the Council (``Decides ...``,
  ``Authorizes ...``, also after ``Acting under Chapter VII ...``; or a request that the
  Secretary-General establish the mission) that either uses a task list's words (``Decides that
  the mandate of MINUSMA shall be the following:``, ``... to perform the following tasks``,
  ``shall have the following mandate``) or gives the mission a mandate or tasks and opens an
  enumeration (ends in a colon: ``Decides that MONUC shall ... have the mandate, in this order
  of priority, ... in order to:``, ``Decides to extend UNSOM's mandate ... as follows:``,
  ``Decides further that ... UNAMI ... shall:``, ``Authorizes the deployment within UNMEE of ...
  troops ... with a mandate to:``). For a known mission the lead-in names it: the mandate of a
  panel of experts, a High Representative's or a Government's tasks are not the mission's. A
  request, a call, a welcome, a note, an intention or a reaffirmation gives nothing. A heading
  sub-paragraph with tasks under it (``(a) Protection of civilians`` with (i)–(iii)) is not
  itself a task. A renewal that lists no tasks (``Decides to extend the mandate of MINUSTAH, as
  contained in resolution 1542``) carries its predecessor's count forward and is marked
  ``restated = False``. An enumeration of the mission's components or of conditions lists no
  tasks (``its main components will be:``, ``subject to the following conditions``). A task
  given by reference to another resolution's paragraphs (``..., in accordance with paragraph 3
  (a) to (e) of resolution 1856 (2008)``, ``Carry out the tasks set out in paragraph 2 of
  resolution 1990``), and a lead-in's ``in addition to the tasks set out in paragraph ...``,
  count the leaf sub-paragraphs they point at (:mod:`normtrace.trace.task_refs`) when the
  project holds that resolution (``by_reference`` says what was counted); when it does not, the
  row's count is not a measurement (``unresolved``) and no growth is computed from it;
* *safeguard units*: the resolution's units (paragraphs and sub-paragraphs) carrying a
  core-principles coding (the ``core_principles`` frame of the project's codebooks), or,
  when the project holds no such codings, matching :data:`SAFEGUARD_PATTERNS
  <normtrace.trace.indicators.SAFEGUARD_PATTERNS>` (the row says which).

:func:`mandate_growth` compares the first and the last *restated* task list of the series.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from normtrace.trace.mission_tasks import gives_task
from normtrace.trace.task_refs import Lookup, resolve_tasks, task_items

_MANDATE = re.compile(
    r"\bmandate\b[^.;:]{0,120}?\b(?:shall|will|should)\s+(?:be|include|initially\s+focus\s+on"
    r"|focus\s+on|comprise|consist\s+of)\b[^.;]{0,60}?(?:following|:)"
    r"|\bfollowing\s+(?:\w+\s+){0,2}?(?:tasks|mandate|functions|responsibilities)\b"
    r"|\b(?:shall|will)\s+have\s+the\s+following\b"
    r"|\b(?:perform|carry\s+out|undertake|discharge)\s+the\s+following\b",
    re.IGNORECASE,
)
#: the paragraph's verb decides: the Council decides or authorizes (``Decides further that``,
#: ``Acting under Chapter VII of the Charter ..., authorizes``), or has the Secretary-General
#: establish the mission; never a request to it, a call, a welcome, a note or an intention
_DECISION = re.compile(
    r"^\W*(?:acting\s+under\s+chapter\s+vii\b[^,]{0,120},\s*)?(?:(?:also\s+|further\s+)?"
    r"(?:decides|authorizes)\b|requests\s+the\s+secretary-general\s+to\s+establish\b)",
    re.IGNORECASE,
)
#: what the decision gives: a mandate ("have the mandate", "with a mandate to", "UNSOM's
#: mandate", "extend the mandate of BNUB") or tasks the mission shall or will carry out
_GIVES = re.compile(r"\bmandates?\b|\b(?:shall|will)\b|\bestablish\b", re.IGNORECASE)
#: with no mission known, what names one: an acronym ("UNAMI") or a mandate
_NAMED = re.compile(r"\b[A-Z][A-Z-]{2,9}\b|\bmandates?\b")
#: an enumeration of what the mission is made of, or of conditions, lists no task ("its main
#: components will be:", "will consist of:", "subject to the following conditions")
_NOT_TASKS = re.compile(
    r"\bcomponents?\b|\bconsist\s+of\b|\bconditions\b|\bstructure\b", re.IGNORECASE
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
    """One mandate resolution: its tasks (leaf keys) and safeguard units.

    ``tasks`` counts the task list's tasks, what tasks given by reference point at included
    (``by_reference`` notes each); ``listed`` is the number of the list's leaves as printed
    (dash tasks each); ``unresolved`` has one line per reference the project cannot count (then
    ``tasks`` is the printed leaves and measures nothing). ``outside_keys`` are the operative
    paragraphs outside the list that give the mission a task by
    :func:`~normtrace.trace.mission_tasks.gives_task` and ``outside_tasks`` their leaves (dash
    tasks each) not counted through the list's pointers: a separate figure, never in
    ``tasks``."""

    resolution: str
    date: str
    tasks: int
    restated: bool
    mandate_keys: list[str]
    task_keys: list[str]
    safeguard_units: int
    safeguard_keys: list[str]
    listed: int | None = None
    by_reference: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    outside_keys: list[str] = field(default_factory=list)
    outside_tasks: int = 0

    def to_json(self) -> dict[str, Any]:
        """The row as JSON-able data."""
        return asdict(self)


def is_mandate_paragraph(text: str, mission: str | None = None) -> bool:
    """Whether an operative paragraph's lead-in gives ``mission`` (any mission when None) a
    list of tasks (module doc): a decision that uses a task list's words, or that gives a
    mandate or tasks and opens an enumeration. Its lead-in is its first line (the parser joins
    a heading between the lead-in and the first sub-paragraph to the paragraph).

    >>> is_mandate_paragraph("Decides that the mandate of MINUSMA shall be the following:")
    True
    >>> is_mandate_paragraph("Authorizes MONUSCO to take all necessary measures to perform "
    ...                      "the following tasks, through its regular forces")
    True
    >>> is_mandate_paragraph("Decides that MONUC shall, from the adoption of this resolution, "
    ...                      "have the mandate, in this order of priority, ... in order to:\\n"
    ...                      "Protection of civilians", "MONUC")
    True
    >>> is_mandate_paragraph("Decides to extend the mandate of MINUSTAH until 15 October")
    False
    >>> is_mandate_paragraph("Decides to extend the mandate of the Panel of Experts ... to "
    ...                      "carry out the following tasks:", "UNSMIL")
    False
    >>> is_mandate_paragraph("Calls upon the Government to fulfil the following obligations:")
    False
    """
    lead = text.split("\n", 1)[0].strip()
    if not _DECISION.search(lead):
        return False
    if mission is not None and not re.search(rf"\b{re.escape(mission)}\b", lead):
        return False
    if _MANDATE.search(lead):
        return True
    named = mission is not None or bool(_NAMED.search(lead))  # a mission, or its mandate
    return (
        named and lead.endswith(":") and bool(_GIVES.search(lead)) and not _NOT_TASKS.search(lead)
    )


def count_tasks(
    resolution: str,
    date: str,
    units: Iterable[ResolutionUnit],
    safeguard_keys: Iterable[str],
    mission: str | None = None,
    lookup: Lookup | None = None,
) -> TaskCount:
    """Tasks of one resolution's mandate paragraphs (those giving ``mission`` its tasks:
    :func:`is_mandate_paragraph`), and its safeguard units.

    ``safeguard_keys`` are the keys of the resolution's units with safeguard language. A task
    given by reference counts what it points at in a resolution ``lookup`` finds (by number and
    year); one it cannot find leaves the row ``unresolved``.
    """
    rows = list(units)
    children: dict[str, list[str]] = {}
    for u in rows:
        if u.parent:
            children.setdefault(u.parent, []).append(u.key)
    mandates = [
        u.key
        for u in rows
        if u.kind == "operative" and u.key in children and is_mandate_paragraph(u.text, mission)
    ]
    tasks: list[str] = []
    for key in mandates:
        tasks.extend(_leaves(key, children))
    gives = (lambda text: gives_task(text, mission)) if mission else None
    outside = [
        u.key
        for u in rows
        if mandates and gives and u.kind == "operative" and u.key not in mandates and gives(u.text)
    ]
    text = {u.key: u.text for u in rows}
    printed = sum(len(task_items(text[k])) for k in tasks)
    keys = sorted(set(safeguard_keys), key=_order(rows))
    found = resolve_tasks(resolution, rows, mandates, tasks, lookup, gives)
    count = printed if found.missing else found.tasks
    extra = [leaf for key in outside for leaf in _leaves(key, children) if leaf not in found.own]
    beside = sum(len(task_items(text[k])) for k in extra)
    return TaskCount(resolution, date, count, bool(mandates), mandates, tasks, len(keys), keys,
                     printed, found.notes, found.missing, outside, beside)  # fmt: skip


def _leaves(key: str, children: Mapping[str, list[str]]) -> list[str]:
    """The leaf units under ``key`` (``key`` itself when it has no sub-paragraphs)."""
    if key not in children:
        return [key]
    return [leaf for child in children[key] for leaf in _leaves(child, children)]


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
            out.append(replace(row, tasks=last))
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
    def unresolved(self) -> list[str]:
        """Why the first or the last restated list has no count: a task it gives by reference
        that is not counted (a resolution the project lacks, the resolution's own paragraphs:
        :func:`~normtrace.trace.task_refs.resolve_tasks`), one line each."""
        rows = [self.first] if self.first is self.last else [self.first, self.last]
        return [line for r in rows if r is not None for line in r.unresolved]

    @property
    def task_change(self) -> int | None:
        """Tasks of the last restated list minus those of the first; None when one of them
        gives a task by reference that is not counted (:attr:`unresolved`)."""
        if self.first is None or self.last is None or self.first is self.last:
            return None
        if self.unresolved:
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
            "unresolved": self.unresolved,
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
