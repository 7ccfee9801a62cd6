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
('pdf.pdfium.v3', 2)
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from normtrace.errors import ExtractionError
from normtrace.ingest import ocr as ocr_engine
from normtrace.ingest import pdf_layout as layout
from normtrace.parse.model import ExtractedText, Page

#: v2: on a page of one column, lines in one half are measured against its line pitch
#: (``pdf_layout.one_column``); v3: a superscript ending a printed line stays on it, in order
#: (:func:`_baseline_end`), a bullet opens a list item and its hanging lines go on with it; a
#: new name, so each version records which reading it is
EXTRACTOR = "pdf.pdfium.v3"
OCR_EXTRACTOR = "pdf.pdfium+tesseract.v3"
MEDIA_TYPE = "application/pdf"
#: a glyph this much smaller than the one before it, and raised, is a superscript
SUPERSCRIPT_HEIGHT = 0.8
#: the most glyphs a superscript run holds (``m2``, ``12``, ``**``)
SUPERSCRIPT_RUN = 3
#: points between a superscript and the rest of its line above which a space stood
SUPERSCRIPT_GAP = 1.5
#: the widest gap (points) between a superscript and the rest of its line: a word space,
#: well under the gutter of a page of two columns
SUPERSCRIPT_JOIN = 8.0

_MARK = re.compile(r"^(?:[a-z]|\d{1,2}|\*{1,3}|[\u2020\u2021]{1,2})$")
_LIGATURE_CHARS = re.compile("[\ufb00-\ufb04\xa0]")
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\xa0": " "}
)


@dataclass(frozen=True)
class _RawPage:
    lines: tuple[layout.Line, ...]
    geom: layout.PageGeometry
    chars: int
    edges: dict[str, float]


def extract_pdf(
    data: bytes, *, path: str = "<bytes>", ocr: str = "auto", jobs: int | None = None
) -> ExtractedText:
    """Extract the text of a PDF, page by page, in reading order.

    Args:
        data: the PDF file's bytes.
        path: where the bytes came from, for error messages.
        ocr: ``auto`` recognizes pages that have an image but no text layer with
            Tesseract (when installed), ``never`` refuses image-only PDFs, ``force``
            recognizes every page and ignores the text layer.
        jobs: Tesseract processes at once (:func:`~normtrace.ingest.ocr.recognize_pages`).

    Returns:
        The pages' text, tagged with the extractor name ``pdf.pdfium.v3``, or
        ``pdf.pdfium+tesseract.v3`` with :attr:`ExtractedText.ocr` set when OCR read a page.

    Raises:
        ExtractionError: the file is empty, corrupt, encrypted, or has no text
            layer (a scan) and OCR is off or not installed; the message says what to do.
    """
    if ocr not in ocr_engine.OCR_MODES:
        modes = ", ".join(ocr_engine.OCR_MODES)
        raise ExtractionError(f"unknown OCR mode {ocr!r}: use one of {modes}", path=path)
    if not data:
        raise ExtractionError("empty file: nothing to extract; check the download", path=path)
    with _open(data, path) as pdf:
        raw = [_read_page(pdf, i, path) for i in range(len(pdf))]
        if not raw:
            raise ExtractionError("PDF has no pages; check the file", path=path)
        scans = _pages_to_recognize(pdf, raw, ocr)
        if scans and (ocr == "never" or ocr_engine.tesseract_version() is None):
            if len(scans) == len(raw) or sum(r.chars for r in raw) == 0:
                raise ExtractionError(_refusal(ocr), path=path, page=scans[0] + 1)
            scans = []  # a few pages without text in a text PDF: kept as they are
        recognized = ocr_engine.recognize_pages(pdf, scans, path=path, jobs=jobs) if scans else []
    if sum(r.chars for r in raw) == 0 and not recognized:
        raise ExtractionError(_refusal(ocr), path=path, page=1)
    info = None
    if recognized:
        raw = _with_recognized(raw, recognized)
        engine = ocr_engine.tesseract_version() or "tesseract"
        info = ocr_engine.summarize(engine, recognized)
        if sum(r.chars for r in raw) == 0:
            raise ExtractionError(
                f"image-only PDF and OCR ({engine}) found no text: check that the file is a "
                "scan of a text document",
                path=path,
                page=1,
            )
    extractor = OCR_EXTRACTOR if info else EXTRACTOR
    return ExtractedText(_assemble(raw), extractor, MEDIA_TYPE, ocr=info)


def _refusal(mode: str) -> str:
    if mode == "never":
        return "image-only PDF (no text layer) and --ocr never: ingest with --ocr auto"
    return "image-only PDF (no text layer): " + ocr_engine.INSTALL_HINT


def _pages_to_recognize(pdf: pdfium.PdfDocument, raw: list[_RawPage], mode: str) -> list[int]:
    """0-based pages for OCR: every page when forced, else pages with an image and no text."""
    if mode == "force":
        return list(range(len(raw)))
    return [i for i, r in enumerate(raw) if r.chars == 0 and _has_image(pdf, i)]


