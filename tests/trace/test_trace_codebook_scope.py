"""The case report reads one codebook's codings of a code id two codebooks share: the one whose
measured error it shows (the first registered), or the one named with ``--codebook``; the
other's codings of the case documents are left out and counted in one line (it read both
codebooks' codings and showed one's measurement beside them). Documents and codebooks are
SYNTHETIC."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.human.events import add_code
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.trace.books import coding_scope
from normtrace.trace.collect import collect_case_data
from normtrace.trace.run import run_trace
from normtrace.trace.store_trace import CaseWindow
from synthetic_docs import insert_document

CASE = CaseWindow(id="syn", title="Synthetic", start="2001-01-01", end="2001-12-31",
                  terms=("Testland",))  # fmt: skip
DOCS = {"SYN/RES/1": "2001-03-01", "SYN/RES/2": "2001-09-01"}
OTHER = Codebook(name="other", codes=(Code(id="poc", name="PoC (SYNTHETIC)"),))
FRAMES = Codebook(name="frames", codes=(Code(id="poc", name="PoC, own (SYNTHETIC)"),
                                        Code(id="own", name="Own (SYNTHETIC)")))  # fmt: skip


def _project(path: Path) -> Store:
    """``other`` registered first, then ``frames``; ``poc`` coded twice under ``other``
    (1/op1, 2/op1) and once under ``frames`` (1/op2), ``own`` once (2/op2)."""
    store = Store.open(path)
    with store.transaction() as conn:
        for symbol, date in DOCS.items():
            units = [(f"{symbol}/op{i}", "operative", f"Decides that Testland shall act {i};")
                     for i in (1, 2)]  # fmt: skip
            insert_document(conn, symbol, units, date=date)
    register_codebook(store, OTHER)
    register_codebook(store, FRAMES)
    for key, book in (("1/op1", "other"), ("2/op1", "other"), ("1/op2", "frames")):
        add_code(store, coder="ana", unit_key=f"SYN/RES/{key}", start=0, end=7, code="poc",
                 codebook=book)  # fmt: skip
    add_code(store, coder="ana", unit_key="SYN/RES/2/op2", start=0, end=7, code="own")
    return store


def _poc_keys(store: Store, codebook: str | None) -> list[str]:
    data = collect_case_data(store, CASE, codings=coding_scope(store, codebook))
    return sorted(e.key for e in data.frame_events if e.code == "poc")


def test_report_reads_one_codebooks_codings_of_a_shared_id(tmp_path: Path) -> None:
    with _project(tmp_path / "p.db") as store:
        assert _poc_keys(store, "frames") == ["SYN/RES/1/op2"]
        assert _poc_keys(store, "other") == ["SYN/RES/1/op1", "SYN/RES/2/op1"]
        # without --codebook: the first registered, whose measurement is shown
        assert _poc_keys(store, None) == ["SYN/RES/1/op1", "SYN/RES/2/op1"]
        mine = collect_case_data(store, CASE, codings=coding_scope(store, "frames")).codings
        assert mine.left == {"other": {"poc": 2}}
        assert "left out: 2 of codebook other (poc 2)" in mine.note()
        assert "codebook frames's codings only" in mine.note()
        default = collect_case_data(store, CASE).codings
        assert default.read == {"poc": "other"} and default.left == {"frames": {"poc": 1}}
        assert "1 of codebook frames (poc 1)" in default.note() and "poc: other" in default.note()
        # a code id one codebook holds is read as before, and nothing of it is left out
        assert any(e.code == "own" for e in collect_case_data(store, CASE).frame_events)
        run = run_trace(store, CASE, codebook="frames", record=True)
        params = json.loads(store.conn.execute(
            "SELECT params FROM runs WHERE id = ?", (run.run_id,)).fetchone()[0])  # fmt: skip
        assert params["codebook"] == "frames" and set(params["codebook_versions"]) == {"frames"}
        with pytest.raises(NotFoundError, match="nope"):
            coding_scope(store, "nope")


def test_report_command_names_the_codings_left_out(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    _project(db).close()
    case = tmp_path / "syn.yaml"
    case.write_text("id: syn\ntitle: Synthetic\nstart: 2001-01-01\nend: 2001-12-31\n"
                    "terms: [Testland]\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["--project", str(db), "report", str(case), "-o", str(out), "--codebook", "frames"]
    )
    assert done.exit_code == 0, done.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Codings of codebook frames only." in page
    assert "left out: 2 of codebook other (poc 2)" in page
    traced = CliRunner().invoke(cli, ["--project", str(db), "trace", str(case), "--json"])
    assert traced.exit_code == 0, traced.output
    assert json.loads(traced.output)["codings"]["left_out"] == {"frames": {"poc": 1}}
