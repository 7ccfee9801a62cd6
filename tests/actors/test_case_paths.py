"""`timeline --case` takes a case YAML path as `trace` and `report` do (one rule, one loader).

A new user's ``normtrace timeline --case haiti-minustah.yaml`` was refused ("no case
'haiti-minustah.yaml'; known cases: ...") while ``trace`` and ``report`` read the same file.
The case file here is SYNTHETIC (a real mission and resolutions, an invented case).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.actors.cases import get_case, is_case_path
from normtrace.cli import cli
from normtrace.errors import ConfigError
from normtrace.store.db import Store
from normtrace.trace.run import resolve_case

CASE = """name: haiti-test
title: "SYNTHETIC Haiti case"
countries: [Haiti]
topics: [Haiti]
mission: MINUSTAH
key_resolutions: ["S/RES/1542 (2004)"]
window: {start: 2004, end: 2005}
"""


@pytest.fixture()
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "haiti-test.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


def test_get_case_reads_a_case_file_as_resolve_case_does(case_file: Path) -> None:
    case = get_case(str(case_file))
    assert (case.name, case.mission, case.start, case.end) == ("haiti-test", "MINUSTAH", 2004, 2005)
    assert resolve_case(str(case_file)).id == case.name
    assert is_case_path(str(case_file)) and is_case_path("elsewhere.yml")
    assert not is_case_path("haiti-2004")
    assert get_case("haiti-2004").name == "haiti-2004"


def test_timeline_takes_a_case_path(case_file: Path, tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    Store.open(project).close()
    out = CliRunner().invoke(cli, ["--project", project, "timeline", "--case", str(case_file)])
    assert out.exit_code == 0, out.output
    assert "S/RES/1542 (2004)" in out.output and "Haiti" in out.output


def test_a_trace_window_file_says_what_a_timeline_needs(tmp_path: Path) -> None:
    path = tmp_path / "window.yaml"
    path.write_text("id: w\nstart: 2004-01-01\nend: 2005-12-31\nterms: [Haiti]\n", "utf-8")
    with pytest.raises(ConfigError, match=r"window\.yaml: a trace window .* --topic WORD"):
        get_case(str(path))
    with pytest.raises(ConfigError, match="or give the path of a case YAML file"):
        get_case("no-such-case")
