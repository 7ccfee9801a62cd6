"""Which documents belong to a case: by meeting topic, title, or a share of mentions."""

from __future__ import annotations

from pathlib import Path

from normtrace import Project
from normtrace.actors.links import import_meeting_index
from normtrace.trace.run import resolve_case
from normtrace.trace.store_trace import case_documents

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "trace"


def test_neighbouring_resolution_is_not_a_case_document(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        project.ingest([FIX / "S-RES-2098(2013).txt", FIX / "S-RES-2149(2014).txt"])
        import_meeting_index(project.store)
        drc = [d["symbol"] for d in case_documents(project.store, resolve_case("drc-2013"))]
        car = [d["symbol"] for d in case_documents(project.store, resolve_case("car-2014"))]
    # S/RES/2149 (2014) on the Central African Republic names the DRC in passing.
    assert drc == ["S/RES/2098 (2013)"]
    assert car == ["S/RES/2149 (2014)"]
