"""A small case project of real texts shared by report, trace and reuse tests: S/RES/2085
(2012) and 2100 (2013) and the speeches of S/PV.8703 (tests/fixtures/trace), with the UN
Library meeting index and the speakers' roles."""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.codebook import Codebook
from normtrace.store.db import Store

TRACE = Path(__file__).resolve().parent / "fixtures" / "trace"


def mali_case_store(path: Path, book: Codebook | None = None) -> Store:
    """The case project at ``path``, auto-coded with ``book`` when one is given."""
    from normtrace.actors.links import import_meeting_index
    from normtrace.actors.store_actors import resolve_speech_roles
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.pipeline import ingest_paths

    store = Store.open(path)
    files = [TRACE / "S-RES-2085(2012).txt", TRACE / "S-RES-2100(2013).txt"]
    files += sorted((TRACE / "pv8703").glob("*.txt"))
    assert ingest_paths(store, files, progress=False).ok
    import_meeting_index(store)
    resolve_speech_roles(store)
    if book is not None:
        apply_codebook(store, book)
    return store
