"""A PDF that ends with ``%%EOF`` but lost bytes (CHANGELOG stop 47, "known, not mended": a PDF
cut just after an earlier ``%%EOF`` passes). A linearized PDF shorter than the length its
linearization dictionary gives (``/L``) is refused as cut short; a file cut exactly after an
earlier revision's ``%%EOF`` is that revision, whole, and passes (no check on the bytes can
tell it apart: ``ingest.pdf_check``'s docstring).

The byte strings of the first test are SYNTHETIC; the others read ../shared's UN PDFs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normtrace.errors import ExtractionError
from normtrace.ingest.pdf_check import check_pdf_whole, linearized_length

HEAD = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Linearized 1/L {L}/O 3/E 500/N 2/T 900"
        b"/H [ 10 20]>>\nendobj\n")  # fmt: skip


def _synthetic(length: int, total: int) -> bytes:
    """SYNTHETIC bytes: a linearization dictionary giving ``length``, padded to ``total``
    bytes ending with ``%%EOF`` (no PDF reader opens them)."""
    head = HEAD.replace(b"{L}", str(length).encode())
    return head + b" " * (total - len(head) - 6) + b"%%EOF\n"


def test_a_linearized_file_shorter_than_it_says_is_cut_short() -> None:
    data = _synthetic(5000, 1200)
    assert linearized_length(data) == 5000
    with pytest.raises(ExtractionError, match=r"cut short \(1200 bytes of the 5000 its "):
        check_pdf_whole(data, path="a.pdf")
    check_pdf_whole(_synthetic(1200, 1200), path="a.pdf")  # whole: left to the reader
    check_pdf_whole(_synthetic(900, 1200), path="a.pdf")  # updated since: longer is fine
    check_pdf_whole(_synthetic(1202, 1200), path="a.pdf")  # its last end-of-line lost
    with pytest.raises(ExtractionError, match="cut short"):
        check_pdf_whole(_synthetic(1203, 1200), path="a.pdf")


def _eofs(data: bytes) -> list[int]:
    return [m.end() for m in re.finditer(rb"%%EOF", data)]


def test_a_real_pdf_cut_after_its_first_page_section_is_refused(shared_dir: Path) -> None:
    data = (shared_dir / "corpus" / "reports" / "MINUSTAH_S_2004_698.pdf").read_bytes()
    check_pdf_whole(data, path="r.pdf")
    first = _eofs(data)[0]  # the first-page section's marker, 961 bytes in
    assert first < 2000 and linearized_length(data) == len(data)
    with pytest.raises(ExtractionError, match=r"cut short \(962 bytes of the 121196 "):
        check_pdf_whole(data[:first] + b"\n", path="r.pdf")


def test_a_real_pdf_cut_after_an_earlier_revision_is_that_revision(shared_dir: Path) -> None:
    """MINUSTAH_S_2006_1003.pdf was updated after it was linearized; cut at the end of the
    linearized original it is that original, whole: it passes, as it must."""
    data = (shared_dir / "corpus" / "reports" / "MINUSTAH_S_2006_1003.pdf").read_bytes()
    said = linearized_length(data)
    assert said is not None and said < len(data)
    revision = next(e for e in _eofs(data) if 0 <= said - e <= 2)  # then its end-of-line
    check_pdf_whole(data[:said], path="r.pdf")
    check_pdf_whole(data[:revision], path="r.pdf")
