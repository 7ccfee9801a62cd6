"""Coded passages as files: CSV and XLSX tables of :class:`~normtrace.coding.exchange.tables.
Passage` rows (:data:`~normtrace.coding.exchange.tables.COLUMNS`), which ``normtrace code import``
reads back; every text cell of a workbook stays text, never a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from normtrace.coding.exchange.tables import COLUMNS, Passage
from normtrace.errors import CodingError

TABLE_FORMATS = ("csv", "xlsx")
#: characters XLSX (XML 1.0) cannot hold
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def passage_dicts(rows: Iterable[Passage]) -> list[dict[str, Any]]:
    """The rows as dicts in :data:`COLUMNS` order; a coding of a whole paragraph (a human
    coding at ``paragraph`` level) has no span: ``code import`` reads it back as one."""
    out = []
    for p in rows:
        row = asdict(p)
        if p.source == "human" and p.status == "coded" and p.level == "paragraph":
            row["start"] = row["end"] = None
        out.append(row)
    return out


def dumps_csv(rows: Iterable[Passage]) -> str:
    """The rows as CSV text (header: :data:`COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in passage_dicts(rows):
        writer.writerow(row)
    return buffer.getvalue()


def dumps_xlsx(rows: Iterable[Passage], *, sheet: str = "passages") -> bytes:
    """The rows as an XLSX workbook (one sheet; every text cell stays text, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in passage_dicts(rows):
        cells = []
        for name in COLUMNS:
            value = row[name]
            cell = WriteOnlyCell(ws, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def write_table(rows: Iterable[Passage], path: str | Path, fmt: str | None = None) -> Path:
    """Write ``rows`` to ``path`` as CSV or XLSX: ``fmt`` (``csv``, ``xlsx``) if given, else
    by the path's suffix (so ``/dev/stdout`` can take a table with ``fmt``).

    Raises:
        CodingError: the suffix is neither ``.csv`` nor ``.xlsx``, or the file cannot be written.
    """
    target = Path(path)
    suffix = fmt or target.suffix.lower().lstrip(".")
    if suffix not in TABLE_FORMATS:
        raise CodingError(f"{target}: write .csv or .xlsx, not {target.suffix or 'no suffix'!r}")
    try:
        if suffix == "csv":
            target.write_text(dumps_csv(rows), encoding="utf-8")
        else:
            target.write_bytes(dumps_xlsx(rows))
    except OSError as exc:
        raise CodingError(f"{target}: cannot write ({exc.strerror}); check the folder") from exc
    return target
