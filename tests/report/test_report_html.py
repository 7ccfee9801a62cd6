"""The case report: offline HTML, figures as PNG + SVG with CSV data, quotes with keys."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.case import trace_case
from normtrace.trace.collect import collect_case_data
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.ledger import load_ledger, parse_ledger
from normtrace.trace.pointers import weighable
from normtrace.trace.result import TraceRun
from normtrace.trace.rules import SECRETARIAT_SUBSTANTIAL
from normtrace.trace.shares import share_percent
from normtrace.trace.store_trace import CaseWindow, fill_quotes

TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace"
MALI = CaseWindow(
    id="mali-test",
    title="Mali (test window)",
    start="2012-12-01",
    end="2020-12-31",
    terms=("Mali",),
    key_resolution="S/RES/2100 (2013)",
)


@pytest.fixture(scope="module")
def report(mali_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """index.html of the report on the real Mali texts with the synthetic ledger."""
    return _report(mali_store, tmp_path_factory.mktemp("report"))


def _report(store: Store, out: Path) -> Path:
    hs = default_hypotheses()
    ledger, unknown = fill_quotes(load_ledger(TRACE / "ledger-mali-synthetic.yaml", hs), store)
    assert unknown == ["S/2013/189/p12"]
    problems = tuple(f"unit {k} is not in the project" for k in unknown)
    run = TraceRun(collect_case_data(store, MALI), hs, trace_case(hs, ledger), problems)
    return write_report(run, out)


def test_report_is_offline_with_figures_and_data(report: Path) -> None:
    index = report
    html = index.read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html), "external URL"
    assert "<script" not in html
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (index.parent / src).is_file(), src
    pngs = {p.stem for p in (index.parent / "figures").glob("*.png")}
    svgs = {p.stem for p in (index.parent / "figures").glob("*.svg")}
    csvs = {p.stem for p in (index.parent / "data").glob("*.csv")}
    assert pngs == svgs
    assert {"chronology", "safeguard_language", "posterior", "steps", "tornado"} <= pngs
    assert pngs <= csvs
    assert {"evidence", "posterior_table", "steps_table"} <= csvs


def test_report_links_items_to_quoted_text(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert 'href="#q-S-RES-2100-2013-op17"' in html
    assert 'id="q-S-RES-2100-2013-op17"' in html
    assert "Authorizes MINUSMA to use all necessary means" in html  # the stored span
    assert "We concur with the Secretary-General" in html  # quote filled from S/PV.8703/s011
    assert "text not in the project" in html  # S/2013/189/p12 is not stored


def test_report_says_what_the_project_lacks(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "Secretary-General reports" in html
    assert "normtrace fetch" in html and "normtrace ingest-corpus" in html
    assert "Drawn without Secretary-General reports" in html
    # meeting records are present (S/PV.8703 is in the window), so they are not listed missing
    assert "<strong>meeting records of the case meetings</strong>" not in html
    assert "independent" in html  # the independence assumption is stated next to the numbers
    assert "Not available:" in html  # indicators whose stage tables are absent say so


def test_quotes_are_checked_against_the_stored_text(mali_store: Store) -> None:
    """The quotes normtrace fills in are the stored text; an edited one is not, and the one
    pointer check (:func:`normtrace.trace.pointers.weighable`) leaves its item out."""
    hs = default_hypotheses()
    good = load_ledger(TRACE / "ledger-mali-synthetic.yaml", hs)
    filled, _ = fill_quotes(good, mali_store)
    _, left = weighable(filled, mali_store)
    assert [lo.item for lo in left if "quote" in lo.reason] == []
    text = (TRACE / "ledger-mali-synthetic.yaml").read_text(encoding="utf-8")
    edited = text.replace(
        "        end: 45\n", "        end: 45\n        quote: Decides to extend\n"
    )
    _, left = weighable(parse_ledger(edited, hs), mali_store)
    (e1,) = [lo for lo in left if lo.item == "E1"]
    assert e1.reason.startswith(
        "its quote of S/RES/2100 (2013)/op17 [0:45] is not the stored text at those offsets"
    )


def test_report_states_each_codes_measured_error(tmp_path: Path) -> None:
    from case_fixture import mali_case_store
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.validity import CodeValidity

    store = mali_case_store(tmp_path / "project.db", load_default_codebook())
    hs = default_hypotheses()
    data = collect_case_data(store, MALI)
    codes = list(dict.fromkeys(ev.code for ev in data.frame_events))
    assert len(codes) >= 2
    measured = CodeValidity(codes[0], precision=0.9, recall=0.8, n=120, source="run 7",
                            precision_low=0.8, precision_high=0.95,
                            recall_low=0.7, recall_high=0.87)  # fmt: skip
    weak = CodeValidity(codes[1], precision=1.0, recall=0.5, n=40, source="run 7")
    run = TraceRun(data, hs, None, validity={codes[0]: measured, codes[1]: weak})
    html = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
    section = html.split('id="validity"')[1].split("</section>")[0]
    assert "[0.80, 0.95]" in section and "validated" in section
    assert "unvalidated: recall 0.50 &lt; 0.7" in section
    unmeasured = codes[2] if len(codes) > 2 else None
    if unmeasured:
        assert "never measured" in section
    frames = html.split('id="frames"')[1].split("</section>")[0]
    assert "P 0.90 [0.80, 0.95] · R 0.80 [0.70, 0.87] · n 120" in frames
    rows = (tmp_path / "out" / "data" / "code_validity.csv").read_text(encoding="utf-8")
    assert rows.count("\n") == len(codes) + 1


def test_a_first_use_in_a_speech_carries_its_codes_error_on_speeches(tmp_path: Path) -> None:
    """The default codebook does worse on speeches than on resolutions: a first use found in a
    speech quotes the code's measurement on speeches, one found in a document its main one."""
    import csv

    from case_fixture import mali_case_store
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.validity import CodeValidity

    store = mali_case_store(tmp_path / "project.db", load_default_codebook())
    data = collect_case_data(store, MALI)
    kinds: dict[str, set[bool]] = {}
    for ev in data.frame_events:
        kinds.setdefault(ev.code, set()).add(ev.speech)
    in_both = [c for c, k in kinds.items() if k == {True, False}]
    assert in_both, "the fixture has a code first used in a speech and in a document"
    code = in_both[0]
    there = CodeValidity(code, precision=0.4, recall=0.3, n=207, source="speech sample")
    measured = CodeValidity(code, precision=0.9, recall=0.8, n=120, source="run 7",
                            speeches=there)  # fmt: skip
    run = TraceRun(data, default_hypotheses(), None, validity={code: measured})
    html = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
    with (tmp_path / "out" / "data" / "frame_first_use.csv").open(encoding="utf-8") as fh:
        firsts = [r for r in csv.DictReader(fh) if r["code"] == code]
    speech_keys = {ev.key for ev in data.frame_events if ev.speech}
    assert {r["key"] in speech_keys for r in firsts} == {True, False}
    for r in firsts:
        if r["key"] in speech_keys:
            assert r["measured_error"].startswith("on speeches: P 0.40 · R 0.30 · n 207 — unval")
        else:
            assert r["measured_error"].startswith("P 0.90 · R 0.80 · n 120; on speeches: P 0.40")
    section = html.split('id="validity"')[1].split("</section>")[0]
    assert "on speeches" in section and "speech sample" in section
    assert "unvalidated: recall 0.30 &lt; 0.7" in section
    # validated on resolutions, flagged on speeches, and the case has it in a speech
    caveat = section.split('class="caveat">')[1].split("</p>")[0]
    assert f"on speeches: {code}" in caveat


