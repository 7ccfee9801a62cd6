"""Every number of the evidence ledger points back to text: an item whose pointer is broken
(no unit, a unit the project does not hold, a span beyond its unit, a quote that is not the
unit's stored text) is left out of the posterior, with one line saying what, where and what
to do, on every surface: the library's run, the trace table, --json, the saved ledger, the
HTML report, the recorded run and the exit status. Documents and ledger are SYNTHETIC.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.report.html import write_report
from normtrace.report.html_parts import esc
from normtrace.store.db import Store
from normtrace.trace.case import trace_case
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import Ledger, load_ledger, parse_ledger
from normtrace.trace.pointers import left_out, words
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow
from synthetic_docs import insert_document

OP1, OP2 = "SYN/RES/1/op1", "SYN/RES/1/op2"
TEXTS = {
    OP1: "Decides to extend the SYNTHETIC mission of Testland until 31 December 2031;",
    OP2: "Welcomes the report of the Secretary-General and\ntakes  note of its recommendations;",
}
CASE = CaseWindow(id="syn", title="Synthetic", start="2031-01-01", end="2031-12-31",
                  terms=("Testland",), symbols=("SYN/RES/1",))  # fmt: skip
CASE_YAML = ("id: syn\ntitle: Synthetic\nstart: 2031-01-01\nend: 2031-12-31\n"
             "terms: [Testland]\nsymbols: [SYN/RES/1]\n")  # fmt: skip
INVENTED = "Authorizes the SYNTHETIC mission to use all necessary means"


def _item(item_id: str, units: str, h4: float = 0.9) -> str:
    rest = round(1 - h4, 3)
    return (
        f"  - id: {item_id}\n    description: (SYNTHETIC) {item_id}\n    kind: manual\n"
        f"    units: {units}\n    likelihoods:\n"
        + "".join(f"      H{i}: {{p: {rest}, justification: j}}\n" for i in (1, 2, 3))
        + f"      H4: {{p: {h4}, justification: j}}\n"
    )


#: E-good holds (its quote differs from the text in whitespace only); every other is broken
ITEMS = {
    "E-good": _item("E-good", f'[{{key: {OP2}, quote: "takes note of its recommendations"}}]',
                    0.6),
    "E-ghost": _item("E-ghost", "[{key: SYN/RES/1/op99}]"),
    "E-misquote": _item("E-misquote", f'[{{key: {OP1}, quote: "{INVENTED}"}}]'),
    "E-nounits": _item("E-nounits", "[]"),
    "E-offsets": _item("E-offsets", f'[{{key: {OP1}, start: 0, end: 7, quote: "Welcomes"}}]'),
    "E-beyond": _item("E-beyond", f"[{{key: {OP1}, start: 10, end: 500}}]"),
}  # fmt: skip
BROKEN = ["E-ghost", "E-misquote", "E-nounits", "E-offsets", "E-beyond"]


def _ledger_text(ids: list[str]) -> str:
    return "case: syn\nitems:\n" + "".join(ITEMS[i] for i in ids)


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        insert_document(conn, "SYN/RES/1", [(k, "operative", t) for k, t in TEXTS.items()],
                        date="2031-03-01")  # fmt: skip
        # a second dated document: the report's chronology needs two dates to draw an axis
        insert_document(conn, "SYN/RES/2", [("SYN/RES/2/op1", "operative", "Testland;")],
                        date="2031-09-01")  # fmt: skip
    return store


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    db = tmp_path / "p.db"
    _project(db).close()
    case = tmp_path / "syn.yaml"
    case.write_text(CASE_YAML, encoding="utf-8")
    ledger = tmp_path / "mine.yaml"
    ledger.write_text(_ledger_text(list(ITEMS)), encoding="utf-8")
    return db, case, ledger


def test_each_broken_pointer_is_named_and_nothing_else() -> None:
    hs = default_hypotheses()
    ledger = parse_ledger(_ledger_text(list(ITEMS)), hs, source="mine.yaml")
    found = {lo.item: lo for lo in left_out(ledger, TEXTS)}
    assert list(found) == BROKEN
    for lo in found.values():
        assert "\n" not in lo.line()
        assert lo.line().startswith(f"mine.yaml:{lo.where.split(':')[1]}: item {lo.item} left ")
    assert "SYN/RES/1/op99 is not a unit of the project; correct the key" in found[
        "E-ghost"].reason  # fmt: skip
    assert f"its quote of {OP1} ('Authorizes the SYNTHETIC" in found["E-misquote"].reason
    assert "is not in the unit's stored text; copy the words" in found["E-misquote"].reason
    assert found["E-nounits"].reason.startswith("it cites no text; list the unit keys")
    assert f"{OP1} [0:7] is not the stored text at those offsets ('Decides')" in found[
        "E-offsets"].reason  # fmt: skip
    beyond = f"[10:500] of {OP1} ends beyond the unit's {len(TEXTS[OP1])} characters"
    assert beyond in found["E-beyond"].reason
    # whitespace is all the comparison folds: case and words count
    assert words(TEXTS[OP2]).endswith("takes note of its recommendations;")
    upper = parse_ledger(_ledger_text(["E-good"]).replace("takes note", "Takes note"), hs)
    assert [lo.item for lo in left_out(upper, TEXTS)] == ["E-good"]


def test_a_broken_item_moves_no_posterior(tmp_path: Path) -> None:
    hs = default_hypotheses()
    with _project(tmp_path / "p.db") as store:
        ledger = tmp_path / "mine.yaml"
        ledger.write_text(_ledger_text(list(ITEMS)), encoding="utf-8")
        run = run_trace(store, CASE, ledger=ledger, record=True)
        assert [lo.item for lo in run.left_out] == BROKEN
        assert run.trace is not None
        assert [i.id for i in run.trace.ledger.items] == ["E-good"]
        alone = trace_case(hs, parse_ledger(_ledger_text(["E-good"]), hs))
        assert run.trace.inference.posterior == pytest.approx(alone.inference.posterior)
        assert run.trace.inference.posterior["H4"] == pytest.approx(0.6 / (0.6 + 3 * 0.4))
        # the saved ledger keeps every item as given, the good one's quote as written
        assert run.ledger is not None and [i.id for i in run.ledger.items] == list(ITEMS)
        assert "5 evidence item(s) left out of the posterior" in run.left_out_summary()
        assert "the posteriors weigh the other 1" in run.left_out_summary()
        # the recorded run says so
        summary = json.loads(store.conn.execute(
            "SELECT summary FROM runs WHERE id = ?", (run.run_id,)).fetchone()[0])  # fmt: skip
        assert [r["item"] for r in summary["left_out"]] == BROKEN
        # every item broken: nothing is weighed, and the run says why
        only = tmp_path / "broken.yaml"
        only.write_text(_ledger_text(["E-ghost", "E-nounits"]), encoding="utf-8")
        none = run_trace(store, CASE, ledger=only)
        assert none.trace is None
        assert any("every evidence item was left out" in p for p in none.problems)


def test_the_trace_command_reports_and_fails(tmp_path: Path) -> None:
    db, case, ledger = _files(tmp_path)
    saved = tmp_path / "saved.yaml"
    args = ["--project", str(db), "trace", str(case), "--ledger", str(ledger)]
    table = CliRunner().invoke(cli, [*args, "--save-ledger", str(saved)])
    assert table.exit_code == 1, table.output
    lines = table.output.splitlines()
    ghost = [ln for ln in lines if "item E-ghost left out" in ln]
    assert ghost and ghost[0].startswith(f"left out: {ledger}:")
    assert sum(ln.startswith("left out: ") for ln in lines) == len(BROKEN) + 1
    assert "E-ghost H4" not in table.output and "E-good H4" in table.output
    assert lines[lines.index(next(ln for ln in lines if ln.startswith("Leading"))) + 1] == (
        f"left out: {len(BROKEN)} evidence item(s) left out of the posterior because a pointer "
        f"to the text is broken ({', '.join(BROKEN)}); the posteriors weigh the other 1. Fix "
        "each as its line says and run it again."
    )
    # the saved ledger: every item as given (a human's work is kept), the reasons on top
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# normtrace: 5 evidence item(s) left out of the posterior")
    assert f"# - {ledger}:" in text and INVENTED in text
    again = load_ledger(saved, default_hypotheses())
    assert [i.id for i in again.items] == list(ITEMS)
    resaved = CliRunner().invoke(cli, [*args[:4], "--ledger", str(saved), "--json"])
    assert resaved.exit_code == 1
    data = json.loads(resaved.stdout)
    assert [r["item"] for r in data["left_out"]] == BROKEN
    assert data["left_out"][0]["line"].startswith(f"{saved}:")
    assert {r["item"] for r in data["evidence"]} == {"E-good"}
    assert "left out of the posterior" in data["left_out_summary"]
    assert "left out: 5 evidence item(s) left out" in resaved.stderr
    good = tmp_path / "good.yaml"
    good.write_text(_ledger_text(["E-good"]), encoding="utf-8")
    fine = CliRunner().invoke(cli, [*args[:4], "--ledger", str(good)])
    assert fine.exit_code == 0, fine.output
    assert "left out" not in fine.output


def test_the_report_lists_them_and_never_prints_a_broken_quote_as_text(tmp_path: Path) -> None:
    db, case, ledger = _files(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["--project", str(db), "report", str(case), "--ledger", str(ledger), "-o", str(out)]
    )
    assert done.exit_code == 1, done.output
    assert "left out: 5 evidence item(s) left out of the posterior" in done.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Left out:" in page
    assert "SYN/RES/1/op99 is not a unit of the project" in page
    # the invented words appear once: named in their item's reason, never as the unit's text
    left = page[page.index('id="left-out"') :]
    assert page.count(INVENTED) == 1 and INVENTED in left[: left.index("</div>")]
    assert INVENTED not in page[page.index("<h3>Quoted text</h3>") :]
    assert "takes note of its recommendations" in page
    rows = (out / "data" / "left_out.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "item,where,reason" and len(rows) == 1 + len(BROKEN)


def test_a_ledger_with_no_broken_pointer_writes_no_left_out_list(tmp_path: Path) -> None:
    hs = default_hypotheses()
    with _project(tmp_path / "p.db") as store:
        good = tmp_path / "good.yaml"
        good.write_text(_ledger_text(["E-good"]), encoding="utf-8")
        run = run_trace(store, CASE, ledger=good)
        assert run.left_out == () and run.left_out_summary() == ""
        page = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
        assert "Left out" not in page
        assert not (tmp_path / "out" / "data" / "left_out.csv").exists()
        assert isinstance(run.ledger, Ledger)
        assert hs.ids == ("H1", "H2", "H3", "H4")


def test_a_corroborating_item_with_a_broken_pointer_is_named_as_never_weighed(
    tmp_path: Path,
) -> None:
    """Re-check N5: a broken pointer only in a corroborating item (weighed in no case) made
    the summary say "1 evidence item(s) left out of the posterior" though no posterior
    changed, and the report said "error:" where trace said "left out:". The status stays 1:
    a broken pointer anywhere in a ledger is bad input."""
    db, case, _ = _files(tmp_path)
    good = _ledger_text(["E-good"])
    ledger = tmp_path / "corr.yaml"
    ledger.write_text(
        good + "corroborating:\n  - id: C-ghost\n    description: (SYNTHETIC) C-ghost\n"
        "    kind: manual\n    units: [{key: SYN/RES/1/op99}]\n    corroborates: E-good\n"
        "    why: SYNTHETIC restatement\n",
        encoding="utf-8",
    )
    with Store.open(db) as store:
        run = run_trace(store, CASE, ledger=ledger)
        (lo,) = run.left_out
        alone = tmp_path / "good.yaml"
        alone.write_text(good, encoding="utf-8")
        plain = run_trace(store, CASE, ledger=alone)
    assert run.trace is not None and plain.trace is not None
    assert run.trace.inference.posterior == pytest.approx(plain.trace.inference.posterior)
    assert lo.kind == "corroborating" and lo.to_json()["kind"] == "corroborating"
    assert lo.line().startswith(
        f"{ledger}:13: corroborating item C-ghost, not weighed in any case; its pointer is "
        "broken: SYN/RES/1/op99 is not a unit of the project"
    )
    summary = run.left_out_summary()
    assert "left out of the posterior" not in summary
    assert summary == (
        "1 corroborating item(s) with a broken pointer (C-ghost), not weighed in any case, so "
        "no posterior is changed. Fix each as its line says and run it again."
    )
    args = ["--project", str(db), "trace", str(case), "--ledger", str(ledger)]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 1, table.output
    assert f"left out: {lo.line()}" in table.output.splitlines()
    assert f"left out: {summary}" in table.output.splitlines()
    as_json = CliRunner().invoke(cli, [*args, "--json"])
    assert as_json.exit_code == 1 and as_json.stderr.strip() == f"left out: {summary}"
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["--project", str(db), "report", str(case), "--ledger",
                                    str(ledger), "-o", str(out)])  # fmt: skip
    assert done.exit_code == 1 and done.stderr.strip() == f"left out: {summary}"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "left out of the posterior" not in page
    assert esc(lo.line()) in page
