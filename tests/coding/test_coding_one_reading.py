"""One reading of what is coded: when one coder accepts a candidate and another rejects it,
the accept is the first coder's coding, and freq, first use, the case report's frame
events, ledger citations (all reading :data:`normtrace.coding.counts.CODED`) and the
passages table hold it; ``code list`` and the table call the candidate disputed. Real
S/RES/2098 (2013) paragraphs (tests/coding)."""

from __future__ import annotations

from normtrace.coding.counts import code_frequencies
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.dictionary.candidates import candidate_rows
from normtrace.coding.exchange.tables import PassageFilter, passages
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import record_verdict
from normtrace.reuse.first import first_appearance
from normtrace.store.db import Store
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import parse_ledger
from normtrace.trace.store_indicators import frame_events
from normtrace.trace.store_trace import CaseWindow, check_citations

BRIGADE = "S/RES/2098 (2013)/op12/b"
CASE = CaseWindow(id="t", title="t", start="2013-01-01", end="2013-12-31",
                  symbols=("S/RES/2098 (2013)",))  # fmt: skip
LEDGER = f"""case: t
items:
  - id: E1
    description: d
    kind: coded_spans
    units:
      - {{key: "{BRIGADE}", code: intervention_brigade}}
    likelihoods:
      H1: {{p: 0.6, justification: j}}
      H2: {{p: 0.4, justification: j}}
      H3: {{p: 0.5, justification: j}}
      H4: {{p: 0.5, justification: j}}
"""


def _seen(store: Store) -> dict[str, int | bool]:
    """In how many units freq and first hold the brigade's code (the dictionary proposes it
    in 5), and whether the report's frame events hold it on ``BRIGADE``."""
    freq = code_frequencies(store, by="year", codes=["intervention_brigade"])
    first = first_appearance(store, code="intervention_brigade")
    events = {e.key for e in frame_events(store, CASE) if e.code == "intervention_brigade"}
    return {
        "freq": sum(r.units for r in freq),
        "first": len({o.key for o in first.occurrences}),
        "report": BRIGADE in events,
    }


def test_an_accept_another_coder_rejected_counts_in_every_reader(store: Store) -> None:
    apply_codebook(store, load_default_codebook())
    (cid,) = [int(r[0]) for r in store.conn.execute(
        "SELECT id FROM current_auto_codings WHERE unit_key = ? AND code = ?",
        (BRIGADE, "intervention_brigade"))]  # fmt: skip
    ledger = parse_ledger(LEDGER, default_hypotheses())
    record_verdict(store, coder="ben", auto_coding_id=cid, verdict="reject")
    assert _seen(store) == {"freq": 4, "first": 4, "report": False}
    (row,) = candidate_rows(store, unit_key=BRIGADE, code="intervention_brigade")
    assert row["status"] == "rejected"
    record_verdict(store, coder="ana", auto_coding_id=cid, verdict="accept")
    assert _seen(store) == {"freq": 5, "first": 5, "report": True}
    check_citations(ledger, store)  # the accept is ana's coding: the citation holds
    (row,) = candidate_rows(store, unit_key=BRIGADE, code="intervention_brigade")
    assert (row["status"], row["verdicts"]) == ("disputed", "ana:accept ben:reject")
    # the passages table (`code export --passages`, the workbench's code page) lists it so
    listed = passages(store, PassageFilter(code="intervention_brigade", sources=("candidate",)))
    assert [p.status for p in listed if p.unit_key == BRIGADE] == ["disputed"]


def test_removing_an_accept_says_how_to_take_it_back(store: Store) -> None:
    """A researcher's months: `code remove` on her accepted candidate said she held no coding
    there, though the accept counts as her coding everywhere else."""
    import pytest

    from normtrace.coding.human.events import remove_code
    from normtrace.errors import CodingError

    apply_codebook(store, load_default_codebook())
    row = store.conn.execute(
        'SELECT id, start, "end" FROM current_auto_codings WHERE unit_key = ? AND code = ?',
        (BRIGADE, "intervention_brigade"),
    ).fetchone()
    record_verdict(store, coder="ana", auto_coding_id=int(row[0]), verdict="accept")
    with pytest.raises(CodingError, match=f"code verdict c{row[0]} reject --coder ana"):
        remove_code(store, coder="ana", unit_key=BRIGADE, start=int(row[1]), end=int(row[2]),
                    code="intervention_brigade")  # fmt: skip


def test_accepting_one_candidate_is_no_reading_of_the_units_other_codes(store: Store) -> None:
    """A researcher's months: two coders who only accepted one candidate of a unit were
    counted as agreeing that the unit's other candidates' codes were absent."""
    from normtrace.coding.human.agreement import agreement
    from normtrace.coding.human.events import add_code

    apply_codebook(store, load_default_codebook())
    (cid,) = [int(r[0]) for r in store.conn.execute(
        "SELECT id FROM current_auto_codings WHERE unit_key = ? AND code = ?",
        (BRIGADE, "intervention_brigade"))]  # fmt: skip
    for coder in ("ana", "ben"):
        record_verdict(store, coder=coder, auto_coding_id=cid, verdict="accept")
        # each applies neutralize_disarm somewhere else, so the code is compared
        add_code(store, coder=coder, unit_key="S/RES/2098 (2013)/op09", start=0, end=9,
                 code="neutralize_disarm")  # fmt: skip
    rows = {r.code: r.unit_keys for r in agreement(store).rows}
    assert BRIGADE in rows["intervention_brigade"]
    assert BRIGADE not in rows.get("neutralize_disarm", ())
