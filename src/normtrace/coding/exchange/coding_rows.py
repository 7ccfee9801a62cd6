"""The rows of a human codings file (CSV, XLSX or JSON Lines), read and checked one by one:
what :func:`normtrace.coding.exchange.codings.import_codings` imports (see its module for what
each column means). A malformed row is a problem of its own line; nothing is written here."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.coding.human.made_at import stated_time
from normtrace.errors import CodingError
from normtrace.store.db import instant

#: the largest file :func:`import_codings` reads
MAX_BYTES = 64 * 1024 * 1024
COLUMNS = ("unit_key", "code", "start", "end", "memo", "coder", "reviewed")
#: what a ``reviewed`` cell may say (lower case), and what it means
REVIEWED = {"": "", "yes": "", "no": "no", "unit": "unit", "paragraph": "paragraph"}


@dataclass(frozen=True)
class CodingRow:
    line: int
    unit_key: str
    code: str
    start: int | None
    end: int | None
    memo: str | None
    coder: str | None = None
    #: the ``reviewed`` cell as :data:`REVIEWED` reads it ("": the default rule)
    reviewed: str = ""
    source: str = ""
    codebook: str = ""
    #: the codes a ``reviewed`` cell "unit for …" names (``None``: every code)
    review_codes: tuple[str, ...] | None = None
    #: the ``text`` cell: the words at the row's span (or of its unit) where the file was
    #: made, as ``normtrace code export`` writes them ("": not given)
    text: str = ""
    #: the ``level`` cell: the coding level the row is at (``unit``, ``paragraph``; "": the
    #: import's), as ``normtrace code export`` writes it
    level: str = ""
    #: the ``at`` cell: when the work was made, as the file states it (ISO-8601 UTC, checked
    #: by :func:`~normtrace.coding.human.made_at.stated_time`; "": not stated)
    at: str = ""
    #: the ``status`` cell (lower case), as ``normtrace code export`` writes it: ``memo`` makes
    #: the row a memo on its unit (:mod:`~normtrace.coding.exchange.memo_rows`); other values
    #: say nothing an import reads
    status: str = ""
    #: the ``moved_at`` cell: when the row's coding was last moved to where it stands (an
    #: ingest's re-anchoring, a coder's settlement of a review), as the file states it
    #: (checked as ``at`` is, and never before ``at``; "": never moved, or not stated)
    moved_at: str = ""


def read_rows(path: str | Path) -> tuple[list[CodingRow], list[str]]:
    """The rows of a CSV or JSON Lines coding file, and the problems of malformed rows (an
    ``at`` cell that is no time, or after now, among them)."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise CodingError(f"{file}: {size} bytes is over the {MAX_BYTES}-byte limit; split it")
        raw = file.read_bytes()
    except OSError as exc:
        raise CodingError(f"{file}: cannot read ({exc.strerror}); check the path") from exc
    if not raw.strip():
        raise CodingError(
            f"{file}: the file is empty; expected a header with columns {', '.join(COLUMNS)}"
        )
    if file.suffix.lower() == ".xlsx":
        records = _xlsx(raw, file)
    else:
        text = _decoded(raw, file)
        if file.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            records = _jsonl(text)
        else:
            records = _csv(text, file)
    rows: list[CodingRow] = []
    problems: list[str] = []
    for line, record in records:
        if isinstance(record, str):
            problems.append(f"row {line}: {record}")
            continue
        try:
            rows.append(_row(line, record))
        except CodingError as exc:
            problems.append(f"row {line}: {exc}")
    if not rows and not problems:
        raise CodingError(f"{file}: no rows; expected columns {', '.join(COLUMNS)}")
    return rows, problems


