"""Stage 4 of partitioned reuse: formulaic passages, exact, with bounded memory.

Each batch task finds the formulaic passages of its units (runs of formulaic
shingles, as :func:`~normtrace.reuse.boilerplate.formulaic_passages` does) and
writes them to formula partitions by the hash of their words; each partition's
reduce task merges its batches in unit order (the first wording wins) and keeps
its top :data:`FORMULAE`; the driver sorts those few. A formula lives in one
partition, so the global top is exactly the serial run's.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from normtrace.reuse.boilerplate import Formula, true_runs
from normtrace.reuse.partitioned import (
    IndexedBatch,
    Task,
    TaskResult,
    load_frequent,
    mark_done,
    task_result,
    temporary,
)
from normtrace.reuse.spool import SpooledUnits

#: formulaic passages reported per run (the serial run's ``formulaic_passages`` limit)
FORMULAE = 50


Partial = dict[tuple[str, ...], tuple[str, list[str], int]]


def formula_batch(task: Task) -> TaskResult:
    """Formulaic passages of one batch, written to formula partitions (by their words' hash)."""
    cpu = time.process_time()
    folder, plan = Path(task.folder), task.plan
    seen = batch_formulae(task)
    parts: list[Partial] = [{} for _ in range(plan.hash_partitions)]
    for norms, value in seen.items():
        digest = hashlib.blake2b("\x00".join(norms).encode("utf-8"), digest_size=8).digest()
        parts[int.from_bytes(digest, "little") % plan.hash_partitions][norms] = value
    for f, part in enumerate(parts):
        path = folder / "formulae" / f"f{f:04d}" / f"b{task.number:05d}.pkl"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary(path)
        tmp.write_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    mark_done(folder, "formulae", task.number, len(seen))
    return task_result("formulae", task.number, len(seen), cpu_from=cpu)


def formula_partition(task: Task) -> TaskResult:
    """The most widespread formulae of one formula partition (its batches merged in order),
    as the result's ``extra["formulae"]``."""
    cpu = time.process_time()
    folder, plan = Path(task.folder), task.plan
    parts = (
        pickle.loads((folder / "formulae" / f"f{task.number:04d}" / f"b{b:05d}.pkl").read_bytes())
        for b in range(plan.batches)
    )  # our own work files only
    found = merge_formulae(parts)
    return task_result("formulae-merge", task.number, len(found), cpu_from=cpu, formulae=found)


def batch_formulae(task: Task) -> Partial:
    """Formulaic passages of one batch: normalized words → (first wording, documents, units)."""
    folder, plan = Path(task.folder), task.plan
    frequent = load_frequent(folder)
    spool = SpooledUnits(folder / "units")
    batch = IndexedBatch(folder, plan, task.number)
    lengths = np.diff(batch.offsets)
    masks = (
        np.split(np.isin(batch.hashes, frequent), np.cumsum(lengths)[:-1]) if len(lengths) else []
    )
    n = int(plan.params["n"])
    seen: dict[tuple[str, ...], tuple[str, list[str], int]] = {}
    start = task.number * plan.batch
    for offset, mask in enumerate(masks):
        if not mask.any():
            continue
        unit = spool.unit(start + offset)
        words = batch.words(offset, unit.text)
        for first, last in true_runs(mask):
            norms = words.norms[first : last + n]
            a, b = words.span(first, last + n)
            text, docs, count = seen.get(norms, (unit.text[a:b], [], 0))
            doc = unit.document or unit.key
            if doc not in docs:
                docs.append(doc)
            seen[norms] = (text, docs, count + 1)
    return seen


def merge_formulae(parts: Iterable[Partial], limit: int = 50) -> list[Formula]:
    """The ``limit`` most widespread formulae over batch results given in unit order."""
    seen: dict[tuple[str, ...], tuple[str, set[str], int]] = {}
    for part in parts:
        for norms, (text, docs, count) in part.items():
            first, all_docs, total = seen.get(norms, (text, set(), 0))
            all_docs.update(docs)
            seen[norms] = (first, all_docs, total + count)
    found = [Formula(text, len(docs), count) for text, docs, count in seen.values()]
    found.sort(key=lambda f: (-f.documents, -f.units, f.text))
    return found[:limit]
