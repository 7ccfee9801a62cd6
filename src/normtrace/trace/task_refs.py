"""Mandate tasks given by reference to paragraphs of a resolution, and what they count.

A renewal sometimes gives a task by pointing at another resolution's paragraphs instead of
restating it: ``Ensure the effective protection of civilians ..., in accordance with
paragraph 3 (a) to (e) and 4 (c) of resolution 1856 (2008)``, ``Carry out the tasks set out in
paragraph 2 of resolution 1990 (2011)``. Counted as one leaf, such a task makes a list shrink
on paper (S/RES/1906 (2009): three tasks, against the twenty-four of S/RES/1856 (2008) it
points back to). This module finds those pointers and counts what they point at.

* :func:`task_pointers` — the paragraphs a task sub-paragraph (or a paragraph that gives the
  mission's mandate without sub-paragraphs) takes its task from: a reference introduced *as
  the task's own manner* (``, in accordance with paragraph ...``, ``including as set out in
  paragraphs ...``, ``as listed in``, ``as described in`` ...), or the task is to perform
  ``the tasks|mandate|functions ... set out in paragraph ...``. A resolution merely named by the
  task is no pointer: ``monitor the implementation of the measures imposed by paragraph 20 of
  resolution 1493 (2003)``, ``the provisions of paragraph 10 of resolution 1596 (2005)``, ``the
  Group of Experts referred to in paragraph 10 of resolution 1533``, ``consistent with
  paragraph 9 of resolution 2153``: the task is stated, the resolution is its object.
* :func:`added_pointers` — what a task list's lead-in adds to its list: ``in addition to the
  tasks set out in paragraph 2 of resolution 1990``, ``in addition to paragraph 1 above``.
* :func:`resolve_tasks` — a list's task count with every pointer to another resolution
  replaced by the leaf sub-paragraphs it points at (a paragraph with no sub-paragraphs counts
  one), recursively; a note per pointer counted, and one line per pointer it cannot count (the
  resolution is not in the project, or has no such paragraph). A task's pointer to the
  resolution's own paragraphs (``and paragraphs 7 to 18 below``) adds the tasks of the units it
  names that are not counted yet: those of paragraphs giving the mission a task
  (:func:`normtrace.trace.mission_tasks.gives_task`), each once (S/RES/1906 (2009): its three
  tasks point at paragraphs 7 to 38, and the requests to MONUC there are the list's own
  tasks); the task itself counts 1 beside them. A pointer that leads back to a task it started
  from, or more than eight pointers deep, leaves the count incomplete. A leaf listing its tasks
  with dashes counts each (:func:`task_items`). A lead-in's
  ``in addition to paragraph 3`` adds that paragraph's tasks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

#: a sub-paragraph letter or roman numeral in brackets: (a), (iv), (aa)
_SUB = r"\(\s*[a-z]{1,6}\s*\)"
#: one item of a paragraph list: ``3``, ``3 (a)``, ``3 (b) (v)``, or a bare ``(e)`` after "to"
_ITEM = rf"(?:\d+(?:\s*{_SUB})*|{_SUB}(?:\s*{_SUB})*)"
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+|\s+through\s+|\s*[–—-]\s*)"
_RESOLUTION = r"(?:its\s+|the\s+)?resolution\s+(?P<num>\d{1,4})(?:\s*\((?P<year>\d{4})\))?"
#: ``paragraph(s) LIST`` and where: another resolution, this one, or (unsaid) this one
_SEGMENT = re.compile(
    rf"(?:sub-?)?paragraphs?\s+(?P<list>\d+(?:\s*{_SUB})*(?:{_JOIN}{_ITEM})*)"
    rf"(?:\s*,?\s*(?:(?P<here>below|above|of\s+(?:this|the\s+present)\s+resolution)"
    rf"|of\s+{_RESOLUTION}))?",
    re.IGNORECASE,
)
#: between two segments of one pointer: "and", "as well as", a comma
_BETWEEN = re.compile(r"\s*,?\s*(?:and\s+|as\s+well\s+as\s+)?", re.IGNORECASE)
_SET_OUT = (
    r"(?:set\s+out|set\s+forth|listed|described|specified|outlined|defined|contained|enumerated"
    r"|provided\s+for|stipulated|laid\s+(?:out|down)|mandated|stated)"
)
#: the reference is the task's own manner: after a comma, "including" or "and", never a noun's
#: modifier ("its mandate as specified in" is the Committee's, "referred to in" names a body)
_MANNER = re.compile(
    rf"(?:^|[,;:(]\s*|\b(?:and|including|also)\s+)(?:including\s+|also\s+)?"
    rf"(?:in\s+accordance\s+with|as\s+{_SET_OUT}\s+in)\s+(?=(?:sub-?)?paragraph)",
    re.IGNORECASE,
)
#: the task is to perform tasks set out elsewhere ("Carry out the tasks of its mandate listed in")
_PERFORM = re.compile(
    r"^\W*(?:to\s+)?(?:continue\s+to\s+)?(?:carry\s+out|perform|undertake|fulfil|fulfill"
    r"|discharge|implement|execute)\s+(?:the|its|all)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:tasks?|mandate|functions|responsibilities|activities)\b(?:\s+of\s+its\s+mandate)?"
    rf"\s*,?\s*(?:as\s+)?(?:{_SET_OUT}|referred\s+to|mentioned|indicated)\s+(?:in|by)\s+"
    r"(?=(?:sub-?)?paragraph)",
    re.IGNORECASE,
)
#: a list's lead-in adding to tasks given elsewhere ("in addition to tasks set out in paragraph 3")
_ADDITION = re.compile(
    r"\bin\s+addition\s+to\s+(?:the\s+)?(?:(?:tasks?|mandate|functions|responsibilities)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{_SET_OUT}\s+in\s+)?(?=(?:sub-?)?paragraph)",
    re.IGNORECASE,
)
#: drafting variants rewritten to "paragraph N (x) to (y)" before parsing
_SUB_OF = re.compile(
    r"\bsub-?paragraphs?\s+(\(?[a-z]{1,6}\)?(?:\s*(?:,|and|to|–|-)\s*\(?[a-z]{1,6}\)?)*)\s+of\s+"
    r"paragraph\s+(\d+)",
    re.IGNORECASE,
)
_PARA_SUB = re.compile(r"\bparagraph\s+(\d+)\s*,\s*sub-?paragraph\s+\(?([a-z]{1,6})\)?", re.I)


@dataclass(frozen=True)
class Span:
    """A run of units one pointer names: from ``start`` to ``end`` (paragraph number and
    sub-paragraph path), inclusive; ``start == end`` for one unit."""

    start: tuple[str, tuple[str, ...]]
    end: tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Pointer:
    """Paragraphs of one resolution a task or a lead-in points at.

    ``number``/``year`` name the resolution (None: the resolution itself); ``words`` is the
    reference as written (normalised drafting variants)."""

    words: str
    spans: tuple[Span, ...]
    number: str | None = None
    year: str | None = None

    @property
    def resolution(self) -> str:
        """``S/RES/N (YYYY)``, ``S/RES/N`` when the text gives no year, or ``this resolution``."""
        if self.number is None:
            return "this resolution"
        return f"S/RES/{self.number} ({self.year})" if self.year else f"S/RES/{self.number}"


def _normalise(text: str) -> str:
    text = _PARA_SUB.sub(lambda m: f"paragraph {m.group(1)} ({m.group(2)})", text)
    return _SUB_OF.sub(lambda m: f"paragraph {m.group(2)} " + _bracket(m.group(1)), text)


def _bracket(subs: str) -> str:
    """``a to c`` or ``(a) and (b)`` -> ``(a) to (c)``, ``(a) and (b)``."""

    def one(m: re.Match[str]) -> str:
        word = m.group(1)
        return word if word.lower() in ("to", "and") else f"({word})"

    return re.sub(r"\(?\b([a-z]{1,6})\b\)?", one, subs, flags=re.IGNORECASE)


def _spans(listed: str) -> tuple[Span, ...]:
    """``3 (a) to (e) and 4 (c)`` -> 3/a..3/e, 4/c; ``7 to 18``; ``3 (n) to 3 (p)``."""
    tokens = re.findall(r"\d+|\(\s*[a-z]{1,6}\s*\)|\bto\b|\bthrough\b|[–—-]|,|\band\b", listed)
    items: list[tuple[tuple[str, tuple[str, ...]], bool]] = []  # (item, opens with "to")
    number, ranged, started = "", False, False
    path: tuple[str, ...] = ()
    for tok in [*tokens, ","]:
        low = tok.lower()
        if tok.isdigit() or tok.startswith("("):
            if tok.isdigit():
                if started:
                    items.append(((number, path), ranged))
                    ranged = False
                number, path, started = tok, (), True
            else:
                if not started:  # a bare "(e)" after "to": the last number's, same depth
                    last = items[-1][0] if items else ("", ())
                    number, path = last[0], last[1][:-1]
                    started = True
                path = (*path, tok.strip("() ").lower())
        elif started:
            items.append(((number, path), ranged))
            started = False
            ranged = low in ("to", "through", "–", "—", "-")
        else:
            ranged = ranged or low in ("to", "through", "–", "—", "-")
    spans: list[Span] = []
    for item, opens in items:
        spans.append(Span(spans.pop().start, item) if opens and spans else Span(item, item))
    return tuple(spans)


def _chain(text: str, at: int) -> list[Pointer]:
    """The pointers starting at ``at``: segments joined by "and", "as well as" or a comma."""
    out: list[Pointer] = []
    while (seg := _SEGMENT.match(text, at)) is not None:
        here = seg.group("here") is not None or seg.group("num") is None
        out.append(
            Pointer(
                " ".join(seg.group(0).split()),
                _spans(seg.group("list")),
                None if here else seg.group("num"),
                None if here else seg.group("year"),
            )
        )
        gap = _BETWEEN.match(text, seg.end())
        if gap is None or not _SEGMENT.match(text, gap.end()):
            break
        at = gap.end()
    return out


def task_pointers(text: str) -> list[Pointer]:
    """The paragraphs a task takes its task from (module doc), in order; [] for a task that
    states itself (and mentions a resolution at most).

    >>> [(p.words, p.resolution) for p in task_pointers("Ensure the protection of civilians, "
    ...  "in accordance with paragraph 3 (a) to (e) of resolution 1856 (2008) and paragraphs 7 "
    ...  "to 18 below;")]
    [('paragraph 3 (a) to (e) of resolution 1856 (2008)', 'S/RES/1856 (2008)'), \
('paragraphs 7 to 18 below', 'this resolution')]
    >>> task_pointers("Monitor the implementation of the measures imposed by paragraph 20 of "
    ...               "resolution 1493 (2003);")
    []
    """
    text = _normalise(text)
    out: list[Pointer] = []
    for rx in (_PERFORM, _MANNER):
        for m in rx.finditer(text):
            out.extend(p for p in _chain(text, m.end()) if p not in out)
    return out


#: a dash opening a line: one task of a sub-paragraph that lists its tasks with dashes
_DASH = re.compile(r"^[ \t]*[–—-][ \t]*(?=\S)", re.MULTILINE)


def task_items(text: str) -> list[str]:
    """The tasks one leaf states: each dash-opened line when it has any (``Protection of
    civilians\\n– To protect ...\\n– To revise ...``: the heading line is none), else the leaf.

    >>> len(task_items("Monitoring of the arms embargo\\n– To monitor ...,\\n– To collect ...,"))
    2
    >>> task_items("Monitor the ceasefire;")
    ['Monitor the ceasefire;']
    """
    starts = [m.start() for m in _DASH.finditer(text)]
    if not starts:
        return [text]
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def added_pointers(lead: str) -> list[Pointer]:
    """What a task list's lead-in adds its tasks to (``in addition to the tasks set out in
    paragraph 2 of resolution 1990``, ``in addition to paragraph 1 above``)."""
    text = _normalise(lead.split("\n", 1)[0])
    return [p for m in _ADDITION.finditer(text) for p in _chain(text, m.end())]


class Unit(Protocol):
    """What :func:`resolve_tasks` reads of a resolution unit."""

    @property
    def key(self) -> str: ...  # noqa: D102

    @property
    def kind(self) -> str: ...  # noqa: D102

    @property
    def parent(self) -> str | None: ...  # noqa: D102

    @property
    def text(self) -> str: ...  # noqa: D102


#: (number, year or None) -> (symbol, units) of a resolution the project holds, or None
Lookup = Callable[[str, str | None], "tuple[str, Sequence[Unit]] | None"]


@dataclass
class Resolved:
    """A task list's count with its pointers followed.

    ``notes`` say what each pointer counted; ``missing`` has one line per pointer (or per
    resolution) it could not count: a resolution the project lacks or a paragraph it lacks,
    a resolution's own paragraphs a task points at, a circular or too deep chain (then the
    count is not a measurement)."""

    tasks: int = 0
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: units of the resolution itself its tasks' pointers counted (``and paragraphs 7 to 18
    #: below``), each once: they are the list's, not tasks given outside it
    own: list[str] = field(default_factory=list)


class _Doc:
    def __init__(self, symbol: str, units: Iterable[Unit]) -> None:
        self.symbol = symbol
        self.rows = [u for u in units if u.kind in ("operative", "subparagraph")]
        self.index = {u.key: i for i, u in enumerate(self.rows)}
        self.text = {u.key: u.text for u in self.rows}
        self.children: dict[str, list[str]] = {}
        for u in self.rows:
            if u.parent:
                self.children.setdefault(u.parent, []).append(u.key)

    def key(self, at: tuple[str, tuple[str, ...]]) -> str:
        return "/".join([f"{self.symbol}/op{at[0]}", *at[1]])

    def leaves(self, key: str) -> list[str]:
        kids = self.children.get(key)
        return [leaf for k in kids for leaf in self.leaves(k)] if kids else [key]

    def top(self, key: str) -> str:
        """The operative paragraph a unit is part of."""
        return f"{self.symbol}/{key[len(self.symbol) + 1 :].split('/')[0]}"

    def is_paragraph(self, key: str) -> bool:
        return "/" not in key[len(self.symbol) + 1 :]

    def paragraphs(self, span: Span) -> list[str]:
        """The operative paragraphs from ``span.start`` to ``span.end`` (whole paragraphs)."""
        first, last = self.index[self.key(span.start)], self.index[self.key(span.end)]
        return [u.key for u in self.rows[first : last + 1] if self.is_paragraph(u.key)]

    def span(self, span: Span) -> list[str] | None:
        """The leaves from ``span.start`` to ``span.end`` in document order; None when a
        bound is not among the units."""
        first, last = self.key(span.start), self.key(span.end)
        if first not in self.index or last not in self.index:
            return None
        end = self.index[self.leaves(last)[-1]]
        return [u.key for u in self.rows[self.index[first] : end + 1] if u.key not in self.children]


class _Resolver:
    def __init__(self, lookup: Lookup | None) -> None:
        self.lookup = lookup
        self.docs: dict[tuple[str, str | None], _Doc | None] = {}
        #: resolution the project lacks -> "KEY to WORDS" of each pointer to it
        self.absent: dict[str, list[str]] = {}
        #: resolution -> "KEY to WORDS" of each pointer to its own paragraphs it cannot count
        #: (no rule says which of them give the mission a task)
        self.own: dict[str, list[str]] = {}
        #: resolution -> its units counted as tasks so far (a unit is counted once)
        self.counted: dict[str, set[str]] = {}
        #: an operative paragraph's text -> whether it gives the mission a task
        self.gives: Callable[[str], bool] | None = None

    def lacking(self) -> list[str]:
        """One line per resolution the project lacks: the pointers to it, what to fetch."""
        return [
            f"{'; '.join(dict.fromkeys(refs))} "
            f"{'gives' if len(set(refs)) == 1 else 'give'} tasks by reference, and the project "
            f"does not hold {symbol}: normtrace fetch '{symbol}', then normtrace ingest downloads"
            for symbol, refs in self.absent.items()
        ] + [
            f"{'; '.join(dict.fromkeys(refs))} "
            f"{'gives' if len(set(refs)) == 1 else 'give'} tasks by reference to {symbol}'s own "
            "paragraphs, and no mission is named to tell which of them give it a task: the task "
            "count is incomplete (name the mission, or count them by hand)"
            for symbol, refs in self.own.items()
        ]

    def doc(self, pointer: Pointer, here: _Doc) -> _Doc | None:
        """The resolution ``pointer`` names: ``here`` for its own paragraphs, None when the
        project does not hold it."""
        if pointer.number is None or here.symbol.startswith(f"S/RES/{pointer.number} ("):
            return here
        ident = (pointer.number, pointer.year)
        if ident not in self.docs:
            got = self.lookup(*ident) if self.lookup else None
            self.docs[ident] = _Doc(got[0], got[1]) if got else None
        return self.docs[ident]

    def task(self, doc: _Doc, key: str, out: Resolved, seen: frozenset[str]) -> int:
        """What one leaf counts: each of its dash items (:func:`task_items`) one task."""
        items = task_items(doc.text.get(key, ""))
        return sum(self.item(doc, key, text, out, seen) for text in items)

    def item(self, doc: _Doc, key: str, text: str, out: Resolved, seen: frozenset[str]) -> int:
        """What one task counts: 1, or the units its pointers to other resolutions name; plus
        the tasks of its own resolution's paragraphs it points at that are not counted yet."""
        every = task_pointers(text)
        pointers = [p for p in every if self.doc(p, doc) is not doc]
        own = 0
        for p in every:
            if p not in pointers:
                found = self.own_units(doc, key, p, out, seen | {key})
                if found is None:
                    return 1
                own += found
        if not pointers:
            return own + 1
        if key in seen or len(seen) > 8:
            words = "; ".join(p.words for p in pointers)
            why = "leads back to it" if key in seen else "is more than eight references deep"
            out.missing.append(f"{key} gives tasks by reference to {words}, and the chain of "
                               f"references {why}: it cannot be counted")  # fmt: skip
            return 1
        total, counted = own, []
        for p in pointers:
            n = self.pointed(doc, key, p, out, seen | {key})
            if n is None:
                return 1
            total += n
            counted.append(f"{p.words} ({n})")
        out.notes.append(f"{key} counted as the tasks it gives by reference: "
                         f"{'; '.join(counted)}")  # fmt: skip
        return total

    def own_units(
        self, doc: _Doc, key: str, p: Pointer, out: Resolved, seen: frozenset[str]
    ) -> int | None:
        """The tasks of ``doc``'s own units ``p`` names that are not counted yet: a unit of a
        paragraph that gives the mission a task (``self.gives``) counts once; the others give
        it none. None, with a line, when they cannot be counted."""
        counted = self.counted.setdefault(doc.symbol, set())
        found: list[str] = []
        for span in p.spans:
            units = doc.span(span)
            if units is None:
                out.missing.append(f"{key} gives tasks by reference to {p.words}, and "
                                   f"{doc.symbol} has no {_named(span)}")  # fmt: skip
                return None
            found += [u for u in units if u not in found]
        new = [u for u in found if u not in counted]
        if new and self.gives is None:
            self.own.setdefault(doc.symbol, []).append(f"{key} to {p.words}")
            return None
        tasks = [u for u in new if self.gives and self.gives(doc.text[doc.top(u)])]
        counted.update(tasks)
        total = sum(self.task(doc, u, out, seen) for u in tasks)
        out.notes.append(
            f"{key} to {p.words}: {len(found) - len(new)} counted once already, "
            f"{len(tasks)} more giving the mission a task ({total}), "
            f"{len(new) - len(tasks)} giving it none"
        )
        return total

    def pointed(
        self, doc: _Doc, key: str, p: Pointer, out: Resolved, seen: frozenset[str]
    ) -> int | None:
        """The count of the units ``p`` names in another resolution (each resolved in turn,
        a whole task-list paragraph with what its lead-in adds); None, with a line in
        ``out.missing``, when they cannot be counted."""
        other = self.doc(p, doc)
        if other is None:
            self.absent.setdefault(p.resolution, []).append(f"{key} to {p.words}")
            return None
        keys: list[str] = []
        whole: list[str] = []
        for span in p.spans:
            found = other.span(span)
            if found is None:
                out.missing.append(
                    f"{key} gives tasks by reference to {p.words}, and {other.symbol} in the "
                    f"project has no {_named(span)} (re-ingest it if its text is incomplete)"
                )
                return None
            keys += [k for k in found if k not in keys]
            if not span.start[1] and not span.end[1]:
                whole += other.paragraphs(span)
        total = sum(self.task(other, leaf, out, seen) for leaf in keys)
        for opkey in whole:
            if opkey in other.children and opkey not in seen:
                total += self.added(other, opkey, out, seen | {opkey}, keys)
        return total

    def added(
        self, doc: _Doc, opkey: str, out: Resolved, seen: frozenset[str], listed: Sequence[str]
    ) -> int:
        """What a task list's lead-in adds to its ``listed`` tasks (``in addition to ...``)."""
        total = 0
        for p in added_pointers(doc.text.get(opkey, "")):
            other = self.doc(p, doc)
            if other is not doc:
                n = self.pointed(doc, opkey, p, out, seen)
                if n is None:
                    return 0
            else:
                n = 0
                for span in p.spans:
                    found = doc.span(span)
                    if found is None:
                        out.missing.append(f"{opkey} adds its tasks to {p.words}, and "
                                           f"{doc.symbol} has no {_named(span)}")  # fmt: skip
                        return 0
                    for leaf in found:
                        if leaf in listed or leaf in seen:
                            continue
                        if doc.is_paragraph(leaf) and not task_pointers(doc.text[leaf]):
                            out.missing.append(
                                f"{opkey} adds its tasks to {p.words}, which lists no tasks of "
                                "its own (no sub-paragraphs, no reference): the list is not the "
                                "mandate's whole"
                            )
                            return 0
                        n += self.task(doc, leaf, out, seen)
            total += n
            out.notes.append(f"{opkey}: its lead-in adds the tasks of {p.words} ({n})")
        return total


