"""The Council-record indicators: credit to the Secretariat, mandate tasks against safeguards,
vote splits, and who first spoke a frame in the debate; and the rules R7–R11 over them.

Paragraph texts quoted below are REAL (UN resolutions in ../shared/corpus/resolutions, keys
given); the task lists, votes and events built by hand are SYNTHETIC and say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.trace.collect import CaseData
from normtrace.trace.credit import find_credits, resolution_credits
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import FrameEvent, debate_first_use
from normtrace.trace.mandate import (
    ResolutionUnit,
    count_tasks,
    is_mandate_paragraph,
    mandate_growth,
)
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow, Coverage
from normtrace.trace.votes import Outcome, parse_vote, vote_summary

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "trace"

# --- credit to the Secretariat (real paragraphs) ------------------------------------------


def test_credit_names_symbol_verb_and_task_of_the_brigade_paragraph() -> None:
    text = (  # S/RES/2098 (2013)/pp28
        "Taking note of the special report of the Secretary-General S/2013/119 on the DRC and "
        "the Great Lakes region and of its recommendations contained therein, including "
        'regarding the establishment of an "Intervention Brigade" within MONUSCO, based on the '
        "idea initially conceived by the ICGLR and the SADC,"
    )
    (credit,) = find_credits("S/RES/2098 (2013)/pp28", text)
    assert credit.verb == "Taking note" and credit.strength == "notes"
    assert credit.symbols == ("S/2013/119",) and credit.document == "report"
    assert credit.recommends
    assert credit.task.startswith('including regarding the establishment of an "Intervention')
    assert text[credit.start : credit.end].startswith("Taking note of the special report")


@pytest.mark.parametrize(
    ("text", "verb", "strength", "symbols", "task"),
    [
        (  # S/RES/1892 (2009)/op2
            "Endorses the recommendation made by the Secretary-General in paragraphs 26 and 27 "
            "of his report S/2009/439 to maintain the current Mission overall force levels;",
            "Endorses", "adopts", ("S/2009/439",), "",
        ),
        (  # S/RES/1428 (2002)/op1
            "Endorses the report of the Secretary-General on UNIFIL of 12 July 2002 "
            "(S/2002/746), and in particular its recommendation to renew the mandate of UNFIL "
            "for a further period of six months;",
            "Endorses", "adopts", ("S/2002/746",), "to renew the mandate of UNFIL",
        ),
        (  # S/RES/1391 (2002)/op2
            "Decides to extend the present mandate of UNIFIL, as recommended by the "
            "Secretary-General, for a further period of six months, until 31 July 2002;",
            "as recommended by", "adopts", (), "Decides to extend the present mandate",
        ),
        (  # S/RES/1543 (2004)/pp07
            "Welcoming the Secretary-General's recommendation to extend UNMISET for a further, "
            "one-year consolidation phase,",
            "Welcoming", "welcomes", (), "to extend UNMISET",
        ),
    ],
)  # fmt: skip
def test_credit_verbs_strengths_and_tasks(
    text: str, verb: str, strength: str, symbols: tuple[str, ...], task: str
) -> None:
    (credit,) = find_credits("R/op1", text)
    assert (credit.verb, credit.strength, credit.symbols) == (verb, strength, symbols)
    assert credit.task.startswith(task)


@pytest.mark.parametrize(
    "text",
    [
        # a party's proposal presented to the Secretary-General (S/RES/1783 (2007)/pp05)
        "Taking note of the Moroccan proposal presented on 11 April 2007 to the "
        "Secretary-General and welcoming serious and credible Moroccan efforts,",
        # a request for recommendations, not a credit (S/RES/1610 (2005)/op5)
        "requests the Secretary-General to make recommendations on this to the Security "
        "Council as soon as possible;",
        # a report the resolution asks for (S/RES/2098 (2013)/op6)
        "Expresses its intention to review progress regularly thereafter, as well as on the "
        "basis of the reports of the Secretary-General referred to in paragraph 34 below;",
        # another verb governs the object (S/RES/2232 (2015)/op34, shortened)
        "Welcomes Somalia's progress and calls for the implementation of the plans mentioned "
        "in the Secretary-General's report;",
    ],
)
def test_not_credits(text: str) -> None:
    assert find_credits("R/p", text) == []


def test_pronoun_recommendations_after_a_report_are_a_second_credit() -> None:
    # S/RES/1542 (2004)/pp02
    text = "Welcoming the report of the Secretary-General on 16 April 2004 (S/2004/300) and "
    text += "supporting its recommendations,"
    summary = resolution_credits("S/RES/1542 (2004)", [("S/RES/1542 (2004)/pp02", text)])
    assert [(c.verb, c.strength) for c in summary.credits] == [
        ("Welcoming", "welcomes"),
        ("supporting", "adopts"),
    ]
    assert summary.strongest == "adopts"


@pytest.mark.parametrize(("seed", "drawn", "correct"), [(2026, 50, 48), (2027, 30, 30)])
def test_hand_checked_samples_outside_the_cases(seed: int, drawn: int, correct: int) -> None:
    """Credits drawn from resolutions 2000-2015 outside the four cases (tools/credit_sample.py)
    and judged by hand: the grammar still finds every one, and each sample's precision is
    what docs/evidence-indicators.md reports."""
    path = SAMPLES / f"credit-sample-{seed}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == drawn
    ok = [r for r in rows if not r["judgement"].startswith("wrong")]
    assert len(ok) == correct
    for row in rows:
        found = {(c.start, c.verb, c.strength) for c in find_credits(row["key"], row["text"])}
        assert (row["start"], row["verb"], row["strength"]) in found, row["key"]


# --- mandate tasks (SYNTHETIC task lists) ------------------------------------------------


def _units(key: str, tasks: dict[str, list[str]]) -> list[ResolutionUnit]:
    """SYNTHETIC resolution: pp1, op1 (a renewal formula), op2 the mandate paragraph."""
    out = [
        ResolutionUnit(f"{key}/pp1", "preambular", None, "Reaffirming consent of the host state,"),
        ResolutionUnit(f"{key}/op1", "operative", None, "Decides to extend the mandate until"),
        ResolutionUnit(
            f"{key}/op2", "operative", None, "Decides that the mandate shall be the following:"
        ),
    ]
    for head, subs in tasks.items():
        out.append(ResolutionUnit(f"{key}/op2/{head}", "subparagraph", f"{key}/op2", head))
        out += [
            ResolutionUnit(f"{key}/op2/{head}/{s}", "subparagraph", f"{key}/op2/{head}", s)
            for s in subs
        ]
    return out


def test_tasks_are_the_leaves_of_the_mandate_paragraph() -> None:
    units = _units("R1", {"a": ["i", "ii", "iii"], "b": []})
    count = count_tasks("R1", "2013-04-25", units, ["R1/pp1"])
    assert count.tasks == 4  # a/i, a/ii, a/iii and the leaf heading b
    assert count.mandate_keys == ["R1/op2"] and count.restated
    assert count.task_keys == ["R1/op2/a/i", "R1/op2/a/ii", "R1/op2/a/iii", "R1/op2/b"]
    assert count.safeguard_units == 1
    formula = "Decides to extend the mandate as contained in resolution R1"
    renewal = count_tasks("R2", "2014", [ResolutionUnit("R2/op1", "operative", None, formula)], [])
    assert renewal.tasks == 0 and not renewal.restated
    assert not is_mandate_paragraph("Decides to extend the mandate of MINUSTAH until 15 October")


def test_growth_compares_first_and_last_restated_lists() -> None:
    first = count_tasks("R1", "2013", _units("R1", {"a": ["i", "ii"]}), ["R1/pp1", "R1/op1"])
    carried = count_tasks("R2", "2013", [], [])
    last = count_tasks("R3", "2014", _units("R3", {"a": ["i", "ii"], "b": ["i", "ii"]}), [])
    growth = mandate_growth("SYNTH", [first, carried, last])
    assert [r.tasks for r in growth.series] == [2, 2, 4]
    assert not growth.series[1].restated
    assert growth.task_change == 2 and growth.safeguard_change == -2
    assert mandate_growth("SYNTH", [first]).task_change is None


# --- votes (SYNTHETIC outcomes, real vote notation) ---------------------------------------


def test_votes_split_and_permanent_dissent() -> None:
    assert parse_vote("15-0-0").split == "unanimous"
    assert parse_vote("13-0-2").split == "abstentions"
    assert parse_vote("11-2-2").split == "opposed"
    assert parse_vote("adopted without vote").split == "unanimous"
    assert parse_vote("").split == "unknown"
    outcomes = [
        Outcome("S/RES/1 (2013)", "S/PV.1", "2013-01-01", "15-0-0", "S/RES/1 (2013)/op1"),
        Outcome("S/RES/2 (2013)", "S/PV.2", "2013-02-01", "13-0-2",
                abstaining=("Russian Federation", "Pakistan")),
        Outcome("S/2013/9", "S/PV.3", "2013-03-01", "vetoed", vetoed_by=("China",)),
    ]  # fmt: skip
    summary = vote_summary(outcomes)
    assert summary is not None and summary.split == "opposed"
    assert summary.counts == {"abstentions": 1, "opposed": 1, "unanimous": 1}
    assert summary.permanent_dissent == {
        "S/RES/2 (2013)": ["Russian Federation"],
        "S/2013/9": ["China"],
    }
    assert summary.keys == ["S/RES/1 (2013)/op1"]
    assert vote_summary([Outcome("S/RES/3", "S/PV.4", "2013", "")]) is None


# --- debate first use (SYNTHETIC events) -------------------------------------------------


def test_debate_first_use_counts_speeches_up_to_adoption_by_category() -> None:
    events = [
        FrameEvent("2013-02-27", "secretariat", "intervention_brigade", "S/2013/119/p45"),
        FrameEvent(
            "2013-03-14", "permanent_member", "neutralize_disarm", "S/PV.6930/s005", "speech"
        ),
        FrameEvent("2013-03-14", "secretariat", "neutralize_disarm", "S/PV.6930/s002", "speech"),
        FrameEvent("2013-03-14", "president", "neutralize_disarm", "S/PV.6930/s001", "speech"),
        FrameEvent("2013-04-02", "ngo", "intervention_brigade", "S/PV.6950/s009", "speech"),
    ]
    found = debate_first_use(events, "2013-03-28")
    assert found is not None and found.leader == "secretariat"  # not the report, not the chair
    assert set(found.first) == {"secretariat", "permanent"}
    assert found.first["secretariat"]["key"] == "S/PV.6930/s002"
    assert debate_first_use(events[:1], "2013-03-28") is None


# --- rules R7-R11 over SYNTHETIC case data ------------------------------------------------

CASE = CaseWindow("synthetic", "Synthetic case", "2013-01-01", "2013-12-31", (), (), "S/RES/9")


def _data(**kwargs: object) -> CaseData:
    kwargs.setdefault("frames", load_default_codebook().frame_codes())
    return CaseData(CASE, Coverage({}, ()), [], [], **kwargs)  # type: ignore[arg-type]


def test_rules_derive_items_for_each_new_indicator() -> None:
    events = (
        FrameEvent("2013-03-14", "permanent_member", "stabilization", "S/PV.1/s004", "speech"),
        FrameEvent("2013-03-14", "secretariat", "intervention_brigade", "S/PV.1/s002", "speech"),
    )
    credits = resolution_credits("S/RES/9", [("S/RES/9/op3", "Endorses the recommendation "
                                 "of the Secretary-General to deploy a brigade;")])  # fmt: skip
    first = count_tasks("S/RES/8", "2012", _units("S/RES/8", {"a": ["i"]}), ["S/RES/8/pp1"])
    last = count_tasks("S/RES/9", "2013", _units("S/RES/9", {"a": ["i", "ii"]}), [])
    votes = vote_summary([Outcome("S/RES/9", "S/PV.1", "2013-03-28", "13-0-2", "S/RES/9/op1")])
    others = vote_summary([Outcome("S/RES/7", "S/PV.0", "2013-01-05", "15-0-0", "S/RES/7/op1")])
    data = _data(
        frame_events=events,
        credits=credits,
        mandate=mandate_growth("SYNTH", [first, last]),
        key_votes=votes,
        agenda_votes=others,
        adoption_date="2013-03-28",
    )
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    items = {i.id: i for i in ledger.items}
    assert {"R7", "R8", "R9", "R10", "R11"} <= set(items), skipped
    assert "Observed: secretariat_first" in items["R7"].description
    assert [u.key for u in items["R7"].units] == ["S/PV.1/s002", "S/PV.1/s004"]
    assert "Observed: endorses" in items["R8"].description
    (ref,) = items["R8"].units
    assert (ref.key, ref.start) == ("S/RES/9/op3", 0) and ref.end and ref.end > 40
    assert "Observed: grew_without_more_safeguards" in items["R9"].description
    assert "S/RES/9/op2" in [u.key for u in items["R9"].units]
    assert "Observed: abstentions" in items["R10"].description
    assert "Observed: all_unanimous" in items["R11"].description
    for rule in ("R7", "R8", "R9", "R10", "R11"):
        assert items[rule].units and items[rule].indicators
    assert items["R10"].likelihoods["H1"].p == 0.20


def test_debate_rule_watches_stabilization_but_not_the_chair() -> None:
    events = (FrameEvent("2013-03-14", "president", "stabilization", "S/PV.1/s001", "speech"),)
    rules = load_rules(default_rules_path(), default_hypotheses())
    assert next(r for r in rules.rules if r.id == "R7").frames[-1] == "stabilization"
    _, skipped = derive_ledger(_data(frame_events=events, adoption_date="2013-03-28"), rules)
    assert "R7" in skipped and "no speech up to 2013-03-28" in skipped["R7"]


def test_indicators_of_absence_cite_the_paragraphs_examined() -> None:
    from normtrace.reuse.secretariat import SecretariatOrigin

    # SYNTHETIC: no new wording of S/RES/9 found in a report, and no credit
    slight = SecretariatOrigin("S/RES/9", None, None, None, None, 400, 100, 0, 0, 0, [])
    data = _data(
        secretariat=slight,
        credits=resolution_credits("S/RES/9", [("S/RES/9/op1", "Decides to extend;")]),
        key_operative=("S/RES/9/op1", "S/RES/9/op2"),
    )
    ledger, _ = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    items = {i.id: i for i in ledger.items}
    assert [u.key for u in items["R6"].units] == ["S/RES/9/op1", "S/RES/9/op2"]
    assert "Observed: none" in items["R8"].description
    assert [u.key for u in items["R8"].units] == ["S/RES/9/op1", "S/RES/9/op2"]


def test_first_use_needs_state_speeches_in_the_case() -> None:
    # SYNTHETIC: only a report uses the frame, and the case holds no state speech at all
    events = (FrameEvent("2004-08-30", "secretariat", "neutralize_disarm", "S/2004/698/p57"),)
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, skipped = derive_ledger(_data(frame_events=events, state_speeches=0), rules)
    assert {"R1", "R2"} <= set(skipped) and "no state speech" in skipped["R1"]
    ledger, skipped = derive_ledger(_data(frame_events=events, state_speeches=12), rules)
    assert "Observed: secretariat_first" in {i.id: i for i in ledger.items}["R1"].description


def test_renewal_origin_pools_the_renewals() -> None:
    from normtrace.reuse.secretariat import ReportPassage, SecretariatOrigin
    from normtrace.trace.indicators import renewal_origins

    # SYNTHETIC origins of two renewals; the report is on the renewals' mission (R12 v3
    # counts only those)
    passage = ReportPassage("S/RES/10/op2", "S/2013/5/p40", "S/2013/5", "2013-05-01",
                            "Observations", "observations", 0, 30, 30, "…", "…",
                            source_mission="M", same_mission=True)  # fmt: skip
    a = SecretariatOrigin("S/RES/10", "2013-06-01", "M", None, "S/RES/9", 300, 100, 30, 30, 30,
                          [passage], from_secretariat_same_mission=30)  # fmt: skip
    b = SecretariatOrigin("S/RES/11", "2014-06-01", "M", None, "S/RES/10", 300, 100, 0, 0, 0, [])
    pooled = renewal_origins("M", [a, b])
    assert pooled.share == 0.15 and pooled.keys == ["S/RES/10/op2"]
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, _ = derive_ledger(_data(renewals=pooled), rules)
    item = {i.id: i for i in ledger.items}["R12"]
    assert "Observed: substantial" in item.description and "30 of 200" in item.description
    assert [u.key for u in item.units] == ["S/RES/10/op2"]
