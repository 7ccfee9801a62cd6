"""Footnotes printed at the foot of a report's page, taken out of the running text.

A footnote interrupts the paragraph that runs over the page break; without it the paragraph
re-joins (:func:`~normtrace.parse.report.parser.join_wrapped` continues a line after a
page break). A line is a footnote at the foot of its page when

* it stands below the rule printed over a page's footnotes (a line of underscores, which the
  PDF layout keeps as a paragraph of its own: :data:`normtrace.ingest.pdf_layout.FOOTNOTE_RULE`),
  whatever it says (``** Reissued for technical reasons on 19 October 2010.``): the rule,
  not the note's wording, says so; or
* it opens with a note's number and a reference (``1 See S/2013/119, para. 7.``) and the
  page ends after it or another such note follows.

>>> text = "a paragraph that runs on\\n\\n__________\\n\\n** Reissued\\n\\n\\f"
>>> sorted(ruled_notes(text))
['** Reissued']
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from normtrace.ingest.pdf_layout import FOOTNOTE_RULE
from normtrace.parse.furniture import Line

#: a note opening with its number and a reference
FOOTNOTE = re.compile(r"^\d{1,2}\s+(?:See\b|S/|A/|Ibid|Available|https?:|Resolution|Official)")
#: the rule over a page's footnotes, as the PDF layout prints it (its own paragraph)


def ruled_notes(text: str) -> set[str]:
    """The lines (stripped) printed below a footnote rule on their page of ``text``
    (pages separated by form feeds, paragraphs by blank lines)."""
    found: set[str] = set()
    for page in text.split("\f"):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        rules = [i for i, ln in enumerate(lines) if FOOTNOTE_RULE.match(ln)]
        if rules:
            found.update(lines[rules[-1] + 1 :])
    return found


def lift_footnotes(
    lines: list[Line], ruled: AbstractSet[str] = frozenset()
) -> tuple[list[Line], list[Line]]:
    """Take out the footnotes printed at the foot of a page (see the module docstring):
    ``ruled`` holds the lines printed below a footnote rule (:func:`ruled_notes`). Returns
    the remaining lines and the footnotes."""
    kept: list[Line] = []
    notes: list[Line] = []
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        last = nxt is None or nxt.page != ln.page
        below_rule = ln.text in ruled and (nxt is None or last or nxt.text in ruled)
        at_foot = last or (nxt is not None and FOOTNOTE.match(nxt.text) is not None)
        (notes if below_rule or (FOOTNOTE.match(ln.text) and at_foot) else kept).append(ln)
    return kept, notes
