"""Fuzzing the ingest entry points: arbitrary bytes and text as text, HTML and PDF files.

Every input either becomes a document or is refused with one line (a
:class:`~normtrace.errors.NormtraceError`): never another exception, never a hang (each
example has a deadline). The PDFs are real ones from ``tests/fixtures`` (a verbatim
record and a scanned report, two pages each) mutated by hypothesis: truncated, bytes
overwritten, slices deleted, repeated or spliced between the two.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fuzz_support import examples, refused_cleanly
from hypothesis import given
from hypothesis import strategies as st

from normtrace.errors import NormtraceError
from normtrace.ingest.html import html_to_text
from normtrace.ingest.pdf import extract_pdf
from normtrace.ingest.source import SourceFile, sniff_media_type
from normtrace.parse.symbols import symbol_from_filename
from normtrace.pipeline import parse_source

pytestmark = pytest.mark.fuzz

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PDFS = [
    (FIXTURES / "verbatim" / "S_PV.8703_E_p1-2.pdf").read_bytes(),
    (FIXTURES / "ocr" / "UNMISET_S_2005_310_p1-2.pdf").read_bytes(),
]
#: File names that send a file to each parser (and some that name nothing).
NAMES = [
    "S-RES-2100(2013).txt",
    "S_PV.8703.txt",
    "UNSC_2020_SPV.8703_spch002.txt",
    "S-2013-119.txt",
    "S-PRST-2013-4.txt",
    "S_PV.8703.html",
    "S-RES-2098(2013).htm",
    "notes.txt",
    "page.html",
    "S_PV.8703_E.pdf",
]
#: Lines in the shape of UN documents, so that generated texts reach the parsers' depth.
LINES = [
    "The Security Council,",
    "Recalling its resolution 2098 (2013),",
    "1. Decides to extend the mandate of MONUSCO;",
    "(a) Neutralizing armed groups;",
    "(i) Protection of civilians",
    "The President: I thank Mr. Lacroix for his briefing.",
    "Mr. Lacroix: Mali is at a crossroads.",
    "The meeting rose at 11.45 a.m.",
    "United Nations S/PV.8703",
    "Security Council Seventy-fifth year 8703rd meeting",
    "Adopted by the Security Council at its 6943rd meeting, on 28 March 2013",
    "Report of the Secretary-General on the situation in Mali",
    "I. Introduction",
    "\f",
    "",
    "Annex",
    "13-27645 (E) *1327645*",
    "Page 2 of 12",
]
structured = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=60).map(
    "\n".join
)
encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"])


def _source(name: str, data: bytes) -> SourceFile | None:
    """The source as ``read_source`` would build it; ``None`` if its type is refused."""
    try:
        media = sniff_media_type(name, data)
    except NormtraceError as exc:
        assert refused_cleanly(exc), exc
        return None
    return SourceFile(
        path=f"/fuzz/{name}",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=media,
        file_symbol=symbol_from_filename(name),
    )


def _ingests_or_refuses(name: str, data: bytes) -> None:
    source = _source(name, data)
    if source is None:
        return
    try:
        document, extractor = parse_source(source, ocr="never")
    except NormtraceError as exc:
        assert refused_cleanly(exc), exc
        return
    assert document.symbol and extractor


@examples(150)
@given(st.sampled_from(NAMES), st.binary(max_size=4096))
def test_arbitrary_bytes_are_a_document_or_one_line(name: str, data: bytes) -> None:
    _ingests_or_refuses(name, data)


@examples(150)
@given(st.sampled_from(NAMES[:8]), structured, encodings)
def test_document_shaped_text_is_a_document_or_one_line(name: str, text: str, enc: str) -> None:
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    _ingests_or_refuses(name, data)


TAGS = ["p", "div", "br", "table", "tr", "td", "script", "style", "h1", "li", "pre", "!--",
        "![CDATA[", "?xml", "a href='x'", "meta charset=x"]  # fmt: skip
tags = st.sampled_from(TAGS)
html = st.lists(
    st.one_of(
        tags.map(lambda t: f"<{t}>"),
        tags.map(lambda t: f"</{t}>"),
        st.sampled_from(LINES),
        st.text(max_size=30),
        st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&#99999999;", "&nbsp", "&", "<", ">"]),
    ),
    max_size=80,
).map("".join)


@examples(150)
@given(html)
def test_the_html_reader_takes_any_markup(markup: str) -> None:
    try:
        text = html_to_text(markup)
    except NormtraceError as exc:
        assert refused_cleanly(exc), exc
        return
    assert isinstance(text, str)
    _ingests_or_refuses("S_PV.8703.html", ("<html>" + markup).encode("utf-8", "surrogatepass"))


@st.composite
def mutated_pdf(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(PDFS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "overwrite", "delete", "repeat", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            del data[at:]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 4096))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 2048))]
        else:
            other = draw(st.sampled_from(PDFS))
            start = draw(st.integers(0, len(other) - 1))
            data[at:at] = other[start : start + draw(st.integers(1, 4096))]
    return bytes(data)


@examples(40)
@given(mutated_pdf())
def test_a_mutated_real_pdf_is_text_or_one_line(data: bytes) -> None:
    try:
        extracted = extract_pdf(data, path="/fuzz/S_PV.8703_E.pdf", ocr="never")
    except NormtraceError as exc:
        assert refused_cleanly(exc), exc
        return
    assert all(isinstance(p.text, str) for p in extracted.pages)
    _ingests_or_refuses("S_PV.8703_E.pdf", data)


def test_the_unmutated_pdfs_are_read() -> None:
    """The seeds are good files (the mutations start from working input): the record has
    text; the scanned report, without OCR, is refused as image-only in one line."""
    assert extract_pdf(PDFS[0], path="/fuzz/seed.pdf", ocr="never").pages
    with pytest.raises(NormtraceError) as caught:
        extract_pdf(PDFS[1], path="/fuzz/scan.pdf", ocr="never")
    assert refused_cleanly(caught.value)
