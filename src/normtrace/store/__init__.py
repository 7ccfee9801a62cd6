"""The project store: SQLite with WAL, FTS5 and numbered migrations."""

from normtrace.store.db import Store, resolve_project_path, utc_now

__all__ = ["Store", "resolve_project_path", "utc_now"]
