"""Refuse a damaged PDF before its text is read: a cut-short file is never a document.

PDFium opens a truncated PDF (an interrupted download, a copy cut short) by scanning its
bytes for objects and quietly rebuilding the cross-reference table (or, in a linearized
PDF, by the table at its front); the pages and text streams past the cut are simply gone.
Stored, such a file would replace a whole document with a part of it. The rule, checked on
the bytes before extraction, of a file PDFium opens (one it cannot open is refused by the
extractor as not a readable PDF):

1. **cut short**: a PDF file ends with its ``%%EOF`` marker; none in the last 1 KiB of the
   file (1 KiB leaves room for trailing blank lines or padding some producers add) means the
   end of the file is missing;
2. **repaired**: PDFium reports that the file's cross-reference table was not valid
   (``FPDF_DocumentHasValidCrossReferenceTable``) and it rebuilt one: objects may be missing.

Every PDF of ``../shared`` (57 files) passes both; of their first halves, PDFium opens
some (``MINUSTAH_S_2010_200.pdf``: 25 pages, the map and text past the cut gone) and none
passes.
"""

from __future__ import annotations

from normtrace.errors import ExtractionError

#: how far from the end of the file the ``%%EOF`` marker may stand
EOF_WINDOW = 1024
_AGAIN = "download it again (or copy it again from its source) and ingest the whole file"


def check_pdf_whole(data: bytes, *, path: str) -> None:
    """Raise :class:`ExtractionError` when PDFium opens ``data`` but it is cut short or was
    repaired (the rule in this module's docstring); bytes PDFium cannot open at all are left
    to the extractor, which says they are not a readable PDF.

    >>> check_pdf_whole(b"%PDF-1.4 not a PDF", path="a.pdf") is None
    True
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return
    try:
        valid = bool(pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw))
    finally:
        pdf.close()
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ExtractionError(
            f"damaged PDF: cut short (no %%EOF marker at its end, {len(data)} bytes); {_AGAIN}",
            path=path,
        )
    if not valid:
        raise ExtractionError(
            "damaged PDF: its cross-reference table is broken (PDFium rebuilt it, so parts "
            f"may be missing); {_AGAIN}",
            path=path,
        )
