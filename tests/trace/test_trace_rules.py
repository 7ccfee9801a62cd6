"""Evidence rules: the bundled rules are coherent; derived items carry keys and values.

The case data below is SYNTHETIC (invented events and shares) to exercise each outcome.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.errors import TraceError
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import FrameEvent, ProvenanceShares, Rate
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow, Coverage

CASE = CaseWindow("synthetic", "Synthetic case", "2013-01-01", "2013-12-31")


DEFAULT_FRAMES = load_default_codebook().frame_codes()


def _data(**kwargs: object) -> CaseData:
    kwargs.setdefault("frames", DEFAULT_FRAMES)
    return CaseData(CASE, Coverage({}, ()), [], [], **kwargs)  # type: ignore[arg-type]


def test_default_rules_are_coherent() -> None:
    rules = load_rules(default_rules_path(), default_hypotheses())
    assert [r.id for r in rules.rules] == [f"R{n}" for n in range(1, 13)]
    assert rules.frames == ("offensive_force", "force_authorization")
    codes, lacking = rules.watched_codes(load_default_codebook().frame_codes())
    assert "intervention_brigade" in codes and "all_necessary" in codes and lacking == ""
    assert "stabilization" not in codes  # mission names would match
    for rule in rules.rules:
        for h in ("H1", "H2", "H3", "H4"):
            assert sum(t[h].p for t in rule.outcomes.values()) == pytest.approx(1.0)


def test_rules_that_do_not_sum_to_one_name_file_and_line(tmp_path: Path) -> None:
    text = default_rules_path().read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace(
            'H1: {p: 0.25, justification: "If the', 'H1: {p: 0.35, justification: "If the'
        ),
        "utf-8",
    )
    with pytest.raises(
        TraceError, match=r"bad\.yaml:\d+: rule R1: P\(outcome \| H1\) sums to 1\.100"
    ):
        load_rules(bad, default_hypotheses())


def test_derive_ledger_from_synthetic_indicators() -> None:
    events = (
        FrameEvent("2013-02-27", "secretariat", "intervention_brigade", "S/2013/119/p45"),
        FrameEvent("2013-03-28", "permanent_member", "intervention_brigade", "S/PV.6943/s004"),
        FrameEvent("2013-01-01", "resolution", "all_necessary", "S/RES/2085 (2012)/op9"),
        FrameEvent("2013-01-01", "secretariat", "poc", "S/2013/1/p1"),  # not a watched frame
    )
    prov = ProvenanceShares(
        "R", 10, {"secretariat": 0.6, "none": 0.4}, {"secretariat": 1}, {"secretariat": ["R/op1"]}
    )
    rate = Rate(1, 4, ["S/PV.6943/s004"], counted=["a", "b", "c", "S/PV.6943/s004"])
    data = _data(frame_events=events, provenance=prov, sg_citation=rate)
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    items = {i.id: i for i in ledger.items}
    assert set(items) == {"R1", "R2", "R3", "R4"}
    assert "Observed: secretariat_first" in items["R1"].description
    assert [u.key for u in items["R1"].units] == ["S/2013/119/p45", "S/PV.6943/s004"]
    assert items["R1"].likelihoods["H4"].p == 0.70
    assert "Observed: adopted" in items["R2"].description
    assert "Observed: secretariat" in items["R3"].description
    assert [u.key for u in items["R3"].units] == ["R/op1"]
    assert "Observed: minority" in items["R4"].description
    assert all(i.kind == "indicator" and i.units and i.indicators for i in ledger.items)
    assert set(skipped) == {"R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"}


def test_nothing_derived_without_indicators() -> None:
    ledger, skipped = derive_ledger(_data(), load_rules(default_rules_path(), default_hypotheses()))
    assert ledger.items == ()
    assert set(skipped) == {f"R{n}" for n in range(1, 13)}


def test_rules_name_frames_and_an_own_codebook_maps_its_codes() -> None:
    # an own codebook (SYNTHETIC code ids) that declares which of its codes stand for the frames
    own = {"offensive_force": ("go_after_spoilers",), "force_authorization": ("mandate_force",)}
    events = (
        FrameEvent("2013-02-27", "secretariat", "go_after_spoilers", "S/2013/119/p45"),
        FrameEvent("2013-03-28", "permanent_member", "mandate_force", "S/PV.6943/s004"),
        FrameEvent("2013-01-01", "secretariat", "intervention_brigade", "S/2013/1/p1"),
    )
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, _ = derive_ledger(_data(frame_events=events, frames=own), rules)
    items = {i.id: i for i in ledger.items}
    assert "Observed: secretariat_first" in items["R1"].description
    assert [u.key for u in items["R1"].units] == ["S/2013/119/p45", "S/PV.6943/s004"]
    # a codebook without frames: the rules say which frames they lack
    ledger, skipped = derive_ledger(_data(frame_events=events, frames={}), rules)
    assert "R1" in skipped and "offensive_force, force_authorization" in skipped["R1"]
    assert "frames:" in skipped["R1"]


def test_secretariat_origin_becomes_an_item_with_the_passages_behind_it() -> None:
    from normtrace.reuse.secretariat import ReportPassage, SecretariatOrigin

    # SYNTHETIC shares and passages
    passage = ReportPassage("S/RES/9 (2013)/op3", "S/2013/1/p40", "S/2013/1", "2013-02-01",
                            "Observations", "observations", 30, 12, 12, "…", "…")  # fmt: skip
    origin = SecretariatOrigin("S/RES/9 (2013)", "2013-03-01", "X", None, "S/RES/8 (2012)",
                               400, 100, 25, 30, 12, [passage])  # fmt: skip
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, _ = derive_ledger(_data(secretariat=origin), rules)
    item = {i.id: i for i in ledger.items}["R6"]
    assert "Observed: substantial" in item.description and "25 of 100" in item.description
    assert [u.key for u in item.units] == ["S/RES/9 (2013)/op3"]
    slight = SecretariatOrigin("S/RES/9 (2013)", None, None, None, None, 400, 100, 5, 5, 0, [])
    ledger, _ = derive_ledger(_data(secretariat=slight), rules)
    assert "Observed: slight" in {i.id: i for i in ledger.items}["R6"].description


def test_a_rule_may_only_use_outcomes_its_indicator_gives(tmp_path: Path) -> None:
    text = default_rules_path().read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("      not_adopted:", "      not_adoptd:"), "utf-8")
    with pytest.raises(
        TraceError,
        match=r"bad\.yaml:\d+: rule R2: indicator frame_adoption gives no outcome 'not_adoptd'; "
        r"its outcomes: adopted, not_adopted",
    ):
        load_rules(bad, default_hypotheses())
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(text.replace("indicator: frame_adoption", "indicator: frame_adopt"), "utf-8")
    with pytest.raises(
        TraceError, match=r"unknown indicator 'frame_adopt'; valid: frame_first_use"
    ):
        load_rules(unknown, default_hypotheses())
