"""N2's small findings (F-bad-3, F-ocr-1): the size line in MiB with bytes, and --workers
bounding OCR's Tesseract processes. SYNTHETIC data only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from normtrace.errors import IngestError
from normtrace.ingest import ocr
from normtrace.ingest.limits import IngestLimits
from normtrace.ingest.source import read_source


def test_a_file_just_over_the_limit_does_not_read_as_a_contradiction(tmp_path: Path) -> None:
    big = tmp_path / "synthetic-just-over.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 10))
    with pytest.raises(IngestError) as caught:
        read_source(big, IngestLimits(max_file_mb=1))
    assert caught.value.reason.startswith(
        "file is 1.0 MiB (1,048,586 bytes), over the limit of 1 MiB (1,048,576 bytes); raise it"
    )


def test_jobs_bounds_the_tesseract_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []

    class Pool(ThreadPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            sizes.append(max_workers)
            super().__init__(max_workers, **kwargs)

    monkeypatch.setattr(ocr, "ThreadPoolExecutor", Pool)
    monkeypatch.setattr(ocr, "tesseract_command", lambda: "tesseract")
    monkeypatch.setattr(ocr, "_version", lambda command: "5.3.0")
    monkeypatch.setattr(
        ocr,
        "_render",
        lambda pdf, i, folder, dpi, command: ocr._Rendered(i, f"k{i}", None, folder / f"{i}.png"),
    )
    monkeypatch.setattr(ocr, "_tesseract", lambda command, page, path: ([], 0))
    monkeypatch.setattr(ocr, "_page", lambda i, table, box, dpi, turn: i)
    monkeypatch.setattr(ocr.os, "cpu_count", lambda: 8)

    class Page:
        def get_mediabox(self) -> tuple[float, float, float, float]:
            return (0, 0, 612, 792)

    pdf: Any = [Page()] * 6
    assert ocr.recognize_pages(pdf, range(6), path="synthetic.pdf", jobs=2) == list(range(6))
    ocr.recognize_pages(pdf, range(6), path="synthetic.pdf")  # the default stays
    assert sizes == [2, 6]
