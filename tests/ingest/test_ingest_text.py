"""Tests of text decoding (UTF-8, cp1252 fallback, refusals) and HTML to text."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.errors import ExtractionError, IngestError
from normtrace.ingest.html import html_to_text
from normtrace.ingest.text import decode_text, read_text

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"


def test_utf8_and_bom() -> None:
    assert decode_text("Côte d’Ivoire".encode()).encoding == "utf-8"
    got = decode_text(b"\xef\xbb\xbfS/RES/1 (1946)")
    assert (got.text, got.encoding) == ("S/RES/1 (1946)", "utf-8")


def test_cp1252_fallback_on_real_file() -> None:
    got = read_text(TEXTS / "S-RES-2098(2013).txt")
    assert got.encoding == "cp1252"
    assert "Forces D\u00e9mocratiques de Lib\u00e9ration du Rwanda" in got.text


def test_empty_file_decodes_to_empty_text() -> None:
    got = decode_text(b"")
    assert (got.text, got.encoding) == ("", "utf-8")


def test_binary_with_nul_bytes_is_refused() -> None:
    with pytest.raises(ExtractionError, match="binary data \\(NUL bytes\\)") as info:
        decode_text(b"%PDF-1.7\x00\x01\x02binary", path="doc.pdf")
    assert info.value.path == "doc.pdf" and "\n" not in str(info.value)


def test_control_character_garbage_is_refused() -> None:
    garbage = bytes(range(1, 32)) * 20
    with pytest.raises(ExtractionError, match="control characters"):
        decode_text(garbage)


def test_undecodable_bytes_are_refused_with_offset() -> None:
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8.
    with pytest.raises(ExtractionError, match="undecodable byte 0x81 at offset 3"):
        decode_text(b"abc\x81def")


def test_missing_file_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        read_text(tmp_path / "absent.txt")


def test_html_blocks_cells_and_scripts() -> None:
    html = (
        "<html><head><title>t</title><style>p{}</style></head><body>"
        "<h2>Security Council</h2><p>Line one<br/>line&nbsp;two</p>"
        "<table><tr><td>S/PV.6943</td>\n<td>28 March</td></tr></table>"
        "<script>alert(1)</script><ul><li>a</li><li>b &amp; c</li></ul></body></html>"
    )
    assert html_to_text(html) == (
        "Security Council\n\nLine one\nline two\n\nS/PV.6943\t28 March\n\na\n\nb & c"
    )


def test_html_of_nothing() -> None:
    assert html_to_text("") == ""
    assert html_to_text("<script>x</script>") == ""


def test_c1_controls_in_utf8_are_read_as_windows_1252() -> None:
    got = decode_text("the Council\u0092s demands: \u0095 that all parties".encode())
    assert (got.text, got.repaired) == ("the Council\u2019s demands: \u2022 that all parties", 2)
