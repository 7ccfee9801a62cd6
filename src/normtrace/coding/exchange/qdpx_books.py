"""The codebooks of a ``.qdpx``: one, or every codebook of the project in one ``CodeBook``.

REFI-QDA's ``Project`` holds one ``CodeBook``, whose ``Code`` elements nest. A ``.qdpx`` of
one codebook (``code export-qdpx --codebook NAME``, or a project with one codebook) holds its
codes at the top, as its ``.qdc`` does (:func:`~normtrace.coding.exchange.qdc.book_element`).
A ``.qdpx`` of a project with several codebooks holds one top-level ``Code`` per codebook,
not codable (``isCodable="false"``), named after it, with that codebook's codes nested
inside it as its ``.qdc`` holds them; a QDA program shows each codebook as a folder of its
codes. The codebook ``Code``'s ``Description`` says so in words and, after the line
``--- normtrace ---``, as JSON ``{"codebook": {"name": ..., "guids": {...}}}``; the codebook's
label, description and frames ride in the XML comment its ``.qdc`` carries, inside that
``Code``.

Each code's GUID is its codebook's (:meth:`~normtrace.coding.codebook.Code.qda_guid`: the one
it was imported with, else a uuid5 of codebook and code id), so a code id two codebooks share
has two GUIDs. A stored GUID two codebooks share (two codebooks read from one ``.qdc``) is
written once: the later codebook's code gets a GUID of its own (a uuid5 of codebook and code
id), and ``guids`` maps its code id to the GUID it had, which :func:`read_codebooks` gives it
back, so the codebook reads back equal (the same version).

>>> from normtrace.coding.codebook import Code, Codebook
>>> a = Codebook(name="a", codes=(Code(id="poc", name="PoC", guid="G-1"),))
>>> b = Codebook(name="b", codes=(Code(id="poc", name="PoC", guid="G-1"),))
>>> guids = code_guids([a, b])
>>> guids[("a", "poc")], guids[("b", "poc")] != "G-1"
('G-1', True)
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

from normtrace.coding.codebook import Codebook
from normtrace.coding.exchange.marks import described_json
from normtrace.coding.exchange.qdc import MARKER, book_element, read_book_element
from normtrace.errors import CodingError
from normtrace.store.db import Store

_GUIDS = uuid.UUID("0b7c2f4e-93d1-5a6e-8c2b-4f1d6e9a7b30")

#: (codebook, code id) → the GUID its ``Code`` has in the file
CodeGuids = dict[tuple[str, str], str]


def project_codebooks(store: Store) -> list[str]:
    """Every codebook of the project by name, the first registered first."""
    rows = store.conn.execute(
        "SELECT b.name FROM current_codebooks b ORDER BY "
        "(SELECT min(f.id) FROM codebooks f WHERE f.name = b.name), b.name"
    )
    return [str(r[0]) for r in rows]


def code_guids(books: list[Codebook]) -> CodeGuids:
    """The GUID each code of ``books`` has in a file holding them all: its own
    (:meth:`~normtrace.coding.codebook.Code.qda_guid`), else, when an earlier codebook's code
    has that one, :func:`renamed_guid` (see the module doc)."""
    out: CodeGuids = {}
    taken: set[str] = set()
    for book in books:
        for code in book.codes:
            value = code.qda_guid(book.name)
            if value.upper() in taken:
                value = renamed_guid(book.name, code.id)
            taken.add(value.upper())
            out[(book.name, code.id)] = value
    return out


def renamed_guid(codebook: str, code: str) -> str:
    """The GUID a code gets when another codebook's code has its own (a uuid5 of both)."""
    return str(uuid.uuid5(_GUIDS, f"{codebook}/{code}")).upper()


def book_guid(codebook: str) -> str:
    """The GUID of the ``Code`` standing for a whole codebook."""
    return str(uuid.uuid5(_GUIDS, f"codebook/{codebook}")).upper()


def codebook_element(books: list[Codebook], guids: CodeGuids, namespace: str) -> ET.Element:
    """The ``CodeBook`` of a ``.qdpx`` holding ``books`` (see the module doc); ``guids``:
    :func:`code_guids` of them."""
    if len(books) == 1:
        (book,) = books
        return book_element(_with_guids(book, guids), namespace)
    q = f"{{{namespace}}}"
    root = ET.Element(q + "CodeBook")
    holder = ET.SubElement(root, q + "Codes")
    for book in books:
        own = book_element(_with_guids(book, guids), namespace)
        renamed = {c.id: c.guid for c in book.codes
                   if guids[(book.name, c.id)] != c.qda_guid(book.name)}  # fmt: skip
        meta = {"codebook": {"name": book.name, "guids": renamed}}
        element = ET.SubElement(
            holder, q + "Code",
            {"guid": book_guid(book.name), "name": book.name, "isCodable": "false"},
        )  # fmt: skip
        label = f" ({book.label})" if book.label and book.label != book.name else ""
        ET.SubElement(element, q + "Description").text = (
            f"normtrace codebook {book.name}{label}: its codes are below this one, which is "
            f"not a code.\n{MARKER}\n{json.dumps(meta, ensure_ascii=False)}"
        )
        element.extend(node for node in own if node.tag is ET.Comment)  # type: ignore[comparison-overlap]
        codes = own.find(q + "Codes")
        element.extend(list(codes) if codes is not None else [])
    return root


