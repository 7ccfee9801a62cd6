"""``normtrace web`` runs the workbench command, ``serve``, and says that is its name (U2 B8: a
new user's ``normtrace web --help`` answered "No such command 'web'", with no hint); ``users
list`` on a project with no account says there is none and how to add one (it printed
nothing). The server is not started: ``uvicorn.run`` is replaced. The projects are empty
(nothing in them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.store.db import Store

SAID = "`normtrace web` is `normtrace serve`"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    Store.open(path).close()
    return path


def test_web_help_is_serves_under_its_name() -> None:
    done = CliRunner().invoke(cli, ["web", "--help"], prog_name="normtrace")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Usage: normtrace web [OPTIONS]\n")
    assert f"{SAID}: another name for it." in done.stdout
    assert "Start the coders' web workbench" in done.stdout and "--port" in done.stdout
    listed = CliRunner().invoke(cli, ["--help"]).stdout
    assert "  serve " in listed and "  web " not in listed


def test_web_serves_and_says_the_commands_name(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw))
    done = CliRunner().invoke(cli, ["--project", str(project), "web", "--port", "8765"])
    assert done.exit_code == 0, (done.output, done.exception)
    assert done.stderr.startswith(f"note: {SAID}\n")
    assert served and served[0]["port"] == 8765


def test_users_list_with_no_account_says_how_to_add_one(project: Path) -> None:
    for args in ([], ["--json"]):
        done = CliRunner().invoke(cli, ["--project", str(project), "users", "list", *args])
        assert done.exit_code == 0, done.output
        assert done.stderr == (
            "no accounts yet: add one with `normtrace users add NAME --role admin` (the "
            "password is prompted for), or start the workbench with `normtrace serve --admin "
            "NAME`\n")  # fmt: skip
        assert done.stdout == ("" if not args else "[]\n")
        if args:
            assert json.loads(done.stdout) == []
