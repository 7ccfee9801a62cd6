"""Acceptance check of the report parser on the real reports in ../shared (slow: ~40 s).

The five scans are left to ``normtrace eval reports`` (OCR of 87 pages takes minutes without
a warm cache): here they must be refused with the one-line OCR hint under ``--ocr never``.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from normtrace.evaluate.reports import REPORTS_DIR, evaluate_reports


@pytest.mark.slow
def test_real_reports_typed_numbered_and_without_map_headings(shared_dir: Path) -> None:
    if not shared_dir.joinpath(*REPORTS_DIR).is_dir():
        pytest.skip(f"no {'/'.join(REPORTS_DIR)} in {shared_dir}")
    result = evaluate_reports(shared_dir, ocr="never")
    refused = [c for c in result.checks if c.problem]
    assert len(refused) <= 5 and all("--ocr auto" in (c.problem or "") for c in refused)
    checks = tuple(c for c in result.checks if not c.problem)
    assert all(c.problem is None for c in checks), result.summary()
    assert all(c.typed_ok for c in checks), result.summary()
    numbered = sum(c.numbered_ok for c in checks)
    assert numbered >= 0.98 * len(checks), result.summary()
    assert sum(len(c.bad_headings) for c in checks) == 0, result.summary()
    assert all(c.observations_found for c in checks if c.has_observations), result.summary()
    assert statistics.median(c.headings for c in checks) < 40
