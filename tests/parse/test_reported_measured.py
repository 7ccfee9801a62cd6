"""The one record of the reported-speech detector's measured error (data/validation/reported/
measured.json; normtrace.parse.report.reported_error) belongs to the rules that run, agrees
with the scores and censuses beside it, and is what the docs state.

A new user found the error stated with rules v4's numbers while v6 ran, and a cited command
printing a read sample's score as if held out: the next rules change must state its own error
here before anything can claim it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.evaluate.reported import SAMPLE, load_sample
from normtrace.parse.report.reported import ALGORITHM
from normtrace.parse.report.reported_error import RECORD, RECORD_NAME, measured_error

ROOT = Path(__file__).resolve().parents[2]
#: a census's counts in the record, and the rows they count: (change, label)
_KINDS = {"new_right": ("new", 1), "new_wrong": ("new", 0), "lost_right": ("lost", 1),
          "lost_wrong": ("lost", 0)}  # fmt: skip


def _raw() -> dict[str, object]:
    data: dict[str, object] = json.loads(RECORD.read_text(encoding="utf-8"))
    return data


def test_the_record_is_of_the_running_rules() -> None:
    """A rules change (a new ALGORITHM) must re-state the detector's error in the record."""
    assert _raw()["rules"] == ALGORITHM, (
        f"measured.json states the error of {_raw()['rules']}, but {ALGORITHM} runs: measure "
        "the new rules on unread text (README beside the record) and record it"
    )
    found = measured_error()
    assert found.rules == ALGORITHM and not found.stale
    assert found.current.rules == ALGORITHM
    # the last census is of these rules, or the record says theirs is pending and every
    # statement of it says whose figures it gives
    assert found.changes[-1][0] == found.estimated
    if found.estimated != ALGORITHM:
        pending = _raw()["census_pending"]
        assert isinstance(pending, dict) and pending["rules"] == ALGORITHM and found.pending
        assert f"figures of {found.estimated}, {ALGORITHM}'s census pending" in found.caveat()
        assert f"figures of {found.estimated}" in found.help_paragraph()


def test_the_scores_are_the_recorded_ones() -> None:
    """The clean sample's score is the one third_score.json records for the rules it names
    (and for those it scores the same), the running rules' the one recorded for them."""
    scores = json.loads((SAMPLE / "third_score.json").read_text(encoding="utf-8"))
    raw = _raw()
    for key in ("clean_sample", "current_on_clean_sample"):
        part = raw[key]
        assert isinstance(part, dict)
        for rules in (part["rules"], *part.get("same_for", ())):
            recorded = scores[rules]
            for field in ("sentences", "tp", "fp", "fn", "precision", "recall"):
                assert part[field] == recorded[field], (key, rules, field)
    assert raw["current_on_clean_sample"]["rules"] == scores["kept"] == ALGORITHM  # type: ignore[index]


def test_the_censuses_are_the_recorded_counts_and_the_estimate_their_arithmetic() -> None:
    found = measured_error()
    raw = _raw()["census_estimate"]
    assert isinstance(raw, dict)
    for change in raw["changes"]:
        rows = load_sample(SAMPLE / change["census"])
        marks = [r for r in rows if r["change"] in ("new", "lost") and not r.get("in_read_sample")]
        for key, (kind, label) in _KINDS.items():
            count = sum(1 for r in marks if r["change"] == kind and r["label"] == label)
            assert change[key] == count, (change["census"], key)
    precision, recall = found.estimate()
    assert (round(precision, 3), round(recall, 3)) == found.stated
    # about one mark in eight wrong, about half missed: what every statement says in words
    assert round(1 / (1 - precision)) == 8 and 0.4 <= 1 - recall <= 0.6


@pytest.mark.parametrize("doc", ["README.md", "docs/tutorial.md", "docs/haiti.md", "docs/cli.md"])
def test_the_docs_state_the_record(doc: str) -> None:
    """Each page that states the detector's error cites the record and gives its numbers; none
    gives the old ones or a single direction of bias."""
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    found = measured_error()
    precision, recall = found.stated
    assert RECORD_NAME in text or "measured.json" in text, doc
    for number in (str(found.clean.precision), str(found.clean.recall),
                   f"{100 * precision:.0f} %", f"{100 * recall:.0f} %", found.rules):  # fmt: skip
        assert number in text, (doc, number)
    for stale in ("two in five", "three in five", "85.7 %", "60.0 %", "rules v4;", "upper bound"):
        assert stale not in text, (doc, stale)


def test_the_evaluation_command_says_which_score_is_not_held_out() -> None:
    """``python -m normtrace.evaluate.reported fresh`` prints a read sample's score; it now says
    so, and what the running rules' measured error is."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "normtrace.evaluate.reported", "fresh"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert "not a held-out measurement" in done.stdout
    assert measured_error().caveat().removeprefix("note: ") in done.stdout
