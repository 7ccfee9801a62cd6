"""Contract tests: public API, import hygiene, dependency direction, CLI help and docs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import normtrace
from normtrace.cli import cli

SRC = Path(normtrace.__file__).resolve().parent
ROOT = SRC.parent.parent

# Dependencies point down this list only (see ARCHITECTURE.md).
LAYERS = {
    "_version": 0,
    "errors": 0,
    "yamlfile": 1,
    "ingest": 1,
    "parse": 1,
    "store": 2,
    "actors": 3,
    "data": 3,  # build scripts of the bundled reference tables
    "coding": 4,
    "reuse": 5,
    "trace": 6,
    "report": 7,
    "evaluate": 7,  # measures parsers and role resolution (normtrace eval)
    "engine": 8,
    "pipeline": 8,
    "project": 8,
    "demo": 8,
    "web": 9,
    "cli": 9,
    "__init__": 10,
    "__main__": 10,
}


def test_public_api_is_exact_and_sorted() -> None:
    assert normtrace.__all__ == sorted(normtrace.__all__)
    assert normtrace.__all__ == ["NormtraceError", "Project", "__version__"]


def test_import_emits_no_warning() -> None:
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import normtrace, normtrace.cli"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def _domain(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
    return [n for n in names if n == "normtrace" or n.startswith("normtrace.")]


def test_dependencies_point_one_way() -> None:
    upward = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts)
        here = LAYERS[_domain(module)]
        for target in _imports(path):
            if target == "normtrace":
                continue
            there = LAYERS[_domain(target)]
            if there > here:
                upward.append(f"{module} imports {target}")
    assert upward == []


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        names.append(full)
        if isinstance(command, click.Group):
            names.extend(_commands(command, full + " "))
    return names


@pytest.mark.parametrize("command", _commands(cli))
def test_every_command_has_help_and_is_documented(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"normtrace {command}" in docs, f"`normtrace {command}` missing from docs/cli.md"


def test_modules_stay_small() -> None:
    too_long = [
        f"{p.relative_to(SRC)}: {n} lines"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert too_long == []
