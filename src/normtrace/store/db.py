"""The project store: one SQLite file with WAL, foreign keys and numbered migrations.

The project path comes from ``--project PATH``, else ``NORMTRACE_PROJECT``,
else ``./normtrace.db`` (see :func:`resolve_project_path`).

Migrations are the files ``migrations/NNNN_name.sql`` applied in order; the
applied version is SQLite's ``user_version``. Before migrating an existing
project normtrace copies it to ``<project>.bak-v<N>``. Migrations run under the
write lock (one ``BEGIN IMMEDIATE`` for all of them), so two processes opening a
new project at once never both apply them. A new project is a copy of the empty
project the migrations make, made once per process (:func:`_empty_project`; replaying
them is 229 statements, 50 ms), written whole under a temporary name and then linked
to its name, so two processes creating it at once keep one.

An SQLite file that is not a normtrace project (``user_version`` 0 but tables of
its own) is never written to. A project that cannot be written (a read-only file,
folder or file system) opens read-only: reading works, a write fails with one line.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace._version import __version__
from normtrace.errors import SchemaVersionError, StoreError

ENV_VAR = "NORMTRACE_PROJECT"
DEFAULT_NAME = "normtrace.db"
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utc_now(*, precise: bool = False) -> str:
    """The current time as ISO-8601 UTC with seconds, or with microseconds when ``precise``
    (the coding logs: a coder's latest action is found by comparing the times of two tables,
    and two actions often fall within one second)."""
    now = datetime.now(UTC)
    if not precise:
        now = now.replace(microsecond=0)
    return now.isoformat(timespec="microseconds" if precise else "seconds").replace("+00:00", "Z")


def instant(at: str) -> str:
    """``at`` (a time of :func:`utc_now`) in a form that compares as text with precise
    times: a time to the second is that second's first microsecond.

    >>> instant("2026-12-06T15:00:00Z") < instant("2026-12-06T15:00:00.000001Z")
    True
    """
    if at.endswith("Z") and "." not in at:
        return at[:-1] + ".000000Z"
    return at


def resolve_project_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path`` if given, else ``$NORMTRACE_PROJECT``, else ``./normtrace.db``."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path.cwd() / DEFAULT_NAME


def require_project(path: Path) -> Path:
    """``path``, if a project file (or anything) exists there; else a one-line
    :class:`StoreError` saying how to check the path or start a project, so that a mistyped
    ``--project`` or ``$NORMTRACE_PROJECT`` is not silently a new, empty project."""
    if not path.exists():
        raise StoreError(
            f"no project at {path}; check --project (or $NORMTRACE_PROJECT), or create one "
            "there with `normtrace ingest FILES` (or `normtrace serve --admin NAME` to start "
            "it in the browser)"
        )
    return path


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


@dataclass(frozen=True)
class SchemaUpgrade:
    """An existing project migrated on open: from which schema version to which, and the
    copy of it made before (None for a project without a file)."""

    path: Path | None
    from_version: int
    to_version: int
    backup: Path | None

    def message(self) -> str:
        """One line for the user (a shared project is upgraded for every user of it)."""
        where = self.path if self.path is not None else "the project"
        kept = ""
        if self.backup is not None and self.backup.exists():
            size = self.backup.stat().st_size / 2**20
            kept = f"; the project before it is at {self.backup} ({size:.1f} MB)"
        return (
            f"note: {where}: upgraded from schema v{self.from_version} to v{self.to_version} "
            f"(older normtrace versions can no longer open it){kept} (delete the copy once "
            "you no longer need it)"
        )


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
        #: set by :meth:`migrate` when it upgraded an existing project (what to tell the user)
        self.upgraded: SchemaUpgrade | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
        """Open (and create or migrate) the project at ``path``.

        Raises:
            StoreError: no project there (with ``create=False``), ``path`` is a folder or
                lies under a file, the file is not a normtrace project, or it cannot be
                created or migrated (read-only, disk full); one line each.
        """
        memory = str(path) == ":memory:"
        target = None if memory else resolve_project_path(path)
        if target is None:
            conn = _connect(":memory:")
            image = _empty_project(migrations())
            if image is not None:
                conn.deserialize(image)
            store = cls(conn, None)
            store.migrate()
            return store
        if target.is_dir():
            raise StoreError(
                f"{target} is a folder; --project names the project file, "
                f"e.g. {target / DEFAULT_NAME}"
            )
        if not create:
            require_project(target)
        if not target.exists() and not target.parent.parent.is_dir():
            # one new folder for a new project (``demo-output/normtrace.db``), never a tree:
            # a mistyped folder name must not silently become new folders
            missing = next(p for p in reversed(target.parents) if not p.is_dir())
            raise StoreError(
                f"{target}: the folder {missing} does not exist; check the path, or create the "
                "folder first"
            )
        try:
            target.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{target}: cannot create the project's folder {exc.filename or target.parent} "
                f"({exc.strerror}); --project must name a file in a folder"
            ) from exc
        if not target.exists():
            _create_empty(target)
        conn = _connect(str(target))
        store = cls(conn, target)
        try:
            store.migrate()
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def read_only(self) -> bool:
        """True when the project was opened read-only (it cannot be written)."""
        return _opened_ro(self)

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
        """Apply pending migrations (backing up an existing project first).

        The version is read and every pending migration applied inside one write
        transaction, so a second process waits and then finds nothing to do.
        """
        bundled = migrations()
        known = len(bundled)
        current = self.schema_version()
        self._check_version(current, known)
        if current == known:
            return []
        if _opened_ro(self):
            raise StoreError(
                f"{self.path}: the project (schema v{current}) needs migrating to v{known} but "
                "is read-only; make it writable once, or use the normtrace that wrote it"
            )
        backup = None
        try:
            if current > 0 and self.path is not None:  # outside the lock: a read
                backup = self.path.with_name(f"{self.path.name}.bak-v{current}")
                self.backup(backup)
            applied = self._migrate_locked(bundled)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path, during="migrating") from exc
        if current > 0 and applied:
            self.upgraded = SchemaUpgrade(self.path, current, known, backup)
        return applied

    def _check_version(self, current: int, known: int) -> None:
        if current > known:
            raise SchemaVersionError(
                f"{self.path}: project schema v{current} is newer than this normtrace "
                f"(knows v{known}); upgrade normtrace"
            )

    def _migrate_locked(self, bundled: list[tuple[int, str, str]]) -> list[str]:
        with self.transaction():
            current = self.schema_version()  # again, under the lock
            self._check_version(current, len(bundled))
            pending = [m for m in bundled if m[0] > current]
            for number, name, sql in pending:
                try:
                    for statement in _split_sql(sql):
                        self.conn.execute(statement)
                except sqlite3.OperationalError as exc:
                    if "already exists" in str(exc) or "duplicate column" in str(exc):
                        raise SchemaVersionError(
                            f"{self.path}: the project says schema v{current} but already has "
                            f"what {name} adds ({exc}); its version label is wrong: restore a "
                            "backup (<project>.bak-vN) or ask for help"
                        ) from exc
                    raise
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

    def start_run(
        self,
        stage: str,
        algorithm: str,
        params: dict[str, Any] | None = None,
        *,
        started_at: str | None = None,
    ) -> int:
        """Record a run of ``algorithm`` (a versioned name) and return its id; ``started_at``
        when its work began before it could be recorded (work done outside a write)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (stage, algorithm, params, normtrace_version, started_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    stage,
                    algorithm,
                    json.dumps(params or {}, sort_keys=True),
                    __version__,
                    started_at or utc_now(),
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
        """Write a consistent copy of the project to ``target`` (safe while others write).

        Raises:
            StoreError: the target's folder is missing or cannot be written, or the target is
                the project itself (or its WAL files): replacing the open file would lose it.
        """
        dest = Path(target)
        if self.path is not None:
            own = self.path.resolve()
            if dest.resolve() in (own, own.with_name(own.name + "-wal"),
                                  own.with_name(own.name + "-shm")):  # fmt: skip
                raise StoreError(f"{dest} is the project itself; name another file for the backup")
        if not dest.parent.is_dir():
            raise StoreError(f"{dest}: no folder {dest.parent} to back up into; create it first")
        if dest.is_dir():
            raise StoreError(f"{dest} is a folder; name the backup file, e.g. {dest / 'backup.db'}")
        tmp = dest.with_name(f"{dest.name}.partial-{os.getpid()}")
        try:
            out = sqlite3.connect(tmp)
            try:
                self.conn.backup(out)
            finally:
                out.close()
            shutil.move(tmp, dest)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise store_error(exc, dest, during="writing the backup") from exc
        return dest


def _connect(target: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(target, isolation_level=None, timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        if target != ":memory:":
            _refuse_foreign(conn, Path(target))  # before WAL: that rewrites the header
        conn.execute("PRAGMA foreign_keys = ON")
        _wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        if target != ":memory:" and _cannot_write(Path(target)):
            return _connect_read_only(Path(target), exc)
        raise store_error(exc, Path(target), during="opening") from exc
    return conn


def _wal(conn: sqlite3.Connection, *, seconds: float = 30.0) -> None:
    """Switch to WAL. SQLite does not wait on its busy handler for this switch, so when
    another process is creating the same project at the same moment, retry for a while."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            low = str(exc).lower()
            if ("locked" not in low and "busy" not in low) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _cannot_write(path: Path) -> bool:
    """A project whose file or folder cannot be written (read-only file system too)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not path.exists():
        return not os.access(folder, os.W_OK)
    return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))


def _connect_read_only(path: Path, cause: sqlite3.DatabaseError) -> sqlite3.Connection:
    """Open a project that cannot be written for reading (writes fail with one line)."""
    if not path.exists():
        raise StoreError(
            f"{path}: cannot create a project here: the folder is read-only; "
            "pass --project PATH in a writable folder"
        ) from cause
    uri = path.resolve().as_uri()
    # mode=ro needs the -shm file of a WAL project; on a read-only file system nobody can
    # write either, so the file is immutable while we read it
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + query, uri=True, isolation_level=None, timeout=30.0)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError:
            continue
        _refuse_foreign(conn, path)
        return conn
    raise store_error(cause, path, during="opening") from cause


