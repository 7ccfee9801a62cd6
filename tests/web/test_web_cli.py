"""The workbench's commands: users add/list, backup while the server writes, serve --help."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from web_support import session_for

from normtrace.cli import cli
from normtrace.web.server import background_server

root = cli  # the registered `normtrace` command group


def test_users_add_reads_the_password_from_stdin(project: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(
        root,
        [
            "--project",
            str(project),
            "users",
            "add",
            "carol",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert made.exit_code == 0, made.output
    listed = runner.invoke(root, ["--project", str(project), "users", "list", "--json"])
    assert '"carol"' in listed.output and '"viewer"' in listed.output
    stored = sqlite3.connect(project).execute(
        "SELECT password_hash FROM users WHERE name = 'carol'"
    )
    assert stored.fetchone()[0].startswith("$argon2id$")


def test_serve_admin_creates_the_first_admin_once_then_serves(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw["port"]))
    runner = CliRunner()
    args = ["--project", str(project), "serve", "--admin", "dora", "--port", "8123"]
    short = runner.invoke(root, args, input="short\n")
    assert short.exit_code != 0 and "at least 8 characters" in short.output and not served
    made = runner.invoke(root, args, input="a long enough password\n" * 2)
    assert made.exit_code == 0, made.output
    assert "created admin dora" in made.output and served == [8123]
    again = runner.invoke(root, args)  # no prompt: the account exists
    assert again.exit_code == 0 and "account dora exists (admin)" in again.output
    assert served == [8123, 8123]
    roles = sqlite3.connect(project).execute("SELECT role FROM users WHERE name = 'dora'")
    assert roles.fetchall() == [("admin",)]


def test_serve_starts_a_new_project_only_with_admin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    new = tmp_path / "fresh.db"
    plain = CliRunner().invoke(root, ["--project", str(new), "serve"])
    assert plain.exit_code == 1 and "serve --admin NAME" in plain.stderr and not new.exists()
    made = CliRunner().invoke(root, ["--project", str(new), "serve", "--admin", "ann"],
                              input="a long enough password\n" * 2)  # fmt: skip
    assert made.exit_code == 0, made.output
    assert new.exists() and "created admin ann" in made.output


def test_serve_has_help() -> None:
    result = CliRunner().invoke(root, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output


def test_backup_while_the_server_writes(app: FastAPI, project: Path, tmp_path: Path) -> None:
    admin = session_for(app, "admin")
    stop = threading.Event()
    written: list[int] = []

    def keep_writing(url: str) -> None:
        with httpx.Client(base_url=url, cookies=dict(admin.cookies), headers=admin.headers) as c:
            n = 0
            while not stop.is_set():
                n += 1
                body = {"name": f"user{n}", "role": "coder", "password": "pass-word-123"}
                if c.post("/api/users", json=body).status_code == 201:
                    written.append(n)

    with background_server(app) as url:
        writer = threading.Thread(target=keep_writing, args=(url,))
        writer.start()
        while not written:
            stop.wait(0.05)
        dest = tmp_path / "copy.db"
        result = CliRunner().invoke(root, ["--project", str(project), "backup", str(dest)])
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users = copy.execute("SELECT count(*) FROM users WHERE name LIKE 'user%'").fetchone()[0]
    assert 1 <= users <= len(written) + 1
    again = CliRunner().invoke(root, ["--project", str(project), "backup", str(dest)])
    assert again.exit_code == 1 and "--force" in again.output


def test_passwd_and_deactivate_end_sessions(app: FastAPI, project: Path) -> None:
    alice = session_for(app, "alice")
    assert alice.get("/api/documents").status_code == 200
    runner = CliRunner()
    changed = runner.invoke(
        root,
        ["--project", str(project), "users", "passwd", "alice", "--password-stdin"],
        input="another long password\n",
    )
    assert changed.exit_code == 0, changed.output
    assert alice.get("/api/documents").status_code == 401
    bob = session_for(app, "bob")
    gone = runner.invoke(root, ["--project", str(project), "users", "deactivate", "bob"])
    assert gone.exit_code == 0, gone.output
    assert bob.get("/api/documents").status_code == 401
    listed = runner.invoke(root, ["--project", str(project), "users", "list"])
    assert "alice" in listed.output and "bob" not in listed.output
