"""Where a coded span's words went in a new text, by aligning the old text's words to the new.

Used by :mod:`~normtrace.coding.human.anchors` when a coding's exact words are no longer in
its unit: a word alignment (difflib over words and punctuation marks) carries the span to
its new place, and :func:`spelling_change` says whether the words there differ from the
snippet only in case, spacing or punctuation (then the coding moves) or in a word (then a
coder judges).

>>> spelling_change("north of Mali", "North of Mali")
'changed case'
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

#: Words and punctuation marks, the tokens of the alignment of an old text to a new one.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")
#: Largest old × new token count aligned (difflib is quadratic at worst): ~20 k × 20 k words.
MAX_ALIGN = 400_000_000


@dataclass(frozen=True)
class Aligned:
    """A moved coding's new span found by aligning the old text to the new: the same words,
    ``change`` saying what differs (case, spacing, punctuation)."""

    start: int
    end: int
    change: str


def aligned_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the words of ``old[start:end]`` went in ``new``, by aligning the two texts'
    words and punctuation marks (``difflib``): from the new place of the span's first
    token to that of its last, a replaced token standing for its replacement and a
    deleted one skipped (a span starting or ending inside a word that is still there
    keeps that part of it); ``None`` if no token of the span is still there, or the texts
    are too long to align (:data:`MAX_ALIGN`).

    >>> old, new = "the north of Mali and Gao", "the North  of Mali, and Gao"
    >>> a, b = aligned_span(old, new, 4, 17)
    >>> new[a:b]
    'North  of Mali'
    """
    ow, nw, where = _alignment(old, new)
    inside = [i for i, (a, b) in enumerate(ow) if b > start and a < end]
    if not inside or where is None:
        return None
    if not any(where[i][0] == "equal" for i in inside):
        return None  # every word of the span changed: nothing to carry it by
    a = b = -1
    for i in inside:  # the first token still there, or replaced
        tag, j, j2 = where[i]
        if tag == "equal":
            cut = start - ow[i][0] if i == inside[0] else 0
            a = nw[j][0] + min(max(cut, 0), nw[j][1] - nw[j][0] - 1)
            break
        if tag == "replace":
            a = nw[j][0]
            break
    for i in reversed(inside):  # the last one
        tag, j, j2 = where[i]
        if tag == "equal":
            cut = ow[i][1] - end if i == inside[-1] else 0
            b = nw[j][1] - min(max(cut, 0), nw[j][1] - nw[j][0] - 1)
            break
        if tag == "replace":
            b = nw[j2 - 1][1]
            break
    return (a, b) if a < b else None


Tokens = tuple[tuple[int, int], ...]


@functools.lru_cache(maxsize=8)
def _alignment(old: str, new: str) -> tuple[Tokens, Tokens, dict[int, tuple[str, int, int]] | None]:
    """The tokens of both texts and, per old token, its operation and its new token (equal)
    or new tokens (replace) — ``None`` if too long to align. Cached: the codings of one unit
    share their texts."""
    ow = tuple((m.start(), m.end()) for m in _TOKEN.finditer(old))
    nw = tuple((m.start(), m.end()) for m in _TOKEN.finditer(new))
    if not nw or len(ow) * len(nw) > MAX_ALIGN:
        return ow, nw, None
    # compared case-folded, so a changed case still aligns
    matcher = difflib.SequenceMatcher(
        None, [old[a:b].casefold() for a, b in ow], [new[a:b].casefold() for a, b in nw],
        autojunk=False,
    )  # fmt: skip
    where: dict[int, tuple[str, int, int]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in range(i1, i2):
            where[i] = (tag, j1 + (i - i1) if tag == "equal" else j1, j2)
    return ow, nw, where


def spelling_change(snippet: str, now: str) -> str | None:
    """What differs between a coded snippet and the words aligned to it, if only case,
    spacing or punctuation (``None`` if a word differs)."""
    if snippet == now:
        return "unchanged"
    words, new_words = _WORD.findall(snippet), _WORD.findall(now)
    if not words or [w.casefold() for w in words] != [w.casefold() for w in new_words]:
        return None
    marks = [t for t in _TOKEN.findall(snippet) if not _WORD.fullmatch(t)]
    new_marks = [t for t in _TOKEN.findall(now) if not _WORD.fullmatch(t)]
    what = ["case"] if words != new_words else []
    if marks != new_marks:
        what.append("punctuation")
    # the same tokens in the same case: only the spaces between them differ
    return "changed " + (" and ".join(what) or "spacing")
