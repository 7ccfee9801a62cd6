"""Page layout for PDF text: furniture, columns, reading order and paragraphs.

Pure functions over :class:`Line` values (text plus a few coordinates taken
from PDFium), so the layout rules are testable without a PDF. Coordinates are
PDF user space: points, origin bottom-left, ``y`` grows upwards.

Reading order on a page: lines that cross the middle of the page ("spanning"
lines: mastheads, full-width headings) cut the page into horizontal bands;
inside a band the left column is read before the right one. This is the layout
of UN verbatim records and reports; a single-column page is one long band.

A paragraph starts at a line that (a) follows a vertical gap larger than the
column's usual line pitch (on a page of one column, that column's: see
:func:`one_column`), (b) is indented after a line that was not, (c) follows a
short (unjustified) line, (d) is a dot-leader table row such as
``Belgium. . . . Mr. Pecsteen de Buytswerve`` on the first page of a record, or (e) is or
follows a note's mark printed alone (``Line.mark``) or the rule over a page's footnotes
(``____``), or (f) opens with a bullet (``•``). A list item's next line, set in under the
item's text after its bullet or dash
(a hanging indent), goes on with the item.

A short piece of a printed line beside a spanning line (bottoms within 1.5 pt: a table's
cell) is read with it: just after it when it stands to its right, before it when to its left.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

#: Fraction of the page height treated as top/bottom margin (running heads, footers).
MARGIN_BAND = 0.1
#: Tolerance (points) when deciding whether a line stays within one half of the page.
GUTTER_TOLERANCE = 10.0
#: A line whose first character starts this far right of the column edge is indented.
INDENT_MIN = 6.0
#: Gap (in line pitches) that separates paragraphs.
GAP_FACTOR = 1.3
#: A line ending this fraction of the column width before its right edge is "short".
SHORT_LINE = 0.2
DEFAULT_PITCH = 12.0
#: the widest piece (share of the page width) read with the spanning line beside it: a cell
CELL_WIDTH = 0.15

_JOB = r"\d{2}-\d{5}"
# A job number, the language letter, and in older documents the issue date (``130505``).
_FOOTER = re.compile(
    rf"^(?:\d{{1,4}}\s*/\s*\d{{1,4}}\s+)?{_JOB}(?:\s*\([A-Z]\))?(?:\s+\d{{6}})?"
    rf"(?:\s+\d{{1,4}}\s*/\s*\d{{1,4}})?$"
)
_PAGE_NO = re.compile(r"^(?:-\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$")
_BARCODE = re.compile(r"^\*\d{6,}\*$")
_RUNNING_HEAD = re.compile(r"\bS/\S+.*\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b.*\bS/\S+")
_SYMBOL_TOKEN = (
    r"[SAE]/(?:PV\.|RES/|PRST/|\d{4}/|[A-Z])[\w./-]*\d(?:\s*\((?:Resumption|Part)\s*\d*\))?"
)
_UN_SYMBOL = re.compile(rf"^{_SYMBOL_TOKEN}(?:\s|$)|(?:^|\s){_SYMBOL_TOKEN}$")
_LEADERS = re.compile(r"\S\s*\.\s+\.\s*\.?")
#: a list item's mark, and a line that opens an item (after a table's short cell)
_ITEM_MARK = re.compile("^[\u2022\u25aa\u25e6\u2013-]\\s")
_ITEM_START = re.compile(
    "^(?:[\u2022\u25aa\u25e6\u2013-]|[^\u2022\u25aa\u25e6\u2013]{1,24}\\s\u2022)\\s"
)
_BULLET = re.compile("^[\u2022\u25aa\u25e6]\\s")
#: the deepest hanging indent of a list item's next lines (share of the column width)
HANG = 0.2
#: the rule printed above a page's footnotes
FOOTNOTE_RULE = re.compile(r"^_{5,}$")
_NOTICE = re.compile(
    r"^This record contains\b.*\b(?:Corrections|Official Records)\b", re.IGNORECASE | re.DOTALL
)


class Line(NamedTuple):
    """One text line as PDFium groups it, with the geometry the layout needs.

    ``y`` is the bottom of the line's first character and ``y_end`` that of its
    last one: they differ when PDFium merged two lines at a hyphen. ``mark`` is true for a
    note's mark printed alone on its line (a superscript ``a`` over a table's note).
    """

    text: str
    x0: float
    x1: float
    y: float
    y_end: float
    mark: bool = False


@dataclass(frozen=True)
class PageGeometry:
    """Size and origin of a page's media box."""

    left: float
    bottom: float
    width: float
    height: float

    @property
    def mid(self) -> float:
        """The x coordinate of the page's vertical middle."""
        return self.left + self.width / 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph assembled from lines; ``starts_new`` is False for a carry-over."""

    text: str
    starts_new: bool


@dataclass(frozen=True)
class PageText:
    """A page's paragraphs and whether its last line is short (paragraph-final)."""

    paragraphs: list[Paragraph]
    ends_short: bool


