"""Vectorized post-processing of automaton hits for the matcher.

:class:`~normtrace.coding.dictionary.matcher.Matcher` calls these functions.

A corpus run with a large codebook produces hundreds of thousands of hits, and
per-hit Python work (building tuples, extending wildcards, mapping offsets,
sorting) used to cost more than the automaton scan itself. Here hits are handled
as parallel numpy arrays, for a whole batch of texts at once (joined into one
string, so the fixed cost of each numpy call is paid per batch, not per text);
only the rare hits that need real logic (proximity terms, exclusions, words
after a wildcard) are left to Python by the matcher.

Positions are offsets into the joined text ``t`` the automaton scanned, in
which every normalized text is preceded and followed by a space and texts are
separated by ``" \\n "`` (no key contains a line break, so no key matches across
two texts).

>>> t, bases, limits = join_padded(["neutralize armed groups", "force"])
>>> t
' neutralize armed groups \\n force '
>>> bases.tolist(), limits.tolist()
([1, 27], [24, 32])
>>> word_ends(t, np.array([8])).tolist()  # the wildcard key ' neutral' ends at index 7
[11]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_EMPTY: IntArray = np.zeros(0, dtype=np.int64)
SEPARATOR = " \n "


class SpanArrays(NamedTuple):
    """Spans as parallel arrays, sorted by unit, then as :meth:`Matcher.match` sorts spans.

    ``unit`` is the index of the text in the batch (0 for a single text);
    ``start`` and ``end`` are code-point offsets into that original text;
    ``code`` and ``label`` index :attr:`Matcher.codes` and :attr:`Matcher.labels`.
    """

    unit: IntArray
    start: IntArray
    end: IntArray
    code: IntArray
    label: IntArray

    @property
    def size(self) -> int:
        """The number of spans."""
        return int(self.start.size)


EMPTY_SPANS = SpanArrays(_EMPTY, _EMPTY, _EMPTY, _EMPTY, _EMPTY)


def join_padded(texts: Sequence[str]) -> tuple[str, IntArray, IntArray]:
    """One string to scan for a batch of normalized texts, with each text's bounds in it.

    Returns:
        ``(t, bases, limits)``: ``t[bases[i]:limits[i]] == texts[i]``.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    bases = np.empty(len(texts), dtype=np.int64)
    bases[0] = 1
    np.cumsum(lengths[:-1] + len(SEPARATOR), out=bases[1:])
    bases[1:] += 1
    return f" {SEPARATOR.join(texts)} ", bases, bases + lengths


def scan(automaton: Any, t: str) -> tuple[IntArray, IntArray]:
    """Every hit of ``automaton`` (integer values) on ``t`` as ``(ends, key ids)`` arrays.

    ``ends`` are the automaton's inclusive end positions. The hits are read in
    bulk (no Python statement per hit).
    """
    flat = np.fromiter(chain.from_iterable(automaton.iter(t)), dtype=np.int64)
    return flat[0::2], flat[1::2]


def word_ends(t: str, pos: IntArray) -> IntArray:
    """The end of the word continuing at each position of ``pos`` (the next space).

    Normalized text holds only letters, digits and spaces, and in ``t`` every
    text is followed by a space, so a word ends exactly where the next space is.
    """
    find = t.find
    return np.array([find(" ", p) for p in pos.tolist()], dtype=np.int64)


def order_by(columns: Sequence[tuple[IntArray, int]]) -> IntArray:
    """The stable order of rows by several non-negative integer columns, most significant first.

    Each column comes with an exclusive upper bound of its values. When the
    bounds' product fits in 63 bits the columns are packed into one integer key
    and sorted with one stable (timsort) ``argsort``, which is tens of times
    faster than ``np.lexsort`` on hits that arrive nearly sorted already.
    """
    capacity = 1
    for _, bound in columns:
        capacity *= max(bound, 1)
    if capacity >= 1 << 63:
        return np.lexsort([col for col, _ in reversed(columns)])
    key = np.zeros(columns[0][0].size, dtype=np.int64)
    for col, bound in columns:
        key *= max(bound, 1)
        key += col
    return np.argsort(key, kind="stable")


def drop_nested(
    code: IntArray, start: IntArray, end: IntArray, label: IntArray, nesting: BoolArray
) -> BoolArray:
    """Which spans to keep: not inside a longer (or equal) span of the same nesting code.

    Among identical spans of one code the one with the smallest label index is
    kept. ``nesting[c]`` says whether code ``c`` can nest at all (the others are
    always kept). Spans of different texts of a batch never overlap, so they
    never nest.
    """
    keep = np.ones(code.size, dtype=bool)
    idx = np.flatnonzero(nesting[code])
    if idx.size < 2:
        return keep
    c, s, e, lb = code[idx], start[idx], end[idx], label[idx]
    top, longest = int(e.max()) + 1, int((e - s).max()) + 1
    # by code, start, longest first, label
    columns = [
        (c, nesting.size),
        (s, top),
        (longest - 1 - (e - s), longest),
        (lb, int(lb.max()) + 1),
    ]
    order = order_by(columns)
    # code * top + end grows across codes, so a running maximum never leaks between codes
    key = c[order] * top + e[order]
    reach = np.maximum.accumulate(key)
    inside = np.zeros(order.size, dtype=bool)
    inside[1:] = key[1:] <= reach[:-1]
    keep[idx[order[inside]]] = False
    return keep


def shift_tables(
    segments: Sequence[tuple[tuple[int, int], ...]], bases: IntArray, limits: IntArray
) -> tuple[IntArray, IntArray]:
    """Offset tables for a batch: ``shifts[k]`` is original minus normalized offset.

    ``k = searchsorted(starts, pos, "right") - 1`` for a position ``pos`` of the
    joined text. Only texts whose normalization changed offsets contribute (their
    segments, then a zero shift after their end), so a batch of texts that kept
    their offsets costs nothing here.
    """
    which = [i for i, segs in enumerate(segments) if segs]
    if not which:
        return np.array([-1], dtype=np.int64), np.zeros(1, dtype=np.int64)
    if len(segments) == 1:  # one text (``Matcher.match``): no end marker, no merge
        table = np.array(segments[0], dtype=np.int64)
        starts = np.concatenate(([-1], table[:, 0] + bases[0]))
        return starts, np.concatenate(([0], table[:, 1] - table[:, 0]))
    counts = np.fromiter((len(segments[i]) for i in which), dtype=np.int64, count=len(which))
    pairs = chain.from_iterable(chain.from_iterable(segments[i] for i in which))
    flat = np.fromiter(pairs, dtype=np.int64, count=2 * int(counts.sum())).reshape(-1, 2)
    picked = np.array(which, dtype=np.int64)
    starts = np.concatenate(
        ([-1], np.repeat(bases[picked], counts) + flat[:, 0], limits[picked] + 1)
    )
    shifts = np.concatenate(([0], flat[:, 1] - flat[:, 0], np.zeros(len(which), dtype=np.int64)))
    # a text's segments all lie before its end marker, which lies before the next text
    order = np.argsort(starts, kind="stable")
    return starts[order], shifts[order]


def to_original(
    pos: IntArray, unit: IntArray, bases: IntArray, tables: tuple[IntArray, IntArray]
) -> IntArray:
    """Map positions of the joined text to original offsets in their own texts."""
    starts, shifts = tables
    local = pos - bases[unit]
    if starts.size == 1:
        return local
    return local + shifts[np.searchsorted(starts, pos, side="right") - 1]
