"""One compiled Aho-Corasick automaton for a whole codebook; one pass per text.

:func:`compile_codebook` turns every dictionary entry, proximity term and
exclusion of a codebook into literal keys of a single ``pyahocorasick``
automaton. :meth:`Matcher.match` normalizes a text once, runs the automaton over
it once, and then applies cheap post-filters on the hits: word boundaries,
wildcard extension to the end of the word, the words after a wildcard, proximity
pairs and exclusions (both on token positions). No regular expression is run per
pattern; the only regex is a single tokenization pass, made lazily when a hit
needs token positions.

A :class:`Matcher` pickles as its codebook and rebuilds its automaton on
unpickling, so it can be shipped to Dask workers.

>>> from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
>>> book = Codebook(name="demo", codes=(
...     Code(id="force", name="Offensive force",
...          entries=(Entry(pattern="neutrali* armed group(|s)"),
...                   Entry(near=("force", "offensive"), within=5)),
...          excludes=(Exclusion("self-defence", within=3),)),))
>>> m = compile_codebook(book)
>>> [(s.code, s.snippet) for s in m.match("To NEUTRALIZE armed groups by offensive use of force.")]
[('force', 'NEUTRALIZE armed groups'), ('force', 'offensive use of force')]
>>> m.match("no use of force, except in self-defence, is offensive")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NamedTuple

import ahocorasick

from normtrace.coding.codebook import Codebook
from normtrace.coding.patterns import compile_pattern
from normtrace.coding.textnorm import NormalizedText, normalize

ALGORITHM = "coding.aho_corasick.v1"

_ENTRY, _NEAR_A, _NEAR_B, _EXCLUDE = 0, 1, 2, 3
_TOKEN = re.compile(r"[^\W_]+")
_WORD_TAIL = re.compile(r"[^\W_]*")

# A probe: (kind, target index, open_end, rest words, label index)
Probe = tuple[int, int, bool, tuple[tuple[str, bool], ...], int]
# A raw hit on normalized text: (kind, target, start, end, label index)
Hit = tuple[int, int, int, int, int]
# An entry candidate on normalized text: (code index, start, end, label index)
Candidate = tuple[int, int, int, int]


class Span(NamedTuple):
    """A coded span: code-point offsets into the original text and its snippet.

    ``text[start:end] == snippet`` always holds for the text that was matched.
    (A named tuple rather than a dataclass: corpus runs create millions of them.)
    """

    start: int
    end: int
    code: str
    snippet: str
    entry: str


def word_distance(t: str, a: tuple[int, int], b: tuple[int, int], limit: int) -> int:
    """Words from span ``a`` to span ``b`` (adjacent words are 1 apart, overlapping 0).

    Counting stops past ``limit``, so a far-away pair costs no more than a near one.
    """
    if a[0] < b[1] and b[0] < a[1]:
        return 0
    x, y = (a, b) if a[0] < b[0] else (b, a)
    gap = 1
    for _ in _TOKEN.finditer(t, x[1], y[0]):
        gap += 1
        if gap > limit:
            break
    return gap


class Matcher:
    """The compiled form of a codebook; see the module docstring."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.algorithm = ALGORITHM
        self._codes = [c.id for c in codebook.codes]
        self._labels: list[str] = []
        self._nears: list[tuple[int, int, int]] = []  # (code index, within, label index)
        self._excludes: list[tuple[int, int]] = []  # (code index, within)
        keys: dict[str, list[Probe]] = {}
        for ci, code in enumerate(codebook.codes):
            for entry in code.entries:
                label = self._label(entry.label())
                if entry.near is None:
                    self._add(keys, entry.pattern or "", _ENTRY, ci, label)
                    continue
                self._nears.append((ci, entry.within, label))
                self._add(keys, entry.near[0], _NEAR_A, len(self._nears) - 1, label)
                self._add(keys, entry.near[1], _NEAR_B, len(self._nears) - 1, label)
            for exclusion in code.excludes:
                self._excludes.append((ci, exclusion.within))
                label = self._label(exclusion.pattern)
                self._add(keys, exclusion.pattern, _EXCLUDE, len(self._excludes) - 1, label)
        self.key_count = len(keys)
        self._nesting = _nesting_codes(keys) | {ci for ci, _, _ in self._nears}
        self._automaton = _build_automaton(keys)

    def __reduce__(self) -> tuple[Any, tuple[Codebook]]:
        return (compile_codebook, (self.codebook,))

    def _label(self, text: str) -> int:
        self._labels.append(text)
        return len(self._labels) - 1

    @staticmethod
    def _add(
        keys: dict[str, list[Probe]], pattern: str, kind: int, target: int, label: int
    ) -> None:
        for cp in compile_pattern(pattern):
            # spaces around a key make it match whole words only (normalized text has a
            # space wherever a word ends); a wildcard key is open on the right
            padded = f" {cp.key}" if cp.open_end else f" {cp.key} "
            probes = keys.setdefault(padded, [])
            if not any(p[:4] == (kind, target, cp.open_end, cp.rest) for p in probes):
                probes.append((kind, target, cp.open_end, cp.rest, label))

    def match(self, text: str) -> list[Span]:
        """All code spans in ``text``, sorted by position; offsets are original code points."""
        return [Span._make(row) for row in self.match_rows(text)]

    def match_rows(self, text: str) -> list[tuple[int, int, str, str, str]]:
        """:meth:`match` as plain ``(start, end, code, snippet, entry)`` tuples (faster)."""
        if self.key_count == 0 or not text:
            return []
        return self.match_normalized(normalize(text), text)

    def match_normalized(
        self, norm: NormalizedText, text: str
    ) -> list[tuple[int, int, str, str, str]]:
        """:meth:`match_rows` for a text already normalized (``norm = normalize(text)``)."""
        t = f" {norm.text} "  # offsets in t are normalized offsets + 1
        candidates, others = self._scan(t)
        if others:
            candidates = self._resolve(candidates, others, t)
        if self._nesting and candidates:
            candidates = _drop_nested(candidates, self._nesting)
        codes, labels = self._codes, self._labels
        if norm.segments:
            starts, shifts = norm.offset_tables()
            # t offsets are normalized + 1: s - 1 is the first code point, e - 2 the last
            rows = [
                (
                    (o_start := s - 1 + shifts[bisect_right(starts, s - 1) - 1]),
                    (o_end := e - 1 + shifts[bisect_right(starts, e - 2) - 1]),
                    codes[ci],
                    text[o_start:o_end],
                    labels[lb],
                )
                for ci, s, e, lb in candidates
            ]
        else:
            rows = [(s - 1, e - 1, codes[ci], text[s - 1 : e - 1], labels[lb])
                    for ci, s, e, lb in candidates]  # fmt: skip
        rows.sort()
        return rows

    def _scan(self, t: str) -> tuple[list[Candidate], list[Hit]]:
        """One automaton pass over space-padded normalized text ``t``.

        Keys carry their word boundaries (spaces), so a hit needs no boundary
        check: plain entries become candidates ``(code, start, end, label)`` at
        once; wildcards extend to the end of the word and check the words after
        them; proximity terms and exclusions are returned as the other hits
        ``(kind, target, start, end, label)``.
        """
        candidates: list[Candidate] = []
        others: list[Hit] = []
        add = candidates.append
        for end, (klen, open_end, ci, label, probes) in self._automaton.iter(t):
            start = end - klen + 2
            stop = _word_end(t, end + 1) if open_end else end
            if ci >= 0:  # the common case: one plain entry on this key
                add((ci, start, stop, label))
                continue
            for kind, target, _open, rest, probe_label in probes:
                last = _match_rest(t, stop, rest) if rest else stop
                if last < 0:
                    continue
                if kind == _ENTRY:
                    add((target, start, last, probe_label))
                else:
                    others.append((kind, target, start, last, probe_label))
        return candidates, others

    def _resolve(self, candidates: list[Candidate], others: list[Hit], t: str) -> list[Candidate]:
        """Pair proximity terms and drop excluded candidates."""
        if self._nears:
            candidates.extend(self._pair_nears(others, t))
        if self._excludes and candidates:
            candidates = self._drop_excluded(candidates, others, t)
        return candidates

    def _pair_nears(self, hits: list[Hit], t: str) -> list[tuple[int, int, int, int]]:
        sides: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for kind, target, s, e, _ in hits:
            if kind in (_NEAR_A, _NEAR_B):
                sides.setdefault((target, kind), []).append((s, e))
        out = []
        for ni, (ci, within, label) in enumerate(self._nears):
            for a in sides.get((ni, _NEAR_A), []):
                for b in sides.get((ni, _NEAR_B), []):
                    overlapping = a[0] < b[1] and b[0] < a[1]
                    if not overlapping and word_distance(t, a, b, within) <= within:
                        out.append((ci, min(a[0], b[0]), max(a[1], b[1]), label))
        return out

    def _drop_excluded(
        self,
        candidates: list[tuple[int, int, int, int]],
        hits: list[Hit],
        t: str,
    ) -> list[tuple[int, int, int, int]]:
        by_code: dict[int, list[tuple[int, int, int]]] = {}
        for kind, target, s, e, _ in hits:
            if kind == _EXCLUDE:
                ci, within = self._excludes[target]
                by_code.setdefault(ci, []).append((s, e, within))
        if not by_code:
            return candidates
        kept = []
        for cand in candidates:
            ci, s, e, _ = cand
            if not any(
                word_distance(t, (s, e), (xs, xe), within) <= within
                for xs, xe, within in by_code.get(ci, [])
            ):
                kept.append(cand)
        return kept


