"""Hypothesis sets and evidence ledgers: loading, validation with file:line, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.errors import TraceError
from normtrace.trace.hypotheses import default_hypotheses, parse_hypotheses
from normtrace.trace.ledger import load_ledger, parse_ledger, save_ledger

LEDGER = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "ledger-synthetic.yaml"


def test_default_set_has_four_rivals_with_implications() -> None:
    hs = default_hypotheses()
    assert hs.ids == ("H1", "H2", "H3", "H4")
    assert sum(hs.priors.values()) == pytest.approx(1.0)
    assert all(h.implications for h in hs.hypotheses)
    assert "penholder" in hs.get("H1").statement
    with pytest.raises(TraceError, match="valid: "):
        hs.get("H9")


_BAD_PRIORS = """name: t
hypotheses:
  - id: A
    label: a
    statement: s
    prior: 0.5
    implications: [x]
  - id: B
    label: b
    statement: s
    prior: 0.6
    implications: [y]
"""


def test_hypothesis_errors_name_file_and_line() -> None:
    with pytest.raises(TraceError, match=r"^t\.yaml:2: priors must sum to 1"):
        parse_hypotheses(_BAD_PRIORS, source="t.yaml")
    bad_prior = _BAD_PRIORS.replace("prior: 0.6", "prior: 1.6")
    with pytest.raises(TraceError, match=r"^t\.yaml:11: prior of B"):
        parse_hypotheses(bad_prior, source="t.yaml")
    dup = _BAD_PRIORS.replace("id: B", "id: A").replace("prior: 0.6", "prior: 0.5")
    with pytest.raises(TraceError, match=r"^t\.yaml:8: duplicate hypothesis id 'A'"):
        parse_hypotheses(dup, source="t.yaml")
    with pytest.raises(TraceError, match=r"t\.yaml:3: .*not valid YAML"):
        parse_hypotheses("a: [\nb: c\n", source="t.yaml")
    twice = _BAD_PRIORS.replace("    prior: 0.6\n", "    prior: 0.6\n    label: again\n")
    with pytest.raises(TraceError, match=r"^t\.yaml:12: .*'label' appears twice \(first on li"):
        parse_hypotheses(twice, source="t.yaml")


def test_ledger_loads_and_round_trips(tmp_path: Path) -> None:
    hs = default_hypotheses()
    ledger = load_ledger(LEDGER, hs)
    assert [i.id for i in ledger.items] == ["E1", "E2", "E3"]
    assert ledger.items[0].likelihoods["H3"].low == 0.5
    assert ledger.items[1].units[0].code == "offensive_force"
    assert ledger.items[2].is_manual
    again = load_ledger(save_ledger(ledger, tmp_path / "out.yaml"), hs)
    assert again.items == ledger.items
    assert again.case == ledger.case


def _one_item(body: str) -> str:
    return "case: t\nitems:\n  - id: E1\n    description: d\n" + body


_LK = "    likelihoods:\n" + "".join(
    f"      H{i}: {{p: 0.5, justification: j}}\n" for i in (1, 2, 3)
)


def test_ledger_errors_name_file_and_line() -> None:
    hs = default_hypotheses()
    with pytest.raises(TraceError, match=r"^l\.yaml:6: item 'E1' must give P\(E \| H\).*'H4'"):
        parse_ledger(_one_item("    kind: manual\n" + _LK), hs, source="l.yaml")
    full = _LK + "      H4: {p: 0.5, justification: j}\n"
    with pytest.raises(TraceError, match=r"^l\.yaml:3: indicator item 'E1' must cite"):
        parse_ledger(_one_item("    kind: indicator\n" + full), hs, source="l.yaml")
    with pytest.raises(TraceError, match=r"^l\.yaml:5: kind 'hunch'"):
        parse_ledger(_one_item("    kind: hunch\n" + full), hs, source="l.yaml")
    no_reason = full.replace("H4: {p: 0.5, justification: j}", "H4: {p: 0.5}")
    with pytest.raises(TraceError, match=r"^l\.yaml:10: P\(E \| H4\) needs a justification"):
        parse_ledger(_one_item("    kind: manual\n" + no_reason), hs, source="l.yaml")
    out_of_range = full.replace(
        "H4: {p: 0.5, justification: j}", "H4: {p: 0.5, justification: j, range: [0.6, 0.9]}"
    )
    with pytest.raises(TraceError, match=r"must contain p = 0.5"):
        parse_ledger(_one_item("    kind: manual\n" + out_of_range), hs, source="l.yaml")
    parse_ledger(_one_item("    kind: manual\n" + full), hs, source="l.yaml")
