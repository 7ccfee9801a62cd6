"""A Secretariat share is printed on the same side of the 10 % threshold as its outcome.

A new user read "Observed: slight — 636 of 6425 new operative words of the MINUSTAH renewals
in the window (10%) ... threshold 10%": 9.9 % classed slight, printed as 10 %. The shares
here are SYNTHETIC and reproduce those counts.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.report.council import _renewals
from normtrace.reuse.secretariat import ReportPassage, SecretariatOrigin
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import renewal_origins
from normtrace.trace.result import TraceRun
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow, Coverage

CASE = CaseWindow("synthetic", "Synthetic case", "2013-01-01", "2013-12-31", (), (), "S/RES/9")


def _data(**kwargs: object) -> CaseData:
    kwargs.setdefault("frames", load_default_codebook().frame_codes())
    return CaseData(CASE, Coverage({}, ()), [], [], **kwargs)  # type: ignore[arg-type]


def _renewals_at_9_9_percent() -> CaseData:
    # SYNTHETIC: two renewals, 636 of 6,425 new words from reports on the mission (9.9 %)
    passage = ReportPassage("S/RES/10/op2", "S/2013/5/p40", "S/2013/5", "2013-05-01",
                            "Observations", "observations", 0, 636, 636, "…", "…",
                            source_mission="M", same_mission=True)  # fmt: skip
    a = SecretariatOrigin("S/RES/10", "2013-06-01", "M", None, "S/RES/9", 9000, 3425, 636, 636,
                          636, [passage], from_secretariat_same_mission=636)  # fmt: skip
    b = SecretariatOrigin("S/RES/11", "2013-09-01", "M", None, "S/RES/10", 9000, 3000, 0, 0, 0, [])
    return _data(renewals=renewal_origins("M", [a, b]))


def test_the_ledger_prints_9_9_percent_not_10_beside_the_threshold() -> None:
    data = _renewals_at_9_9_percent()
    ledger, _ = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    text = {i.id: i for i in ledger.items}["R12"].description
    assert "Observed: slight — 636 of 6425" in text
    assert "(9.9%)" in text and "(10%)" not in text and "threshold 10%" in text


def test_the_key_resolutions_share_too() -> None:
    # SYNTHETIC: 99 of 1,000 new words of the key resolution (9.9 %)
    origin = SecretariatOrigin("S/RES/9", "2013-03-01", "M", None, "S/RES/8", 2000, 1000, 99,
                               99, 0, [])  # fmt: skip
    ledger, _ = derive_ledger(
        _data(secretariat=origin), load_rules(default_rules_path(), default_hypotheses())
    )
    text = {i.id: i for i in ledger.items}["R6"].description
    assert "Observed: slight" in text and "(9.9%)" in text and "(10%)" not in text


def test_the_case_report_prints_the_same_share(tmp_path: Path) -> None:
    run = TraceRun(_renewals_at_9_9_percent(), default_hypotheses(), None)
    html = _renewals(run, tmp_path, set())
    assert "636 of 6425</strong> (9.9%; substantial from 10%; 636 in any SG report" in html
