"""YAML files of the trace domain: errors name the file and line (see :mod:`normtrace.yamlfile`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from normtrace.errors import TraceError
from normtrace.yamlfile import LineDict, load_text, located

__all__ = ["LineDict", "load_yaml", "parse_yaml", "where"]


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
        data = load_text(text)
    except yaml.YAMLError as exc:
        raise TraceError(f"{located(source, exc)}: {what} is not valid YAML ({exc})") from exc
    if not isinstance(data, LineDict):
        raise TraceError(f"{source}:1: a {what} must be a YAML mapping at the top level")
    return data


def where(source: str, node: Any, key: str | None = None) -> str:
    """``file:line`` of ``node`` (or of ``key`` inside it)."""
    if isinstance(node, LineDict):
        line = node.key_lines.get(key, node.line) if key else node.line
        return f"{source}:{line}"
    return source
