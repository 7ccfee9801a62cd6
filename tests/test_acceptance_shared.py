"""Issue 2 acceptance on the real data in ../shared (slow; skipped without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace import Project
from normtrace.ingest.ocr import tesseract_version

SCANS = {
    "UNMISET_S_2003_243.pdf",
    "UNMISET_S_2003_449.pdf",
    "UNMISET_S_2003_944.pdf",
    "UNMISET_S_2004_117.pdf",
    "UNMISET_S_2005_310.pdf",
}


@pytest.mark.slow
@pytest.mark.long
def test_all_of_shared_corpus_ingests_and_again_adds_nothing(
    shared_dir: Path, tmp_path: Path
) -> None:
    if tesseract_version() is None:
        pytest.skip("Tesseract not installed: the five scanned reports need OCR")
    with Project(tmp_path / "p.db") as project:
        first = project.ingest([shared_dir / "corpus"])
        assert first.failures == []
        assert first.counts["new"] == len(first.outcomes) >= 3500
        again = project.ingest([shared_dir / "corpus"])
        assert again.counts == {"unchanged": len(first.outcomes)}
        totals = project.summary()["totals"]
        assert totals["speeches"] >= 1168 + 40


@pytest.mark.slow
def test_without_tesseract_only_the_scans_fail_with_the_hint(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NORMTRACE_TESSERACT", "/nonexistent/tesseract")
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([shared_dir / "corpus" / "reports"])
    failed = {Path(f.path).name: f.error or "" for f in report.failures}
    assert set(failed) == SCANS
    assert all("image-only PDF" in e and "install Tesseract" in e for e in failed.values())
    assert report.counts["new"] == len(report.outcomes) - len(SCANS)
