"""Reuse links for a whole project on a parallel engine (:mod:`.partitioned`), resumable.

:func:`update_reuse_partitioned` streams the project's units to a spool in a work
folder beside the project (``<project>.reuse/``), runs the partitioned stages on
the given mapper (a process pool or Dask workers), and then, as the single writer,
replaces the link set in **one transaction**: the old links and shingle state out,
the new links in (merged from the partitions in the serial order, so the table
reads exactly as after a serial ``--full`` run), the state and formulae in, the run
marked finished. Until that transaction commits the project keeps its previous
links.

*Resume.* The run row is written first, with a fingerprint of every unit and the
parameters. A run that was interrupted (Ctrl-C, a killed worker, a lost node)
stays unfinished; the next call with the same units and parameters finds it,
keeps its finished tasks (their ``.done`` markers) and runs the rest; the links it
stores are those of an uninterrupted run, once (tested).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from normtrace.reuse.boilerplate import Formula
from normtrace.reuse.links import ALGORITHM, ReuseParams, Unit
from normtrace.reuse.params import DEFAULT_MEMORY_MB as DEFAULT_MEMORY_MB  # re-exported
from normtrace.reuse.partitioned import (
    IndexedBatch,
    LinkRow,
    Mapper,
    Plan,
    done_total,
    merged_links,
    peak_mb,
)
from normtrace.reuse.spool import SpooledUnits, UnitSpool
from normtrace.reuse.stages import run_stages
from normtrace.reuse.store_reuse import _UNITS_SQL, INSERT_LINK, ReuseReport
from normtrace.store.db import Store

_READ_BATCH = 2000
_WRITE_BATCH = 5000


@dataclass(frozen=True)
class PartitionedReport:
    """A partitioned reuse run: the reuse report, how it was split, and memory used."""

    reuse: ReuseReport
    engine: str
    batches: int
    hash_partitions: int
    pair_partitions: int
    memory_mb: int
    resumed: dict[str, int] = field(default_factory=dict)
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    driver_peak_mb: float = 0.0
    vote_slices: int = 0  # candidate stage: slices the hash partitions were counted in
    align_chunks: int = 0  # align stage: chunks the pair partitions were aligned in
    #: CPU seconds per stage: workers' tasks (index, candidates, align, formulae,
    #: formulae-merge) and the driver's own work (spool, write-links, write-state)
    stage_cpu_s: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-able dict."""
        return asdict(self)


def work_root(store: Store, work_dir: str | os.PathLike[str] | None) -> Path:
    """Where a run keeps its files: ``work_dir``, else ``<project>.reuse`` beside the project."""
    if work_dir is not None:
        return Path(work_dir)
    if store.path is None or str(store.path) == ":memory:":
        # a throw-away project cannot be resumed: a folder of its own, never shared
        return Path(tempfile.mkdtemp(prefix="normtrace-reuse-"))
    return store.path.with_name(f"{store.path.name}.reuse")


