"""`normtrace ingest-corpus`: the corpus loader through the CLI (real speech files; the
meta.tsv / speaker.tsv tables are the SYNTHETIC ones of tests/fixtures/actors)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli import cli

ACTORS = Path(__file__).resolve().parent.parent / "fixtures" / "actors"


def test_ingest_corpus_then_roles(tmp_path: Path) -> None:
    project = ["--project", str(tmp_path / "p.db")]
    args = [*project, "ingest-corpus", str(ACTORS / "speeches")]
    first = CliRunner().invoke(cli, [*args, "--tables", str(ACTORS / "corpus_synthetic")])
    assert first.exit_code == 0, first.stderr
    assert "0 failed" in first.stderr
    again = CliRunner().invoke(cli, [*args, "--tables", str(ACTORS / "corpus_synthetic")])
    assert "0 new," in again.stderr and "0 failed" in again.stderr
    assert CliRunner().invoke(cli, [*project, "actors", "resolve"]).exit_code == 0
    out = CliRunner().invoke(cli, [*project, "export", "speeches"]).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    mali = [r for r in rows if r["document"] == "S/PV.8703"]
    assert mali and all(r["edition"] == "corpus" for r in mali)
    assert mali[1]["role"] == "secretariat"
