"""One compiled Aho-Corasick automaton for a whole codebook; one pass per text.

:func:`compile_codebook` turns every dictionary entry, proximity term and
exclusion of a codebook into literal keys of a single ``pyahocorasick``
automaton. :meth:`Matcher.match` normalizes a text once, runs the automaton over
it once, and then applies post-filters on the hits: wildcard extension to the
end of the word, the words after a wildcard, proximity pairs and exclusions
(both on token positions), nested spans of one code. No regular expression is
run per pattern.

Keys carry their word boundaries (spaces around them, on normalized text where
every non-word character is a space), so a hit needs no boundary check. The
automaton stores a small integer per key; hits are read in bulk into numpy
arrays (:mod:`normtrace.coding.dictionary.emit`), and only hits of keys that need
real logic (proximity terms, exclusions, words after a wildcard, keys shared by
several entries) go through Python one by one. :meth:`Matcher.match_reference`
keeps the straightforward per-hit implementation as a test oracle.

Batches (:meth:`Matcher.match_many`) of a large codebook are scanned instead by
:class:`~normtrace.coding.dictionary.wordhash.WordHashFinder`, which finds exactly the
automaton's hits by hashing words (the automaton walks a large trie one node per
character); :func:`~normtrace.coding.dictionary.wordhash.choose_scanner` decides, and
``compile_codebook(book, scanner)`` can force either. Everything after the scan is
shared.

A :class:`Matcher` pickles as its codebook and scanner and rebuilds itself on
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

from collections.abc import Iterable, Sequence
from itertools import product
from typing import Any, NamedTuple

import ahocorasick
import numpy as np

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary import emit as ha
from normtrace.coding.dictionary.emit import EMPTY_SPANS, BoolArray, IntArray, SpanArrays
from normtrace.coding.dictionary.filters import (
    Candidate,
    Row,
    drop_nested,
    match_rest,
    near_any,
    python_rows,
    word_distance,
    word_end,
)
from normtrace.coding.dictionary.patterns import compile_pattern
from normtrace.coding.dictionary.textnorm import NormalizedText, normalize
from normtrace.coding.dictionary.wordhash import WordHashFinder, choose_scanner

ALGORITHM = "coding.aho_corasick.v1"
#: up to this many automaton hits in one text, :meth:`Matcher.match` stays in plain Python
SMALL = 128

_ENTRY, _NEAR_A, _NEAR_B, _EXCLUDE = 0, 1, 2, 3

# A probe: (kind, target index, open_end, rest words, label index)
Probe = tuple[int, int, bool, tuple[tuple[str, bool], ...], int]
# A proximity or exclusion hit: (kind, target, start, end, label index, unit)
Hit = tuple[int, int, int, int, int, int]
# Candidates as arrays: (code index, start, end, label index) on normalized text
Arrays = tuple[IntArray, IntArray, IntArray, IntArray]
# Hits of a batch scan: (inclusive ends, key ids, word ends or None if not known)
Hits = tuple[IntArray, IntArray, IntArray | None]


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


class Matcher:
    """The compiled form of a codebook; see the module docstring."""

    def __init__(self, codebook: Codebook, scanner: str = "auto") -> None:
        self.codebook = codebook
        self.requested_scanner = scanner
        self.algorithm = ALGORITHM
        self.codes = [c.id for c in codebook.codes]
        self.labels: list[str] = []
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
        self.scanner = choose_scanner(list(keys), scanner)
        self._finder = WordHashFinder(list(keys)) if self.scanner == "wordhash" else None
        self._tables(keys)

    def __reduce__(self) -> tuple[Any, tuple[Codebook, str]]:
        return (compile_codebook, (self.codebook, self.requested_scanner))

    def _label(self, text: str) -> int:
        self.labels.append(text)
        return len(self.labels) - 1

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

    def _tables(self, keys: dict[str, list[Probe]]) -> None:
        """Per-key arrays (indexed by the automaton's key id) for the vectorized path."""
        self._probes = [tuple(p) for p in keys.values()]
        rows = [_key_row(key, probes) for key, probes in keys.items()]
        table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        self._klen, self._kcode, self._klabel = table[:, 0], table[:, 2], table[:, 3]
        self._kopen = table[:, 1].astype(bool)
        # the same as lists, for the hit-by-hit path (numpy scalars are slow one by one)
        self._key_lists = (table[:, 0].tolist(), table[:, 1].tolist(), table[:, 2].tolist(),
                           table[:, 3].tolist())  # fmt: skip
        self._special = bool((self._kcode < 0).any())
        # per key: its exclusion's index if the key is nothing but one exclusion, else -1
        self._kexclude = np.array([_lone_exclusion(p) for p in keys.values()], dtype=np.int64)
        self._exclude_code = np.array([ci for ci, _ in self._excludes] or [0], dtype=np.int64)
        self._code_nests = np.zeros(len(self.codes), dtype=bool)
        self._code_nests[list(self._nesting)] = True
        self._code_obj = np.array(self.codes, dtype=object)
        self._label_obj = np.array(self.labels, dtype=object)
        self._code_rank = _ranks(self.codes)
        self._label_rank = _ranks(self.labels)

    def match(self, text: str) -> list[Span]:
        """All code spans in ``text``, sorted by position; offsets are original code points."""
        return [Span._make(row) for row in self.match_rows(text)]

    def match_rows(self, text: str) -> list[Row]:
        """:meth:`match` as plain ``(start, end, code, snippet, entry)`` tuples (faster)."""
        if self.key_count == 0 or not text:
            return []
        return self.match_normalized(normalize(text), text)

    def match_normalized(self, norm: NormalizedText, text: str) -> list[Row]:
        """:meth:`match_rows` for a text already normalized (``norm = normalize(text)``)."""
        if self.key_count == 0 or not norm.text:
            return []
        t = f" {norm.text} "
        ends, kids = ha.scan(self._automaton, t)
        if ends.size <= SMALL:
            # a few hits: plain Python beats the fixed cost of a dozen numpy calls
            return self._python_rows(norm, text, t, zip(ends.tolist(), kids.tolist(), strict=True))
        spans = self._spans([norm], t, *_single_bounds(norm), (ends, kids, None))
        return self.rows(spans, text)

    def match_many(self, texts: Sequence[NormalizedText | str]) -> SpanArrays:
        """The spans of a batch of texts as parallel arrays, in one automaton pass.

        The fast path for corpus runs: no Python object per span, and the fixed
        cost of each numpy step is paid once per batch.

        Args:
            texts: the texts, or their normalizations (``normalize(text)``) if already made.

        Returns:
            Per span its text's index in ``texts``, original offsets and code and
            label indices (into :attr:`codes` and :attr:`labels`); sorted by text,
            then in the order of :meth:`match`.
        """
        norms = [n if isinstance(n, NormalizedText) else normalize(n) for n in texts]
        if self.key_count == 0 or not norms:
            return EMPTY_SPANS
        t, bases, limits = ha.join_padded([n.text for n in norms])
        return self._spans(norms, t, bases, limits, self._scan(t))

    def _scan(self, t: str) -> Hits:
        """Every key hit in ``t``, by the chosen scanner (both find the same hits)."""
        if self._finder is not None:
            return self._finder.scan(t)
        ends, kids = ha.scan(self._automaton, t)
        return ends, kids, None

    def rows(self, spans: SpanArrays, text: str) -> list[Row]:
        """``(start, end, code, snippet, entry)`` rows of the ``spans`` of one ``text``."""
        starts, ends = spans.start.tolist(), spans.end.tolist()
        snippets = [text[s:e] for s, e in zip(starts, ends, strict=True)]
        codes, entries = self.names(spans)
        return list(zip(starts, ends, codes, snippets, entries, strict=True))

    def names(self, spans: SpanArrays) -> tuple[list[str], list[str]]:
        """The code ids and entry labels of ``spans``, one per span."""
        return self._code_obj[spans.code].tolist(), self._label_obj[spans.label].tolist()

    def _spans(
        self,
        norms: Sequence[NormalizedText],
        t: str,
        bases: IntArray,
        limits: IntArray,
        hits: Hits,
    ) -> SpanArrays:
        """Candidates of a scanned batch, filtered, mapped to original offsets, sorted."""
        code, start, end, label = self._candidates(t, bases, limits, *hits)
        if not code.size:
            return EMPTY_SPANS
        # sorting on the scanned text sorts on the original: offsets map monotonically
        order = ha.order_by(
            [
                (start, len(t)),
                (end - start, int((end - start).max()) + 1),
                (self._code_rank[code], len(self.codes)),
                (self._label_rank[label], len(self.labels)),
            ]
        )
        code, start, end, label = code[order], start[order], end[order], label[order]
        unit = np.searchsorted(bases, start, side="right") - 1
        tables = ha.shift_tables([n.segments for n in norms], bases, limits)
        o_start = ha.to_original(start, unit, bases, tables)
        o_end = ha.to_original(end - 1, unit, bases, tables) + 1
        return SpanArrays(unit, o_start, o_end, code, label)

    def _candidates(
        self, t: str, bases: IntArray, limits: IntArray, ends: IntArray, kids: IntArray,
        word_ends: IntArray | None,
    ) -> Arrays:  # fmt: skip
        """Entry candidates ``(code, start, end, label)`` on the scanned text ``t``."""
        code, label = self._kcode[kids], self._klabel[kids]
        start, stop = ends - self._klen[kids] + 2, ends
        opened = self._kopen[kids]
        if opened.any():
            if word_ends is not None:  # the scan knows where each hit's word ends
                stop = np.where(opened, word_ends, ends)
            else:
                stop = ends.copy()
                stop[opened] = ha.word_ends(t, ends[opened] + 1)
        cands: Arrays = (code, start, stop, label)
        if self._special:
            special = code < 0
            if special.any():
                cands = self._special_hits(t, bases, limits, cands, special, kids)
        if self._nesting and cands[0].size:
            keep = ha.drop_nested(*cands, self._code_nests)
            cands = (cands[0][keep], cands[1][keep], cands[2][keep], cands[3][keep])
        return cands

    def _special_hits(
        self, t: str, bases: IntArray, limits: IntArray, cands: Arrays, special: BoolArray,
        kids: IntArray,
    ) -> Arrays:  # fmt: skip
        """Resolve the hits of keys that need Python (proximity, exclusions, rest words).

        Hits of a key that is only an exclusion are sifted first, in bulk: one
        matters only in a text holding a candidate of the code it excludes.
        """
        lone = special & (self._kexclude[kids] >= 0)
        special = special & ~lone
        starts = cands[1][special]
        units = np.searchsorted(bases, starts, side="right") - 1
        extra, others = self._probe_hits(
            t,
            zip(starts.tolist(), cands[2][special].tolist(), kids[special].tolist(),
                units.tolist(), limits[units].tolist(), strict=True),
        )  # fmt: skip
        if others and self._nears:
            extra.extend(self._pair_nears(others, t))
        block = np.array(extra, dtype=np.int64).reshape(-1, 4).T
        plain = ~(special | lone)
        merged = tuple(np.concatenate((c[plain], b)) for c, b in zip(cands, block, strict=True))
        code, start, stop, label = merged
        if lone.any() and code.size:
            others += self._lone_exclusions(bases, code, start, cands, lone, kids)
        if others and self._excludes and code.size:
            keep = self._not_excluded(code, start, stop, bases, others, t)
            if keep is not None:
                return (code[keep], start[keep], stop[keep], label[keep])
        return (code, start, stop, label)

    def _lone_exclusions(
        self, bases: IntArray, code: IntArray, start: IntArray, hits: Arrays, lone: BoolArray,
        kids: IntArray,
    ) -> list[Hit]:  # fmt: skip
        """The exclusion-only hits in texts that hold a candidate of the code they exclude."""
        target, x_start, x_end = self._kexclude[kids[lone]], hits[1][lone], hits[2][lone]
        unit = np.searchsorted(bases, x_start, side="right") - 1
        held = np.searchsorted(bases, start, side="right") - 1
        width = len(self.codes)
        near = np.isin(unit * width + self._exclude_code[target], held * width + code)
        rows = zip(target[near].tolist(), x_start[near].tolist(), x_end[near].tolist(),
                   unit[near].tolist(), strict=True)  # fmt: skip
        return [(_EXCLUDE, x, s, e, -1, u) for x, s, e, u in rows]

    def _probe_hits(
        self, t: str, hits: Iterable[tuple[int, int, int, int, int]]
    ) -> tuple[list[Candidate], list[Hit]]:
        """Check each probe of ``(start, stop, key, unit, limit)`` hits; sort them into kinds.

        ``limit`` is the end of the hit's text in ``t``: the words after a wildcard
        must lie inside it.
        """
        candidates: list[Candidate] = []
        others: list[Hit] = []
        for start, stop, kid, unit, limit in hits:
            for kind, target, _open, rest, probe_label in self._probes[kid]:
                last = match_rest(t, stop, rest, limit) if rest else stop
                if last < 0:
                    continue
                if kind == _ENTRY:
                    candidates.append((target, start, last, probe_label))
                else:
                    others.append((kind, target, start, last, probe_label, unit))
        return candidates, others

    def _not_excluded(
        self,
        code: IntArray,
        start: IntArray,
        stop: IntArray,
        bases: IntArray,
        others: list[Hit],
        t: str,
    ) -> BoolArray | None:
        """Boolean keep-mask over candidates (``None``: no exclusion hit at all)."""
        by_code = self._exclusion_hits(others)
        if not by_code:
            return None
        keep = np.ones(code.size, dtype=bool)
        idx = np.flatnonzero(np.isin(code, [ci for _, ci in by_code]))
        units = np.searchsorted(bases, start[idx], side="right") - 1
        for i, unit in zip(idx.tolist(), units.tolist(), strict=True):
            near = by_code.get((unit, int(code[i])), [])
            keep[i] = not near_any(t, (int(start[i]), int(stop[i])), near)
        return keep

    def _exclusion_hits(self, hits: list[Hit]) -> dict[tuple[int, int], list[tuple[int, int, int]]]:
        """Exclusion hits by the (unit, code) they cancel: ``(start, end, within)``."""
        by_code: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for kind, target, s, e, _, unit in hits:
            if kind == _EXCLUDE:
                ci, within = self._excludes[target]
                by_code.setdefault((unit, ci), []).append((s, e, within))
        return by_code

    def _pair_nears(self, hits: list[Hit], t: str) -> list[Candidate]:
        """Candidates of proximity entries: both terms in one text, within the window."""
        sides: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = {}
        for kind, target, s, e, _, unit in hits:
            if kind in (_NEAR_A, _NEAR_B):
                sides.setdefault((target, kind), {}).setdefault(unit, []).append((s, e))
        out = []
        for ni, (ci, within, label) in enumerate(self._nears):
            b_side = sides.get((ni, _NEAR_B), {})
            for unit, a_spans in sides.get((ni, _NEAR_A), {}).items():
                for a, b in product(a_spans, b_side.get(unit, [])):
                    overlapping = a[0] < b[1] and b[0] < a[1]
                    if not overlapping and word_distance(t, a, b, within) <= within:
                        out.append((ci, min(a[0], b[0]), max(a[1], b[1]), label))
        return out

    def match_reference(self, text: str) -> list[Span]:
        """:meth:`match` computed hit by hit in plain Python (slow; the oracle for tests)."""
        if self.key_count == 0 or not text:
            return []
        norm = normalize(text)
        t = f" {norm.text} "
        return [Span._make(r) for r in self._python_rows(norm, text, t, self._automaton.iter(t))]

    def _python_rows(
        self, norm: NormalizedText, text: str, t: str, hits: Iterable[tuple[int, int]]
    ) -> list[Row]:
        """Span rows of one text from its automaton ``(end, key id)`` hits, hit by hit."""
        klen, kopen, kcode, klabel = self._key_lists
        candidates: list[Candidate] = []
        special = []
        for end, kid in hits:
            stop = word_end(t, end + 1) if kopen[kid] else end
            if kcode[kid] >= 0:  # the common case: one plain entry on this key
                candidates.append((kcode[kid], end - klen[kid] + 2, stop, klabel[kid]))
            else:
                special.append((end - klen[kid] + 2, stop, kid, 0, len(t) - 1))
        if special:
            found, others = self._probe_hits(t, special)
            candidates += found
            if self._nears:
                candidates += self._pair_nears(others, t)
            if by_code := self._exclusion_hits(others):
                candidates = [
                    c for c in candidates
                    if not near_any(t, (c[1], c[2]), by_code.get((0, c[0]), []))
                ]  # fmt: skip
        if self._nesting:
            candidates = drop_nested(candidates, self._nesting)
        return sorted(python_rows(self.codes, self.labels, norm, text, candidates))


def compile_codebook(codebook: Codebook, scanner: str = "auto") -> Matcher:
    """Compile ``codebook`` into a :class:`Matcher` (one automaton for all entries).

    ``scanner`` chooses how :meth:`Matcher.match_many` finds key hits in a batch:
    ``automaton`` (``pyahocorasick``), ``wordhash``
    (:class:`~normtrace.coding.dictionary.wordhash.WordHashFinder`) or ``auto``
    (:func:`choose_scanner`). The spans are the same whichever runs.

    Example:
        >>> from normtrace.coding.codebook import Code, Codebook, Entry
        >>> book = Codebook(name="d", codes=(Code(id="ib", name="IB",
        ...     entries=(Entry(pattern="intervention brigade"),)),))
        >>> compile_codebook(book).match("the Intervention\\nBrigade")[0].snippet
        'Intervention\\nBrigade'
    """
    return Matcher(codebook, scanner)


def _single_bounds(norm: NormalizedText) -> tuple[IntArray, IntArray]:
    """``(bases, limits)`` of one text scanned as ``" " + norm.text + " "``."""
    return np.array([1], dtype=np.int64), np.array([1 + len(norm.text)], dtype=np.int64)


def _key_row(key: str, probes: list[Probe]) -> tuple[int, bool, int, int]:
    """(length, open end, code, label) of a key; code -1 marks a key Python must handle."""
    kind, target, open_end, rest, label = probes[0]
    # a key with one plain entry is handled in bulk: the fast path
    simple = len(probes) == 1 and kind == _ENTRY and not rest
    return len(key), open_end, target if simple else -1, label if simple else -1


def _lone_exclusion(probes: list[Probe]) -> int:
    """The exclusion index of a key that is one exclusion and nothing else (else -1)."""
    if len(probes) == 1 and probes[0][0] == _EXCLUDE and not probes[0][3]:
        return probes[0][1]
    return -1


def _ranks(names: list[str]) -> IntArray:
    """Each name's rank in sorted order (equal names share a rank)."""
    return np.unique(np.array(names, dtype=object), return_inverse=True)[1].astype(np.int64)


def _build_automaton(keys: dict[str, list[Probe]]) -> Any:
    # values are the key ids: small ints, returned by the automaton without allocation
    automaton = ahocorasick.Automaton()
    for kid, key in enumerate(keys):
        automaton.add_word(key, kid)
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
