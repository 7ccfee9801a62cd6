"""The frame timelines say each code's measured error once, compactly.

The table under the frame timelines printed the whole measured-error text (every genre's
figures, about 500 characters for a default code) in each row, once per role that used the
code, and again for each code of a frame that shares its measurement. Now each row says which
measurement judges that first use and whether it holds it (``on reports: unvalidated``), and a
list under the table gives each code's figures once, the measurements that judge its first
uses only, codes measured alike together. The frame_first_use.csv rows keep the whole text.
SYNTHETIC events and measurements: the keys name no real passages."""

from __future__ import annotations

import csv
from pathlib import Path

from normtrace.coding.validity import CodeValidity
from normtrace.report.html import _frames
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import default_hypotheses
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.result import TraceRun
from normtrace.trace.store_trace import CaseWindow, Coverage

CASE = CaseWindow("synthetic", "Synthetic case", "2004-01-01", "2006-12-31", (), (), "S/RES/9")
EVENTS = (
    FrameEvent("2005-05-06", "council_mission", "offensive", "S/SYNTH/302/p16", "report"),
    FrameEvent("2005-10-06", "secretariat", "offensive", "S/SYNTH/631/p3", "report"),
    FrameEvent("2006-08-15", "resolution", "offensive", "S/RES/SYNTH/op5", ""),
    FrameEvent("2006-09-01", "resolution", "neutralize", "S/RES/SYNTH/op6", ""),
    FrameEvent("2006-02-01", "secretariat", "neutralize", "S/SYNTH/700/p9", "report"),
    FrameEvent("2004-02-29", "resolution", "poc", "S/RES/SYNTH/pp04", ""),
    FrameEvent("2004-08-30", "secretariat", "poc", "S/SYNTH/698/p20", "report"),
    FrameEvent("2004-09-30", "elected_member", "poc", "S/PV.SYNTH/s004", "speech"),
)


def _shared(code: str) -> CodeValidity:
    """A frame's bundled measurement, which its codes share, with its measurements on
    speeches, reports and early resolutions."""
    return CodeValidity(
        code, precision=0.82, recall=0.96, n=1330, source="set", positives=24,
        precision_low=0.64, precision_high=0.92, recall_low=0.80, recall_high=0.99,
        frame="offensive_force",
        speeches=CodeValidity(code, precision=0.5, recall=0.28, n=397, source="speech pool"),
        reports=CodeValidity(code, precision=0.74, recall=0.53, n=1067, source="report pool"),
        early=CodeValidity(code, precision=1.0, recall=0.13, n=691, source="early pool"),
    )  # fmt: skip


def test_each_codes_measured_error_is_said_once(tmp_path: Path) -> None:
    poc = CodeValidity("poc", precision=0.93, recall=0.9, n=1330, source="set", positives=80,
                       speeches=CodeValidity("poc", precision=0.9, recall=0.75, n=397,
                                             positives=40, source="speech pool"))  # fmt: skip
    validity = {"offensive": _shared("offensive"), "neutralize": _shared("neutralize"), "poc": poc}
    data = CaseData(CASE, Coverage({}, ()), [], [], frame_events=EVENTS)
    run = TraceRun(data, default_hypotheses(), None, validity=validity)
    _, _, html = _frames(run, tmp_path)
    table, after = html.split("</table>", 1)
    # the rows name the measurement that judges each first use, in a few words
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == len(EVENTS)
    cells = [r.rsplit("<td>", 1)[1].removesuffix("</td>") for r in rows]
    assert set(cells) == {"on reports: unvalidated", "validated", "on speeches: validated"}
    assert "P 0." not in table
    # the figures once: offensive and neutralize share theirs, and speeches and early
    # resolutions judge none of their first uses
    once = after.split('<div class="measured-once">')[1].split("</div>")[0]
    items = once.split("<li>")[1:]
    assert len(items) == 2
    shared = next(i for i in items if "offensive" in i)
    assert shared.startswith("<strong>neutralize, offensive</strong>")
    assert shared.count("P 0.82 [0.64, 0.92] · R 0.96 [0.80, 0.99] · n 1330") == 1
    assert shared.count("on reports: P 0.74 · R 0.53") == 1
    assert "on speeches" not in shared and "before 1999" not in shared
    assert len(shared) < 300
    assert html.count("n 1330") == 2  # once for the shared measurement, once for poc's
    # the data file keeps the whole text in every row
    with (tmp_path / "data" / "frame_first_use.csv").open(encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert "judged_by" not in written[0]
    report_rows = [r for r in written if r["key"].startswith("S/SYNTH/") and r["code"] != "poc"]
    assert all(r["measured_error"].startswith("on reports: P 0.74") for r in report_rows)
