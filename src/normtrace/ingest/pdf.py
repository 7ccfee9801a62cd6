"""PDF text extraction with PDFium, in reading order, without page furniture.

``extract_pdf`` returns one :class:`~normtrace.parse.model.Page` per PDF page.
Text format of a page (documented because parsers depend on it):

* one paragraph per line, paragraphs separated by a blank line (``\\n\\n``);
* running heads, footers, job numbers (``20-01130 (E)``), barcodes
  (``*2001130*``), page numbers and the cover's corrections notice removed;
* two-column pages read left column first (see :mod:`.pdf_layout`);
* a page whose last paragraph is complete ends with ``\\n\\n``; a page whose
  last paragraph runs on to the next page ends without it, so
  ``"\\f".join(pages)`` can be re-joined into paragraphs losslessly.

Speed: PDFium's whole-page text call plus two character boxes per line; no
per-character Python loop except to split a line that PDFium glued across the
gutter (rare).

>>> from pathlib import Path
>>> doc = extract_pdf(Path("tests/fixtures/verbatim/S_PV.8701_E.pdf").read_bytes())
>>> doc.extractor, len(doc.pages)
('pdf.pdfium.v1', 2)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from normtrace.errors import ExtractionError
from normtrace.ingest import pdf_layout as layout
from normtrace.parse.model import ExtractedText, Page

EXTRACTOR = "pdf.pdfium.v1"
MEDIA_TYPE = "application/pdf"

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\xa0": " "}
)


@dataclass(frozen=True)
class _RawPage:
    lines: tuple[layout.Line, ...]
    geom: layout.PageGeometry
    chars: int


def extract_pdf(data: bytes, *, path: str = "<bytes>") -> ExtractedText:
    """Extract the text of a PDF, page by page, in reading order.

    Args:
        data: the PDF file's bytes.
        path: where the bytes came from, for error messages.

    Returns:
        The pages' text, tagged with the extractor name ``pdf.pdfium.v1``.

    Raises:
        ExtractionError: the file is empty, corrupt, encrypted, or has no text
            layer (a scan); the message says what to do.
    """
    if not data:
        raise ExtractionError("empty file: nothing to extract; check the download", path=path)
    with _open(data, path) as pdf:
        raw = [_read_page(pdf, i, path) for i in range(len(pdf))]
    if not raw:
        raise ExtractionError("PDF has no pages; check the file", path=path)
    if sum(r.chars for r in raw) == 0:
        raise ExtractionError(
            "image-only PDF (no text layer): run OCR first (e.g. ocrmypdf) and ingest the result",
            path=path,
            page=1,
        )
    return ExtractedText(_assemble(raw), EXTRACTOR, MEDIA_TYPE)


@contextmanager
def _open(data: bytes, path: str) -> Iterator[pdfium.PdfDocument]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(_open_failure(exc), path=path) from exc
    try:
        yield pdf
    finally:
        pdf.close()


def _open_failure(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return (
            "encrypted PDF (password required): remove the password "
            "(e.g. qpdf --decrypt) and ingest the decrypted copy"
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "PDF uses an unsupported security handler: save an unprotected copy and ingest it"
    return f"not a readable PDF ({exc}): the file is corrupt or not a PDF; download it again"


def _read_page(pdf: pdfium.PdfDocument, index: int, path: str) -> _RawPage:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise ExtractionError(
            f"cannot load page ({exc}): the file is damaged; download it again",
            path=path,
            page=index + 1,
        ) from exc
    try:
        left, bottom, right, top = page.get_mediabox()
        geom = layout.PageGeometry(left, bottom, right - left, top - bottom)
        textpage = page.get_textpage()
        try:
            n = textpage.count_chars()
            lines = _page_lines(textpage, geom, n) if n > 0 else ()
        finally:
            textpage.close()
    finally:
        page.close()
    return _RawPage(lines, geom, max(n, 0))


def _page_lines(
    textpage: pdfium.PdfTextPage, geom: layout.PageGeometry, n: int
) -> tuple[layout.Line, ...]:
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        # Index and string positions disagree (characters outside the BMP):
        # boxes cannot be looked up safely, so keep PDFium's order and no geometry.
        return tuple(_flat_line(t, i, geom) for i, t in enumerate(text.split("\r\n")) if t.strip())
    out: list[layout.Line] = []
    pos = 0
    for raw in text.split("\r\n"):
        stripped = raw.lstrip()
        start = pos + len(raw) - len(stripped)
        pos += len(raw) + 2
        body = stripped.rstrip()
        if not body:
            continue
        first = textpage.get_charbox(start, loose=True)
        last = textpage.get_charbox(start + len(body) - 1, loose=True)
        line = layout.Line(body, first[0], last[2], first[1], last[1])
        out.extend(_split_glued(textpage, line, start, geom))
    return tuple(out)


def _flat_line(text: str, index: int, geom: layout.PageGeometry) -> layout.Line:
    y = geom.bottom + geom.height / 2 - index
    return layout.Line(text, geom.left + 72, geom.left + 72, y, y)


def _split_glued(
    textpage: pdfium.PdfTextPage, line: layout.Line, start: int, geom: layout.PageGeometry
) -> list[layout.Line]:
    """Split a line that PDFium glued from both columns (left part ends before the gutter)."""
    mid = geom.mid
    if not (line.x0 < mid - 40 and line.x1 > mid + 40 and line.y == line.y_end):
        return [line]
    body = line.text.rstrip()
    prev_right = line.x0
    for i in range(1, len(body)):
        box = textpage.get_charbox(start + i, loose=True)
        if body[i] != " " and box[0] > mid and prev_right < mid and box[0] - prev_right > 8:
            left = layout.Line(body[:i].rstrip(), line.x0, prev_right, line.y, line.y)
            right = layout.Line(body[i:].lstrip(), box[0], line.x1, box[1], line.y_end)
            return [left, right]
        if body[i] != " ":
            prev_right = box[2]
    return [line]


def _assemble(raw: list[_RawPage]) -> tuple[Page, ...]:
    kept = [[ln for ln in r.lines if not layout.is_furniture(ln, r.geom)] for r in raw]
    paras = [layout.page_paragraphs(lines, r.geom) for lines, r in zip(kept, raw, strict=True)]
    if paras and paras[0]:
        paras[0] = layout.drop_notice(paras[0])
    vocab = layout.vocabulary(p.text for page in paras for p in page)
    pages: list[Page] = []
    for i, page_paras in enumerate(paras):
        texts = [layout.repair_hyphens(p.text, vocab).translate(_LIGATURES) for p in page_paras]
        nxt = paras[i + 1] if i + 1 < len(paras) else []
        closed = _closes(kept[i], raw[i].geom, nxt)
        body = "\n\n".join(texts)
        pages.append(Page(i + 1, body + ("\n\n" if closed and body else "")))
    return tuple(pages)


def _closes(
    lines: list[layout.Line], geom: layout.PageGeometry, nxt: list[layout.Paragraph]
) -> bool:
    """Whether a page's last paragraph ends on that page."""
    if not nxt:
        return True
    return nxt[0].starts_new or layout.ends_short(lines, geom)
