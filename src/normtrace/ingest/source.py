"""Source files: read bytes, hash them, guess the media type and the UN symbol (no database)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from normtrace.errors import IngestError, UnsupportedFormatError
from normtrace.parse.symbols import FileSymbol, symbol_from_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = {
    ".xlsx": XLSX,
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".htm": "text/html",
    ".html": "text/html",
}
_SKIP_NAMES = {"meta.tsv", "speaker.tsv", "README.md", ".DS_Store"}


@dataclass(frozen=True)
class SourceFile:
    """One file's bytes and what its name and first bytes tell."""

    path: str
    data: bytes
    sha256: str
    size: int
    media_type: str
    file_symbol: FileSymbol | None

    @property
    def file_key(self) -> str | None:
        """The unit the file name names: ``S/PV.8703``, or ``S/PV.8703/s002`` for a speech file."""
        if self.file_symbol is None:
            return None
        key = str(self.file_symbol.symbol)
        speech = self.file_symbol.speech
        return key if speech is None else f"{key}/s{speech:03d}"


def read_source(path: str | os.PathLike[str]) -> SourceFile:
    """Read ``path`` and describe it.

    Raises:
        IngestError: the file cannot be read.
        UnsupportedFormatError: normtrace does not read this kind of file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror})", path=p) from exc
    return SourceFile(
        path=str(p),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=sniff_media_type(p.name, data),
        file_symbol=symbol_from_filename(p.name),
    )


def sniff_media_type(name: str, data: bytes) -> str:
    """The media type from the first bytes, else from the file name's suffix."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "application/pdf"
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx" and not head.startswith(b"PK"):
        raise UnsupportedFormatError("not a valid .xlsx workbook", path=name)
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise UnsupportedFormatError(
        f"unsupported file type {suffix or '(no suffix)'!r}; normtrace reads "
        + ", ".join(sorted(SUFFIXES)),
        path=name,
    )


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand files and folders (recursively, sorted) into the files to ingest."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and _wanted(child):
                    yield child
        else:
            yield p


def _wanted(path: Path) -> bool:
    if path.name in _SKIP_NAMES or path.name.startswith("."):
        return False
    return path.suffix.lower() in SUFFIXES
