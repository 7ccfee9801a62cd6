"""Marks and rules of notes in the PDF layout: a note's mark printed alone on its line and
the rule over a page's footnotes never run into a paragraph, and a table's cell printed
beside a spanning row is read with that row (new user N1 F2: S/2010/522/p3 ended in
``suggestions __________________``; the table notes of S/2014/162, the Brazil row of
S/2011/540).

SYNTHETIC PDFs (tests/synthetic_pdf.py) and SYNTHETIC lines: no UN document's text.
"""

from __future__ import annotations

from normtrace.ingest import pdf_layout as layout
from normtrace.ingest.pdf import extract_pdf
from synthetic_pdf import text_pdf

FULL = "The mission met the authorities of the country and many groups of its"
FULL2 = "civil society, and heard their views on the future of the United Nations"


def _paragraphs(lines: list[tuple[float, float, str, float]]) -> list[str]:
    text = extract_pdf(text_pdf([lines])).pages[0].text
    return [p for p in text.split("\n\n") if p]


def test_a_notes_lone_mark_starts_a_paragraph() -> None:
    # the mark sits one line pitch under a full line, in the left half of a one-column page
    got = _paragraphs(
        [
            (123, 700, FULL, 10),
            (123, 688, FULL2, 10),
            (130, 676, "a", 6),
            (137, 664, FULL, 10),
            (137, 652, "presence in the country.", 10),
        ]
    )
    assert got == [f"{FULL} {FULL2}", "a", f"{FULL} presence in the country."]


def test_footnote_rule_stands_alone() -> None:
    # S/2010/522 p. 1: the rule 13.5 pt under the last line, within a paragraph's pitch
    got = _paragraphs(
        [
            (123, 700, FULL, 10),
            (123, 688, FULL2, 10),
            (99, 674.5, "__________________", 10),
            (110, 660, "** Reissued for technical reasons on 19 October 2010.", 10),
        ]
    )
    assert got == [
        f"{FULL} {FULL2}",
        "__________________",
        "** Reissued for technical reasons on 19 October 2010.",
    ]


def _line(text: str, x0: float, x1: float, y: float) -> layout.Line:
    return layout.Line(text, x0, x1, y, y)


def test_a_cell_beside_a_spanning_row_is_read_with_it() -> None:
    # SYNTHETIC table rows: the row's last cell printed apart, on the row's baseline
    geom = layout.PageGeometry(0, 0, 612, 792)
    lines = [
        _line("Bolivia - 3 18 187 208", 122.8, 486.4, 581.9),
        _line("2 185", 463.0, 486.5, 567.44),
        _line("Brazil - 22 17 2 146", 122.8, 432.0, 567.44),
        _line("Canada 2 8 - - 10", 122.8, 486.4, 552.9),
    ]
    order = [p.line.text for p in layout.reading_order(lines, geom)]
    assert order == [
        "Bolivia - 3 18 187 208",
        "Brazil - 22 17 2 146",
        "2 185",
        "Canada 2 8 - - 10",
    ]


def test_a_list_items_hanging_lines_go_on_with_the_item() -> None:
    # SYNTHETIC list as in a report's annex (S/2009/72, S/2013/493): the item's next line
    # is set in under its text, not at its bullet; the next bullet starts a new item
    bullet, mark = "\u2022", "\\267"  # the bullet in the font's standard encoding
    got = _paragraphs(
        [
            (123, 700, FULL, 10),
            (123, 688, "civil society, and heard their views on the work ahead:", 10),
            (
                123,
                670,
                f"{mark} Security sector institutions of the State, including the national police,",
                10,
            ),
            (131, 658, "customs and immigration, have adequate capacity and skills to act", 10),
            (131, 646, "in the country.", 10),
            (123, 634, f"{mark} Clear mechanisms are established to ensure civil oversight", 10),
        ]
    )
    assert got[1:] == [
        f"{bullet} Security sector institutions of the State, including the national police, "
        "customs and "
        "immigration, have adequate capacity and skills to act in the country.",
        f"{bullet} Clear mechanisms are established to ensure civil oversight",
    ]
