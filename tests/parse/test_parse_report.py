"""Tests of parse_report and detect on SYNTHETIC fixtures (see tests/fixtures/texts/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.errors import ParseError
from normtrace.ingest.text import read_text
from normtrace.parse.detect import detect_doc_type, guess_symbol
from normtrace.parse.model import Document
from normtrace.parse.report import PARSER, parse_report

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"


def _synthetic(name: str) -> str:
    """The fixture without its '#' lines that label it synthetic."""
    lines = (TEXTS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


def _by_key(doc: Document) -> dict[str, object]:
    return {p.key.removeprefix(doc.symbol + "/"): p for p in doc.paragraphs}


def test_report_sections_paragraphs_and_flags() -> None:
    doc = parse_report(_synthetic("synthetic_S-2099-901_report.txt"))
    assert (doc.symbol, doc.doc_type, doc.parser, doc.date) == (
        "S/2099/901",
        "report",
        PARSER,
        "2099-03-14",
    )
    assert doc.title == "Report of the Secretary-General on the situation in Examplestan"
    keys = [p.key.removeprefix("S/2099/901/") for p in doc.paragraphs]
    assert keys[:4] == ["h01", "p1", "h02", "h03"]
    p2 = next(p for p in doc.paragraphs if p.key.endswith("/p2"))
    assert p2.section == "II. Recent developments / A. Political developments"
    assert p2.text.endswith(
        "for the drafting of an electoral law, as called for in resolution 9998 (2098)."
    )  # re-joined over the page break
    assert p2.cites == ("S/RES/9998 (2098)",)
    sub = next(p for p in doc.paragraphs if p.key.endswith("/p3/b"))
    assert (sub.kind, sub.label, sub.parent_key) == ("subparagraph", "(b)", "S/2099/901/p3")
    assert doc.meta["observations"] == ["S/2099/901/h05", "S/2099/901/p5", "S/2099/901/p6"]
    p4 = next(p for p in doc.paragraphs if p.key.endswith("/p4"))
    assert p4.flags == () and "S/2099/850" in p4.cites
    assert not doc.meta["truncated"] and doc.warnings == ()


def test_letter_signature_annex_and_dates() -> None:
    doc = parse_report(_synthetic("synthetic_S-2099-902_letter.txt"))
    assert doc.doc_type == "letter" and (doc.title or "").startswith("Letter dated 1 April 2099")
    assert (doc.date, doc.meta["letter_date"]) == ("2099-04-02", "2099-04-01")
    assert doc.meta["signatories"] == ["A. N. Example"]
    kinds = [(p.key.removeprefix("S/2099/902/"), p.kind) for p in doc.paragraphs]
    assert kinds[:3] == [("t01", "text"), ("t02", "text"), ("pr01", "procedural")]
    annex = [p for p in doc.paragraphs if "annex" in p.flags]
    assert [p.key.removeprefix("S/2099/902/") for p in annex] == [
        "h01",
        "h02",
        "annex1/p1",
        "annex1/p2",
    ]


def test_presidential_statement() -> None:
    doc = parse_report(_synthetic("synthetic_S-PRST-2099-3_statement.txt"))
    assert (doc.doc_type, doc.meeting, doc.date, doc.year) == (
        "prst",
        "S/PV.9901",
        "2099-05-20",
        2099,
    )
    statement = [p for p in doc.paragraphs if "statement" in p.flags]
    assert len(statement) == 3 and all(
        p.text.startswith('"The Security Council') for p in statement
    )
    assert statement[0].cites == ("S/2099/901",)
    assert doc.paragraphs[0].kind == "procedural"


@pytest.mark.parametrize(
    ("name", "doc_type", "symbol"),
    [
        ("synthetic_S-2099-901_report.txt", "report", "S/2099/901"),
        ("synthetic_S-2099-902_letter.txt", "letter", "S/2099/902"),
        ("synthetic_S-PRST-2099-3_statement.txt", "prst", "S/PRST/2099/3"),
    ],
)
def test_detect_synthetic(name: str, doc_type: str, symbol: str) -> None:
    text = _synthetic(name)
    assert guess_symbol(text) == symbol
    assert detect_doc_type(text, symbol=None) == doc_type


@pytest.mark.parametrize(
    ("name", "doc_type", "symbol"),
    [
        ("S-RES-2098(2013).txt", "resolution", "S/RES/2098 (2013)"),
        ("S-RES-242(1967).txt", "resolution", "S/RES/242 (1967)"),
        # No symbol of its own: the first one on the page is one it cites.
        ("UNSC_2020_SPV.8703_spch005.txt", "corpus_meeting", "S/2019/983"),
    ],
)
def test_detect_real(name: str, doc_type: str, symbol: str | None) -> None:
    text = read_text(TEXTS / name).text
    assert guess_symbol(text) == symbol
    assert detect_doc_type(text, symbol=None) == doc_type


def test_detect_with_symbols_only() -> None:
    assert detect_doc_type("", symbol="S/PV.8703") == "verbatim"
    assert detect_doc_type("Mr. X (Niger): I thank you.", symbol="S/PV.8703") == "corpus_meeting"
    assert detect_doc_type("Some text", symbol="S/2013/119") == "report"
    title = "Twenty-fourth progress report of the Secretary-General on the situation"
    assert detect_doc_type(title, symbol=None) == "report"
    assert detect_doc_type("Some text", symbol=None) == "other"
    assert guess_symbol("no symbol here") is None


def test_resolution_is_refused() -> None:
    with pytest.raises(ParseError, match="use parse_resolution"):
        parse_report(read_text(TEXTS / "S-RES-1542(2004).txt").text)


@pytest.mark.parametrize("text", ["", "just words"])
def test_no_symbol_raises(text: str) -> None:
    with pytest.raises(ParseError, match="no document symbol"):
        parse_report(text)


def test_empty_body_raises() -> None:
    with pytest.raises(ParseError, match="empty text"):
        parse_report("S/2099/1\n13-27381 (E)\n*1327381*", symbol="S/2099/1")


def test_truncated_report_is_flagged() -> None:
    text = _synthetic("synthetic_S-2099-901_report.txt").replace("2/2 99-00001", "S/2099/901")
    doc = parse_report(text)
    assert doc.meta["truncated"] is True


def test_hard_wrapped_pdf_layout_is_rejoined() -> None:
    doc = parse_report(_synthetic("synthetic_S-2099-903_report_wrapped.txt"))
    assert doc.symbol == "S/2099/903" and doc.date == "2099-03-14"
    assert doc.title == (
        "Report of the Secretary-General on the situation in Examplestan and the activities "
        "of the United Nations Synthetic Mission"
    )
    kinds = [(p.key.removeprefix("S/2099/903/"), p.kind) for p in doc.paragraphs]
    assert kinds[:-1] == [
        ("h01", "heading"),
        ("p1", "numbered"),
        ("h02", "heading"),
        ("p2", "numbered"),
        ("p3", "numbered"),
        ("h03", "heading"),
        ("p4", "numbered"),
    ]
    p2 = doc.paragraphs[3]
    assert "(2098),1 and on a Joint Commission for Ceasefire Monitoring chaired by" in p2.text
    assert doc.paragraphs[4].page == 2
    assert doc.meta["observations"] == ["S/2099/903/h03", "S/2099/903/p4"]
    note = doc.paragraphs[-1]
    assert (note.key, note.flags, note.text) == (
        "S/2099/903/t01",
        ("footnote",),
        "1 See S/2099/850, para. 7.",
    )


def test_table_of_contents_is_not_taken_for_headings() -> None:
    # SYNTHETIC text with a table of contents as pdfium prints its dot leaders.
    text = (
        "S/2099/904\nReport of the Secretary-General\nContents\n"
        "I. Introduction . . . . . . . . . . . 1\nII. Observations . . . . . . . . . . 2\n"
        "I. Introduction\n1. The report covers one month.\nII. Observations\n2. I welcome it."
    )
    doc = parse_report(text)
    assert [p.key.removeprefix("S/2099/904/") for p in doc.paragraphs if "contents" in p.flags] == [
        "t01",
        "t02",
        "t03",
    ]
    assert doc.meta["observations"] == ["S/2099/904/h02", "S/2099/904/p2"]


# SYNTHETIC: an invented report with a footnote, a table and its note.
_NOTED = (
    "United Nations S/2099/1\nSecurity Council Distr.: General 1 May 2099\n"
    "Report of the Secretary-General on Examplestan I. Introduction\n\n"
    "1. The mission visited the country from 1 to 7 May 2099.1 It met the Government.\n\n"
    "2. The Council welcomed the report.\n\n1 See S/2099/2, para. 4.\n\f"
    "Annex\n\nCountries providing troops\n\nCountry Troops Police Total\n\n"
    "A-land 10 20 30 B-land 5 5 10\n\nTotal 15 25\n\n* Including the Force Commander.\n"
)


def test_footnotes_attach_to_their_paragraph_and_tables_are_units() -> None:
    doc = parse_report(_NOTED)
    units = {p.key.removeprefix("S/2099/1/"): p for p in doc.paragraphs}
    assert doc.title == "Report of the Secretary-General on Examplestan"
    assert (units["h01"].label, units["h01"].text) == ("I.", "Introduction")
    table = units["tab01"]
    assert table.kind == "table" and "non_text" in table.flags
    assert table.text.splitlines()[0] == "Country Troops Police Total"  # column heads joined
    assert table.text.endswith("Total 15 25")
    notes = {p.text: p.parent_key for p in doc.paragraphs if "footnote" in p.flags}
    assert notes == {
        "1 See S/2099/2, para. 4.": "S/2099/1/p1",
        "* Including the Force Commander.": "S/2099/1/tab01",
    }
    assert not any(p.kind == "heading" and p.text[:1].isdigit() for p in doc.paragraphs)


def _with_annex(body_end: str) -> str:
    """The synthetic report with an annex table whose caption has no full stop (as the real
    reports' troop tables: 'Formed police units (as at 17 August 2004)')."""
    text = _synthetic("synthetic_S-2099-901_report.txt")
    text = text.replace("extend the mandate of UNSME for a period of 12 months.", body_end)
    return text.replace(
        "2/2 99-00001",
        "Annex\nUnited Nations Synthetic Mission: countries providing military observers, staff "
        "officers, troops, civilian police officers and formed police units (as at 1 March 2099)"
        "\n2/2 99-00001",
    )


def test_annex_caption_without_stop_is_not_a_truncation() -> None:
    doc = parse_report(_with_annex("extend the mandate of UNSME for a period of 12 months."))
    assert any("annex" in p.flags for p in doc.paragraphs)
    assert doc.meta["truncated"] is False
    assert not [w for w in doc.warnings if w.startswith("truncated")]


def test_body_cut_before_the_annex_is_still_a_truncation() -> None:
    doc = parse_report(_with_annex("extend the mandate of UNSME for a period of"))
    assert doc.meta["truncated"] is True
    assert any("mid-paragraph in p6" in w for w in doc.warnings)


def test_a_scrap_after_the_last_paragraph_is_no_truncation() -> None:
    # a scan's margin read as "oT" (as in the real S/2004/117) or a barcode line
    text = _with_annex("extend the mandate of UNSME for a period of 12 months.\n\noT")
    doc = parse_report(text)
    assert any(p.text == "oT" for p in doc.paragraphs)
    assert doc.meta["truncated"] is False


def test_a_letter_cut_in_its_annex_is_a_truncation() -> None:
    # a letter only transmits its annex: the annex is the text its end is judged on
    text = _synthetic("synthetic_S-2099-902_letter.txt")
    whole = parse_report(text)
    assert whole.doc_type == "letter" and whole.meta["truncated"] is False
    cut = text.replace("2. Its headquarters opened in the capital on 15 March 2099.",
                       "2. Its headquarters opened in the capital on")  # fmt: skip
    assert parse_report(cut).meta["truncated"] is True
