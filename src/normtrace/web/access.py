"""How the web server reaches the project: a pool of read-only connections, one writer.

SQLite allows one writer at a time. Rather than letting request threads race for
the write lock (and time out under load), every write goes through
:meth:`ProjectAccess.write`, which holds a process-wide lock around one
dedicated write connection and runs the caller's function inside one
``BEGIN IMMEDIATE`` transaction. A write either commits completely or not at
all, so a crash mid-write leaves the project as it was before that write.
Other processes (the CLI, a backup) still coordinate with the server through
SQLite's own locking and busy timeout.

Read connections are opened with ``PRAGMA query_only`` so that a read path can
never write by mistake.

Reads that scan (a search confirms every candidate unit in Python) borrow from a
small pool of their own, :meth:`ProjectAccess.scan`, one connection fewer than the
machine has cores: on a busy server scans then queue behind each other instead of
taking the CPU (and, in Python, the GIL) from the page reads and the writes people
wait for; a scan that waits too long is refused with :class:`BusyError` (HTTP 503).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TypeVar

from normtrace.errors import StoreError, WebError
from normtrace.store.db import SchemaUpgrade, Store

T = TypeVar("T")


class BusyError(WebError):
    """Every connection for scans stayed busy while the request waited; try again."""


def default_readers() -> int:
    """Connections for page reads: two per core, at least 2, at most 8. More would only
    let more request threads take turns at Python's one lock (the GIL): each turn is a
    wait, and a write waiting for it holds the write lock meanwhile (at 20 coders on 2
    cores, 8 readers gave writes p95 245-257 ms, 3-4 readers 85-136 ms; reads p95 stayed
    under 300 ms)."""
    return max(2, min(8, 2 * (os.cpu_count() or 2)))


def default_scanners() -> int:
    """Connections for scans: one fewer than the machine's cores, at least 1, at most 4."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _connect(path: Path, *, read_only: bool) -> Store:
    """A connection usable from any thread (callers serialize its use)."""
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, timeout=30.0, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA synchronous = NORMAL")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the project for the web server ({exc})") from exc
    return Store(conn, path)


class _Turn:
    """A waiter's place in a :class:`Lane`'s queue: ``wake`` tells it when it is handed
    the place (``granted``)."""

    __slots__ = ("granted", "wake")

    def __init__(self, wake: Callable[[], object]) -> None:
        self.wake = wake
        self.granted = False


class Lane:
    """At most ``size`` holders at a time; those who wait are served first come, first
    served (a newcomer never overtakes a waiter, so no scan waits for ever). Threads wait
    with :meth:`acquire`; the server's event loop with :meth:`acquire_async`, which holds
    no worker thread while it waits.

    >>> lane = Lane(1)
    >>> lane.acquire(0, None), lane.acquire(0, None)
    (True, False)
    >>> lane.release(); lane.acquire(0, None)
    True
    """

    #: how often a waiter looks whether it was cancelled (seconds)
    POLL = 0.1

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a lane needs at least one place, not {size}")
        self.size = size
        self._free = size
        self._lock = threading.Lock()
        self._waiters: deque[_Turn] = deque()

    def _take_or_queue(self, wake: Callable[[], object]) -> _Turn | None:
        """``None`` with a place taken at once, else the caller's turn in the queue."""
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return None
            turn = _Turn(wake)
            self._waiters.append(turn)
            return turn

    def _give_up(self, turn: _Turn) -> bool:
        """Leave the queue; True if the place was handed over meanwhile (then it is held)."""
        with self._lock:
            if turn.granted:
                return True
            self._waiters.remove(turn)
            return False

    def acquire(self, wait: float, cancel: threading.Event | None) -> bool:
        """Take a place, waiting up to ``wait`` seconds (and not once ``cancel`` is set);
        False if none came free."""
        ready = threading.Event()
        turn = self._take_or_queue(ready.set)
        if turn is None:
            return True
        until = time.monotonic() + wait
        while not ready.wait(timeout=max(0.0, min(until - time.monotonic(), self.POLL))):
            if (cancel is not None and cancel.is_set()) or time.monotonic() >= until:
                return self._give_up(turn)
        return True

    async def acquire_async(self, wait: float, gone: Callable[[], Awaitable[bool]]) -> bool:
        """:meth:`acquire` on the event loop: waits without holding a thread, and stops
        waiting once ``gone()`` says the client has left."""
        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        turn = self._take_or_queue(lambda: loop.call_soon_threadsafe(ready.set))
        if turn is None:
            return True
        until = time.monotonic() + wait
        try:
            while not ready.is_set():
                left = until - time.monotonic()
                if left <= 0 or await gone():
                    return self._give_up(turn)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ready.wait(), min(left, self.POLL))
        except BaseException:  # cancelled: hand back a place given meanwhile
            if self._give_up(turn):
                self.release()
            raise
        return True

    def release(self) -> None:
        """Give the place back: to the longest waiter if there is one."""
        with self._lock:
            if self._waiters:
                turn = self._waiters.popleft()
                turn.granted = True
                turn.wake()
            else:
                self._free += 1


