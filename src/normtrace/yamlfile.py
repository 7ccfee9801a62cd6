"""The one YAML loader: hand-written files with file:line errors and no repeated keys.

Codebooks, cases, overrides, hypotheses, evidence rules, ledgers and case files
are all read here. PyYAML's safe loader silently keeps the last of two equal
keys, so a file edited by hand could lose a value without a word;
:class:`UniqueKeyLoader` refuses a repeated key in any mapping, naming both
lines. :func:`load_mapping` / :func:`parse_mapping` return the data, every
mapping a :class:`LineDict` that remembers its own line and the line of each
key, so the callers' validation errors can point at ``file:line``
(:func:`where`); :func:`compose` returns PyYAML's node tree instead, for a
reader that wants the line of every value (the codebook reader). Every failure
is raised as the caller's kind of :class:`~normtrace.errors.NormtraceError`
(``error``), located with :meth:`~normtrace.errors.NormtraceError.at`.
:func:`dump` is the one writer (it also writes mappings read here).

>>> data = load_text("a: 1\\nb:\\n  c: 2\\n")
>>> data["b"]["c"], data.line, data.key_lines["b"], data["b"].line
(2, 1, 2, 3)
>>> load_text("a: 1\\na: 2\\n")
Traceback (most recent call last):
...
normtrace.yamlfile.RepeatedKeyError: key 'a' appears twice (first on line 1)
  in "<unicode string>", line 2, column 1:
    a: 2
    ^
>>> from normtrace.errors import TraceError
>>> parse_mapping("- a\\n", source="t.yaml", what="ledger", error=TraceError)
Traceback (most recent call last):
...
normtrace.errors.TraceError: t.yaml:1: a ledger must be a YAML mapping at the top level
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from normtrace.errors import NormtraceError

__all__ = [
    "LineDict",
    "RepeatedKeyError",
    "UniqueKeyLoader",
    "compose",
    "dump",
    "load_mapping",
    "load_text",
    "parse_mapping",
    "read_text",
    "where",
]


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class RepeatedKeyError(yaml.composer.ComposerError):
    """A mapping names the same key twice."""


class UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a repeated key in any mapping; mappings load as
    :class:`LineDict`."""

    def compose_mapping_node(self, anchor: Any) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            if key in first:
                raise RepeatedKeyError(
                    None, None, f"key {key!r} appears twice (first on line {first[key]})",
                    key_node.start_mark,
                )  # fmt: skip
            first[key] = key_node.start_mark.line + 1
        return node


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_text(text: str) -> Any:
    """Parse YAML ``text`` (see the module docstring); raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def read_text(path: str | Path, *, what: str, error: type[NormtraceError]) -> str:
    """The text of the file ``path``; ``what`` names the kind of file in errors."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise error.at(path, None, f"cannot read {what} ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise error.at(path, None, f"cannot read {what} (not UTF-8: {exc.reason})") from None


def load_mapping(
    path: str | Path, *, what: str, error: type[NormtraceError], allow_empty: bool = False
) -> LineDict:
    """Read the YAML mapping in the file ``path`` (see :func:`parse_mapping`)."""
    text = read_text(path, what=what, error=error)
    return parse_mapping(text, source=str(path), what=what, error=error, allow_empty=allow_empty)


def parse_mapping(
    text: str, *, source: str, what: str, error: type[NormtraceError], allow_empty: bool = False
) -> LineDict:
    """Parse YAML ``text`` holding a mapping; ``source`` names it in errors.

    ``allow_empty``: a text with no YAML document (empty, or comments only) is an
    empty mapping.

    Raises:
        error: the text is not YAML, repeats a key, or is not a mapping at the top.
    """
    try:
        data = load_text(text)
    except yaml.YAMLError as exc:
        raise _invalid(exc, source, what, error) from None
    if data is None and allow_empty:
        return LineDict()
    if not isinstance(data, LineDict):
        raise error.at(source, 1, f"a {what} must be a YAML mapping at the top level")
    return data


def compose(
    text: str, *, source: str | None, what: str, error: type[NormtraceError]
) -> yaml.Node | None:
    """PyYAML's node tree of ``text`` (``None`` if empty), every line kept; keys not repeated."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise _invalid(exc, source, what, error) from None
    return node


def where(source: str, node: Any, key: str | None = None) -> str:
    """``file:line`` of ``node`` (or of ``key`` inside it), read by :func:`load_mapping`."""
    if isinstance(node, LineDict):
        line = node.key_lines.get(key, node.line) if key else node.line
        return f"{source}:{line}"
    return source


class _Dumper(yaml.SafeDumper):
    """The safe dumper; it also writes :class:`LineDict` mappings (as plain mappings)."""


_Dumper.add_representer(LineDict, yaml.SafeDumper.represent_dict)


def dump(data: Any, *, width: int = 100, sort_keys: bool = False) -> str:
    """``data`` as YAML (safe types only; keys in their order unless ``sort_keys``)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=sort_keys, allow_unicode=True, width=width)


def _invalid(
    exc: yaml.YAMLError, source: str | None, what: str, error: type[NormtraceError]
) -> NormtraceError:
    """A YAML error as one line: ``source:line: <what> is not valid YAML: <problem>``."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, RepeatedKeyError):
        return error.at(source, line, f"{problem} in the {what}; keep one")
    return error.at(source, line, f"{what} is not valid YAML: {problem}")
