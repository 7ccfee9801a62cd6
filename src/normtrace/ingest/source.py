"""Source files: read bytes, hash them, guess the media type and the UN symbol (no database)."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from normtrace.errors import IngestError, UnsupportedFormatError
from normtrace.ingest.limits import IngestLimits
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


def read_source(path: str | os.PathLike[str], limits: IngestLimits | None = None) -> SourceFile:
    """Read ``path`` and describe it.

    Only regular files are read (a FIFO would block forever); a file over
    ``limits.max_file_mb`` is refused before it is read.

    Raises:
        IngestError: the file cannot be read (missing, unreadable folder, dangling or
            looping symbolic link, special file, too large).
        UnsupportedFormatError: normtrace does not read this kind of file.
    """
    p = Path(path)
    limit = (limits or IngestLimits.from_env()).max_file_bytes
    data = _read_regular(p, limit)
    name = shown_path(p.name)
    return SourceFile(
        path=str(p),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=sniff_media_type(name, data),
        file_symbol=symbol_from_filename(name),
    )


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as printable UTF-8 text: bytes of a non-UTF-8 file name become ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _read_regular(p: Path, limit: int) -> bytes:
    """The bytes of the regular file ``p``, or an :class:`IngestError` saying why not."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; refused below by fstat
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise IngestError(_why_unreadable(p, exc), path=shown_path(p)) from exc
    info = os.fstat(fd)
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = _why_folder(p)
    elif not stat.S_ISREG(info.st_mode):
        problem = f"not a regular file ({_kind(info.st_mode)}); normtrace reads only regular files"
    elif info.st_size > limit:
        problem = IngestLimits.too_large(info.st_size, limit)
    if problem is not None:
        os.close(fd)
        raise IngestError(problem, path=shown_path(p))
    with os.fdopen(fd, "rb") as fh:
        try:
            data = _read_at_most(fh, limit + 1)
        except OSError as exc:
            raise IngestError(f"cannot read file ({exc.strerror})", path=shown_path(p)) from exc
    if len(data) > limit:  # grew while being read
        raise IngestError(IngestLimits.too_large(len(data), limit), path=shown_path(p))
    return data


def _read_at_most(fh: BinaryIO, n: int) -> bytes:
    chunks, total = [], 0
    while total < n:
        chunk = fh.read(min(1 << 20, n - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _why_unreadable(p: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loops (it points back to itself); fix or remove the link"
    if exc.errno == errno.ENOENT and p.is_symlink():
        return f"dangling symbolic link (to {shown_path(os.readlink(p))!r}); fix or remove it"
    if exc.errno in (errno.EISDIR, errno.EACCES) and p.is_dir():
        return f"cannot read folder ({exc.strerror}); check its permissions"
    return f"cannot read file ({exc.strerror})"


def _why_folder(p: Path) -> str:
    try:
        os.scandir(p).close()
    except OSError as exc:
        return f"cannot read folder ({exc.strerror}); check its permissions"
    return "is a folder, not a file"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


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
    """Expand files and folders (recursively, sorted) into the files to ingest.

    Every entry of a folder with a readable suffix is yielded, whatever it is (a
    dangling or looping link, a FIFO), and so is every folder that cannot be listed:
    :func:`read_source` then gives each its one-line reason instead of skipping it
    silently. Links to folders are not followed.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(_walk(p))
        else:
            yield p


def _walk(top: Path) -> list[Path]:
    found: list[Path] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            found.append(folder)  # read_source names the reason
            continue
        for entry in listed:
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(child)
            elif _wanted(child):
                found.append(child)
    return found


def _wanted(path: Path) -> bool:
    if path.name in _SKIP_NAMES or path.name.startswith("."):
        return False
    return path.suffix.lower() in SUFFIXES
