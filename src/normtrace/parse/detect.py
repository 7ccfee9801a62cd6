"""Guess what a UN text is: its symbol and its document type.

:func:`guess_symbol` reads the first page (up to the first form feed, or the
first 3,000 characters) and prefers a symbol standing alone on a line (the
masthead) to one cited in running text. :func:`detect_doc_type` decides from
the symbol's kind and the wording of the first page.

>>> guess_symbol("United Nations\\nS/RES/2098 (2013)\\nRecalling resolution 2078 (2012)")
'S/RES/2098 (2013)'
>>> detect_doc_type("Letter dated 27 December 2012 from the Secretary-General", symbol="S/2013/43")
'letter'
"""

from __future__ import annotations

import re

from normtrace.parse.symbols import find_symbols, parse_symbol

_FIRST_PAGE = 3000
_RESOLUTION_TITLE = re.compile(
    r"^\s*Resolution\s+(\d{1,4})\s*\(\s*((?:19|20)\d\d)\s*\)", re.M | re.I
)
_LETTER = re.compile(
    r"^\s*(?:Identical\s+)?letters?\s+dated\b|^\s*Note\s+verbale\b|^\s*Note\s+by\s+the\b",
    re.M | re.I,
)
_PRST = re.compile(r"Statement\s+by\s+the\s+President\s+of\s+the\s+Security\s+Council", re.I)
_REPORT = re.compile(r"^\s*(?:[\w-]+\s+){0,4}report\s+(?:of|on)\b|^\s*Report\b", re.M | re.I)
_CORPUS_SPEECH = re.compile(
    r"^(?:The\s+(?:Acting\s+)?President|(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.?\s+[^:\n]{1,80}|"
    r"The\s+Secretary-General)(?:\s*\([^()\n]*\))*\s*:\s+\S"
)


def first_page(text: str) -> str:
    """The text up to the first form feed, or its first 3,000 characters."""
    return text.split("\f", 1)[0][:_FIRST_PAGE]


def guess_symbol(text: str) -> str | None:
    """The document's own symbol from its first page, canonical, or ``None``.

    A symbol alone on a line wins; else ``Resolution 2098 (2013)`` as a title;
    else the first symbol written anywhere on the page.
    """
    page = first_page(text)
    for line in page.splitlines():
        stripped = line.strip().rstrip("*")
        try:
            return str(parse_symbol(stripped))
        except ValueError:
            continue
    m = _RESOLUTION_TITLE.search(page)
    if m:
        return f"S/RES/{m[1]} ({m[2]})"
    for _, _, sym in find_symbols(page):
        return str(sym)
    return None


def detect_doc_type(text: str, *, symbol: str | None) -> str:
    """Decide the document type (one of :data:`~normtrace.parse.model.DOC_TYPES`).

    A ``S/yyyy/nnn`` document that is no letter or statement is a
    ``"report"``; unrecognized documents without such a symbol are ``"other"``.

    Args:
        text: the document text (the first page is enough).
        symbol: the document's symbol if known; guessed from the text if ``None``.
    """
    page = first_page(text)
    one_line = "\n" not in page.strip()
    if _kind(symbol) in (None, "verbatim") and one_line and _CORPUS_SPEECH.match(page):
        return "corpus_meeting"
    kind = _kind(symbol or guess_symbol(text))
    if kind == "resolution" or (kind is None and _RESOLUTION_TITLE.search(page)):
        return "resolution"
    if kind == "prst" or _PRST.search(page):
        return "prst"
    if kind == "verbatim":
        return "verbatim"
    if _LETTER.search(page):
        return "letter"
    if kind == "document" or _REPORT.search(page):
        # An S/yyyy/nnn document that is no letter reads as a report: numbered
        # paragraphs under headings, which parse_report handles generically.
        return "report"
    return "other"


def _kind(symbol: str | None) -> str | None:
    if not symbol:
        return None
    try:
        return parse_symbol(symbol).kind
    except ValueError:
        return None
