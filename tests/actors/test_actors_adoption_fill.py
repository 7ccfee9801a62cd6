"""Resolutions whose text names no adoption meeting take it from the UN Library index."""

from __future__ import annotations

from pathlib import Path

from normtrace import Project
from normtrace.actors.links import adoption_meetings, build_links, import_meeting_index

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "links"


def test_meeting_from_index_is_marked_and_stable(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        project.ingest([FIX / "S-RES-699(1991).txt"])
        assert project.document("S/RES/699 (1991)")["meeting"] is None  # the text prints none
        import_meeting_index(project.store)
        assert build_links(project.store).by_relation["adoption_meetings_from_index"] == 1
        doc = project.store.conn.execute(
            "SELECT meeting, date, json_extract(meta, '$.adoption_source') AS source "
            "FROM documents WHERE symbol = 'S/RES/699 (1991)'"
        ).fetchone()
        assert (doc["meeting"], doc["date"], doc["source"]) == (
            "S/PV.2994",
            "1991-06-17",
            "library_index",
        )
        again = build_links(project.store).by_relation
        assert again["adoption_meetings_from_index"] == 0
        assert adoption_meetings(project.store, "S/RES/699 (1991)") == [
            ("S/PV.2994", "library_index")
        ]
