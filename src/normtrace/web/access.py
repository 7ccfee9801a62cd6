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
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from normtrace.errors import StoreError
from normtrace.store.db import Store

T = TypeVar("T")


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


class ProjectAccess:
    """Read pool and single writer over one project file.

    >>> import tempfile, os
    >>> access = ProjectAccess(os.path.join(tempfile.mkdtemp(), "p.db"))
    >>> access.write(lambda store: store.conn.execute("SELECT 1").fetchone()[0])
    1
    >>> access.close()
    """

    def __init__(self, path: str | Path, *, readers: int = 8) -> None:
        self.path = Path(path)
        with Store.open(self.path) as store:  # create or migrate once, before any request
            if store.read_only:
                raise StoreError(
                    f"{self.path}: the project is read-only; the workbench writes sign-ins "
                    "and codings: make the file and its folder writable"
                )
        self._writer = _connect(self.path, read_only=False)
        self._write_lock = threading.Lock()
        self._pool: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._pool_lock = threading.Lock()
        self._max_readers = readers
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
            for store in self._all:
                store.close()
            self._all.clear()
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