def compile_codebook(codebook: Codebook) -> Matcher:
    """Compile ``codebook`` into a :class:`Matcher` (one automaton for all entries).

    Example:
        >>> from normtrace.coding.codebook import Code, Codebook, Entry
        >>> book = Codebook(name="d", codes=(Code(id="ib", name="IB",
        ...     entries=(Entry(pattern="intervention brigade"),)),))
        >>> compile_codebook(book).match("the Intervention\\nBrigade")[0].snippet
        'Intervention\\nBrigade'
    """
    return Matcher(codebook)


def _build_automaton(keys: dict[str, list[Probe]]) -> Any:
    automaton = ahocorasick.Automaton()
    for key, probes in keys.items():
        kind, target, open_end, rest, label = probes[0]
        # a key with one plain entry carries it inline (code index >= 0): the fast path
        simple = len(probes) == 1 and kind == _ENTRY and not rest
        inline = (target, label) if simple else (-1, -1)
        automaton.add_word(key, (len(key), open_end, *inline, tuple(probes)))
    if keys:
        automaton.make_automaton()
    return automaton


def _nesting_codes(keys: dict[str, list[Probe]]) -> frozenset[int]:
    """Codes whose spans can nest or repeat (one entry's text inside another's, or proximity).

    Only these need the nested-span filter; for the rest it is skipped.
    """
    texts: dict[int, list[str]] = {}
    nesting: set[int] = set()
    for key, probes in keys.items():
        for kind, target, _open, rest, _label in probes:
            if kind != _ENTRY:
                continue
            texts.setdefault(target, []).append(" ".join([key.strip(), *(w for w, _ in rest)]))
    for code, items in texts.items():
        if len(items) != len(set(items)) or any(a != b and a in b for a in items for b in items):
            nesting.add(code)
    return frozenset(nesting)


