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
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from normtrace.errors import ConfigError, NormtraceError

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
    pool: Engine | None = None,
    chunk: int = 1,
    size: Callable[[T], int] | None = None,
    chunk_bytes: int = 0,
) -> Iterator[R]:
    """``func`` over ``items`` in order, on the chosen engine.

    Args:
        func: a module-level (picklable) function of one argument; every setting it needs
            travels in it (a :func:`functools.partial`), never in a process-global, which
            a Dask worker in another process does not see.
        items: its inputs, read lazily (a few in flight: :meth:`Engine.ordered`).
        engine: ``local`` (this process), ``processes`` (a local process pool) or
            ``dask`` (a Dask cluster: ``scheduler`` is its address, else a local cluster
            of ``workers`` processes is started for the call).
        workers: processes for ``processes`` and for a local Dask cluster.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``).
        pool: an :class:`Engine` the caller holds open over many maps (one cluster for a
            whole ingest run, not one per call); the map runs on it, and ``engine``,
            ``workers`` and ``scheduler`` are its own.
        chunk: items per task on a pool or cluster (:meth:`Engine.ordered`).
        size: an item's bytes, and ``chunk_bytes`` the most one task may carry (a bigger
            item goes alone); 0: no bound.

    Raises:
        ConfigError: an unknown engine, Dask requested but not installed, or the pool or
            cluster did not start (then every later map of the block raises too).
    """
    if pool is not None:
        yield from pool.ordered(func, items, chunk=chunk, size=size, chunk_bytes=chunk_bytes)
        return
    if engine == "processes" and workers <= 1:
        engine = "local"  # one process: no pool to start
    with Engine(engine, workers=workers, scheduler=scheduler) as held:
        yield from held.ordered(func, items, chunk=chunk, size=size, chunk_bytes=chunk_bytes)