def _has_image(pdf: pdfium.PdfDocument, index: int) -> bool:
    page = pdf[index]
    try:
        return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
    finally:
        page.close()


def _with_recognized(raw: list[_RawPage], pages: list[ocr_engine.OcrPage]) -> list[_RawPage]:
    """The raw pages with recognized lines in place of the (empty or ignored) text layer."""
    out = list(raw)
    for page in pages:
        geom = raw[page.index].geom
        if page.rotated % 180:  # a page read turned a quarter: its lines lie on the turned page
            geom = layout.PageGeometry(geom.left, geom.bottom, geom.height, geom.width)
        lines = page.lines
        labels = layout.classify_columns(lines, geom)
        edges = layout.column_edges(lines, labels)
        chars = sum(len(line.text) for line in lines)
        out[page.index] = _RawPage(lines, geom, chars, edges)
    return out


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
    reason = str(exc).replace("Failed to load document ", "").strip(" .()")
    return f"not a readable PDF ({reason}): the file is corrupt or not a PDF; download it again"


def _read_page(pdf: pdfium.PdfDocument, index: int, path: str) -> _RawPage:
    try:
        page = pdf[index]
        try:
            return _read_text(page)
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise ExtractionError(
            f"cannot read page ({exc}): the file is damaged; download it again",
            path=path,
            page=index + 1,
        ) from exc


def _read_text(page: pdfium.PdfPage) -> _RawPage:
    left, bottom, right, top = page.get_mediabox()
    geom = layout.PageGeometry(left, bottom, right - left, top - bottom)
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        lines, edges = _page_lines(textpage, geom, n) if n > 0 else ((), {})
    finally:
        textpage.close()
    return _RawPage(lines, geom, max(n, 0), edges)


class _Boxes:
    """Loose character boxes straight from PDFium (one reused struct: this is the hot loop)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.handle = textpage.raw
        self.rect = pdfium_c.FS_RECTF()
        self.get = pdfium_c.FPDFText_GetLooseCharBox

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of character ``index``."""
        rect = self.rect
        self.get(self.handle, index, rect)
        return rect.left, rect.bottom, rect.right, rect.top


def _page_lines(
    textpage: pdfium.PdfTextPage, geom: layout.PageGeometry, n: int
) -> tuple[tuple[layout.Line, ...], dict[str, float]]:
    """The page's lines with their geometry, and its column edges."""
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        # Index and string positions disagree (characters outside the BMP):
        # boxes cannot be looked up safely, so keep PDFium's order and no geometry.
        flat = (_flat_line(t, i, geom) for i, t in enumerate(text.split("\r\n")) if t.strip())
        return tuple(flat), {}
    boxes = _Boxes(textpage)
    # The hot loop: two character boxes per line, read through local names.
    get, handle, rect, new_line = boxes.get, boxes.handle, boxes.rect, layout.Line
    lines: list[layout.Line] = []
    starts: list[int] = []
    raised: list[bool] = []  # the line ends in a superscript (a small raised glyph run)
    heights: list[float] = []  # the height of each line's first glyph
    pos = 0
    for raw in text.split("\r\n"):
        size = len(raw)
        body = raw.strip()
        if body:
            start = pos + size - len(raw.lstrip())
            get(handle, start, rect)
            x0, y, height = rect.left, rect.bottom, rect.top - rect.bottom
            end = start + len(body) - 1
            get(handle, end, rect)
            x1, y_end = rect.right, rect.bottom
            sup = end > start and rect.top - rect.bottom < SUPERSCRIPT_HEIGHT * height
            if sup:
                y_end, sup = _baseline_end(boxes, start, end, body)
            line = new_line(body, x0, x1, y, y_end)
            if raised and raised[-1] and _goes_on(lines[-1], line):
                # PDFium broke the printed line after its superscript ("4,884 m2" / "of
                # living space"): one line again, in order (its pieces' columns could differ)
                prev = lines[-1]
                glue = " " if raw[:1].isspace() or x0 - prev.x1 > SUPERSCRIPT_GAP else ""
                line = new_line(prev.text + glue + body, prev.x0, x1, prev.y, y_end)
                lines[-1], starts[-1], raised[-1] = line, -1, sup
            else:
                lines.append(line)
                starts.append(start)
                raised.append(sup)
                heights.append(height)
        pos += size + 2
    lines = _marks(lines, heights)
    labels = layout.classify_columns(lines, geom)
    edges = layout.column_edges(lines, labels)
    if labels.count("L") < 3 or labels.count("R") < 3:
        return tuple(lines), edges
    out: list[layout.Line] = []
    for line, label, start in zip(lines, labels, starts, strict=True):
        glued = label == "S" and start >= 0  # a line joined after a superscript stays whole
        out.extend(_split_glued(boxes, line, start, geom) if glued else [line])
    return tuple(out), edges


