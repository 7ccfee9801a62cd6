"""A new user's small inconsistencies (U2, polish): ``code next --level paragraph`` named its
key column ``unit_key`` where ``code sample`` and ``code draws`` name it ``paragraph_key``; the
import's negatives line at ``--level paragraph`` pointed to a ``unit for CODE`` column; ``code
draws`` showed ``withdrawn_at`` with microseconds beside ``made_at`` to the second.

The projects, codebooks and labels are SYNTHETIC (tests/cli/test_cli_draws's and
tests/cli/test_cli_import_says_negatives's).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from click.testing import CliRunner, Result
from test_cli_draws import _project
from test_cli_import_says_negatives import _import
from test_cli_import_says_negatives import _project as _import_project

from normtrace.cli import cli
from normtrace.store.db import Store

SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _run(path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def test_code_next_names_a_paragraphs_key_as_code_sample_does(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
    common = ("--codebook", "synth", "--code", "x", "--n", "3", "--format", "csv")
    by_paragraph = _run(path, "next", *common, "--level", "paragraph").stdout
    by_unit = _run(path, "next", *common).stdout
    drawn = _run(path, "sample", "--codebook", "synth", "--code", "x", "--n", "4", "--level",
                 "paragraph", "--format", "csv").stdout  # fmt: skip
    assert by_paragraph.splitlines()[0] == "paragraph_key,probability,uncertainty,basis"
    assert by_unit.splitlines()[0] == "unit_key,probability,uncertainty,basis"
    assert "paragraph_key" in drawn.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(by_paragraph)))
    assert len(rows) == 3 and all(r["paragraph_key"].startswith("SYN/") for r in rows)


def test_the_negatives_line_names_the_level_imported_at(tmp_path: Path) -> None:
    path = _import_project(tmp_path)
    table = tmp_path / "a.csv"
    table.write_text("unit_key,code\nSYN/1/op1,poc\nSYN/1/op2,\n", encoding="utf-8")
    line = _import(path, table, "--level", "paragraph").stdout.splitlines()[1]
    assert "paragraph(s) now count as reviewed for all 3 codes" in line
    assert "a reviewed column (`paragraph for CODE ...`) marks only the codes read" in line


def test_a_withdrawal_is_timed_to_the_second_as_the_draw_is(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
    _run(path, "sample", "--codebook", "synth", "--code", "x", "--n", "4", "--seed", "1")
    with Store.open(path) as store:  # a withdrawal written before they were timed so
        store.conn.execute(
            "INSERT INTO sample_draw_withdrawals (draw_id, action, coder, at, why) VALUES "
            "(1, 'withdraw', 'bo', '2026-12-08T01:10:53.870937Z', 'wrong level')")  # fmt: skip
        store.conn.commit()
    (old,) = json.loads(_run(path, "draws", "--format", "json").stdout)
    assert old["withdrawn_at"] == "2026-12-08T01:10:53Z" and SECOND.fullmatch(old["made_at"])
    _run(path, "withdraw-draw", "1", "--undo", "--coder", "ana")
    said = _run(path, "withdraw-draw", "1", "--why", "wrong code", "--coder", "ana", "--json")
    (row,) = json.loads(_run(path, "draws", "--format", "json").stdout)
    assert SECOND.fullmatch(row["withdrawn_at"]) and row["why"] == "wrong code"
    assert json.loads(said.stdout)["at"] == row["withdrawn_at"]
    with Store.open(path) as store:
        held = [r[0] for r in store.conn.execute("SELECT at FROM sample_draw_withdrawals")]
    assert [bool(SECOND.fullmatch(x)) for x in held] == [False, True, True]
