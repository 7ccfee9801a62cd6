"""``normtrace trace CASE`` and ``normtrace report CASE -o DIR`` on real Mali texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.actors.store_actors import resolve_speech_roles
from normtrace.cli.base import Context
from normtrace.cli.trace import report_command, trace_command
from normtrace.coding.dictionary.apply import apply_codebook
from normtrace.coding.exchange.yamlio import default_codebook_path, load_codebook
from normtrace.errors import TraceError
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import load_ledger
from normtrace.trace.run import load_case, resolve_case

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"
CASE_YAML = """id: mali-test
title: Mali (test window)
start: 2012-12-01
end: 2013-12-31
terms: [Mali]
key_resolution: S/RES/2100 (2013)
"""


@pytest.fixture()
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "mali.yaml"
    path.write_text(CASE_YAML, encoding="utf-8")
    return path


def code_ledger_citations(store: Store, ledger: Path) -> None:
    """Make the codings a fixture ledger cites, as an analyst would before citing them."""
    from normtrace.coding.counts import codes_under
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.human.events import add_code
    from normtrace.trace.hypotheses import default_hypotheses
    from normtrace.trace.ledger import load_ledger

    apply_codebook(store, load_default_codebook())
    keys = {r["key"] for r in store.conn.execute("SELECT key FROM units")}
    codable = {r["code"] for r in store.conn.execute("SELECT code FROM codes WHERE codable = 1")}
    for item in load_ledger(ledger, default_hypotheses()).items:
        for u in item.units:
            if u.code and u.key in keys and u.start is not None and u.end is not None:
                # a grouping code is never applied: a code it stands for is
                code = next(c for c in codes_under(store, u.code)[1] if c in codable)
                add_code(store, coder="analyst", unit_key=u.key, start=u.start, end=u.end,
                         code=code)  # fmt: skip


def test_case_file_and_errors(case_file: Path, tmp_path: Path) -> None:
    case = load_case(case_file)
    assert (case.start, case.end, case.terms) == ("2012-12-01", "2013-12-31", ("Mali",))
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASE_YAML.replace("start: 2012-12-01", "start: 2014-01-01"), "utf-8")
    with pytest.raises(TraceError, match=r"bad\.yaml:3: start 2014-01-01 is after end"):
        load_case(bad)
    with pytest.raises(TraceError, match="no case 'nowhere'; valid bundled cases"):
        resolve_case("nowhere")


def test_trace_command_prints_table_and_posteriors(mali_store: Store, case_file: Path) -> None:
    ctx = Context(str(mali_store.path), False)
    ledger = str(TRACE / "ledger-mali-synthetic.yaml")
    code_ledger_citations(mali_store, TRACE / "ledger-mali-synthetic.yaml")
    result = CliRunner().invoke(trace_command, [str(case_file), "--ledger", ledger], obj=ctx)
    # E3 cites a unit the project does not hold: left out of the posterior, exit 1
    assert result.exit_code == 1, result.output
    assert "left out" in result.output and "E3" in result.output
    assert "documents in the window: resolution 2" in result.output
    assert "lacking: Secretary-General reports" in result.output
    assert "lacking: meeting records" in result.output  # S/PV.8703 (2020) is outside 2013
    assert "E1    H4" in result.output
    assert "Drawn without" in result.output
    as_json = CliRunner().invoke(
        trace_command, [str(case_file), "--ledger", ledger, "--json"], obj=ctx
    )
    data = json.loads(as_json.stdout)
    assert {r["hypothesis"] for r in data["posterior"]} == {"H1", "H2", "H3", "H4"}
    assert [lo["item"] for lo in data["left_out"]] == ["E3"], data["left_out"]
    assert "S/2013/189/p12" in json.dumps(data["left_out"])


def test_report_command_writes_index(mali_store: Store, case_file: Path, tmp_path: Path) -> None:
    ctx = Context(str(mali_store.path), False)
    out = tmp_path / "out"
    result = CliRunner().invoke(report_command, [str(case_file), "-o", str(out)], obj=ctx)
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    # the default rules were applied: either items were derived or the report says why not
    assert "evidence rules" in html or "no evidence item could be derived" in html
    assert "rule R1" in html
    assert (out / "figures" / "chronology.svg").is_file()


def test_report_records_the_run(mali_store: Store, case_file: Path, tmp_path: Path) -> None:
    ctx = Context(str(mali_store.path), False)
    ledger = str(TRACE / "ledger-mali-synthetic.yaml")
    args = [str(case_file), "-o", str(tmp_path / "o"), "--ledger", ledger]
    result = CliRunner().invoke(report_command, args, obj=ctx)
    assert result.exit_code == 1, result.output  # E3 left out (a unit not held); still recorded
    run = mali_store.conn.execute(
        "SELECT id, algorithm, summary FROM runs WHERE stage = 'trace' ORDER BY id DESC"
    ).fetchone()
    assert run["algorithm"] == "trace.case.v2"
    names = {
        r["name"]
        for r in mali_store.conn.execute(
            "SELECT name FROM indicator_values WHERE run_id = ?", (run["id"],)
        )
    }
    assert "safeguard_language" in names
    row = mali_store.conn.execute(
        "SELECT leader, posterior, ledger FROM trace_results WHERE run_id = ?", (run["id"],)
    ).fetchone()
    assert row["leader"] == json.loads(run["summary"])["leader"]
    assert "S/RES/2100 (2013)/op17" in row["ledger"]
    html = (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert f"trace run {run['id']}" in html


def test_trace_with_default_rules(mali_store: Store, tmp_path: Path) -> None:
    resolve_speech_roles(mali_store)
    apply_codebook(mali_store, load_codebook(default_codebook_path()))
    update_reuse(mali_store)
    case_file = tmp_path / "mali-2020.yaml"
    case_file.write_text(CASE_YAML.replace("end: 2013-12-31", "end: 2020-12-31"), "utf-8")
    ctx = Context(str(mali_store.path), False)
    saved = tmp_path / "derived.yaml"
    args = [str(case_file), "--rules", "default", "--save-ledger", str(saved)]
    result = CliRunner().invoke(trace_command, args, obj=ctx)
    assert result.exit_code == 0, result.output
    assert "problem: rule R4 not applied" in result.output
    ledger = load_ledger(saved, default_hypotheses())  # the derived ledger reloads as written
    assert ledger.items and all(u.quote for i in ledger.items for u in i.units)
    both = ["--rules", "default", "--ledger", str(TRACE / "ledger-mali-synthetic.yaml")]
    clash = CliRunner().invoke(trace_command, [str(case_file), *both], obj=ctx)
    assert isinstance(clash.exception, TraceError)


def test_a_ledger_citing_a_coding_that_does_not_exist_fails_with_file_and_line(
    mali_store: Store, case_file: Path, tmp_path: Path
) -> None:
    ctx = Context(str(mali_store.path), False)
    key = mali_store.conn.execute(
        "SELECT key FROM units WHERE symbol = 'S/RES/2085 (2012)' ORDER BY key LIMIT 1"
    ).fetchone()[0]
    ledger = tmp_path / "mine.yaml"
    ledger.write_text(
        "case: synthetic\n"
        "items:\n"
        "  - id: E1\n"
        "    description: SYNTHETIC item citing a coding nobody made.\n"
        "    kind: coded_spans\n"
        "    units:\n"
        f"      - key: {key}\n"
        "        code: consent\n"
        "    likelihoods:\n"
        + "".join(
            f"      {h}: {{p: 0.5, justification: test}}\n" for h in ("H1", "H2", "H3", "H4")
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(trace_command, [str(case_file), "--ledger", str(ledger)], obj=ctx)
    assert result.exit_code == 1
    assert f"mine.yaml:7: item E1 cites a coding of 'consent' on {key}" in str(result.exception)


def test_save_ledger_always_writes_and_says_why_when_empty(case_file: Path, tmp_path: Path) -> None:
    empty = Store.open(tmp_path / "empty.db")  # a new project: nothing to derive from
    empty.close()
    ctx = Context(str(tmp_path / "empty.db"), False)
    rules = tmp_path / "rules.yaml"
    from normtrace.trace.rules import default_rules_path

    # rules that watch a frame no codebook of the project declares: nothing can be derived
    rules.write_text(
        default_rules_path()
        .read_text(encoding="utf-8")
        .replace(
            "frames: [offensive_force, force_authorization]", "frames: [a_frame_nobody_declares]"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "ledger.yaml"
    args = [str(case_file), "--rules", str(rules), "--save-ledger", str(out)]
    result = CliRunner().invoke(trace_command, args, obj=ctx)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# normtrace: no evidence item")
    assert "a_frame_nobody_declares" in written
    assert "items: []" in written
