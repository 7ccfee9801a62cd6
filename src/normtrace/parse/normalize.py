"""Named text normalizers.

Each normalizer is a pure, idempotent ``str -> str`` function named for what
it normalizes; :data:`NORMALIZERS` lists them by name and :func:`apply` runs a
sequence of them. Parsers store text after :func:`line_endings`,
:func:`hyphenation` and :func:`whitespace` (what was printed, minus layout
artefacts); quotes stay as printed.

Matching folds text further (case, dashes, punctuation) with an offset map back
to these code points: that lives beside the matcher, in
:mod:`normtrace.coding.dictionary.textnorm`.

>>> apply("peace-\\nkeeping  operations\\r\\n")
'peace-keeping operations\\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_SOFT_HYPHENS = "\u00ad\ufffe\x02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
# Horizontal spaces other than the plain space (NBSP, thin, em ... spaces).
_HSPACE = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))

_HSPACE_CHAR = re.compile(f"[{_HSPACE}]")
_MULTI_SPACE = re.compile("  +")
_HYPHEN_EOL = re.compile(r"-[ \t]*\n")
_SPACE_AT_FF = re.compile(" *\f *")
_SOFT_BREAK = re.compile(f"[{_SOFT_HYPHENS}][ \t]*(?:\r\n|\r|\n)?")
#: a U+00AD opening a line before a space and a word: a list dash (cp1252 byte 0xAD)
_SOFT_DASH = re.compile(r"^([ \t]*)\u00ad(?=[ \t]+\S)", re.MULTILINE)
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
    and U+00AD are always dropped with the line break after them, except a U+00AD
    that opens a line before a space and a word: a typesetter's soft hyphen ends a
    line, never opens one, and the UN's cp1252 files carry the list dash of a
    dashed list (``\\t–\\tTo monitor``) as byte 0xAD, so it becomes the en dash the
    other files print (``– To monitor``) and a dashed list reads the same in either
    encoding. A visible
    hyphen at a line end before a lower-case letter was printed, usually in a
    compound (``troop-\\ncontributing``), so the lines are re-joined keeping it
    (``troop-contributing``), unless the same text spells the word without it
    elsewhere (``peace-\\nkeeping`` in a text that also says ``peacekeeping``
    gives ``peacekeeping``).

    >>> hyphenation("peace-\\nkeeping; peacekeeping; troop-\\ncontributing; Secretary-\\nGeneral")
    'peacekeeping; peacekeeping; troop-contributing; Secretary-\\nGeneral'
    >>> hyphenation("Civilians\\n\\u00ad\\tTo protect civilians,\\nhyphen\\u00ad\\nated")
    'Civilians\\n–\\tTo protect civilians,\\nhyphenated'
    """
    text = _SOFT_DASH.sub("\\1\u2013", text)
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


def _plain_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\w+", text))


def _word_start(text: str, hyphen: int) -> int:
    i = hyphen
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return i
