"""Draft resolutions and the resolutions they became, from the UN Digital Library export.

The export (``drafts-to-resolutions.xlsx``, GitHub intreleng-research/unsc-dataset)
is one row per draft with MARC fields: ``191__a`` draft symbol, ``239__a``
title, ``245__a``/``245__c`` title statement, ``650__a`` subjects (``; ``),
``856__u`` PDF links (``; ``), ``993__a`` the adopted resolution (empty when the
draft was not adopted or the library did not record it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from normtrace.errors import IngestError
from normtrace.parse.symbols import canonical

_FIELDS = {
    "191__a": "symbol",
    "239__a": "title",
    "245__a": "statement",
    "650__a": "subjects",
    "856__u": "pdf",
    "993__a": "resolution",
}


@dataclass(frozen=True)
class Draft:
    """One draft resolution."""

    symbol: str
    title: str | None
    subjects: tuple[str, ...]
    resolution: str | None
    pdf_urls: tuple[str, ...] = ()
    record_id: str | None = None


def _symbol(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return canonical(text)
    except ValueError:
        return text


def _split(value: object) -> tuple[str, ...]:
    return tuple(v.strip() for v in str(value or "").split(";") if v.strip())


def read_drafts(path: str | Path) -> list[Draft]:
    """Read the drafts export (``.xlsx``) into :class:`Draft` rows.

    Raises:
        IngestError: the file cannot be read or lacks the MARC columns.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(Path(path), read_only=True)
    except (OSError, ValueError, KeyError, BadZipFile) as exc:
        reason = " ".join(str(exc).split())
        raise IngestError(f"cannot read the drafts export ({reason})", path=path) from exc
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    cols = {name: header.index(code) for code, name in _FIELDS.items() if code in header}
    if "symbol" not in cols or "resolution" not in cols:
        raise IngestError("no 191__a / 993__a columns; is this the drafts export?", path=path)
    return [d for d in (_draft(row, cols, header) for row in rows[1:]) if d is not None]


def _draft(row: tuple[object, ...], cols: dict[str, int], header: list[str]) -> Draft | None:
    def get(name: str) -> object:
        i = cols.get(name)
        return row[i] if i is not None and i < len(row) else None

    symbol = _symbol(get("symbol"))
    if symbol is None:
        return None
    title = get("title") or get("statement")
    record = row[0] if header and header[0] in ("1", "id", "") else None
    return Draft(
        symbol,
        str(title).strip() if title else None,
        _split(get("subjects")),
        _symbol(get("resolution")),
        _split(get("pdf")),
        str(record) if record is not None else None,
    )
