"""Label the report units that the text layer left as text but that are no running text.

The layout rules of :mod:`~normtrace.parse.report.blocks` take out whole map, figure and
table pages and table rows; around them stay lines that print as text: a table's caption
and its date line, its column heads, the notes under it, a page's debris. Read as running
text they inflate every rate's denominator. These rules label them, by layout and
typography (:mod:`normtrace.parse.running` names the classes); a unit keeps its kind and
key, so codings made on it stay where they are. They were written on 26 of the 53 reports
in ``../shared/corpus/reports`` and measured on a sample of the other 27
(``tools/prose_sample.py``):

* **caption** — unnumbered text with no full stop on the page of a table, map or figure
  and just above it (the run of such lines: ``United Nations Stabilization Mission in
  Haiti:`` / ``countries providing military staff and contingents`` / ``(as at 31 January
  2006)``), or any unnumbered line with no full stop ending in a date stamp (``(as at 15
  February 2005)``, ``, as at 17 March 2011``, ``MINUSTAH map as at July 2013``), and the
  lines with no full stop just above a caption on its page;
* **table_text** — of those lines above a table, one of column heads: under 15 % function
  words (``Number of United Nations police Number of formed police units Country Female
  Male``);
* **footnote** — a table's note on the table's page just below it: a note marker alone
  (``b``), a line opening with one (``a Including ...``, ``* Including ...``), a sentence
  of a note under a marker printed alone or at the end of the note above (``c`` /
  ``Attached to the Chilean battalion.``), or in an annex a sentence of under 60
  characters just below the table (``Including the Force Commander.``); and the standard
  notes on a document's symbol (``* Reissued for technical reasons on ...``);
* **scrap** — unnumbered text of under four words none of four letters or more (``* * *``,
  ``/22 15-03052``, ``82003449``, OCR debris);
* **heading** — unnumbered text with no final punctuation just below a heading on its page
  that starts in lower case (a heading's second line: ``and humanitarian assistance``) or
  stands between two headings (a programme's title under ``Programme I``);
* **names** — a line of a list of names: unnumbered, a parenthesis, and outside the
  parentheses no final punctuation and only capitalised words (``Brazil (Ambassador Ronaldo Mota
  Sardenberg, head of mission) Algeria (Ambassador Abdallah Baali)``).

Each labelled unit carries ``non_text`` and its class as flags (a note ``footnote`` only, as
the parser's other notes); ``observations``/``recommendations`` are taken off it, as off a
table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from normtrace.parse.model import Paragraph
from normtrace.parse.report.blocks import NON_TEXT_KINDS, function_word_share

_STOP = re.compile(r"[.!?;][\"'\u201d\u2019)\]*]*$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
#: a table's or map's date stamp at the end of its caption
DATE_STAMP = re.compile(
    rf"(?:^\(|\(|,\s*|\s)(?:[a-z][\w ]{{0,30}}\s)?as\s+(?:at|of)\s+(?:\d{{1,2}}\s+)?{_MONTH}"
    r"\s+\d{4}\)?$"
)
_MARKER = re.compile(r"^(?:[a-z]|\*{1,3})$")
_NOTE_START = re.compile(r"^(?:[a-z]|\*{1,3})\s+[A-Z]")
_ENDS_MARKER = re.compile(r"(?:^|\s)(?:[a-z]|\*{1,3})$")
#: the standard notes on a document's symbol, printed at the foot of its first page
SYMBOL_NOTE = re.compile(
    r"^\*{1,3}\s*(?:Reissued\s+for\s+technical\s+reasons|Previously\s+(?:circulated|issued)\s+"
    r"under\s+the\s+symbol)",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")
_PARENS = re.compile(r"\([^)]*(?:\)|$)")
_TEXT_KINDS = ("text",)
#: the longest caption line, note or heading line these rules read
MAX_CAPTION = 250
MAX_NOTE = 160
#: a note under a table that follows no marker: a short sentence (a paragraph is longer)
SHORT_NOTE = 60
MAX_HEADING = 150

_Mark = Callable[..., None]


def over_groups(line: str, heads: str) -> bool:
    """``line``, printed just above a table's column ``heads``, heads groups of its columns:
    the heads repeat one (``Country Female Male Female Male``: the columns are grouped) and
    ``line`` is no caption (no date stamp). The parser joins it to the table.

    >>> over_groups("Staff officers Troops", "Country Females Males Females Males Total")
    True
    >>> over_groups("Countries providing troops", "Country Troops Police Total")
    False
    """
    words = heads.split()
    return len(set(words)) < len(words) and not DATE_STAMP.search(line)


def label_units(units: Sequence[Paragraph]) -> list[Paragraph]:
    """``units`` with the labels of the module docstring added (same order, keys, kinds)."""
    out = list(units)
    done: set[int] = set()

    def mark(i: int, *flags: str) -> None:
        unit = out[i]
        kept = tuple(f for f in unit.flags if f not in ("observations", "recommendations"))
        out[i] = replace(unit, flags=kept + tuple(f for f in flags if f not in kept))
        done.add(i)

    for i, unit in enumerate(out):
        if unit.kind in NON_TEXT_KINDS:
            _above(out, i, mark, done)
    for i, unit in enumerate(out):
        if unit.kind in NON_TEXT_KINDS:
            _below(out, i, mark, done)
    for i, unit in enumerate(out):
        if i in done or not _free_text(unit):
            continue
        if not _STOP.search(unit.text.rstrip()) and DATE_STAMP.search(unit.text):
            mark(i, "non_text", "caption")
        elif SYMBOL_NOTE.match(unit.text):
            mark(i, "footnote")
        elif _is_scrap(unit.text):
            mark(i, "non_text", "scrap")
        elif _heading_line(out, i):
            mark(i, "non_text", "heading")
        elif _names(unit.text):
            mark(i, "non_text", "names")
    for i in range(len(out) - 2, -1, -1):  # a caption's earlier lines, just above it
        unit, below = out[i], out[i + 1]
        if (
            "caption" in below.flags
            and _free_text(unit)
            and unit.page == below.page
            and len(unit.text) <= MAX_CAPTION
            and not _STOP.search(unit.text.rstrip())
        ):
            mark(i, "non_text", "caption")
    return out


def _free_text(unit: Paragraph) -> bool:
    """Unnumbered text no rule has labelled (no note, no contents line, no statement)."""
    return unit.kind in _TEXT_KINDS and not {"footnote", "contents", "non_text"} & set(unit.flags)


def _above(out: list[Paragraph], i: int, mark: _Mark, done: set[int]) -> None:
    """The caption lines and column heads just above the block ``out[i]`` on its page."""
    block = out[i]
    j = i - 1
    while j >= 0 and i - j <= 4:
        unit = out[j]
        if j in done and "non_text" in unit.flags:
            j -= 1
            continue
        if (
            not _free_text(unit)
            or unit.page != block.page
            or len(unit.text) > MAX_CAPTION
            or _STOP.search(unit.text.rstrip())
        ):
            return
        words = _WORD.findall(unit.text)
        heads = function_word_share(words) < 0.15 and not DATE_STAMP.search(unit.text)
        mark(j, "non_text", "table_text" if heads and len(words) >= 4 else "caption")
        j -= 1


def _below(out: list[Paragraph], i: int, mark: _Mark, done: set[int]) -> None:
    """The notes just below the block ``out[i]`` on its page."""
    block = out[i]
    for j in range(i + 1, len(out)):
        unit = out[j]
        if "footnote" in unit.flags and unit.page == block.page:
            continue
        if j in done or not _free_text(unit) or unit.page != block.page:
            return
        text = unit.text.strip()
        before = out[j - 1].text.strip()
        sentence = _STOP.search(text) is not None
        note = (
            _MARKER.match(text)
            or (len(text) <= MAX_NOTE and _NOTE_START.match(text))
            # the note of a marker printed alone, or at the end of the note above
            or (sentence and len(text) <= MAX_NOTE and j > i + 1 and _ENDS_MARKER.search(before))
            or (sentence and len(text) <= SHORT_NOTE and j == i + 1 and "annex" in unit.flags)
        )
        if not note:
            return
        mark(j, "footnote")


def _is_scrap(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) < 4 and not any(len(w) >= 4 for w in words)


def _heading_line(out: list[Paragraph], i: int) -> bool:
    unit = out[i]
    text = unit.text.strip()
    if i == 0 or len(text) > MAX_HEADING or re.search(r"[.!?;:,]$", text):
        return False
    before = out[i - 1]
    if before.kind != "heading" or before.page != unit.page:
        return False
    after = out[i + 1] if i + 1 < len(out) else None
    return text[:1].islower() or (after is not None and after.kind == "heading")


def _names(text: str) -> bool:
    bare = _PARENS.sub(" ", text).strip()
    if "(" not in text or not bare or _STOP.search(bare) or bare.endswith(":"):
        return False
    outside = _WORD.findall(bare)
    if len(outside) < 1:
        return False
    capitalised = sum(1 for w in outside if w[:1].isupper())
    return capitalised >= 0.9 * len(outside) and function_word_share(outside) < 0.15
