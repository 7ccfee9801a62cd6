"""A SYNTHETIC report's first page as a PDF, laid out as the Secretary-General's reports are:
a masthead, a section heading with a sub-heading under it, numbered paragraphs in one column
(invented text, symbol S/2099/911; no UN document's words or bytes).

The old PDF layout (``pdf.pdfium.v1``) read the section heading and its sub-heading as one
line of text, ``II. Political and security update Political situation``: the page's few
lines in the left half were measured as a column of their own, whose "line pitch" was the
masthead's and the headings' spacing. ``tests/`` is on ``sys.path``.
"""

from __future__ import annotations

from synthetic_pdf import text_pdf

SYMBOL = "S/2099/911"
#: the heading and the sub-heading under it, as printed
HEADING, SUB_HEADING = "II. Political and security update", "Political situation"

_BODY = (
    "SYNTHETIC. This sentence is invented for a test and runs to the right margin of the",
    "page, as the lines of a justified paragraph do, one after the other, down the page, and",
    "it goes on for a few lines more so that the page is read as a page of one column with",
    "most of its lines crossing the middle of the page, as every page of a report is laid",
)


def _paragraph(number: int, x: int, y: int, last: str) -> list[tuple[int, int, str, int]]:
    lines = [(x, y, f"{number}. {_BODY[0]}", 10)]
    lines += [(x, y - 12 * i, text, 10) for i, text in enumerate(_BODY[1:], 1)]
    return [*lines, (x, y - 12 * len(_BODY), last, 10)]


def first_page() -> list[tuple[int, int, str, int]]:
    """The page's lines: (x, y, text, font size); headings start on their own x, as printed."""
    return [
        (72, 740, "United Nations", 12),
        (400, 740, SYMBOL, 12),
        (72, 712, "Security Council", 10),
        (400, 712, "Distr.: General", 10),
        (400, 700, "1 March 2099", 10),
        (400, 676, "Original: English", 10),
        (72, 620, "Report of the Secretary-General on the Synthetic Mission", 12),
        (51, 580, "I. Introduction", 11),
        *_paragraph(1, 72, 556, "the end of the first paragraph."),
        (46, 472, HEADING, 11),
        (72, 448, SUB_HEADING, 11),
        *_paragraph(2, 72, 430, "the end of the second paragraph."),
        (53, 346, "III. Security", 11),
        *_paragraph(3, 72, 322, "the end of the third paragraph."),
    ]


def report_pdf() -> bytes:
    """The SYNTHETIC report as PDF bytes."""
    return text_pdf([first_page()])