class _Placed(NamedTuple):
    line: Line
    column: str  # "L", "R" or "S" (spanning)
    leaders: bool  # a dot-leader table row


def is_furniture(
    line: Line, geom: PageGeometry, *, first_page: bool = False, top: float | None = None
) -> bool:
    """True for running heads, footers, job numbers, barcodes and page numbers.

    Only lines inside the top or bottom margin band are considered, except
    barcodes and bare job numbers, which never belong to the text. A running
    head carries the document symbol and a date; after the first page, the
    topmost line (``top`` is the page's highest line) that begins or ends with
    a bare UN symbol is one too. The first page's masthead is kept.
    """
    text = line.text.strip()
    if len(text) < 40 and (_BARCODE.match(text) or _FOOTER.match(text)):
        return True
    band = geom.height * MARGIN_BAND
    in_top = line.y > geom.bottom + geom.height - band
    in_bottom = line.y < geom.bottom + band
    if not (in_top or in_bottom):
        return False
    if _PAGE_NO.match(text):
        return True
    if not in_top:
        return False
    if _RUNNING_HEAD.search(text):
        return True
    topmost = top is None or line.y >= top - 2.0
    return not first_page and topmost and len(text) < 120 and bool(_UN_SYMBOL.search(text))


def _merged(line: Line) -> bool:
    """PDFium joined two physical lines at a line-end hyphen (last char on a lower line)."""
    return abs(line.y - line.y_end) > 1.0


def classify_columns(lines: Sequence[Line], geom: PageGeometry) -> list[str]:
    """Label each line ``L`` (left half), ``R`` (right half) or ``S`` (spanning).

    A line PDFium merged at a hyphen may end higher up, at the top of the next
    column; it belongs to the column where it starts.
    """
    mid = geom.mid
    labels = []
    for ln in lines:
        if ln.y_end > ln.y + 1.0:
            labels.append("L" if ln.x0 < mid else "R")
        elif ln.x1 <= mid + GUTTER_TOLERANCE:
            labels.append("L")
        elif ln.x0 >= mid - GUTTER_TOLERANCE:
            labels.append("R")
        else:
            labels.append("S")
    return labels


def reading_order(lines: Sequence[Line], geom: PageGeometry) -> list[_Placed]:
    """Order lines band by band, left column before right column."""
    labels = classify_columns(lines, geom)
    placed = [
        _Placed(ln, lab, ". ." in ln.text and bool(_LEADERS.search(ln.text)))
        for ln, lab in zip(lines, labels, strict=True)
    ]
    spanning = sorted((p for p in placed if p.column == "S"), key=lambda p: -p.line.y)
    if not spanning:
        left = [p for p in placed if p.column == "L"]
        right = [p for p in placed if p.column == "R"]
        return _top_down(left) + _top_down(right)
    cuts = sorted(p.line.y for p in spanning)  # ascending, for bisect
    bands: dict[tuple[int, str], list[_Placed]] = {}
    for p in placed:
        if p.column != "S":
            band = _beside(p.line, spanning, geom)
            if band is None:
                band = len(cuts) - bisect.bisect_right(cuts, p.line.y)  # spanning lines above
            bands.setdefault((band, p.column), []).append(p)
    out: list[_Placed] = []
    for b in range(len(cuts) + 1):
        for col in ("L", "R"):
            out.extend(_top_down(bands.get((b, col), [])))
        if b < len(spanning):
            out.append(spanning[b])
    return out


def _beside(line: Line, spanning: Sequence[_Placed], geom: PageGeometry) -> int | None:
    """The band of a short piece (a cell: :data:`CELL_WIDTH`) of a spanning line's printed
    line (bottoms within 1.5 pt): the one after that line when the piece stands right of
    it, before it when left of it (``Brazil 18 14 1 402a`` ... ``1 434b``); ``None`` for a
    line of its own, or a line of a column of text beside it."""
    if line.x1 - line.x0 > CELL_WIDTH * geom.width:
        return None
    for i, s in enumerate(spanning):
        if abs(s.line.y - line.y) < 1.5:
            if line.x0 >= s.line.x1 - 1.0:
                return i + 1
            if line.x1 <= s.line.x0 + 1.0:
                return i
    return None


