"""Cut a unit's text into segments so that codes and search hits can be highlighted.

Offsets are code points into the stored unit text (Python string indices), the
same offsets the browser computes with ``Array.from(text)``. Templates print
each segment through Jinja2's autoescaping; no markup is ever built from text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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


_TOKEN = re.compile(r'"([^"]+)"|(\S+)')


def query_terms(query: str) -> list[str]:
    """The terms of a search query: quoted phrases and words, ``*`` kept as a suffix.

    >>> query_terms('neutrali* "Intervention Brigade"')
    ['neutrali*', 'Intervention Brigade']
    """
    terms = []
    for phrase, word in _TOKEN.findall(query):
        term = (phrase or word).strip()
        if term and term not in ("AND", "OR", "NOT"):
            terms.append(term)
    return terms


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 query that matches all ``terms``, with user text always quoted.

    >>> fts_query(['neutrali*', 'Intervention Brigade'])
    '"neutrali"* "Intervention Brigade"'
    """
    parts = []
    for term in terms:
        prefix = term.endswith("*")
        body = term.rstrip("*").replace('"', '""')
        if body:
            parts.append(f'"{body}"' + ("*" if prefix else ""))
    return " ".join(parts)


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern finding any of ``terms`` in unit text."""
    alternatives = []
    for term in terms:
        words = [re.escape(w) for w in term.rstrip("*").split()]
        if not words:
            continue
        body = r"\W+".join(words)
        alternatives.append(r"\b" + body + (r"\w*" if term.endswith("*") else r"\b"))
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def hit_marks(text: str, pattern: re.Pattern[str] | None) -> list[Mark]:
    """Marks labelled ``hit`` over every match of ``pattern``."""
    if pattern is None:
        return []
    return [Mark(m.start(), m.end(), "hit") for m in pattern.finditer(text)]