def _named(span: Span) -> str:
    def one(at: tuple[str, tuple[str, ...]]) -> str:
        return at[0] + "".join(f" ({s})" for s in at[1])

    first, last = one(span.start), one(span.end)
    return f"paragraph {first}" + (f" to {last}" if last != first else "")


def resolve_tasks(
    symbol: str,
    units: Iterable[Unit],
    mandate_keys: Sequence[str],
    task_keys: Sequence[str],
    lookup: Lookup | None = None,
    gives: Callable[[str], bool] | None = None,
) -> Resolved:
    """The task count of ``symbol``'s list (``task_keys``, the leaves of ``mandate_keys``),
    with every pointer counted as what it points at (module doc); ``own`` names the units of
    ``symbol`` itself its pointers counted.

    ``lookup`` finds a resolution the project holds by number (and year when the text gives
    one); without it, every pointer to another resolution is missing. ``gives`` says whether
    an operative paragraph's text gives the mission a task (a pointer to a resolution's own
    paragraphs counts those that do); without it, such a pointer is missing unless every unit
    it names is counted already."""
    doc = _Doc(symbol, units)
    resolver = _Resolver(lookup)
    resolver.gives = gives
    listed = list(dict.fromkeys(task_keys))
    resolver.counted[symbol] = set(listed)
    out = Resolved()
    for key in listed:
        out.tasks += resolver.task(doc, key, out, frozenset())
    for key in mandate_keys:
        out.tasks += resolver.added(doc, key, out, frozenset({key}), listed)
    out.missing = resolver.lacking() + out.missing
    out.own = [u.key for u in doc.rows if u.key in resolver.counted[symbol] - set(listed)]
    return out
