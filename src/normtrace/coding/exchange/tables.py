"""Codings and passages as tables: rows for people (CSV and XLSX) and for the code page.

A *passage* is one coded span with everything a reader needs beside it: the
document (symbol, title, date, type), the unit, the speaker, the actor and role,
the code (id and name), who coded it, the text of the span and a few words of
context, the memo and when it was recorded. ``source`` says what the row is:

- ``human`` — a coder's current coding (the append-only events, undo applied);
- ``candidate`` — a dictionary match of the latest auto-coding run that no coder
  has rejected (``accepted`` in ``status`` once a coder accepted it, else ``pending``);
- ``suggestion`` — a model suggestion of the latest suggest run (a whole unit).

Human codings are what a code means; candidates and suggestions are machine
proposals and every table says which a row is. Offsets (``start``, ``end``) are
in the files so that ``normtrace code import`` reads a codings CSV back; pages
for people never show them.

>>> from normtrace.store.db import Store
>>> passages(Store.open(":memory:"))
[]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from normtrace.coding.kwic import context
from normtrace.coding.units import has_table, iter_unit_info
from normtrace.errors import CodingError
from normtrace.store.db import Store

SOURCES = ("human", "candidate", "suggestion")
TABLE_FORMATS = ("csv", "xlsx")
#: characters XLSX (XML 1.0) cannot hold
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Passage:
    """One coded span with its document, speaker, code and coder (see the module doc)."""

    source: str
    status: str
    symbol: str
    document: str
    date: str | None
    doc_type: str
    unit_key: str
    speaker: str | None
    actor: str | None
    role: str
    code: str
    code_name: str
    codebook: str
    coder: str | None
    text: str
    left: str
    right: str
    memo: str | None
    at: str | None
    start: int
    end: int
    ref: int

    @property
    def year(self) -> str:
        """The year of the document's date ("" when undated)."""
        return (self.date or "")[:4]


COLUMNS = tuple(f.name for f in fields(Passage))


@dataclass(frozen=True)
class PassageFilter:
    """Which passages to list; ``None`` means any."""

    code: str | None = None
    coder: str | None = None
    symbol: str | None = None
    role: str | None = None
    year: int | None = None
    sources: tuple[str, ...] = SOURCES


def passages(
    store: Store, where: PassageFilter | None = None, *, window: int = 12
) -> list[Passage]:
    """Coded passages matching ``where``, by date, document, unit and position.

    ``window``: words of context each side of the span.

    Raises:
        CodingError: a source is not one of :data:`SOURCES`.
    """
    where = where or PassageFilter()
    bad = [s for s in where.sources if s not in SOURCES]
    if bad:
        raise CodingError(f"unknown passage source {bad[0]!r}; use one of {', '.join(SOURCES)}")
    raw: list[tuple[str, str, int, int, str, str | None, str | None, str | None, int, str]] = []
    if "human" in where.sources:
        raw += _human(store, where)
    if "candidate" in where.sources and has_table(store, "current_auto_codings"):
        raw += _candidates(store, where)
    if "suggestion" in where.sources and has_table(store, "current_suggestions"):
        raw += _suggestions(store, where)
    if not raw:
        return []
    infos = {
        i.key: (i, t) for i, t in iter_unit_info(store, with_text=True, keys={r[1] for r in raw})
    }
    names, books = _code_names(store)
    titles = _titles(store, {info.symbol for info, _ in infos.values()})
    actors = _actors(store, set(infos))
    out: list[Passage] = []
    for source, key, start, end, code, coder, memo, at, ref, status in raw:
        if key not in infos:
            continue
        info, text = infos[key]
        if where.symbol and info.symbol != where.symbol:
            continue
        if where.role and info.role != where.role:
            continue
        if where.year and info.year != where.year:
            continue
        end = min(end, len(text))
        left, right = context(text, start, end, window)
        out.append(
            Passage(
                source=source, status=status, symbol=info.symbol,
                document=titles.get(info.symbol, ""), date=info.date, doc_type=info.doc_type,
                unit_key=key, speaker=info.speaker, actor=actors.get(key), role=info.role,
                code=code, code_name=names.get(code, code), codebook=books.get(code, ""),
                coder=coder, text=text[start:end], left=left, right=right, memo=memo, at=at,
                start=start, end=end, ref=ref,
            )
        )  # fmt: skip
    out.sort(key=lambda p: (p.date or "", p.symbol, p.unit_key, p.start, SOURCES.index(p.source)))
    return out


