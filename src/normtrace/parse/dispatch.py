"""Choose the parser for a document: by file name symbol, corpus layout, then content."""

from __future__ import annotations

from normtrace.errors import UnsupportedFormatError
from normtrace.parse.model import Document, ExtractedText
from normtrace.parse.symbols import FileSymbol

PARSERS = ("resolution", "verbatim", "report", "letter", "prst", "corpus_meeting")


def parse_extracted(
    extracted: ExtractedText, *, filename: str, file_symbol: FileSymbol | None
) -> Document:
    """Parse extracted text into a :class:`Document` with the parser its type needs.

    Raises:
        UnsupportedFormatError: the document's type cannot be recognised.
        ParseError: the parser for that type failed.
    """
    from normtrace.parse.detect import detect_doc_type

    if file_symbol is not None and file_symbol.speech is not None:
        from normtrace.parse.corpus import parse_corpus_speech

        return parse_corpus_speech(extracted.text, filename=filename)
    symbol = str(file_symbol.symbol) if file_symbol else None
    doc_type = detect_doc_type(extracted.text, symbol=symbol)
    if doc_type == "verbatim":
        from normtrace.parse.verbatim import parse_verbatim

        return parse_verbatim(extracted, symbol=symbol)
    if doc_type == "resolution":
        from normtrace.parse.resolution import parse_resolution

        return parse_resolution(extracted.text, symbol=symbol)
    if doc_type in ("report", "letter", "prst"):
        from normtrace.parse.report import parse_report

        return parse_report(extracted.text, symbol=symbol)
    raise UnsupportedFormatError(
        "unknown document type: not a Security Council resolution, verbatim record, report, "
        "letter, presidential statement or corpus speech; name the file by its UN symbol "
        "(e.g. S_2013_119.pdf) if it is one",
        path=filename,
    )
