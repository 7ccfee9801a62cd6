"""Parse one speech file of the UN Security Council Debates corpus.

A corpus file (``UNSC_2020_SPV.8703_spch002.txt``) holds one speech on one
line: the speaker header before the first colon, then the text. The meeting
symbol and the speech number come from the file name.

Keys: the document ``S/PV.8703``, the speech ``S/PV.8703/s002``, its one
paragraph ``S/PV.8703/s002/p01`` (the corpus kept no paragraph breaks, and
sentence ends do not mark them reliably, so the text is not split).

>>> doc = parse_corpus_speech(
...     "Mr. Abarry (Niger) (spoke in French): I thank you.",
...     filename="UNSC_2020_SPV.8703_spch002.txt")
>>> sp = doc.speeches[0]
>>> sp.key, sp.speaker, sp.affiliation, sp.language
('S/PV.8703/s002', 'Mr. Abarry', 'Niger', 'French')
"""

from __future__ import annotations

from typing import Any

from normtrace.errors import ParseError
from normtrace.parse import normalize
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.parse.speakers import SpeakerHeader, parse_speaker_header
from normtrace.parse.symbols import cited_symbols, symbol_from_filename

PARSER = "parse.unsc_corpus.v1"
_MAX_HEADER = 200


def parse_corpus_speech(text: str, *, filename: str) -> Document:
    """Parse the text of one corpus speech file into a one-speech document.

    Args:
        text: the decoded file content.
        filename: the file's name (``UNSC_<year>_SPV.<meeting>_spch<nnn>.txt``).

    Raises:
        ParseError: the name is not a corpus speech name, the text is empty,
            or it has no speaker header before a colon.
    """
    found = symbol_from_filename(filename)
    if found is None or found.speech is None:
        raise ParseError(
            f"{filename!r} is not a corpus speech file name "
            "(expected UNSC_<year>_SPV.<meeting>_spch<nnn>.txt)"
        )
    symbol = str(found.symbol)
    head, body = _split(text, filename, symbol)
    try:
        header = parse_speaker_header(head)
    except ValueError as exc:
        raise ParseError(f"{exc} in {filename}", symbol=symbol) from exc
    speech = _speech(f"{symbol}/s{found.speech:03d}", found.speech, head, header, body)
    meta: dict[str, Any] = {"corpus_year": found.corpus_year, "file": filename.rsplit("/", 1)[-1]}
    warnings: tuple[str, ...] = ()
    if header.stray_text:
        meta["header_stray_text"] = header.stray_text
        warnings = (f"text interleaved into the speaker header: {header.stray_text!r}",)
    return Document(
        symbol=symbol,
        doc_type="corpus_meeting",
        parser=PARSER,
        year=found.corpus_year,
        meeting=symbol,
        speeches=(speech,),
        meta=meta,
        warnings=warnings,
        edition="corpus",
    )


def _split(text: str, filename: str, symbol: str) -> tuple[str, str]:
    """The header as printed and the speech text (whitespace normalized)."""
    clean = normalize.line_endings(text).strip()
    if not clean:
        raise ParseError(f"empty speech file {filename}", symbol=symbol)
    head, sep, body = clean.partition(":")
    if not sep or len(head) > _MAX_HEADER:
        raise ParseError(
            f"no speaker header before a colon in {filename}; is this a corpus speech file?",
            symbol=symbol,
        )
    return head.strip(), normalize.whitespace(body).strip()


def _speech(key: str, index: int, head: str, header: SpeakerHeader, body: str) -> Speech:
    paragraph = Paragraph(f"{key}/p01", "text", body, 1, cites=cited_symbols(body))
    return Speech(
        key=key,
        index=index,
        speaker=header.speaker,
        text=body,
        affiliation=header.affiliation,
        language=header.language,
        is_president=header.is_president,
        header=head,  # as printed: compared exactly with other segmentations
        paragraphs=(paragraph,),
    )
