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

3. **shorter than it says**: checked first, on any bytes: a linearized PDF's first object
   gives the length of the whole file (``/L``); incremental updates only append, so a file
   shorter than that lost its end, whatever marker it ends with (a copy cut just after the
   first-page section's ``%%EOF``; 47 of the 57 PDFs of ``../shared`` are linearized). Up to
   :data:`EOL_SLACK` bytes short is let pass: the end-of-line after the final ``%%EOF``, which
   a copy may lose, holds nothing.

A file cut exactly after an earlier revision's ``%%EOF`` (an incremental update lost) is that
earlier revision, whole: its last cross-reference section, ``startxref`` and ``/Prev`` chain
all point inside it, so no check on the bytes can tell it from a PDF never updated. Of the 13
PDFs of ``../shared`` with updates, such cuts keep 94.7-100 % of the whole file's words; a new
version that loses most of the current version's words is held back when it is stored
(:mod:`normtrace.store.shrunk`).
"""

from __future__ import annotations

import re

from normtrace.errors import ExtractionError

#: how far from the end of the file the ``%%EOF`` marker may stand
EOF_WINDOW = 1024
#: a linearization dictionary (the first object) and the file length it gives, ``/L``
_LINEARIZED = re.compile(
    rb"\A%PDF-[^\n\r]*\s.{0,1024}?\d+\s+\d+\s+obj\s*<<([^>]*/Linearized[^>]*)>>", re.S
)
_LENGTH = re.compile(rb"/L\s+(\d+)")
#: bytes a linearized file may fall short of its ``/L``: the end-of-line after ``%%EOF``
EOL_SLACK = 2
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

    said = linearized_length(data)
    if said is not None and len(data) + EOL_SLACK < said:
        raise ExtractionError(
            f"damaged PDF: cut short ({len(data)} bytes of the {said} its linearization "
            f"dictionary gives); {_AGAIN}",
            path=path,
        )
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


def linearized_length(data: bytes) -> int | None:
    r"""The whole file's length a linearized PDF's first object gives (``/L``), else ``None``.

    >>> linearized_length(b"%PDF-1.7\n1 0 obj\n<< /Linearized 1 /L 5000 /N 2 >>\nendobj\n")
    5000
    >>> linearized_length(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") is None
    True
    """
    found = _LINEARIZED.search(data[:2048])
    length = _LENGTH.search(found.group(1)) if found else None
    return int(length.group(1)) if length else None
