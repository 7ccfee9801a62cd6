"""Tables whose cells hold lists, printed as text: an annex's benchmark table.

A report's annex can set a table of two columns, a short label and a cell of bullets
(``Year`` / ``Indicators of progress``: ``2008`` · ``• Formation of a new Government ...``
``• Renewed efforts ...``). The text layer prints each row's label in front of its first
bullet (``2008 • Formation of ...``) and every bullet as a line of its own; read as text,
the bullets became running-text paragraphs and the column heads headings. By layout and
typography only, never a report's wording, a run of lines in an annex is such a table when

* a line opens with a short label cell (at most :data:`MAX_LABEL` characters, no bullet)
  followed by a bullet (``•``): a row; a bullet does not follow words on a line of prose;
* the lines with it are rows, and lines that open with a bullet or a dash (``–``: the
  cell's items and sub-items) just above the first row or below it, up to the first other
  line;
* the column heads are the (at most :data:`MAX_HEADS`) short lines with no final
  punctuation just above it (``Year Indicators of progress``, or ``Yeara`` /
  ``Indicators of progress`` with the note's mark).

The table is one unit of kind ``table`` (not running text: :mod:`normtrace.parse.running`):
its heads on the first line, then one line per row, the row's label and all of its cell's
bullets as one text (``2008 • Formation ... • Renewed efforts ...``).

>>> lines = ["Annex I", "Benchmark: progress.", "Year Indicators of progress",
...          "2008 • Formation of a Government", "• Renewed efforts", "2009 • Elections",
...          "II. Extension of State authority"]
>>> found = item_tables(lines)
>>> [(s, e, text.splitlines()) for s, e, text in found]  # doctest: +NORMALIZE_WHITESPACE
[(2, 6, ['Year Indicators of progress',
         '2008 • Formation of a Government • Renewed efforts',
         '2009 • Elections'])]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: the longest label cell in front of a row's first bullet
MAX_LABEL = 40
#: the most lines of column heads above a table's first row
MAX_HEADS = 2
_ROW = re.compile(rf"^[^\u2022\u2013]{{1,{MAX_LABEL}}}\s\u2022\s\S")
_ITEM = re.compile(r"^[\u2022\u2013]\s\S")
_BULLET = re.compile(r"^\u2022\s\S")
#: an annex's (enclosure's, appendix's) heading line: the report parser reads annexes by it too
ANNEX = re.compile(r"^(?:Annex|Enclosure|Appendix|Attachment)(?:\s+[IVX\d]{1,4})?\b")
_SECTION = re.compile(r"^[IVXL]{1,6}\.\s")
_HEAD = re.compile(r"^[A-Z][^.;:,!?]{0,58}[^.;:,!?\s]$")


def item_tables(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """The tables among ``lines`` (a report's paragraphs in order): ``(start, end, text)``,
    the table standing on ``lines[start:end]`` (module docstring)."""
    found: list[tuple[int, int, str]] = []
    annex = False
    i = 0
    while i < len(lines):
        if ANNEX.match(lines[i]) and len(lines[i]) < 80:
            annex = True
        if not (annex and _ROW.match(lines[i])):
            i += 1
            continue
        first = i
        while first > 0 and _ITEM.match(lines[first - 1]):
            first -= 1
        start = first
        while first - start < MAX_HEADS and start > 0 and _heads(lines[start - 1]):
            start -= 1
        end = i + 1
        while end < len(lines) and (_ITEM.match(lines[end]) or _ROW.match(lines[end])):
            end += 1
        rows: list[str] = []
        for line in lines[first:end]:
            if _ROW.match(line) or not rows:
                rows.append(line)
            else:
                rows[-1] += " " + line
        heads = " ".join(lines[start:first])
        found.append((start, end, "\n".join([heads, *rows] if heads else rows)))
        i = end
    return found


def opens_item(line: str) -> bool:
    """A bullet opens ``line`` (``• Renewed efforts ...``), or a row's label and a bullet:
    it never continues the line above."""
    return bool(_BULLET.match(line) or _ROW.match(line))


def _heads(line: str) -> bool:
    return bool(_HEAD.match(line)) and not _SECTION.match(line) and not ANNEX.match(line)
