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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from normtrace.errors import ConfigError

if TYPE_CHECKING:  # the process pool (multiprocessing) loads when an engine uses one
    from concurrent.futures import ProcessPoolExecutor

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
        from concurrent.futures import ProcessPoolExecutor

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


class Engine:
    """A pool of workers held open for several maps (a multi-stage job such as reuse).

    ``local`` runs in this process; ``processes`` keeps one process pool; ``dask``
    connects to ``scheduler`` or starts one local cluster (on loopback, free ports)
    whose workers get ``memory_mb`` each (Dask spills, pauses and finally restarts a
    worker above it). :meth:`unordered` yields results as tasks finish.

    >>> with Engine("local") as engine:
    ...     sorted(engine.unordered(abs, [-1, 2, -3]))
    [1, 2, 3]
    """

    def __init__(
        self,
        engine: str = "local",
        *,
        workers: int = 1,
        scheduler: str | None = None,
        memory_mb: int | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.name, self.workers, self.scheduler = engine, max(1, workers), scheduler
        self.memory_mb = memory_mb
        self._pool: ProcessPoolExecutor | None = None
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> Engine:
        if self.name == "processes":
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        elif self.name == "dask":
            self._client = self._dask_client()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # a broken pool (a worker was killed) must not hang the caller
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _dask_client(self) -> Any:
        distributed = _distributed()
        if self.scheduler is not None:
            return distributed.Client(self.scheduler)
        memory = f"{self.memory_mb}MB" if self.memory_mb else "auto"
        self._cluster = distributed.LocalCluster(
            n_workers=self.workers, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=":0", memory_limit=memory,
        )  # fmt: skip
        return distributed.Client(self._cluster)

    def ordered(
        self, func: Callable[[T], R], items: Iterable[T], *, window: int = 0
    ) -> Iterator[R]:
        """``func`` over ``items`` in input order, at most ``window`` tasks in flight.

        ``items`` is read lazily, so a caller streaming batches from a database holds
        only the batches in flight (default window: two per worker).
        """
        limit = window or 2 * self.workers
        if self._pool is None and self._client is None:
            yield from map(func, items)
            return
        submit = self._pool.submit if self._pool is not None else self._dask_submit
        flight: deque[Any] = deque()
        for item in items:
            flight.append(submit(func, item))
            if len(flight) >= limit:
                yield flight.popleft().result()
        while flight:
            yield flight.popleft().result()

    def _dask_submit(self, func: Callable[[T], R], item: T) -> Any:
        return self._client.submit(func, item, pure=False)

    def unordered(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``func`` over ``items``, results as they finish (any order)."""
        if self._pool is not None:
            from concurrent.futures import as_completed

            futures = [self._pool.submit(func, item) for item in items]
            for future in as_completed(futures):
                yield future.result()
        elif self._client is not None:
            distributed = _distributed()
            futures = self._client.map(func, list(items), pure=False)
            for future in distributed.as_completed(futures):
                yield future.result()
        else:
            yield from map(func, items)


def _distributed() -> Any:
    try:
        # Imported as an untyped module: distributed's own annotations are partial.
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs Dask: pip install 'normtrace[dask]'", location="--engine"
        ) from exc
