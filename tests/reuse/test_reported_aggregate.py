"""The case aggregate and the R-indicators read reported speech as ``secretariat`` does.

Words an SG report gives as another's ("the President ... stated that ...") were credited to
the Secretariat by the case aggregate (and through it the provenance shares of a case) while
``secretariat`` counted them as reported: two commands gave two answers to one question.
Every document here is SYNTHETIC (the project of test_reported_credit).
"""

from __future__ import annotations

import csv
from pathlib import Path

from test_reported_credit import RENEWAL, REPORT, SAID, _project

from normtrace.report.secretariat import PASSAGE_COLUMNS, write_secretariat
from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.trace.indicators import provenance_shares
from normtrace.trace.store_indicators import operative_sources


def test_case_aggregate_counts_reported_words_as_secretariat_origin_does() -> None:
    store = _project()
    agg = case_aggregate(store, RENEWAL)
    origin = secretariat_origin(store, RENEWAL)
    said = len(SAID.split()) + 1  # and "that" before them
    assert origin.reported == said
    assert agg.counts.get("reported_in_sg_report", 0) == origin.reported
    assert agg.counts.get("secretariat", 0) == origin.from_secretariat
    shares = agg.to_dict()["shares"]
    assert shares["reported_in_sg_report"] == round(said / agg.words, 4)
    assert "reported_in_sg_report" in agg.render()


def test_provenance_shares_do_not_give_reported_words_to_the_secretariat() -> None:
    store = _project()
    paragraphs = {p.key: p for p in operative_sources(store, RENEWAL)}
    reported = paragraphs[f"{RENEWAL}/op2"]  # "Agrees that" + the President's words
    assert reported.counts.get("secretariat", 0) == 0
    assert reported.counts["reported_in_sg_report"] == len(SAID.split()) + 1
    shares = provenance_shares(RENEWAL, paragraphs.values())
    assert f"{RENEWAL}/op2" in shares.keys["reported_in_sg_report"]
    origin = secretariat_origin(store, RENEWAL)
    total = sum(p.words for p in paragraphs.values())
    assert abs(shares.shares["secretariat"] - origin.from_secretariat / total) < 1e-12


def test_passage_files_carry_the_reported_words_and_who_said_them(tmp_path: Path) -> None:
    store = _project()
    origin = secretariat_origin(store, RENEWAL)
    write_secretariat([origin], tmp_path)
    assert {"new_words_reported", "said_by"} <= set(PASSAGE_COLUMNS)
    (path,) = (tmp_path / "passages").glob("*.csv")
    with path.open(encoding="utf-8") as fh:
        rows = {r["source"]: r for r in csv.DictReader(fh)}
    row = rows[f"{REPORT}/p1"]
    assert row["new_words_reported"] == str(len(SAID.split()) + 1)
    assert row["said_by"] == "the President of the Synthetic Republic"
    assert rows[f"{REPORT}/p2"]["new_words_reported"] == "0"
