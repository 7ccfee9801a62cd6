"""The cover (first page) of a verbatim record: meeting, date, President, members, agenda.

The cover is read from its paragraphs (one per line of the members table) as
:func:`normtrace.ingest.pdf.extract_pdf` lays them out; the rules also accept
the same lines from plain text.

>>> c = parse_cover(["8703rd meeting", "Wednesday, 15 January 2020, 10 a.m."])
>>> (c.meeting_number, c.date, c.time)
(8703, '2020-01-15', '10:00')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from normtrace.parse.dates import DATE_DMY, DATE_MDY, iso_date
from normtrace.parse.symbols import cited_symbols, find_symbols
from normtrace.parse.verbatim.speakers import match_header

_MEETING = re.compile(r"\b(?P<n>\d{1,5})(?:st|nd|rd|th)\s+meeting\b", re.IGNORECASE)
_RESUMPTION = re.compile(r"\((?:Resumption|Part)\s*(?P<n>\d+)?\)", re.IGNORECASE)
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ap>a\.\s?m\.|p\.\s?m\.)|(?P<word>noon|midnight)",
    re.IGNORECASE,
)
_LEADER = r"\s*\.(?:\s*\.)+\s*"
_LEADERS = re.compile(r"\.\s+\.")
_PRESIDENT = re.compile(rf"^President\s*:\s*(?P<name>.+?)(?:{_LEADER}|\s+)\((?P<state>[^)]+)\)\s*$")
_MEMBER = re.compile(rf"^(?:Members\s*:\s*)?(?P<state>[^.].*?)(?:{_LEADER}|\s+\.\s+)(?P<rep>\S.*)$")
_SUBITEM = re.compile(
    r"^(?:Letter|Letters|Identical letters|Report|Reports|Note|Special report|Draft|"
    r"Statement|Memorandum)\b|\(S/",
    re.IGNORECASE,
)
_BODY_START = re.compile(
    r"^(?:The meeting (?:was called to order|was resumed|resumed)|The President\b|"
    r"Adoption of the agenda)",
    re.IGNORECASE,
)


@dataclass
class Cover:
    """What the first page of a verbatim record says."""

    symbol: str | None = None
    meeting_number: int | None = None
    resumption: int | None = None
    date: str | None = None
    time: str | None = None
    president: dict[str, str] | None = None
    members: list[dict[str, str]] = field(default_factory=list)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    used: int = 0  # how many of the given paragraphs belong to the cover


def _normalize_time(text: str) -> str | None:
    m = _TIME.search(text)
    if m is None:
        return None
    if m["word"]:
        return "12:00" if m["word"].lower() == "noon" else "00:00"
    hour, minute = int(m["h"]) % 12, int(m["m"] or 0)
    if m["ap"].lower().startswith("p"):
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _date_time(text: str) -> tuple[str | None, str | None]:
    for rx in (DATE_DMY, DATE_MDY):
        m = rx.search(text)
        if m:
            return iso_date(m), _normalize_time(text[m.end() :])
    return None, None


def _masthead(cover: Cover, para: str) -> None:
    for _, _, sym in find_symbols(para):
        if sym.kind == "verbatim" and cover.symbol is None:
            cover.symbol = str(sym)
            cover.resumption = sym.resumption
    m = _MEETING.search(para)
    if m and cover.meeting_number is None:
        cover.meeting_number = int(m["n"])
        res = _RESUMPTION.search(para[m.end() :])
        if res and cover.resumption is None:
            cover.resumption = int(res["n"] or 1)
    if cover.date is None:
        cover.date, cover.time = _date_time(para)


def _member(para: str) -> dict[str, str] | None:
    m = _MEMBER.match(para)
    if m is None:
        return None
    state, rep = m["state"].strip(" ."), m["rep"].strip()
    return {"state": state, "representative": rep} if state and rep else None


def _add_president(cover: Cover) -> None:
    """Put the President's state in the members list, in alphabetical place."""
    if cover.president is None:
        return
    pres = {"state": cover.president["state"], "representative": cover.president["name"]}
    if any(m["state"] == pres["state"] for m in cover.members):
        return
    states = [m["state"] for m in cover.members]
    pos = len(states)
    if states == sorted(states):
        pos = next((i for i, s in enumerate(states) if s > pres["state"]), len(states))
    cover.members.insert(pos, pres)


def _agenda(paras: Sequence[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for para in paras:
        if items and _SUBITEM.search(para):
            docs = items[-1]["documents"]
            docs.extend(s for s in cited_symbols(para) if s not in docs)
            continue
        items.append({"title": para.strip(), "documents": list(cited_symbols(para))})
    return items


def _wrapped(paragraphs: Sequence[str], i: int) -> int:
    """How many following paragraphs continue cover row ``i`` (a wrapped table row).

    A President row continues while its parentheses are open; a member row
    without dot leaders continues into the next row that has them
    (``United Kingdom of Great Britain and`` / ``Northern Ireland . . Sir ...``).
    """
    para = paragraphs[i]
    if para.startswith("President") and para.count("(") > para.count(")"):
        return 1 if i + 1 < len(paragraphs) else 0
    has_next = i + 1 < len(paragraphs)
    if has_next and not _LEADERS.search(para) and _LEADERS.search(paragraphs[i + 1]):
        return 1
    return 0


def parse_cover(paragraphs: Sequence[str]) -> Cover:
    """Read the cover from the first page's paragraphs (stops where the meeting begins)."""
    cover = Cover()
    section = "masthead"
    agenda: list[str] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        if _BODY_START.match(para) or match_header(para) is not None:
            break
        if section == "members" or para.startswith("President"):
            extra = _wrapped(paragraphs, i)
            para = " ".join(paragraphs[i : i + extra + 1])
            i += extra
        i += 1
        section = _cover_row(cover, section, para, agenda)
    cover.used = i
    if cover.meeting_number is None and cover.president is None and not cover.members:
        cover.used = 0  # no cover on this page (e.g. an excerpt): it is all body text
    cover.agenda = _agenda(agenda)
    _add_president(cover)
    return cover


def _cover_row(cover: Cover, section: str, para: str, agenda: list[str]) -> str:
    """Read one cover paragraph; return the section the next one belongs to."""
    president = _PRESIDENT.match(para)
    if president:
        name, state = president["name"].strip(" ."), president["state"].strip()
        cover.president = {"name": name, "state": state}
        return "members"
    if re.fullmatch(r"Agenda\s*:?", para.strip()):
        return "agenda"
    if para.startswith("Members") or section == "members":
        member = _member(para)
        if member:
            cover.members.append(member)
        return "members"
    if section == "agenda":
        agenda.append(para)
    elif section == "masthead":
        _masthead(cover, para)
    return section
