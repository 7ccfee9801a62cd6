"""Items resting on one measurement of the same units are weighed once (new user F10).

R3 (``provenance_shares``) and R6 (``secretariat_origin``) both count the earliest source of
the key resolution's operative words: the bundled rules weigh R6 and list R3 beside it; any
other ledger weighing two such items is refused or, when derived, settled. All case data,
unit keys and probabilities here are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.errors import TraceError
from normtrace.reuse.secretariat import ReportPassage, SecretariatOrigin
from normtrace.trace.case import trace_case
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import ProvenanceShares
from normtrace.trace.inference import posterior_only
from normtrace.trace.ledger import load_ledger, parse_ledger, save_ledger
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.store_trace import CaseWindow, Coverage

CASE = CaseWindow("synthetic", "SYNTHETIC case", "2031-01-01", "2031-12-31",
                  key_resolution="S/RES/9901 (2031)")  # fmt: skip
OP3 = "S/RES/9901 (2031)/op3"


def _data(prov_keys: list[str], *, with_origin: bool = True) -> CaseData:
    prov = ProvenanceShares("S/RES/9901 (2031)", 100, {"resolution": 0.7, "secretariat": 0.2},
                            {"resolution": 3}, {"resolution": prov_keys})  # fmt: skip
    passage = ReportPassage(OP3, "S/2031/1/p40", "S/2031/1", "2031-02-01", "Observations",
                            "observations", 30, 12, 12, "…", "…")  # fmt: skip
    origin = SecretariatOrigin("S/RES/9901 (2031)", "2031-03-01", "X", None, "S/RES/9900 (2030)",
                               400, 100, 5, 30, 12, [passage])  # fmt: skip
    return CaseData(CASE, Coverage({}, ()), [], [], frames=load_default_codebook().frame_codes(),
                    provenance=prov, secretariat=origin if with_origin else None)  # fmt: skip


def test_default_rules_weigh_r6_and_list_r3_beside_it_without_a_likelihood() -> None:
    rules = load_rules(default_rules_path(), default_hypotheses())
    # R3 cites other paragraphs than R6: the rules file's decision holds whatever they cite
    ledger, _ = derive_ledger(_data(["S/RES/9901 (2031)/op1"]), rules)
    assert [i.id for i in ledger.items] == ["R6"]
    (r3,) = ledger.corroborating
    assert (r3.id, r3.corroborates, r3.likelihoods) == ("R3", "R6", {})
    assert "earliest source of each operative word" in r3.why
    trace = trace_case(default_hypotheses(), ledger)
    assert [s.item_id for s in trace.inference.steps] == ["R6"]
    assert any(n.startswith("Not weighed: R3 corroborates R6") for n in trace.notes())
    # the posterior is R6's alone: 0.25 x P(slight | H), normalised
    slight = {"H1": 0.70, "H2": 0.75, "H3": 0.45, "H4": 0.30}
    assert trace.inference.posterior == pytest.approx(posterior_only(dict.fromkeys(slight, 0.25),
                                                                     [slight]))  # fmt: skip


def test_r3_is_weighed_when_r6_cannot_be_computed() -> None:
    rules = load_rules(default_rules_path(), default_hypotheses())
    ledger, skipped = derive_ledger(_data([OP3], with_origin=False), rules)
    assert [i.id for i in ledger.items] == ["R3"] and "R6" in skipped
    assert ledger.corroborating == ()


def test_rules_without_the_decision_still_weigh_one_measurement_of_shared_units_once(
    tmp_path: Path,
) -> None:
    own = tmp_path / "own-rules.yaml"
    own.write_text(
        default_rules_path().read_text("utf-8").replace("    corroborates: R6\n", ""), "utf-8"
    )
    rules = load_rules(own, default_hypotheses())
    assert not any(r.corroborates for r in rules.rules)
    ledger, _ = derive_ledger(_data([OP3]), rules)  # R3 and R6 both cite op3
    assert [i.id for i in ledger.items] == ["R3"]
    (r6,) = ledger.corroborating
    assert r6.corroborates == "R3" and not r6.likelihoods
    assert "R3 and R6 rest on the same earliest source of each operative word" in r6.why
    assert OP3 in r6.why and "corroborates: R6" in r6.why  # how to weigh R6 instead


def test_rules_file_corroborates_must_name_another_rule(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        default_rules_path().read_text("utf-8").replace("corroborates: R6", "corroborates: R99"),
        "utf-8",
    )
    with pytest.raises(TraceError, match=r"bad\.yaml:\d+: rule R3 corroborates 'R99', which is"):
        load_rules(bad, default_hypotheses())


LEDGER = """case: synthetic
items:
  - id: E1
    description: (SYNTHETIC) origins of the key resolution's words
    kind: indicator
    units: ["S/RES/9901 (2031)/op1", "S/RES/9901 (2031)/op3"]
    indicators: [{name: provenance_shares, value: {}}]
    likelihoods: {H1: {p: 0.4, justification: j}, H2: {p: 0.3, justification: j},
                  H3: {p: 0.2, justification: j}, H4: {p: 0.1, justification: j}}
  - id: E2
    description: (SYNTHETIC) new words of the key resolution from reports
    kind: indicator
    units: ["S/RES/9901 (2031)/op3"]
    indicators: [{name: secretariat_origin, value: {}}]
    likelihoods: {H1: {p: 0.3, justification: j}, H2: {p: 0.3, justification: j},
                  H3: {p: 0.5, justification: j}, H4: {p: 0.7, justification: j}}
