"""Full ingest (extract + parse + store) of verbatim-record PDFs vs raw pypdfium2 extraction.

Prints pages per second for both and their ratio (target ≥ 0.5).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from _shared import best_of, shared_dir

from normtrace.pipeline import ingest_paths
from normtrace.store import Store

REPEATS = 5


def raw_extract(pdfs: list[Path]) -> int:
    """Baseline: pdfium's plain text of every page, nothing else."""
    pages = 0
    for path in pdfs:
        doc = pdfium.PdfDocument(path)
        for page in doc:
            page.get_textpage().get_text_range()
            pages += 1
        doc.close()
    return pages


def full_ingest(pdfs: list[Path], repeats: int) -> float:
    """normtrace: extract in reading order, parse speeches and procedure, store with FTS.

    Each repeat ingests into a fresh project created before the clock starts (creating
    a project is set-up, not per-page work). Returns the best time in seconds.
    """
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            store = Store.open(Path(tmp) / f"bench{i}.db")
            start = time.perf_counter()
            report = ingest_paths(store, pdfs, progress=False)
            best = min(best, time.perf_counter() - start)
            assert report.ok, report.failures
            store.close()
    return best


def main() -> None:
    """Run both and print the ratio."""
    pdfs = sorted((shared_dir() / "corpus" / "verbatim").glob("*.pdf"))
    pages = raw_extract(pdfs)
    raw = best_of(REPEATS, lambda: raw_extract(pdfs))
    full = full_ingest(pdfs, REPEATS)
    print(f"PDFs: {len(pdfs)}, pages: {pages}, best of {REPEATS}")
    print(f"raw pypdfium2 get_text_range: {pages / raw:8.1f} pages/s")
    print(f"normtrace full ingest:        {pages / full:8.1f} pages/s")
    print(f"ratio (full / raw): {raw / full:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
