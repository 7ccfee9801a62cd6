"""Split resolution lines that run several paragraphs together.

Some files of the shared corpus lost their paragraph breaks: preambular
paragraphs run on after a comma (``..., Recalling ...``), operative paragraphs
after a semicolon (``...; 35. Decides ...``), items after a semicolon
(``...; (v) the review ...``), and margin headings run into the paragraph they
head (``New Sanctions Committee 9. Decides ...``). These functions cut such
lines where the next label is the one expected, so a parser sees one
paragraph per line.

>>> open_list = LabelState(letter="b", roman="iii")
>>> split_inline("(iv) the tasks; (v) the review; 35. Decides to remain seized.", open_list, 34)
['(iv) the tasks;', '(v) the review;', '35. Decides to remain seized.']
"""

from __future__ import annotations

import re
from dataclasses import replace

from normtrace.parse.labels import LabelState
from normtrace.parse.resolution.meta import LEXICON, leading_verb

OP = re.compile(r"^(?P<num>\d{1,3})\s*\.\s*(?P<rest>\S.*)$")
SUB = re.compile(r"^(?:\(\s*(?P<a>[a-z]{1,4})\s*\)|(?P<b>[a-z])\))\s*(?P<rest>.*)$")
TERMINAL = re.compile(r"[,;.:!?][\"'\u201d\u2019)\]]*$")
INLINE = re.compile(r"(?:\s+(?P<num>\d{1,3})\.|(?<=[;:])\s+\((?P<lab>[a-z]{1,4})\))\s+(?=[A-Za-z])")
RUN_ON_VERB = re.compile(r",\s+(?=(?:[A-Z][a-z]+ly\s+)?(?P<verb>[A-Za-z][a-z]+s)\b)")
_STARTERS = (
    r"(?:(?!Beijing|Kunming|Nanjing|Wyoming)[A-Z][a-z]{2,}ing|Being|Re-[a-z]+ing|"
    r"(?:[A-Z][a-z]+ly|Further|Also|Again|While)\s+[a-z]+(?:ing|ed|ful|ive)|Mindful|"
    r"Conscious|Aware|Convinced|Determined|Alarmed|Concerned|Desirous|Guided|Encouraged|"
    r"Disturbed|Cognizant|Having|Committed|Appalled|Dismayed|Resolved|Satisfied|Shocked|"
    r"Deploring|Outraged|Recognizing|Gratified|Anxious|Bearing)\b"
)
# A preambular paragraph run into the previous one: ", Recalling", ", Deeply concerned".
RUN_ON_PREAMBLE = re.compile(r",\s+(?=" + _STARTERS + ")")
# How a preambular paragraph opens.
PREAMBLE_START = re.compile(_STARTERS)

_SHORT = 80


def split_preamble(text: str, *, numbered: bool) -> list[str]:
    """Split preambular paragraphs run together on one line (some files lost their breaks)."""
    if len(text) < _SHORT:  # short lines are single paragraphs
        return [text]
    cuts = [m.end() for m in RUN_ON_PREAMBLE.finditer(text)]
    if not numbered:
        cuts += [m.end() for m in RUN_ON_VERB.finditer(text) if m["verb"].lower() in LEXICON]
    pieces: list[str] = []
    start = 0
    for cut in sorted(cuts):
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def split_inline(text: str, labels: LabelState, last_op: int) -> list[str]:
    """Split run-on lines at ``; 35. Decides`` or ``; (v) the`` when the label is the next one."""
    if not INLINE.search(text):
        return [text]
    labels = replace(labels)
    own = SUB.match(text)
    if own and not OP.match(text):
        labels.classify(own["a"] or own["b"])
    pieces, start, next_op = [], 0, last_op + 1
    own_op = OP.match(text)
    if own_op:
        next_op, labels = int(own_op["num"]) + 1, LabelState()
    for m in INLINE.finditer(text):
        if m["num"] and int(m["num"]) == next_op and _opens_paragraph(text, m):
            next_op, labels = next_op + 1, LabelState()
        elif m["lab"] and m["lab"] in labels.expected():
            labels.classify(m["lab"])
        else:
            continue
        pieces.append(text[start : m.start()])
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _opens_paragraph(text: str, m: re.Match[str]) -> bool:
    """An inline ``9.`` opens a paragraph after punctuation or before an operative verb."""
    after_punct = m.start() > 0 and text[m.start() - 1] in ";:.,"
    return after_punct or leading_verb(text[m.end() :], first_only=True) is not None


def side_heading(pieces: list[str], i: int) -> bool:
    """A short unpunctuated piece run in before an operative paragraph is a margin heading."""
    piece = pieces[i]
    return (
        i + 1 < len(pieces)
        and len(piece) < 80
        and piece[:1].isupper()
        and not TERMINAL.search(piece)
        and OP.match(pieces[i + 1]) is not None
    )
