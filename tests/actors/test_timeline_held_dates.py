"""The topic timeline dates a held document as the case report's chronology does.

A new user's Haiti timeline listed 15 Secretary-General reports and resolutions the project
held as ``(undated) cited … (cited by S/RES/…)``: a document a held resolution cites was
entered as a bare citation and never read from the project. All documents here are
SYNTHETIC stand-ins (real symbols, invented text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.links import build_links, import_meeting_index
from normtrace.actors.timeline import format_timeline, timeline
from normtrace.parse.model import Document, Paragraph
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.store_trace import CaseWindow, chronology


def _save(st: Store, doc: Document) -> None:
    save_document(
        st, doc, SourceRecord(doc.symbol, doc.symbol, 1, "text/plain", "test", doc.symbol)
    )


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    st = Store.open(tmp_path / "p.db")
    import_meeting_index(st)
    _save(st, Document(
        "S/RES/2100 (2013)", "resolution", "test", title="The situation in Mali",
        date="2013-04-25", year=2013, meeting="S/PV.6952",
        paragraphs=(Paragraph("S/RES/2100 (2013)/pp01", "preambular",
                              "Taking note of S/2013/189 and recalling resolution 2106 (2013)",
                              1, cites=("S/2013/189", "S/RES/2106 (2013)", "S/2013/999")),),
    ))  # fmt: skip
    # the cited report names Mali in its title; the cited resolution does not
    _save(st, Document(
        "S/2013/189", "report", "test", title="Report of the Secretary-General on Mali",
        date="2013-03-26", year=2013,
        paragraphs=(Paragraph("S/2013/189/p1", "report", "SYNTHETIC report text.", 1),),
    ))  # fmt: skip
    _save(st, Document(
        "S/RES/2106 (2013)", "resolution", "test", title="Resolution 2106 (2013)",
        date="2013-06-24", year=2013,
        paragraphs=(Paragraph("S/RES/2106 (2013)/op1", "operative", "SYNTHETIC text.", 1),),
    ))  # fmt: skip
    build_links(st)
    return st


def test_a_cited_document_the_project_holds_is_dated_and_marked_held(store: Store) -> None:
    by_symbol = {e.symbol: e for e in timeline(store, "Mali", 2012, 2014)}
    report, resolution = by_symbol["S/2013/189"], by_symbol["S/RES/2106 (2013)"]
    assert (report.date, report.kind, report.in_project) == ("2013-03-26", "report", True)
    assert report.note == "in the project, cited by S/RES/2100 (2013)"
    assert report.sort_date == "2013-03-26"
    assert (resolution.date, resolution.kind) == ("2013-06-24", "resolution")
    assert "in the project" in resolution.note
    # a cited document the project lacks stays a bare citation at its citer's date
    lacking = by_symbol["S/2013/999"]
    assert (lacking.date, lacking.kind, lacking.missing) == (None, "cited", True)
    text = format_timeline(timeline(store, "Mali", 2012, 2014))
    held_lines = [line for line in text.splitlines() if "S/2013/189" in line]
    assert held_lines and held_lines[0].startswith("2013-03-26")


def test_timeline_and_case_chronology_read_the_same_dates(store: Store) -> None:
    case = CaseWindow("mali", "Mali", "2012-01-01", "2014-12-31", terms=("Mali",),
                      symbols=("S/RES/2106 (2013)",))  # fmt: skip
    rows = {r["symbol"]: r["date"] for r in chronology(store, case)}
    entries = {e.symbol: e.date for e in timeline(store, "Mali", 2012, 2014) if e.in_project}
    held = {"S/RES/2100 (2013)", "S/2013/189", "S/RES/2106 (2013)"}
    assert held <= set(rows) and held <= set(entries)
    assert {s: entries[s] for s in held} == {s: rows[s] for s in held}
