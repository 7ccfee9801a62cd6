"""``ingest --reparse`` (and an edited file) and what the store filled in after parsing.

``normtrace actors links`` fills a resolution whose text names no adoption meeting with the
UN Library index's meeting, and an undated meeting record with its meeting's date, in place.
A new parse never holds those values: it reads the same when only they differ, and a new
version is filled again in the ingest run.

Fixtures: ``tests/fixtures/links/S-RES-699(1991).txt`` (a real resolution whose text prints
no adoption meeting; not one of the reserved resolutions) and the first two pages of the
record S/PV.8703; the "old parser" misreadings laid over the real parser's output and the
index rows built here are SYNTHETIC.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from normtrace import Project
from normtrace.actors.links import build_links, import_meeting_index
from normtrace.parse.model import Document
from synthetic_reparse import copied, parser_setter, record, undated

RES = "S/RES/699 (1991)"
PV = "S/PV.8703"


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``parser(change)``: the real parser with ``change`` laid over its output."""
    return parser_setter(monkeypatch)


def resolution(folder: Path) -> Path:
    return copied(folder, "links/S-RES-699(1991).txt")


def linked(folder: Path, project: Project) -> Path:
    """The resolution ingested from ``folder`` and filled by ``actors links`` (the index
    imported first); its file's path."""
    path = resolution(folder)
    project.ingest([path])
    import_meeting_index(project.store)
    build_links(project.store)
    return path


def versions(project: Project, symbol: str) -> list[tuple[Any, ...]]:
    rows = project.store.conn.execute(
        "SELECT version, is_current, meeting, date, year, json_extract(meta, '$.adoption_source'),"
        " json_extract(meta, '$.date_source') FROM documents WHERE symbol = ? ORDER BY version",
        (symbol,),
    )
    return [tuple(r) for r in rows]


def retitled(document: Document) -> Document:
    """A SYNTHETIC upgrade that reads the resolution's title otherwise (and nothing else)."""
    return replace(document, title=f"{document.title} (SYNTHETIC)")


def test_a_resolution_filled_by_links_reads_the_same_when_parsed_again(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        path = linked(tmp_path / "in", project)
        filled = [(1, 1, "S/PV.2994", "1991-06-17", 1991, "library_index", "title")]
        assert versions(project, RES) == filled
        report = project.ingest([path], reparse=True)  # the same parser, the same bytes
        assert report.counts == {"unchanged": 1} and report.reparsed == 0
        assert versions(project, RES) == filled


def test_a_new_version_of_a_filled_resolution_is_filled_again(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    with Project(tmp_path / "p.db") as project:
        path = linked(tmp_path / "in", project)
        parser(retitled)  # the upgrade reads the title otherwise: a new version
        report = project.ingest([path], reparse=True)
        assert report.counts == {"new_version": 1} and report.reparsed == 1
        assert [v[:3] for v in versions(project, RES)] == [
            (1, 0, "S/PV.2994"),
            (2, 1, "S/PV.2994"),
        ]
        meta = json.loads(
            project.store.conn.execute(
                "SELECT meta FROM documents WHERE symbol = ? AND is_current = 1", (RES,)
            ).fetchone()[0]
        )
        # the fill names the ingest run that made it, and notes what it filled
        assert (meta["adoption_source"], meta["adoption_run"]) == ("library_index", report.run_id)
        assert meta["filled"]["columns"] == {"meeting": None, "date": "1991-06-17"}
        summary = project.store.conn.execute(
            "SELECT summary FROM runs WHERE id = ?", (report.run_id,)
        ).fetchone()[0]
        assert json.loads(summary)["adoption_meetings_from_index"] == 1
        # and the filled version reads the same to the same parser again
        assert project.ingest([path], reparse=True).counts == {"unchanged": 1}


def test_an_edited_file_of_a_filled_resolution_is_filled_again(tmp_path: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        path = linked(tmp_path / "in", project)
        path.write_bytes(path.read_bytes() + b"\n")  # new bytes, the same text
        assert project.ingest([path]).counts == {"new_version": 1}
        assert [v[:3] for v in versions(project, RES)] == [
            (1, 0, "S/PV.2994"),
            (2, 1, "S/PV.2994"),
        ]


def test_a_fill_made_before_fills_were_noted_reads_the_same(tmp_path: Path) -> None:
    """A project filled by an earlier normtrace (``meta.adoption_run``, no note of what was
    filled): the same parse is still no new reading."""
    with Project(tmp_path / "p.db") as project:
        path = linked(tmp_path / "in", project)
        with project.store.transaction() as conn:
            conn.execute("UPDATE documents SET meta = json_remove(meta, '$.filled')")
        assert project.ingest([path], reparse=True).counts == {"unchanged": 1}
        assert versions(project, RES)[-1][2] == "S/PV.2994"


def test_an_undated_record_dated_by_links_reads_the_same_and_a_new_version_is_dated(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    path = record(tmp_path / "in")
    with Project(tmp_path / "p.db") as project:
        parser(undated)
        project.ingest([path], progress=False)
        import_meeting_index(project.store)
        assert build_links(project.store).by_relation["meeting_dates_from_index"] == 1
        dated = [(1, 1, PV, "2020-01-15", 2020, None, "meetings")]
        assert versions(project, PV) == dated
        assert project.ingest([path], reparse=True, progress=False).counts == {"unchanged": 1}
        assert versions(project, PV) == dated
        # an upgrade that reads the title otherwise (still no date): dated again
        parser(lambda d: retitled(undated(d)))
        report = project.ingest([path], reparse=True, progress=False)
        assert report.counts == {"new_version": 1}
        assert versions(project, PV)[-1] == (2, 1, PV, "2020-01-15", 2020, None, "meetings")
