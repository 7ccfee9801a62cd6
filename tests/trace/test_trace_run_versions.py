"""A recorded trace run says which algorithms and which evidence rules produced it (reviewer R3
F5): the algorithms changed today carry new versions, and the run keeps the sha256 of the
rules file read (bundled ``default`` or given), so two runs under the name ``default`` whose
rules differ can be told apart. The trace table, its JSON and the report show the rules'
hash. Documents are SYNTHETIC."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.store.db import Store
from normtrace.trace.indicators import VERSIONS
from normtrace.trace.rulefile import default_rules_path
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow
from synthetic_docs import insert_document

CASE = CaseWindow(id="syn", title="Synthetic", start="2001-01-01", end="2001-12-31",
                  terms=("Testland",))  # fmt: skip
CASE_YAML = "id: syn\ntitle: Synthetic\nstart: 2001-01-01\nend: 2001-12-31\nterms: [Testland]\n"


def _project(path: Path) -> Store:
    store = Store.open(path)
    with store.transaction() as conn:
        for symbol, date in {"SYN/RES/1": "2001-03-01", "SYN/RES/2": "2001-09-01"}.items():
            units = [(f"{symbol}/op1", "operative", "Decides that Testland shall act (SYNTHETIC);")]
            insert_document(conn, symbol, units, date=date)
    return store


def _params(store: Store, run_id: int | None) -> tuple[str, dict[str, object]]:
    row = store.conn.execute(
        "SELECT algorithm, params FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    return str(row[0]), json.loads(row[1])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_recorded_run_carries_new_versions_and_the_rules_hash(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        run = run_trace(store, CASE, rules="default", record=True)
        algorithm, params = _params(store, run.run_id)
        assert algorithm == "trace.case.v2"
        assert params["algorithms"] == {
            "inference": "trace.bayes_sequential.v1",
            "sensitivity": "trace.sensitivity_box.v2",
        }
        assert VERSIONS["mandate_growth"] == "indicator.mandate_growth.v4"
        assert params["rules"] == "default"
        assert params["rules_name"] == "default-evidence-rules"
        assert params["rules_sha256"] == _sha(default_rules_path())
        # a copy of the bundled rules, changed (one SYNTHETIC comment line): another hash
        edited = tmp_path / "my-rules.yaml"
        edited.write_bytes(default_rules_path().read_bytes() + b"# SYNTHETIC edit\n")
        other = run_trace(store, CASE, rules=edited, record=True)
        _, changed = _params(store, other.run_id)
        assert changed["rules"] == str(edited)
        assert changed["rules_sha256"] == _sha(edited) != params["rules_sha256"]
        # a ledger given: no rules were read, none is named
        ledger = tmp_path / "ledger.yaml"
        ledger.write_text("case: syn\nitems: []\n", encoding="utf-8")
        given = run_trace(store, CASE, ledger=ledger, record=True)
        assert given.rules is None
        assert "rules_sha256" not in _params(store, given.run_id)[1]


def test_trace_and_report_show_the_rules_hash(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    _project(db).close()
    case = tmp_path / "syn.yaml"
    case.write_text(CASE_YAML, encoding="utf-8")
    sha = _sha(default_rules_path())
    traced = CliRunner().invoke(cli, ["--project", str(db), "trace", str(case)])
    assert traced.exit_code == 0, traced.output
    assert "evidence rules: default-evidence-rules (" in traced.output
    assert f"sha256 {sha})" in traced.output
    as_json = CliRunner().invoke(cli, ["--project", str(db), "trace", str(case), "--json"])
    assert json.loads(as_json.output)["rules"]["sha256"] == sha
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["--project", str(db), "report", str(case), "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"sha256 <code>{sha}</code>" in page
