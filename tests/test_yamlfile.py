"""One YAML loader (normtrace.yamlfile) for every hand-written file: file:line, no repeats."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import normtrace
from normtrace.actors.cases import load_case
from normtrace.actors.overrides import load_overrides
from normtrace.coding.exchange.yamlio import load_codebook
from normtrace.errors import CodebookError, ConfigError, NormtraceError, TraceError
from normtrace.trace.hypotheses import load_hypotheses
from normtrace.trace.ledger import load_ledger
from normtrace.trace.rules import load_rules
from normtrace.yamlfile import dump, load_text, parse_mapping

SRC = Path(normtrace.__file__).resolve().parent
DATA = SRC / "data"
FIXTURES = Path(__file__).parent / "fixtures"
HYPOTHESES = DATA / "hypotheses" / "default.yaml"

# The bundled (or fixture) file of each kind, its loader and the error it raises.
KINDS: dict[str, tuple[Path | str, Callable[[Path], Any], type[NormtraceError]]] = {
    "codebook": (DATA / "codebooks" / "stability-operations.yaml", load_codebook, CodebookError),
    "case": (DATA / "cases" / "mali-2013.yaml", load_case, ConfigError),
    "overrides": ("aliases:\n  Cote d'Ivoire: CIV\n", load_overrides, ConfigError),  # SYNTHETIC
    "hypotheses": (HYPOTHESES, load_hypotheses, TraceError),
    "rules": (
        DATA / "hypotheses" / "default-evidence-rules.yaml",
        lambda p: load_rules(p, load_hypotheses(HYPOTHESES)),
        TraceError,
    ),
    "ledger": (
        FIXTURES / "trace" / "ledger-synthetic.yaml",
        lambda p: load_ledger(p, load_hypotheses(HYPOTHESES)),
        TraceError,
    ),
}


def _copy(kind: str, tmp_path: Path) -> tuple[Path, str]:
    source, _, _ = KINDS[kind]
    if isinstance(source, Path):
        return tmp_path / source.name, source.read_text(encoding="utf-8")
    return tmp_path / f"{kind}.yaml", source


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_file_loads_as_bundled(kind: str, tmp_path: Path) -> None:
    path, text = _copy(kind, tmp_path)
    path.write_text(text, encoding="utf-8")
    KINDS[kind][1](path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_repeated_key_is_refused_naming_file_and_both_lines(kind: str, tmp_path: Path) -> None:
    path, text = _copy(kind, tmp_path)
    first = next(m for m in re.finditer(r"(?m)^([A-Za-z_]\w*):.*$", text))
    first_line = text[: first.start()].count("\n") + 1
    text = text.rstrip("\n") + "\n" + first.group(0) + "\n"  # the same top-level key again
    path.write_text(text, encoding="utf-8")
    _, loader, error = KINDS[kind]
    with pytest.raises(error) as info:
        loader(path)
    line = text.count("\n")
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert f"{first.group(1)!r} appears twice (first on line {first_line})" in str(info.value)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_broken_yaml_names_file_and_line(kind: str, tmp_path: Path) -> None:
    path, text = _copy(kind, tmp_path)
    text = text.rstrip("\n") + "\nbroken: [\n"
    path.write_text(text, encoding="utf-8")
    _, loader, error = KINDS[kind]
    with pytest.raises(error, match=rf"^{re.escape(str(path))}:\d+: .*not valid YAML: "):
        loader(path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_missing_file_is_the_kinds_error(kind: str, tmp_path: Path) -> None:
    _, loader, error = KINDS[kind]
    with pytest.raises(error, match="cannot read"):
        loader(tmp_path / "absent.yaml")


def test_nested_repeats_are_refused_and_lines_kept() -> None:
    with pytest.raises(TraceError, match=r"^x\.yaml:4: key 'c' appears twice \(first on line 3\)"):
        parse_mapping(
            "a: 1\nb:\n  c: 1\n  c: 2\n", source="x.yaml", what="ledger", error=TraceError
        )
    data = parse_mapping("a: 1\nb:\n  c: 1\n", source="x.yaml", what="ledger", error=TraceError)
    assert (data.line, data.key_lines, data["b"].line) == (1, {"a": 1, "b": 2}, 3)


def test_dump_writes_what_was_loaded() -> None:
    data = load_text("b: 1\na:\n  - x: é\n")
    assert dump(data) == "b: 1\na:\n- x: é\n"
    assert load_text(dump(data)) == data


def test_only_yamlfile_calls_pyyaml_to_read_or_write() -> None:
    """One way to read YAML: no module but yamlfile loads, composes or dumps with PyYAML."""
    calls = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all",
             "compose", "compose_all", "dump", "safe_dump", "dump_all"}  # fmt: skip
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "yamlfile.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in calls
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} yaml.{node.attr}")
    assert found == []
