"""A Secretariat credit names the mission its report is on: a report on another mission stays
credited (both figures are shown) but is counted apart, so a researcher can publish the strict
figure, the words from reports on the resolution's own mission.

A new user found a UNIKOM (Iraq-Kuwait) report credited with a generic phrase of a Timor-Leste
renewal, 2,809 days earlier, and nothing said it was another mission's. Every document here is
SYNTHETIC (symbols no UN document uses, texts that say so)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from synthetic_store import saved, two_mission_renewal

from normtrace.report.secretariat import write_secretariat
from normtrace.reuse.secretariat import secretariat_origin, secretariat_series
from normtrace.store.db import Store

PREVIOUS, RENEWAL = "S/RES/9921 (2012)", "S/RES/9922 (2013)"
OWN_REPORT, OTHER_REPORT = "S/2013/9021", "S/2005/9022"  # SYNTHETIC reports
KEEP = "Requests UNSYN to continue to support the synthetic national police across the provinces;"


@pytest.fixture(scope="module")
def store() -> Store:
    return saved(two_mission_renewal(PREVIOUS, RENEWAL, OWN_REPORT, OTHER_REPORT, keep=[KEEP]))


def test_a_credit_names_the_mission_its_report_is_on(store: Store) -> None:
    found = secretariat_origin(store, RENEWAL)
    by_report = {p.report: p for p in found.passages if p.earliest_words}
    assert set(by_report) == {OWN_REPORT, OTHER_REPORT}
    own, other = by_report[OWN_REPORT], by_report[OTHER_REPORT]
    assert (own.source_mission, own.same_mission) == ("UNSYN", True)
    assert (other.source_mission, other.same_mission) == ("UNSOMO", False)
    # both credits stay in the total; the strict figure counts only the mission's own reports
    assert found.from_secretariat == own.earliest_words + other.earliest_words
    assert found.from_secretariat_same_mission == own.earliest_words >= 8
    assert found.from_secretariat_other_mission == other.earliest_words >= 8
    text = found.render()
    assert f"{other.earliest_words} in reports on other missions" in text
    assert "[other mission: UNSOMO]" in text


def test_the_files_carry_the_split_and_each_passage_its_mission(
    store: Store, tmp_path: Path
) -> None:
    series = secretariat_series(store, "UNSYN")
    write_secretariat(series, tmp_path)
    with (tmp_path / "data" / "secretariat_share.csv").open() as f:
        rows = {r["resolution"]: r for r in csv.DictReader(f)}
    row = rows[RENEWAL]
    same = int(row["new_from_secretariat_same_mission"])
    other = int(row["new_from_secretariat_other_mission"])
    assert same >= 8 and other >= 8 and same + other == int(row["new_from_secretariat"])
    with (tmp_path / "passages" / "S-RES-9922-2013.csv").open() as f:
        passages = {r["report"]: r for r in csv.DictReader(f)}
    assert (passages[OTHER_REPORT]["source_mission"], passages[OTHER_REPORT]["same_mission"]) == (
        "UNSOMO",
        "False",
    )
    assert passages[OWN_REPORT]["same_mission"] == "True"
