"""Speaker headers of Security Council records: ``Mr. Abarry (Niger) (spoke in French):``.

The one grammar of a speaker header, for verbatim records and corpus speech
files alike: a speaker as printed (a form of address and a name, or an office:
``The President``), then parenthesised parts — an affiliation (a state or body,
with at most one level of nested parentheses: ``(Venezuela (Bolivarian
Republic of))``) and a language note (``(spoke in French)``, ``(interpretation
from Arabic)``) — then a colon. :func:`parse_speaker_header` splits a header
already found: a corpus file keeps it as the text before the first colon; in a
record :mod:`normtrace.parse.verbatim.speakers` first finds it among the
paragraphs (where only forms of address tell a header from text) and then
splits it here.

OCR of two-column pages sometimes interleaves text into the header
(``The President (spoke I thank Mr. Lowcock for his briefing. in French)``):
the language is still read and the stray words are returned apart.

>>> h = parse_speaker_header("Mr. Abarry (Niger) (spoke in French)")
>>> h.speaker, h.affiliation, h.language, h.is_president
('Mr. Abarry', 'Niger', 'French', False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The official languages of the United Nations, and others speakers have used.
_LANGUAGES = (
    "Arabic|Chinese|English|French|Russian|Spanish|German|Portuguese|Italian|Japanese|"
    "Persian|Farsi|Turkish|Dutch|Swahili|Hebrew|Korean|Hindi|Indonesian|Ukrainian|Amharic"
)
#: a parenthesised part of a header, with at most one level of nested parentheses
PAREN = r"\((?:[^()]|\([^()]*\))+\)"
#: a language note: ``(spoke in French)``, ``(speaking in Arabic)``, ``(interpretation from
#: Russian)``; a known language may come after stray OCR words (``(spoke I thank ... in French)``),
#: any other only right after ``in`` / ``from``
LANGUAGE_NOTE = re.compile(
    r"\(\s*(?:spoke|speaking)\b(?P<stray>[^()]*?)\bin\s+(?P<lang>" + _LANGUAGES + r")\b[^()]*\)"
    r"|\(\s*(?:spoke|speaking)\s+in\s+(?P<lang2>[^\W\d_]+)\b[^()]*\)"
    r"|\(\s*interpretation\s+from\s+(?P<lang3>[^\W\d_]+)\b[^()]*\)",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(rf"(?P<aff>{PAREN})\s*$")
#: the President of the Council, also when acting or temporary
PRESIDENT = re.compile(r"^The\s+(?:(?:Acting|Temporary)\s+)?President$", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerHeader:
    """What a speaker header says.

    Attributes:
        speaker: the speaker as printed, without brackets (``Mr. Abarry``,
            ``The President``, ``The Secretary-General``).
        affiliation: the bracketed country or body (``Niger``), if printed.
        language: the language spoken when not English (``French``), if printed.
        is_president: the President of the Council speaks.
        stray_text: words OCR interleaved into the header, if any.
    """

    speaker: str
    affiliation: str | None = None
    language: str | None = None
    is_president: bool = False
    stray_text: str | None = None


def parse_speaker_header(header: str) -> SpeakerHeader:
    """Split a speaker header into speaker, affiliation, language and presidency.

    Args:
        header: the form of address, with or without its final colon.

    Raises:
        ValueError: the header is empty.

    >>> h = parse_speaker_header("The President (spoke in Chinese):")
    >>> h.speaker, h.language, h.is_president
    ('The President', 'Chinese', True)
    >>> parse_speaker_header("Ms. Norman-Chalet (United States of America)").affiliation
    'United States of America'
    """
    text = " ".join(header.split()).rstrip(":").strip()
    if not text:
        raise ValueError("empty speaker header")
    language, stray = None, None
    m = LANGUAGE_NOTE.search(text)
    if m:
        language = (m["lang"] or m["lang2"] or m["lang3"]).capitalize()
        stray = (m["stray"] or "").strip() or None
        text = (text[: m.start()] + text[m.end() :]).strip()
    affiliation = None
    a = _AFFILIATION.search(text)
    if a and a.start() > 0:
        affiliation = " ".join(a["aff"][1:-1].split())
        text = text[: a.start()].strip()
    return SpeakerHeader(text, affiliation, language, bool(PRESIDENT.match(text)), stray)
