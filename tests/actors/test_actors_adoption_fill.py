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


def test_an_undated_meeting_record_takes_its_date_from_the_meetings_table(tmp_path: Path) -> None:
    """Corpus speeches loaded without meta.tsv carry no date; `actors links` dates their
    meeting from the library index, marks it, and never replaces a date the record gives."""
    from click.testing import CliRunner

    from normtrace.cli import cli

    speeches = Path(__file__).resolve().parent.parent / "fixtures" / "trace" / "pv8703"
    db = str(tmp_path / "p.db")
    done = CliRunner().invoke(cli, ["--project", db, "ingest-corpus", str(speeches)])
    assert done.exit_code == 0, done.output
    assert "the meetings are undated until `normtrace actors links`" in done.stderr
    with Project(tmp_path / "p.db") as project:
        rows = project.store.conn.execute(
            "SELECT date FROM documents WHERE symbol = 'S/PV.8703'"
        ).fetchall()
        assert [r["date"] for r in rows] == [None]  # the files carry no date
        import_meeting_index(project.store)
        assert build_links(project.store).by_relation["meeting_dates_from_index"] == 1
        doc = project.store.conn.execute(
            "SELECT date, year, json_extract(meta, '$.date_source') AS source "
            "FROM documents WHERE symbol = 'S/PV.8703'"
        ).fetchone()
        assert (doc["date"], doc["year"], doc["source"]) == ("2020-01-15", 2020, "meetings")
        assert build_links(project.store).by_relation["meeting_dates_from_index"] == 0
