"""Issue 2 acceptance on the real data in ../shared (slow; skipped without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace import Project


@pytest.mark.slow
def test_all_of_shared_corpus_ingests_and_again_adds_nothing(
    shared_dir: Path, tmp_path: Path
) -> None:
    with Project(tmp_path / "p.db") as project:
        first = project.ingest([shared_dir / "corpus"])
        assert first.failures == []
        assert first.counts["new"] == len(first.outcomes) >= 3500
        again = project.ingest([shared_dir / "corpus"])
        assert again.counts == {"unchanged": len(first.outcomes)}
        totals = project.summary()["totals"]
        assert totals["speeches"] >= 1168 + 40
