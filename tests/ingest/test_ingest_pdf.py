"""Tests for normtrace.ingest.pdf (PDFium extraction) and its layout rules."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from normtrace.errors import ExtractionError, IngestError
from normtrace.ingest import pdf_layout as layout
from normtrace.ingest.ocr import tesseract_version
from normtrace.ingest.pdf import EXTRACTOR, extract_pdf
from synthetic_pdf import synthetic_pdf as _synthetic_pdf
from synthetic_pdf import text_pdf as _text_pdf


@pytest.fixture(scope="module")
def pv8701(fixtures_dir: Path) -> bytes:
    return (fixtures_dir / "verbatim" / "S_PV.8701_E.pdf").read_bytes()


_PAGE_OBJECTS = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    "<< /Length 0 >>\nstream\n\nendstream",
]


def test_extract_8701_pages_and_name(pv8701: bytes) -> None:
    doc = extract_pdf(pv8701, path="S_PV.8701_E.pdf")
    assert doc.extractor == EXTRACTOR == "pdf.pdfium.v3"
    assert doc.media_type == "application/pdf"
    assert [p.number for p in doc.pages] == [1, 2]


def test_furniture_and_notice_removed(pv8701: bytes) -> None:
    text = extract_pdf(pv8701).text
    assert "20-00899" not in text
    assert "*2000899*" not in text
    assert "13/01/2020" not in text  # running head
    assert "2/2" not in text  # page number
    assert "This record contains" not in text
    assert "\r" not in text


def test_two_columns_in_reading_order(pv8701: bytes) -> None:
    page2 = extract_pdf(pv8701).pages[1].text
    # The sentence runs from the bottom of the left column to the top of the right one.
    assert "text of a letter dated 14 October 2019 from the Secretary-General" in page2
    order = [
        "The meeting was called to order",
        "The President: The Security Council will now begin",
        "A vote was taken by show of hands.",
        "The President: The draft resolution received 15",
        "The meeting rose at 10.25 a.m.",
    ]
    positions = [page2.index(s) for s in order]
    assert positions == sorted(positions)


def test_paragraphs_one_per_line(pv8701: bytes) -> None:
    paras = extract_pdf(pv8701).pages[1].text.split("\n\n")
    assert "The agenda was adopted." in paras
    assert "In favour:" in paras
    assert any(p.startswith("Belgium, China,") and p.endswith("Viet Nam") for p in paras)
    assert all("\n" not in p for p in paras)


def test_members_table_rows_stay_separate(pv8701: bytes) -> None:
    page1 = extract_pdf(pv8701).pages[0].text.split("\n\n")
    rows = [p for p in page1 if re.search(r"\. \.", p)]
    assert len(rows) == 15  # President row + 14 members
    assert rows[-1].startswith("United States of America") and rows[-1].endswith("Mrs. Craft")


def test_closed_page_ends_with_blank_line(pv8701: bytes) -> None:
    doc = extract_pdf(pv8701)
    assert all(p.text.endswith("\n\n") for p in doc.pages)


def test_empty_bytes() -> None:
    with pytest.raises(ExtractionError, match="empty file") as info:
        extract_pdf(b"", path="x.pdf")
    assert info.value.path == "x.pdf"


def test_corrupt_bytes() -> None:
    with pytest.raises(ExtractionError, match="corrupt or not a PDF"):
        extract_pdf(b"%PDF-1.4 this is not a PDF (synthetic)", path="bad.pdf")


def test_encrypted_pdf() -> None:
    # SYNTHETIC: a standard-security-handler PDF whose user password is not empty.
    encrypt = (
        "<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>"
    )
    data = _synthetic_pdf(
        [*_PAGE_OBJECTS, encrypt], "/Encrypt 5 0 R /ID [<" + "33" * 16 + "> <" + "33" * 16 + ">] "
    )
    with pytest.raises(ExtractionError, match="encrypted PDF.*decrypt") as info:
        extract_pdf(data, path="locked.pdf")
    assert isinstance(info.value, IngestError)


def _red_square_pdf() -> bytes:
    # SYNTHETIC: one page carrying only a red square image, no text layer.
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(200, 200)
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.new_native(8, 8, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((255, 0, 0, 255), 0, 0, 8, 8)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(100, 100))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_image_only_pdf_without_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMTRACE_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(ExtractionError, match="image-only PDF.*install Tesseract") as info:
        extract_pdf(_red_square_pdf(), path="scan.pdf")
    assert info.value.page == 1
    assert "\n" not in str(info.value)


def test_image_only_pdf_with_ocr_never() -> None:
    with pytest.raises(ExtractionError, match="image-only PDF.*--ocr never") as info:
        extract_pdf(_red_square_pdf(), path="scan.pdf", ocr="never")
    assert info.value.page == 1


def test_image_without_text_is_refused_after_ocr() -> None:
    if tesseract_version() is None:
        pytest.skip("Tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    with pytest.raises(ExtractionError, match="OCR .* found no text"):
        extract_pdf(_red_square_pdf(), path="scan.pdf")


def test_blank_text_page_is_image_only() -> None:
    # SYNTHETIC: a valid one-page PDF with an empty content stream.
    with pytest.raises(ExtractionError, match="image-only"):
        extract_pdf(_synthetic_pdf(_PAGE_OBJECTS))


_GEOM = layout.PageGeometry(0, 0, 612, 792)


def _line(text: str, x0: float, x1: float, y: float) -> layout.Line:
    return layout.Line(text, x0, x1, y, y)


def test_furniture_rules() -> None:
    assert layout.is_furniture(
        _line("S/PV.8703 The situation in Mali 15/01/2020", 60, 551, 728), _GEOM
    )
    assert layout.is_furniture(_line("20-01130 3/21", 60, 551, 66), _GEOM)
    assert layout.is_furniture(_line("*2001130*", 60, 159, 46), _GEOM)
    assert layout.is_furniture(_line("12", 300, 310, 40), _GEOM)
    masthead = _line("United Nations S/PV.8703", 127, 545, 728)
    assert not layout.is_furniture(masthead, _GEOM, first_page=True)
    assert not layout.is_furniture(_line("12", 300, 310, 400), _GEOM)


def test_reading_order_bands() -> None:
    lines = [
        _line("right top", 312, 554, 700),
        _line("left top", 60, 302, 700),
        _line("full width", 60, 554, 500),
        _line("left bottom", 60, 302, 400),
        _line("right bottom", 312, 554, 400),
    ]
    order = [p.line.text for p in layout.reading_order(lines, _GEOM)]
    assert order == ["left top", "right top", "full width", "left bottom", "right bottom"]


def test_paragraphs_by_indent_gap_and_short_line() -> None:
    lines = [
        _line("First paragraph starts here and runs to the", 78, 302, 700),
        _line("right margin and stops short.", 60, 200, 688),
        _line("Second paragraph runs to the right margin", 78, 302, 676),
        _line("and then on.", 60, 120, 664),
        _line("A heading", 60, 120, 640),
        _line("Continued in the right column: no indent", 312, 554, 700),
        _line("and this line carries on the same paragraph.", 312, 554, 688),
    ]
    paras = layout.page_paragraphs(lines, _GEOM).paragraphs
    assert [p.text for p in paras] == [
        "First paragraph starts here and runs to the right margin and stops short.",
        "Second paragraph runs to the right margin and then on.",
        "A heading",
        "Continued in the right column: no indent and this line carries on the same paragraph.",
    ]
    assert paras[0].starts_new


def test_repair_hyphens_keeps_real_compounds() -> None:
    vocab = "peacekeeping operations\nthe secretary-general"
    assert layout.repair_hyphens("the Secretary\ufffeGeneral", vocab) == "the Secretary-General"
    assert layout.repair_hyphens("Jean\ufffePierre", vocab) == "Jean-Pierre"
    assert layout.repair_hyphens("peace\ufffekeeping", vocab) == "peacekeeping"
    assert layout.join_lines(["period 2016-", "2020."]) == "period 2016-2020."


def test_hyphen_merge_across_columns_stays_in_left_column() -> None:
    # SYNTHETIC geometry: PDFium merged the last left-column line (hyphen) with
    # the first right-column line, so the line starts low-left and ends high-right.
    lines = [
        layout.Line("Left column text runs to the", 60, 302, 112, 112),
        layout.Line("bottom with a counter\ufffeterrorism first right line", 60, 554, 100, 700),
        layout.Line("and the right column goes on", 312, 554, 688, 688),
    ]
    assert layout.classify_columns(lines, _GEOM) == ["L", "L", "R"]
    paras = layout.page_paragraphs(lines, _GEOM).paragraphs
    assert len(paras) == 1 and paras[0].text.endswith(
        "first right line and the right column goes on"
    )


def test_running_head_without_date_after_first_page() -> None:
    head = _line("S/PV.4961", 60, 110, 728)
    assert layout.is_furniture(head, _GEOM)
    masthead = _line("United Nations S/PV.4961", 127, 545, 728)
    assert not layout.is_furniture(masthead, _GEOM, first_page=True)
    assert not layout.is_furniture(_line("As resolution S/RES/1 says", 60, 302, 400), _GEOM)
    assert layout.is_furniture(_line("S/PV.4961 (Resumption 1)", 60, 160, 728), _GEOM)
    # A column's first line that happens to mention a symbol is text, not a running head.
    first = _line("document S/2019/983, which contains the", 60, 302, 728)
    assert not layout.is_furniture(first, _GEOM)
    lower = _line("S/PV.4961", 60, 110, 716)
    assert not layout.is_furniture(lower, _GEOM, top=728)


def test_pieces_of_one_printed_line_stay_together() -> None:
    # SYNTHETIC: PDFium reported a bold speaker header and the rest of its line separately.
    lines = [
        _line("I thank you, Mr. President, for", 163, 302, 500.4),
        _line("Mr. Example (Chad):", 78, 160, 500),
        _line("giving me the floor.", 60, 150, 488),
    ]
    paras = layout.page_paragraphs(lines, _GEOM).paragraphs
    assert [p.text for p in paras] == [
        "Mr. Example (Chad): I thank you, Mr. President, for giving me the floor."
    ]


def test_single_column_report_layout() -> None:
    # SYNTHETIC single-column report: masthead, numbered paragraphs, footer, running head.
    page1 = [
        (72, 740, "United Nations S/2099/1", 12),
        (72, 700, "Report of the Secretary-General", 12),
        (
            72,
            660,
            "1. The present report is submitted pursuant to resolution 9999 (2099), in which the",
            10,
        ),
        (
            72,
            648,
            "Council requested me to report. It covers developments since my last report and",
            10,
        ),
        (72, 636, "ends here.", 10),
        (
            72,
            618,
            "2. A second paragraph that runs to the right margin of the page and goes on to",
            10,
        ),
        (72, 606, "a second line that stops short of the margin", 10),
        (300, 40, "99-12345 (E)", 8),
    ]
    page2 = [
        (72, 740, "S/2099/1", 9),
        (72, 700, "without a full stop: it continues on the next page.", 10),
        (300, 40, "2/2", 8),
    ]
    doc = extract_pdf(_text_pdf([page1, page2]))
    first, second = (p.text for p in doc.pages)
    assert first.split("\n\n")[:2] == ["United Nations S/2099/1", "Report of the Secretary-General"]
    assert "resolution 9999 (2099), in which the Council requested me" in first
    assert "99-12345" not in first and "S/2099/1" not in second and "2/2" not in second
    assert second == "without a full stop: it continues on the next page.\n\n"


def test_two_columns_drawn_out_of_order() -> None:
    # SYNTHETIC two-column page whose content stream draws the right column first.
    right = [
        (312, 700, "continues at the top of the right column and ends.", 9),
        (330, 680, "Mr. Example (Chad): A new speech starts here.", 9),
    ]
    left = [
        (78, 700, "The President: This sentence starts in the left", 9),
        (60, 688, "column, runs down to its bottom and then it", 9),
    ]
    head = [(60, 730, "S/PV.9999 Synthetic 01/01/2099", 9)]
    doc = extract_pdf(_text_pdf([[(72, 740, "United Nations S/PV.9999", 12)], head + right + left]))
    assert doc.pages[1].text.split("\n\n") == [
        "The President: This sentence starts in the left column, runs down to its bottom and "
        "then it continues at the top of the right column and ends.",
        "Mr. Example (Chad): A new speech starts here.",
        "",
    ]


def test_sparse_column_uses_document_edge() -> None:
    # SYNTHETIC: a last page whose right column holds one indented line (a new paragraph).
    lines = [
        _line("the last paragraph of the left column runs on to", 60, 302, 700),
        _line("the very end of the column without stopping short", 60, 302, 688),
        _line("The meeting rose at 1 p.m.", 330, 460, 700),
    ]
    joined = layout.page_paragraphs(lines, _GEOM).paragraphs
    assert len(joined) == 1  # alone, the right column shows no indentation
    split = layout.page_paragraphs(lines, _GEOM, {"L": 60, "R": 312}).paragraphs
    assert [p.text for p in split][-1] == "The meeting rose at 1 p.m."
