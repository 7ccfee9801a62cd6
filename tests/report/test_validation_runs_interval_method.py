"""The validation runs table and ``data/validation_runs.csv`` say how each F1 interval was
found (``f1_interval_method``) beside it: a bootstrap's interval and the one precision's and
recall's intervals bound (F1 0 or 1, where a bootstrap's would be a point) are not the same
measurement. The run is SYNTHETIC (planted labels, codes no codebook holds)."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from normtrace.coding.learn.scores import BY_BOOTSTRAP, BY_BOUNDS, score
from normtrace.coding.learn.validate import Validation
from normtrace.report.validity import runs_html
from normtrace.trace.result import TraceRun


def test_each_f1_interval_names_its_method(tmp_path: Path) -> None:
    truth, said = [1] * 12 + [0] * 28, [1] * 9 + [0] * 3 + [1] * 2 + [0] * 26
    measured = score("synthetic_a", "dictionary", truth, said)  # tp 9: a bootstrap
    missed = score("synthetic_b", "dictionary", [1] * 5 + [0] * 36, [0] * 41)  # F1 0: bounds
    assert (measured.f1_interval_method, missed.f1_interval_method) == (BY_BOOTSTRAP, BY_BOUNDS)
    run = Validation(7, "synthetic-book", "v-synthetic", "paragraph", "2026-01-01T00:00:00",
                     [measured, missed])  # fmt: skip
    html = runs_html(cast(TraceRun, SimpleNamespace(validations=[run])), tmp_path)
    with (tmp_path / "data" / "validation_runs.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = {r["code"]: r for r in reader}
        columns = list(reader.fieldnames or [])
    assert columns.index("f1_interval_method") == columns.index("f1_95ci") + 1
    assert rows["synthetic_a"]["f1_interval_method"] == "bootstrap"
    assert rows["synthetic_b"]["f1_interval_method"] == "precision and recall bounds"
    assert rows["synthetic_b"]["f1_95ci"].startswith("[0.00, ")
    header = html.split("<th>F1</th>")[1]
    assert "<th>F1 CI by</th>" in header
    assert html.count("precision and recall bounds") == 1 and "<td>bootstrap</td>" in html
