"""The first page of a report, letter or statement: symbol, masthead, title and date.

The masthead (``United Nations S/2004/908 Security Council Distr.: General
18 November 2004 Original: English``) is read, then dropped before the
title, whether the text layer prints it on several lines, runs it together
on one line, or OCR blurs it (``S 2003/243``, ``\\, Security Council``).
"""

from __future__ import annotations

import re

from normtrace.errors import ParseError
from normtrace.parse import furniture
from normtrace.parse.dates import DATE_DMY, find_date, iso_date
from normtrace.parse.detect import guess_symbol
from normtrace.parse.furniture import Line
from normtrace.parse.symbols import parse_symbol

_BARE_DATE = re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$")

# The masthead run together on one line, up to its date if that follows.
_MASTHEAD_RUN = re.compile(
    r"^(?:United\s+Nations\s+)?(?:S\s?/?\s?\d{4}/\d+\S*\s+|S/\S+\s+|(?:\S{1,3}\s+){1,3})?Security\s+Council\s+"
    r"Distr\.?\s*:?\s*(?:General|Limited|Restricted)\b(?:\W{0,8}(?:\s+\w{1,2}){0,3}\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s+[A-Z]{1,2}\b)?)?"
    r"|^\W{1,4}\s?\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b"
    r"|^United\s+Nations(?:\s+S\s?/?\s?\d{4}/\d+\S*)?$|^Security\s+Council$"
)

# Specks OCR read around the masthead date, the date, then the title on the same line.
_OCR_DATE_PREFIX = re.compile(
    r"^(?:\S{1,3}\s+){0,4}\d{1,2}\s+(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{4}(?:\s+[A-Z]{1,2}\b)?(?=\s+[A-Z][a-z]|\s*$)"
)
_FIRST_SECTION = re.compile(r"^I\.\s+[A-Z](?!.*(?:\.\s*){4,}\d*$)")
_TITLE_LINE = re.compile(r"^[A-Z][^.;:!?]{2,100}$")
_MASTHEAD_LEFT = re.compile(r"^(?:Original\s*:.*|Distr\.?.*|\*\s.*)$", re.I)

_MASTHEAD_SYMBOL = re.compile(
    r"^United\s+Nations\s*\n*\s*S\s?[/|]?\s?(?P<year>(?:19|20)\d\d)\s?/\s?(?P<num>\d{1,5})\b(?!\s?/)",
    re.M,
)

_PERIOD = re.compile(r"^\((?:for\s+the\s+period|covering)\b.*\)$|^\(\d.*\d{4}\)$", re.I)

_DISTR_DATE = re.compile(r"Distr\.?\s*:?\s*(?:General|Limited|Restricted)\s*")

_TITLE_DATE = re.compile(r"\bdated\s+")


def resolve_symbol(text: str, symbol: str | None) -> str:
    """The canonical symbol: as given, else from the masthead, else the first page."""
    raw = symbol or _masthead_symbol(text) or guess_symbol(text)
    if not raw:
        raise ParseError("no document symbol on the first page; pass symbol='S/yyyy/nnn'")
    try:
        return str(parse_symbol(raw))
    except ValueError as exc:
        raise ParseError(str(exc), symbol=raw) from exc


def _masthead_symbol(text: str) -> str | None:
    """The symbol beside ``United Nations`` at the top of the first page, read leniently.

    OCR drops or blurs the slash (``S 2003/243``, ``S2004/117``) so that a
    symbol cited further down would win otherwise.
    """
    head = "\n".join(text.split("\f", 1)[0].lstrip().split("\n")[:4])
    m = _MASTHEAD_SYMBOL.search(head)
    return f"S/{m['year']}/{m['num']}" if m else None


def coerce_type(doc_type: str, sym: str) -> str:
    """A type this parser reads for a document the detector could not type."""
    kind = parse_symbol(sym).kind
    if kind in ("resolution", "verbatim"):
        raise ParseError(
            f"{sym} is a {kind}; use parse_resolution or the verbatim parser", symbol=sym
        )
    return "prst" if kind == "prst" else "report"


def content_lines(clean: str, sym: str) -> list[Line]:
    """The lines without furniture and without the masthead before the title."""
    lines = furniture.strip_furniture(clean, symbol=sym)
    while lines:
        first = lines[0]
        if m := _MASTHEAD_RUN.match(first.text):
            # "United Nations S/2004/908 Security Council Distr.: General 18 November 2004"
            rest = first.text[m.end() :].strip()
            head = [Line(rest, first.page, first.number, first.after_break)] if rest else []
            lines = head + lines[1:]
            continue
        if m := _OCR_DATE_PREFIX.match(first.text):
            # "( YW 3 March 2003": OCR specks and the masthead date, maybe the title after them
            rest = first.text[m.end() :].strip()
            head = [Line(rest, first.page, first.number, first.after_break)] if rest else []
            return head + lines[1:]
        if not (_BARE_DATE.match(first.text) or _MASTHEAD_LEFT.match(first.text)):
            break
        lines = lines[1:]
    return lines


def split_title(joined: list[Line]) -> tuple[str, list[Line]]:
    """The title, with its second printed line and ``(for the period ...)``, and the rest.

    A second title line (``Nations Mission of Support in East Timor``) is
    recognised by its place: a short unpunctuated line right before the first
    numbered section heading (``I. Introduction``).
    """
    title, body = joined[0].text, joined[1:]
    if (
        len(body) >= 2
        and _FIRST_SECTION.match(body[1].text)
        and _TITLE_LINE.match(body[0].text)
        and not _FIRST_SECTION.match(body[0].text)
    ):
        title, body = f"{title} {body[0].text}", body[1:]
    while body and (
        _PERIOD.match(body[0].text) or (title.endswith(",") and len(body[0].text) < 40)
    ):
        title, body = f"{title} {body[0].text}", body[1:]
    return title, body


def document_date(clean: str, doc_type: str) -> tuple[str | None, str | None]:
    """The date of the first page (distribution, dateline, meeting) and where it came from."""
    page = clean.split("\f", 1)[0][:3000]
    sources = [("distribution", _DISTR_DATE)]
    if doc_type == "letter":
        sources.append(("dateline", _TITLE_DATE))
    if doc_type == "prst":
        sources.append(("meeting", re.compile(r"held\s+on\s+")))
    for name, rx in sources:
        for m in rx.finditer(page):
            d = DATE_DMY.match(page, m.end())
            iso = iso_date(d) if d else None
            if iso:
                return iso, name
    first = find_date(page)
    return (first, "first page") if first else (None, None)
