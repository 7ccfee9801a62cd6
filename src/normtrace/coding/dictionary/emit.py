"""Stage 4 of 4, emit: candidates become spans of the original texts, sorted, as arrays.

A candidate's offsets are positions in the scanned text ``t`` (normalized texts
joined, see :mod:`~normtrace.coding.dictionary.scan`). :func:`span_arrays`
sorts the candidates (by position, then shorter first, then code and entry
label), finds each one's text, and maps its offsets back to code points of the
original text through the normalization's segments
(:class:`~normtrace.coding.dictionary.textnorm.NormalizedText`); the result is
parallel arrays, no Python object per span. :func:`rows` and :func:`names` turn
them into tuples and names where a caller wants them; :func:`rows_one_by_one` does
the same for the candidates of :func:`~normtrace.coding.dictionary.filters.candidates_one_by_one`.

The stages: :mod:`~normtrace.coding.dictionary.compile` →
:mod:`~normtrace.coding.dictionary.scan` → :mod:`~normtrace.coding.dictionary.filters`
→ **emit** (here).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

from normtrace.coding.dictionary.compile import IntArray, Tables
from normtrace.coding.dictionary.filters import Candidate, Candidates, order_by
from normtrace.coding.dictionary.scan import Scanned
from normtrace.coding.dictionary.textnorm import NormalizedText

_EMPTY: IntArray = np.zeros(0, dtype=np.int64)

# A span row: (start, end, code, snippet, entry label)
Row = tuple[int, int, str, str, str]


class SpanArrays(NamedTuple):
    """Spans as parallel arrays, sorted by unit, then as :meth:`Matcher.match` sorts spans.

    ``unit`` is the index of the text in the batch (0 for a single text);
    ``start`` and ``end`` are code-point offsets into that original text;
    ``code`` and ``label`` index :attr:`Tables.codes` and :attr:`Tables.labels`.
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


def span_arrays(tables: Tables, scanned: Scanned, cands: Candidates) -> SpanArrays:
    """The candidates of a scanned batch sorted, each with its text and original offsets."""
    code, start, end, label = cands
    if not code.size:
        return EMPTY_SPANS
    # sorting on the scanned text sorts on the original: offsets map monotonically
    order = order_by(
        [
            (start, len(scanned.t)),
            (end - start, int((end - start).max()) + 1),
            (tables.code_rank[code], len(tables.codes)),
            (tables.label_rank[label], len(tables.labels)),
        ]
    )
    code, start, end, label = code[order], start[order], end[order], label[order]
    bases = scanned.bases
    unit = np.searchsorted(bases, start, side="right") - 1
    offsets = shift_tables([n.segments for n in scanned.norms], bases, scanned.limits)
    o_start = to_original(start, unit, bases, offsets)
    o_end = to_original(end - 1, unit, bases, offsets) + 1
    return SpanArrays(unit, o_start, o_end, code, label)


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


def names(tables: Tables, spans: SpanArrays) -> tuple[list[str], list[str]]:
    """The code ids and entry labels of ``spans``, one per span."""
    return tables.code_obj[spans.code].tolist(), tables.label_obj[spans.label].tolist()


def rows(tables: Tables, spans: SpanArrays, text: str) -> list[Row]:
    """``(start, end, code, snippet, entry)`` rows of the ``spans`` of one ``text``."""
    starts, ends = spans.start.tolist(), spans.end.tolist()
    snippets = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    codes, entries = names(tables, spans)
    return list(zip(starts, ends, codes, snippets, entries, strict=True))


def rows_one_by_one(
    tables: Tables, norm: NormalizedText, text: str, cands: list[Candidate]
) -> list[Row]:
    """Sorted rows of ``text`` from candidates on ``" " + norm.text + " "`` (as :func:`rows`)."""
    codes, labels = tables.codes, tables.labels
    if not norm.segments:
        # t offsets are normalized + 1
        return sorted(
            (s - 1, e - 1, codes[ci], text[s - 1 : e - 1], labels[lb]) for ci, s, e, lb in cands
        )
    starts, shifts = norm.offset_tables()
    out = []
    for ci, s, e, lb in cands:
        # s - 1 is the first normalized code point, e - 2 the last
        o_start = s - 1 + shifts[bisect_right(starts, s - 1) - 1]
        o_end = e - 1 + shifts[bisect_right(starts, e - 2) - 1]
        out.append((o_start, o_end, codes[ci], text[o_start:o_end], labels[lb]))
    return sorted(out)
