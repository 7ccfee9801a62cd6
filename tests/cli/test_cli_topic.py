"""After `normtrace actors links` imports the meeting index, a meeting record shows its agenda
item (show, ls) with the import run, and search, kwic and freq take --topic (whole word, case
aside); freq counts --by topic. Every meeting, agenda item and text is SYNTHETIC
(tests/synthetic_topics.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from synthetic_topics import NORTH, RURITANIA, THREATS, build, write_table

QUERY = "protect* civilian*"


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path) -> list[str]:
    """The SYNTHETIC project after `normtrace actors links --meetings` read its index table."""
    args = ["--project", str(build(tmp_path / "p.db", index=False))]
    code, out, err = run([*args, "actors", "links", "--meetings", str(write_table(tmp_path))])
    assert code == 0, out + err
    return args


def test_show_and_ls_give_the_agenda_item_and_its_run(project: list[str]) -> None:
    code, out, _ = run([*project, "show", "S/PV.99001"])
    assert code == 0
    assert f"topic: {RURITANIA}  (from the UN Library meeting index, table " in out
    assert "scact2020_table_en.html, import run " in out
    code, out, _ = run([*project, "show", "S/PV.99002", "--json"])
    shown = json.loads(out)
    assert shown["title"] == "Provisional agenda of a SYNTHETIC meeting"  # its own title
    assert shown["topic"] == f"{RURITANIA} | {THREATS}"
    assert shown["topic_source"]["source"] == "library_index"
    code, out, _ = run([*project, "ls"])
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert lines["S/PV.99003 [corpus]"].endswith(f"\t{NORTH}")
    assert "Ruritania" not in lines["S/PV.99004 [corpus]"]
    code, out, _ = run([*project, "ls", "--topic", "ruritania"])
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "S/PV.99001 [corpus]",
        "S/PV.99002",
    ]


def test_search_and_kwic_within_a_topic(project: list[str]) -> None:
    code, out, _ = run([*project, "search", QUERY, "--topic", "Ruritania", "--json"])
    assert code == 0
    assert {h["symbol"] for h in json.loads(out)} == {"S/PV.99001", "S/PV.99002"}
    code, out, _ = run([*project, "kwic", QUERY, "--topic", "ruritanian", "--format", "json"])
    assert code == 0
    assert [line["unit_key"] for line in json.loads(out)] == ["S/PV.99003/s001"]
    code, out, err = run([*project, "search", QUERY, "--topic", "Ruri"])
    assert code == 0 and "no agenda item of the project's meetings names 'Ruri'" in err


def test_freq_by_topic_and_within_a_topic(project: list[str]) -> None:
    code, out, _ = run([*project, "freq", "--query", QUERY, "--by", "topic", "--format", "json"])
    assert code == 0
    counts = {r["group"]: r["count"] for r in json.loads(out)}
    assert counts == {RURITANIA: 3, THREATS: 1, NORTH: 1, "unknown": 2}
    code, out, _ = run(
        [*project, "freq", "--query", QUERY, "--by", "symbol", "--topic", "THREATS",
         "--format", "json"]
    )  # fmt: skip
    assert code == 0
    assert {r["group"]: r["count"] for r in json.loads(out)} == {"S/PV.99002": 1}


def test_without_the_index_the_commands_say_how_to_get_it(tmp_path: Path) -> None:
    args = ["--project", str(build(tmp_path / "p.db", index=False))]
    code, _, err = run([*args, "freq", "--query", QUERY, "--by", "topic"])
    assert code == 0 and "`normtrace actors links`" in err
    assert "3 meeting record(s) have no agenda item known (e.g. S/PV.99001, S/PV.99003, " in err
