"""Run a pure stage function over many inputs: in-process, on local processes, or on Dask.

The stage functions of normtrace (``parse_source``, ``Matcher.match_many``,
``find_reuse``) take and return plain, picklable values, so the same function runs
wherever the engine sends it. Results come back in input order; the caller keeps the
single database writer.

>>> list(parallel_map(abs, [-1, 2, -3]))
[1, 2, 3]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from normtrace.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "processes", "dask")


def parallel_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[R]:
    """``func`` over ``items`` in order, on the chosen engine.

    Args:
        func: a module-level (picklable) function of one argument.
        items: its inputs.
        engine: ``local`` (this process), ``processes`` (a local process pool) or
            ``dask`` (a Dask cluster: ``scheduler`` is its address, else a local cluster
            of ``workers`` processes is started for the call).
        workers: processes for ``processes`` and for a local Dask cluster.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``).

    Raises:
        ConfigError: an unknown engine, or Dask requested but not installed.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "local" or (engine == "processes" and workers <= 1):
        yield from map(func, items)
    elif engine == "processes":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(func, items, chunksize=4)
    else:
        yield from _dask_map(func, list(items), workers=workers, scheduler=scheduler)


def _dask_map(
    func: Callable[[T], R], items: list[T], *, workers: int, scheduler: str | None
) -> Iterator[R]:
    try:
        # Imported as an untyped module: distributed's own annotations are partial.
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs Dask: pip install 'normtrace[dask]'", location="--engine"
        ) from exc
    cluster: Any = None
    if scheduler is None:
        # ":0": the scheduler's HTTP server (dashboard, metrics) takes a free port; without
        # an address it tries 8787 and fails when another cluster or notebook holds it
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True,
            dashboard_address=":0",
        )  # fmt: skip
    client = distributed.Client(scheduler or cluster)
    try:
        futures = client.map(func, items, pure=False)
        yield from client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
