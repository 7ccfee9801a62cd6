"""Turn a source file's bytes into pages of text, by media type (no database)."""

from __future__ import annotations

from normtrace.errors import ExtractionError, UnsupportedFormatError
from normtrace.ingest.source import SourceFile
from normtrace.parse.model import ExtractedText, Page

TEXT_EXTRACTOR = "text.decode.v1"
HTML_EXTRACTOR = "html.stdlib.v1"
_EMPTY = "empty file: nothing to extract; check the download"


def extract_text(
    source: SourceFile, *, ocr: str = "auto", jobs: int | None = None
) -> ExtractedText:
    """Extract the text of ``source`` (PDF, plain text or HTML).

    Text files are split into pages at form feeds; line endings become ``\\n``.
    ``ocr`` (``auto``, ``never``, ``force``) says when PDF pages are recognized with
    Tesseract (see :func:`normtrace.ingest.pdf.extract_pdf`), with at most ``jobs``
    Tesseract processes at once (``None``: min(CPUs, 8)).

    Raises:
        IngestError: the file is empty, corrupt, cut short (:mod:`~normtrace.ingest.pdf_check`),
            encrypted, image-only or undecodable.
    """
    if not source.data or source.data.isspace():  # nothing but blanks: no document
        raise ExtractionError(_EMPTY, path=source.path)
    if source.media_type == "application/pdf":
        from normtrace.ingest.pdf import extract_pdf
        from normtrace.ingest.pdf_check import check_pdf_whole

        check_pdf_whole(source.data, path=source.path)  # cut short or repaired: refused
        return extract_pdf(source.data, path=source.path, ocr=ocr, jobs=jobs)
    from normtrace.ingest.text import decode_text

    text = decode_text(source.data, path=source.path).text
    if source.media_type == "text/html":
        from normtrace.ingest.html import html_to_text

        text = html_to_text(text)
        return _pages(text, HTML_EXTRACTOR, source.media_type)
    if source.media_type == "text/plain":
        return _pages(text, TEXT_EXTRACTOR, source.media_type)
    raise UnsupportedFormatError(f"no extractor for {source.media_type}", path=source.path)


def _pages(text: str, extractor: str, media_type: str) -> ExtractedText:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = tuple(Page(i, chunk) for i, chunk in enumerate(text.split("\f"), start=1))
    return ExtractedText(pages, extractor, media_type)
