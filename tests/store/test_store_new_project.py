"""A new project is a copy of the empty project the migrations make (normtrace.store.db:
made once per process, not 229 statements replayed for every project): the same schema and
settings as the migrations applied one by one, written whole or not at all."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from normtrace.store import db
from normtrace.store.db import Store, migrations


def _schema(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [tuple(r) for r in rows]


def _migrated_one_by_one(path: Path) -> sqlite3.Connection:
    """Every bundled migration run statement by statement on a new file, as normtrace did."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for number, _name, sql in migrations():
        for statement in db._split_sql(sql):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("COMMIT")
    return conn


@pytest.mark.parametrize("where", ["file", "memory"])
def test_a_new_project_has_the_schema_the_migrations_make(tmp_path: Path, where: str) -> None:
    reference = _migrated_one_by_one(tmp_path / "reference.db")
    store = Store.open(tmp_path / "p.db" if where == "file" else ":memory:")
    try:
        assert _schema(store.conn) == _schema(reference)
        assert store.schema_version() == len(migrations())
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        journal = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert journal == ("wal" if where == "file" else "memory")
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # it is a project to write in like any other
        store.start_run("test", "synthetic.v1")
    finally:
        store.close()
        reference.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []  # none left


def test_a_project_another_process_created_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other process's project appears between the check and the link: it is opened, not
    replaced, and the image written for the link is removed."""
    path = tmp_path / "p.db"
    with Store.open(tmp_path / "theirs.db") as other:
        other.start_run("theirs", "synthetic.v1")
    link = os.link

    def theirs_first(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        os.replace(tmp_path / "theirs.db", target)
        link(source, target)  # raises FileExistsError, as when it lost the race

    monkeypatch.setattr(db.os, "link", theirs_first)
    with Store.open(path) as store:
        stages = [r[0] for r in store.conn.execute("SELECT stage FROM runs")]
    assert stages == ["theirs"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []


def test_without_hard_links_a_new_project_is_migrated_where_it_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object) -> None:
        raise OSError("hard links not supported")

    monkeypatch.setattr(db.os, "link", no_links)
    with Store.open(tmp_path / "p.db") as store:
        assert store.schema_version() == len(migrations())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []
