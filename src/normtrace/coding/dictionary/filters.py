"""The matcher's rules applied hit by hit, in plain Python.

:class:`~normtrace.coding.dictionary.matcher.Matcher` resolves most hits in bulk with numpy;
these functions handle what needs a look at the text around a hit (the words
after a wildcard, the distance between proximity terms and exclusions) and the
plain-Python path for texts with few hits, which is also the tests' reference.
Positions are offsets into the scanned text: normalized, padded with spaces.

>>> word_distance(" a b c d ", (1, 2), (7, 8), 5)
3
>>> match_rest(" neutralize armed groups ", 11, (("armed", False), ("group", True)), 24)
24
"""

from __future__ import annotations

import re
from bisect import bisect_right

from normtrace.coding.dictionary.textnorm import NormalizedText

_TOKEN = re.compile(r"[^\W_]+")
_WORD_TAIL = re.compile(r"[^\W_]*")

# An entry candidate on normalized text: (code index, start, end, label index)
Candidate = tuple[int, int, int, int]
# A span row: (start, end, code, snippet, entry label)
Row = tuple[int, int, str, str, str]


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


def near_any(t: str, span: tuple[int, int], near: list[tuple[int, int, int]]) -> bool:
    """Whether ``span`` is within its window of any of the ``(start, end, within)`` spans."""
    return any(word_distance(t, span, (s, e), within) <= within for s, e, within in near)


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


def drop_nested(candidates: list[Candidate], nesting: frozenset[int]) -> list[Candidate]:
    """Drop spans inside a longer (or equal) span of the same code, for codes that can nest."""
    kept = [c for c in candidates if c[0] not in nesting]
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


def python_rows(
    codes: list[str], labels: list[str], norm: NormalizedText, text: str, cands: list[Candidate]
) -> list[Row]:
    """Candidates on padded normalized text (``" " + norm.text + " "``) as rows of ``text``."""
    if not norm.segments:
        # t offsets are normalized + 1
        return [
            (s - 1, e - 1, codes[ci], text[s - 1 : e - 1], labels[lb]) for ci, s, e, lb in cands
        ]
    starts, shifts = norm.offset_tables()
    rows = []
    for ci, s, e, lb in cands:
        # s - 1 is the first normalized code point, e - 2 the last
        o_start = s - 1 + shifts[bisect_right(starts, s - 1) - 1]
        o_end = e - 1 + shifts[bisect_right(starts, e - 2) - 1]
        rows.append((o_start, o_end, codes[ci], text[o_start:o_end], labels[lb]))
    return rows