class Engine:
    """A pool of workers held open for several maps (a multi-stage job such as reuse).

    ``local`` runs in this process; ``processes`` keeps one process pool; ``dask``
    connects to ``scheduler`` or starts one local cluster (on loopback, free ports)
    whose workers get ``memory_mb`` each (Dask spills, pauses and finally restarts a
    worker above it). :meth:`unordered` yields results as tasks finish. With ``lazy``
    the pool or cluster starts at the first map, not on entering (an ingest whose files
    are all stored already starts none). Leaving the block closes it, on an error or
    Ctrl-C too.

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
        lazy: bool = False,
    ) -> None:
        if engine not in ENGINES:
            raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.name, self.workers, self.scheduler = engine, max(1, workers), scheduler
        self.memory_mb, self.lazy = memory_mb, lazy
        self._entered = self._started = False
        self._failed: str | None = None  # why the pool or cluster did not start
        self._pool: ProcessPoolExecutor | None = None
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> Engine:
        self._entered = True
        if not self.lazy:
            self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        pool, client, cluster = self._pool, self._client, self._cluster
        self._pool = self._client = self._cluster = None
        self._entered = self._started = False
        self._failed = None
        try:
            if pool is not None:
                # a broken pool (a worker was killed) must not hang the caller
                pool.shutdown(wait=True, cancel_futures=True)
            if client is not None:
                client.close()
        finally:  # the local cluster's processes never outlive the block
            if cluster is not None:
                cluster.close()

    def _start(self) -> None:
        """Start the pool or connect to (or start) the Dask cluster, once in the block
        (outside a ``with`` block every map runs in this process, as before).

        The engine counts as started only once its pool or client exists. A start that
        failed (or was interrupted) is remembered: every later map in the block raises
        :class:`~normtrace.errors.ConfigError` rather than running in this process.
        """
        if self._started or not self._entered:
            return
        if self._failed is not None:
            raise ConfigError(
                f"the {self.name} engine did not start in this block ({self._failed}); "
                "leave the block and start again, or use --engine local", location="--engine"
            )  # fmt: skip
        try:
            if self.name == "processes":
                from concurrent.futures import ProcessPoolExecutor

                self._pool = ProcessPoolExecutor(max_workers=self.workers)
            elif self.name == "dask":
                self._client = self._dask_client()
        except BaseException as exc:
            self._failed = _one_line(exc)
            if isinstance(exc, Exception) and not isinstance(exc, NormtraceError):
                where = {"processes": "a local process pool"}.get(self.name, "a local cluster")
                if self.scheduler is not None and self.name == "dask":
                    where = f"scheduler {self.scheduler}"
                raise ConfigError(
                    f"the {self.name} engine did not start on {where}: {self._failed}; check "
                    "--scheduler and --workers, or use --engine local", location="--engine"
                ) from exc  # fmt: skip
            raise
        self._started = True

    def _dask_client(self) -> Any:
        """A client of the scheduler, or of a new local cluster. Each is built whole in a
        helper thread (:func:`_built`): a Ctrl-C while the cluster's worker processes
        start waits for them, then closes them, so none outlives a notebook's or the
        web server's block (a second Ctrl-C during that wait leaves them to distributed's
        own exit hook)."""
        distributed = _distributed()
        if self.scheduler is not None:
            return _built(partial(distributed.Client, self.scheduler))
        memory = f"{self.memory_mb}MB" if self.memory_mb else "auto"
        self._cluster = _built(partial(
            distributed.LocalCluster, n_workers=self.workers, threads_per_worker=1,
            processes=True, host="127.0.0.1", dashboard_address=":0", memory_limit=memory,
        ))  # fmt: skip
        try:
            return _built(partial(distributed.Client, self._cluster))
        except BaseException:  # no client: the cluster just started must not be left running
            self._cluster.close()
            self._cluster = None
            raise

    def ordered(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        window: int = 0,
        chunk: int = 1,
        size: Callable[[T], int] | None = None,
        chunk_bytes: int = 0,
    ) -> Iterator[R]:
        """``func`` over ``items`` in input order, at most ``window`` tasks in flight, each
        task ``chunk`` items (many small items: the scheduler's cost per task is paid once
        per chunk) and, with ``size`` (an item's bytes), at most ``chunk_bytes`` bytes: an
        item that alone is bigger goes alone (a task's arguments travel to the worker
        through Dask's scheduler, which warns of a "large graph" above 10 MB).

        ``items`` is read lazily, so a caller streaming batches from a database holds
        only the batches in flight (default window: two per worker).
        """
        limit = window or 2 * self.workers
        self._start()
        if self._pool is None and self._client is None:
            yield from map(func, items)
            return
        submit = self._pool.submit if self._pool is not None else self._dask_submit
        each = partial(_each, func)
        flight: deque[Any] = deque()
        for group in _chunks(items, max(1, chunk), size, chunk_bytes):
            flight.append(submit(each, group))
            if len(flight) >= limit:
                yield from flight.popleft().result()
        while flight:
            yield from flight.popleft().result()

    def _dask_submit(self, func: Callable[[T], R], item: T) -> Any:
        return self._client.submit(func, item, pure=False)

    def unordered(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``func`` over ``items``, results as they finish (any order)."""
        self._start()
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


def _each(func: Callable[[T], R], group: list[T]) -> list[R]:
    """``func`` over one task's items (module level: picklable)."""
    return [func(item) for item in group]


def _chunks(
    items: Iterable[T], count: int, size: Callable[[T], int] | None = None, most: int = 0
) -> Iterator[list[T]]:
    """``items`` in lists of ``count`` (the last may be shorter), read lazily; with
    ``size`` and ``most``, a list also ends before the item that would take its bytes
    over ``most`` (an item over ``most`` alone is a list of one)."""
    group: list[T] = []
    held = 0  # the group's bytes
    for item in items:
        weight = size(item) if size is not None and most > 0 else 0
        if group and held + weight > most > 0:
            yield group
            group, held = [], 0
        group.append(item)
        held += weight
        if len(group) == count:
            yield group
            group, held = [], 0
    if group:
        yield group


def _built(make: Callable[[], T]) -> T:
    """``make()`` run to its end in a helper thread, even if this thread is interrupted
    meanwhile: then what it built is closed and the interrupt raised again.

    (A ``LocalCluster`` interrupted inside its constructor is left half-built, with no
    reference to close it by; distributed closes it only at interpreter exit.)
    """
    box: dict[str, Any] = {}
    done = threading.Event()  # not Thread.join: on Python 3.11 a join interrupted once
    # returns at once the next time, the thread still running

    def run() -> None:
        try:
            box["made"] = make()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="normtrace-engine-start", daemon=True).start()
    try:
        done.wait()
    except BaseException:
        done.wait()  # a second Ctrl-C here gives up the wait
        made = box.get("made")
        if made is not None:
            made.close()
        raise
    if "error" in box:
        raise box["error"]
    return box["made"]  # type: ignore[no-any-return]


def _one_line(exc: BaseException) -> str:
    """``exc`` as one line: its type, and its message's first line if it has one."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _distributed() -> Any:
    try:
        # Imported as an untyped module: distributed's own annotations are partial.
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs Dask: pip install 'normtrace[dask]'", location="--engine"
        ) from exc