def _down(p: _Placed) -> float:
    return -p.line.y


def _top_down(lines: list[_Placed]) -> list[_Placed]:
    """Top to bottom; pieces of one printed line (bottoms within 1.5 pt) left to right."""
    out = sorted(lines, key=_down)
    for i in range(1, len(out)):
        j = i
        while (
            j > 0
            and abs(out[j].line.y - out[j - 1].line.y) < 1.5
            and (out[j].line.x0 < out[j - 1].line.x0)
        ):
            out[j - 1], out[j] = out[j], out[j - 1]
            j -= 1
    return out


def _frequent_min(values: Iterable[float], default: float) -> float:
    """Smallest x shared (within 1.5 pt) by at least two lines; ``default`` if none."""
    xs = sorted(values)
    for i in range(len(xs) - 1):
        if xs[i + 1] - xs[i] <= 1.5:
            return xs[i]
    return xs[0] if xs else default


@dataclass(frozen=True)
class _Column:
    left: float
    right: float
    pitch: float


def column_edges(lines: Sequence[Line], labels: Sequence[str]) -> dict[str, float]:
    """Left edge of each column holding at least three lines on a page.

    ``labels`` are the lines' columns from :func:`classify_columns`.
    """
    edges = {}
    for col in ("L", "R"):
        xs = [ln.x0 for ln, lab in zip(lines, labels, strict=True) if lab == col]
        if len(xs) >= 3:
            edges[col] = _frequent_min(xs, xs[0])
    return edges


def one_column(columns: Sequence[str]) -> bool:
    """A page of one column: more of its lines span the middle than stay in one half.

    ``columns`` are the lines' labels (:func:`classify_columns`). On such a page (every
    page of a report, the cover of a record) the lines that stay in one half are no
    column of their own but the one column's short lines: a paragraph's last line, a
    heading, a masthead line. The gaps between them are no line pitch: on a report's
    first page they are the masthead's and the headings' spacing, and a heading ran on
    into the sub-heading under it (``II. Political and security update`` / ``Political
    situation``). Their gaps are measured against the one column's pitch instead.

    >>> one_column(["S", "S", "L", "S"]), one_column(["L", "R", "S", "L"])
    (True, False)
    """
    spanning = sum(1 for c in columns if c == "S")
    return spanning > len(columns) - spanning


def _column_stats(
    placed: Sequence[_Placed], geom: PageGeometry, edges: dict[str, float]
) -> dict[str, _Column]:
    stats: dict[str, _Column] = {}
    page_left = _frequent_min((p.line.x0 for p in placed), geom.left)
    for col in ("L", "R", "S"):
        members = [p.line for p in placed if p.column == col]
        if col == "S" or not members:
            left = page_left
        elif len(members) < 3 and col in edges:
            left = edges[col]  # too few lines here: the document's usual column edge
        else:
            left = _frequent_min((ln.x0 for ln in members), members[0].x0)
        single = [ln for ln in members if not _merged(ln)] or members
        right = max((ln.x1 for ln in single), default=geom.left + geom.width)
        gaps = [
            a.y_end - b.y
            for a, b in zip(members, members[1:], strict=False)
            if 4.0 < a.y_end - b.y < 40.0
        ]
        pitch = statistics.median(gaps) if len(gaps) >= 3 else DEFAULT_PITCH
        stats[col] = _Column(left, right, pitch)
    if one_column([p.column for p in placed]):
        for col in ("L", "R"):
            stats[col] = replace(stats[col], pitch=stats["S"].pitch)
    return stats


def _is_short(line: Line, col: _Column) -> bool:
    width = max(col.right - col.left, 1.0)
    return line.x1 < col.right - SHORT_LINE * width


