"""The speech-level indicator on a real debate, and the report section of the Council's record.

Real texts: S/RES/2085 (2012), S/RES/2100 (2013) and the speeches of S/PV.8703 (15 January
2020, MINUSMA briefing by the Under-Secretary-General for Peace Operations), coded with the
default codebook and their speakers' roles resolved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.store_actors import resolve_speech_roles
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook
from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow

# no key resolution: the debate is the window's
MALI_2020 = CaseWindow("mali-2020", "Mali 2020 (test window)", "2020-01-01", "2020-12-31",
                       ("Mali",))  # fmt: skip
MALI_2013 = CaseWindow("mali-2013-test", "Mali (test)", "2012-12-01", "2013-12-31", ("Mali",),
                       (), "S/RES/2100 (2013)")  # fmt: skip


@pytest.fixture(scope="module")
def coded(mali_store: Store) -> Store:
    resolve_speech_roles(mali_store)
    apply_codebook(mali_store, load_codebook(default_codebook_path()))
    return mali_store


def test_debate_first_use_on_a_real_briefing(coded: Store) -> None:
    run = run_trace(coded, MALI_2020, rules="default")
    assert run.trace is not None, run.problems
    item = next(i for i in run.trace.ledger.items if i.id == "R7")
    # Mr. Lacroix (USG Peace Operations) speaks of stabilizing the centre of Mali first
    assert "Observed: secretariat_first" in item.description
    assert item.units[0].key == "S/PV.8703/s002"
    assert item.units[0].quote  # filled from the stored speech
    first = item.indicators[0].value["first"]
    assert first["secretariat"]["code"] == "stabilization"
    assert set(first) <= {"secretariat", "permanent", "elected", "ngo", "other"}


def test_debate_before_adoption_excludes_later_meetings(coded: Store) -> None:
    run = run_trace(coded, MALI_2013, rules="default")
    assert run.trace is not None
    assert "R7" not in {i.id for i in run.trace.ledger.items}
    assert any("rule R7 not applied" in p for p in run.problems)


def test_report_shows_the_councils_record_with_units(coded: Store, tmp_path: Path) -> None:
    run = run_trace(coded, MALI_2013, rules="default")
    index = write_report(run, tmp_path / "r")
    page = index.read_text(encoding="utf-8")
    assert page.index('id="answer"') < page.index('id="council"') < page.index('id="ledger"')
    council = page[page.index('id="council"') : page.index('id="indicators"')]
    assert "Implication tested" in council
    assert "S/RES/2100 (2013)/pp20" in council and "S/2013/189" in council  # the credit
    assert "S/PV.6952" in council and "15-0-0" in council  # the vote
    assert (tmp_path / "r" / "data" / "sg_credit.csv").read_text("utf-8").count("\n") == 3
    assert "S/RES/2100 (2013)/op7" in (tmp_path / "r" / "data" / "votes.csv").read_text("utf-8")
