"""The driver of partitioned reuse: every stage over its tasks on a mapper, resumable.

:func:`run_stages` runs the stages of :mod:`.partitioned` and
:mod:`.partitioned_formulae` in order, skipping tasks whose ``.done`` marker
exists (so a second call finishes an interrupted run), with a progress bar per
stage over its batches or partitions.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

from normtrace.errors import ReuseError
from normtrace.reuse.boilerplate import Formula
from normtrace.reuse.partitioned import (
    Mapper,
    Plan,
    Task,
    TaskResult,
    align_partition,
    candidate_partition,
    done_marker,
    index_batch,
)
from normtrace.reuse.partitioned_formulae import FORMULAE, formula_batch, formula_partition

R = TypeVar("R")


@dataclass
class StageLog:
    """Results of the tasks that ran in this call (resumed tasks are not rerun)."""

    results: list[TaskResult] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def worker_peaks(self) -> dict[str, float]:
        """Peak memory (MB) of each worker process, by ``host:pid``."""
        peaks: dict[str, float] = {}
        for r in self.results:
            name = f"{r.host}:{r.pid}"
            peaks[name] = max(peaks.get(name, 0.0), r.peak_mb)
        return peaks

    def cpu_by_stage(self) -> dict[str, float]:
        """CPU seconds the tasks of each stage took (summed over workers)."""
        cpu: dict[str, float] = {}
        for r in self.results:
            cpu[r.stage] = round(cpu.get(r.stage, 0.0) + r.cpu_s, 3)
        return cpu


def run_stages(
    folder: Path, plan: Plan, mapper: Mapper, *, progress: bool = False
) -> tuple[StageLog, list[Formula]]:
    """Run (or finish) every stage of a planned run in ``folder``; formulae merged in order."""
    log = StageLog()
    for stage, func, count in (
        ("index", index_batch, plan.batches),
        ("candidates", candidate_partition, plan.hash_partitions),
        ("align", align_partition, plan.pair_partitions),
        ("formulae", formula_batch, plan.batches),
    ):
        todo = [
            Task(str(folder), plan, i)
            for i in range(count)
            if not done_marker(folder, stage, i).exists()
        ]
        log.skipped[stage] = count - len(todo)
        bar = tqdm(total=count, initial=count - len(todo), desc=stage, unit="part",
                   disable=not progress, file=sys.stderr)  # fmt: skip
        for result in _guarded(stage, mapper, func, todo):
            log.results.append(result)
            bar.update(1)
        bar.close()
    tasks = [Task(str(folder), plan, f) for f in range(plan.hash_partitions)]
    found: list[Formula] = []
    for result in _guarded("formulae", mapper, formula_partition, tasks):
        found.extend(result.extra.pop("formulae"))
        log.results.append(result)
    found.sort(key=lambda f: (-f.documents, -f.units, f.text))
    return log, found[:FORMULAE]


def _guarded(
    stage: str, mapper: Mapper, func: Callable[[Any], R], tasks: Sequence[Any]
) -> Iterator[R]:
    """Results of ``mapper``; a dead worker becomes a :class:`ReuseError` saying how to resume."""
    if not tasks:
        return
    try:
        yield from mapper(func, tasks)
    except ReuseError:
        raise
    except Exception as exc:
        if type(exc).__name__ not in {"BrokenProcessPool", "KilledWorker", "CommClosedError"}:
            raise
        raise ReuseError(
            f"a reuse worker died during the {stage} stage ({type(exc).__name__}: {exc}); "
            "finished partitions are kept: run the same command again to resume"
        ) from exc