def _word_end(t: str, pos: int) -> int:
    """The end of the word continuing at ``pos`` (``pos`` itself if none does)."""
    m = _WORD_TAIL.match(t, pos)
    return m.end() if m else pos


def _match_rest(t: str, pos: int, rest: tuple[tuple[str, bool], ...]) -> int:
    """Check the words after a wildcard, one token search each, starting at ``pos``."""
    for word, is_prefix in rest:
        m = _TOKEN.search(t, pos)
        if m is None:
            return -1
        token = m.group()
        if not (token.startswith(word) if is_prefix else token == word):
            return -1
        pos = m.end()
    return pos


def _drop_nested(candidates: list[Candidate], nesting: frozenset[int]) -> list[Candidate]:
    """Drop spans inside a longer (or equal) span of the same code, for codes that can nest."""
    kept = [c for c in candidates if c[0] not in nesting]
    # sort by code, start, longest first (a negated end keeps the sort key-free and fast)
    order = sorted([(ci, s, -e, lb) for ci, s, e, lb in candidates if ci in nesting])
    last_code, reach = -1, -1
    for ci, s, neg_end, lb in order:
        if ci != last_code:
            last_code, reach = ci, -1
        elif -neg_end <= reach:
            continue
        kept.append((ci, s, -neg_end, lb))
        reach = max(reach, -neg_end)
    return kept
