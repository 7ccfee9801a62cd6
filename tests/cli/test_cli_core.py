"""The core commands through the CLI runner: ingest, ls, show, search, export, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline"


@pytest.fixture()
def project(tmp_path: Path) -> list[str]:
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["--project", str(db), "ingest", str(FIX)])
    assert result.exit_code == 0, result.output
    return ["--project", str(db)]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_prints_summary_to_stderr(tmp_path: Path) -> None:
    code, _, err = run(["--project", str(tmp_path / "p.db"), "ingest", str(FIX)])
    assert code == 0
    assert "5 files: 5 new, 0 new version, 0 unchanged, 0 failed" in err
    # a mistyped --project starts a new project: the ingest says so (a new user missed it)
    assert "(a new project: it held nothing before this ingest)" in err
    code, _, err = run(["--project", str(tmp_path / "p.db"), "ingest", str(FIX)])
    assert code == 0 and "a new project" not in err


def test_ls_and_show(project: list[str]) -> None:
    code, out, _ = run([*project, "ls", "--json"])
    assert code == 0
    assert {r["symbol"] for r in json.loads(out)} >= {"S/RES/2100 (2013)", "S/PV.8703"}
    code, out, _ = run([*project, "show", "S/RES/2100(2013)", "--json"])
    doc = json.loads(out)
    assert doc["symbol"] == "S/RES/2100 (2013)"
    assert any(p["key"] == "S/RES/2100 (2013)/op1" for p in doc["paragraphs"])


def test_search_finds_phrase(project: list[str]) -> None:
    code, out, _ = run([*project, "search", "Multidimensional Integrated Stabiliz*", "--json"])
    assert code == 0
    assert any(h["symbol"] == "S/RES/2100 (2013)" for h in json.loads(out))
    code, _, err = run([*project, "search", 'Multidimensional "Integrated'])
    assert code == 1 and "double quote may only wrap a whole pattern" in err
    code, _, err = run([*project, "search", "peace OR security"])
    assert code == 1 and "(a|b)" in err


def test_export_speeches_csv_has_contract_columns(project: list[str]) -> None:
    code, out, _ = run([*project, "export", "speeches", "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    needed = {"document", "index", "key", "speaker", "affiliation", "language", "is_president"}
    assert needed <= set(rows[0]) and "text" in rows[0]
    assert rows[0]["document"] == "S/PV.8703" and rows[0]["index"] == "1"


def test_export_paragraphs_jsonl(project: list[str], tmp_path: Path) -> None:
    out_file = tmp_path / "paragraphs.jsonl"
    code, _, err = run([*project, "export", "paragraphs", "-o", str(out_file)])
    assert code == 0 and "paragraphs written" in err
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert {"document", "key", "kind", "number", "text"} <= set(rows[0])


def test_unknown_symbol_is_one_line_exit_1(project: list[str]) -> None:
    code, _, err = run([*project, "show", "S/RES/9999 (2099)"])
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error: no document")


def test_failed_file_gives_exit_1_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIX, folder)
    (folder / "synthetic-empty.pdf").write_bytes(b"")
    code, _, err = run(["--project", str(tmp_path / "p.db"), "ingest", str(folder)])
    assert code == 1
    assert "synthetic-empty.pdf" in err and "1 failed" in err


def test_export_speeches_carries_roles_after_resolution(project: list[str]) -> None:
    code, _, err = run([*project, "actors", "resolve"])
    assert code == 0, err
    code, out, _ = run([*project, "export", "speeches", "--format", "jsonl"])
    rows = {r["key"]: r for r in map(json.loads, out.splitlines())}
    assert rows["S/PV.8703/s001"]["role"] == "president"
    assert rows["S/PV.8703/s001"]["presiding_state"]
    assert rows["S/PV.8703/s002"]["role"] == "secretariat"
    assert rows["S/PV.8703/s002"]["actor"] == "person:lacroix-jean-pierre"


def test_an_interrupted_ingest_says_what_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user's months: Ctrl-C printed only "Aborted!" and left the run unfinished."""
    import sqlite3

    from normtrace import pipeline

    real = pipeline._ingest_batch
    calls: list[int] = []

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_ingest_batch", interrupted)
    db = tmp_path / "p.db"
    code, _, err = run(["--project", str(db), "ingest", str(FIX)])
    assert code == 130
    assert "interrupted after 2 file(s): 2 stored (each whole)" in err
    with sqlite3.connect(db) as conn:
        (summary,) = conn.execute("SELECT summary FROM runs WHERE stage = 'ingest'").fetchone()
    assert json.loads(summary)["interrupted"] == 1
    monkeypatch.setattr(pipeline, "_ingest_batch", real)
    code, _, err = run(["--project", str(db), "ingest", str(FIX)])
    assert code == 0 and "3 new, 0 new version, 2 unchanged" in err
