"""Cut a unit's text into segments so that codes and search hits can be highlighted.

Offsets are code points into the stored unit text (Python string indices), the
same offsets the browser computes with ``Array.from(text)``. Templates print
each segment through Jinja2's autoescaping; no markup is ever built from text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch: ``[start, end)`` with a label (code name or ``hit``)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same set of marks."""

    start: int
    text: str
    labels: tuple[str, ...]


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Split ``text`` at every mark boundary.

    >>> [(s.text, s.labels) for s in segments("abcdef", [Mark(1, 3, "x"), Mark(2, 5, "y")])]
    [('a', ()), ('b', ('x',)), ('c', ('x', 'y')), ('de', ('y',)), ('f', ())]
    """
    clean = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in clean), *(m.end for m in clean)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        labels = tuple(sorted({m.label for m in clean if m.start <= a and b <= m.end}))
        out.append(Segment(a, text[a:b], labels))
    return out
