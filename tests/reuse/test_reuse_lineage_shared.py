"""Lineage within a mission on the real 2010-2015 resolutions in ../shared (slow, issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.evaluate.lineage import check_lineage

pytestmark = pytest.mark.slow


def test_previous_mandate_is_the_first_source_of_every_linked_held_paragraph(
    shared_dir: Path,
) -> None:
    found = check_lineage(shared_dir)
    assert found.missions["MINUSCA"] == ["S/RES/2149 (2014)", "S/RES/2217 (2015)"]
    assert found.missions["MINUSMA"] == [
        "S/RES/2100 (2013)",
        "S/RES/2164 (2014)",
        "S/RES/2227 (2015)",
    ]
    assert found.held >= 150
    assert found.linked_share == 1.0, found.render()
    assert found.share >= 0.95, found.render()
    assert found.hits > found.baseline_hits
    # the words of 2164 op12 are 2100 op17's, reordered: only the order-insensitive fallback
    moved = {(r.key, r.source) for r in found.reordered}
    assert ("S/RES/2164 (2014)/op12", "S/RES/2100 (2013)/op17") in moved
    assert "S/RES/2164 (2014)/op12" not in {m.key for m in found.misses}
