"""Where should derived link tables live: SQLite (today) or Parquet queried by DuckDB? (issue 17)

Run::

    .venv/bin/python benchmarks/bench_link_store.py --project P.db [--scales 1 4 16]

``P.db`` is a project with reuse links (e.g. the SYNTHETIC 1x corpus of
``bench_scale.py`` after ``normtrace reuse``). Its link table is replicated ``k``
times (keys suffixed ``#k``, SYNTHETIC) to stand for larger projects. For each
scale, in the same process:

* **write**: the links into a fresh SQLite table with the two indexes of
  ``reuse_links`` (one transaction), vs one Parquet file (pyarrow, zstd, sorted by
  target key, row groups of 128 Ki rows);
* **size** on disk;
* **point look-ups** (what provenance, lineage and the workbench do): the links into
  1,000 random target units, one query each — SQLite by index vs DuckDB over the
  Parquet file (one connection, min/max statistics prune row groups);
* **scan**: links and boilerplate share per source document (what aggregate
  reports do over all links) — SQLite vs DuckDB.

Prints seconds and the ratio DuckDB / SQLite (below 1: DuckDB faster).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

COLUMNS = ("source_key", "target_key", "source_start", "source_end", "target_start",
           "target_end", "score", "words", "boilerplate", "same_date")  # fmt: skip
SCAN_SQLITE = (
    "SELECT substr(source_key, 1, instr(source_key, '/op') + instr(source_key, '/pp')) AS doc, "
    "COUNT(*), AVG(boilerplate) FROM links GROUP BY doc"
)
SCAN_DUCK = (
    "SELECT substr(source_key, 1, instr(source_key, '/op') + instr(source_key, '/pp')) AS doc, "
    "COUNT(*), AVG(boilerplate::INT) FROM links GROUP BY doc"
)


def load(project: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(project) as conn:
        return conn.execute(f"SELECT {', '.join(COLUMNS)} FROM reuse_links").fetchall()


def replicate(rows: list[tuple[Any, ...]], k: int) -> list[tuple[Any, ...]]:
    if k == 1:
        return rows
    return [(f"{r[0]}#{i}", f"{r[1]}#{i}", *r[2:]) for i in range(k) for r in rows]


def timed(func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def bench(rows: list[tuple[Any, ...]], folder: Path, rng: random.Random) -> dict[str, float]:
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    db, pqt = folder / "links.db", folder / "links.parquet"
    out: dict[str, float] = {}

    def write_sqlite() -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"CREATE TABLE links (id INTEGER PRIMARY KEY, {', '.join(COLUMNS)})")
            conn.execute("CREATE INDEX t ON links(target_key)")
            conn.execute("CREATE INDEX s ON links(source_key)")
            conn.executemany(f"INSERT INTO links ({', '.join(COLUMNS)}) VALUES "
                             f"({', '.join('?' * len(COLUMNS))})", rows)  # fmt: skip

    def write_parquet() -> None:
        ordered = sorted(rows, key=lambda r: r[1])
        table = pa.table({c: [r[i] for r in ordered] for i, c in enumerate(COLUMNS)})
        pq.write_table(table, pqt, compression="zstd", row_group_size=1 << 17)

    out["write_sqlite_s"], _ = timed(write_sqlite)
    out["write_parquet_s"], _ = timed(write_parquet)
    out["sqlite_mb"] = db.stat().st_size / 2**20
    out["parquet_mb"] = pqt.stat().st_size / 2**20
    targets = [r[1] for r in rng.sample(rows, min(1000, len(rows)))]
    lite = sqlite3.connect(db)
    duck = duckdb.connect()
    duck.execute(f"CREATE VIEW links AS SELECT * FROM read_parquet('{pqt}')")
    out["lookup_sqlite_s"], a = timed(lambda: sum(
        len(lite.execute("SELECT * FROM links WHERE target_key = ?", (t,)).fetchall())
        for t in targets))  # fmt: skip
    out["lookup_duckdb_s"], b = timed(lambda: sum(
        len(duck.execute("SELECT * FROM links WHERE target_key = ?", [t]).fetchall())
        for t in targets))  # fmt: skip
    assert a == b, (a, b)
    out["scan_sqlite_s"], x = timed(lambda: lite.execute(SCAN_SQLITE).fetchall())
    out["scan_duckdb_s"], y = timed(lambda: duck.execute(SCAN_DUCK).fetchall())
    assert len(x) == len(y)
    lite.close()
    duck.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    base = load(args.project)
    if not base:
        raise SystemExit(f"{args.project} has no reuse links: run normtrace reuse on it first")
    rng = random.Random(17)
    print(
        "links      write s (sqlite / parquet)  MB (sqlite / parquet)  "
        "1000 look-ups s (sqlite / duckdb)  scan s (sqlite / duckdb)"
    )
    for k in args.scales:
        rows = replicate(base, k)
        with tempfile.TemporaryDirectory() as tmp:
            r = bench(rows, Path(tmp), rng)
        print(f"{len(rows):>9}  {r['write_sqlite_s']:7.1f} / {r['write_parquet_s']:5.1f}"
              f"          {r['sqlite_mb']:6.0f} / {r['parquet_mb']:4.0f}"
              f"             {r['lookup_sqlite_s']:6.3f} / {r['lookup_duckdb_s']:6.2f}"
              f" (x{r['lookup_duckdb_s'] / r['lookup_sqlite_s']:.0f})"
              f"          {r['scan_sqlite_s']:5.1f} / {r['scan_duckdb_s']:4.2f}"
              f" (x{r['scan_duckdb_s'] / r['scan_sqlite_s']:.2f})", flush=True)  # fmt: skip
        del rows


if __name__ == "__main__":
    main()
