"""Stage 3 of 4, filter: key hits become entry candidates, and the rules drop what they must.

In the order :func:`candidates` applies them, on the scanned text ``t`` of
:mod:`~normtrace.coding.dictionary.scan`:

1. **word boundaries**: a hit runs from its key's first word to its last; a
   wildcard key's hit is extended to the end of its word (keys already start
   and end on word boundaries, see :mod:`~normtrace.coding.dictionary.compile`);
2. **hits that need a look** (keys whose code is ``-1``): the words after a
   wildcard (``neutrali* armed group*``), **proximity** (both terms of a
   ``near`` entry within ``within`` words, not overlapping, and in one sentence:
   :class:`Sentences`) and **exclusions**
   (a candidate of the excluded code within ``within`` words of the exclusion,
   and on the exclusion's ``side`` of it, is dropped; hits of a key that is
   nothing but an exclusion are first sifted in bulk: one matters only in a
   text holding a candidate of its code);
3. **nesting**: a span inside a longer (or equal) span of the same code is
   dropped, for the codes whose entries can nest at all.

Hits of simple keys are handled as numpy arrays for a whole batch; the rest
one by one in Python. :func:`candidates_one_by_one` applies the same rules hit by
hit to one text: faster for a text with few hits, and the tests' reference.

The stages: :mod:`~normtrace.coding.dictionary.compile` →
:mod:`~normtrace.coding.dictionary.scan` → **filter** (here) →
:mod:`~normtrace.coding.dictionary.emit`.

>>> word_distance(" a b c d ", (1, 2), (7, 8), 5)
3
>>> match_rest(" neutralize armed groups ", 11, (("armed", False), ("group", True)), 24)
24
>>> word_ends(" neutralize armed groups ", np.array([8])).tolist()  # after key ' neutral'
[11]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import product

import numpy as np

from normtrace.coding.dictionary.compile import (
    ENTRY,
    EXCLUDE,
    NEAR_A,
    NEAR_B,
    BoolArray,
    IntArray,
    Tables,
)
from normtrace.coding.dictionary.scan import Scanned
from normtrace.coding.dictionary.textnorm import NormalizedText
from normtrace.errors import CodingError
from normtrace.parse.sentences import sentence_starts

_TOKEN = re.compile(r"[^\W_]+")
_WORD_TAIL = re.compile(r"[^\W_]*")

# An entry candidate on the scanned text: (code index, start, end, label index)
Candidate = tuple[int, int, int, int]
# Candidates as arrays: (code index, start, end, label index)
Candidates = tuple[IntArray, IntArray, IntArray, IntArray]
# A proximity or exclusion hit: (kind, target, start, end, label index, unit)
Hit = tuple[int, int, int, int, int, int]
# An exclusion hit by the candidates it may cancel: (start, end, within, side)
Near = tuple[int, int, int, int]


def candidates(tables: Tables, scanned: Scanned) -> Candidates:
    """The entry candidates of a scanned batch after every rule, as arrays on ``scanned.t``."""
    t, kids, ends = scanned.t, scanned.kids, scanned.ends
    # 1. word boundaries
    code, label = tables.kcode[kids], tables.klabel[kids]
    start, stop = ends - tables.klen[kids] + 2, ends
    opened = tables.kopen[kids]
    if opened.any():
        if scanned.word_ends is not None:  # the scan knows where each hit's word ends
            stop = np.where(opened, scanned.word_ends, ends)
        else:
            stop = ends.copy()
            stop[opened] = word_ends(t, ends[opened] + 1)
    cands: Candidates = (code, start, stop, label)
    # 2. rest words, proximity, exclusions
    if tables.special:
        special = code < 0
        if special.any():
            cands = _special_hits(tables, scanned, cands, special)
    # 3. nesting
    if tables.nesting and cands[0].size:
        keep = drop_nested(*cands, tables.code_nests)
        cands = (cands[0][keep], cands[1][keep], cands[2][keep], cands[3][keep])
    return cands


def _special_hits(
    tables: Tables, scanned: Scanned, cands: Candidates, special: BoolArray
) -> Candidates:
    """Resolve the hits of keys that need Python (proximity, exclusions, rest words)."""
    t, bases, limits, kids = scanned.t, scanned.bases, scanned.limits, scanned.kids
    lone = special & (tables.kexclude[kids] >= 0)
    special = special & ~lone
    starts = cands[1][special]
    units = np.searchsorted(bases, starts, side="right") - 1
    extra, others = _probe_hits(
        tables,
        t,
        zip(starts.tolist(), cands[2][special].tolist(), kids[special].tolist(),
            units.tolist(), limits[units].tolist(), strict=True),
    )  # fmt: skip
    if others and tables.nears:
        extra.extend(_pair_nears(tables, others, t, Sentences(scanned.norms, bases.tolist())))
    block = np.array(extra, dtype=np.int64).reshape(-1, 4).T
    plain = ~(special | lone)
    merged = tuple(np.concatenate((c[plain], b)) for c, b in zip(cands, block, strict=True))
    code, start, stop, label = merged
    if lone.any() and code.size:
        others += _lone_exclusions(tables, bases, code, start, cands, lone, kids)
    if others and tables.excludes and code.size:
        keep = _not_excluded(tables, code, start, stop, bases, others, t)
        if keep is not None:
            return (code[keep], start[keep], stop[keep], label[keep])
    return (code, start, stop, label)


def _lone_exclusions(
    tables: Tables, bases: IntArray, code: IntArray, start: IntArray, hits: Candidates,
    lone: BoolArray, kids: IntArray,
) -> list[Hit]:  # fmt: skip
    """The exclusion-only hits in texts that hold a candidate of the code they exclude."""
    target, x_start, x_end = tables.kexclude[kids[lone]], hits[1][lone], hits[2][lone]
    unit = np.searchsorted(bases, x_start, side="right") - 1
    held = np.searchsorted(bases, start, side="right") - 1
    width = len(tables.codes)
    near = np.isin(unit * width + tables.exclude_code[target], held * width + code)
    rows = zip(target[near].tolist(), x_start[near].tolist(), x_end[near].tolist(),
               unit[near].tolist(), strict=True)  # fmt: skip
    return [(EXCLUDE, x, s, e, -1, u) for x, s, e, u in rows]


def _probe_hits(
    tables: Tables, t: str, hits: Iterable[tuple[int, int, int, int, int]]
) -> tuple[list[Candidate], list[Hit]]:
    """Check each probe of ``(start, stop, key, unit, limit)`` hits; sort them into kinds.

    ``limit`` is the end of the hit's text in ``t``: the words after a wildcard
    must lie inside it.
    """
    found: list[Candidate] = []
    others: list[Hit] = []
    for start, stop, kid, unit, limit in hits:
        for kind, target, _open, rest, probe_label in tables.probes[kid]:
            last = match_rest(t, stop, rest, limit) if rest else stop
            if last < 0:
                continue
            if kind == ENTRY:
                found.append((target, start, last, probe_label))
            else:
                others.append((kind, target, start, last, probe_label, unit))
    return found, others


def _not_excluded(
    tables: Tables, code: IntArray, start: IntArray, stop: IntArray, bases: IntArray,
    others: list[Hit], t: str,
) -> BoolArray | None:  # fmt: skip
    """Boolean keep-mask over candidates (``None``: no exclusion hit at all)."""
    by_code = _exclusion_hits(tables, others)
    if not by_code:
        return None
    keep = np.ones(code.size, dtype=bool)
    idx = np.flatnonzero(np.isin(code, [ci for _, ci in by_code]))
    units = np.searchsorted(bases, start[idx], side="right") - 1
    for i, unit in zip(idx.tolist(), units.tolist(), strict=True):
        near = by_code.get((unit, int(code[i])), [])
        keep[i] = not near_any(t, (int(start[i]), int(stop[i])), near)
    return keep


def _exclusion_hits(tables: Tables, hits: list[Hit]) -> dict[tuple[int, int], list[Near]]:
    """Exclusion hits by the (unit, code) they cancel: ``(start, end, within, side)``."""
    by_code: dict[tuple[int, int], list[Near]] = {}
    for kind, target, s, e, _, unit in hits:
        if kind == EXCLUDE:
            ci, within, side = tables.excludes[target]
            by_code.setdefault((unit, ci), []).append((s, e, within, side))
    return by_code


def _pair_nears(tables: Tables, hits: list[Hit], t: str, sentences: Sentences) -> list[Candidate]:
    """Candidates of proximity entries: both terms in one sentence of one text, within the
    window."""
    sides: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = {}
    for kind, target, s, e, _, unit in hits:
        if kind in (NEAR_A, NEAR_B):
            sides.setdefault((target, kind), {}).setdefault(unit, []).append((s, e))
    out = []
    for ni, (ci, within, label) in enumerate(tables.nears):
        b_side = sides.get((ni, NEAR_B), {})
        for unit, a_spans in sides.get((ni, NEAR_A), {}).items():
            for a, b in product(a_spans, b_side.get(unit, [])):
                overlapping = a[0] < b[1] and b[0] < a[1]
                if (
                    not overlapping
                    and word_distance(t, a, b, within) <= within
                    and not sentences.apart(unit, a, b)
                ):
                    out.append((ci, min(a[0], b[0]), max(a[1], b[1]), label))
    return out


class Sentences:
    """Where the sentences of a scanned batch's texts begin, read from each original text
    (:func:`~normtrace.parse.sentences.sentence_starts`, the one sentence splitter)
    when first asked: only a text holding both terms of a proximity entry is split.

    ``norms[i]`` is text ``i`` and ``bases[i]`` where it starts in the scanned string.

    >>> from normtrace.coding.dictionary.textnorm import normalize
    >>> norm = normalize("against armed groups. Security operations")
    >>> t = f" {norm.text} "
    >>> groups, security = (t.index(" groups ") + 1, t.index(" groups ") + 7), (
    ...     t.index("security"), t.index("security") + 8)
    >>> Sentences([norm], [1]).apart(0, groups, security)
    True
    """

    def __init__(self, norms: Sequence[NormalizedText], bases: Sequence[int]) -> None:
        self.norms, self.bases = norms, bases
        self._starts: dict[int, list[int]] = {}

    def starts(self, unit: int) -> list[int]:
        """The original offsets at which text ``unit``'s sentences after the first begin."""
        found = self._starts.get(unit)
        if found is None:
            norm = self.norms[unit]
            if norm.text and not norm.source:
                raise CodingError(
                    "a normalized text without its source reached the matcher: a proximity "
                    "entry needs the original's sentences; make it with textnorm.normalize(text)"
                )
            found = self._starts[unit] = sentence_starts(norm.source)
        return found

    def apart(self, unit: int, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Whether a sentence begins between the spans ``a`` and ``b`` (positions in the
        scanned string) of text ``unit``."""
        starts = self.starts(unit)
        if not starts:
            return False
        x, y = (a, b) if a[0] < b[0] else (b, a)
        norm, base = self.norms[unit], self.bases[unit]
        after_x = norm.original_offset(x[1] - 1 - base) + 1
        i = bisect_left(starts, after_x)
        return i < len(starts) and starts[i] <= norm.original_offset(y[0] - base)


def word_ends(t: str, pos: IntArray) -> IntArray:
    """The end of the word continuing at each position of ``pos`` (the next space).

    Normalized text holds only letters, digits and spaces, and in ``t`` every
    text is followed by a space, so a word ends exactly where the next space is.
    """
    find = t.find
    return np.array([find(" ", p) for p in pos.tolist()], dtype=np.int64)


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


def candidates_one_by_one(
    tables: Tables, t: str, hits: Iterable[tuple[int, int]], norm: NormalizedText
) -> list[Candidate]:
    """:func:`candidates` of one text ``norm`` scanned as ``t`` (``" " + norm.text + " "``),
    from its ``(end, key id)`` hits, in Python.

    The same rules in the same order, hit by hit; the candidates come unordered.
    """
    klen, kopen, kcode, klabel = tables.key_lists
    found: list[Candidate] = []
    special = []
    for end, kid in hits:
        stop = word_end(t, end + 1) if kopen[kid] else end
        if kcode[kid] >= 0:  # the common case: one plain entry on this key
            found.append((kcode[kid], end - klen[kid] + 2, stop, klabel[kid]))
        else:
            special.append((end - klen[kid] + 2, stop, kid, 0, len(t) - 1))
    if special:
        extra, others = _probe_hits(tables, t, special)
        found += extra
        if tables.nears:
            found += _pair_nears(tables, others, t, Sentences([norm], [1]))
        if by_code := _exclusion_hits(tables, others):
            found = [c for c in found if not near_any(t, (c[1], c[2]), by_code.get((0, c[0]), []))]
    if tables.nesting:
        found = drop_nested_one_by_one(found, tables.nesting)
    return found


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


def near_any(t: str, span: tuple[int, int], near: list[Near]) -> bool:
    """Whether ``span`` is within its window of any of the ``(start, end, within, side)``
    exclusion spans that stand on their side of it: 0 either; 1 ``before``, not wholly
    after ``span`` (it starts before ``span`` ends); 2 ``after``, not wholly before it.

    >>> t = " urges the parties to take all necessary measures "
    >>> span = (t.index("all"), t.index(" measures ") + 9)
    >>> [near_any(t, span, [(1, 6, 6, side)]) for side in (0, 1, 2)]
    [True, True, False]
    """
    return any(
        (side == 0 or (s < span[1] if side == 1 else e > span[0]))
        and word_distance(t, span, (s, e), within) <= within
        for s, e, within, side in near
    )


def word_end(t: str, pos: int) -> int:
    """The end of the word continuing at ``pos`` (``pos`` itself if none does)."""
    m = _WORD_TAIL.match(t, pos)
    return m.end() if m else pos


def match_rest(t: str, pos: int, rest: tuple[tuple[str, bool], ...], limit: int) -> int:
    """Check the words after a wildcard, one token search each, from ``pos`` up to ``limit``."""
    for word, is_prefix in rest:
        m = _TOKEN.search(t, pos, limit)
        if m is None:
            return -1
        token = m.group()
        if not (token.startswith(word) if is_prefix else token == word):
            return -1
        pos = m.end()
    return pos


def drop_nested_one_by_one(found: list[Candidate], nesting: frozenset[int]) -> list[Candidate]:
    """:func:`drop_nested` over a list: spans inside a longer (or equal) span of the same code."""
    kept = [c for c in found if c[0] not in nesting]
    order = sorted([(ci, s, -e, lb) for ci, s, e, lb in found if ci in nesting])
    last_code, reach = -1, -1
    for ci, s, neg_end, lb in order:
        if ci != last_code:
            last_code, reach = ci, -1
        elif -neg_end <= reach:
            continue
        kept.append((ci, s, -neg_end, lb))
        reach = max(reach, -neg_end)
    return kept
