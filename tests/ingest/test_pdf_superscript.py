"""A superscript at the end of a printed line (``4,884 m2``, a footnote mark) stays on its
line, in order: PDFium breaks its text after the raised glyph, and the piece before it was
read after the rest of the line, in another paragraph (new user N1 F2: S/2008/586/p38, p70).

SYNTHETIC PDFs (tests/synthetic_pdf.py): Helvetica lines at given positions, no UN text.
"""

from __future__ import annotations

from normtrace.ingest.pdf import extract_pdf
from synthetic_pdf import text_pdf

#: the text run before the superscript ends at x = 252.5 (measured with PDFium)
_PIECE = "17 prisons, with only 4,884 m"


def _page(rest: str, rest_x: float, rest_y: float) -> str:
    lines = [
        (123, 700, "38. As at 31 July, 7,530 inmates (of whom 325 are women) were held in", 10),
        (123, 688, _PIECE, 10),
        (252.6, 693, "2", 6),  # the superscript: smaller and raised
        (rest_x, rest_y, rest, 10),
        (123, 676, "a square metre per prisoner, far below the international norm of", 10),
        (123, 664, "2.5 square metres per prisoner, a basic minimum in terms of human", 10),
        (123, 652, "rights and safety.", 10),
        (123, 634, "39. More than 83 per cent of detainees continue to be held in pretrial", 10),
        (123, 622, "detention.", 10),
    ]
    return extract_pdf(text_pdf([lines])).pages[0].text


def test_superscript_at_a_line_end_stays_in_its_line_in_order() -> None:
    # the rest of the line starts 0.004 pt higher than the piece before the superscript, as
    # in S/2008/586 p. 9: read by bands, it came first
    text = _page(" of living space. In the national penitentiary,", 258.5, 688.004)
    paragraphs = [p for p in text.split("\n\n") if p]
    assert paragraphs == [
        "38. As at 31 July, 7,530 inmates (of whom 325 are women) were held in 17 prisons, "
        "with only 4,884 m2 of living space. In the national penitentiary, a square metre per "
        "prisoner, far below the international norm of 2.5 square metres per prisoner, a "
        "basic minimum in terms of human rights and safety.",
        "39. More than 83 per cent of detainees continue to be held in pretrial detention.",
    ]


def test_superscript_before_punctuation_joins_without_a_space() -> None:
    # "about 0.5 m2. Meanwhile" (S/2008/586/p70): no space stood after the superscript
    text = _page(". In the national penitentiary, the rate rose,", 256.0, 688)
    assert "with only 4,884 m2. In the national penitentiary, the rate rose, a " in text
    assert text.startswith("38. As at 31 July")
    assert len([p for p in text.split("\n\n") if p]) == 2  # the first paragraph whole
