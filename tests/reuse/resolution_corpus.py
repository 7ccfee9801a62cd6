"""Load resolution texts from ../shared as reuse units (for tests and the benchmark).

Uses the project's resolution parser (``normtrace.parse.resolution``) when it
is installed; otherwise a minimal line splitter: one paragraph per line,
page furniture (job numbers, barcodes, running headers, page numbers)
dropped, a line that starts in lower case joined to the one before (a
paragraph broken by a page end). Keys are then ``<symbol>/L<nnn>``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from normtrace.ingest.text import read_text
from normtrace.reuse.links import Unit

_FILE = re.compile(r"S-RES-(\d+)\((\d{4})\)\.txt$")
_FURNITURE = re.compile(
    r"^(?:\d{2}-\d{4,5}\s*\([A-Z]\)|\*\d+\*|S/RES/\d+\s*\(\d{4}\)|\d{1,3}|\d+/\d+|Page \d+)$"
)
_ADOPTED = re.compile(r"on (\d{1,2} [A-Z][a-z]+ \d{4})")


def resolution_files(folder: Path) -> list[Path]:
    """The resolution files in number order."""
    files = [p for p in folder.iterdir() if _FILE.search(p.name)]
    return sorted(files, key=lambda p: int(_FILE.search(p.name)[1]))  # type: ignore[index]


def symbol_of(path: Path) -> str:
    m = _FILE.search(path.name)
    assert m
    return f"S/RES/{m[1]} ({m[2]})"


def _date(text: str, year: str) -> str:
    m = _ADOPTED.search(text)
    if m:
        try:
            return datetime.strptime(m[1], "%d %B %Y").date().isoformat()
        except ValueError:
            pass
    return f"{year}-01-01"


def _paragraphs(text: str) -> list[str]:
    paras: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _FURNITURE.match(line):
            continue
        if paras and line[0].islower():
            paras[-1] += " " + line
        else:
            paras.append(line)
    return paras


def load_units(path: Path) -> list[Unit]:
    """The paragraphs of one resolution file as reuse units."""
    text = read_text(path).text
    symbol = symbol_of(path)
    try:
        from normtrace.parse.resolution import parse_resolution  # type: ignore[import-not-found]
    except ImportError:
        parse_resolution = None
    if parse_resolution is not None:
        doc = parse_resolution(text, symbol=symbol)
        date = doc.date or _date(text, symbol[-5:-1])
        return [Unit(p.key, date, p.order, p.text, symbol) for p in doc.paragraphs]
    date = _date(text, symbol[-5:-1])
    return [
        Unit(f"{symbol}/L{i:03d}", date, i, para, symbol)
        for i, para in enumerate(_paragraphs(text))
    ]
