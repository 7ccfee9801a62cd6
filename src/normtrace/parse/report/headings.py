"""When a printed line is not finished: a paragraph's line, or a section heading's.

A report prints a long section heading on two lines (``VI. Update and activities on
humanitarian and`` / ``development needs``). A heading otherwise ends its line, so the
paragraph re-joining of :func:`normtrace.parse.report.parser.join_wrapped` stops after one;
these rules say when it goes on. They read how a line ends, never a report's wording:

* a line ending with a word that cannot end a phrase (:data:`DANGLING`: an article, a
  preposition, a conjunction, a possessive) is unfinished, a paragraph's line or a heading's;
* a heading's line is also unfinished after a comma or a word broken by a hyphen;
* what continues a heading is a short line (under :data:`MAX_CONTINUATION` characters) that
  ends no sentence, and the joined heading stays within :data:`MAX_HEADING` characters.
  That it starts no unit of its own (a numbered paragraph, another heading) the parser checks.

>>> continues_heading("VI. Update and activities on humanitarian and", "development needs")
True
>>> continues_heading("B. Security, justice,", "and corrections")
True
>>> continues_heading("VI. Humanitarian activities", "development needs")
False
>>> continues_heading("Annex A", "Military component")
False
>>> continues_heading("III. Support to the", "The Mission continued to support the police.")
False
"""

from __future__ import annotations

import re

#: words that do not end a phrase: a line ending with one (in lower case) goes on
DANGLING = frozenset(
    (
        *("a", "an", "the", "its", "their"),
        *("of", "on", "in", "to", "for", "by", "with", "from", "at", "into", "between"),
        *("and", "or"),
    )
)
#: a heading's continuation is shorter than this (a heading line is short)
MAX_CONTINUATION = 80
#: the longest heading a section's pattern reads (``VI.`` and 150 characters)
MAX_HEADING = 150

_ENDS_SENTENCE = re.compile(r"[.!?;:][\"'\u201d\u2019)\]]*$")


def dangling(line: str) -> bool:
    """``line`` ends with a word of :data:`DANGLING`, as printed in lower case (``Annex A``
    ends with a label, not an article)."""
    words = line.rsplit(None, 1)
    return bool(words) and words[-1] in DANGLING


def continues_heading(heading: str, line: str) -> bool:
    """``line`` continues the section heading ``heading`` printed on the line above (see the
    module docstring)."""
    unfinished = dangling(heading) or heading.endswith((",", "-"))
    return (
        unfinished
        and 0 < len(line) < MAX_CONTINUATION
        and not _ENDS_SENTENCE.search(line)
        and len(heading) + 1 + len(line) <= MAX_HEADING
    )
