"""Project faults are one line, never a traceback, and never write where they should not.

Disk full is simulated with SQLite's ``max_page_count``; a read-only file system with a
read-only connection (root writes through file modes). ``tools/fault_table.py`` runs the
same classes through the CLI on a real tmpfs, read-only remounts included.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace import Project
from normtrace.cli import cli
from normtrace.errors import SchemaVersionError, StoreError
from normtrace.store import db
from normtrace.store.db import Store, migrations

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline"


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    with pytest.raises(StoreError, match="an SQLite file of another program \\(tables notes\\)"):
        Store.open(foreign)
    assert foreign.read_bytes() == before  # not even the journal mode changed


def test_a_folder_or_a_path_under_a_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder; --project names the project file"):
        Store.open(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("synthetic")
    with pytest.raises(StoreError, match="cannot create the project's folder .*notes.txt"):
        Store.open(text / "p.db")
    with pytest.raises(StoreError, match="not a normtrace project, or a damaged one"):
        Store.open(text)


def test_a_new_project_makes_one_folder_never_a_tree(tmp_path: Path) -> None:
    """A new user's mistyped `--project /nonexistent/dir/x.db ingest` made the folders
    silently; a new project's own folder is still made (``demo-output/normtrace.db``)."""
    Store.open(tmp_path / "new" / "p.db").close()
    with pytest.raises(StoreError, match=r"the folder .*typo does not exist; check the path"):
        Store.open(tmp_path / "typo" / "dir" / "p.db")
    assert not (tmp_path / "typo").exists()


def test_a_mislabelled_schema_version_is_refused_without_change(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 3")
    con.close()
    with pytest.raises(SchemaVersionError, match="says schema v3 but already has what 0004"):
        Store.open(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 3  # rolled back
    con.close()


def test_backup_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(StoreError, match="no folder .*nowhere to back up into"):
            store.backup(tmp_path / "nowhere" / "b.db")
        assert store.backup(tmp_path / "b.db").exists()
        # a new user's `backup PROJECT --force` replaced the open project file with a copy
        with pytest.raises(StoreError, match="is the project itself"):
            store.backup(tmp_path / "sub" / ".." / "p.db")


def test_disk_full_stops_the_batch_with_one_line_and_keeps_what_was_stored(
    tmp_path: Path,
) -> None:
    with Project(tmp_path / "p.db") as project:
        pages = project.store.conn.execute("PRAGMA page_count").fetchone()[0]
        project.store.conn.execute(f"PRAGMA max_page_count = {pages + 8}")
        with pytest.raises(StoreError, match="disk full while writing .*free space"):
            project.ingest([GOOD])
        project.store.conn.execute("PRAGMA max_page_count = 1073741823")
        assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_cli_turns_an_escaped_database_error_into_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "start_run", full)
    path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["--project", str(path), "ingest", str(GOOD)])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {path}: disk full while writing")


def test_a_read_only_project_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project(path) as project:
        project.ingest([GOOD / "S-RES-2100(2013).txt"])
    conn = db._connect_read_only(path, sqlite3.OperationalError("unable to open database file"))
    store = Store(conn, path)
    assert store.read_only and store.migrate() == []
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    with pytest.raises(sqlite3.OperationalError) as info:
        store.start_run("ingest", "x.v1")
    assert "the project is read-only" in str(db.store_error(info.value, path))
    store.close()
    with pytest.raises(StoreError, match="cannot create a project here: the folder is read-only"):
        db._connect_read_only(tmp_path / "new.db", sqlite3.OperationalError("x"))


def _open(path: str) -> int:
    with Store.open(path) as store:
        return store.schema_version()


def test_two_processes_creating_one_project_do_not_race(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        for trial in range(4):
            path = str(tmp_path / f"p{trial}.db")
            versions = pool.map(_open, [path, path])
            assert versions == [len(migrations())] * 2
