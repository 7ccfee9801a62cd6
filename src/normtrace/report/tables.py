"""CSV and JSON writers for report tables (rows are dicts of JSON-able values).

In CSV, list and dict values are written as compact JSON and ``None`` as an empty
cell; the column order is the first row's key order unless ``columns`` is given.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def write_csv(
    path: str | Path,
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] | None = None,
) -> Path:
    """Write ``rows`` to ``path`` as UTF-8 CSV with a header row; return the path.

    >>> import tempfile, pathlib
    >>> p = write_csv(pathlib.Path(tempfile.mkdtemp()) / "t.csv", [{"a": 1, "b": [2]}])
    >>> p.read_text().splitlines()
    ['a,b', '1,[2]']
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    materialized = list(rows)
    header = list(columns) if columns else _columns(materialized)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in materialized:
            writer.writerow([cell(row.get(c)) for c in header])
    return target


def write_json(path: str | Path, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return target


def cell(value: Any) -> str:
    """One CSV cell: JSON for lists and dicts, empty for None, ``str`` otherwise."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)
