"""Normalization of unit text for dictionary matching, with offsets back to the original.

The coding domain keeps its own normalizer (rather than the parser's) because the
matcher needs three guarantees at corpus speed:

* lowercasing is one code point for one code point (``str.lower`` where it keeps
  the length; otherwise the first code point of each character's lowercase form),
  so the common case needs no offset table at all;
* hyphens and dashes become spaces, typographic quotes become ASCII quotes, every
  whitespace character becomes a space (all one for one);
* runs of spaces collapse to one space and soft hyphens / zero-width characters
  disappear; only this step changes lengths, and it is recorded as a short list
  of segments rather than a per-character table;
* finally every other character that is not a letter or digit (punctuation,
  symbols, the apostrophe) becomes a space, one for one and *after* the
  collapsing, so ``U.N.`` reads ``u n `` and ``civilians, including`` keeps two
  spaces. Words are thus exactly the runs of letters and digits, and the matcher
  can find whole words by padding its keys with spaces instead of checking
  boundaries hit by hit.

>>> norm = normalize("Self\u2010Defence  and the\\nMandate's")
>>> norm.text
'self defence and the mandate s'
>>> norm.original_span(21, 28)
(22, 29)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_SPACE = " "
_DROP = "\x00"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_FOLD: dict[int, str] = {}
_FOLD.update({ord(c): _SPACE for c in _HYPHENS + _SPACES})
_FOLD.update({ord(c): "'" for c in _SINGLE_QUOTES})
_FOLD.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_FOLD.update({ord(c): _DROP for c in _DROPPED + _DROP})

# (char, replacement) pairs: one C-speed ``str.replace`` per character actually present is
# an order of magnitude faster than ``str.translate`` on non-ASCII text.
_FOLD_PAIRS = tuple((chr(code), repl) for code, repl in _FOLD.items() if chr(code) != repl)
_SQUEEZE = re.compile("[ \x00]{2,}|\x00")
# ASCII characters that separate words (everything but letters, digits and the space)
_ASCII_SEPARATORS = tuple(chr(c) for c in range(1, 128) if not chr(c).isalnum() and c != 32)
_NON_ASCII = re.compile("[^\x00-\x7f]+")
# For Latin-1 text everything but squeezing is one ``bytes.translate``: letters and digits
# are lowercased, whitespace and hyphens become spaces, dropped characters NUL, other
# separators a placeholder that becomes a space after squeezing (so punctuation never
# collapses).
_MARK = "\x01"


def _latin1_byte(code: int) -> int:
    char = chr(code)
    if char in _DROPPED + _DROP:
        return 0
    if char in _HYPHENS + _SPACES + _SPACE:
        return 32
    lowered = char.lower()  # one Latin-1 character for every Latin-1 character
    return ord(lowered) if lowered.isalnum() else ord(_MARK)


_LATIN1_TABLE = bytes(_latin1_byte(code) for code in range(256))


@dataclass(frozen=True)
class NormalizedText:
    """Normalized text plus the segments that map it back to the original.

    ``segments`` is a sorted tuple of ``(normalized_start, original_start)``
    pairs; inside a segment the two offsets differ by a constant. An empty
    tuple means the normalization kept every offset. ``source`` is the original
    text (:func:`normalize` sets it; it is not compared): the matcher reads its
    sentences there, which punctuation and capitals mark and normalization erases.
    """

    text: str
    segments: tuple[tuple[int, int], ...] = ()
    source: str = field(default="", repr=False, compare=False)

    def original_offset(self, pos: int) -> int:
        """The original code-point offset of normalized position ``pos``."""
        if not self.segments:
            return pos
        i = bisect_right(self.segments, (pos, 1 << 62)) - 1
        norm_start, orig_start = self.segments[max(i, 0)]
        return orig_start + pos - norm_start

    def offset_tables(self) -> tuple[list[int], list[int]]:
        """Segment starts and their shifts (original minus normalized), for bulk mapping.

        ``pos + shifts[bisect_right(starts, pos) - 1]`` is :meth:`original_offset`.
        """
        return [n for n, _ in self.segments], [o - n for n, o in self.segments]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized half-open span to the original half-open span."""
        if end <= start:
            return self.original_offset(start), self.original_offset(start)
        return self.original_offset(start), self.original_offset(end - 1) + 1


