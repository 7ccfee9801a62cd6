"""The case report: offline HTML, figures as PNG + SVG with CSV data, quotes with keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.case import trace_case
from normtrace.trace.collect import collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import load_ledger, parse_ledger
from normtrace.trace.result import TraceRun
from normtrace.trace.store_trace import CaseWindow, check_quotes, fill_quotes

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"
MALI = CaseWindow(
    id="mali-test",
    title="Mali (test window)",
    start="2012-12-01",
    end="2020-12-31",
    terms=("Mali",),
    key_resolution="S/RES/2100 (2013)",
)


@pytest.fixture(scope="module")
def report(mali_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """index.html of the report on the real Mali texts with the synthetic ledger."""
    return _report(mali_store, tmp_path_factory.mktemp("report"))


def _report(store: Store, out: Path) -> Path:
    hs = default_hypotheses()
    ledger, unknown = fill_quotes(load_ledger(TRACE / "ledger-mali-synthetic.yaml", hs), store)
    assert unknown == ["S/2013/189/p12"]
    problems = tuple(f"unit {k} is not in the project" for k in unknown)
    run = TraceRun(collect_case_data(store, MALI), hs, trace_case(hs, ledger), problems)
    return write_report(run, out)


def test_report_is_offline_with_figures_and_data(report: Path) -> None:
    index = report
    html = index.read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html), "external URL"
    assert "<script" not in html
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (index.parent / src).is_file(), src
    pngs = {p.stem for p in (index.parent / "figures").glob("*.png")}
    svgs = {p.stem for p in (index.parent / "figures").glob("*.svg")}
    csvs = {p.stem for p in (index.parent / "data").glob("*.csv")}
    assert pngs == svgs
    assert {"chronology", "safeguard_language", "posterior", "steps", "tornado"} <= pngs
    assert pngs <= csvs
    assert {"evidence", "posterior_table", "steps_table"} <= csvs


def test_report_links_items_to_quoted_text(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert 'href="#q-S-RES-2100-2013-op17"' in html
    assert 'id="q-S-RES-2100-2013-op17"' in html
    assert "Authorizes MINUSMA to use all necessary means" in html  # the stored span
    assert "We concur with the Secretary-General" in html  # quote filled from S/PV.8703/s011
    assert "text not in the project" in html  # S/2013/189/p12 is not stored


def test_report_says_what_the_project_lacks(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "Secretary-General reports" in html
    assert "normtrace fetch" in html and "normtrace ingest-corpus" in html
    assert "Drawn without Secretary-General reports" in html
    # meeting records are present (S/PV.8703 is in the window), so they are not listed missing
    assert "<strong>meeting records of the case meetings</strong>" not in html
    assert "independent" in html  # the independence assumption is stated next to the numbers
    assert "Not available:" in html  # indicators whose stage tables are absent say so


def test_quotes_are_checked_against_the_stored_text(mali_store: Store) -> None:
    hs = default_hypotheses()
    good = load_ledger(TRACE / "ledger-mali-synthetic.yaml", hs)
    filled, _ = fill_quotes(good, mali_store)
    assert check_quotes(filled, mali_store) == []
    text = (TRACE / "ledger-mali-synthetic.yaml").read_text(encoding="utf-8")
    edited = text.replace(
        "        end: 45\n", "        end: 45\n        quote: Decides to extend\n"
    )
    problems = check_quotes(parse_ledger(edited, hs), mali_store)
    assert problems == [
        "item E1: the quote of S/RES/2100 (2013)/op17 [0:45] differs from the stored text at "
        "those offsets"
    ]
