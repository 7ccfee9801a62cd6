"""Parse a Security Council verbatim record (S/PV) into speeches and meeting facts.

Parser name ``parse.unsc_pv.v1``. Every form of address at the start of a
paragraph opens a new speech, even consecutive ``The President:`` turns;
headings and procedural lines printed between speeches stay inside the
preceding speech (the convention of the UN Security Council Debates corpus).
Paragraphs before the first speech (call to order, adoption of the agenda,
agenda heading) become the document's own paragraphs.

``Document.meta`` schema (other modules code against it)::

    {"meeting_number": int, "resumption": int | None, "date": "YYYY-MM-DD",
     "time": "HH:MM" | None, "title": str | None,
     "president": {"name": str, "state": str} | None,
     "members": [{"state": str, "representative": str}],
     "agenda": [{"title": str, "documents": [canonical symbols]}],
     "invitations": [{"rule": 37 | 39 | None, "name": str, "title": str | None,
                      "entity": str | None, "text": str}],
     "votes": [{"draft": str | None, "in_favour": [str], "against": [str],
                "abstaining": [str], "outcome": "adopted" | "not adopted" | None,
                "resolution": str | None}],
     "adoptions": [{"resolution": str, "draft": str | None, "unanimous": bool}]}

Unit keys: speech ``S/PV.8703/s002``, its paragraphs ``S/PV.8703/s002/p03``;
paragraphs before the first speech ``S/PV.8703/p01``.

>>> doc = parse_verbatim("United Nations S/PV.1\\n\\n1st meeting\\n\\n"
...     "The President: The meeting is open.\\n\\nThe meeting rose at 10 a.m.")
>>> [(s.key, s.speaker, s.text) for s in doc.speeches]
[('S/PV.1/s001', 'The President', 'The meeting is open.\\n\\nThe meeting rose at 10 a.m.')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from normtrace.errors import ParseError
from normtrace.parse.model import Document, ExtractedText, Paragraph, Speech
from normtrace.parse.symbols import canonical, cited_symbols
from normtrace.parse.verbatim.header import Cover, parse_cover
from normtrace.parse.verbatim.invitations import invitations_in
from normtrace.parse.verbatim.procedure import procedure_in
from normtrace.parse.verbatim.speakers import (
    Header,
    looks_like_header,
    match_header,
    split_inline_headers,
)

PARSER = "parse.unsc_pv.v1"

_PROCEDURAL = re.compile(
    r"^(?:A (?:recorded )?vote was taken\b|In favour\s*:|Against\s*:|Abstaining\s*:|"
    r"The meeting (?:rose|was suspended|was resumed|resumed|was called to order|was adjourned)\b|"
    r"The agenda was adopted\b|\((?:spoke in|interpretation from) \w+\)$)",
    re.IGNORECASE,
)
_SEATED = re.compile(r"\btook (?:a |their )?seats? at the Council table\b", re.IGNORECASE)
_VOTE_HEAD = re.compile(r"^(?:In favour|Against|Abstaining)\s*:\s*$", re.IGNORECASE)
_RES_NUMBER = re.compile(r"resolutions?\s+\d", re.IGNORECASE)
_ENDING = re.compile(r"\bThe meeting (?:rose|was suspended|was adjourned)\b", re.IGNORECASE)


@dataclass
class _Turn:
    header: Header
    page: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


def _join(a: str, b: str) -> str:
    return a + b if a.endswith("-") and b[:1].isalnum() else f"{a} {b}"


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def _one_line(paragraph: str) -> str:
    return (_LINE_BREAK.sub(" ", paragraph) if "\n" in paragraph else paragraph).strip()


def _cut_at_headers(text: str) -> list[str]:
    chunks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if chunks[-1] and match_header(line.strip()) is not None:
            chunks.append([])
        chunks[-1].append(line)
    return ["\n".join(c) for c in chunks]


def _pages(extracted: ExtractedText | str) -> list[tuple[int, str]]:
    if isinstance(extracted, ExtractedText):
        return [(p.number, p.text) for p in extracted.pages]
    text = extracted.replace("\r\n", "\n").replace("\r", "\n")
    return list(enumerate(text.split("\f"), start=1))


def record_paragraphs(extracted: ExtractedText | str) -> list[tuple[int, str]]:
    """``(page, paragraph)`` in reading order; paragraphs carried over a page are re-joined.

    Paragraphs are separated by blank lines; a page that does not end with a
    blank line continues its last paragraph on the next page (the layout of
    :func:`normtrace.ingest.pdf.extract_pdf`). Text without any blank line
    (one printed line per line, as from other converters) is cut before each
    line that opens a speech.
    """
    out: list[tuple[int, str]] = []
    carry = False
    for number, text in _pages(extracted):
        chunks = _BLANK_LINE.split(text)
        if len(chunks) == 1 and text.strip().count("\n") >= 3:
            chunks = _cut_at_headers(text)
        paras = [p for p in (_one_line(c) for c in chunks) if p]
        if carry and out and paras and match_header(paras[0]) is None:
            out[-1] = (out[-1][0], _join(out[-1][1], paras[0]))
            paras = paras[1:]
        out.extend((number, p) for p in paras)
        carry = bool(text.strip()) and not re.search(r"\n[ \t]*\n[ \t]*$", text)
    return out


def _kind(text: str) -> str:
    if _PROCEDURAL.match(text) or (len(text) < 300 and _SEATED.search(text)):
        return "procedural"
    unpunctuated = text.rstrip()[-1:] not in (".", "!", "?", ":", ";")
    if len(text) < 200 and text[:1].isupper() and "," not in text and unpunctuated:
        return "heading"
    return "text"


def _segment(
    body: Sequence[tuple[int, str]], warnings: list[str]
) -> tuple[list[tuple[int, str]], list[_Turn]]:
    """Split body paragraphs into those before the first speech and the speeches."""
    before: list[tuple[int, str]] = []
    turns: list[_Turn] = []
    for page, para in body:
        pieces = split_inline_headers(para)
        if len(pieces) > 1:
            warnings.append(
                f"page {page}: speaker header inside a paragraph, split: {pieces[1][:60]!r}"
            )
        for piece in pieces:
            header = match_header(piece)
            if header is not None:
                turn = _Turn(header, page)
                if header.body.strip():
                    turn.paragraphs.append((page, header.body.strip()))
                turns.append(turn)
            elif turns:
                if looks_like_header(piece):
                    warnings.append(
                        f"page {page}: possible speaker header not recognised: {piece[:60]!r}"
                    )
                turns[-1].paragraphs.append((page, piece))
            else:
                before.append((page, piece))
    return before, turns


def _may_cite(text: str) -> bool:
    """Cheap pre-test: every symbol has a "/", a resolution is cited by its number."""
    if "/" in text:
        return True
    return ("esolution" in text or "ESOLUTION" in text) and bool(_RES_NUMBER.search(text))


def _paragraph(key: str, order: int, page: int, text: str, parent: str | None) -> Paragraph:
    return Paragraph(
        key=key,
        kind=_kind(text),
        text=text,
        order=order,
        parent_key=parent,
        cites=cited_symbols(text) if _may_cite(text) else (),
        page=page,
    )


def _paragraphs(
    items: Sequence[tuple[int, str]], parent: str | None, prefix: str = ""
) -> tuple[Paragraph, ...]:
    """Paragraph units; a state list after ``In favour:`` etc. is procedural too."""
    out: list[Paragraph] = []
    base = parent if parent is not None else prefix
    for j, (page, text) in enumerate(items, start=1):
        para = _paragraph(f"{base}/p{j:02d}", j, page, text, parent)
        if out and _VOTE_HEAD.match(out[-1].text):
            para = replace(para, kind="procedural")
        out.append(para)
    return tuple(out)


def _speech(symbol: str, index: int, turn: _Turn) -> Speech:
    key = f"{symbol}/s{index:03d}"
    paras = _paragraphs(turn.paragraphs, key)
    h = turn.header
    return Speech(
        key=key,
        index=index,
        speaker=h.speaker,
        text="\n\n".join(p.text for p in paras),
        affiliation=h.affiliation,
        language=h.language,
        is_president=h.is_president,
        header=h.header,
        page=turn.page,
        paragraphs=paras,
    )


def _symbol(given: str | None, cover: Cover, warnings: list[str]) -> str:
    if given is None:
        if cover.symbol is None:
            raise ParseError(
                "no S/PV symbol on the first page: pass symbol= (e.g. 'S/PV.8703') "
                "or name the file by its symbol (S_PV.8703_E.pdf)"
            )
        return cover.symbol
    try:
        symbol = canonical(given)
    except ValueError as exc:
        raise ParseError(f"{exc}; pass a verbatim symbol such as 'S/PV.8703'") from exc
    if cover.symbol is not None and cover.symbol != symbol:
        warnings.append(f"symbol {symbol} given, but the record's first page says {cover.symbol}")
    return symbol


def _meeting_number(symbol: str, cover: Cover) -> int | None:
    if cover.meeting_number is not None:
        return cover.meeting_number
    m = re.match(r"S/PV\.(\d+)", symbol)
    return int(m[1]) if m else None


def _check(cover: Cover, turns: Sequence[_Turn], body: Sequence[tuple[int, str]]) -> list[str]:
    warnings = []
    if cover.date is None:
        warnings.append("no meeting date found on the first page")
    if cover.president is None:
        warnings.append("no President found on the first page")
    if cover.president is not None and len(cover.members) != 15:
        warnings.append(
            f"{len(cover.members)} Council members listed on the first page, expected 15"
        )
    if not turns:
        warnings.append("no speeches found: no paragraph opens with a form of address")
    if body and not _ENDING.search(body[-1][1]):
        warnings.append(
            "record does not end with 'The meeting rose at ...': it may be incomplete "
            f"(last paragraph, page {body[-1][0]}: {body[-1][1][-60:]!r})"
        )
    for t in turns:
        if not t.paragraphs:
            warnings.append(f"page {t.page}: speech of {t.header.header!r} has no text")
    return warnings


def _meta(
    symbol: str,
    cover: Cover,
    turns: Sequence[_Turn],
    before: Sequence[tuple[int, str]],
    warnings: list[str],
) -> dict[str, Any]:
    president_paras = [t for turn in turns if turn.header.is_president for _, t in turn.paragraphs]
    procedural = [t for _, t in before] + president_paras
    votes, adoptions, problems = procedure_in(procedural)
    warnings.extend(problems)
    return {
        "meeting_number": _meeting_number(symbol, cover),
        "resumption": cover.resumption,
        "date": cover.date,
        "time": cover.time,
        "title": cover.agenda[0]["title"] if cover.agenda else None,
        "president": cover.president,
        "members": cover.members,
        "agenda": cover.agenda,
        "invitations": invitations_in(president_paras),
        "votes": votes,
        "adoptions": adoptions,
    }


def parse_verbatim(extracted: ExtractedText | str, *, symbol: str | None = None) -> Document:
    """Parse a verbatim record into a :class:`Document` with speeches and meeting facts.

    Args:
        extracted: the record's text, from :func:`normtrace.ingest.pdf.extract_pdf`
            or as plain text (pages separated by form feeds, paragraphs by blank lines).
        symbol: the record's symbol (``S/PV.8703``); read from the first page if omitted.

    Raises:
        ParseError: no symbol given and none printed on the first page.
    """
    paragraphs = record_paragraphs(extracted)
    first_page = [t for p, t in paragraphs if p == paragraphs[0][0]] if paragraphs else []
    cover = parse_cover(first_page)
    warnings: list[str] = []
    sym = _symbol(symbol, cover, warnings)
    body = paragraphs[cover.used :]
    before, turns = _segment(body, warnings)
    warnings.extend(_check(cover, turns, body))
    meta = _meta(sym, cover, turns, before, warnings)
    doc_paras = _paragraphs(before, None, prefix=sym)
    return Document(
        symbol=sym,
        doc_type="verbatim",
        parser=PARSER,
        title=meta["title"],
        date=cover.date,
        year=int(cover.date[:4]) if cover.date else None,
        meeting=sym,
        paragraphs=doc_paras,
        speeches=tuple(_speech(sym, i, t) for i, t in enumerate(turns, start=1)),
        meta=meta,
        warnings=tuple(warnings),
    )
