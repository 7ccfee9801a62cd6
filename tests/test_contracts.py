"""Contract tests: public API, import hygiene, dependency direction, CLI help and docs."""

from __future__ import annotations

import ast
import functools
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

# Dependencies point down this list only (see ARCHITECTURE.md): a module may import modules
# of its own layer or of an earlier one. A name stands for a module or a package with every
# module under it; the longest name that matches decides. No exceptions.
LAYERS: list[list[str]] = [
    ["_version", "errors", "plugins"],  # plugins: the entry-point loader
    # the values ingest returns and the symbols it reads from file names
    ["yamlfile", "parse.model", "parse.symbols"],
    ["ingest"],
    ["parse"],  # shared helpers: normalize, furniture, dates, labels, detect, speakers
    ["parse.verbatim", "parse.resolution", "parse.report", "parse.corpus"],
    ["parse.dispatch", "parse.registry"],  # the registered parsers, and the choice
    ["store"],
    ["actors", "data"],  # data: build scripts of the bundled reference tables
    ["coding"],
    ["reuse"],
    ["trace"],
    ["report"],
    ["evaluate"],  # measures parsers and role resolution (normtrace eval)
    ["engine", "pipeline", "ingest_report", "index_files", "project", "demo"],
    ["web", "cli"],
    ["__init__", "__main__"],
]
_LAYER = {f"normtrace.{name}": i for i, names in enumerate(LAYERS) for name in names}


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


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _layer(module: str) -> int:
    """The layer of a module: the longest matching name of :data:`LAYERS`."""
    if module == "normtrace":
        return _LAYER["normtrace.__init__"]
    names = [n for n in _LAYER if module == n or module.startswith(n + ".")]
    assert names, f"{module} is in no layer: add it to LAYERS in tests/test_contracts.py"
    return _LAYER[max(names, key=len)]


@functools.cache
def _imports(module: str) -> frozenset[str]:
    """The normtrace modules ``module`` imports anywhere (in functions too), by full name
    (each module parsed once: the checks below ask for a module's imports many times)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return frozenset(n for n in found if n == "normtrace" or n.startswith("normtrace.")) - {module}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_dependencies_point_one_way() -> None:
    upward = [
        f"{module} imports {target}"
        for module in sorted(MODULES)
        for target in sorted(_imports(module))
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_a_package_below_its_modules_imports_nothing_above_them() -> None:
    """Importing ``normtrace.parse.model`` runs ``normtrace/parse/__init__.py`` first."""
    upward = []
    for name, layer in _LAYER.items():
        parent = name.rpartition(".")[0]
        while parent != "normtrace":
            upward += [
                f"{parent} (run before {name}) imports {target}"
                for target in sorted(_imports(parent))
                if _layer(target) > layer
            ]
            parent = parent.rpartition(".")[0]
    assert upward == []


def test_no_two_modules_import_each_other() -> None:
    pairs = [
        f"{a} <-> {b}"
        for a in sorted(MODULES)
        for b in sorted(_imports(a))
        if a < b and a in _imports(b)
    ]
    assert pairs == []


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


def test_cli_reference_is_generated_from_the_help() -> None:
    """docs/cli.md's reference is the commands' --help (`make docs` regenerates it)."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", "--verbosity=0", str(ROOT / "docs" / "cli.md")])
    assert status == 0, "docs/cli.md is out of date with the commands' --help: run `make docs`"


def test_modules_stay_small() -> None:
    too_long = [
        f"{p.relative_to(SRC)}: {n} lines"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert too_long == []
