"""Every output of ``normtrace trace`` carries each item's measured error and its units outside
the case window (new user F4, F12); the report ranks "the evidence that moves it most" by how
far each item moved the leader's posterior and says why two likelihood ratios differ (F9).
Documents, codings, codebook and probabilities are SYNTHETIC."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.measured_error import CodeValidity
from normtrace.store.db import Store
from normtrace.trace.annotate import measured_errors
from normtrace.trace.case import trace_case
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.inference import posterior_only
from normtrace.trace.ledger import EvidenceItem, Likelihood, UnitRef, parse_ledger
from synthetic_docs import insert_document

BOOK = Codebook(name="syn", codes=(Code(id="poc", name="PoC (SYNTHETIC)"),))
CASE_YAML = """id: syn
title: SYNTHETIC case
start: 2001-01-01
end: 2001-12-31
terms: [Testland]
"""


def _lk(**ps: float) -> dict[str, Likelihood]:
    return {h: Likelihood(p, "(SYNTHETIC)") for h, p in ps.items()}


LEDGER = """case: syn
items:
  - id: E-in
    description: (SYNTHETIC) a coded clause of the case's own resolution
    kind: coded_spans
    units: [{key: SYN/RES/1/op1, code: poc}]
    likelihoods: {H1: {p: 0.3, justification: j}, H2: {p: 0.4, justification: j},
                  H3: {p: 0.5, justification: j}, H4: {p: 0.8, justification: j}}
  - id: E-later
    description: (SYNTHETIC) a clause of a resolution four years after the case
    kind: coded_spans
    units: [{key: SYN/RES/9/op1, code: poc}]
    likelihoods: {H1: {p: 0.5, justification: j}, H2: {p: 0.5, justification: j},
                  H3: {p: 0.4, justification: j}, H4: {p: 0.6, justification: j}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        with store.transaction() as conn:
            docs = (("SYN/RES/1", "2001-03-01"), ("SYN/RES/2", "2001-10-01"),
                    ("SYN/RES/9", "2005-06-01"))  # fmt: skip
            for symbol, date in docs:
                insert_document(conn, symbol, [(f"{symbol}/op1", "operative",
                                                "Decides that Testland shall protect civilians;")],
                                date=date)  # fmt: skip
        register_codebook(store, BOOK)
        for key in ("SYN/RES/1/op1", "SYN/RES/9/op1"):
            add_code(store, coder="ana", unit_key=key, start=0, end=7, code="poc")
    (tmp_path / "case.yaml").write_text(CASE_YAML, "utf-8")
    (tmp_path / "ledger.yaml").write_text(LEDGER, "utf-8")
    return tmp_path


def _trace(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(folder / "p.db"), "trace",
                                      str(folder / "case.yaml"), "--ledger",
                                      str(folder / "ledger.yaml"), *args])  # fmt: skip
    return result.exit_code, result.output


def test_the_table_the_json_and_the_saved_ledger_carry_the_flags(project: Path) -> None:
    code, text = _trace(project)
    assert code == 0, text
    # the code was never measured in this project: every item on it is unvalidated
    assert "E-in measured error of poc: unvalidated: never measured" in text
    assert (
        "E-later cites units outside the case window: SYN/RES/9/op1 (2005-06-01, after the "
        "case window 2001-01-01 to 2001-12-31)" in text
    )
    assert "E-in cites units outside" not in text

    code, out = _trace(project, "--json", "--save-ledger", str(project / "saved.yaml"))
    assert code == 0, out
    data = json.loads(out[out.index("{") :])
    rows = {r["item"]: r for r in data["evidence"]}
    assert rows["E-in"]["unvalidated"] is True and rows["E-in"]["outside_window"] == ""
    assert rows["E-in"]["measured_error"].startswith("poc: unvalidated: never measured")
    assert rows["E-later"]["outside_window"].startswith("SYN/RES/9/op1 (2005-06-01, after")
    assert any("E-later cites units outside the case window" in n for n in data["notes"])

    saved = yaml.safe_load((project / "saved.yaml").read_text("utf-8"))
    items = {i["id"]: i for i in saved["items"]}
    (measured,) = items["E-in"]["measured_error"]
    assert measured["code"] == "poc" and measured["validated"] is False
    assert items["E-later"]["outside_window"] == [{
        "key": "SYN/RES/9/op1", "date": "2005-06-01", "side": "after",
        "start": "2001-01-01", "end": "2001-12-31"}]  # fmt: skip
    # the saved ledger loads again: the computed keys are read and recomputed
    code, again = _trace(project, "--json")
    assert code == 0
    (project / "ledger.yaml").write_text((project / "saved.yaml").read_text("utf-8"), "utf-8")
    code, reloaded = _trace(project, "--json")
    assert (
        code == 0
        and json.loads(reloaded[reloaded.index("{") :])["evidence"]
        == json.loads(again[again.index("{") :])["evidence"]
    )


