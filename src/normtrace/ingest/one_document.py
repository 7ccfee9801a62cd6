"""Refuse a text that holds many resolutions: a file is one document.

A dump of many resolutions in one text file (2,000 of them, 49 MB, in a new user's trial)
was parsed as ONE resolution: 173,000 units under the first symbol, 75,000 duplicate-key
warnings, minutes and a gigabyte of memory. The rule, checked on the extracted text before
it is parsed: a text that names **three or more different adoption meetings** in lines
``Adopted by the Security Council at its NNNNth meeting`` holds several resolutions and is
refused, with the first of them named. One resolution names its own meeting; two happen
(of 2,243 resolution files in ``../shared``, one holds a second resolution's header, none
three), so two are left to the parser and its warnings.
"""

from __future__ import annotations

import re

from normtrace.errors import IngestError

#: adoption meetings named in one text from which it is taken for several resolutions
MANY = 3
_ADOPTED = re.compile(
    r"Adopted\s+by\s+the\s+Security\s+Council\s+at\s+its\s+(\d[\d,]*)(?:st|nd|rd|th)?\s+meeting",
    re.IGNORECASE,
)
_RESOLUTION = re.compile(r"Resolution\s+(\d{1,4})\s*\((\d{4})\)", re.IGNORECASE)


def check_one_resolution(text: str, *, path: str) -> None:
    """Raise :class:`IngestError` when ``text`` names :data:`MANY` or more adoption meetings
    (the rule in this module's docstring); the line names the first few resolutions it holds.

    >>> one = "Resolution 9901 (2031)\\nAdopted by the Security Council at its 99901st meeting"
    >>> check_one_resolution(one, path="a.txt") is None
    True
    """
    meetings: dict[str, int] = {}
    for match in _ADOPTED.finditer(text):
        meetings.setdefault(match[1].replace(",", ""), match.start())
    if len(meetings) < MANY:
        return
    named = []
    for start in list(meetings.values())[:MANY]:
        header = _RESOLUTION.search(text, max(0, start - 200), start)  # its heading line
        if header is not None:
            named.append(f"S/RES/{header[1]} ({header[2]})")
    first = f" ({', '.join(named)}, ...)" if named else ""
    raise IngestError(
        f"holds {len(meetings)} resolutions{first}, not one: a file must be one document; "
        "split it into one file per resolution (named by its symbol, e.g. "
        "S-RES-1234(2005).txt) and ingest the folder",
        path=path,
    )
