"""REFI-QDA codebook exchange (``.qdc``): import from and export to QDA programs.

The format (namespace ``urn:QDA-XML:codebook:1.0``) is a ``CodeBook`` element
holding ``Codes``; each ``Code`` has the attributes ``guid``, ``name``,
``isCodable`` and optionally ``color``, an optional ``Description`` child, and its
child codes nested inside it. ATLAS.ti, MAXQDA, NVivo, QualCoder and Taguette
read and write it.

normtrace's richer fields travel inside the standard: the code's definition is
the ``Description``; the other fields (id, inclusion and exclusion rules,
examples, sources, dictionary entries, exclusions) follow a line
``--- normtrace ---`` as YAML, and the codebook's own name, label and
description and frames ride in an XML comment. Other programs show the block as text and
ignore the comment; normtrace reads both back, so its exports re-import without
loss. Codes are exported depth first (parents, then their children).

>>> from normtrace.coding.codebook import Code, Codebook
>>> book = Codebook(name="demo", codes=(Code(id="a", name="A & B"),
...     Code(id="b", name="Child", parent="a", definition="Below A.")))
>>> loads_qdc(dumps_qdc(book)) == book
True
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from normtrace._version import __version__
from normtrace.coding.codebook import Code, Codebook, code_to_dict
from normtrace.coding.exchange.yamlio import loads_codebook
from normtrace.errors import CodebookError
from normtrace.yamlfile import dump, load_text

NAMESPACE = "urn:QDA-XML:codebook:1.0"
MARKER = "--- normtrace ---"
_COMMENT_PREFIX = "normtrace-codebook "
_NS = {"q": NAMESPACE}
_TRAILER_FIELDS = ("inclusion", "exclusion", "examples", "sources", "entries", "exclude")


def dumps_qdc(book: Codebook) -> str:
    """The codebook as REFI-QDA codebook XML (a ``str`` with an XML declaration)."""
    ET.register_namespace("", NAMESPACE)
    root = book_element(book, NAMESPACE)
    root.set("origin", f"normtrace {__version__}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def book_element(book: Codebook, namespace: str = NAMESPACE) -> ET.Element:
    """A ``CodeBook`` element in ``namespace`` (the ``.qdc`` one, or a ``.qdpx`` project's)."""
    root = ET.Element(f"{{{namespace}}}CodeBook")
    meta: dict[str, Any] = {
        "name": book.name,
        "label": book.label,
        "description": book.description,
    }
    if book.frames:
        meta["frames"] = {frame: list(codes) for frame, codes in book.frames}
    root.append(ET.Comment(_COMMENT_PREFIX + json.dumps(meta, ensure_ascii=False)))
    codes = ET.SubElement(root, f"{{{namespace}}}Codes")
    for code in book.children(None):
        _export_code(book, code, codes, namespace)
    return root


def export_qdc(book: Codebook, path: str | Path) -> Path:
    """Write the codebook to ``path`` as a ``.qdc`` file (UTF-8)."""
    target = Path(path)
    target.write_text(dumps_qdc(book), encoding="utf-8")
    return target


def loads_qdc(text: str | bytes, *, name: str | None = None, path: str | None = None) -> Codebook:
    """Read REFI-QDA codebook XML; ``name`` overrides the codebook name.

    Raises:
        CodebookError: not XML, not a REFI-QDA codebook, or a code lacks a name or guid.
    """
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as exc:
        raise CodebookError(f"not valid XML: {exc}", path=path, line=exc.position[0]) from None
    if root.tag != f"{{{NAMESPACE}}}CodeBook":
        raise CodebookError(
            f"root element is {root.tag!r}, not a REFI-QDA CodeBook in namespace {NAMESPACE}",
            path=path,
        )
    return read_book_element(root, NAMESPACE, name=name, path=path)


def read_book_element(
    root: ET.Element, namespace: str, *, name: str | None = None, path: str | None = None
) -> Codebook:
    """The codebook of a ``CodeBook`` element in ``namespace`` (parsed with comments kept)."""
    meta = _read_meta(root)
    ns = {"q": namespace}
    codes: list[Code] = []
    holder = root.find("q:Codes", ns)
    for element in holder.findall("q:Code", ns) if holder is not None else []:
        _import_code(element, None, codes, path, ns)
    book_name = name or meta.get("name") or (Path(path).stem if path else "imported")
    return Codebook(
        name=book_name,
        label=meta.get("label", ""),
        description=meta.get("description", ""),
        codes=tuple(_drop_derived_guids(codes, meta.get("name", ""))),
        frames=_frames(meta.get("frames"), path),
        path=path,
    )


def _frames(data: Any, path: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The frames carried in the metadata comment (none when absent)."""
    if data is None:
        return ()
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(c, str) for c in v) for v in data.values()
    ):
        raise CodebookError("the normtrace comment's 'frames' is not frame → code ids", path=path)
    return tuple((str(k), tuple(v)) for k, v in data.items())


def import_qdc(path: str | Path, *, name: str | None = None) -> Codebook:
    """Read a ``.qdc`` file (name: ``name``, the file's own metadata, or the file stem)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CodebookError(f"cannot read codebook: {exc}", path=path) from None
    return loads_qdc(data, name=name, path=str(path))


def _export_code(book: Codebook, code: Code, parent: ET.Element, ns: str) -> None:
    attrs = {
        "guid": code.qda_guid(book.name),
        "name": code.name,
        "isCodable": "true" if code.codable else "false",
    }
    if code.color:
        attrs["color"] = code.color
    element = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
    description = _description(code)
    if description:
        ET.SubElement(element, f"{{{ns}}}Description").text = description
    for child in book.children(code.id):
        _export_code(book, child, element, ns)


def _description(code: Code) -> str:
    data = code_to_dict(code)
    extra: dict[str, Any] = {"id": code.id}
    extra.update({k: data[k] for k in _TRAILER_FIELDS if k in data})
    block = dump(extra)
    return f"{code.definition}\n\n{MARKER}\n{block}" if code.definition else f"{MARKER}\n{block}"


def _read_meta(root: ET.Element) -> dict[str, Any]:
    for node in root:
        text = node.text or ""
        is_comment = node.tag is ET.Comment  # type: ignore[comparison-overlap]
        if is_comment and text.startswith(_COMMENT_PREFIX):
            try:
                meta = json.loads(text[len(_COMMENT_PREFIX) :])
            except json.JSONDecodeError:
                return {}
            out: dict[str, Any] = {k: str(v) for k, v in meta.items() if isinstance(v, str)}
            if "frames" in meta:
                out["frames"] = meta["frames"]
            return out
    return {}


def _import_code(
    element: ET.Element,
    parent: str | None,
    out: list[Code],
    path: str | None,
    ns: dict[str, str] = _NS,
) -> None:
    name = element.get("name")
    if not name or not element.get("guid"):
        raise CodebookError("a Code element lacks its required 'name' or 'guid'", path=path)
    desc_node = element.find("q:Description", ns)
    definition, extra = _split_description(desc_node.text if desc_node is not None else "", path)
    code_id = str(extra.pop("id", "")) or _unique_id(name, out)
    fields = _trailer_code(code_id, name, extra, path)
    out.append(
        Code(
            id=code_id,
            name=name,
            parent=parent,
            definition=definition,
            color=element.get("color"),
            codable=element.get("isCodable", "true").lower() != "false",
            guid=element.get("guid"),
            inclusion=fields.inclusion,
            exclusion=fields.exclusion,
            examples=fields.examples,
            sources=fields.sources,
            entries=fields.entries,
            excludes=fields.excludes,
        )
    )
    for child in element.findall("q:Code", ns):
        _import_code(child, code_id, out, path, ns)


def _split_description(text: str | None, path: str | None) -> tuple[str, dict[str, Any]]:
    text = text or ""
    head, sep, block = text.partition(MARKER)
    if not sep:
        return text.strip(), {}
    try:
        extra = load_text(block) or {}
    except yaml.YAMLError as exc:
        msg = f"the {MARKER} block of a Description is not YAML: {exc}"
        raise CodebookError(msg, path=path) from None
    if not isinstance(extra, dict):
        raise CodebookError(f"the {MARKER} block of a Description is not a mapping", path=path)
    return head.strip(), extra


def _trailer_code(code_id: str, name: str, extra: dict[str, Any], path: str | None) -> Code:
    """Validate the trailer fields through the YAML loader (same checks, same messages)."""
    doc = {"name": "qdc", "codes": [{"id": code_id, "name": name, **extra}]}
    return loads_codebook(dump(doc, sort_keys=True), path=path).codes[0]


def _drop_derived_guids(codes: list[Code], exported_name: str) -> list[Code]:
    """Forget GUIDs normtrace derived on export, so a round trip gives an equal codebook."""
    return [
        replace(c, guid=None)
        if exported_name and c.guid == replace(c, guid=None).qda_guid(exported_name)
        else c
        for c in codes
    ]


def _unique_id(name: str, taken: list[Code]) -> str:
    base = re.sub(r"\W+", "_", name.casefold()).strip("_") or "code"
    existing = {c.id for c in taken}
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