def _with_report(tmp_path: Path, symbol: str, title: str, section: str) -> Store:
    """Resolutions 2085 and 2100 and a SYNTHETIC report (labelled so) of 26 March 2013 whose
    paragraph 40, in ``section``, holds the wording of 2100/op17; reuse run."""
    from normtrace.parse.model import Document, Paragraph
    from normtrace.pipeline import ingest_paths
    from normtrace.reuse.store_reuse import update_reuse
    from normtrace.store.writer import SourceRecord, save_document

    store = Store.open(tmp_path / "p.db")
    files = [TRACE / "S-RES-2085(2012).txt", TRACE / "S-RES-2100(2013).txt"]
    assert ingest_paths(store, files, progress=False).ok
    op17 = store.conn.execute(
        "SELECT text FROM units WHERE key = 'S/RES/2100 (2013)/op17'"
    ).fetchone()["text"]
    para = Paragraph(f"{symbol}/p40", "numbered", "SYNTHETIC. I recommend: " + op17, 1,
                     number="40", section=section)  # fmt: skip
    doc = Document(symbol, "report", "synthetic.v1", title=title, date="2013-03-26", year=2013,
                   paragraphs=(para,))  # fmt: skip
    save_document(store, doc, SourceRecord("synthetic", "1" * 64, 1, "text/plain", "test"))
    update_reuse(store)
    return store


