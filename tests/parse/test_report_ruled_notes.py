"""The lines below the rule over a page's footnotes are footnotes, whatever they say: the
paragraph they interrupt re-joins over the page break (new user N1 F2: S/2010/522/p3 was cut
by the page-1 note ``** Reissued for technical reasons``, its last sentence stored as t02).

SYNTHETIC text in the PDF extractor's page format (paragraphs by blank lines, pages by form
feeds): no UN document's words.
"""

from __future__ import annotations

from normtrace.parse.report import parse_report

_PAGE1 = (
    "United Nations S/2099/77**\n\nSecurity Council\n\nDistr.: General\n\n13 October 2099\n\n"
    "Report of the Secretary-General on Examplestan\n\nI. Introduction\n\n"
    "1. The present report covers the developments of the reporting period in full.\n\n"
    "2. The Prime Minister held public consultations in each of the districts and answered "
    "questions and suggestions\n\n__________________\n\n"
    "** Reissued for technical reasons on 19 October 2099.\n\n"
)
_PAGE2 = (
    "from the audience. The Plan will then be submitted to the Parliament.\n\n"
    "3. The reporting period also saw progress in the handover of policing.\n\n"
)


def test_a_ruled_note_does_not_cut_the_paragraph_over_the_page_break() -> None:
    doc = parse_report(_PAGE1 + "\f" + _PAGE2, symbol="S/2099/77")
    units = {p.key.removeprefix("S/2099/77/"): p for p in doc.paragraphs}
    assert units["p2"].text == (
        "The Prime Minister held public consultations in each of the districts and answered "
        "questions and suggestions from the audience. The Plan will then be submitted to the "
        "Parliament."
    )
    notes = [p for p in doc.paragraphs if p.kind == "text"]
    assert [(p.text, p.flags, p.page) for p in notes] == [
        ("** Reissued for technical reasons on 19 October 2099.", ("footnote",), 1)
    ]
    assert "p3" in units


def test_a_line_of_the_page_above_the_rule_stays_text() -> None:
    # no rule on the page: a line at the foot that says "Reissued" is read as before
    page = _PAGE1.replace("__________________\n\n", "")
    doc = parse_report(page + "\f" + _PAGE2, symbol="S/2099/77")
    assert not any("__" in p.text for p in doc.paragraphs)
    assert any(p.text.startswith("from the audience") for p in doc.paragraphs if p.kind == "text")
