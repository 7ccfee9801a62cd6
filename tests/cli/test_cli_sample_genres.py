"""``code sample`` says, per genre, whether its draw can replace the genre's measurement once
labelled (30 units of the genre), and what --n would; ``--genre`` draws from chosen genres
only; ``--dry-run`` says it and records nothing (U2 B1: a draw of 40 split 27 / 13 between
report and resolution paragraphs changed no count, and nothing said so).

The project, codebook and labels are SYNTHETIC (as tests/cli/test_cli_draws's: 100 report
paragraphs, every 10th holding "alpha"; 200 resolution paragraphs, every 4th).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_cli_draws import _project

from normtrace.cli import cli
from normtrace.cli.coding_sample import GENRES
from normtrace.coding.sample_draw import GENRE_NAMES
from normtrace.store.db import Store


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
    return path


def _sample(path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "sample", "--codebook",
                                      "synth", "--code", "x", *args])  # fmt: skip
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def _draws(path: Path) -> int:
    with Store.open(path) as store:
        return int(store.conn.execute("SELECT count(*) FROM sample_draws").fetchone()[0])


def test_the_draw_says_which_genre_falls_short_and_what_would_give_it_enough(project: Path) -> None:
    said = _sample(project, "--n", "40", "--seed", "5").stderr
    lines = said.splitlines()
    assert lines[0].startswith("draw 1 (run ")
    assert lines[1].startswith("once labelled, per genre (a draw's estimate replaces a "
                               "measurement genre by genre, and only with 30 or more")  # fmt: skip
    main = next(x for x in lines if "(--genre main)" in x)
    report = next(x for x in lines if "(--genre report)" in x)
    assert "30 drawn >= 30: once labelled through, its weighted estimate is the code's " in main
    assert "10 drawn < 30: its estimate will stand flagged unvalidated (10 labelled units " in (
        report)  # fmt: skip
    assert "or a draw from it alone: --genre report --n 30 (which measures no other genre" in report
    assert "10 or more labelled positives, a recall of 0.7 or more" in said


def test_a_draw_from_one_genre(project: Path) -> None:
    result = _sample(project, "--n", "30", "--seed", "5", "--genre", "report", "--format", "csv")
    keys = [r["unit_key"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert len(keys) == 30 and all(k.startswith("SYN/R/1/") for k in keys)
    assert "of the 100 units of running text (report only) not yet labelled" in result.stderr
    assert "strata: hit:report 10 of 10, nohit:report 20 of 90." in result.stderr
    assert "(--genre main)" not in result.stderr
    assert "30 drawn >= 30" in result.stderr


def test_a_dry_run_records_nothing_and_lists_no_keys(project: Path) -> None:
    result = _sample(project, "--n", "40", "--dry-run")
    assert result.stdout == "" and _draws(project) == 0
    assert result.stderr.startswith(
        "a draw of 40 would take: hit:main 17 of 50, hit:report 3 of 10, nohit:main 13 of 150, "
        "nohit:report 7 of 90 (nothing recorded)\n")  # fmt: skip
    assert "(--genre report): 10 drawn < 30" in result.stderr


def test_a_genre_the_project_lacks_is_one_line(project: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(project), "code", "sample", "--codebook",
                                      "synth", "--code", "x", "--n", "5", "--genre",
                                      "speech"])  # fmt: skip
    assert result.exit_code == 1 and _draws(project) == 0
    assert result.stderr == (
        "error: the project holds no unit of running text of genre 'speech', so no draw can be "
        "made from it: give one of main, report\n")  # fmt: skip


def test_the_genres_the_option_takes_are_the_librarys() -> None:
    assert sorted(GENRE_NAMES.values()) == list(GENRES)