"""


def test_a_ledger_weighing_both_is_refused_in_one_line_naming_both() -> None:
    hs = default_hypotheses()
    with pytest.raises(TraceError) as err:
        trace_case(hs, parse_ledger(LEDGER, hs, source="l.yaml"))
    message = str(err.value)
    assert "\n" not in message and message.startswith("l.yaml:")
    assert "E1 and E2 rest on the same earliest source of each operative word" in message
    assert "(provenance_shares, secretariat_origin)" in message and OP3 in message
    assert "corroborates: E1" in message


def test_a_corroborating_item_round_trips_and_is_not_weighed(tmp_path: Path) -> None:
    hs = default_hypotheses()
    text = LEDGER.replace("  - id: E2", "corroborating:\n  - id: E2").replace(
        "    likelihoods: {H1: {p: 0.3, justification: j}, H2: {p: 0.3, justification: j},\n"
        "                  H3: {p: 0.5, justification: j}, H4: {p: 0.7, justification: j}}\n",
        "    corroborates: E1\n    why: (SYNTHETIC) the same words\n",
    )
    ledger = parse_ledger(text, hs)
    assert [i.id for i in ledger.items] == ["E1"] and ledger.corroborating[0].corroborates == "E1"
    trace = trace_case(hs, ledger)
    assert trace.inference.posterior == pytest.approx({"H1": 0.4, "H2": 0.3, "H3": 0.2, "H4": 0.1})
    again = load_ledger(save_ledger(ledger, tmp_path / "saved.yaml"), hs)
    assert again.corroborating == ledger.corroborating and again.items == ledger.items
    with pytest.raises(TraceError, match="corroborates 'E9', which is no item under 'items'"):
        parse_ledger(text.replace("corroborates: E1", "corroborates: E9"), hs)
    with_p = text.replace("    why:", "    likelihoods: {H1: {p: 0.3, justification: j}}\n    why:")
    with pytest.raises(TraceError, match="is not weighed, so it takes no likelihoods"):
        parse_ledger(with_p, hs)


def test_one_coding_cited_twice_is_refused_other_words_of_the_unit_are_not() -> None:
    hs = default_hypotheses()
    item = """  - id: {id}
    description: (SYNTHETIC) a coded clause
    kind: coded_spans
    units: [{{key: "S/RES/9901 (2031)/op3", code: poc, start: {start}, end: {end}}}]
    likelihoods: {{H1: {{p: 0.4, justification: j}}, H2: {{p: 0.3, justification: j}},
                  H3: {{p: 0.2, justification: j}}, H4: {{p: 0.6, justification: j}}}}
"""
    two = "case: s\nitems:\n" + item.format(id="C1", start=0, end=40)
    overlapping = two + item.format(id="C2", start=30, end=60)
    apart = two + item.format(id="C2", start=40, end=60)
    with pytest.raises(TraceError, match="C1 and C2 rest on the same coding of 'poc'"):
        trace_case(hs, parse_ledger(overlapping, hs))
    assert len(trace_case(hs, parse_ledger(apart, hs)).inference.steps) == 2
