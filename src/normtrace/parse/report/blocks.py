"""Recognise what is not running text in a report: maps, figures and tables.

Reports end with annexes that a PDF text layer renders badly: a deployment
map becomes two hundred lines of place names, an organigram a column of box
labels, a table of contributing countries one long line of names and
numbers, and a landscape page recognised by OCR a run of mirrored letters.
Read as text they make "headings" (``Dajabón``) and break the paragraph
sequence. These rules use layout and typography only, never a report's
wording:

* **graphic page** — at least :data:`MIN_GRAPHIC_LINES` lines, no numbered
  paragraph, and either 80 % short fragments (under 40 characters, no final
  punctuation; 70 % on a page of 24+ lines: chart labels, a text table's
  cells), or fewer than 1 in 4 lines that read as prose (a line of 8+ words
  with two function words, or a line ending a sentence) and under 6 %
  English function words among its words (prose has 20-30 %);
* its kind — ``map`` when it shows map furniture (a scale in km, degree
  marks, the cartographic notice, a map number), ``table`` when a fifth of
  its tokens are figures, else ``figure``;
* **table row** on a text page — a line with 4+ figures that are at least
  a third of its tokens and that is no numbered paragraph;
* **cartographic notice** — the sentence printed under every United Nations
  map (``The boundaries and names shown ... do not imply official
  endorsement``), recognised by its fixed wording, the only wording rule here
  because the notice is a standard text.

>>> page_kind(["Criste", "Dajabón", "Fort-Liberté", "40 km", "73o 72o"] * 4)
'map'
>>> is_table_row("Argentina 7 552 559 Benin 3 3 Bolivia 6 6")
True
>>> is_table_row("12. In 2004, 3 of the 5 units reached 80 per cent of strength.")
False
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: a page with fewer lines is judged line by line, never as a whole
MIN_GRAPHIC_LINES = 12
NON_TEXT_KINDS = ("map", "figure", "table")

_FUNCTION_WORDS = frozenset(
    (
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "for",
        "on",
        "by",
        "with",
        "that",
        "is",
        "as",
        "was",
        "be",
        "has",
        "have",
        "which",
        "from",
        "at",
        "it",
        "its",
        "their",
        "this",
        "are",
        "were",
        "an",
        "or",
        "not",
        "been",
        "also",
        "had",
        "will",
        "would",
        "all",
        "who",
        "these",
        "other",
    )
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f'’-]+")
_FIGURE = re.compile(r"^[(\[]?[-+]?\d[\d,.]*%?[)\]]?$|^[-–—]$")
_NUMBERED_PARAGRAPH = re.compile(r"^\d{1,3}\.\s")
_MAP_MARKS = re.compile(
    r"\b\d+\s?(?:km|mi|miles)\b|\b\d{1,3}\s?[o°º]\b|\bMap\s+No\b|Cartographic\s+Section|"
    r"\bboundary\b|\bboundaries\b",
    re.I,
)
#: the standard notice printed under United Nations maps
CARTOGRAPHIC_NOTICE = re.compile(
    r"boundaries\s+and\s+names\s+shown\s+and\s+the\s+designations\s+used|"
    r"do\s+not\s+imply\s+official\s+endorsement\s+or\s+acceptance",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?;:][\"'\u201d\u2019)\]]*$")
_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


def function_word_share(words: Sequence[str]) -> float:
    """Share of ``words`` that are common English function words (0 when empty)."""
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / len(words)


def is_prose(line: str) -> bool:
    """A line of running text: it ends a sentence, or has 8+ words with 2 function words."""
    words = _WORD.findall(line)
    if _SENTENCE_END.search(line) and len(words) >= 4:
        return True
    return len(words) >= 8 and sum(1 for w in words if w.lower() in _FUNCTION_WORDS) >= 2


def page_kind(lines: Sequence[str]) -> str | None:
    """``"map"``, ``"table"`` or ``"figure"`` when the page is no running text, else ``None``."""
    if len(lines) < MIN_GRAPHIC_LINES:
        return None
    if any(_NUMBERED_PARAGRAPH.match(line) and is_prose(line) for line in lines):
        return None
    fragments = sum(1 for line in lines if len(line) < 40 and not _SENTENCE_END.search(line))
    share = fragments / len(lines)
    if share >= 0.8 or (len(lines) >= 2 * MIN_GRAPHIC_LINES and share >= 0.7):
        return block_kind(lines)  # a page of scattered short labels: a chart or a text table
    prose = sum(1 for line in lines if is_prose(line))
    words = [w for line in lines for w in _WORD.findall(line)]
    if prose * 4 >= len(lines) or function_word_share(words) >= 0.06:
        return None
    return block_kind(lines)


def block_kind(lines: Sequence[str]) -> str:
    """The kind of a non-text block: ``map``, ``table`` or ``figure``."""
    text = "\n".join(lines)
    if CARTOGRAPHIC_NOTICE.search(text) or len(_MAP_MARKS.findall(text)) >= 2:
        return "map"
    tokens = text.split()
    figures = sum(1 for t in tokens if _FIGURE.match(t))
    if tokens and figures * 5 >= len(tokens):
        return "table"
    return "figure"


def is_table_row(line: str) -> bool:
    """A line of a table printed as text.

    It holds 4+ figures making a third of its tokens, or 2+ figures making
    half of them (``Total 2 411``), and is no numbered paragraph or date.
    """
    if _NUMBERED_PARAGRAPH.match(line) or _MONTH.search(line) or _SENTENCE_END.search(line):
        return False
    tokens = line.split()
    figures = sum(1 for t in tokens if _FIGURE.match(t))
    return (figures >= 4 and figures * 3 >= len(tokens)) or (
        figures >= 2 and figures * 2 >= len(tokens)
    )


def is_cartographic_notice(line: str) -> bool:
    """The standard notice printed under a United Nations map."""
    return CARTOGRAPHIC_NOTICE.search(line) is not None
