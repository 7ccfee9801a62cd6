"""Full ingest (extract + parse + store) of verbatim-record PDFs vs raw pypdfium2 extraction.

Prints pages per second for both and their ratio (target ≥ 0.5).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from _shared import best_of, shared_dir

from normtrace.pipeline import ingest_paths
from normtrace.store import Store

REPEATS = 3


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


def full_ingest(pdfs: list[Path]) -> None:
    """normtrace: extract in reading order, parse speeches and procedure, store with FTS."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        report = ingest_paths(store, pdfs, progress=False)
        assert report.ok, report.failures
        store.close()


def main() -> None:
    """Run both and print the ratio."""
    pdfs = sorted((shared_dir() / "corpus" / "verbatim").glob("*.pdf"))
    pages = raw_extract(pdfs)
    raw = best_of(REPEATS, lambda: raw_extract(pdfs))
    full = best_of(REPEATS, lambda: full_ingest(pdfs))
    print(f"PDFs: {len(pdfs)}, pages: {pages}, best of {REPEATS}")
    print(f"raw pypdfium2 get_text_range: {pages / raw:8.1f} pages/s")
    print(f"normtrace full ingest:        {pages / full:8.1f} pages/s")
    print(f"ratio (full / raw): {raw / full:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