def test_the_report_shows_the_flags_and_ranks_by_movement(project: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(project / "p.db"), "report",
                                      str(project / "case.yaml"), "--ledger",
                                      str(project / "ledger.yaml"), "--no-record",
                                      "-o", str(project / "rep")])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = (project / "rep" / "index.html").read_text("utf-8")
    assert "Ranked by how far each item moved H4&#x27;s posterior" in page or (
        "Ranked by how far each item moved H4's posterior" in page
    )
    assert "without it H4" in page
    assert "Cites units outside the case window: SYN/RES/9/op1 (2005-06-01" in page
    assert "LR vs rivals at this step" in page
    header = (project / "rep" / "data" / "evidence.csv").read_text("utf-8").splitlines()[0]
    assert header.endswith("measured_error,unvalidated,outside_window")


def test_measured_error_judges_each_unit_on_its_genre() -> None:
    on_speeches = CodeValidity("poc", precision=0.61, recall=0.41, n=80, source="SYNTHETIC run",
                               positives=30)  # fmt: skip
    validity = {"poc": CodeValidity("poc", precision=0.9, recall=0.85, n=120, source="SYNTHETIC",
                                    positives=40, speeches=on_speeches)}  # fmt: skip
    item = EvidenceItem(
        "E",
        "d",
        "coded_spans",
        _lk(H1=0.5, H2=0.5, H3=0.5, H4=0.5),
        (UnitRef("SYN/RES/1/op1", code="poc"), UnitRef("S/PV.9901/s002", code="poc")),
    )
    genres = {"SYN/RES/1/op1": ""}  # the speech is not in the project: judged by its key
    speech, resolution = measured_errors(item, validity, genres)
    assert (speech.genre, speech.recall, speech.validated) == ("speech", 0.41, False)
    assert speech.text.startswith("on speeches: P 0.61") and "unvalidated" in speech.text
    assert (resolution.genre, resolution.precision, resolution.validated) == (
        "resolution or other", 0.9, True)  # fmt: skip
    assert item.unvalidated is None  # not annotated: it says nothing


def test_movers_are_how_far_each_item_moved_the_leader() -> None:
    hs = default_hypotheses()
    trace = trace_case(hs, parse_ledger(LEDGER, hs))
    leader = trace.sensitivity.leader
    assert leader == "H4"
    post = trace.inference.posterior[leader]
    rows = {r["item"]: r for r in trace.movers()}
    # by hand: without E-later the posterior is E-in's alone, 0.25 x P(E-in | H) normalised
    alone = posterior_only(hs.priors, [{"H1": 0.3, "H2": 0.4, "H3": 0.5, "H4": 0.8}])[leader]
    assert rows["E-later"]["posterior_without"] == pytest.approx(alone, abs=1e-6)
    assert rows["E-later"]["moved"] == pytest.approx(post - alone, abs=1e-6)
    assert [r["item"] for r in trace.movers()][0] == "E-in"  # it moved H4 most
    assert any("the step table's ratio weights them as they stand" in n for n in trace.notes())
