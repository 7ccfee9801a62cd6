"""Facts about a resolution besides its paragraphs: adoption meeting, date, leading verbs.

>>> facts = adoption_facts("Adopted by the Council at its 6943rd meeting, on 28 March 2013")
>>> facts.meeting_number, facts.date, facts.date_source
(6943, '2013-03-28', 'adoption')
>>> leading_verb("Strongly condemns the continued presence of the M23")
'Condemns'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normtrace.parse import furniture
from normtrace.parse.dates import DATE_DMY, iso_date

_ADOPTION = re.compile(
    r"Adopt(?:ed|ion)\b(?:(?!Adopt)[^.]){0,120}?\bat\s+(?:its|the|is)\s+"
    r"(?P<num>\d{1,5})\s*(?:st|nd|rd|th|d)?\s+(?P<closed>\(closed\)\s+|private\s+)?"
    r"(?:plenary\s+)?meeting",
    re.I,
)
_RESOLUTION_NUMBER = re.compile(r"\bRESOLUTION\s+(\d{1,4})\b", re.I)
_AFTER_MEETING = re.compile(r"\s*,?\s*(?:held\s+)?on\s+")
_DATE_SOURCES = (
    ("distribution", re.compile(r"Distr\.?\s*:?\s*GENERAL\s*(?:S/RES/\d+\s*\(\d{4}\)\s*)?", re.I)),
    (
        "title",
        re.compile(
            r"Resolution\s+(?:\d{1,4}\s*\(\s*\d{4}\s*\)\s*)?(?:of|or|adopted(?: on)?)\s*", re.I
        ),
    ),
    ("publication", re.compile(r"Publication Date\s*")),
)

LEXICON = frozenset(
    [
        "accepts",
        "acknowledges",
        "adopts",
        "affirms",
        "agrees",
        "appeals",
        "applauds",
        "appreciates",
        "approves",
        "asks",
        "assures",
        "authorizes",
        "calls",
        "cautions",
        "commends",
        "concurs",
        "condemns",
        "confirms",
        "considers",
        "continues",
        "decides",
        "declares",
        "demands",
        "denounces",
        "deplores",
        "designates",
        "determines",
        "directs",
        "draws",
        "emphasizes",
        "encourages",
        "endorses",
        "entrusts",
        "establishes",
        "expresses",
        "extends",
        "highlights",
        "insists",
        "intends",
        "invites",
        "looks",
        "notes",
        "pays",
        "proclaims",
        "reaffirms",
        "recalls",
        "recognizes",
        "recommends",
        "regrets",
        "reiterates",
        "rejects",
        "reminds",
        "renews",
        "requests",
        "resolves",
        "shares",
        "solicits",
        "stresses",
        "submits",
        "supports",
        "takes",
        "underlines",
        "underscores",
        "undertakes",
        "urges",
        "warns",
        "welcomes",
        "states",
        "concludes",
        "forwards",
        "nominates",
    ]
)
"""Verbs that open operative paragraphs (third person singular, lower case)."""

_ADVERBS = frozenset(
    [
        "further",
        "also",
        "again",
        "once",
        "hereby",
        "still",
        "therefore",
        "accordingly",
        "furthermore",
        "moreover",
        "likewise",
        "similarly",
        "now",
        "thus",
        "finally",
    ]
)
_NOT_VERBS = frozenset(
    [
        "its",
        "this",
        "is",
        "as",
        "has",
        "was",
        "members",
        "parties",
        "nations",
        "governments",
        "countries",
        "forces",
        "authorities",
        "thus",
        "always",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Early resolutions repeat the subject: "1. The Security Council requests ...".
_OLD_SUBJECT = re.compile(r"^\W*The\s+Security\s+Council\s+(?=[a-z])")
_LEAD_LABEL = re.compile(r"^\s*\(\s*[a-z]{1,4}\s*\)\s*")
_PARTICIPLE = re.compile(r"[A-Z][a-z]{2,}ing")
# A verb inside an opening clause: ", decides", ", and considers", "In this context demands".
_IN_CLAUSE = re.compile(
    r"(?:[,;:]\s+(?:and\s+)?|\b(?:context|regard|respect|connection)\s+)"
    r"(?:[a-z]+ly\s+|further\s+|also\s+|therefore\s+)*([a-z]+)\b"
)


@dataclass(frozen=True)
class AdoptionFacts:
    """Meeting and date of adoption, where the date came from, and problems."""

    meeting_number: int | None
    date: str | None
    date_source: str | None
    warnings: tuple[str, ...] = ()


def adoption_facts(
    text: str, *, number: int | None = None, year: int | None = None
) -> AdoptionFacts:
    """Find the adoption meeting and date in a resolution's text.

    When the text holds several adoption lines (refworld exports sometimes
    head a file with another resolution's), the one printed after
    ``Resolution <number>`` wins, and one printed after another resolution's
    number loses. The date comes from the adoption line, else the
    ``Distr.: General`` date, else ``Resolution n (yyyy) of <date>``, else a
    ``Publication Date``.

    Args:
        text: the whole normalized text.
        number: the resolution's number, to choose among adoption lines.
        year: the resolution's year, to check the date against.
    """
    flat = re.sub(r"\s+", " ", text)
    found = list(_ADOPTION.finditer(flat))
    m = min(found, key=lambda x: _rank(flat, x, number)) if found else None
    meeting = int(m["num"]) if m else None
    date, source = _adoption_line_date(flat, m) if m else (None, None)
    printed = date
    if date is None or (year is not None and int(date[:4]) != year):
        other = _fallback_date(flat, year, number) or _fallback_date(flat, None, number)
        date, source = other or (date, source)
    warnings = _check(meeting, date, year)
    if printed and date != printed:
        warnings += (f"the adoption line prints {printed}; date taken from the {source} line",)
    if m and m["closed"]:
        warnings += ("adopted at a closed meeting",)
    return AdoptionFacts(meeting, date, source, warnings)


def _rank(flat: str, m: re.Match[str], number: int | None) -> tuple[int, int]:
    before = _RESOLUTION_NUMBER.findall(flat[max(0, m.start() - 100) : m.start()])
    if number is None or not before:
        return 1, m.start()
    return (0 if int(before[-1]) == number else 2), m.start()


def _adoption_line_date(flat: str, m: re.Match[str]) -> tuple[str | None, str | None]:
    """The date of the adoption line: right after the meeting, or later in its sentence
    (``..., by a vote of 13 to 0, with 2 abstentions (...), on 30 December 2002``)."""
    after = _AFTER_MEETING.match(flat, m.end())
    d = DATE_DMY.match(flat, after.end()) if after else None
    if d is None:
        sentence = flat[m.end() : m.end() + 300].split(". ", 1)[0]
        on = re.search(r"\bon\s+", sentence)
        d = DATE_DMY.match(flat, m.end() + on.end()) if on else None
    iso = iso_date(d) if d else None
    return (iso, "adoption") if iso else (None, None)


def _fallback_date(
    flat: str, year: int | None = None, number: int | None = None
) -> tuple[str, str] | None:
    """The first date of a ``Distr.``, title or publication line (of ``year`` if given).

    A title line counts only when it names no number or this resolution's ``number``,
    never a resolution it cites (``resolution 46 (1948) of 17 April 1948``).
    """
    for name, rx in _DATE_SOURCES:
        for m in rx.finditer(flat):
            titled = re.search(r"\d{1,4}", m.group(0)) if name == "title" else None
            if titled and number is not None and int(titled.group(0)) != number:
                continue
            d = DATE_DMY.match(flat, m.end())
            iso = iso_date(d) if d else None
            if iso and (year is None or int(iso[:4]) == year):
                return iso, name
    return None


def _check(meeting: int | None, date: str | None, year: int | None) -> tuple[str, ...]:
    out = []
    if meeting is None:
        out.append("no adoption meeting found in the text")
    if date is None:
        out.append("no adoption date found in the text")
    elif year is not None and int(date[:4]) != year:
        out.append(f"date {date} disagrees with the year {year} of the symbol")
    return tuple(out)


def leading_verb(text: str, *, first_only: bool = False) -> str | None:
    """The verb opening an operative paragraph, title-cased as printed.

    A leading label ``(a)`` and adverbs are skipped (``Further requests`` →
    ``Requests``). A participle opening a numbered paragraph (``Calling upon``,
    ``While noting``) is returned as printed (``Calling``). When the paragraph
    opens with another clause (``In this context demands``, ``Acting under
    Chapter VII ..., decides``), the first known operative verb in it is taken,
    unless ``first_only``.

    >>> leading_verb("Acting under Chapter VII of the Charter, decides that")
    'Decides'
    """
    words = _WORD.findall(_LEAD_LABEL.sub("", _OLD_SUBJECT.sub("", text[:160])))
    i = 0
    while i < len(words) - 1 and (_is_adverb(words[i]) or words[i] in ("While", "Whilst")):
        i += 1
    if i < len(words) and _is_verb(words[i], after_adverb=i > 0):
        return _title(words[i])
    if first_only:
        return None
    if i < len(words) and _PARTICIPLE.fullmatch(words[i]) and words[i] != "Acting":
        return _title(words[i])
    for m in _IN_CLAUSE.finditer(text):
        if m[1] in LEXICON:
            return _title(m[1])
    return None


def _is_adverb(word: str) -> bool:
    w = word.lower()
    return w in _ADVERBS or (w.endswith("ly") and len(w) > 4)


def _is_verb(word: str, *, after_adverb: bool = False) -> bool:
    w = word.lower()
    if w in LEXICON or w + "s" in LEXICON or (w.endswith("ed") and w[:-1] + "s" in LEXICON):
        return True
    return (
        w.endswith("s")
        and len(w) >= 4
        and not w.endswith(("ss", "us", "is", "ous", "'s"))
        and w not in _NOT_VERBS
        and (word[0].isupper() or after_adverb)
    )


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


_END_OF_TEXT = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
# Footnote marks and stray OCR quotes after the final stop: "Korea.1", "Court. \u2018", "matter. 1".
_TRAILING_MARK = re.compile(r"(?<=[.;:!?])\s*(?:[\d\u2018\u2019'*]{1,2}|\[\d{1,2}\])$|\s+\d{1,2}$")
_NAME_LIST_END = re.compile(r":[^:]*\([A-Z][^()]*\)$", re.S)


def truncation_reasons(text: str, symbol: str, last: tuple[str, str] | None) -> list[str]:
    """Why a document looks cut short; empty if it looks complete.

    Signs: the text ends with the running header of a page that has no text,
    or with the continuation mark ``/...``; or the last paragraph stops
    without final punctuation (a list of names after a colon, as in
    nominations of judges, is complete without it).

    Args:
        text: the whole normalized text.
        symbol: the document's canonical symbol (its running header).
        last: ``(key tail, text)`` of the last paragraph, if any.
    """
    reasons = []
    tail = furniture.trailing_furniture(text, symbol=symbol)
    if any(furniture.is_running_header(s, symbol) for s in tail):
        reasons.append("text ends with the running header of a page whose text is missing")
    if any(s.endswith("/...") for s in tail):
        reasons.append("text ends with the continuation mark '/...' (next page missing)")
    if last is not None:
        body = _TRAILING_MARK.sub("", last[1].rstrip())
        if not _END_OF_TEXT.search(body) and not _NAME_LIST_END.search(body):
            reasons.append(f"text ends mid-paragraph in {last[0]}: ...{body[-40:]!r}")
    return reasons
