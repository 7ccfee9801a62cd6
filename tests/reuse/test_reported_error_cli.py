"""``secretariat``, ``aggregate``, ``provenance`` and ``first`` state the reported-speech
detector's measured error, as its one record gives it (data/validation/reported/measured.json).

A new user found the error stated in four places with numbers two rules versions old (rules v4's
precision 85.7 %, recall 60 %, "misses about two in five"), a cited command printing a read
sample's 100 % / 86.7 %, and the direction of the bias given both ways ("lower bound", "upper
bound"); no command's output said it at all. Every document here is SYNTHETIC (symbols no UN
document uses, texts that say so).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_store import report, resolution, saved

import normtrace
from normtrace.cli.base import Context
from normtrace.cli.reuse import (
    aggregate_command,
    first_command,
    provenance_command,
    secretariat_command,
)
from normtrace.store.db import Store

#: the record, read here as JSON (not through the library that formats it)
RECORD = (
    Path(normtrace.__file__).resolve().parent / "data" / "validation" / "reported" / "measured.json"
)
PREVIOUS, RENEWAL = "S/RES/9931 (2012)", "S/RES/9932 (2013)"
REPORT = "S/2013/9031"  # a SYNTHETIC report of the Secretary-General
SAID = "a synthetic land commission must settle every dispute over rural property before the vote"
OWN = "to deploy synthetic formed police units along every synthetic border crossing point"
EXTEND = "Decides to extend the mandate of UNSYX until 15 October {};"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Context:
    path = tmp_path_factory.mktemp("reported_error") / "p.db"
    texts = [
        "SYNTHETIC. The Council extended the mandate of the United Nations Synthetic Mission "
        "(UNSYX) until 15 October 2013.",
        f"SYNTHETIC. On 3 May, the President of the Synthetic Republic stated that {SAID}.",
        f"SYNTHETIC. I recommend {OWN} before the synthetic elections next year.",
    ]
    with Store.open(path) as store:
        saved([
            resolution(PREVIOUS, "2012-10-01", [EXTEND.format(2013)]),
            report(REPORT, "2013-08-01", texts),
            resolution(RENEWAL, "2013-10-10", [
                EXTEND.format(2014), f"Agrees that {SAID};", f"Requests UNSYX {OWN};",
            ]),
        ], store)  # fmt: skip
    return Context(str(path), False)


def _numbers() -> list[str]:
    """What the caveat must state, from the record: the clean sample's precision and recall
    with their intervals, and the estimate for the running rules, rounded."""
    raw = json.loads(RECORD.read_text(encoding="utf-8"))
    clean, census = raw["clean_sample"], raw["census_estimate"]

    def rate(r: dict[str, float]) -> str:
        return f"{100 * r['value']:.1f} % [{100 * r['low']:.1f}–{100 * r['high']:.1f}]"

    return [
        raw["rules"],
        rate(clean["precision"]),
        rate(clean["recall"]),
        f"about {100 * census['precision']:.0f} %",
        f"about {100 * census['recall']:.0f} %",
        "normtrace/data/validation/reported/measured.json",
    ]


def _run(ctx: Context, command, *args: str):  # type: ignore[no-untyped-def]
    done = CliRunner().invoke(command, list(args), obj=ctx)
    assert done.exit_code == 0, done.output
    return done


@pytest.mark.parametrize(
    ("command", "args"),
    [
        (secretariat_command, ("UNSYX",)),
        (aggregate_command, (RENEWAL,)),
        (provenance_command, (f"{RENEWAL}/op3",)),
        (first_command, ("synthetic formed police units",)),
    ],
)
def test_text_output_states_the_recorded_error_on_one_line(
    project: Context, command: object, args: tuple[str, ...]
) -> None:
    done = _run(project, command, *args)
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("note: reported speech")]
    for number in _numbers():
        assert number in line, (number, line)
    # both directions, in plain words: most missed (share overstated), some marks wrong
    assert "misses about half" in line and "overstated" in line
    assert "about one in eight of its marks are wrong" in line and "away from it" in line
    assert "note: reported speech" not in done.stdout  # the data alone on standard output


@pytest.mark.parametrize(
    ("command", "args"),
    [
        (aggregate_command, (RENEWAL,)),
        (provenance_command, (f"{RENEWAL}/op3",)),
        (first_command, ("synthetic formed police units",)),
    ],
)
def test_json_objects_carry_the_record(
    project: Context, command: object, args: tuple[str, ...]
) -> None:
    done = _run(project, command, *args, "--json")
    found = json.loads(done.stdout)["reported_speech_error"]
    raw = json.loads(RECORD.read_text(encoding="utf-8"))
    assert found["rules"] == raw["rules"] and found["stale"] is False
    assert found["clean_sample"] == raw["clean_sample"]
    assert found["census_estimate"]["recall"] == raw["census_estimate"]["recall"]


def test_no_note_where_no_report_words_are_shown(project: Context) -> None:
    """A phrase no report holds rests on no detection: no note."""
    done = _run(project, first_command, "Decides to extend the mandate")
    assert "note: reported speech" not in done.stderr


@pytest.mark.parametrize(
    "command", [secretariat_command, aggregate_command, provenance_command, first_command]
)
def test_help_states_the_recorded_error(command: object) -> None:
    done = CliRunner().invoke(command, ["--help"])  # type: ignore[arg-type]
    text = " ".join(done.output.split())
    for number in _numbers():
        assert number in text, number
    assert "two in five" not in text and "upper bound" not in text


def test_secretariat_out_writes_the_record_beside_the_figures(
    project: Context, tmp_path: Path
) -> None:
    """A shipped analysis (docs/haiti) carries the error of the rules that made it."""
    _run(project, secretariat_command, "UNSYX", "--out", str(tmp_path))
    written = json.loads((tmp_path / "data" / "reported_speech_error.json").read_text("utf-8"))
    raw = json.loads(RECORD.read_text(encoding="utf-8"))
    assert written["rules"] == raw["rules"] == written["running_rules"]
    assert written["clean_sample"] == raw["clean_sample"]
