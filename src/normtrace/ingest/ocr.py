"""Optical character recognition for PDF pages without a text layer (Tesseract).

Scanned UN documents (the UNMISET reports of 2003–2005, older Council records) are
image-only PDFs. :func:`recognize_pages` renders such pages with PDFium and reads them
with the ``tesseract`` command (Debian's ``tesseract-ocr`` and ``tesseract-ocr-eng``);
it returns, per page, text lines with their geometry in PDF points, so that the same
layout rules as for a text layer (furniture, columns, paragraphs, hyphens) apply to them.

A page read with a low mean confidence (below :data:`REREAD_BELOW`) may be turned: the
landscape tables and maps of a report's annexes are scanned sideways or upside down, and read
as they lie they give gibberish ("Jaye poddns pesodolg" for "Proposed support after").
Tesseract's orientation detection (``--psm 0``) then says how far to turn it; the turned page is
read again and kept when it reads with a clearly higher confidence (its lines are then in the
turned page's geometry, and ``OcrInfo.rotated`` names the page).

No Python binding is needed: Tesseract runs as a subprocess with a time limit, one
thread each (``OMP_THREAD_LIMIT=1``, much faster than its default threading on small
machines), several pages at a time. Each page's mean word confidence (0–100) is kept;
the document's is the mean over its words.

When Tesseract is missing, :func:`tesseract_version` is ``None`` and the caller refuses
the scan with an install hint.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from normtrace.errors import ExtractionError
from normtrace.ingest import pdf_layout as layout
from normtrace.parse.model import OcrInfo

if TYPE_CHECKING:
    import pypdfium2 as pdfium

OCR_MODES = ("auto", "never", "force")
#: Resolution pages are rendered at for recognition (Tesseract's documented sweet spot).
DPI = 300
#: Seconds one page may take before its recognition is abandoned.
PAGE_TIMEOUT = 180.0
# Tesseract reads the "S" of a running head's symbol as "$", "8" or "§" ("$/2005/310").
_OCR_SYMBOL = re.compile(r"(?<![\w/])[$8§]/(\d{4}/\d+)")
INSTALL_HINT = (
    "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and ingest again "
    "with --ocr auto, or run OCR yourself (e.g. ocrmypdf) and ingest the result"
)


#: A page read with a lower mean word confidence is checked for a sideways or upside-down scan.
REREAD_BELOW = 70.0
#: How much higher the turned page's mean confidence must be for it to replace the first reading.
TURN_GAIN = 15.0
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.M)


@dataclass(frozen=True)
class OcrPage:
    """One recognized page: its lines (PDF points, origin bottom-left) and confidences."""

    index: int
    lines: tuple[layout.Line, ...]
    words: int
    confidence_sum: float
    #: degrees the scan was turned (clockwise) before it was read; 0 when read as it lies
    rotated: int = 0


def tesseract_command() -> str | None:
    """The ``tesseract`` executable: ``$NORMTRACE_TESSERACT`` or the one on ``PATH``."""
    configured = os.environ.get("NORMTRACE_TESSERACT")
    if configured is not None:
        return configured if configured and Path(configured).is_file() else None
    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def _version(command: str) -> str | None:
    try:
        out = subprocess.run(
            [command, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    first = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 or not first:
        return None
    return first[0].strip()  # "tesseract 5.3.0"


def tesseract_version() -> str | None:
    """``"tesseract 5.3.0"``, or ``None`` when Tesseract is not installed or does not run."""
    command = tesseract_command()
    return _version(command) if command else None


def recognize_pages(
    pdf: pdfium.PdfDocument,
    indices: Sequence[int],
    *,
    path: str,
    dpi: int = DPI,
    jobs: int | None = None,
) -> list[OcrPage]:
    """Recognize the pages ``indices`` (0-based) of ``pdf``, in that order, with at most
    ``jobs`` Tesseract processes at once (``None``: min(CPUs, 8)). An ingest passes its
    ``--workers`` here with each file, on whichever worker reads it, so a 2-core allocation
    is not handed 8 Tesseracts.

    Raises:
        ExtractionError: Tesseract is missing, fails, or exceeds the time limit on a page.
    """
    command = tesseract_command()
    if command is None or _version(command) is None:
        raise ExtractionError("image-only PDF page (no text layer): " + INSTALL_HINT, path=path)
    with tempfile.TemporaryDirectory(prefix="normtrace-ocr-") as tmp:
        pages = [_render(pdf, i, Path(tmp), dpi, command) for i in indices]
        todo = [page for page in pages if page.cached is None]
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo), 8))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            read = iter(list(pool.map(lambda page: _tesseract(command, page, path), todo)))
        tables = [page.cached if page.cached is not None else next(read) for page in pages]
    return [
        _page(i, table, _box(pdf[i].get_mediabox(), turn), dpi, turn)
        for i, (table, turn) in zip(indices, tables, strict=True)
    ]


def _box(box: tuple[float, float, float, float], turn: int) -> tuple[float, float, float, float]:
    """The page box of a page turned by ``turn`` degrees (a quarter turn swaps its sides)."""
    left, bottom, right, top = box
    if turn % 180 == 0:
        return box
    return (left, bottom, left + (top - bottom), bottom + (right - left))


@dataclass(frozen=True)
class _Rendered:
    """A page rendered for recognition: its cache key, and its reading (TSV, turn) when the
    cache holds it, else the image file Tesseract is to read."""

    index: int
    key: str
    cached: tuple[str, int] | None
    image: Path | None


def _render(pdf: pdfium.PdfDocument, index: int, folder: Path, dpi: int, command: str) -> _Rendered:
    """Render page ``index``; the image is written to ``folder`` only when the cache does not
    hold its reading (encoding a page as PNG takes four times as long as hashing it)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil()
        key = _cache_key(command, image.mode, image.size, image.tobytes())
        cached = _cache_read(key)
        if cached is not None:
            head, _, rest = cached.partition("\n")
            return _Rendered(index, key, (rest, int(head.removeprefix("turn ") or 0)), None)
        target = folder / f"page-{index + 1:04d}.png"
        # the fastest zlib level: the page is read once by Tesseract (half the encoding
        # time of the default level, 13 % more bytes)
        image.save(target, compress_level=1)
    finally:
        page.close()
    return _Rendered(index, key, None, target)


