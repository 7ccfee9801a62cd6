"""The actors commands, invoked through click on a throw-away project."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from normtrace.cli.actors import actors_group, fetch_command, timeline_command
from normtrace.cli.base import Context
from normtrace.store.db import Store

group = click.Group(commands=[actors_group, timeline_command, fetch_command])


def _run(tmp_path: Path, *args: str) -> click.testing.Result:
    Store.open(tmp_path / "p.db").close()  # an empty project: commands refuse a missing one
    return CliRunner().invoke(group, list(args), obj=Context(str(tmp_path / "p.db"), False))


def test_members_and_timeline(tmp_path: Path) -> None:
    out = _run(tmp_path, "actors", "members", "2020-01-15", "--json")
    assert out.exit_code == 0
    assert sum(r["seat"] == "permanent" for r in json.loads(out.output)) == 5
    out = _run(tmp_path, "timeline", "--topic", "Mali", "--from", "2012", "--to", "2014")
    assert out.exit_code == 0 and "S/RES/2100 (2013)" in out.output and "[missing]" in out.output
    out = _run(tmp_path, "timeline", "--case", "car-2014", "--json")
    assert any(e["symbol"] == "S/RES/2149 (2014)" for e in json.loads(out.output))


def test_resolve_and_unresolved_on_empty_project(tmp_path: Path) -> None:
    assert "0/0 speeches" in _run(tmp_path, "actors", "resolve").output
    assert json.loads(_run(tmp_path, "actors", "unresolved", "--json").output) == []


def test_timeline_needs_topic_or_case(tmp_path: Path) -> None:
    out = _run(tmp_path, "timeline")
    assert out.exit_code == 2 and "--case NAME" in out.output


def test_project_overrides_file_is_used(tmp_path: Path) -> None:
    from normtrace.actors.overrides import project_overrides_path

    assert project_overrides_path(tmp_path / "p.db") is None
    (tmp_path / "p.overrides.yaml").write_text("aliases: {Niger Republic: NER}\n", encoding="utf-8")
    assert project_overrides_path(tmp_path / "p.db") == tmp_path / "p.overrides.yaml"
    out = _run(tmp_path, "actors", "resolve", "--json")
    assert out.exit_code == 0
    assert json.loads(out.output)["speeches"] == 0
    with Store.open(tmp_path / "p.db") as store:
        params = store.conn.execute("SELECT params FROM runs ORDER BY id DESC LIMIT 1").fetchone()[
            0
        ]
    assert "p.overrides.yaml" in params
