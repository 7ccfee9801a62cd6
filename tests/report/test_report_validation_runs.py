"""The case report shows the project's `code validate` tables (issue 12 item 5: "the case
report and the web app show this table"): the newest run of each codebook at each level,
dictionary and model, precision, recall and F1 with their 95 % intervals and the labelled
targets behind them, also as ``data/validation_runs.csv``; without a run it says so and names
the command. The stored run is SYNTHETIC (planted scores); the case texts are real."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

from test_report_html import MALI

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.learn.scores import score
from normtrace.report.html import write_report
from normtrace.trace.run import run_trace


def test_the_report_shows_the_validation_tables(tmp_path: Path) -> None:
    from case_fixture import mali_case_store

    store = mali_case_store(tmp_path / "project.db", load_default_codebook())
    none = write_report(run_trace(store, MALI), tmp_path / "before").read_text(encoding="utf-8")
    section = none.split('id="validity"')[1].split("</section>")[0]
    assert "The project has no validation run" in section and "normtrace code validate" in section
    book = stored_codebook(store, "stability-operations")
    run = store.start_run("validate", "synthetic", {"codebook": book.name, "level": "paragraph"})
    truth, said = [1] * 12 + [0] * 28, [1] * 9 + [0] * 3 + [1] * 2 + [0] * 26
    scores = [asdict(score("poc", method, truth, said)) for method in ("dictionary", "model")]
    scores.append(asdict(score("r2p", "dictionary", [], [])))
    store.finish_run(run, {"codebook": book.name, "codebook_version": book.version,
                           "level": "paragraph", "scores": scores})  # fmt: skip
    html = write_report(run_trace(store, MALI), tmp_path / "after").read_text(encoding="utf-8")
    section = html.split('id="validity"')[1].split("</section>")[0]
    assert f"Validation run {run}: stability-operations, paragraph level" in section
    assert "Codes no labelled target speaks for: r2p" in section
    table = section.split(f"Validation run {run}")[1]
    assert table.count("<tr>") == 3  # the header, poc's dictionary and model rows
    assert "<th>F1</th>" in table and ">model<" in table
    # tp 9, fp 2, fn 3: P 9/11, R 9/12, F1 18/23
    cells = table.replace(' class="num"', "")
    assert "<td>0.818</td>" in cells and "<td>0.750</td>" in cells and "<td>0.783</td>" in cells
    with (tmp_path / "after" / "data" / "validation_runs.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    poc = [r for r in rows if r["code"] == "poc"]
    assert [r["method"] for r in poc] == ["dictionary", "model"]
    assert poc[0]["tp"] == "9" and poc[0]["fp"] == "2" and poc[0]["fn"] == "3"
    assert abs(float(poc[0]["f1"]) - 18 / 23) < 1e-3 and poc[0]["f1_95ci"].startswith("[")
