"""Ingestion end to end: real fixtures, idempotence, versions, bad input that never stops a batch.

Files named ``synthetic-*`` are SYNTHETIC bad input made in the test, not UN documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normtrace import Project

FIX = Path(__file__).parent / "fixtures" / "pipeline"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIX, folder)
    return folder


def test_folder_ingests_and_again_adds_nothing(tmp_path: Path, corpus: Path) -> None:
    with Project(tmp_path / "p.db") as project:
        first = project.ingest([corpus])
        assert first.ok, first.failures
        assert first.counts == {"new": 5}
        again = project.ingest([corpus])
        assert again.counts == {"unchanged": 5}
        symbols = {d["symbol"] for d in project.documents()}
        assert symbols == {"S/RES/2100 (2013)", "S/RES/1542 (2004)", "S/PV.8703"}
        speeches = list(project.speeches(symbol="S/PV.8703"))
        assert [s["key"] for s in speeches] == [f"S/PV.8703/s00{i}" for i in (1, 2, 3)]
        assert speeches[1]["speaker"] == "Mr. Lacroix"
        assert speeches[1]["language"] == "French"


def test_changed_file_becomes_new_version(tmp_path: Path, corpus: Path) -> None:
    path = corpus / "S-RES-2100(2013).txt"
    with Project(tmp_path / "p.db") as project:
        project.ingest([path])
        path.write_bytes(path.read_bytes() + b"\n")
        report = project.ingest([path])
        assert report.counts == {"new_version": 1}
        versions = project.store.conn.execute(
            "SELECT version, is_current FROM documents WHERE symbol = 'S/RES/2100 (2013)' "
            "ORDER BY version"
        ).fetchall()
        assert [tuple(v) for v in versions] == [(1, 0), (2, 1)]


BAD = {
    "synthetic-empty.txt": b"",
    "synthetic-empty.pdf": b"",
    "synthetic-garbage.txt": bytes(range(256)) * 8,
    "synthetic-corrupt.pdf": b"%PDF-1.4\n1 0 obj garbage that is not a PDF\n%%EOF",
    "synthetic-unknown.txt": b"A shopping list: apples, pears, bread.\n",
    "synthetic-word.docx": b"PK\x03\x04 not a UN document",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_line_and_batch_goes_on(tmp_path: Path, corpus: Path, name: str) -> None:
    bad = corpus / name
    bad.write_bytes(BAD[name])
    good = corpus / "S-RES-2100(2013).txt"
    with Project(tmp_path / "p.db") as project:
        report = project.ingest([bad, good])
        assert report.counts == {"failed": 1, "new": 1}
        (failure,) = report.failures
        assert failure.error is not None
        assert failure.error.startswith(str(bad)) and "\n" not in failure.error
        assert project.store.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 1
