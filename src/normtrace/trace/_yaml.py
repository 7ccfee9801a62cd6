"""YAML loading that remembers line numbers, so errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from normtrace.errors import TraceError


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[str(key)] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load_yaml(path: str | Path, *, what: str) -> LineDict:
    """Read a YAML mapping from ``path``; ``what`` names the kind of file in errors."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise TraceError(f"{source}: cannot read {what} ({exc.strerror})") from exc
    return parse_yaml(text, source=str(source), what=what)


def parse_yaml(text: str, *, source: str, what: str) -> LineDict:
    """Parse YAML text holding a mapping; ``source`` names it in errors."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise TraceError(f"{where}: {what} is not valid YAML ({exc})") from exc
    if not isinstance(data, LineDict):
        raise TraceError(f"{source}:1: a {what} must be a YAML mapping at the top level")
    return data


def where(source: str, node: Any, key: str | None = None) -> str:
    """``file:line`` of ``node`` (or of ``key`` inside it)."""
    if isinstance(node, LineDict):
        line = node.key_lines.get(key, node.line) if key else node.line
        return f"{source}:{line}"
    return source