def _human(store: Store, where: PassageFilter) -> list[Any]:
    rows = store.conn.execute(
        'SELECT event_id, at, coder, unit_key, start, "end", code, memo FROM human_codings '
        "WHERE (? IS NULL OR code = ?) AND (? IS NULL OR coder = ?) ORDER BY event_id",
        (where.code, where.code, where.coder, where.coder),
    )
    return [
        ("human", r["unit_key"], r["start"], r["end"], r["code"], r["coder"], r["memo"],
         r["at"], r["event_id"], "coded")
        for r in rows
    ]  # fmt: skip


def _candidates(store: Store, where: PassageFilter) -> list[Any]:
    if where.coder is not None:
        return []
    rows = store.conn.execute(
        'SELECT a.id, a.unit_key, a.start, a."end", a.code, '
        "(SELECT group_concat(v.verdict) FROM current_verdicts v "
        " WHERE v.auto_coding_id = a.id) AS verdicts "
        "FROM current_auto_codings a WHERE (? IS NULL OR a.code = ?) ORDER BY a.id",
        (where.code, where.code),
    )
    out = []
    for r in rows:
        verdicts = set((r["verdicts"] or "").split(","))
        if "reject" in verdicts:
            continue
        status = "accepted" if "accept" in verdicts else "pending"
        out.append(
            ("candidate", r["unit_key"], r["start"], r["end"], r["code"], None, None, None,
             r["id"], status)
        )  # fmt: skip
    return out


def _suggestions(store: Store, where: PassageFilter) -> list[Any]:
    if where.coder is not None:
        return []
    rows = store.conn.execute(
        "SELECT s.id, s.unit_key, s.code, s.probability, length(u.text) AS n "
        "FROM current_suggestions s JOIN units u ON u.key = s.unit_key "
        "WHERE s.level = 'unit' AND (? IS NULL OR s.code = ?) ORDER BY s.id",
        (where.code, where.code),
    )
    return [
        ("suggestion", r["unit_key"], 0, int(r["n"]), r["code"], None,
         f"p = {float(r['probability']):.2f}", None, r["id"], "pending")
        for r in rows
    ]  # fmt: skip


def _code_names(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """Code id → name and code id → codebook, from the latest version of each codebook."""
    rows = store.conn.execute(
        "SELECT b.name AS book, c.code, c.name FROM codes c JOIN codebooks b "
        "ON b.id = c.codebook_id WHERE b.id IN (SELECT max(id) FROM codebooks GROUP BY name)"
    )
    names: dict[str, str] = {}
    books: dict[str, str] = {}
    for r in rows:
        names.setdefault(r["code"], r["name"])
        books.setdefault(r["code"], r["book"])
    return names, books


def _titles(store: Store, symbols: set[str]) -> dict[str, str]:
    rows = store.conn.execute(
        "SELECT symbol, title FROM documents WHERE is_current = 1 "
        "AND symbol IN (SELECT value FROM json_each(?)) ORDER BY edition DESC",
        (json.dumps(sorted(symbols)),),
    )
    return {r["symbol"]: r["title"] or "" for r in rows}


def _actors(store: Store, keys: set[str]) -> dict[str, str]:
    if not has_table(store, "speech_roles"):
        return {}
    rows = store.conn.execute(
        "SELECT speech_key, actor FROM speech_roles WHERE is_current = 1 "
        "AND speech_key IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(keys)),),
    )
    return {r["speech_key"]: r["actor"] for r in rows if r["actor"]}


@dataclass(frozen=True)
class Counts:
    """How many passages per document, role and year (for the code page)."""

    total: int
    by_source: list[tuple[str, int]]
    by_document: list[tuple[str, int]]
    by_role: list[tuple[str, int]]
    by_year: list[tuple[str, int]]


def count_passages(rows: Sequence[Passage]) -> Counts:
    """Counts of ``rows`` by source, document, role and year (largest first; years in order)."""
    return Counts(
        total=len(rows),
        by_source=Counter(p.source for p in rows).most_common(),
        by_document=Counter(p.symbol for p in rows).most_common(),
        by_role=Counter(p.role for p in rows).most_common(),
        by_year=sorted(Counter(p.year or "undated" for p in rows).items()),
    )


def passage_dicts(rows: Iterable[Passage]) -> list[dict[str, Any]]:
    """The rows as dicts in :data:`COLUMNS` order."""
    return [asdict(p) for p in rows]


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


def write_table(rows: Iterable[Passage], path: str | Path) -> Path:
    """Write ``rows`` to ``path`` as CSV or XLSX (by its suffix).

    Raises:
        CodingError: the suffix is neither ``.csv`` nor ``.xlsx``, or the file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
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
