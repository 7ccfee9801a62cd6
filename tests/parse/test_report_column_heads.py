"""A report table's column heads stay the table's: every line of heads over its first row
(heads over groups of columns on a line of their own included) joins the table unit, never a
heading; a caption above them stays a caption. The standard note on a document's symbol
never continues the paragraph above it.

The report texts are SYNTHETIC (a made-up mission and symbol), laid out as the UN prints a
report's annex tables, in the PDF extractor's text format (one paragraph per line, a blank
line between paragraphs: :func:`pdf_text`).
"""

from __future__ import annotations

from normtrace.parse.report import parse_report


def pdf_text(text: str) -> str:
    """``text``'s lines as the PDF extractor gives paragraphs: a blank line after each."""
    return "\f".join("\n\n".join(page.split("\n")) for page in text.split("\f"))


HEAD = (
    "S/2099/7\nDistr.: General\n1 March 2099\n"
    "Report of the Secretary-General on the Synthetic Stabilization Mission\n"
    "I. Introduction\n"
    "1. This SYNTHETIC report covers the period from 1 January to 28 February 2099 and "
    "describes the main developments in the country and the work of the mission.\n"
    "II. Observations\n"
    "2. I welcome the progress made in the protection of civilians, which the mission and the "
    "authorities of the country have made together in the period under review.\n"
)
TABLES = (
    "\f"
    "Annex I\n"
    "Synthetic Stabilization Mission in the Republic of Example: countries providing military "
    "staff and contingents\n"
    "(as at 28 February 2099)\n"
    "Staff officers Troops\n"
    "Country Females Males Females Males Total\n"
    "Argentina 1 7 9 549 566 Benin 3 12 1 14 30\n"
    "Chile 6 533 1 2 542 Nepal 8 750 1 3 762\n"
    "\f"
    "Annex II\n"
    "Synthetic Stabilization Mission in the Republic of Example: composition and strength of "
    "the police\n"
    "(as at 28 February 2099)\n"
    "Number of United Nations police Number of formed police units\n"
    "Country Female Male Female Male\n"
    "Benin 1 41 0 0 Brazil 0 16 0 0\n"
    "Chile 4 7 0 0 Nepal 2 5 84 196\n"
)


def test_every_line_of_column_heads_joins_its_table() -> None:
    doc = parse_report(pdf_text(HEAD + TABLES), symbol="S/2099/7")
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings == ["Introduction", "Observations", "Annex I", "Annex II"]
    tables = [p.text.split("\n") for p in doc.paragraphs if p.kind == "table"]
    assert [t[:2] for t in tables] == [
        ["Staff officers Troops", "Country Females Males Females Males Total"],
        [
            "Number of United Nations police Number of formed police units",
            "Country Female Male Female Male",
        ],
    ]
    # the caption and its date line above the heads stay text (no running text), in the annex
    captions = [p for p in doc.paragraphs if "caption" in p.flags]
    assert [p.text for p in captions][-1] == "(as at 28 February 2099)"
    assert all(p.kind == "text" and "non_text" in p.flags for p in captions)
    # the units after a table sit in the section they were in before its heads
    assert {p.section for p in doc.paragraphs if p.kind == "table"} == {"Annex I", "Annex II"}


def test_a_heading_above_a_caption_is_no_column_head() -> None:
    text = HEAD + (
        "\fAnnex I\n"
        "Military component\n"
        "Countries providing staff (as at 28 February 2099)\n"
        "Country Staff officers Troops Total\n"
        "Argentina 7 549 556 Benin 3 12 15\n"
    )
    doc = parse_report(pdf_text(text), symbol="S/2099/7")
    kinds = [(p.kind, p.text.split("\n")[0]) for p in doc.paragraphs if p.page == 2]
    assert ("heading", "Military component") in kinds
    (table,) = (p for p in doc.paragraphs if p.kind == "table")
    assert table.text.startswith("Country Staff officers Troops Total\nArgentina")


def test_the_note_on_the_symbol_does_not_continue_the_paragraph_above() -> None:
    # SYNTHETIC first page: the paragraph runs on to the next page; the foot of the page holds
    # the note on the symbol (the rule above it is furniture).
    text = (
        "S/2099/8\nDistr.: General\n1 March 2099\n"
        "Report of the Secretary-General on the Synthetic Stabilization Mission\n"
        "I. Introduction\n"
        "1. This SYNTHETIC report covers the period from 1 January to 28 February 2099 and "
        "describes the main developments of a working relationship with\n"
        "__________________\n"
        "* Reissued for technical reasons on 4 March 2099.\n"
        "\fthe authorities of the country.\n"
        "2. The mission continued to support the national authorities.\n"
    )
    doc = parse_report(pdf_text(text), symbol="S/2099/8")
    units = {p.key.removeprefix("S/2099/8/"): p for p in doc.paragraphs}
    assert "Reissued" not in units["p1"].text
    (note,) = (p for p in doc.paragraphs if p.text.startswith("* Reissued"))
    assert "footnote" in note.flags
