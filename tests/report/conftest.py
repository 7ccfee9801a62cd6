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


def code_ledger_citations(store: Store, ledger: Path) -> None:
    """Make the codings a fixture ledger cites, as an analyst would before citing them."""
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.human.events import add_code
    from normtrace.trace.hypotheses import default_hypotheses
    from normtrace.trace.ledger import load_ledger

    apply_codebook(store, load_default_codebook())
    keys = {r["key"] for r in store.conn.execute("SELECT key FROM units")}
    for item in load_ledger(ledger, default_hypotheses()).items:
        for u in item.units:
            if u.code and u.key in keys and u.start is not None and u.end is not None:
                add_code(store, coder="analyst", unit_key=u.key, start=u.start, end=u.end,
                         code=u.code)  # fmt: skip
