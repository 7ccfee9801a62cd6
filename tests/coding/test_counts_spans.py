"""`code apply` and `freq` say what they count (a new user's finding: `code apply` listed 209
for poc on a project of reports, where `freq` counted 186 for the same code and codebook).

Both were right: `code apply` lists its candidates' spans, in every unit; `freq` counts
occurrences, spans of a code in one unit that overlap being one (an entry and a wider one over
the same words: 23 such spans of poc in those reports), those in headings, tables, maps,
captions and notes apart (``other_count``). `freq` now gives the spans behind each count
(``spans``) and says why the two differ; `code apply` says that its figures are spans.

The report is real (S/2004/908); the codebook, whose two entries overlap on "Security Council
resolution", is SYNTHETIC (tests/synthetic_genres.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.counts import code_frequencies
from normtrace.coding.running_units import other_units
from normtrace.store.db import Store
from synthetic_genres import genre_project


def test_apply_lists_spans_and_freq_counts_occurrences_with_their_spans(tmp_path: Path) -> None:
    db = genre_project(tmp_path / "p.db", resolution=False)
    with Store.open(db) as store:
        spans = store.conn.execute(
            "SELECT unit_key, start, \"end\" FROM current_auto_codings WHERE code = 'x'"
        ).fetchall()
        apart = other_units(store)
        (row,) = code_frequencies(store, by="doc_type", codes=["x"])
    running = [s for s in spans if s[0] not in apart]
    assert row.spans == len(running)
    assert row.count < row.spans  # overlapping spans are one occurrence
    applied = CliRunner().invoke(cli, ["--project", str(db), "code", "apply", "synth"])
    assert applied.exit_code == 0, applied.output
    lines = applied.stdout.splitlines()
    assert lines[1].startswith(
        "candidate spans per code, in every unit (`freq` counts "
        "occurrences: spans of a code that overlap in one unit are one"
    )
    assert lines[2].split() == ["x", str(len(spans))]
    base = ["--project", str(db), "freq", "--code", "x", "--by", "doc_type"]
    (counted,) = json.loads(CliRunner().invoke(cli, [*base, "--format", "json"]).stdout)
    assert (counted["count"], counted["spans"]) == (row.count, row.spans)
    table = CliRunner().invoke(cli, base)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split()[:5] == ["group", "code", "count", "spans", "units"]
    assert ("note: count is occurrences: coded spans of a code in one unit that overlap (an "
            "entry and a wider one over the same words) are one occurrence; spans counts those "
            "spans, as `code apply` lists its candidates per code") in table.stderr  # fmt: skip
    help_text = CliRunner().invoke(cli, ["freq", "--help"]).output
    assert "count is occurrences" in help_text and "spans counts" in help_text
