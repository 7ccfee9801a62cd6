"""Issue 2 acceptance on the real data in ../shared (slow; skipped without it).

Both tests share one project: ../shared's reports ingested without Tesseract (the five scans
fail with the hint, the other 48 are stored), then the whole corpus with Tesseract (the scans
stored now, the 48 unchanged, everything else new), then the whole corpus again (nothing
added). The 48 text-layer reports are parsed once, not twice.

The five scans' 81 pages are recognized from the session's seeded OCR cache (conftest
``_ocr_cache``: what Tesseract 5.3.0 read from these pages, keyed as ``normtrace.ingest.ocr``
keys its cache, by the rendered page and the engine). Recognizing them takes about 220 s of
CPU; Tesseract itself is tested in ``tests/ingest/test_ingest_ocr.py``. Another engine
version or another rendering misses the seed, and the pages are recognized afresh: slower,
same assertions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from normtrace import Project
from normtrace.ingest.ocr import tesseract_version
from normtrace.pipeline import IngestReport

SCANS = {
    "UNMISET_S_2003_243.pdf",
    "UNMISET_S_2003_449.pdf",
    "UNMISET_S_2003_944.pdf",
    "UNMISET_S_2004_117.pdf",
    "UNMISET_S_2005_310.pdf",
}


@pytest.fixture(scope="module")
def without_tesseract(
    shared_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Project, IngestReport]]:
    """A new project into which ../shared's reports were ingested with Tesseract missing."""
    with pytest.MonkeyPatch.context() as mp, Project(tmp_path_factory.mktemp("p") / "p.db") as p:
        mp.setenv("NORMTRACE_TESSERACT", "/nonexistent/tesseract")
        report = p.ingest([shared_dir / "corpus" / "reports"])
        mp.undo()
        yield p, report


@pytest.mark.slow
def test_without_tesseract_only_the_scans_fail_with_the_hint(
    without_tesseract: tuple[Project, IngestReport],
) -> None:
    _, report = without_tesseract
    failed = {Path(f.path).name: f.error or "" for f in report.failures}
    assert set(failed) == SCANS
    assert all("image-only PDF" in e and "install Tesseract" in e for e in failed.values())
    assert report.counts["new"] == len(report.outcomes) - len(SCANS)


@pytest.mark.slow
@pytest.mark.long
def test_all_of_shared_corpus_ingests_and_again_adds_nothing(
    shared_dir: Path, without_tesseract: tuple[Project, IngestReport]
) -> None:
    if tesseract_version() is None:
        pytest.skip("Tesseract not installed: the five scanned reports need OCR")
    project, before = without_tesseract
    stored = {o.path for o in before.outcomes if o.status == "new"}
    assert len(stored) == len(before.outcomes) - len(SCANS)
    first = project.ingest([shared_dir / "corpus"])
    assert first.failures == []
    assert len(first.outcomes) >= 3500
    unchanged = {o.path for o in first.outcomes if o.status == "unchanged"}
    assert unchanged == stored  # the reports stored without Tesseract, and nothing else
    new = [o for o in first.outcomes if o.status == "new"]
    assert len(new) == len(first.outcomes) - len(stored)  # all others, the five scans too
    assert {Path(o.path).name for o in new} >= SCANS
    again = project.ingest([shared_dir / "corpus"])
    assert again.counts == {"unchanged": len(first.outcomes)}
    totals = project.summary()["totals"]
    assert totals["speeches"] >= 1168 + 40
