"""``normtrace code undo`` takes back a coder's latest coding event or "done" mark, never a
validation draw's withdrawal, even when that came last: a withdrawal is no reading of a unit
but a change to what every estimate weighs, taken back by naming the draw
(``code withdraw-draw DRAW_ID --undo``), which ``code undo``'s help says.

The project, codebook, labels and draw are SYNTHETIC (as tests/cli/test_cli_draws's).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_cli_draws import _label, _project

from normtrace.cli import cli
from normtrace.coding.draw_withdrawal import withdrawals
from normtrace.store.db import Store


def _code(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def test_code_undo_leaves_a_draw_withdrawal_and_its_help_names_the_command(
    tmp_path: Path,
) -> None:
    help_text = " ".join(_code(tmp_path / "p.db", "undo", "--help").split())
    assert (
        "A validation draw's withdrawal is not undone here: `code withdraw-draw DRAW_ID --undo`"
        in help_text
    )

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        _label(store, "SYN/RES/1/op4", False)  # ana's done mark: her latest reading
    _code(path, "sample", "--codebook", "synth", "--code", "x", "--n", "10", "--seed", "3")
    (draw,) = json.loads(_code(path, "draws", "--format", "json"))
    _code(path, "withdraw-draw", str(draw["id"]), "--why", "SYNTHETIC: wrong code",
          "--coder", "ana")  # fmt: skip
    # her latest action is the withdrawal; code undo takes back her latest mark instead
    undone = json.loads(_code(path, "undo", "--coder", "ana", "--json"))
    assert undone["kind"] == "mark" and undone["mark"]["key"] == "SYN/RES/1/op4"
    with Store.open(path) as store:
        assert list(withdrawals(store)) == [draw["id"]]
    _code(path, "withdraw-draw", str(draw["id"]), "--undo", "--coder", "ana")
    with Store.open(path) as store:
        assert withdrawals(store) == {}
