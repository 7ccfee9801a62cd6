"""A damaged or empty file is refused in one line and never becomes the current version
(N2 F-bad-1, F-bad-3). Every PDF here is SYNTHETIC (built in code, invented text), laid out
as the UN's linearized PDFs are: the cross-reference table at the front, so PDFium opens a
copy cut short and quietly rebuilds what it can (the pages past the cut read empty).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from normtrace import Project
from normtrace.errors import ExtractionError
from normtrace.ingest.pdf_check import check_pdf_whole
from synthetic_report_pdf import SYMBOL, _paragraph, first_page

Lines = list[tuple[int, int, str, int]]


def front_xref_pdf(pages: list[Lines]) -> bytes:
    """SYNTHETIC PDF whose cross-reference table and trailer stand after the header (as in a
    linearized PDF), page objects first, their content streams last."""
    n = len(pages)
    kids = " ".join(f"{4 + i} 0 R" for i in range(n))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {4 + n + i} 0 R >>"
        for i in range(n)
    ]
    for lines in pages:
        stream = "".join(f"BT /F1 {s} Tf {x} {y} Td ({t}) Tj ET\n" for x, y, t, s in lines)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
    head = b"%PDF-1.4\n"
    bodies = [f"{i} 0 obj\n{o}\nendobj\n".encode() for i, o in enumerate(objects, 1)]

    def xref(start: int) -> bytes:
        offsets, at = [], start
        for body in bodies:
            offsets.append(at)
            at += len(body)
        rows = "".join(f"{o:010d} 00000 n \n" for o in offsets)
        return (
            f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n{rows}"
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        ).encode()

    table = xref(len(head) + len(xref(len(head))))  # its own length fixes the offsets
    return head + table + b"".join(bodies) + f"startxref\n{len(head)}\n%%EOF\n".encode()


def report() -> bytes:
    """The SYNTHETIC report S/2099/911 on three pages."""
    return front_xref_pdf([
        first_page(),
        _paragraph(4, 72, 700, "the end of the fourth paragraph."),
        _paragraph(5, 72, 700, "the end of the fifth paragraph."),
    ])  # fmt: skip


def cut(data: bytes) -> bytes:
    """The first two thirds of ``data``: an interrupted download."""
    return data[: len(data) * 2 // 3]


def test_the_synthetic_cut_copy_opens_in_pdfium_with_pages_lost() -> None:
    """The premise: PDFium opens the cut copy without an error, its later pages empty."""
    pdf = pdfium.PdfDocument(cut(report()))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(texts) == 3 and "fourth paragraph" not in "".join(texts)


def test_a_whole_pdf_passes_the_check() -> None:
    check_pdf_whole(report(), path="S_2099_911.pdf")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (cut, "damaged PDF: cut short (no %%EOF marker at its end"),
        # the end is there, the table's keyword is garbled: PDFium rebuilds the table
        (lambda d: d.replace(b"xref\n0 ", b"xqef\n0 ", 1), "damaged PDF: its cross-reference"),
    ],
)
def test_a_damaged_pdf_is_refused_in_one_line(damage: object, reason: str) -> None:
    assert callable(damage)
    with pytest.raises(ExtractionError) as caught:
        check_pdf_whole(damage(report()), path="S_2099_911.pdf")
    line = str(caught.value)
    assert line.startswith(f"S_2099_911.pdf: {reason}") and "\n" not in line
    assert line.endswith("download it again (or copy it again from its source) and ingest the "
                         "whole file")  # fmt: skip


def test_a_cut_copy_of_a_stored_pdf_is_refused_and_the_stored_version_stays_current(
    tmp_path: Path,
) -> None:
    path = tmp_path / "in" / "S_2099_911.pdf"
    path.parent.mkdir()
    path.write_bytes(report())
    with Project(tmp_path / "p.db") as project:
        assert project.ingest([path], progress=False).counts == {"new": 1}
        path.write_bytes(cut(report()))  # the same file, re-downloaded and cut short
        again = project.ingest([path], progress=False)
        assert again.counts == {"failed": 1}
        (failure,) = again.failures
        assert failure.error is not None and "damaged PDF: cut short" in failure.error
        rows = project.store.conn.execute(
            "SELECT version, is_current FROM documents WHERE symbol = ?", (SYMBOL,)
        ).fetchall()
        assert [tuple(r) for r in rows] == [(1, 1)]


@pytest.mark.parametrize("content", [b"", b" \n\n\t \r\n"])
def test_an_empty_text_file_says_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "S-RES-9901(2031).txt"
    path.write_bytes(content)
    with Project(tmp_path / "p.db") as project:
        report_ = project.ingest([path], progress=False)
    (failure,) = report_.failures
    assert failure.error == f"{path}: empty file: nothing to extract; check the download"