def cache_dir() -> Path | None:
    """Where recognized pages are kept (``$NORMTRACE_OCR_CACHE``, ``off`` for none).

    Default ``$XDG_CACHE_HOME/normtrace/ocr`` (``~/.cache/normtrace/ocr``). Entries are
    keyed by the rendered page image (its pixels) and the engine, so a scan ingested into a
    second project, or again after a parser change, is not recognized twice.
    """
    configured = os.environ.get("NORMTRACE_OCR_CACHE")
    if configured is not None:
        return None if configured.lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "normtrace" / "ocr"


def _cache_key(command: str, mode: str, size: tuple[int, int], pixels: bytes) -> str:
    """The page's pixels (``mode``, ``size``: PIL's) and the engine that reads them."""
    digest = hashlib.sha256(f"{mode} {size[0]}x{size[1]}|".encode())
    digest.update(pixels)
    turn = f"turn<{REREAD_BELOW}+{TURN_GAIN}" if _has_osd(command) else "no-osd"
    digest.update(f"|{_version(command)}|eng|psm3|tsv|{turn}".encode())
    return digest.hexdigest()


def _cache_read(key: str) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / key[:2] / f"{key}.tsv").read_text(encoding="utf-8")
    except OSError:
        return None  # not cached (or the cache is unreadable): recognize the page


