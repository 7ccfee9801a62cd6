"""Read and write codebooks as YAML; every error names the file, the line and the problem.

The reader walks the node tree of :func:`normtrace.yamlfile.compose` (the one YAML
loader: repeated keys refused) instead of plain data, so each code, entry and
field keeps the line it was written on.

>>> book = loads_codebook('''
... name: demo
... codes:
...   - id: force
...     name: Offensive force
...     entries: ["offensive operation*", {near: [force, offensive], within: 5}]
... ''')
>>> book.codes[0].entries[1].label()
'{near: ["force", "offensive"], within: 5}'
>>> bad = "name: demo\\ncodes:\\n  - id: x\\n    nmae: X\\n"
>>> loads_codebook(bad, path="cb.yaml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
normtrace.errors.CodebookError: cb.yaml:4: unknown field 'nmae' in code; valid fields: ...
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from normtrace.coding.codebook import (
    EXCLUSION_SIDES,
    Code,
    Codebook,
    Entry,
    Exclusion,
    codebook_to_dict,
)
from normtrace.coding.dictionary.patterns import PatternSyntaxError, compile_pattern
from normtrace.errors import CodebookError
from normtrace.yamlfile import compose, dump, read_text

DEFAULT_CODEBOOK = "stability-operations"
_BOOK_FIELDS = ("name", "label", "description", "frames", "codes")
_CODE_FIELDS = (
    "id",
    "name",
    "parent",
    "definition",
    "inclusion",
    "exclusion",
    "examples",
    "sources",
    "color",
    "codable",
    "guid",
    "entries",
    "exclude",
)
_TEXT_FIELDS = ("parent", "definition", "inclusion", "exclusion", "color", "guid")


class _Reader:
    """Turns YAML nodes into codebook values, raising errors with file and line."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, node: yaml.Node | None, message: str) -> CodebookError:
        line = node.start_mark.line + 1 if node is not None else None
        return CodebookError(message, path=self.path, line=line)

    def mapping(self, node: yaml.Node, what: str, valid: tuple[str, ...]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of fields")
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in valid:
                raise self.fail(
                    key_node, f"unknown field {key!r} in {what}; valid fields: {', '.join(valid)}"
                )
            out[key] = value_node
        return out

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text")
        return str(node.value)

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (str(node.value),)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a text or a list of texts")
        return tuple(self.text(item, what) for item in node.value)

    def integer(self, node: yaml.Node, what: str) -> int:
        value = self.text(node, what)
        if not value.isdigit():
            raise self.fail(node, f"{what} must be a whole number of words, not {value!r}")
        return int(value)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.text(node, what).lower()
        if value not in ("true", "false", "yes", "no"):
            raise self.fail(node, f"{what} must be true or false, not {value!r}")
        return value in ("true", "yes")

    def pattern(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        try:
            compile_pattern(value)
        except PatternSyntaxError as exc:
            raise self.fail(node, str(exc)) from None
        return value

    def entry(self, node: yaml.Node) -> Entry:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return Entry(pattern=self.pattern(node, "entry"), line=line)
        fields = self.mapping(node, "proximity entry", ("near", "within"))
        if "near" not in fields or "within" not in fields:
            raise self.fail(node, "a proximity entry needs 'near: [a, b]' and 'within: N'")
        near = fields["near"]
        if not isinstance(near, yaml.SequenceNode) or len(near.value) != 2:
            raise self.fail(near, "'near' must list exactly two patterns")
        pair = (self.pattern(near.value[0], "near"), self.pattern(near.value[1], "near"))
        within = self.integer(fields["within"], "within")
        if within < 1:
            raise self.fail(fields["within"], "'within' must be at least 1 word")
        return Entry(near=pair, within=within, line=line)

    def exclusion(self, node: yaml.Node) -> Exclusion:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return Exclusion(pattern=self.pattern(node, "exclusion"), line=line)
        fields = self.mapping(node, "exclusion", ("pattern", "within", "side"))
        if "pattern" not in fields:
            raise self.fail(node, "an exclusion needs 'pattern:'")
        within = self.integer(fields["within"], "within") if "within" in fields else 0
        side = self.text(fields["side"], "side") if "side" in fields else "both"
        if side not in EXCLUSION_SIDES:
            raise self.fail(fields["side"], f"'side' must be one of {', '.join(EXCLUSION_SIDES)}")
        pattern = self.pattern(fields["pattern"], "exclusion")
        return Exclusion(pattern, within, side=side, line=line)

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def code(self, node: yaml.Node) -> Code:
        fields = self.mapping(node, "code", _CODE_FIELDS)
        for required in ("id", "name"):
            if required not in fields:
                raise self.fail(node, f"a code needs {required!r}")
        kwargs: dict[str, Any] = {
            "id": self.text(fields["id"], "id"),
            "name": self.text(fields["name"], "name"),
            "line": node.start_mark.line + 1,
        }
        for key in _TEXT_FIELDS:
            if key in fields:
                kwargs[key] = self.text(fields[key], key)
        for key in ("examples", "sources"):
            if key in fields:
                kwargs[key] = self.texts(fields[key], key)
        if "codable" in fields:
            kwargs["codable"] = self.boolean(fields["codable"], "codable")
        if "entries" in fields:
            kwargs["entries"] = tuple(
                self.entry(n) for n in self.items(fields["entries"], "entries")
            )
        if "exclude" in fields:
            items = self.items(fields["exclude"], "exclude")
            kwargs["excludes"] = tuple(self.exclusion(n) for n in items)
        return Code(**kwargs)

    def codebook(self, root: yaml.Node | None) -> Codebook:
        if root is None:
            raise CodebookError("the codebook file is empty", path=self.path)
        fields = self.mapping(root, "codebook", _BOOK_FIELDS)
        if "name" not in fields or "codes" not in fields:
            raise self.fail(root, "a codebook needs 'name' and 'codes'")
        codes = tuple(self.code(n) for n in self.items(fields["codes"], "codes"))
        return Codebook(
            name=self.text(fields["name"], "name"),
            label=self.text(fields["label"], "label") if "label" in fields else "",
            description=(
                self.text(fields["description"], "description") if "description" in fields else ""
            ),
            codes=codes,
            frames=self.frames(fields["frames"]) if "frames" in fields else (),
            path=self.path,
        )

    def frames(self, node: yaml.Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``frames:`` — a mapping of frame id to a list of code ids."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "'frames' must map frame ids to lists of code ids")
        out: list[tuple[str, tuple[str, ...]]] = []
        for key, value in node.value:
            frame = self.text(key, "frames")
            if isinstance(value, yaml.ScalarNode):
                out.append((frame, (self.text(value, frame),)))
            else:
                out.append((frame, tuple(self.text(n, frame) for n in self.items(value, frame))))
        return tuple(out)


def loads_codebook(text: str, *, path: str | Path | None = None) -> Codebook:
    """Parse codebook YAML ``text`` (``path`` is used in error messages)."""
    where = str(path) if path is not None else None
    root = compose(text, source=where, what="codebook", error=CodebookError)
    return _Reader(where).codebook(root)


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook YAML file.

    Raises:
        CodebookError: the file is missing, not YAML, or breaks the schema (with its line).
    """
    return loads_codebook(read_text(path, what="codebook", error=CodebookError), path=path)


def bundled_codebooks() -> list[str]:
    """The names of the codebooks bundled in ``normtrace/data/codebooks``."""
    folder = resources.files("normtrace") / "data" / "codebooks"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def default_codebook_path(name: str = DEFAULT_CODEBOOK) -> Path:
    """Path of a codebook bundled in ``normtrace/data/codebooks`` (the error lists them)."""
    folder = resources.files("normtrace") / "data" / "codebooks"
    target = folder / f"{name}.yaml"
    if not target.is_file():
        bundled = bundled_codebooks()
        raise CodebookError(f"no bundled codebook {name!r}; bundled: {', '.join(bundled)}")
    return Path(str(target))


@functools.lru_cache(maxsize=8)
def load_default_codebook(name: str = DEFAULT_CODEBOOK) -> Codebook:
    """The bundled default codebook for the stability-operations question (read once per
    process: it is a frozen value and the bundled file does not change)."""
    return load_codebook(default_codebook_path(name))


def dump_codebook(book: Codebook) -> str:
    """The codebook as YAML in the documented schema (loads back to an equal codebook)."""
    return dump(codebook_to_dict(book))
