"""Write rows as JSON Lines or CSV (lists and dicts in CSV cells become JSON)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("jsonl", "csv")


def write_rows(rows: Iterable[dict[str, Any]], stream: TextIO, *, fmt: str = "jsonl") -> int:
    """Write ``rows`` to ``stream`` in ``fmt``; return how many were written.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_rows([{"key": "S/PV.8703/s001", "cites": []}], buf, fmt="csv")
    1
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        return _write_jsonl(rows, stream)
    return _write_csv(rows, stream)


def _write_jsonl(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
