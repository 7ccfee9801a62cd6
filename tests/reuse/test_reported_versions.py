"""Stored reported-speech scans are read only by the rules that made them: a scan stored under
another version of the rules (reported_speech.v2 was tried and not kept) is scanned again by
update_reported and never read by ReportedIndex. SYNTHETIC."""

from __future__ import annotations

from test_reported_credit import REPORT, REPORT_TEXT, _documents

from normtrace.parse.report.reported import ALGORITHM
from normtrace.reuse.reported import ReportedIndex, update_reported
from normtrace.reuse.store_reuse import text_sha256
from normtrace.store.db import Store


def test_a_scan_of_other_rules_is_scanned_again_and_never_read() -> None:
    other = "reported_speech.v2"
    assert other != ALGORITHM
    store = Store.open(":memory:")
    _documents(store)
    key, text = f"{REPORT}/p1", REPORT_TEXT[0]  # "the President ... stated that ..."
    run = store.start_run("reported_speech", other)
    with store.transaction() as conn:  # what the other rules stored: nothing reported
        conn.execute(
            "INSERT INTO reported_scans (unit_key, text_sha256, run_id) VALUES (?, ?, ?)",
            (key, text_sha256(text), run),
        )
    store.finish_run(run, {})
    found = ReportedIndex(store).spans(key, text)
    assert [r.speaker for r in found] == ["the President of the Synthetic Republic"]
    done = update_reported(store)
    assert done.run_id and done.scanned == 2 and done.sentences == 1
    assert ReportedIndex(store)._stored(key, text_sha256(text)) == found
