"""``ingest --engine dask`` against the default engine on the same real files of ../shared.

Files (read-only, never the 16 reserved resolutions): every STEP-th resolution and 2020
speech, the three verbatim records and the reports that have a text layer (the five scans
are left out: they need Tesseract, whose time is not the engine's), a few hundred files.

Timed, wall seconds (a parallel engine is about wall time), fastest of REPEATS, alternated:
:func:`~normtrace.pipeline.ingest_paths` of the files into a new project (made before the
clock starts) on the default engine (``local``, the baseline) and on ``dask`` with a local
cluster of ``--workers`` processes (started and closed inside the timed call, as
``normtrace ingest --engine dask`` does).

Checks that both give the same outcomes and the same project: every table's rows but the
times they were written, and the run record but its ``engine`` and ``workers``. Prints both
times and dask/default. Asserts nothing on time. Usage::

    .venv/bin/python benchmarks/bench_dask_ingest.py [--repeats 2] [--workers 2] [--step 8]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _shared import shared_dir

from normtrace.pipeline import IngestReport, ingest_paths
from normtrace.store.db import Store

RESERVED = {f"S-RES-{n}" for n in (
    "1270(1999)", "1291(2000)", "1542(2004)", "1608(2005)", "1925(2010)", "2053(2012)",
    "2085(2012)", "2098(2013)", "2100(2013)", "2127(2013)", "2147(2014)", "2149(2014)",
    "2164(2014)", "2211(2015)", "2217(2015)", "2227(2015)")}  # fmt: skip
SCANS = {"UNMISET_S_2003_243", "UNMISET_S_2003_449", "UNMISET_S_2003_944",
         "UNMISET_S_2004_117", "UNMISET_S_2005_310"}  # fmt: skip
#: columns that say when a row was written, not what it holds
WHEN = {"created_at", "ingested_at", "started_at", "finished_at", "at", "loaded_at"}
#: the run record's parameters that name the engine, not the work
ENGINE_PARAMS = {"engine", "workers"}


def files(corpus: Path, step: int) -> list[Path]:
    """Every ``step``-th resolution and speech, the verbatim records, the reports with text."""

    def listed(folder: str) -> list[Path]:
        found = sorted(p for p in (corpus / folder).iterdir() if p.is_file())
        return [p for p in found if not p.name.startswith(".")]

    resolutions = [p for p in listed("resolutions") if p.stem not in RESERVED][::step]
    speeches = listed("speeches-2020")[::step]
    reports = [p for p in listed("reports") if p.stem not in SCANS]
    return resolutions + speeches + listed("verbatim") + reports


def ingest(paths: list[Path], db: Path, engine: str, workers: int) -> tuple[float, IngestReport]:
    """Wall seconds of ingesting ``paths`` into the new project ``db`` on ``engine``."""
    with Store.open(db) as store:
        start = time.perf_counter()
        report = ingest_paths(store, paths, progress=False, engine=engine, workers=workers,
                              ocr="never")  # fmt: skip
        took = time.perf_counter() - start
    return took, report


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in id order, without the times they were written; the run
    records without the parameters that name the engine."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'unit_fts_%' ORDER BY name")]  # fmt: skip
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if c not in WHEN]
            rows = conn.execute(f'SELECT {", ".join(kept)} FROM "{table}" ORDER BY rowid')
            out[table] = [_without_engine(table, kept, row) for row in rows]
    finally:
        conn.close()
    return out


def _without_engine(table: str, columns: list[str], row: tuple[Any, ...]) -> tuple[Any, ...]:
    if table != "runs":
        return row
    values = list(row)
    at = columns.index("params")
    params = json.loads(values[at])
    values[at] = {k: v for k, v in params.items() if k not in ENGINE_PARAMS}
    return tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict) else v for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--step", type=int, default=8, help="every STEP-th resolution, speech")
    args = parser.parse_args()
    if importlib.util.find_spec("distributed") is None:
        print("skipped: Dask is not installed (pip install 'normtrace[dask]')")
        sys.exit(0)
    paths = files(shared_dir() / "corpus", args.step)
    print(f"{len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB; "
          f"dask: a local cluster of {args.workers} workers")  # fmt: skip
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        seen: dict[str, tuple[list[str], dict[str, list[tuple[Any, ...]]]]] = {}
        for i in range(args.repeats):
            for engine in ("local", "dask"):
                db = Path(tmp) / f"{engine}-{i}.db"
                took, report = ingest(paths, db, engine, args.workers)
                times[engine] = min(times.get(engine, float("inf")), took)
                print(f"  {engine:5} run {i + 1}: {took:7.2f} s  {report.summary()}")
                seen.setdefault(engine, ([o.status for o in report.outcomes], snapshot(db)))
        (local_outcomes, local_rows), (dask_outcomes, dask_rows) = seen["local"], seen["dask"]
        assert dask_outcomes == local_outcomes, "the engines' outcomes differ"
        differ = [t for t in local_rows if local_rows[t] != dask_rows.get(t)]
        assert not differ and local_rows.keys() == dask_rows.keys(), f"tables differ: {differ}"
        print(f"identical projects: {sum(map(len, local_rows.values()))} rows in "
              f"{len(local_rows)} tables")  # fmt: skip
    local, dask = times["local"], times["dask"]
    print(f"default (local) {local:7.2f} s   dask {dask:7.2f} s   dask/default {dask / local:5.2f}")


if __name__ == "__main__":
    main()