def _decoded(raw: bytes, file: Path) -> str:
    """The text of a CSV or JSON Lines file: UTF-8 (with or without a byte-order mark),
    UTF-16 with its byte-order mark (a spreadsheet's "Unicode text"), else Windows-1252."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE
        try:
            return raw.decode("utf-32")
        except UnicodeDecodeError:
            raise CodingError(
                f"{file}: starts as UTF-32 but does not decode; save it as UTF-8 CSV"
            ) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CodingError(
                f"{file}: starts as UTF-16 but does not decode; save it as UTF-8 CSV"
            ) from None
    if b"\x00" in raw:
        raise CodingError(
            f"{file}: binary data, not a text file; give a CSV, JSON Lines or .xlsx file"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _jsonl(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    out: list[tuple[int, dict[str, Any] | str]] = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            out.append((line, f"not JSON ({exc.msg} at column {exc.colno})"))
            continue
        out.append((line, value if isinstance(value, dict) else "not a JSON object"))
    return out


def _csv(text: str, file: Path) -> list[tuple[int, dict[str, Any] | str]]:
    first = text.splitlines()[0] if text.strip() else ""
    # a spreadsheet's "text (tab delimited)" export, or a CSV saved where the comma is the
    # decimal mark: tabs or semicolons and no comma in the header
    delimiter = next((d for d in ("\t", ";") if d in first and "," not in first), ",")
    # newline="": the reader sees the file's own line ends (\r\n, \n or an old Mac's \r)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, dict[str, Any] | str]] = []
    row = 0
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        _check_header(header, file)
        reader.fieldnames = header
        row = 1  # the header is read: an error now is in a record after it
        # by record, the header being row 1: a spreadsheet's row numbers, also when a quoted
        # text spans several lines of the file (the reader's line_num would count those)
        for row, record in enumerate(reader, start=2):
            out.append((row, dict(record)))
    except csv.Error as exc:
        raise CodingError(
            f"{file}: row {row + 1}: not readable as CSV ({exc}); save it as CSV (UTF-8) again"
        ) from None
    return out


def _xlsx(raw: bytes, file: Path) -> list[tuple[int, dict[str, Any] | str]]:
    """The rows of an XLSX workbook's first sheet (header in row 1), by sheet row number."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise CodingError(f"{file}: not a readable .xlsx workbook ({exc}); save it again") from exc
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
        _check_header(header, file)
        out: list[tuple[int, dict[str, Any] | str]] = []
        for line, values in enumerate(lines, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            out.append((line, dict(zip(header, values, strict=False))))
        return out
    finally:
        book.close()


def _check_header(header: list[str], file: Path) -> None:
    if "unit_key" not in header or "code" not in header:
        raise CodingError(
            f"{file}: the header needs columns unit_key and code (has: {', '.join(header)})"
        )


def _row(line: int, record: dict[str, Any]) -> CodingRow:
    key = record.get("unit_key")
    if key is not None and not isinstance(key, str):
        raise CodingError(f"unit_key must be text, not {key!r}")
    if not key or not key.strip():
        raise CodingError("unit_key is missing or empty")
    code = record.get("code")
    if code is None:
        code = ""
    if not isinstance(code, str):
        raise CodingError(f"code must be text, not {code!r}")
    memo = record.get("memo")
    coder = _text(record.get("coder"), "coder")
    flag = record.get("reviewed")
    reviewed = ("yes" if flag else "no") if isinstance(flag, bool) else _text(flag, "reviewed")
    reviewed, _, named = re.sub(r"\s+for\s+", " for ", reviewed, count=1,
                                flags=re.IGNORECASE).partition(" for ")  # fmt: skip
    reviewed = reviewed.strip().lower()
    review_codes = tuple(named.replace(",", " ").replace(";", " ").split()) or None
    if reviewed not in REVIEWED or (named and reviewed not in ("unit", "paragraph")):
        raise CodingError(
            f"reviewed must be unit, paragraph, 'unit for CODE …', 'paragraph for CODE …', yes, "
            f"no or empty, not {flag!r}"
        )
    level = _text(record.get("level"), "level").lower()
    if level not in ("", "unit", "paragraph"):
        raise CodingError(f"level must be unit, paragraph or empty, not {record.get('level')!r}")
    at = stated_time(record.get("at"))
    return CodingRow(
        line, key.strip(), code.strip(), _offset(record.get("start"), "start"),
        _offset(record.get("end"), "end"), str(memo) if memo not in (None, "") else None,
        coder or None, REVIEWED[reviewed], _text(record.get("source"), "source").lower(),
        _text(record.get("codebook"), "codebook"), review_codes,
        _words(record.get("text")), level, at, _text(record.get("status"), "status").lower(),
        _moved_at(record.get("moved_at"), at),
    )  # fmt: skip


def _moved_at(value: Any, at: str) -> str:
    """The ``moved_at`` cell as a stated time ("" when empty): when the coding was last moved,
    which is after it was made (``at``, which it needs: a coding stamped with the import's
    time would have been moved before it was made)."""
    moved = stated_time(value, name="moved_at")
    if moved and not at:
        raise CodingError(
            f"moved_at {value!s} (when the coding was moved) needs the at cell (when it was "
            "made); give at, or empty moved_at too"
        )
    if moved and instant(moved) < instant(at):
        raise CodingError(
            f"moved_at {value!s} (when the coding was moved) is before its at ({at}); correct "
            "one of them"
        )
    return moved


def _words(value: Any) -> str:
    """The ``text`` cell as written (not stripped: words, compared with the project's)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value)


def _text(value: Any, name: str) -> str:
    """A text cell, stripped ("" when missing or empty)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CodingError(f"{name} must be text, not {value!r}")
    return str(value).strip()


def _offset(value: Any, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CodingError(f"{name} must be a whole number, not {value!r}")
    try:
        return int(str(value).strip())
    except ValueError:
        raise CodingError(f"{name} must be a whole number, not {value!r}") from None
