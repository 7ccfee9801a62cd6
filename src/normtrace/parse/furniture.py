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
    | \d{2}-\d{5}[A-Z]?\*{0,2}    # job number: 13-27381, 02-74035* (reissued)
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
_JOB_PREFIX = re.compile(r"^\d{2}-\d{5}[A-Z]?\*{0,2}\s*(?:\([EFRS]\))?\s+(?=[A-Z][a-z])")
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
    s = _HEADER_EXTRAS.sub("", line.strip()).replace("))", ")").replace(".(", " (")
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
            prefix = _JOB_PREFIX.match(s)
            if prefix:  # "05-59277** (E) Calling upon ...": the job number ran into the text
                s, broke = s[prefix.end() :], True
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
_PARAGRAPH_END = re.compile(r"[;.:!?][\"'\u201d\u2019)\]]*$")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|para|paras|art|arts|vol|p|pp|Rev|Add|Corr|Hj|Mohd|[A-Z])\.$"
)
# Where a list item may begin: after a comma, a semicolon, a colon, or "; and".
_LIST_GAP = re.compile(r"(?:[,;:]|[;,]\s+(?:and|or))$")
_FULL_LINE = 50
# A heading between paragraphs: short, capitalized, unpunctuated ("Oil Trade").
_SHORT_TITLE = re.compile(r"[A-Z][^.,;:!?]{0,48}[A-Za-z)]")
# Words a paragraph cannot end with: a line ending with one continues on the next.
_DANGLING = frozenset(
    re.findall(
        r"\w+",
        "of the and to in for by with a an on at from that which its their or as under "
        "including between into upon this these those all such be is are",
    )
)


def looks_hard_wrapped(lines: list[Line]) -> bool:
    """True when lines are printed lines (a PDF text layer), not whole paragraphs.

    Printed lines are short (almost none over 110 characters) and many end
    without punctuation; one-paragraph-per-line text has long lines.
    """
    if len(lines) < 8:
        return False
    long_lines = sum(1 for ln in lines if len(ln.text) > 110)
    open_ended = sum(1 for ln in lines if not _TERMINAL.search(ln.text))
    return long_lines <= 0.03 * len(lines) and open_ended >= 0.3 * len(lines)


def join_continuations(
    lines: list[Line],
    *,
    starts_unit: Callable[[str], bool],
    standalone: Callable[[str], bool] = lambda _text: False,
    wrapped: bool = False,
    opens_paragraph: Callable[[str], bool] = lambda _text: False,
) -> list[Line]:
    """Re-join paragraphs split by a page break or a hard line wrap.

    One paragraph per line (the default): a line continues the previous one
    when the previous line has no final punctuation and is not ``standalone``
    (a heading), the line does not ``starts_unit`` (a numbered paragraph, a
    label), and either it starts in lower case, it follows a page break, or the
    previous line ends with a word such as ``of`` or ``the``.

    Printed lines (``wrapped``, see :func:`looks_hard_wrapped`): every line
    continues the previous one, except after a sentence end (``.`` ``;`` ``:``,
    not ``Mr.``), after a short physical line (a heading or a paragraph's last
    line), after a comma when the line ``opens_paragraph`` (``Recalling``), and
    when it ``starts_unit`` after a comma or ``; and``.

    A hyphen ending the previous line is kept and no space inserted
    (``troop-`` + ``contributing``).

    Linear time: a growing paragraph is kept as pieces and joined once; the tests
    on how it ends read its last ``_TAIL`` characters, and ``standalone`` (a heading
    test) is asked only about paragraphs of at most ``_TAIL`` characters.
    """
    out: list[Line] = []
    parts: list[str] = []  # the pieces of out[-1] while it grows
    tail, size, last_len = "", 0, 0
    for ln in lines:
        if not out:
            joined = False
        else:
            heading = size <= _TAIL and standalone(tail)
            if wrapped:
                joined = not heading and _continues_wrapped(
                    tail, last_len, ln, starts_unit, opens_paragraph
                )
            else:
                joined = _continues(tail, heading, ln, starts_unit)
        if joined:
            glue = "" if tail.endswith("-") and tail[-2:-1].isalpha() else " "
            parts += (glue, ln.text)
            size += len(glue) + len(ln.text)
            tail = (tail[-_TAIL:] + glue + ln.text)[-_TAIL:]
        else:
            _flush(out, parts)
            out.append(ln)
            parts, tail, size = [ln.text], ln.text[-_TAIL:], len(ln.text)
        last_len = len(ln.text)
    _flush(out, parts)
    return out


_TAIL = 256  # longer than any heading; the end tests below look back a few characters


def _flush(out: list[Line], parts: list[str]) -> None:
    if len(parts) > 1:
        first = out[-1]
        out[-1] = Line("".join(parts), first.page, first.number, first.after_break)


def _continues(
    prev: str,
    heading: bool,
    cur: Line,
    starts_unit: Callable[[str], bool],
) -> bool:
    if heading or starts_unit(cur.text):
        return False
    if cur.text[0].islower() and not _PARAGRAPH_END.search(prev):
        return True  # no paragraph starts in lower case; after a comma it goes on
    if _TERMINAL.search(prev):
        return False
    if cur.after_break:
        return True
    words = prev.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _DANGLING


def _continues_wrapped(
    prev: str,
    last_len: int,
    cur: Line,
    starts_unit: Callable[[str], bool],
    opens_paragraph: Callable[[str], bool],
) -> bool:
    if _PARAGRAPH_END.search(prev) and not _ABBREVIATION.search(prev):
        return False
    if last_len < _FULL_LINE and not cur.text[:1].islower():
        return False
    if prev.endswith(",") and (opens_paragraph(cur.text) or _SHORT_TITLE.fullmatch(cur.text)):
        return False
    return not (starts_unit(cur.text) and _LIST_GAP.search(prev))
