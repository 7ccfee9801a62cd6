"""The reuse, provenance, first and aggregate commands (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from resolution_corpus import resolution_files
from store_helpers import add_resolution

from normtrace.cli.base import Context
from normtrace.cli.reuse import aggregate_command, first_command, provenance_command, reuse_command
from normtrace.store.db import Store


def _project(tmp_path: Path, fixtures_dir: Path) -> Context:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        for f in resolution_files(fixtures_dir / "reuse"):
            if "2098" in f.name or "2147" in f.name:
                add_resolution(store, f)
    return Context(str(path), False)


def test_commands_print_text_and_json(tmp_path: Path, fixtures_dir: Path) -> None:
    ctx, runner = _project(tmp_path, fixtures_dir), CliRunner()
    done = runner.invoke(reuse_command, ["--json"], obj=ctx)
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["links_added"] > 0
    again = runner.invoke(reuse_command, [], obj=ctx)
    assert "0 of" in again.output and "0 links added" in again.output
    # --full re-aligns everything, here with the progress bars on (CliRunner mixes stderr in)
    full = runner.invoke(reuse_command, ["--full", "--progress"], obj=ctx)
    assert full.exit_code == 0 and "index" in full.output and "align" in full.output

    chain = runner.invoke(provenance_command, ["S/RES/2147 (2014)/op4/b"], obj=ctx)
    assert chain.exit_code == 0 and "S/RES/2098 (2013)" in chain.output and "«" in chain.output
    data = json.loads(
        runner.invoke(provenance_command, ["S/RES/2147 (2014)/op4/b", "--json"], obj=ctx).output
    )
    assert data["chain"][1]["document"] == "S/RES/2098 (2013)"

    first = runner.invoke(first_command, ["Intervention Brigade", "--json"], obj=ctx)
    assert json.loads(first.output)["earliest"]["document"] == "S/RES/2098 (2013)"
    agg = runner.invoke(aggregate_command, ["S/RES/2147 (2014)"], obj=ctx)
    assert agg.exit_code == 0 and "resolution" in agg.output


def test_every_command_has_help() -> None:
    for command in (reuse_command, provenance_command, first_command, aggregate_command):
        assert CliRunner().invoke(command, ["--help"]).exit_code == 0
