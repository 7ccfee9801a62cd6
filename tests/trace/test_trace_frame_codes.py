"""Derived frame items cite the codes they rest on, and one measurement means the same data.

R1 (``frame_first_use``), R2 (``frame_adoption``) and R7 (``debate_first_use``) rest on the
codings of the frames they watch: every cited unit carries its watched codes, so each
output gives their measured error and flags them unvalidated where due (reviewer F2). Two
rules on one indicator that watch different frames are two measurements, both weighed,
even where one paragraph is the first use of both (reviewer F3). All events, unit keys,
measurements and probabilities here are SYNTHETIC.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.measured_error import CodeValidity
from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.annotate import annotate
from normtrace.trace.case import trace_case
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.ledger import EvidenceItem, Ledger, Likelihood, UnitRef
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow, Coverage

CASE = CaseWindow("synthetic", "SYNTHETIC case", "2099-01-01", "2099-12-31")
P3 = "S/2099/1/p3"  # a SYNTHETIC Secretary-General report paragraph using two frames
EVENTS = [
    FrameEvent("2099-01-02", "secretariat", "offensive_operations", P3, "report"),
    FrameEvent("2099-01-02", "secretariat", "consent", P3, "report"),
    FrameEvent(
        "2099-02-01", "permanent_member", "offensive_operations", "S/PV.9999/s002", "speech"
    ),  # fmt: skip
    FrameEvent("2099-03-01", "elected_member", "consent", "S/PV.9999/s009", "speech"),
]
VALIDATED = CodeValidity("offensive_operations", precision=0.9, recall=0.85, n=120,
                         source="SYNTHETIC", positives=40)  # fmt: skip


def _data() -> CaseData:
    return CaseData(CASE, Coverage({}, ()), [], [], frame_events=tuple(EVENTS),
                    frames=load_default_codebook().frame_codes(),
                    state_speeches=2)  # fmt: skip


def _rules(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    """The bundled rules with copies of R1 (new id, own ``frames``) appended."""
    text = default_rules_path().read_text("utf-8")
    r1 = text[text.index("  - id: R1\n") : text.index("  - id: R2\n")]
    for rule_id, frames in extra:
        text += r1.replace("  - id: R1\n", f"  - id: {rule_id}\n    frames: [{frames}]\n")
    path = tmp_path / "rules.yaml"
    path.write_text(text, "utf-8")
    return path


def test_derived_frame_items_carry_their_codes_and_their_measured_error(tmp_path: Path) -> None:
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, _ = derive_ledger(_data(), rules)
    items = {i.id: i for i in ledger.items}
    # R1: the Secretariat's first use (P3) and a state's (s002), each with the watched code
    assert [(u.key, u.code) for u in items["R1"].units] == [
        (P3, "offensive_operations"), ("S/PV.9999/s002", "offensive_operations")]  # fmt: skip
    assert [(u.key, u.code) for u in items["R2"].units] == [
        (P3, "offensive_operations"), ("S/PV.9999/s002", "offensive_operations")]  # fmt: skip
    assert [(u.key, u.code) for u in items["R7"].units] == [
        ("S/PV.9999/s002", "offensive_operations")]  # fmt: skip
    # on the default path (annotate, once for every output), each carries the measured error
    with Store.open(tmp_path / "p.db") as store:
        never = annotate(ledger, store, CASE, {})
        measured = annotate(ledger, store, CASE, {"offensive_operations": VALIDATED})
    for rule in ("R1", "R2", "R7"):
        item = next(i for i in never.items if i.id == rule)
        assert [m.code for m in item.measured] and item.unvalidated is True
        assert {m.code for m in item.measured} == {"offensive_operations"}
        ok = next(i for i in measured.items if i.id == rule)
        assert ok.unvalidated is False and "P 0.9" in ok.measured[0].text
    rows = trace_case(default_hypotheses(), never).evidence_table()
    r1 = next(r for r in rows if r["item"] == "R1")
    assert r1["unvalidated"] is True and r1["measured_error"].startswith("offensive_operations: ")


def test_two_rules_on_one_indicator_watching_different_frames_are_both_weighed(
    tmp_path: Path,
) -> None:
    # R1b watches the core principles: P3 is the Secretariat's first use of both frames
    hs = default_hypotheses()
    rules = load_rules(_rules(tmp_path, ("R1b", "core_principles")), hs)
    ledger, _ = derive_ledger(_data(), rules)
    weighed = {i.id: i for i in ledger.items}
    assert {"R1", "R1b"} <= set(weighed)
    assert not [c.id for c in ledger.corroborating if c.id in ("R1", "R1b")]
    assert [(u.key, u.code) for u in weighed["R1b"].units] == [
        (P3, "consent"), ("S/PV.9999/s009", "consent")]  # fmt: skip
    trace = trace_case(hs, ledger)  # not refused: two measurements of one paragraph
    assert {"R1", "R1b"} <= {s.item_id for s in trace.inference.steps}


def test_two_rules_watching_the_same_frames_are_still_weighed_once(tmp_path: Path) -> None:
    hs = default_hypotheses()
    rules = load_rules(_rules(tmp_path, ("R1c", "offensive_force, force_authorization")), hs)
    ledger, _ = derive_ledger(_data(), rules)
    (r1c,) = [c for c in ledger.corroborating if c.id == "R1c"]
    assert r1c.corroborates == "R1" and not r1c.likelihoods
    assert "rest on the same indicator frame_first_use of offensive_operations" in r1c.why


def _lk(p: float) -> dict[str, Likelihood]:
    return {h: Likelihood(p, "(SYNTHETIC)") for h in ("H1", "H2", "H3", "H4")}


def test_a_ledger_weighs_two_frames_on_one_paragraph_but_not_one_coding_twice() -> None:
    hs = default_hypotheses()
    ledger, _ = derive_ledger(_data(), load_rules(default_rules_path(), hs))
    r1 = next(i for i in ledger.items if i.id == "R1")
    other = replace(r1, id="E2", units=(UnitRef(P3, code="consent"),), where="l.yaml:9")
    assert len(trace_case(hs, Ledger("c", (r1, other), "l.yaml")).inference.steps) == 2
    same = replace(other, units=(UnitRef(P3, code="offensive_operations"),))
    with pytest.raises(TraceError, match="R1 and E2 rest on the same indicator frame_first_use"):
        trace_case(hs, Ledger("c", (r1, same), "l.yaml"))
    # an item observing the coding R1 rests on is the same observation: refused
    coded = EvidenceItem("E3", "(SYNTHETIC) P3 argues offensive operations", "coded_spans",
                         _lk(0.5), (UnitRef(P3, start=0, end=20, code="offensive_operations"),),
                         where="l.yaml:20")  # fmt: skip
    with pytest.raises(TraceError, match="R1 and E3 rest on the same coding of "):
        trace_case(hs, Ledger("c", (r1, coded), "l.yaml"))
