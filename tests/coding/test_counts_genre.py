"""Issue 12: a count carries the measured error of the genres of text it counts.

A new user's project held only Secretary-General reports. `normtrace freq` gave each code's
count the code's headline measurement, the one of resolutions from 1999 and other documents
("validated", recall 0.86 for poc), although every unit counted was a report paragraph, judged
by the code's measurement on reports (recall 0.41, unvalidated) wherever else a passage of a
report is (`first`, the case report's evidence items). Now a count carries its genres'
measurement (:mod:`normtrace.coding.counted_error`): one genre's, or each of several with the
weakest in the CSV and JSON columns.

The documents are real (a report and a resolution); the codebook and its validation run are
SYNTHETIC (tests/synthetic_genres.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.validity import project_validity
from normtrace.store.db import Store
from synthetic_genres import genre_project


def _freq(db: Path, *args: str) -> Result:
    done = CliRunner().invoke(cli, ["--project", str(db), "freq", "--code", "x", *args])
    assert done.exit_code == 0, done.output
    return done


def _rows(db: Path, by: str) -> dict[str, dict[str, Any]]:
    rows = json.loads(_freq(db, "--by", by, "--format", "json").stdout)
    return {r["group"]: r for r in rows}


def _measured(db: Path) -> CodeValidity:
    with Store.open(db) as store:
        return project_validity(store)["x"]


def _figures(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r["measured_precision"], r["measured_recall"], r["measured_recall_low"],
            r["measured_recall_high"], r["measured_n"])  # fmt: skip


def _of(v: CodeValidity) -> tuple[Any, ...]:
    return (v.precision, v.recall, v.recall_low, v.recall_high, v.n)


def test_a_count_of_report_paragraphs_carries_the_measurement_on_reports(tmp_path: Path) -> None:
    db = genre_project(tmp_path / "p.db", resolution=False)
    v = _measured(db)
    reports = v.reports
    assert reports is not None and v.validated and not reports.validated
    (row,) = _rows(db, "doc_type").values()
    assert row["group"] == "report"
    assert _figures(row) == _of(reports) != _of(v)
    assert row["measured_validated"] is False
    assert row["measured_flag"] == f"on reports: {reports.flag()}"
    assert row["measured_source"] == reports.source
    assert row["measured_genre"] == "report paragraphs"
    assert row["measured_genres"] == ["report paragraphs"]
    assert row["measured_error"].startswith("on reports: P 0.27 [0.14, 0.44] · R 0.40")
    assert "R 0.92" not in row["measured_error"]  # the headline judges no unit counted
    (line,) = csv.DictReader(io.StringIO(_freq(db, "--format", "csv").stdout))
    assert (line["measured_recall"], line["measured_validated"]) == (str(reports.recall), "False")
    # the table's note says the measurement on reports, and where it was measured
    said = _freq(db, "--by", "doc_type").stderr.splitlines()
    (head,) = [x for x in said if x.startswith("measured error of x's dictionary")]
    assert head == f"measured error of x's dictionary: on reports: {_alone(reports)}"
    assert f"  on reports: measured on: {reports.source}" in said
    assert "R 0.92" not in "\n".join(said)


def _alone(v: CodeValidity) -> str:
    """``v`` described with no other genre's measurement."""
    return replace(v, speeches=None, reports=None, early=None).describe()


def test_a_count_over_two_genres_carries_each_and_the_weakest(tmp_path: Path) -> None:
    db = genre_project(tmp_path / "p.db")
    v = _measured(db)
    reports = v.reports
    assert reports is not None
    each = _rows(db, "doc_type")
    assert set(each) == {"report", "resolution"}
    assert _figures(each["resolution"]) == _of(v)
    assert each["resolution"]["measured_validated"] is True
    assert each["resolution"]["measured_flag"] == ""
    assert each["resolution"]["measured_genre"] == "resolution and other paragraphs"
    assert _figures(each["report"]) == _of(reports)
    # no meeting record: one topic group, "unknown", holding both genres
    (both,) = _rows(db, "topic").values()
    assert both["measured_genres"] == ["resolution and other paragraphs", "report paragraphs"]
    assert _figures(both) == _of(reports)  # the weakest: the one that does not validate
    assert both["measured_genre"] == "report paragraphs"
    assert both["measured_validated"] is False
    assert both["measured_flag"] == f"on reports: {reports.flag()}"
    assert both["measured_error"] == (f"on resolution and other paragraphs: {_alone(v)}; "
                                      f"on reports: {_alone(reports)}")  # fmt: skip
    said = _freq(db, "--by", "topic").stderr
    assert ("note: the counts above are of resolution and other paragraphs, report "
            "paragraphs") in said  # fmt: skip
    assert (f"measured error of x's dictionary: on resolution and other paragraphs: "
            f"{_alone(v)}; on reports: {_alone(reports)}") in said  # fmt: skip
    assert f"  measured on: {v.source}" in said and "  on reports: measured on: " in said
