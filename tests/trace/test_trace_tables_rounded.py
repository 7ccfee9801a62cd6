"""The trace tables write computed values rounded to 6 decimals, the tornado's probability
range too (re-check N7: ``normtrace trace --json`` showed ``"low": 0.19999999999999998`` for
0.3 - 0.1); the computation keeps full precision.

The ledger is SYNTHETIC.
"""

from __future__ import annotations

import json

from normtrace.trace.case import trace_case
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import parse_ledger


def _item(item_id: str, h4: float, rest: float) -> str:
    return (
        f"  - id: {item_id}\n    description: (SYNTHETIC) {item_id}\n    kind: manual\n"
        "    units: [SYN/RES/1/op1]\n    likelihoods:\n"
        + "".join(f"      H{i}: {{p: {rest}, justification: j}}\n" for i in (1, 2, 3))
        + f"      H4: {{p: {h4}, justification: j}}\n"
    )


def test_the_tornado_writes_its_ranges_rounded() -> None:
    hs = default_hypotheses()
    ledger = parse_ledger("case: syn\nitems:\n" + _item("E1", 0.3, 0.7) + _item("E2", 0.6, 0.2),
                          hs)  # fmt: skip
    trace = trace_case(hs, ledger, delta=0.1)
    rows = trace.tornado_table()
    bar = next(b for b in trace.sensitivity.tornado if b.item_id == "E1" and b.hypothesis == "H4")
    assert bar.low == 0.3 - 0.1 != 0.2  # computed at full precision
    row = next(r for r in rows if r["item"] == "E1" and r["hypothesis"] == "H4")
    assert (row["low"], row["high"]) == (0.2, 0.4)
    text = json.dumps(rows)
    assert "9999999" not in text and "0000000" not in text
    for r in rows:
        for key in ("low", "high", "leader_posterior_at_low", "leader_posterior_at_high"):
            value = r[key]
            assert value is None or value == round(value, 6), (key, value)