def _with_guids(book: Codebook, guids: CodeGuids) -> Codebook:
    """``book`` with each code's GUID as written (only renamed ones change)."""
    return replace(book, codes=tuple(
        c if guids[(book.name, c.id)] == c.qda_guid(book.name)
        else replace(c, guid=guids[(book.name, c.id)])
        for c in book.codes
    ))  # fmt: skip


def _book_meta(element: ET.Element, namespace: str) -> dict[str, Any] | None:
    """The JSON a codebook ``Code``'s ``Description`` carries, else ``None`` (a code)."""
    value = described_json(element.findtext(f"{{{namespace}}}Description", "") or "")
    meta = value.get("codebook") if isinstance(value, dict) else None
    return meta if isinstance(meta, dict) else None


def read_codebooks(
    book_node: ET.Element, namespace: str, *, path: str
) -> list[tuple[Codebook, dict[str, str]]]:
    """The codebooks a ``.qdpx``'s ``CodeBook`` holds (parsed with comments kept), each with
    GUID → code id of its codes: one codebook as before, or one per top-level codebook
    ``Code`` (:func:`codebook_element`).

    Raises:
        CodingError: some top-level codes stand for codebooks and others do not, two name
            one codebook, or a codebook's ``guids`` is malformed (the file was edited).
        CodebookError: a code is malformed
            (:func:`~normtrace.coding.exchange.qdc.read_book_element`).
    """
    q = f"{{{namespace}}}"
    holder = book_node.find(q + "Codes")
    tops = list(holder.findall(q + "Code")) if holder is not None else []
    metas = [_book_meta(top, namespace) for top in tops]
    if not any(m is not None for m in metas):
        book = read_book_element(book_node, namespace, path=path)
        return [(book, _by_guid(book_node, book, namespace))]
    if not all(m is not None for m in metas):
        raise CodingError(
            f"{path}: project.qde mixes codebooks and codes at the top of its CodeBook; the "
            "file was edited: export it again"
        )
    out: list[tuple[Codebook, dict[str, str]]] = []
    for top, meta in zip(tops, metas, strict=True):
        assert meta is not None
        part = ET.Element(q + "CodeBook")
        part.extend(node for node in top if node.tag is ET.Comment)  # type: ignore[comparison-overlap]
        ET.SubElement(part, q + "Codes").extend(top.findall(q + "Code"))
        book = read_book_element(part, namespace, path=path)
        if book.name != meta.get("name") or any(b.name == book.name for b, _ in out):
            raise CodingError(
                f"{path}: codebook code {top.get('name')!r} names codebook "
                f"{meta.get('name')!r} twice or not as its codes do; the file was edited: "
                "export it again"
            )
        renamed = meta.get("guids", {})
        if not isinstance(renamed, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in renamed.items()
        ):
            raise CodingError(f"{path}: codebook {book.name}'s guids are not code id → GUID; "
                              "the file was edited: export it again")  # fmt: skip
        found = _by_guid(part, book, namespace)
        book = replace(book, codes=tuple(
            replace(c, guid=renamed[c.id]) if c.id in renamed else c for c in book.codes
        ))  # fmt: skip
        out.append((book, found))
    return out


def _by_guid(node: ET.Element, book: Codebook, namespace: str) -> dict[str, str]:
    """GUID → code id of the ``Code`` elements under ``node``, read in the order
    :func:`~normtrace.coding.exchange.qdc.read_book_element` reads them (depth first)."""
    elements = list(node.iter(f"{{{namespace}}}Code"))
    return {str(e.get("guid", "")).upper(): c.id for e, c in zip(elements, book.codes, strict=True)}


def mark_book(description: str, codebooks: list[str], where: str) -> str:
    """The codebook of ``codebooks`` a review mark's ``description`` names
    (:func:`~normtrace.coding.exchange.marks.mark_description`); the first when it names none
    (a selection that is no mark) or, in a file of one codebook, another, which
    :func:`~normtrace.coding.exchange.marks.described_mark` refuses.

    Raises:
        CodingError: a file of several codebooks holds a mark of a codebook it does not hold.
    """
    value = described_json(description)
    review = value.get("review") if isinstance(value, dict) else None
    named = review.get("codebook") if isinstance(review, dict) else None
    if named in codebooks:
        return str(named)
    if named is not None and len(codebooks) > 1:
        raise CodingError(
            f"{where} is for codebook {named!r}, which the file does not hold "
            f"({', '.join(codebooks)}); the file was edited: export it again"
        )
    return codebooks[0]
