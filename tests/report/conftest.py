"""A small real project for report tests: two Mali resolutions and the S/PV.8703 speeches.

Ingested with the normtrace pipeline; meeting dates come from the bundled UN Library
meeting index (the corpus speech files carry no date without the corpus' meta.tsv).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.links import import_meeting_index
from normtrace.pipeline import ingest_paths
from normtrace.store.db import Store

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"


@pytest.fixture(scope="module")
def mali_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Real texts: S/RES/2085 (2012), S/RES/2100 (2013) and the S/PV.8703 speeches."""
    store = Store.open(tmp_path_factory.mktemp("mali") / "project.db")
    files = [TRACE / "S-RES-2085(2012).txt", TRACE / "S-RES-2100(2013).txt"]
    files += sorted((TRACE / "pv8703").glob("*.txt"))
    result = ingest_paths(store, files, progress=False)
    assert result.ok, result.summary()
    import_meeting_index(store)
    return store
