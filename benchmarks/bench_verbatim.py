"""extract_pdf + parse_verbatim on the three 2020 verbatim PDFs vs raw pypdfium2 extraction.

Prints pages per second for both and their ratio (target ≥ 0.7, so that the full
ingest with storage stays ≥ 0.5; see bench_ingest.py for that one).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from _shared import shared_dir

from normtrace.ingest.pdf import extract_pdf
from normtrace.parse.verbatim import parse_verbatim

REPEATS = 9


def best_cpu(funcs: list[Callable[[], object]]) -> list[float]:
    """Fastest CPU time of each function over REPEATS rounds, run alternately.

    CPU time (not wall time) and alternation keep the ratios steady on a
    machine shared with other jobs.
    """
    best = [float("inf")] * len(funcs)
    for _ in range(REPEATS):
        for k, func in enumerate(funcs):
            start = time.process_time()
            func()
            best[k] = min(best[k], time.process_time() - start)
    return best


def raw_extract(blobs: list[bytes]) -> int:
    """Baseline: pdfium's plain text of every page, nothing else."""
    pages = 0
    for data in blobs:
        doc = pdfium.PdfDocument(data)
        for page in doc:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        doc.close()
    return pages


def extract_and_parse(blobs: list[bytes]) -> int:
    """normtrace: reading-order extraction plus the verbatim parser."""
    pages = 0
    for data in blobs:
        extracted = extract_pdf(data)
        parse_verbatim(extracted)
        pages += len(extracted.pages)
    return pages


def extract_only(blobs: list[bytes]) -> int:
    """normtrace extraction alone."""
    return sum(len(extract_pdf(data).pages) for data in blobs)


def main() -> None:
    """Time the three variants (best CPU time of REPEATS) and print the ratios."""
    pdfs = sorted((shared_dir() / "corpus" / "verbatim").glob("*.pdf"))
    blobs = [Path(p).read_bytes() for p in pdfs]
    pages = raw_extract(blobs)
    raw, ext, full = best_cpu(
        [lambda: raw_extract(blobs), lambda: extract_only(blobs), lambda: extract_and_parse(blobs)]
    )
    print(f"{len(pdfs)} PDFs, {pages} pages")
    print(f"raw pypdfium2 get_text_range : {pages / raw:8.1f} pages/s")
    print(f"extract_pdf                  : {pages / ext:8.1f} pages/s  ratio {raw / ext:.2f}")
    print(f"extract_pdf + parse_verbatim : {pages / full:8.1f} pages/s  ratio {raw / full:.2f}")


if __name__ == "__main__":
    main()
