"""REFI-QDA .qdc: a Taguette export imports; normtrace exports re-import without loss."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
from normtrace.coding.exchange.qdc import NAMESPACE, dumps_qdc, export_qdc, import_qdc, loads_qdc
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.errors import CodebookError

TAGUETTE = Path(__file__).resolve().parent.parent / "fixtures" / "coding" / "taguette-codebook.qdc"
Q = f"{{{NAMESPACE}}}"


def code_attributes(xml: str | bytes) -> list[dict[str, str]]:
    root = ET.fromstring(xml)
    return [dict(e.attrib) for e in root.iter(f"{Q}Code")]


def test_taguette_export_imports() -> None:
    book = import_qdc(TAGUETTE)
    assert book.name == "taguette-codebook"
    original = code_attributes(TAGUETTE.read_bytes())
    assert [c.name for c in book.codes] == [a["name"] for a in original]
    assert [c.guid for c in book.codes] == [a["guid"] for a in original]
    assert all(c.codable and c.parent is None for c in book.codes)
    assert book.get("consent_impartiality").name == "consent & impartiality"
    assert book.get("règles_d_engagement").name == "règles d'engagement"


def test_taguette_codebook_round_trips_through_normtrace(tmp_path: Path) -> None:
    book = import_qdc(TAGUETTE)
    out = export_qdc(book, tmp_path / "again.qdc")
    again = import_qdc(out)
    assert again == book
    assert again.version == book.version
    exported = code_attributes(out.read_bytes())
    for before, after in zip(code_attributes(TAGUETTE.read_bytes()), exported, strict=True):
        assert after == before  # guid, name, isCodable unchanged


def test_default_codebook_round_trips_without_loss() -> None:
    book = load_default_codebook()
    xml = dumps_qdc(book)
    again = loads_qdc(xml)
    assert again == book
    assert again.version == book.version
    root = ET.fromstring(xml)
    assert root.tag == f"{Q}CodeBook"
    top = root.find(f"{Q}Codes")
    assert top is not None
    offensive = [c for c in top.findall(f"{Q}Code") if c.get("name", "").startswith("Proactive")]
    assert offensive and offensive[0].get("isCodable") == "false"
    assert "Intervention Brigade" in {c.get("name") for c in offensive[0].findall(f"{Q}Code")}


def test_rich_fields_survive_and_other_tools_see_the_definition() -> None:
    book = Codebook(
        name="synthetic-rich",
        label="v2",
        description="Synthetic codebook for the test.",
        codes=(
            Code(
                id="force",
                name='Force <offensive> & "robust"',
                definition="Line one.\nLine two.",
                inclusion="When offensive.",
                examples=("neutralize these groups",),
                sources=("S/RES/2098 (2013), op12(b)",),
                color="#FF0000",
                entries=(Entry(pattern="neutraliz*"), Entry(near=("force", "offensive"), within=5)),
                excludes=(Exclusion("non-use of force"), Exclusion("self-defence", within=3)),
            ),
        ),
    )
    xml = dumps_qdc(book)
    assert loads_qdc(xml) == book
    desc = ET.fromstring(xml).find(f"{Q}Codes/{Q}Code/{Q}Description")
    assert desc is not None and (desc.text or "").startswith("Line one.\nLine two.")


def test_errors() -> None:
    with pytest.raises(CodebookError, match="not valid XML") as info:
        loads_qdc("<CodeBook>\n<Codes>", path="x.qdc")
    assert info.value.line == 2
    with pytest.raises(CodebookError, match="not a REFI-QDA CodeBook"):
        loads_qdc("<Project/>")
    bad = f'<CodeBook xmlns="{NAMESPACE}"><Codes><Code name="x"/></Codes></CodeBook>'
    with pytest.raises(CodebookError, match="lacks its required"):
        loads_qdc(bad)