class ProjectAccess:
    """Read pool and single writer over one project file.

    >>> import tempfile, os
    >>> access = ProjectAccess(os.path.join(tempfile.mkdtemp(), "p.db"))
    >>> access.write(lambda store: store.conn.execute("SELECT 1").fetchone()[0])
    1
    >>> access.close()
    """

    def __init__(
        self, path: str | Path, *, readers: int | None = None, scanners: int | None = None
    ) -> None:
        self.path = Path(path)
        with Store.open(self.path) as store:  # create or migrate once, before any request
            if store.read_only:
                raise StoreError(
                    f"{self.path}: the project is read-only; the workbench writes sign-ins "
                    "and codings: make the file and its folder writable"
                )
        #: the schema upgrade opening it made (None: none), for the caller to say in one line
        self.upgraded: SchemaUpgrade | None = store.upgraded
        self._writer = _connect(self.path, read_only=False)
        self._write_lock = threading.Lock()
        self._pool: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._pool_lock = threading.Lock()
        self._max_readers = readers if readers is not None else default_readers()
        self._scans = Lane(scanners if scanners is not None else default_scanners())
        self._scan_idle: list[Store] = []
        self._scan_all: list[Store] = []
        self._quick: Store | None = None
        self._quick_lock = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Store]:
        """Borrow a read-only store for the length of the ``with`` block."""
        store = self._borrow()
        try:
            yield store
        finally:
            self._pool.put(store)

    @contextmanager
    def scan(self, *, wait: float = 30.0, cancel: threading.Event | None = None) -> Iterator[Store]:
        """Take a turn at the scans (waiting in this thread) and borrow a read-only store of
        theirs for a scan (a read of many milliseconds of CPU).

        Raises:
            BusyError: no turn came within ``wait`` seconds, or ``cancel`` was set while
                waiting (the client has gone).
        """
        if not self._scans.acquire(wait, cancel):
            raise self._busy()
        try:
            with self.scan_store() as store:
                yield store
        finally:
            self._scans.release()

    @asynccontextmanager
    async def scan_turn(
        self, *, wait: float = 30.0, gone: Callable[[], Awaitable[bool]]
    ) -> AsyncIterator[None]:
        """Wait on the event loop (holding no worker thread) for a turn at the scans; use
        :meth:`scan_store` inside the block.

        Raises:
            BusyError: no turn came within ``wait`` seconds, or ``gone()`` said the client
                has left.
        """
        if not await self._scans.acquire_async(wait, gone):
            raise self._busy()
        try:
            yield
        finally:
            self._scans.release()

    @contextmanager
    def scan_store(self) -> Iterator[Store]:
        """Borrow a read-only store of the scans' own (the caller holds a turn: there is at
        most one store per turn)."""
        with self._pool_lock:
            if self._scan_idle:
                store = self._scan_idle.pop()
            else:
                store = _connect(self.path, read_only=True)
                self._scan_all.append(store)
        try:
            yield store
        finally:
            with self._pool_lock:
                self._scan_idle.append(store)

    def _busy(self) -> BusyError:
        return BusyError(
            f"{self.path.name}: the server is busy with other searches; try again in a moment"
        )

    def quick_read(self, fn: Callable[[Store], T]) -> T:
        """Run a read of a fraction of a millisecond (one indexed lookup, e.g. a session)
        on a connection of its own, without borrowing from the pool: the server calls it
        on its event loop, saving a hop to a worker thread on every request."""
        with self._quick_lock:
            if self._quick is None:
                self._quick = _connect(self.path, read_only=True)
            return fn(self._quick)

    def write(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` as the only writer, inside one transaction; return its result."""
        with self._write_lock, self._writer.transaction():
            return fn(self._writer)

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy of the project, taken while the server keeps running."""
        with self.read() as store:
            return store.backup(dest)

    def close(self) -> None:
        """Close every connection."""
        with self._write_lock:
            self._writer.close()
        with self._pool_lock:
            for store in self._all + self._scan_all:
                store.close()
            self._all.clear()
            self._scan_all.clear()
            self._scan_idle.clear()
        with self._quick_lock:
            if self._quick is not None:
                self._quick.close()
                self._quick = None

    def _borrow(self) -> Store:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            pass
        with self._pool_lock:
            if len(self._all) < self._max_readers:
                store = _connect(self.path, read_only=True)
                self._all.append(store)
                return store
        return self._pool.get(timeout=60)
