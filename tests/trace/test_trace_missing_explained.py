"""What a case report says is missing is what is missing.

A new user (Haiti/MINUSTAH) was told "speech_roles is empty; run `normtrace actors resolve`"
right after running it (it resolved 0 of 0 speeches: the project held no meeting records),
and "ingest the case's reports" in the key resolution's Secretariat section although all
the case's reports were ingested: they all postdate the key resolution, whose own cited
report was the one missing. Texts: the real S/RES/2100 (2013) (tests/fixtures/trace) and
one SYNTHETIC later report of the Secretary-General.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from normtrace.actors.links import import_meeting_index
from normtrace.actors.store_actors import resolve_speech_roles
from normtrace.parse.model import Document, Paragraph
from normtrace.pipeline import ingest_paths
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store
from normtrace.store.writer import SourceRecord, save_document
from normtrace.trace.collect import CaseData, collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import renewal_origins
from normtrace.trace.result import TraceRun
from normtrace.trace.store_trace import CaseWindow

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"
MALI = CaseWindow("mali-test", "Mali (test window)", "2012-12-01", "2014-12-31",
                  terms=("Mali",), key_resolution="S/RES/2100 (2013)")  # fmt: skip


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> CaseData:
    store = Store.open(tmp_path_factory.mktemp("mali") / "p.db")
    assert ingest_paths(store, [TRACE / "S-RES-2100(2013).txt"], progress=False).ok
    report = Document(
        "S/2013/338", "report", "test",
        title="Report of the Secretary-General on the situation in Mali",
        date="2013-06-10", year=2013,
        paragraphs=(Paragraph("S/2013/338/p1", "report",
                              "SYNTHETIC: the Council calls for tangible achievements in the "
                              "political process in Mali, which are of critical significance "
                              "for the successful deployment and activities of MINUSMA.", 1),),
    )  # fmt: skip
    save_document(store, report, SourceRecord("s", "s", 1, "text/plain", "test", "s"))
    import_meeting_index(store)
    resolve_speech_roles(store)  # resolves 0 of 0 speeches
    update_reuse(store, progress=False)
    return collect_case_data(store, MALI)


def test_no_meeting_records_is_named_not_actors_resolve(data: CaseData) -> None:
    for name in ("sg_citation_rate", "persuasion_markers"):
        reason = data.unavailable[name]
        assert reason.startswith("the project holds no meeting records"), reason
        assert "speech_roles is empty" not in reason


def test_speeches_without_roles_still_ask_for_actors_resolve(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    files = sorted((TRACE / "pv8703").glob("*.txt"))[:3]
    assert ingest_paths(store, files, progress=False).ok
    from normtrace.trace.collect import _missing

    assert _missing(store, "sg_citation_rate") == ""  # ingest resolved the speakers' roles
    with store.transaction() as conn:
        conn.execute("DELETE FROM speech_roles")  # emptied: running the command fills it again

    assert _missing(store, "sg_citation_rate") == (
        "speech_roles is empty; run `normtrace actors resolve` first"
    )


def test_key_resolution_section_names_the_cited_report_and_the_later_ones(
    data: CaseData,
) -> None:
    reason = data.unavailable["secretariat_origin"]
    assert "the project's 1 Secretary-General report of this case dates from after " in reason
    assert "S/RES/2100 (2013) (adopted 2013-04-25; the earliest is S/2013/338 of 2013-06-10)" in (
        reason
    )
    assert "cites S/2013/189" in reason and "normtrace fetch S/2013/189" in reason
    assert "S/YYYY/NNN" not in reason and "ingest the case's reports" not in reason


def test_the_report_section_points_to_the_renewals_it_can_trace(data: CaseData) -> None:
    from normtrace.report.html import _secretariat

    run = TraceRun(data, default_hypotheses(), None)
    _, _, html = _secretariat(run)
    assert "S/2013/189" in html and "traced below" not in html
    # SYNTHETIC: the mission's renewals traced (the section below shows them)
    renewals = renewal_origins("MINUSMA", [])
    _, _, html = _secretariat(replace(run, data=replace(data, renewals=renewals)))
    assert "New wording of the mission's renewals" in html and "traced below" in html