def _opened_ro(store: Store) -> bool:
    return bool(store.conn.execute("PRAGMA query_only").fetchone()[0])


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file some other program made: never write tables into it."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name LIMIT 4"
    )]  # fmt: skip
    if version == 0 and names:
        conn.close()
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise StoreError(
            f"{path}: an SQLite file of another program (tables {shown}), not a normtrace "
            "project; normtrace leaves it alone: pass a new file with --project"
        )


#: the image of the empty project each list of migrations makes (serialized once per process)
_EMPTY: dict[tuple[tuple[int, str, str], ...], bytes] = {}


def _empty_project(bundled: list[tuple[int, str, str]]) -> bytes | None:
    """A new project with ``bundled`` applied, serialized; None when it cannot be made (a new
    project is then migrated where it is created, and fails there with its one line)."""
    key = tuple(bundled)
    if key not in _EMPTY:
        try:
            made = Store(_connect(":memory:"), None)
            try:
                made._migrate_locked(bundled)
                _EMPTY[key] = made.conn.serialize()
            finally:
                made.close()
        except (sqlite3.Error, StoreError):
            return None
    return _EMPTY[key]


def _create_empty(target: Path) -> None:
    """Write the empty project (:func:`_empty_project`) at ``target``, whole or not at all: it
    is written under a temporary name and linked to ``target``, which fails when another
    process created ``target`` meanwhile (its project is kept). On any failure (no space, no
    hard links, a read-only folder) nothing is left and :meth:`Store.open` creates and
    migrates the project as it would without this."""
    image = _empty_project(migrations())
    if image is None:
        return
    partial = target.with_name(f".{target.name}.{os.getpid()}.new")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # SQLite's mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(image)
        os.link(partial, target)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


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


def store_error(
    exc: sqlite3.Error | OSError, path: Path | None, *, during: str = "writing"
) -> StoreError:
    """One line for a database failure: what failed, where, what to do."""
    where = str(path) if path is not None else "the project"
    msg = " ".join(str(exc).split())
    low = msg.lower()
    if "full" in low or getattr(exc, "errno", None) == errno.ENOSPC:
        return StoreError(
            f"{where}: disk full while {during} ({msg}); free space and run again "
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
    if "unable to open" in low:
        return StoreError(f"{where}: cannot open the project ({msg}); check the path and its "
                          "permissions")  # fmt: skip
    return StoreError(f"{where}: database error while {during} ({msg}); --debug shows more")


_RO = (errno.EROFS, errno.EACCES, errno.EPERM)
