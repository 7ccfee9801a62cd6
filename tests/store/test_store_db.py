"""The project store: migrations, WAL, foreign keys, runs, backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from normtrace.errors import SchemaVersionError, StoreError
from normtrace.store import Store, resolve_project_path
from normtrace.store.db import migrations


def test_new_project_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    assert store.schema_version() == len(migrations())
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_project_path_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMTRACE_PROJECT", str(tmp_path / "env.db"))
    assert resolve_project_path("given.db") == Path("given.db")
    assert resolve_project_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("NORMTRACE_PROJECT")
    monkeypatch.chdir(tmp_path)
    assert resolve_project_path(None) == tmp_path / "normtrace.db"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade normtrace"):
        Store.open(path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a normtrace project"):
        Store.open(path)


def test_missing_project_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no project at"):
        Store.open(tmp_path / "missing.db", create=False)


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.conn.execute(
            "INSERT INTO runs (stage, algorithm, normtrace_version, started_at) "
            "VALUES ('x', 'y', 'z', 'now')"
        )
        raise RuntimeError("boom")
    assert conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_runs_record_algorithm_params_and_version(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    run_id = store.start_run("ingest", "ingest.pipeline.v1", {"paths": ["a"]})
    store.finish_run(run_id, {"new": 1})
    row = store.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
    assert row["algorithm"] == "ingest.pipeline.v1"
    assert row["params"] == '{"paths": ["a"]}'
    assert row["finished_at"] and row["summary"] == '{"new": 1}'


def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    store.start_run("ingest", "x.v1")
    dest = store.backup(tmp_path / "copy.db")
    copy = Store.open(dest)
    assert copy.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