def _starts_paragraph(prev: _Placed | None, cur: _Placed, cols: dict[str, _Column]) -> bool:
    col = cols[cur.column]
    indented = cur.line.x0 > col.left + INDENT_MIN
    if prev is None:
        return indented or cur.leaders
    if cur.leaders or prev.leaders:
        return True
    if cur.line.mark or prev.line.mark or _rule(cur.line) or _rule(prev.line):
        return True  # a note's lone mark, the footnotes' rule: never part of a paragraph
    gap = prev.line.y_end - cur.line.y
    if abs(gap) < 1.5 and cur.line.x0 >= prev.line.x1 - 1.0:
        return False  # another piece of the same printed line (e.g. after a font change)
    if _BULLET.match(cur.line.text):
        return True  # a bullet opens a list item
    if gap <= 0:
        # Jump up to the next column: only indentation or a short last line tell.
        return indented or _is_short(prev.line, cols[prev.column])
    if gap > GAP_FACTOR * max(col.pitch, cols[prev.column].pitch):
        return True
    if _hangs(prev.line, cur.line, col):
        return _is_short(prev.line, cols[prev.column])  # a list item's next line
    if indented and abs(prev.line.x0 - cur.line.x0) > 2.0:
        return True
    return _is_short(prev.line, cols[prev.column])


def _hangs(prev: Line, cur: Line, col: _Column) -> bool:
    """``cur`` is the next line of the list item ``prev`` opens: ``prev`` starts with a
    bullet or a dash (after a short cell, in a table: ``2008 • Formation of ...``), ``cur``
    with none, set in under the item's text (a hanging indent, within a fifth of the
    column) instead of at the mark."""
    if not _ITEM_START.match(prev.text) or _ITEM_MARK.match(cur.text):
        return False
    return 2.0 < cur.x0 - prev.x0 <= HANG * max(col.right - col.left, 1.0)


def _rule(line: Line) -> bool:
    return line.text[:1] == "_" and FOOTNOTE_RULE.match(line.text) is not None


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of one paragraph into one line of text.

    A line ending in a hyphen is joined without a space (``2016-`` + ``2020``);
    PDFium's own line-end hyphen marks (U+FFFE, U+0002) are left for
    :func:`repair_hyphens`, which needs the whole document's vocabulary.
    """
    out = ""
    for raw in lines:
        part = raw.strip()
        if not part:
            continue
        if out and not (out.endswith("-") and part[0].isalnum()):
            out += " "
        out += part
    return out


def page_paragraphs(
    lines: Sequence[Line], geom: PageGeometry, edges: dict[str, float] | None = None
) -> PageText:
    """Group a page's lines (furniture already removed) into paragraphs in reading order.

    ``edges`` gives the document's usual column edges, used for a column with
    too few lines on this page to show its own edge (see :func:`column_edges`).
    """
    placed = reading_order(lines, geom)
    if not placed:
        return PageText([], True)
    cols = _column_stats(placed, geom, edges or {})
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    starts_new = True
    prev: _Placed | None = None
    for p in placed:
        if prev is None or _starts_paragraph(prev, p, cols):
            if current:
                paragraphs.append(Paragraph(join_lines(current), starts_new))
            starts_new = prev is not None or _starts_paragraph(None, p, cols)
            current = []
        current.append(p.line.text)
        prev = p
    paragraphs.append(Paragraph(join_lines(current), starts_new))
    last = placed[-1]
    return PageText([q for q in paragraphs if q.text], _is_short(last.line, cols[last.column]))


def drop_notice(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Remove the corrections notice printed on the cover of provisional records."""
    return [p for p in paragraphs if not _NOTICE.match(p.text)]


HYPHEN_MARKS = "\ufffe\x02"
_MARKED = re.compile(r"(\w+)[\ufffe\x02]\s*(\w+)")


def repair_hyphens(text: str, document: str) -> str:
    """Resolve PDFium's line-end hyphen marks (U+FFFE, U+0002) in ``text``.

    UN documents break lines only at real hyphens (``Secretary-General``,
    ``counter-terrorism``), so the hyphen is kept unless ``document`` (the
    whole document's text, lower-cased) spells the joined word without one and
    never with one, as for a typesetter's soft hyphenation such as
    ``peace-keeping`` / ``peacekeeping``.
    """
    if not any(m in text for m in HYPHEN_MARKS):
        return text

    def fix(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        joined, hyphened = (a + b).lower(), f"{a}-{b}".lower()
        if _occurs(joined, document) and not _occurs(hyphened, document):
            return a + b
        return f"{a}-{b}"

    fixed = _MARKED.sub(fix, text)
    return fixed.replace("\ufffe", "-").replace("\x02", "-")


def _occurs(word: str, document: str) -> bool:
    """``word`` occurs in ``document`` as a whole word (not inside a longer or hyphenated one)."""
    size, end_of_text = len(word), len(document)
    start = document.find(word)
    while start != -1:
        end = start + size
        before = document[start - 1] if start else " "
        after = document[end] if end < end_of_text else " "
        if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_"):
            return True
        start = document.find(word, start + 1)
    return False
