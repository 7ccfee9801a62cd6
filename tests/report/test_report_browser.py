"""Open the case report in headless Chromium: figures load, no console errors, no requests out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.case import trace_case
from normtrace.trace.collect import collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import load_ledger
from normtrace.trace.result import TraceRun
from normtrace.trace.store_trace import CaseWindow, fill_quotes

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"


@pytest.mark.browser
def test_report_renders_in_chromium(mali_store: Store, tmp_path: Path, chromium: Any) -> None:
    hs = default_hypotheses()
    ledger, unknown = fill_quotes(load_ledger(TRACE / "ledger-mali-synthetic.yaml", hs), mali_store)
    case = CaseWindow("mali-test", "Mali (test window)", "2012-12-01", "2020-12-31", ("Mali",))
    run = TraceRun(collect_case_data(mali_store, case), hs, trace_case(hs, ledger))
    index = write_report(run, tmp_path / "report")
    errors: list[str] = []
    outside: list[str] = []
    page = chromium.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith("file:") else outside.append(r.url))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    sizes = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
    title = page.title()
    answer = page.locator("section#answer")
    assert answer.is_visible() and "Leading hypothesis" in answer.inner_text()
    first_section = page.eval_on_selector("section", "el => el.id")
    assert first_section == "answer"
    assert sizes and all(done and width > 0 for done, width in sizes), sizes
    assert errors == []
    assert outside == []
    assert "Mali" in title
