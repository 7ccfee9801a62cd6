"""Runs every command of docs/tutorial.md, in order, in a scratch folder (slow).

``make demo`` runs as ``normtrace demo``; ``make test`` is this suite and is skipped;
``# append to: FILE`` blocks are appended to FILE; without a network, ``normtrace fetch``
must fail with its one-line offline message, and the rest of that block is skipped.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtrace.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```(bash|yaml)\n(.*?)```", re.DOTALL)


def steps() -> list[tuple[str, str]]:
    """``(kind, body)`` of every bash and yaml block of the tutorial, in order."""
    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    return [(m[1], m[2]) for m in BLOCK.finditer(text)]


def run_line(line: str, env: dict[str, str]) -> tuple[int, str]:
    if line == "make demo":
        line = "normtrace demo --out demo-output"
    args = shlex.split(line)
    assert args[0] == "normtrace", f"the tutorial may only run normtrace commands: {line}"
    result = CliRunner().invoke(cli, args[1:], env=env)
    return result.exit_code, result.output + result.stderr


@pytest.mark.slow
def test_every_tutorial_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "src").symlink_to(ROOT / "src")
    monkeypatch.chdir(tmp_path)
    env: dict[str, str] = {}
    ran = 0
    for kind, body in steps():
        if kind == "yaml":
            first, _, rest = body.partition("\n")
            target = first.removeprefix("# append to: ").strip()
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(rest)
            continue
        for line in filter(None, (raw.strip() for raw in body.splitlines())):
            if line == "make test":
                continue
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").partition("=")
                env[name] = value
                continue
            code, output = run_line(line, env)
            ran += 1
            if line.startswith("normtrace fetch") and code != 0:
                assert "network" in output or "cannot reach" in output, output
                break
            assert code == 0, f"{line}\n{output}"
    assert ran >= 20
    assert (tmp_path / "my-report" / "index.html").is_file()
