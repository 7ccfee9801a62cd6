"""Issue 13 acceptance on the real data in ../shared: the four case reports answer first, and
each case derives at least 5 evidence items from at least 3 indicators, each citing units.

Ingests the resolutions of the four case windows (2003-2015), the Haiti reports and the UN
Library meeting index, applies the default codebook and runs reuse (slow; skipped without
../shared).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from normtrace import Project
from normtrace.actors.links import import_meeting_index
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook
from normtrace.report.html import write_report
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.trace.result import TraceRun
from normtrace.trace.run import resolve_case, run_trace
from normtrace.trace.store_trace import unit_texts

pytestmark = pytest.mark.long  # the module's fixture ingests and traces 13 years (a minute)

CASES = ("haiti-2004", "drc-2013", "mali-2013", "car-2014")
_YEAR = re.compile(r"\((\d{4})\)\.txt$")


@pytest.fixture(scope="module")
def cases_store(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = shared_dir / "corpus"
    files = [
        p
        for p in sorted((root / "resolutions").glob("S-RES-*.txt"))
        if (m := _YEAR.search(p.name)) and 2003 <= int(m[1]) <= 2015
    ]
    files += sorted((root / "reports").glob("MINUSTAH_*.pdf"))
    project = Project(tmp_path_factory.mktemp("cases") / "p.db")
    report = project.ingest(files, progress=None)
    assert report.failures == [], report.summary()
    store = project.store
    import_meeting_index(store)
    apply_codebook(store, load_codebook(default_codebook_path()))
    update_reuse(store)
    return store


@pytest.fixture(scope="module")
def runs(cases_store: Store) -> dict[str, TraceRun]:
    return {c: run_trace(cases_store, resolve_case(c), rules="default") for c in CASES}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_each_case_derives_five_items_from_three_indicators(
    case: str, runs: dict[str, TraceRun], cases_store: Store
) -> None:
    trace = runs[case].trace
    assert trace is not None, runs[case].problems
    items = trace.ledger.items
    indicators = {i.indicators[0].name for i in items}
    assert len(items) >= 5 and len(indicators) >= 3, (len(items), indicators)
    keys = {u.key for i in items for u in i.units}
    assert all(i.units for i in items)
    assert set(unit_texts(cases_store, keys)) == keys  # every cited unit is in the project
    # the Council's own record gives the same kinds of evidence in every case
    assert {"sg_credit", "vote_split", "agenda_votes"} <= indicators


@pytest.mark.slow
@pytest.mark.browser
def test_case_report_opens_with_the_answer_in_chromium(
    runs: dict[str, TraceRun], tmp_path: Path, chromium: Any
) -> None:
    errors: list[str] = []
    for case in ("drc-2013", "haiti-2004"):
        index = write_report(runs[case], tmp_path / case)
        page = chromium.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        assert page.eval_on_selector("section", "el => el.id") == "answer"
        answer = page.locator("section#answer")
        assert answer.is_visible() and "Leading hypothesis" in answer.inner_text()
        movers = answer.locator("ol > li")
        assert movers.count() == 3
        # each mover links to its ledger entry, and each quote to its text
        for href in answer.locator("a").evaluate_all("els => els.map(e => e.hash)"):
            assert page.locator(href).count() == 1, href
        council = page.locator("section#council")
        assert council.is_visible() and "Implication tested" in council.inner_text()
        assert errors == [], (case, errors)
        page.close()
