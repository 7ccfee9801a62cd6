"""Decode the bytes of a plain-text source file.

UN texts in circulation are UTF-8, ASCII or Windows-1252 (the shared
resolution corpus mixes all three). :func:`decode_text` tries UTF-8 (with or
without a byte-order mark) and falls back to cp1252; it refuses binary data
and bytes that neither encoding can read, with a one-line reason.

>>> decode_text("Résolution".encode("cp1252")).encoding
'cp1252'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from normtrace.errors import ExtractionError, IngestError

# Control characters that never occur in a text file (tab, LF, VT, FF, CR and
# ESC-free text are fine; pdfium's \x02 soft hyphen is tolerated too).
_ALLOWED_CONTROLS = frozenset("\t\n\x0b\x0c\r\x02")
_MAX_CONTROL_SHARE = 0.01
# The others, as one character class: counted by the regex engine, not a Python loop per
# character (a loop per character was a tenth of ingesting ../shared).
_CONTROLS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _ALLOWED_CONTROLS) + "]"
)


# C1 control characters in UTF-8 text are Windows-1252 punctuation decoded as
# Latin-1 somewhere upstream (U+0092 for the apostrophe, U+0095 for a bullet).
_C1_AS_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1 = re.compile("[" + "".join(re.escape(chr(b)) for b in _C1_AS_CP1252) + "]")


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, the encoding that decoded it, and repairs made.

    ``repaired`` counts C1 control characters read as the Windows-1252
    characters they stand for (``\x92`` → ``’``).
    """

    text: str
    encoding: str
    repaired: int = 0


def decode_text(data: bytes, *, path: str | Path | None = None) -> DecodedText:
    """Decode ``data`` as UTF-8, falling back to Windows-1252.

    Args:
        data: the raw file content.
        path: where the bytes came from, used in error messages only.

    Returns:
        The decoded text (BOM removed) and the encoding used
        (``"utf-8"`` or ``"cp1252"``).

    Raises:
        ExtractionError: the data is binary (NUL bytes or many control
            characters) or holds bytes undefined in both encodings.

    >>> decode_text(b"S/RES/2098 (2013)").text
    'S/RES/2098 (2013)'
    """
    if b"\x00" in data:
        raise ExtractionError(
            "binary data (NUL bytes), not a text file; give the PDF or text version instead",
            path=path,
        )
    text, encoding = _decode(data, path)
    repaired = len(_C1.findall(text))
    if repaired:
        text = text.translate(_C1_AS_CP1252)
    _check_controls(text, path)
    return DecodedText(text, encoding, repaired)


def read_text(path: str | Path) -> DecodedText:
    """Read and decode a text file (see :func:`decode_text`).

    Raises:
        IngestError: the file cannot be read.
        ExtractionError: the content is not decodable text.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}", path=p) from exc
    return decode_text(data, path=p)


def _decode(data: bytes, path: str | Path | None) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ExtractionError(
            f"undecodable byte 0x{bad} at offset {exc.start} (neither UTF-8 nor Windows-1252); "
            "re-save the file as UTF-8",
            path=path,
        ) from exc


def _check_controls(text: str, path: str | Path | None) -> None:
    if not text:
        return
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise ExtractionError(
            f"binary data ({controls} control characters in {len(text)}), not a text file",
            path=path,
        )
