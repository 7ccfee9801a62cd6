"""Stored reported-speech scans are read only by the rules that made them: a scan of rules v1
is scanned again by v2 (update_reported) and never read as v2's (ReportedIndex). SYNTHETIC."""

from __future__ import annotations

from test_reported_credit import REPORT, _documents

from normtrace.parse.report.reported import ALGORITHM
from normtrace.reuse.reported import ReportedIndex, update_reported
from normtrace.reuse.store_reuse import load_units, text_sha256
from normtrace.store.db import Store

#: a sentence rules v1 leave to the Secretariat and v2 find (a light verb and a speech noun)
LIGHT = "SYNTHETIC. The President of the Synthetic Republic issued a statement calling for calm."


def test_a_scan_of_other_rules_is_scanned_again_and_never_read() -> None:
    assert ALGORITHM != "reported_speech.v1"
    store = Store.open(":memory:")
    _documents(store)
    key = f"{REPORT}/p1"
    store.conn.execute(
        "UPDATE paragraphs SET text = ? WHERE key = ?", (LIGHT, key)
    )  # SYNTHETIC text
    text = next(u.unit.text for u in load_units(store) if u.info.key == key)
    assert text == LIGHT
    old = store.start_run("reported_speech", "reported_speech.v1")
    with store.transaction() as conn:  # what v1 stored: nothing reported in the paragraph
        conn.execute(
            "INSERT INTO reported_scans (unit_key, text_sha256, run_id) VALUES (?, ?, ?)",
            (key, text_sha256(LIGHT), old),
        )
    store.finish_run(old, {})
    found = ReportedIndex(store).spans(key, LIGHT)
    assert [r.speaker for r in found] == ["The President of the Synthetic Republic"]
    run = update_reported(store)
    assert run.run_id and run.scanned == 2 and run.sentences == 1
    stored = ReportedIndex(store)._stored(key, text_sha256(LIGHT))
    assert stored == found
