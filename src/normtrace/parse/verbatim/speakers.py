"""Finding speaker headers in verbatim records: ``Mr. Abarry (Niger) (spoke in French):``.

A speech opens with a form of address (``Mr.``, ``Ms.``, ``Sir``, ``Archbishop``,
``The President``, ``The Secretary-General`` ...), the speaker's name, an
optional affiliation in parentheses (a state, sometimes with nested
parentheses) and an optional language note, then a colon. The rules are
written over forms of address, never over particular meetings.

This module only *finds* headers among a record's paragraphs (a corpus file
needs no finding: its header is the text before the first colon); the parts of
a header found are split by the one header grammar,
:func:`normtrace.parse.speakers.parse_speaker_header`.

>>> h = match_header("Mr. Abarry (Niger) (spoke in French): Allow me ...")
>>> (h.speaker, h.affiliation, h.language, h.body)
('Mr. Abarry', 'Niger', 'French', 'Allow me ...')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normtrace.parse.speakers import LANGUAGE_NOTE, PAREN, parse_speaker_header

#: Forms of address that precede a personal name (longest first where they share a prefix).
TITLES = (
    "Her Royal Highness",
    "His Royal Highness",
    "Her Highness",
    "His Highness",
    "Her Majesty",
    "His Majesty",
    "Her Excellency",
    "His Excellency",
    "Crown Prince",
    "Lieutenant General",
    "Major General",
    "Tan Sri",
    "Dato' Sri",
    "Datuk Seri",
    "Dato",
    "Dato'",
    "Datuk",
    "Datin",
    "Tun",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mme",
    "Mlle",
    "Messrs",
    "Dr",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Baroness",
    "Baron",
    "Archbishop",
    "Cardinal",
    "Bishop",
    "Monsignor",
    "Msgr",
    "Father",
    "Sister",
    "Rev",
    "Reverend",
    "Rabbi",
    "Imam",
    "Prince",
    "Princess",
    "Sheikh",
    "Sheikha",
    "Shaikh",
    "Emir",
    "King",
    "Queen",
    "Judge",
    "Justice",
    "General",
    "Ambassador",
    "Senator",
    "Professor",
    "Prof",
    "Count",
    "Countess",
    "President",
    "Vice-President",
    "Prime Minister",
    "Minister",
)

#: Offices spoken of with "The": ``The President``, ``The Secretary-General`` ...
OFFICES = (
    "Acting President",
    "Temporary President",
    "Vice-President",
    "President",
    "Deputy Secretary-General",
    "Secretary-General",
    "Chair",
    "Chairman",
    "Chairperson",
    "Co-Chair",
)
#: Titles that are also ordinary words ("General Assembly:"): they open a speech
#: only with a parenthesised affiliation or language note, or a two-word name.
WEAK_TITLES = frozenset(
    (
        "General",
        "Justice",
        "Count",
        "Countess",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "President",
        "Vice-President",
        "Prime Minister",
        "Minister",
        "Judge",
        "Ambassador",
        "Senator",
        "Professor",
        "Father",
        "Sister",
        "Emir",
        "Imam",
        "Bishop",
        "Lady",
        "Baron",
        "Lieutenant General",
        "Major General",
        "Crown Prince",
    )
)


#: Lower-case name particles (``Pecsteen de Buytswerve``, ``Lord Ahmad of Wimbledon``).
PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "del",
        "della",
        "dei",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "al",
        "bin",
        "ibn",
        "ben",
        "van",
        "von",
        "ten",
        "ter",
        "le",
        "la",
        "les",
        "y",
        "e",
        "zu",
        "af",
        "of",
        "und",
    ]
)

_OFFICE_WORDS = frozenset(("President", "Secretary-General", "Chair", "Chairman", "Chairperson"))
_TITLE = "|".join(re.escape(t) for t in TITLES)
_OFFICE = "|".join(re.escape(o) for o in OFFICES)
_TITLE_AT_START = re.compile(rf"(?:{_TITLE})(?![\w-])")
_NAME_TOKEN = r"(?:[^\W\d_][\w'’.\-]*)"
_HEADER = re.compile(
    rf"^(?P<speaker>(?:The\s+(?:{_OFFICE})(?![\w-]))"
    rf"|(?:(?:{_TITLE})\.?(?:\s+{_NAME_TOKEN}){{1,8}}?))"
    rf"(?P<parens>(?:\s*{PAREN}){{0,3}})"
    r"\s*:\s*"
)
# A name printed without a form of address counts only with a language note:
# "Hadiza (spoke in French):".
_BARE_HEADER = re.compile(
    rf"^(?P<speaker>[^\W\d_][\w'’\-]*(?:\s+{_NAME_TOKEN}){{0,3}}?)"
    rf"(?P<parens>(?:\s*{PAREN})?\s*\((?:spoke in|interpretation from) [A-Z][a-z]+[^()]*\))"
    r"\s*:\s*"
)
# Inside a paragraph only the unmistakable shape counts: a sentence end, then a
# form of address with a parenthesised affiliation or language note, then a colon.
_INLINE = re.compile(
    rf"(?<=[.!?”’\"])\s+(?=(?:The\s+(?:{_OFFICE})|(?:{_TITLE})\.?\s)[^:()]{{0,80}}"
    rf"(?:\s*{PAREN})+\s*:\s)"
)
_PAREN_RX = re.compile(PAREN)


@dataclass(frozen=True)
class Header:
    """A speaker header as printed, split into its parts, and the speech text after it."""

    header: str
    speaker: str
    affiliation: str | None
    language: str | None
    is_president: bool
    body: str


def _name_ok(speaker: str, has_parens: bool) -> bool:
    """Every name word after the form of address is capitalised or a known particle."""
    if speaker.startswith("The "):
        return True
    found = _TITLE_AT_START.match(speaker)
    if found is None:
        return False
    title = found.group(0)
    names = speaker.split()[len(title.split()) :]
    if not names or names[0] in _OFFICE_WORDS:
        return False
    if title in WEAK_TITLES and not has_parens and len(names) < 2:
        return False
    return all(w[0].isupper() or w.lower() in PARTICLES for w in names) and names[-1][0].isupper()


def match_header(paragraph: str) -> Header | None:
    """Split a paragraph that opens a speech into header parts and body; ``None`` otherwise."""
    if not paragraph[:1].isupper():
        return None
    m = _HEADER.match(paragraph)
    speaker = re.sub(r"\s+", " ", m["speaker"]).strip() if m else ""
    if m is None or not _name_ok(speaker, bool(m["parens"].strip())):
        head = paragraph[:200]
        if "(spoke in" not in head and "(interpretation" not in head:
            return None
        m = _BARE_HEADER.match(paragraph)
        if m is None:
            return None
        speaker = re.sub(r"\s+", " ", m["speaker"]).strip()
        if not all(w[0].isupper() or w in PARTICLES for w in speaker.split()):
            return None
    parts = _PAREN_RX.findall(m["parens"])
    if sum(1 for part in parts if not LANGUAGE_NOTE.fullmatch(part)) > 1:
        return None  # two affiliations: not a header
    header = re.sub(r"\s+", " ", paragraph[: m.end()]).strip().rstrip(":").rstrip()
    h = parse_speaker_header(header)
    return Header(
        header, h.speaker, h.affiliation, h.language, h.is_president, paragraph[m.end() :]
    )


def split_inline_headers(paragraph: str) -> list[str]:
    """Split a paragraph where a speaker header was glued to the end of the previous speech."""
    if "):" not in paragraph and ") :" not in paragraph:
        return [paragraph]
    pieces: list[str] = []
    start = 0
    for m in _INLINE.finditer(paragraph):
        if match_header(paragraph[m.end() :]) is None:
            continue
        pieces.append(paragraph[start : m.start()].strip())
        start = m.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


_HEADER_LIKE = re.compile(rf"^(?:The\s+(?:{_OFFICE})|(?:{_TITLE})\.?\s)[^:.!?]{{0,100}}:")


def looks_like_header(paragraph: str) -> bool:
    """A form of address and a colon early on: worth a warning when not a header."""
    return bool(_HEADER_LIKE.match(paragraph))