def _baseline_end(boxes: _Boxes, start: int, end: int, body: str) -> tuple[float, bool]:
    """The bottom of a line's last glyph that is no superscript, and whether it ends in one.

    A superscript (``m2``, a footnote mark ``3``, ``a``, ``**``) is a run of at most
    :data:`SUPERSCRIPT_RUN` glyphs of one size and height, right after a glyph they are
    smaller than and raised above: measured from that glyph, the gap to the next line is a
    line pitch, not a paragraph's.
    """
    j = end
    _, bottom, _, top = boxes.box(j)
    for _ in range(SUPERSCRIPT_RUN):
        k = j - 1
        if k < start or body[k - start].isspace():
            break
        _, kb, _, kt = boxes.box(k)
        if top - bottom < SUPERSCRIPT_HEIGHT * (kt - kb) and bottom > kb + 1.0:
            return kb, True
        if abs(kb - bottom) > 0.5 or abs((kt - kb) - (top - bottom)) > 0.5:
            break
        j = k  # one more glyph of the run ("12")
    return boxes.box(end)[1], False


def _marks(lines: list[layout.Line], heights: list[float]) -> list[layout.Line]:
    """``lines`` with ``mark`` set on a note's mark printed alone (``a``, ``**``, ``12``): a
    line of at most :data:`SUPERSCRIPT_RUN` marks set smaller than the page's usual glyph."""
    if not heights:
        return lines
    usual = statistics.median(heights)
    return [
        ln._replace(mark=True)
        if len(ln.text) <= SUPERSCRIPT_RUN
        and _MARK.match(ln.text)
        and h < SUPERSCRIPT_HEIGHT * usual
        else ln
        for ln, h in zip(lines, heights, strict=True)
    ]


def _goes_on(prev: layout.Line, line: layout.Line) -> bool:
    """``line`` is the rest of the printed line ``prev`` that PDFium broke after its final
    superscript: it starts on ``prev``'s baseline just right of it."""
    return abs(line.y - prev.y_end) < 1.5 and -1.0 <= line.x0 - prev.x1 < SUPERSCRIPT_JOIN


def _flat_line(text: str, index: int, geom: layout.PageGeometry) -> layout.Line:
    y = geom.bottom + geom.height / 2 - index
    return layout.Line(text, geom.left + 72, geom.left + 72, y, y)


def _split_glued(
    boxes: _Boxes, line: layout.Line, start: int, geom: layout.PageGeometry
) -> list[layout.Line]:
    """Split a line PDFium glued from both columns of a two-column page at the gutter."""
    mid = geom.mid
    if line.y != line.y_end:
        return [line]
    body = line.text
    prev_right = line.x0
    for i in range(1, len(body)):
        if body[i] == " ":
            continue
        left, bottom, right, _ = boxes.box(start + i)
        if left > mid and prev_right < mid and left - prev_right > 8:
            head = layout.Line(body[:i].rstrip(), line.x0, prev_right, line.y, line.y)
            tail = layout.Line(body[i:].lstrip(), left, line.x1, bottom, line.y_end)
            return [head, tail]
        prev_right = right
    return [line]


def _without_furniture(page: _RawPage, *, first_page: bool) -> list[layout.Line]:
    top = max((ln.y for ln in page.lines), default=0.0)
    return [
        ln
        for ln in page.lines
        if not layout.is_furniture(ln, page.geom, first_page=first_page, top=top)
    ]


def _document_edges(raw: list[_RawPage]) -> dict[str, float]:
    """Median left edge of each column over the pages where it is well filled."""
    found: dict[str, list[float]] = {"L": [], "R": []}
    for r in raw:
        for col, x in r.edges.items():
            found[col].append(x)
    return {col: statistics.median(xs) for col, xs in found.items() if xs}


def _assemble(raw: list[_RawPage]) -> tuple[Page, ...]:
    kept = [_without_furniture(r, first_page=i == 0) for i, r in enumerate(raw)]
    edges = _document_edges(raw)
    laid = [
        layout.page_paragraphs(lines, r.geom, edges) for lines, r in zip(kept, raw, strict=True)
    ]
    paras = [page.paragraphs for page in laid]
    if paras and paras[0]:
        paras[0] = layout.drop_notice(paras[0])
    texts = [[p.text for p in page] for page in paras]
    if any(m in t for page in texts for t in page for m in layout.HYPHEN_MARKS):
        document = "\n".join(t for page in texts for t in page).lower()
        texts = [[layout.repair_hyphens(t, document) for t in page] for page in texts]
    pages: list[Page] = []
    for i, page_texts in enumerate(texts):
        nxt = paras[i + 1] if i + 1 < len(paras) else []
        closed = not nxt or nxt[0].starts_new or laid[i].ends_short
        body = "\n\n".join(page_texts)
        if _LIGATURE_CHARS.search(body):
            body = body.translate(_LIGATURES)
        pages.append(Page(i + 1, body + ("\n\n" if closed and body else "")))
    return tuple(pages)
