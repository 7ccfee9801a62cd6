"""``code list --format csv|json`` holds every row: a new user built a table of hits and misses
from ``code list --format json``, which stopped at 50 rows and said so on standard error only,
and got wrong "no hit" marks (U2 B6). A table still shows 50 by default and says when it cut;
--limit still cuts any format, saying so.

The project and codebook are SYNTHETIC (tests/cli/test_cli_draws's: 60 candidates of x).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_cli_draws import _project

from normtrace.cli import cli
from normtrace.store.db import Store

CUT = "listed the first 50 rows; --limit 0 lists all"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("list") / "p.db"
    with Store.open(path) as store:
        _project(store)
    return path


def _list(path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "list", *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def test_json_and_csv_hold_every_row(project: Path) -> None:
    as_json = _list(project, "--format", "json")
    as_csv = _list(project, "--format", "csv")
    assert len(json.loads(as_json.stdout)) == 60 and as_json.stderr == ""
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 60 and as_csv.stderr == ""


def test_a_table_shows_50_and_says_so(project: Path) -> None:
    table = _list(project)
    assert len(table.stdout.splitlines()) == 2 + 50 and table.stderr.strip() == CUT


def test_a_limit_cuts_any_format_and_says_so(project: Path) -> None:
    cut = _list(project, "--format", "json", "--limit", "5")
    assert len(json.loads(cut.stdout)) == 5
    assert cut.stderr.strip() == "listed the first 5 rows; --limit 0 lists all"
