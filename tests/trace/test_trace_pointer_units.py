"""The ledger's pointer check reads every unit kind the project stores, and checks the
corroborating items too (review R3 F1, F4, F9).

* a paragraph of a speech (``SYN/PV.1/s002/p01``, as ``normtrace export paragraphs`` lists it)
  is a unit of the project: an item citing it is weighed, its quote filled and its date read
  by the one look-up of a unit key (:func:`normtrace.trace.store_trace.stored_units`);
* a corroborating item with a broken pointer is named left out; one whose weighed item is
  left out is named too, in a ledger written by hand (it carries no likelihoods), while in a
  derived ledger the item restating a left-out one is weighed in its place;
* the report's "Quoted text" writes the anchor of every unit a corroborating item links to.

Documents, ledgers and rules are SYNTHETIC.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from normtrace.report.html import write_report
from normtrace.report.html_parts import anchor, esc
from normtrace.store.db import Store
from normtrace.trace.annotate import unit_dates
from normtrace.trace.case import trace_case
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import (
    EvidenceItem,
    IndicatorRef,
    Ledger,
    Likelihood,
    UnitRef,
    parse_ledger,
)
from normtrace.trace.overlap import settle
from normtrace.trace.rulefile import Rule, RuleSet
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow, fill_quotes
from synthetic_docs import insert_document, insert_meeting

OP1, OP2 = "SYN/RES/1/op1", "SYN/RES/1/op2"
TEXTS = {
    OP1: "Decides to extend the SYNTHETIC mission of Testland until 31 December 2031;",
    OP2: "Welcomes the report of the Secretary-General and takes note of its recommendations;",
}
PV = "SYN/PV.1"
P01, P02 = f"{PV}/s002/p01", f"{PV}/s002/p02"
PARAS = {
    P01: "Testland's SYNTHETIC delegation welcomes the robust posture of the mission.",
    P02: "We call on all parties to respect the SYNTHETIC ceasefire.",
}
RETIRED = f"{PV}/s003/p01"  # a paragraph of a speech a later ingest replaced
CASE = CaseWindow(id="syn", title="Synthetic", start="2031-01-01", end="2031-12-31",
                  terms=("Testland",), symbols=("SYN/RES/1", PV))  # fmt: skip


def _speech_paragraphs(conn: sqlite3.Connection, doc: int, key: str, paras: dict[str, str]) -> None:
    (speech,) = conn.execute(
        "SELECT id FROM speeches WHERE document_id = ? AND key = ?", (doc, key)
    ).fetchone()
    conn.executemany(
        "INSERT INTO paragraphs (document_id, speech_id, key, kind, ord, text) "
        "VALUES (?, ?, ?, 'paragraph', ?, ?)",
        [(doc, speech, k, n, t) for n, (k, t) in enumerate(paras.items())],
    )


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/RES/1", [(k, "operative", t) for k, t in TEXTS.items()],
                        date="2031-03-01")  # fmt: skip
        insert_document(conn, "SYN/RES/2", [("SYN/RES/2/op1", "operative", "Testland;")],
                        date="2031-09-01")  # fmt: skip
        doc = insert_meeting(
            conn,
            PV,
            ["The President (SYNTHETIC).", " ".join(PARAS.values()), "Withdrawn."],
            date="2031-05-02",
        )
        _speech_paragraphs(conn, doc, f"{PV}/s002", PARAS)
        _speech_paragraphs(conn, doc, f"{PV}/s003", {RETIRED: "Withdrawn."})
        conn.execute("UPDATE speeches SET is_current = 0 WHERE key = ?", (f"{PV}/s003",))
        # the same meeting in the corpus edition: a key both editions hold reads the record's
        corpus = conn.execute(
            "INSERT INTO documents (symbol, edition, doc_type, date, year, parser) "
            "VALUES (?, 'corpus', 'corpus_meeting', '2031-05-02', 2031, 'test')",
            (PV,),
        ).lastrowid
        conn.execute(
            "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES (?, ?, 2, "
            "'Speaker 2', 'The corpus transcript of the SYNTHETIC speech.')",
            (corpus, f"{PV}/s002"),
        )
    return store


def _item(item_id: str, units: str, h4: float) -> str:
    rest = round(1 - h4, 3)
    return (
        f"  - id: {item_id}\n    description: (SYNTHETIC) {item_id}\n    kind: manual\n"
        f"    units: {units}\n    likelihoods:\n"
        + "".join(f"      H{i}: {{p: {rest}, justification: j}}\n" for i in (1, 2, 3))
        + f"      H4: {{p: {h4}, justification: j}}\n"
    )


def _corroborating(item_id: str, target: str, units: str) -> str:
    return (
        f"  - id: {item_id}\n    description: (SYNTHETIC) {item_id}\n    kind: manual\n"
        f"    units: {units}\n    corroborates: {target}\n    why: SYNTHETIC restatement\n"
    )


def test_every_unit_kind_is_read_by_one_look_up(tmp_path: Path) -> None:
    from normtrace.trace.store_trace import stored_units

    with _project(tmp_path / "p.db") as store:
        found = stored_units(store, [P01, P02, f"{PV}/s002", OP1, RETIRED, "SYN/RES/1/op9"])
        assert sorted(found) == sorted([P01, P02, f"{PV}/s002", OP1])
        assert found[P01].text == PARAS[P01] and found[P01].date == "2031-05-02"
        assert found[f"{PV}/s002"].text == " ".join(PARAS.values())  # the record's, not corpus
        assert found[OP1].date == "2031-03-01"
        assert unit_dates(store, [P01, RETIRED]) == {P01: "2031-05-02"}
        ledger = parse_ledger("case: syn\nitems:\n" + _item("E1", f"[{P02}]", 0.7),
                              default_hypotheses())  # fmt: skip
        filled, unknown = fill_quotes(ledger, store)
        assert unknown == [] and filled.items[0].units[0].quote == PARAS[P02]


def test_an_item_citing_a_paragraph_of_a_speech_is_weighed(tmp_path: Path) -> None:
    hs = default_hypotheses()
    text = (
        "case: syn\nitems:\n"
        + _item("E-speech", f'[{{key: {P01}, quote: "welcomes the robust posture"}}]', 0.8)
        + _item("E-res", f"[{OP2}]", 0.6)
    )
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with _project(tmp_path / "p.db") as store:
        run = run_trace(store, CASE, ledger=path)
        assert run.left_out == ()
        assert run.trace is not None
        assert [i.id for i in run.trace.ledger.items] == ["E-speech", "E-res"]
        both = trace_case(hs, parse_ledger(text, hs))
        assert run.trace.inference.posterior == pytest.approx(both.inference.posterior)
        # a quote that is not the speech paragraph's text is still refused
        path.write_text(text.replace("robust posture", "offensive posture"), encoding="utf-8")
        (lo,) = run_trace(store, CASE, ledger=path).left_out
        assert lo.item == "E-speech" and f"its quote of {P01}" in lo.reason


def test_corroborating_items_are_pointer_checked(tmp_path: Path) -> None:
    text = (
        "case: syn\nitems:\n"
        + _item("E1", "[SYN/RES/1/op99]", 0.9)
        + _item("E-good", f"[{OP2}]", 0.6)
        + "corroborating:\n"
        + _corroborating("E2", "E1", f'[{{key: {OP1}, quote: "Decides to extend"}}]')
        + _corroborating("E3", "E-good", f'[{{key: {OP2}, quote: "Authorizes all means"}}]')
        + _corroborating("E4", "E-good", f"[{P01}]")
    )
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with _project(tmp_path / "p.db") as store:
        run = run_trace(store, CASE, ledger=path)
    reasons = {lo.item: lo.reason for lo in run.left_out}
    assert list(reasons) == ["E1", "E2", "E3"]
    assert reasons["E2"].startswith("it restates E1, which is left out, and a corroborating item")
    assert "weigh E2 in its place" in reasons["E2"]
    assert f"its quote of {OP2} ('Authorizes all means')" in reasons["E3"]
    kinds = {lo.item: lo.kind for lo in run.left_out}
    assert kinds == {"E1": "item", "E2": "restating", "E3": "corroborating"}
    (e3,) = (lo for lo in run.left_out if lo.item == "E3")
    assert ": corroborating item E3, not weighed in any case; its pointer is broken: " in (
        e3.line()
    )
    assert run.trace is not None
    assert [i.id for i in run.trace.ledger.items] == ["E-good"]
    # only E4 stands beside a weighed item; no note says E2 corroborates the left-out E1
    assert [c.id for c in run.trace.ledger.corroborating] == ["E4"]
    assert not any("E2 corroborates" in n for n in run.trace.notes())
    assert run.trace.ledger.corroborating[0].units[0].quote == PARAS[P01]  # filled
    # the saved ledger keeps every item as given, the false quote as written
    assert run.ledger is not None
    assert [c.id for c in run.ledger.corroborating] == ["E2", "E3", "E4"]
    assert run.ledger.corroborating[1].units[0].quote == "Authorizes all means"


def _lk(h4: float) -> dict[str, Likelihood]:
    rest = round(1 - h4, 3)
    return {**{f"H{i}": Likelihood(rest, "j") for i in (1, 2, 3)}, "H4": Likelihood(h4, "j")}


#: SYNTHETIC derived items: R6 cites a unit the project lacks, R3 (which the rules declare
#: corroborates R6: the same data) cites a held one
DERIVED = {
    "R6": EvidenceItem("R6", "(SYNTHETIC) R6", "indicator", _lk(0.8),
                       (UnitRef("SYN/RES/1/op99"),), (IndicatorRef("provenance_shares", {}),)),
    "R3": EvidenceItem("R3", "(SYNTHETIC) R3", "indicator", _lk(0.7),
                       (UnitRef(OP1),), (IndicatorRef("secretariat_origin", {}),)),
    "R9": EvidenceItem("R9", "(SYNTHETIC) R9", "indicator", _lk(0.4),
                       (UnitRef(OP2),), (IndicatorRef("frame_first_use", {}),)),
}  # fmt: skip
RULES = RuleSet("syn", (), (Rule("R6", "provenance_shares", "?", {}),
                            Rule("R3", "secretariat_origin", "?", {}, corroborates="R6"),
                            Rule("R9", "frame_first_use", "?", {})),
                source="syn-rules.yaml")  # fmt: skip


def _derive(data: Any, rules: RuleSet, *, store: Any = None) -> tuple[Ledger, dict[str, str]]:
    """derive_ledger's shape over the SYNTHETIC items of the rules given, settled by the one
    rule (:func:`normtrace.trace.overlap.settle`)."""
    items = tuple(DERIVED[r.id] for r in rules.rules)
    declared = {r.id: r.corroborates for r in rules.rules if r.corroborates}
    return settle(Ledger("syn", items, rules.source, derived=True), declared), {}


def test_a_derived_item_restating_a_left_out_one_is_weighed_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normtrace.trace.pointers import weigh

    hs = default_hypotheses()
    first, _ = _derive(None, RULES)
    assert [c.id for c in first.corroborating] == ["R3"]  # settled: R3 restates R6
    with _project(tmp_path / "p.db") as store:
        again: list[frozenset[str]] = []

        def rederive(out: frozenset[str]) -> Ledger:
            again.append(out)
            fewer = RuleSet("syn", (), tuple(r for r in RULES.rules if r.id not in out))
            return _derive(None, fewer)[0]

        given, kept, left = weigh(first, store, rederive)
        assert again == [frozenset({"R6"})]
        assert [lo.item for lo in left] == ["R6"]
        assert [i.id for i in kept.items] == ["R3", "R9"] and kept.corroborating == ()
        assert sorted(i.id for i in given.items) == ["R3", "R6", "R9"]
        # through run_trace: the rules are derived again without R6, and R3 is weighed
        monkeypatch.setattr("normtrace.trace.run.load_rules", lambda path, hs: RULES)
        monkeypatch.setattr("normtrace.trace.run.derive_ledger", _derive)
        run = run_trace(store, CASE, rules="syn-rules.yaml")
    assert [lo.item for lo in run.left_out] == ["R6"]
    assert run.trace is not None
    assert sorted(i.id for i in run.trace.ledger.items) == ["R3", "R9"]
    alone = trace_case(hs, Ledger("syn", (DERIVED["R9"], DERIVED["R3"]), derived=True))
    assert run.trace.inference.posterior == pytest.approx(alone.inference.posterior)
    assert not any("corroborates R6" in n for n in run.trace.notes())


def test_the_report_writes_every_anchor_a_corroborating_item_links_to(tmp_path: Path) -> None:
    text = (
        "case: syn\nitems:\n"
        + _item("E-good", f"[{OP2}]", 0.6)
        + "corroborating:\n"
        + _corroborating("E4", "E-good", f"[{P01}]")
    )
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with _project(tmp_path / "p.db") as store:
        run = run_trace(store, CASE, ledger=path)
        page = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
    link = f'href="#{anchor("q", P01)}"'
    assert link in page
    assert f'id="{anchor("q", P01)}"' in page
    assert esc(PARAS[P01]) in page
