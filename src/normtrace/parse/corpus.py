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

from normtrace.errors import ParseError
from normtrace.parse import normalize
from normtrace.parse.model import Document, Paragraph, Speech
from normtrace.parse.speakers import parse_speaker_header
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
    clean = normalize.line_endings(text).strip()
    if not clean:
        raise ParseError(f"empty speech file {filename}", symbol=symbol)
    head, sep, body = clean.partition(":")
    if not sep or len(head) > _MAX_HEADER:
        raise ParseError(
            f"no speaker header before a colon in {filename}; is this a corpus speech file?",
            symbol=symbol,
        )
    try:
        header = parse_speaker_header(head)
    except ValueError as exc:
        raise ParseError(f"{exc} in {filename}", symbol=symbol) from exc
    warnings = []
    if header.stray_text:
        warnings.append(f"text interleaved into the speaker header: {header.stray_text!r}")
    key = f"{symbol}/s{found.speech:03d}"
    body = normalize.whitespace(body).strip()
    paragraph = Paragraph(f"{key}/p01", "text", body, 1, cites=cited_symbols(body))
    speech = Speech(
        key=key,
        index=found.speech,
        speaker=header.speaker,
        text=body,
        affiliation=header.affiliation,
        language=header.language,
        is_president=header.is_president,
        header=head.strip(),  # as printed: compared exactly with other segmentations
        paragraphs=(paragraph,),
    )
    meta = {"corpus_year": found.corpus_year, "file": filename.rsplit("/", 1)[-1]}
    if header.stray_text:
        meta["header_stray_text"] = header.stray_text
    return Document(
        symbol=symbol,
        doc_type="corpus_meeting",
        parser=PARSER,
        year=found.corpus_year,
        meeting=symbol,
        speeches=(speech,),
        meta=meta,
        warnings=tuple(warnings),
        edition="corpus",
    )
