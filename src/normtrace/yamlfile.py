"""YAML for the hand-written files (cases, overrides, hypotheses, ledgers): lines and no repeats.

PyYAML's safe loader silently keeps the last of two equal keys, so a case file
or a ledger edited by hand could lose a value without a word. :func:`load_text`
refuses a repeated key, naming both lines, and returns every mapping as a
:class:`LineDict` that remembers its own line and the line of each key, so the
callers' validation errors can point at ``file:line``. (Codebooks are read by
``coding.exchange.yamlio``, which walks PyYAML's node tree for the same reasons.)

>>> data = load_text("a: 1\\nb:\\n  c: 2\\n")
>>> data["b"]["c"], data.line, data.key_lines["b"], data["b"].line
(2, 1, 2, 3)
>>> load_text("a: 1\\na: 2\\n")
Traceback (most recent call last):
...
yaml.constructor.ConstructorError: key 'a' appears twice (first on line 1)
  in "<unicode string>", line 2, column 1:
    a: 2
    ^
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, with mappings as :class:`LineDict` and repeated keys refused."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        if key in mapping:
            first = mapping.key_lines[key]
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (first on line {first})",
                key_node.start_mark,
            )  # fmt: skip
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_text(text: str) -> Any:
    """Parse YAML ``text`` (see the module docstring); raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, if it points at one."""
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def located(path: object, exc: yaml.YAMLError) -> str:
    """``path:line`` of a YAML error in the file ``path`` (``path`` alone if no line)."""
    line = error_line(exc)
    return f"{path}:{line}" if line is not None else str(path)