def lower_one_to_one(text: str) -> str:
    """Lowercase ``text`` keeping exactly one code point per input code point."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower()[0] for c in text)


def fold(text: str) -> str:
    """Lowercase and fold hyphens, dashes, quotes and whitespace (length-preserving)."""
    out = lower_one_to_one(text)
    for char, repl in _FOLD_PAIRS:
        if char in out:
            out = out.replace(char, repl)
    return out


def separate_words(text: str) -> str:
    """Every character that is not a letter, digit or space becomes a space (one for one)."""
    for char in _ASCII_SEPARATORS:
        if char in text:
            text = text.replace(char, _SPACE)
    if not text.isascii():
        # the few non-ASCII characters present (mostly accented letters) are checked one by one
        for char in set("".join(_NON_ASCII.findall(text))):
            if not char.isalnum():
                text = text.replace(char, _SPACE)
    return text


def normalize(text: str) -> NormalizedText:
    """Normalize ``text`` for matching; see the module docstring.

    Example:
        >>> normalize("Non-use of Force (U.N.)").text
        'non use of force  u n  '
    """
    try:
        data = text.encode("latin-1")  # a copy for the common one-byte strings
    except UnicodeEncodeError:
        norm = _normalize_general(text)
    else:
        norm = _normalize_narrow(data)
    return NormalizedText(norm.text, norm.segments, text)


def _normalize_general(text: str) -> NormalizedText:
    folded = fold(text)
    if _DROP in folded:
        runs = [(m.start(), m.end(), _SPACE in m.group()) for m in _SQUEEZE.finditer(folded)]
    elif "  " in folded:
        runs = _space_runs(folded)
    else:
        return NormalizedText(separate_words(folded))
    squeezed = _squeeze(folded, runs)
    return NormalizedText(separate_words(squeezed.text), squeezed.segments)


def _normalize_ascii(text: str) -> NormalizedText:
    """The same result as the general path, for ASCII text (see :func:`_normalize_narrow`)."""
    return _normalize_narrow(text.encode("ascii"))


def _normalize_narrow(data: bytes) -> NormalizedText:
    """The same result as the general path, for Latin-1 text given as its Latin-1 bytes.

    Lowercasing and folding are one table lookup per byte (``bytes.translate``):
    in Latin-1 both map every character to one Latin-1 character. Separators
    become a placeholder that turns into a space after squeezing (so punctuation
    never collapses), as in the general path.
    """
    folded = data.translate(_LATIN1_TABLE).decode("latin-1")
    if _DROP in folded:
        runs = [(m.start(), m.end(), _SPACE in m.group()) for m in _SQUEEZE.finditer(folded)]
    elif "  " in folded:
        runs = _space_runs(folded)
    else:
        return NormalizedText(folded.replace(_MARK, _SPACE) if _MARK in folded else folded)
    squeezed = _squeeze(folded, runs)
    return NormalizedText(squeezed.text.replace(_MARK, _SPACE), squeezed.segments)


def _space_runs(folded: str) -> list[tuple[int, int, bool]]:
    """Runs of two or more spaces, found with ``str.find`` (a regex scan is far slower)."""
    runs = []
    n = len(folded)
    pos = folded.find("  ")
    while pos >= 0:
        end = pos + 2
        while end < n and folded[end] == _SPACE:
            end += 1
        runs.append((pos, end, True))
        pos = folded.find("  ", end)
    return runs


def _squeeze(folded: str, runs: list[tuple[int, int, bool]]) -> NormalizedText:
    """Replace each run by one space (or nothing) and record the offset segments."""
    pieces: list[str] = []
    segments: list[tuple[int, int]] = [(0, 0)]
    last = 0
    shift = 0  # original offset minus normalized offset in the current segment
    for start, end, keep in runs:
        pieces.append(folded[last:start])
        if keep:
            pieces.append(_SPACE)
            # the kept space stands for the first space of the run
            first = folded.index(_SPACE, start, end)
            if first > start:
                segments.append((start - shift, first))
            shift += end - start - 1
        else:
            shift += end - start
        segments.append((end - shift, end))
        last = end
    pieces.append(folded[last:])
    return NormalizedText("".join(pieces), tuple(segments))
