"""Import human codings from CSV or JSON Lines, all or nothing.

Each row names a ``unit_key`` and a ``code``, optionally ``start``, ``end`` (code
points into the unit's text, or into the paragraph's joined text at ``paragraph``
level) and ``memo``. An empty ``code`` means "reviewed, no code applies". Every
unit named in the file counts as reviewed by the coder for the codebook, so the
codebook's codes a unit lacks in the file are negatives there.

A row without a span codes the whole unit (at paragraph level: the paragraph's own
unit, else its first sub-paragraph). Bad rows — unknown unit, unknown code, a span
outside the text or across sub-paragraphs, a malformed row — are all reported, one
line each with the row number (the file's line number), and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook
from normtrace.coding.human import events
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.levels import LevelUnit, check_level, level_units
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store

#: the largest file :func:`import_codings` reads
MAX_BYTES = 64 * 1024 * 1024
COLUMNS = ("unit_key", "code", "start", "end", "memo")


class CodingImportError(CodingError):
    """A coding file has bad rows; nothing was imported. ``problems``: one line per row."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{path}: {len(problems)} bad row(s), nothing imported; first: {problems[0]}"
        )


@dataclass(frozen=True)
class ImportReport:
    """What one import wrote."""

    path: str
    codebook: str
    version: str
    coder: str
    level: str
    rows: int
    units: int
    codings: int
    none_applies: int


@dataclass(frozen=True)
class _Row:
    line: int
    unit_key: str
    code: str
    start: int | None
    end: int | None
    memo: str | None


def resolve_codebook(store: Store, source: str) -> Codebook:
    """A codebook from a YAML file (registered first), a project codebook or a bundled name."""
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        book = load_codebook(path)
        register_codebook(store, book)
        return book
    try:
        return stored_codebook(store, source)
    except NotFoundError:
        bundled = default_codebook_path(source)
        if not bundled.is_file():
            raise
        book = load_codebook(bundled)
        register_codebook(store, book)
        return book


def import_codings(
    store: Store,
    path: str | Path,
    *,
    codebook: str,
    coder: str,
    level: str = "unit",
) -> ImportReport:
    """Import a CSV or JSON Lines file of human codings by ``coder`` (see the module doc).

    Raises:
        CodingImportError: bad rows (all listed); nothing was imported.
        CodingError: the file is unreadable, too large or lacks the needed columns.
    """
    check_level(level)
    if not coder or not coder.strip():
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    book = resolve_codebook(store, codebook)
    rows, problems = read_rows(path)
    codes = {c.id for c in book.codes if c.codable}
    keys = {r.unit_key for r in rows}
    targets = {u.key: u for u in level_units(store, level, keys)}
    plan: list[tuple[_Row, str, int, int]] = []
    held = {
        (h.unit_key, h.start, h.end, h.code)
        for h in events.human_codings(store, coder=coder.strip())
    }
    for row in rows:
        target = targets.get(row.unit_key)
        if target is None:
            what, hint = (
                ("unit", "")
                if level == "unit"
                else (
                    "paragraph",
                    "; at --level paragraph name a paragraph (…/op12), not a sub-paragraph",
                )
            )
            problems.append(f"row {row.line}: no {what} {row.unit_key!r} in the project{hint}")
            continue
        if row.code and row.code not in codes:
            problems.append(
                f"row {row.line}: code {row.code!r} is not in codebook {book.name!r} "
                f"(codes: {', '.join(sorted(codes))})"
            )
            continue
        if row.code:
            try:
                unit_key, start, end = _span(target, row)
            except CodingError as exc:
                problems.append(f"row {row.line}: {exc}")
                continue
            if (unit_key, start, end, row.code) in held:
                problems.append(
                    f"row {row.line}: {coder.strip()} already holds {row.code!r} on "
                    f"{unit_key} [{start}:{end}] (a duplicate of an earlier row or coding)"
                )
                continue
            held.add((unit_key, start, end, row.code))
            plan.append((row, unit_key, start, end))
    if problems:
        raise CodingImportError(str(path), sorted(problems, key=_line_of))
    with store.transaction():
        for row, unit_key, start, end in plan:
            events.add_code(
                store, coder=coder, unit_key=unit_key, start=start, end=end, code=row.code,
                memo=row.memo,
            )  # fmt: skip
        mark_done(
            store, coder=coder, codebook=book.name, unit_keys=[r.unit_key for r in rows],
            level=level, source=f"import:{Path(path).name}",
        )  # fmt: skip
    return ImportReport(
        str(path), book.name, book.version, coder.strip(), level, len(rows), len(keys),
        len(plan), sum(1 for r in rows if not r.code),
    )  # fmt: skip


def _line_of(problem: str) -> int:
    head = problem.split(":", 1)[0].removeprefix("row ")
    return int(head) if head.isdigit() else 0


def _span(target: LevelUnit, row: _Row) -> tuple[str, int, int]:
    if row.start is None and row.end is None:
        for i, member in enumerate(target.members):
            end = target.offsets[i + 1] - 1 if i + 1 < len(target.members) else len(target.text)
            if end > target.offsets[i]:
                return member, 0, end - target.offsets[i]
        raise CodingError(f"{target.key} has no text to code")
    if row.start is None or row.end is None:
        raise CodingError("a span needs both start and end")
    return target.locate(row.start, row.end)


def read_rows(path: str | Path) -> tuple[list[_Row], list[str]]:
    """The rows of a CSV or JSON Lines coding file, and the problems of malformed rows."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise CodingError(f"{file}: {size} bytes is over the {MAX_BYTES}-byte limit; split it")
        raw = file.read_bytes()
    except OSError as exc:
        raise CodingError(f"{file}: cannot read ({exc.strerror}); check the path") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if file.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        records = _jsonl(text)
    else:
        records = _csv(text, file)
    rows: list[_Row] = []
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
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if "unit_key" not in header or "code" not in header:
        raise CodingError(
            f"{file}: the header needs columns unit_key and code (has: {', '.join(header)})"
        )
    reader.fieldnames = header
    out: list[tuple[int, dict[str, Any] | str]] = []
    for record in reader:
        out.append((reader.line_num, dict(record)))
    return out


def _row(line: int, record: dict[str, Any]) -> _Row:
    key = record.get("unit_key")
    if not isinstance(key, str) or not key.strip():
        raise CodingError("unit_key is missing or empty")
    code = record.get("code")
    if code is None:
        code = ""
    if not isinstance(code, str):
        raise CodingError(f"code must be text, not {code!r}")
    memo = record.get("memo")
    return _Row(
        line, key.strip(), code.strip(), _offset(record.get("start"), "start"),
        _offset(record.get("end"), "end"), str(memo) if memo not in (None, "") else None,
    )  # fmt: skip


def _offset(value: Any, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CodingError(f"{name} must be a whole number, not {value!r}")
    try:
        return int(str(value).strip())
    except ValueError:
        raise CodingError(f"{name} must be a whole number, not {value!r}") from None
