"""No pointer is dropped: a derived item cites every unit its observation rests on (the rules
cut lists at 10, frame adoption at 5 state uses, without a word), and the report shows every
passage an item quotes (a unit cited with two spans showed only the first; the answer quoted
an item's first passage without saying there are more). SYNTHETIC indicator values and texts.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.collect import CaseData
from normtrace.trace.credit import CreditSummary
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import FrameEvent, ProvenanceShares
from normtrace.trace.rules import default_rules_path, derive_ledger, load_rules
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow, Coverage
from synthetic_docs import insert_document

CASE = CaseWindow(id="syn", title="Synthetic", start="2031-01-01", end="2031-12-31",
                  terms=("Testland",), symbols=("SYN/RES/1",))  # fmt: skip
KEYS = [f"SYN/RES/1/op{n}" for n in range(1, 13)]  # twelve: more than any old cut


def _derived(rule: str, **kwargs: object) -> list[str]:
    kwargs.setdefault("frames", load_default_codebook().frame_codes())
    data = CaseData(CASE, Coverage({}, ()), [], [], **kwargs)  # type: ignore[arg-type]
    ledger, skipped = derive_ledger(data, load_rules(default_rules_path(), default_hypotheses()))
    items = {i.id: i for i in ledger.items}
    assert rule in items, skipped.get(rule)
    return [u.key for u in items[rule].units]


def test_a_derived_item_cites_every_unit_it_rests_on() -> None:
    from normtrace.reuse.secretariat import ReportPassage, SecretariatOrigin

    passages = [ReportPassage(k, f"S/2031/1/p{n}", "S/2031/1", "2031-02-01", "Observations",
                              "observations", 3, 1, 1, "…", "…")
                for n, k in enumerate(KEYS)]  # fmt: skip
    origin = SecretariatOrigin("SYN/RES/1", "2031-03-01", "X", None, "SYN/RES/0",
                               400, 100, 25, 30, 12, passages)  # fmt: skip
    assert _derived("R6", secretariat=origin) == KEYS
    prov = ProvenanceShares("SYN/RES/1", 100, {"resolution": 0.7, "secretariat": 0.3},
                            {"resolution": 12}, {"resolution": KEYS})  # fmt: skip
    assert _derived("R3", provenance=prov) == KEYS
    # a resolution that credits no Secretary-General document rests on all its operative
    # paragraphs
    none = CreditSummary("SYN/RES/1", ())
    assert _derived("R8", credits=none, key_operative=tuple(KEYS)) == KEYS
    # the Secretariat's first use and every state use after it (not the first five)
    states = [FrameEvent(f"2031-0{m}-01", "elected_member", "intervention_brigade",
                         f"SYN/PV.{m}/s001") for m in range(2, 10)]  # fmt: skip
    first = FrameEvent("2031-01-15", "secretariat", "intervention_brigade", "S/2031/1/p1")
    assert _derived("R2", frame_events=(first, *states), state_speeches=8) == [
        first.key,
        *(e.key for e in states),
    ]


OP2 = "SYN/RES/1/op2"
TEXT = "Welcomes the report of the Secretary-General and takes note of its recommendations;"
LEDGER = f"""case: syn
items:
  - id: E-two
    description: (SYNTHETIC) the resolution welcomes the report and notes its recommendations
    kind: manual
    units:
      - {{key: {OP2}, start: 0, end: 48}}
      - {{key: {OP2}, start: 49, end: 82}}
    likelihoods:
      H1: {{p: 0.3, justification: j}}
      H2: {{p: 0.3, justification: j}}
      H3: {{p: 0.3, justification: j}}
      H4: {{p: 0.7, justification: j}}
"""


def test_the_report_shows_every_passage_an_item_quotes(tmp_path: Path) -> None:
    assert TEXT[0:48] == "Welcomes the report of the Secretary-General and"
    assert TEXT[49:82] == "takes note of its recommendations"
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(
                conn,
                "SYN/RES/1",
                [("SYN/RES/1/op1", "operative", "Testland;"), (OP2, "operative", TEXT)],
                date="2031-03-01",
            )
            insert_document(conn, "SYN/RES/2", [("SYN/RES/2/op1", "operative", "Testland;")],
                            date="2031-09-01")  # fmt: skip
        ledger = tmp_path / "mine.yaml"
        ledger.write_text(LEDGER, encoding="utf-8")
        run = run_trace(store, CASE, ledger=ledger)
        assert run.left_out == ()
        page = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
    quoted = page[page.index("<h3>Quoted text</h3>") :]
    assert "takes note of its recommendations" in quoted  # the second span
    assert "Welcomes the report of the Secretary-General and" in quoted
    assert "characters 0–48, cited by E-two" in quoted
    assert "characters 49–82, cited by E-two" in quoted
    assert "cited by E-two, E-two" not in page
    answer = page[: page.index('<section id="coverage">')]
    assert "and 1 more cited passage(s): see" in answer
    assert f"{OP2} [0:48]" in page and f"{OP2} [49:82]" in page  # the item's texts, both spans
