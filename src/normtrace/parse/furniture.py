"""Recognize and remove UN page furniture from lines of text.

Furniture is what the printed page adds around the text: job numbers
(``13-27381 (E)``), barcodes (``*1327381*``), the running header repeating the
document symbol (``S/RES/2098 (2013)``), page numbers (``4``, ``2/5``,
``Page 3``), the masthead (``United Nations``, ``Security Council``,
``Distr.: General 28 March 2013``, ``Original: English``), the continuation
mark ``/...`` and rules of dashes or backquotes.

:func:`strip_furniture` keeps the content lines and says, for each, on which
page it sits and whether furniture or a page break came just before it, so a
parser can re-join paragraphs split by a page break.

>>> [ln.text for ln in strip_furniture("Text of page one\\n13-27381 (E)\\n*1327381*\\n2")]
['Text of page one']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from normtrace.parse.symbols import parse_symbol

_TOKEN = re.compile(
    r"""(?x)
    \d{1,3}(?:/\d{1,3})?         # page number: 4, 2/5
    | \d{2}-\d{5}[A-Z]?\*?        # job number: 13-27381, 02-74035* (reissued)
    | \(E\) | \(F\) | \(R\)       # language of the job number
    | \*\d{6,8}\*? | \d{6,7}     # barcode; date of processing (281195)
    | `+ | -{3,} | _{3,} | \.{3,}
    | Page
    """
)
_MASTHEAD = re.compile(
    r"""(?ix)
    (?:united\ nations|security\ council|general\ assembly)
      (?:\s+(?:[AS]/[\w./()\u2013-]+(?:\s*\(\d{4}\))?\*?|distr\..*))?   # two-column masthead
    | distr\.?\s*:?\s*(?:general|limited|restricted)\b.*
    | original\s*:\s*\w+.*
    | /\.\.\.|\.\.\./
    | english|french|spanish
    """
)
_HEADER_EXTRAS = re.compile(r"(?:\s+English|\s+Page\s+\d{1,3}|\*)+$")
_JOB = re.compile(r"\b\d{2}-\d{5}[A-Z]?\b")
_PAGE_NO = re.compile(r"^(?:Page\s+)?(\d{1,3})(?:/\d{1,3})?\b|\b(\d{1,3})(?:/\d{1,3})?$")


@dataclass(frozen=True)
class Line:
    """A content line with its place in the source.

    Attributes:
        text: the line, stripped.
        page: 1-based page, counted from running headers and form feeds.
        number: 1-based line number in the source text.
        after_break: furniture or a page break stood between this line and
            the previous content line.
    """

    text: str
    page: int
    number: int
    after_break: bool


def is_running_header(line: str, symbol: str | None = None) -> bool:
    """True if ``line`` is just a document symbol (optionally ``Page N``).

    With ``symbol``, only that symbol counts; :func:`is_furniture` counts any.

    >>> is_running_header("S/RES/2098 (2013)")
    True
    """
    s = _HEADER_EXTRAS.sub("", line.strip()).replace("))", ")")
    if not s.startswith("S") or len(s) > 40:
        return False
    try:
        found = str(parse_symbol(s))
    except ValueError:
        return False
    return symbol is None or found == symbol


def is_furniture(line: str, *, symbol: str | None = None) -> bool:
    """True if ``line`` is page furniture (see the module docstring).

    >>> is_furniture("4 13-27381"), is_furniture("4. Decides to remain seized")
    (True, False)
    """
    s = line.strip()
    if not s:
        return False
    if _MASTHEAD.fullmatch(s) or is_running_header(s):
        return True
    if len(s) > 60:  # furniture lines are short; content lines are not worth splitting
        return False
    return all(_TOKEN.fullmatch(tok) for tok in s.split())


def job_number(text: str) -> str | None:
    """The first job number (``13-27381``) on a furniture line of ``text``, if any."""
    for raw in text.splitlines():
        if is_furniture(raw):
            m = _JOB.search(raw)
            if m:
                return m.group(0)
    return None


def strip_furniture(text: str, *, symbol: str | None = None) -> list[Line]:
    """Drop furniture and blank lines; number pages by running headers and form feeds.

    Args:
        text: text with LF line ends (form feeds may separate pages).
        symbol: the document's canonical symbol, to recognize its running header.

    Returns:
        The content lines, in order.
    """
    out: list[Line] = []
    page, broke, new_page = 1, False, False
    for number, raw_line in enumerate(text.split("\n"), start=1):
        for i, raw in enumerate(raw_line.split("\f")):
            new_page = new_page or i > 0
            s = raw.strip()
            if not s:
                continue
            if is_furniture(s, symbol=symbol):
                broke = True
                new_page = new_page or is_running_header(s, symbol)
                continue
            if new_page and out:
                page += 1
            out.append(Line(s, page, number, broke or (new_page and bool(out))))
            broke = new_page = False
    return out


def trailing_furniture(text: str, *, symbol: str | None = None) -> list[str]:
    """The furniture lines after the last content line (what ends the text)."""
    tail: list[str] = []
    for raw in reversed(text.split("\n")):
        s = raw.replace("\f", " ").strip()
        if not s:
            continue
        if not is_furniture(s, symbol=symbol):
            break
        tail.append(s)
    return tail[::-1]


def printed_page_numbers(lines: list[str]) -> list[int]:
    """Page numbers printed on furniture lines (``4 13-27381`` → 4), in order."""
    found: list[int] = []
    for s in lines:
        if _JOB.fullmatch(s.split(" (")[0]) or not is_furniture(s) or is_running_header(s):
            continue
        m = _PAGE_NO.search(s)
        if m:
            found.append(int(m.group(1) or m.group(2)))
    return found


_TERMINAL = re.compile(r"[,;.:!?][\"'\u201d\u2019)\]]*$")
# Words a paragraph cannot end with: a line ending with one continues on the next.
_DANGLING = frozenset(
    re.findall(
        r"\w+",
        "of the and to in for by with a an on at from that which its their or as under "
        "including between into upon this these those all such be is are",
    )
)


def join_continuations(
    lines: list[Line],
    *,
    starts_unit: Callable[[str], bool],
    standalone: Callable[[str], bool] = lambda _text: False,
) -> list[Line]:
    """Re-join paragraphs split by a page break or a hard line wrap.

    A line continues the previous one when the previous line has no final
    punctuation and is not ``standalone`` (a heading), the line does not
    ``starts_unit`` (a numbered paragraph, a label), and either it starts in
    lower case, it follows a page break, or the previous line ends with a word
    such as ``of`` or ``the``. A hyphen ending the previous line is kept and no
    space inserted (``troop-`` + ``contributing``).
    """
    out: list[Line] = []
    for ln in lines:
        if out and _continues(out[-1], ln, starts_unit, standalone):
            prev = out[-1]
            glue = "" if prev.text.endswith("-") and ln.text[0].islower() else " "
            out[-1] = Line(prev.text + glue + ln.text, prev.page, prev.number, prev.after_break)
        else:
            out.append(ln)
    return out


def _continues(
    prev: Line,
    cur: Line,
    starts_unit: Callable[[str], bool],
    standalone: Callable[[str], bool],
) -> bool:
    if _TERMINAL.search(prev.text) or standalone(prev.text) or starts_unit(cur.text):
        return False
    if cur.text[0].islower() or cur.after_break:
        return True
    return prev.text.rsplit(None, 1)[-1].lower() in _DANGLING