def test_report_shows_new_wording_first_found_in_an_sg_report(tmp_path: Path) -> None:
    # SYNTHETIC report (labelled so): its observations hold the wording of 2100/op17
    store = _with_report(tmp_path, "SYNTHETIC-REPORT-2", "SYNTHETIC report on Mali",
                         "VIII. Observations")  # fmt: skip
    data = collect_case_data(store, MALI)
    assert data.secretariat is not None and data.secretariat.from_secretariat > 0
    assert data.secretariat.flagged == data.secretariat.from_secretariat
    html = write_report(TraceRun(data, default_hypotheses(), None), tmp_path / "r").read_text(
        encoding="utf-8"
    )
    assert "New mandate wording from the Secretary-General" in html
    assert "SYNTHETIC-REPORT-2/p40" in html and "[observations]" in html
    # the share as R6 classes it: a percentage beside its threshold, not a bare fraction
    share = share_percent(data.secretariat.share, SECRETARIAT_SUBSTANTIAL)
    assert f"({share}; substantial from 10%)" in html
    assert "credited to it (their earliest source)" in html
    # the detector's measured error beside the share it bends (the one record)
    from normtrace.parse.report.reported_error import measured_error
    from normtrace.report.html_parts import esc

    assert esc(measured_error().help_paragraph()) in html


def test_wording_first_found_in_a_council_missions_report_is_not_the_secretariats(
    tmp_path: Path,
) -> None:
    """A "report" whose title names a Security Council mission is the Council's own text: its
    paragraphs take the role ``council_mission`` and the key resolution's wording first found
    there is not credited to the Secretariat (a new user found three such reports counted as
    the Secretary-General's)."""
    from normtrace.reuse.store_reuse import load_units

    store = _with_report(tmp_path, "SYNTHETIC-REPORT-3",
                         "Report of the Security Council mission to Mali (SYNTHETIC)",
                         "IV. Recommendations")  # fmt: skip
    (unit,) = load_units(store, ["SYNTHETIC-REPORT-3/p40"])
    assert unit.info.role == "council_mission"
    data = collect_case_data(store, MALI)
    assert data.secretariat is None or data.secretariat.from_secretariat == 0


