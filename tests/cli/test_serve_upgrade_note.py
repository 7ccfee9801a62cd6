"""`normtrace serve` says a schema upgrade in the one line every other command prints (from which
version to which, where the copy made before it is), before serving: stop 47 upgraded a shared
project without a word when the workbench opened it. The server is not started: ``uvicorn.run``
is replaced, so the app factory runs and the test sees the app it would serve. The old-schema
project is SYNTHETIC (the bundled migrations up to two before the last, nothing in it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.store.db import migrations


def _old_project(path: Path) -> int:
    """A project at ``path`` of schema v(known - 2), built as an older normtrace left it; that
    version."""
    old = len(migrations()) - 2
    conn = sqlite3.connect(path)
    for number, _name, sql in migrations()[:old]:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.commit()
    conn.close()
    return old


def _served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What ``uvicorn.run`` is asked to serve, the run itself left out."""
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    return served


def _upgrade_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "upgraded from schema" in line]


def test_serve_says_the_schema_upgrade_before_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    old = _old_project(db)
    known = len(migrations())
    served = _served(monkeypatch)
    result = CliRunner().invoke(cli, ["--project", str(db), "serve", "--port", "8124"])
    assert result.exit_code == 0, result.output
    (app,) = served
    assert app.state.access.upgraded is not None  # type: ignore[attr-defined]
    (line,) = _upgrade_lines(result.stderr)
    backup = tmp_path / f"old.db.bak-v{old}"
    assert backup.exists()
    assert line.startswith(f"note: {db}: upgraded from schema v{old} to v{known} ")
    assert f"the project before it is at {backup} (" in line
    # said before the lines that announce the server
    assert result.output.index("upgraded from schema") < result.output.index("workbench on")
    again = CliRunner().invoke(cli, ["--project", str(db), "serve", "--port", "8124"])
    assert again.exit_code == 0, again.output
    assert _upgrade_lines(again.output) == [] and len(served) == 2


def test_serve_admin_on_an_old_project_says_the_upgrade_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    old = _old_project(db)
    served = _served(monkeypatch)
    result = CliRunner().invoke(cli, ["--project", str(db), "serve", "--admin", "ann"],
                                input="a long enough password\n" * 2)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "created admin ann" in result.output and len(served) == 1
    (line,) = _upgrade_lines(result.stderr)
    assert f"upgraded from schema v{old} to v{len(migrations())}" in line


def test_the_workbench_account_commands_say_the_upgrade_too(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    old = _old_project(db)
    result = CliRunner().invoke(cli, ["--project", str(db), "users", "list"])
    assert result.exit_code == 0, result.output
    (line,) = _upgrade_lines(result.stderr)
    assert f"upgraded from schema v{old} to v{len(migrations())}" in line
