"""`first` dates a unit as the case report dates its document (:mod:`normtrace.store.held`):
its own date, else its meeting's. A corpus meeting record without a date of its own was
listed as undated and never a first use, though `trace`/`report CASE` date it by its
meeting. Every text here is SYNTHETIC."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from normtrace import Project
from normtrace.coding.units import project_span
from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.held import held_by_symbol
from normtrace.store.writer import SourceRecord, save_document

CASE = """\
id: syntheticland
title: Syntheticland (SYNTHETIC)
start: 2099-01-01
end: 2099-12-31
terms: [Syntheticland]
"""


def _document(
    store: Store, symbol: str, doc_type: str, title: str, date: str | None, text: str,
    meeting: str | None = None,
) -> None:  # fmt: skip
    para = Paragraph(f"{symbol}/p1", "numbered", text, 1, number="1")
    doc = Document(symbol, doc_type, "synthetic.v1", title=title, date=date,
                   year=int(date[:4]) if date else None, paragraphs=(para,),
                   meeting=meeting)  # fmt: skip
    digest = hashlib.sha256(symbol.encode()).hexdigest()
    save_document(store, doc, SourceRecord(f"synthetic:{symbol}", digest, 1, "text/plain", "test"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An SG report of June uses the phrase; a meeting record with no date of its own, whose
    meeting (in ``meetings``) was in February, used it first. Returns project and case."""
    folder = tmp_path_factory.mktemp("first_meeting_date")
    path = folder / "p.db"
    with Store.open(path) as store:
        _document(store, "S/2099/10", "report",
                  "Report of the Secretary-General on Syntheticland (SYNTHETIC)", "2099-06-01",
                  "SYNTHETIC. The mission in Syntheticland keeps a robust posture.")  # fmt: skip
        _document(store, "S/PV.9999", "corpus_meeting", "The situation in Syntheticland", None,
                  "SYNTHETIC. We ask the mission in Syntheticland to keep a robust posture.",
                  meeting="S/PV.9999")  # fmt: skip
        with store.transaction() as c:
            c.execute(
                "INSERT INTO meetings (symbol, date, topic, origin) VALUES ('S/PV.9999', "
                "'2099-02-01', 'The situation in Syntheticland', 'library_index')"
            )
    case = folder / "syntheticland.yaml"
    case.write_text(CASE, encoding="utf-8")
    return path, case


def test_first_dates_a_meeting_record_by_its_meeting(project: tuple[Path, Path]) -> None:
    path, case = project
    with Project(path) as p:
        assert held_by_symbol(p.store)["S/PV.9999"]["date"] == "2099-02-01"  # the report's date
        for found in (p.first("robust posture", case=str(case)), p.first("robust posture")):
            assert found.earliest is not None
            assert (found.earliest.key, found.earliest.date) == ("S/PV.9999/p1", "2099-02-01")
            assert {o.key: o.date for o in found.occurrences} == {
                "S/PV.9999/p1": "2099-02-01",
                "S/2099/10/p1": "2099-06-01",
            }
            assert [q.quarter for q in found.curve] == ["2099Q1", "2099Q2"]
            assert "undated" not in found.render()


def test_project_span_dates_a_meeting_record_by_its_meeting(project: tuple[Path, Path]) -> None:
    path, _ = project
    with Store.open(path) as store:
        assert project_span(store) == "2 documents, 2099-02-01 to 2099-06-01"
        assert project_span(store, {"S/PV.9999"}) == "1 documents, 2099-02-01 to 2099-02-01"