def test_an_evidence_item_resting_on_a_speech_quotes_its_codes_error_on_speeches() -> None:
    from normtrace.coding.validity import CodeValidity
    from normtrace.report.validity import SPEECH_KEY
    from normtrace.trace.annotate import measured_errors
    from normtrace.trace.ledger import EvidenceItem, Likelihood, UnitRef

    assert SPEECH_KEY.match("S/PV.8703/s016") and SPEECH_KEY.match("S/PV.8723 (Resumption 1)/s018")
    assert SPEECH_KEY.match("S/PV.8703/s002/p03") and not SPEECH_KEY.match("S/2013/189/p12")
    there = CodeValidity("c", precision=0.4, recall=0.3, n=207, source="speeches")
    reports = CodeValidity("c", precision=0.7, recall=0.5, n=755, source="reports")
    validity = {"c": CodeValidity("c", precision=0.9, recall=0.8, n=120, source="set",
                                  speeches=there, reports=reports)}  # fmt: skip
    genres = {"S/2013/189/p12": "report"}
    lk = {"H1": Likelihood(0.5, "synthetic")}
    in_speech = EvidenceItem("R1", "SYNTHETIC", "derived", lk,
                             (UnitRef("S/PV.8703/s016", code="c"),))  # fmt: skip
    in_resolution = EvidenceItem("R2", "SYNTHETIC", "derived", lk,
                                 (UnitRef("S/RES/1/op1", code="c"),))  # fmt: skip
    (m,) = measured_errors(in_speech, validity, genres)
    assert m.code == "c" and m.text.startswith("on speeches: P 0.40") and "unvalidated" in m.text
    (m,) = measured_errors(in_resolution, validity, genres)
    assert m.text.startswith("P 0.90 · R 0.80 · n 120; on speeches")
    # a paragraph of a Secretary-General's report (the project says so) is judged on reports
    in_report = EvidenceItem("R3", "SYNTHETIC", "derived", lk,
                             (UnitRef("S/2013/189/p12", code="c"),))  # fmt: skip
    (m,) = measured_errors(in_report, validity, genres)
    assert m.text.startswith("on reports: P 0.70 · R 0.50") and "recall 0.50 < 0.7" in m.text
    both = EvidenceItem(
        "R4",
        "SYNTHETIC",
        "derived",
        lk,
        (UnitRef("S/2013/189/p12", code="c"), UnitRef("S/PV.8703/s016", code="c")),
    )
    first, second = measured_errors(both, validity, genres)
    assert first.text.startswith("on speeches: P 0.40")  # resting on both: speeches first
    assert second.text.startswith("on reports: P 0.70")


def test_a_first_use_in_a_secretary_generals_report_carries_its_codes_error_on_reports(
    tmp_path: Path,
) -> None:
    """A paragraph of a Secretary-General's report is its own genre: a first use found there
    quotes the code's measurement on reports, and the validity section lists the codes that
    measurement does not validate."""
    import csv

    from case_fixture import mali_case_store
    from normtrace.coding.dictionary.apply import apply_codebook
    from normtrace.coding.exchange.yamlio import load_default_codebook
    from normtrace.coding.validity import CodeValidity
    from normtrace.pipeline import ingest_paths

    # the Mali case project (roles resolved) with a real report of 2004 beside it
    book = load_default_codebook()
    store = mali_case_store(tmp_path / "project.db", book)
    report = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "UNMISET_S_2004_888.txt"
    assert ingest_paths(store, [report], progress=False).ok
    apply_codebook(store, book)
    window = replace(MALI, start="2004-01-01", terms=("Mali", "Timor"))
    data = collect_case_data(store, window)
    codes = {ev.code for ev in data.frame_events if ev.genre == "report"}
    assert codes and all(ev.key.startswith("S/2004/888/") for ev in data.frame_events
                         if ev.genre == "report")  # fmt: skip
    there = CodeValidity("c", precision=0.7, recall=0.5, n=755, source="report sample")
    validity = {c: CodeValidity(c, precision=0.9, recall=0.8, n=120, source="run 7",
                                reports=replace(there, code=c)) for c in codes}  # fmt: skip
    run = TraceRun(data, default_hypotheses(), None, validity=validity)
    html = write_report(run, tmp_path / "out").read_text(encoding="utf-8")
    with (tmp_path / "out" / "data" / "frame_first_use.csv").open(encoding="utf-8") as fh:
        firsts = list(csv.DictReader(fh))
    in_report = [r for r in firsts if r["key"].startswith("S/2004/888/")]
    assert in_report and all(
        r["measured_error"].startswith("on reports: P 0.70 · R 0.50 · n 755 — unvalidated:")
        for r in in_report
    )
    assert all(r["measured_error"].startswith("P 0.90") for r in firsts if r not in in_report
               and r["code"] in codes and not r["key"].startswith("S/PV"))  # fmt: skip
    section = html.split('id="validity"')[1].split("</section>")[0]
    caveat = section.split('class="caveat">')[1].split("</p>")[0]
    assert "on reports: " in caveat and "report sample" in section
    # recall 0.5 on reports: which role used those codes first is a lead, and the frame
    # timelines say so under their table
    frames = html.split('id="frames"')[1].split("</section>")[0]
    assert 'class="order-leads"' in frames and "recall 0.50 &lt; 0.7" in frames
