"""Named text normalizers, and offset-keeping folding for matchers.

Each normalizer is a pure, idempotent ``str -> str`` function named for what
it normalizes; :data:`NORMALIZERS` lists them by name and :func:`apply` runs a
sequence of them. Parsers store text after :func:`line_endings`,
:func:`hyphenation` and :func:`whitespace` (what was printed, minus layout
artefacts); quotes stay as printed.

Matchers work on :func:`for_matching` text (casefolded; dashes, hyphens,
quotes and whitespace folded) and map spans back to code points of the
original with the offset map from :func:`normalize_with_offsets`.

>>> for_matching("Peace\u2011keeping  \u201cmandate\u201d")
'peace-keeping "mandate"'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

_SOFT_HYPHENS = "\u00ad\ufffe\x02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
# Horizontal spaces other than the plain space (NBSP, thin, em ... spaces).
_HSPACE = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))

_HSPACE_CHAR = re.compile(f"[{_HSPACE}]")
_MULTI_SPACE = re.compile("  +")
_HYPHEN_EOL = re.compile(r"-[ \t]*\n")
_SPACE_AT_FF = re.compile(" *\f *")
_FOLD = str.maketrans(
    {
        **{c: "-" for c in _DASHES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: '"' for c in _DOUBLE_QUOTES},
    }
)
_SOFT_BREAK = re.compile(f"[{_SOFT_HYPHENS}][ \t]*(?:\r\n|\r|\n)?")
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-z])")
_WORD_AROUND = re.compile(r"(\w+)-[ \t]*\n[ \t]*(\w+)")


def line_endings(text: str) -> str:
    """Turn CRLF, the CR CR LF of some Word exports and lone CR into LF.

    >>> line_endings("a\\r\\r\\nb\\r\\nc\\rd")
    'a\\nb\\nc\\nd'
    """
    return re.sub(r"\r+\n|\r", "\n", text)


def whitespace(text: str) -> str:
    """Fold tabs and Unicode spaces to one space; trim each line; keep line and page breaks.

    >>> whitespace("1.\\t\\u00a0 Decides  to  \\n")
    '1. Decides to\\n'
    """
    text = _HSPACE_CHAR.sub(" ", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    lines = (line.strip(" ") for line in text.split("\n"))
    text = "\n".join(lines)
    if "\f" in text:
        text = _SPACE_AT_FF.sub("\f", text)
    return text.strip(" ")


def hyphenation(text: str) -> str:
    """Remove soft hyphens and re-join words hyphenated at a line end.

    pdfium marks the typesetter's soft hyphens with U+FFFE or ``\\x02``; those
    and U+00AD are always dropped with the line break after them. A visible
    hyphen at a line end before a lower-case letter was printed, usually in a
    compound (``troop-\\ncontributing``), so the lines are re-joined keeping it
    (``troop-contributing``), unless the same text spells the word without it
    elsewhere (``peace-\\nkeeping`` in a text that also says ``peacekeeping``
    gives ``peacekeeping``).

    >>> hyphenation("peace-\\nkeeping; peacekeeping; troop-\\ncontributing; Secretary-\\nGeneral")
    'peacekeeping; peacekeeping; troop-contributing; Secretary-\\nGeneral'
    """
    text = _SOFT_BREAK.sub("", text)
    if not _HYPHEN_EOL.search(text):
        return text
    words = _plain_words(text)

    def join(m: re.Match[str]) -> str:
        pair = _WORD_AROUND.match(text, _word_start(text, m.start()))
        if pair and f"{pair[1]}{pair[2]}".lower() in words:
            return ""
        return "-"

    return _LINE_END_HYPHEN.sub(join, text)


def quotes(text: str) -> str:
    """Fold typographic quotes and primes to ``'`` and ``"``.

    >>> quotes("\\u201cthe PSC Framework\\u201d, Council\\u2019s")
    '"the PSC Framework", Council\\'s'
    """
    return text.translate(
        {**{ord(c): "'" for c in _SINGLE_QUOTES}, **{ord(c): '"' for c in _DOUBLE_QUOTES}}
    )


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "line_endings": line_endings,
    "hyphenation": hyphenation,
    "whitespace": whitespace,
    "quotes": quotes,
}
"""Normalizers by name, in the order parsers apply them."""


def apply(text: str, names: Iterable[str] = ("line_endings", "hyphenation", "whitespace")) -> str:
    """Run the named normalizers over ``text`` in order.

    Raises:
        KeyError: a name is unknown; the message lists the valid names.

    >>> apply("a\\r\\nb\\u00a0 c", ["line_endings", "whitespace"])
    'a\\nb c'
    """
    for name in names:
        try:
            func = NORMALIZERS[name]
        except KeyError:
            raise KeyError(
                f"unknown normalizer {name!r}; valid: {', '.join(sorted(NORMALIZERS))}"
            ) from None
        text = func(text)
    return text


def normalize_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold ``text`` for matching and map every output character to the input.

    Folding: compatibility letters spelled out (the ligature U+FB01 as ``fi``,
    full-width ``Ａ`` as ``a``); casefold; dashes and hyphens to ``-``; typographic quotes to
    ASCII; soft hyphens dropped; each run of whitespace to one space (none
    after a hyphen that ends a line, so ``peace-\\nkeeping`` reads
    ``peace-keeping``); leading and trailing whitespace dropped.

    Returns:
        ``(normalized, offset_map)`` where ``offset_map[i]`` is the code-point
        offset in ``text`` of the character that produced ``normalized[i]``,
        and ``offset_map[len(normalized)] == len(text)``.

    >>> norm, offsets = normalize_with_offsets("A  \\u201cB\\u201d")
    >>> norm, offsets
    ('a "b"', (0, 1, 3, 4, 5, 6))
    """
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SOFT_HYPHENS:
            i += 1
            continue
        if ch.isspace():
            j = i
            while j < n and (text[j].isspace() or text[j] in _SOFT_HYPHENS):
                j += 1
            if out and j < n and not (out[-1] == "-" and "\n" in text[i:j]):
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        for folded in _fold_char(ch):
            out.append(folded)
            offsets.append(i)
        i += 1
    offsets.append(n)
    return "".join(out), tuple(offsets)


def for_matching(text: str) -> str:
    """The folded text of :func:`normalize_with_offsets`, without the map."""
    return normalize_with_offsets(text)[0]


def original_span(offset_map: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of normalized text to code points of the original.

    >>> text = "The  PEACE\\u2011keeping"
    >>> norm, offsets = normalize_with_offsets(text)
    >>> s, e = original_span(offsets, norm.index("peace"), len(norm))
    >>> text[s:e]
    'PEACE\\u2011keeping'
    """
    if not 0 <= start <= end < len(offset_map):
        raise ValueError(f"span [{start}, {end}) outside normalized text of {len(offset_map) - 1}")
    if start == end:
        return offset_map[start], offset_map[start]
    return offset_map[start], offset_map[end - 1] + 1


# Compatibility forms worth spelling out; superscripts (footnote marks) are not.
_SPELLED_OUT = ("<compat>", "<wide>", "<narrow>", "<font>")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one character: compatibility letters (ligature U+FB01) spelled out, casefolded."""
    if unicodedata.decomposition(ch).startswith(_SPELLED_OUT):
        spelled = unicodedata.normalize("NFKC", ch)
        ch = spelled if spelled.isalnum() else ch
    return ch.casefold().translate(_FOLD)


def _plain_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\w+", text))


def _word_start(text: str, hyphen: int) -> int:
    i = hyphen
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return i