def _cache_write(key: str, table: str) -> None:
    folder = cache_dir()
    if folder is None:
        return
    target = folder / key[:2] / f"{key}.tsv"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_text(table, encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        return  # a cache that cannot be written only costs time on the next ingest


def _tesseract(command: str, page: _Rendered, path: str) -> tuple[str, int]:
    """The page's TSV and the degrees it was turned before reading (module doc), read by
    Tesseract and kept in the cache."""
    index, image, key = page.index, page.image, page.key
    assert image is not None, "a page the cache holds is not read again"
    table, turn = _run_tesseract(command, index, image, path), 0
    if _mean_confidence(table) < REREAD_BELOW and _has_osd(command):
        # the check is optional: a page it cannot settle is kept as first read
        with contextlib.suppress(ExtractionError):
            table, turn = _turned(command, index, image, path, table)
    _cache_write(key, f"turn {turn}\n{table}")
    return table, turn


@lru_cache(maxsize=4)
def _has_osd(command: str) -> bool:
    """Whether Tesseract has its orientation data (``osd``; Debian's tesseract-ocr-osd, a
    dependency of tesseract-ocr): without it no page is turned, and the cache says so."""
    try:
        out = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "osd" in (out.stdout + out.stderr).split()


def _mean_confidence(table: str) -> float:
    confs = [float(r.get("conf") or -1)
             for r in csv.DictReader(io.StringIO(table), delimiter="\t", quoting=csv.QUOTE_NONE)
             if r.get("level") == "5" and (r.get("text") or "").strip()]  # fmt: skip
    confs = [c for c in confs if c >= 0]
    return sum(confs) / len(confs) if confs else 0.0


def _turned(command: str, index: int, image: Path, path: str, table: str) -> tuple[str, int]:
    """The reading of the page turned as Tesseract's orientation detection says, when it reads
    clearly better than ``table``; else ``table`` as it was (turn 0)."""
    from PIL import Image

    osd = _run_tesseract(command, index, image, path, ["--psm", "0"], check=False)
    found = _ROTATE.search(osd)
    turn = int(found[1]) % 360 if found else 0
    if turn not in (90, 180, 270):
        return table, 0
    target = image.with_name(f"{image.stem}-turned{image.suffix}")
    with Image.open(image) as img:
        img.rotate(-turn, expand=True).save(target)
    again = _run_tesseract(command, index, target, path)
    if _mean_confidence(again) >= _mean_confidence(table) + TURN_GAIN:
        return again, turn
    return table, 0


def _run_tesseract(
    command: str,
    index: int,
    image: Path,
    path: str,
    mode: Sequence[str] = ("-l", "eng", "--psm", "3", "tsv"),
    *,
    check: bool = True,
) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        out = subprocess.run(
            [command, str(image), "stdout", *mode],
            capture_output=True,
            text=True,
            timeout=PAGE_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(
            f"OCR took longer than {PAGE_TIMEOUT:.0f} s: the page may be damaged; "
            "run OCR yourself (e.g. ocrmypdf) and ingest the result",
            path=path,
            page=index + 1,
        ) from exc
    except OSError as exc:
        reason = f"cannot run Tesseract ({exc.strerror}): " + INSTALL_HINT
        raise ExtractionError(reason, path=path) from exc
    if out.returncode != 0 and not check:
        return ""  # orientation detection finds too little text on the page: leave it
    if out.returncode != 0:
        detail = " ".join(out.stderr.split())[:160] or f"exit code {out.returncode}"
        hint = "check that tesseract-ocr-eng (English data) is installed"
        raise ExtractionError(f"Tesseract failed ({detail}): {hint}", path=path, page=index + 1)
    return out.stdout


def _page(
    index: int, table: str, box: tuple[float, float, float, float], dpi: int, turn: int = 0
) -> OcrPage:
    """Lines of one page from Tesseract's TSV (words grouped by block, paragraph, line)."""
    left, _bottom, _right, top = box
    scale = dpi / 72
    grouped: dict[tuple[int, int, int], list[dict[str, str]]] = {}
    words, conf_sum = 0, 0.0
    for row in csv.DictReader(io.StringIO(table), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        grouped.setdefault(key, []).append(row)
        conf = float(row.get("conf") or -1)
        if conf >= 0:
            words += 1
            conf_sum += conf
    lines = [_line(ws, left, top, scale) for ws in grouped.values()]
    lines.sort(key=lambda ln: (-ln.y, ln.x0))
    return OcrPage(index, tuple(lines), words, conf_sum, turn)


def _line(words: list[dict[str, str]], left: float, top: float, scale: float) -> layout.Line:
    x0 = min(int(w["left"]) for w in words)
    x1 = max(int(w["left"]) + int(w["width"]) for w in words)
    # The median word bottom: close to the baseline, and steady whether or not
    # the line's words have descenders (the layout compares line pitches).
    bottom = statistics.median(int(w["top"]) + int(w["height"]) for w in words)
    text = _OCR_SYMBOL.sub(r"S/\1", " ".join(w["text"].strip() for w in words))
    y = top - bottom / scale
    return layout.Line(text, left + x0 / scale, left + x1 / scale, y, y)


def summarize(engine: str, pages: Sequence[OcrPage], dpi: int = DPI) -> OcrInfo:
    """The document-level record of what OCR did (mean confidence over all words)."""
    words = sum(p.words for p in pages)
    mean = sum(p.confidence_sum for p in pages) / words if words else 0.0
    turned = tuple(p.index + 1 for p in pages if p.rotated)
    return OcrInfo(engine, tuple(p.index + 1 for p in pages), mean, dpi, turned)
