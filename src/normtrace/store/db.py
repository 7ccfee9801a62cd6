"""The project store: one SQLite file with WAL, foreign keys and numbered migrations.

The project path comes from ``--project PATH``, else ``NORMTRACE_PROJECT``,
else ``./normtrace.db`` (see :func:`resolve_project_path`).

Migrations are the files ``migrations/NNNN_name.sql`` applied in order; the
applied version is SQLite's ``user_version``. Before migrating an existing
project normtrace copies it to ``<project>.bak-v<N>``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace._version import __version__
from normtrace.errors import SchemaVersionError, StoreError

ENV_VAR = "NORMTRACE_PROJECT"
DEFAULT_NAME = "normtrace.db"
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utc_now() -> str:
    """The current time as ISO-8601 UTC with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def resolve_project_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path`` if given, else ``$NORMTRACE_PROJECT``, else ``./normtrace.db``."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path.cwd() / DEFAULT_NAME


def migrations() -> list[tuple[int, str, str]]:
    """All bundled migrations as ``(number, name, sql)`` in order."""
    folder = resources.files("normtrace.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m[1]), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StoreError(f"migrations are not numbered 1..N without gaps: {numbers}")
    return found


class Store:
    """An open project database.

    Use :meth:`open`; ``conn`` is a :class:`sqlite3.Connection` whose rows are
    :class:`sqlite3.Row`. Writes go through :meth:`transaction`.

    >>> store = Store.open(":memory:")
    >>> store.schema_version() >= 1
    True
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
        """Open (and create or migrate) the project at ``path``."""
        memory = str(path) == ":memory:"
        target = None if memory else resolve_project_path(path)
        if target is not None and not target.exists() and not create:
            raise StoreError(
                f"no project at {target}; run `normtrace ingest` to create one "
                "or pass --project PATH"
            )
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(":memory:" if target is None else str(target))
        store = cls(conn, target)
        store.migrate()
        return store

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The number of the last applied migration."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> list[str]:
        """Apply pending migrations (backing up an existing project first)."""
        current = self.schema_version()
        bundled = migrations()
        pending = [m for m in bundled if m[0] > current]
        known = len(bundled)
        if current > known:
            raise SchemaVersionError(
                f"{self.path}: project schema v{current} is newer than this normtrace "
                f"(knows v{known}); upgrade normtrace"
            )
        if pending and current > 0 and self.path is not None:
            self.backup(self.path.with_name(f"{self.path.name}.bak-v{current}"))
        for number, _name, sql in pending:
            with self.transaction():
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
        return [name for _, name, _ in pending]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``); rolled back on any error."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def start_run(self, stage: str, algorithm: str, params: dict[str, Any] | None = None) -> int:
        """Record a run of ``algorithm`` (a versioned name) and return its id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (stage, algorithm, params, normtrace_version, started_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    stage,
                    algorithm,
                    json.dumps(params or {}, sort_keys=True),
                    __version__,
                    utc_now(),
                ),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any] | None = None) -> None:
        """Mark a run finished with a JSON summary."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                (utc_now(), json.dumps(summary or {}, sort_keys=True), run_id),
            )

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of the project to ``target`` (safe while others write)."""
        dest = Path(target)
        tmp = dest.with_name(dest.name + ".partial")
        out = sqlite3.connect(tmp)
        try:
            self.conn.backup(out)
        finally:
            out.close()
        shutil.move(tmp, dest)
        return dest


def _connect(target: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(target, isolation_level=None, timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 30000")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: not a normtrace project ({exc}); check --project") from exc
    return conn


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` aware)."""
    statements, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


def store_error(exc: sqlite3.Error | OSError, path: Path | None) -> StoreError:
    """One line for a database failure: what failed, where, what to do."""
    where = str(path) if path is not None else "the project"
    msg = " ".join(str(exc).split())
    low = msg.lower()
    if "full" in low or getattr(exc, "errno", None) == errno.ENOSPC:
        return StoreError(
            f"{where}: disk full while writing ({msg}); free space and run again "
            "(what was stored before is kept)"
        )
    if "readonly" in low or "read-only" in low or getattr(exc, "errno", None) in _RO:
        return StoreError(
            f"{where}: the project is read-only ({msg}); make the file and its folder "
            "writable, or copy the project somewhere writable"
        )
    if "locked" in low or "busy" in low:
        return StoreError(
            f"{where}: the project is busy (another normtrace process is writing); try again"
        )
    if "not a database" in low or "malformed" in low or "encrypted" in low:
        return StoreError(
            f"{where}: not a normtrace project, or a damaged one ({msg}); check --project"
        )
    return StoreError(f"{where}: database error ({msg}); run with --debug for details")


_RO = (errno.EROFS, errno.EACCES, errno.EPERM)