def update_reuse_partitioned(
    store: Store,
    *,
    mapper: Mapper,
    engine: str = "processes",
    params: ReuseParams | None = None,
    workers: int = 1,
    memory_mb: int = DEFAULT_MEMORY_MB,
    work_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> PartitionedReport:
    """Rebuild every reuse link of the project on ``mapper`` (resuming an interrupted run).

    Args:
        mapper: ``mapper(func, tasks)`` runs a task function over tasks on some engine
            (e.g. :meth:`normtrace.engine.Engine.unordered`); results in any order.
        engine: the engine's name, recorded with the run.
        workers: workers the mapper has (at least two partitions per worker).
        memory_mb: memory budget per worker; partitions and alignment chunks are sized
            to it (spilled to the work folder, never held whole).
        work_dir: folder for the run's files (shared by all workers on a cluster).
        progress: bars over batches and partitions on stderr (default: on a terminal).
    """
    p = params or ReuseParams()
    began = time.perf_counter()
    show = sys.stderr.isatty() if progress is None else progress
    root = work_root(store, work_dir)
    incoming = root / "incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    cpu = time.process_time()
    units = _spool_units(store, incoming, show)
    driver_cpu = {"spool": time.process_time() - cpu}
    fingerprint = f"{units.fingerprint}:{json.dumps(p.to_dict(), sort_keys=True)}"
    run_id = _resumable(store, root, fingerprint)
    folder = root / f"run-{run_id}" if run_id else None
    if run_id is None or folder is None:
        run_params = {**p.to_dict(), "full": True, "engine": engine, "memory_mb": memory_mb,
                      "fingerprint": fingerprint}  # fmt: skip
        run_id = store.start_run("reuse", ALGORITHM, run_params)
        folder = root / f"run-{run_id}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        incoming.rename(folder / "units")
        plan = Plan.make(SpooledUnits(folder / "units"), p, memory_mb=memory_mb, workers=workers)
        plan.save(folder / "plan.json")
    else:
        shutil.rmtree(incoming, ignore_errors=True)
        plan = Plan.load(folder / "plan.json")
    log, formulae = run_stages(folder, plan, mapper, progress=show)
    report = _write(store, run_id, folder, plan, formulae, began, show, driver_cpu)
    shutil.rmtree(folder, ignore_errors=True)
    if work_dir is None and not any(root.iterdir()):
        root.rmdir()
    return PartitionedReport(
        report, engine, plan.batches, plan.hash_partitions, plan.pair_partitions, plan.memory_mb,
        {k: v for k, v in log.skipped.items() if v}, log.worker_peaks(), round(peak_mb(), 1),
        sum(r.extra.get("slices", 0) for r in log.results),
        sum(r.extra.get("chunks", 0) for r in log.results),
        {**log.cpu_by_stage(), **{k: round(v, 3) for k, v in driver_cpu.items()}},
    )  # fmt: skip


def _spool_units(store: Store, folder: Path, show: bool) -> UnitSpool:
    """Stream the project's current units (the serial run's order) into a spool."""
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM ({_UNITS_SQL})").fetchone()[0])
    bar = tqdm(total=total, desc="spool", unit="unit", disable=not show, file=sys.stderr)
    cursor = store.conn.execute(_UNITS_SQL)
    with UnitSpool.create(folder) as spool:
        while rows := cursor.fetchmany(_READ_BATCH):
            batch = [Unit(r["key"], r["date"], int(r["ord"] or 0), r["text"], r["symbol"],
                          r["edition"]) for r in rows]  # fmt: skip
            spool.append(batch)
            bar.update(len(batch))
    bar.close()
    return spool


def _resumable(store: Store, root: Path, fingerprint: str) -> int | None:
    """The latest unfinished run over the same units and parameters whose files remain."""
    rows = store.conn.execute(
        "SELECT id, params FROM runs WHERE stage = 'reuse' AND algorithm = ? "
        "AND finished_at IS NULL ORDER BY id DESC",
        (ALGORITHM,),
    )
    for row in rows:
        if json.loads(row["params"]).get("fingerprint") != fingerprint:
            continue
        if (root / f"run-{row['id']}" / "plan.json").exists():
            return int(row["id"])
    return None


def _write(
    store: Store,
    run_id: int,
    folder: Path,
    plan: Plan,
    formulae: list[Formula],
    began: float,
    show: bool,
    cpu: dict[str, float],
) -> ReuseReport:
    """Replace links, state and formulae in one transaction (the single writer);
    its CPU seconds go to ``cpu`` (``write-links``, ``write-state``)."""
    pairs = done_total(folder, "align")
    links = boilerplate = 0
    bar = tqdm(total=None, desc="write", unit="link", disable=not show, file=sys.stderr)
    cpu0 = time.process_time()
    with store.transaction() as conn:
        # the secondary indexes are built again in one pass after the rows (inserting a
        # row into a large index costs ever more page reads: 10 µs per link at 300,000,
        # 15 at 1.4 million, against 3.5 µs for the rows and one sorted build)
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'reuse_links' AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        for index in indexes:
            conn.execute(f'DROP INDEX "{index["name"]}"')
        removed = int(conn.execute("DELETE FROM reuse_links").rowcount or 0)
        conn.execute("DELETE FROM reuse_state")
        stream = merged_links(folder, plan)
        while batch := list(islice(stream, _WRITE_BATCH)):
            conn.executemany(INSERT_LINK, [_row(r, run_id) for r in batch])
            links += len(batch)
            boilerplate += sum(bool(r[8]) for r in batch)
            bar.update(len(batch))
        for index in indexes:
            conn.execute(index["sql"])
        cpu1 = time.process_time()
        cpu["write-links"] = cpu1 - cpu0
        for rows in _state_rows(folder, plan, run_id):
            conn.executemany(
                "INSERT OR REPLACE INTO reuse_state "
                "(unit_key, edition, text_sha256, document, n, shingles, run_id, date) "
                "VALUES (?,?,?,?,?,?,?,?)",
                rows,
            )
        conn.executemany(
            "INSERT INTO reuse_formulae (text, documents, units, run_id) VALUES (?,?,?,?)",
            [(f.text, f.documents, f.units, run_id) for f in formulae],
        )
        seconds = round(time.perf_counter() - began, 3)
        report = ReuseReport(run_id, plan.units, plan.units, 0, pairs, links, removed,
                             boilerplate, seconds, formulae)  # fmt: skip
        summary = {k: v for k, v in report.to_dict().items() if k != "formulae"}
        store.finish_run(run_id, summary)
    bar.close()
    cpu["write-state"] = time.process_time() - cpu1  # with the commit
    return report


def _row(r: LinkRow, run_id: int) -> tuple[Any, ...]:
    return (*r[:8], int(r[8]), int(r[9]), r[10], r[11], run_id)


def _state_rows(folder: Path, plan: Plan, run_id: int) -> Iterator[list[tuple[Any, ...]]]:
    """``reuse_state`` rows batch by batch, from the index stage's files."""
    spool = SpooledUnits(folder / "units")
    n = int(plan.params["n"])
    for b in range(plan.batches):
        batch = IndexedBatch(folder, plan, b)
        rows = []
        for offset in range(len(batch)):
            i = batch.start + offset  # keys, documents, dates: the driver never maps texts
            rows.append((spool.key(i), spool.edition(i), batch.sha(offset), spool.document(i), n,
                         batch.shingles(offset).astype("<u8").tobytes(), run_id,
                         spool.date(i)))  # fmt: skip
        yield rows
