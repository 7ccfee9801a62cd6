"""Choose the parser for a document: the first registered parser that accepts it.

The parsers are those of :mod:`normtrace.parse.registry` (entry-point group
``normtrace.parsers``): installed packages' parsers first, then the built-ins (a
corpus speech by its file name, then verbatim record, resolution, report, letter or
presidential statement by :func:`~normtrace.parse.detect.detect_doc_type`).
"""

from __future__ import annotations

from normtrace.errors import UnsupportedFormatError
from normtrace.parse.model import Document, ExtractedText
from normtrace.parse.registry import Sniff, choose_parser, run_parser
from normtrace.parse.symbols import FileSymbol


def parse_extracted(
    extracted: ExtractedText, *, filename: str, file_symbol: FileSymbol | None
) -> Document:
    """Parse extracted text into a :class:`Document` with the parser that accepts it.

    Raises:
        UnsupportedFormatError: no registered parser accepts the document.
        ParseError: the parser for that type failed.
    """
    sniff = Sniff(extracted.text, filename, file_symbol)
    entry = choose_parser(sniff)
    if entry is None:
        raise UnsupportedFormatError(
            "unknown document type: not a Security Council resolution, verbatim record, "
            "report, letter, presidential statement or corpus speech, and no installed "
            "parser plugin accepts it (`normtrace plugins` lists them); name the file by its "
            "UN symbol (e.g. S_2013_119.pdf) if it is one",
            path=filename,
        )
    return run_parser(entry, extracted, sniff)
