"""The frame timelines say which frames' order of first uses by role is only a lead: a role
whose first use rests on a code its measurement on that genre does not hold (low recall: an
earlier use of that role was likely missed) makes the order a lead. SYNTHETIC events and
measurements: the keys name no real passages."""

from __future__ import annotations

from types import SimpleNamespace

from normtrace.coding.validity import CodeValidity
from normtrace.report.validity import order_leads, order_note
from normtrace.trace.indicators import FrameEvent, frame_first_use


def _inputs(validity: dict[str, CodeValidity]) -> SimpleNamespace:
    return SimpleNamespace(validity=validity)


EVENTS = [
    FrameEvent("2005-05-06", "council_mission", "offensive", "S/SYNTH/302/p16", "report"),
    FrameEvent("2005-10-06", "secretariat", "offensive", "S/SYNTH/631/p3", "report"),
    FrameEvent("2006-08-15", "resolution", "offensive", "S/RES/SYNTH/op5", ""),
    FrameEvent("2004-02-29", "resolution", "poc", "S/RES/SYNTH/pp04", ""),
    FrameEvent("2004-08-30", "secretariat", "poc", "S/SYNTH/698/p20", "report"),
]


def test_a_role_found_where_the_code_misses_half_makes_the_order_a_lead() -> None:
    on_reports = CodeValidity("x", precision=0.72, recall=0.51, n=1067, source="report pool")
    good = CodeValidity("x", precision=0.9, recall=0.9, n=300, positives=40, source="set")
    validity = {
        "offensive": CodeValidity("offensive", precision=0.9, recall=0.9, n=300, positives=40,
                                  source="set", reports=on_reports),
        "poc": CodeValidity("poc", precision=0.9, recall=0.9, n=300, positives=40,
                            source="set", reports=good),
    }  # fmt: skip
    leads = order_leads(_inputs(validity), frame_first_use(EVENTS))  # type: ignore[arg-type]
    # the two report roles of "offensive" are found where recall is 0.51; its resolution row
    # is held; poc is held on both genres, so its order is a finding
    assert list(leads) == ["offensive"]
    assert [w.split(" ")[0] for w in leads["offensive"]] == ["council_mission", "secretariat"]
    assert all("recall 0.51 < 0.7" in w for w in leads["offensive"])
    note = order_note(_inputs(validity), frame_first_use(EVENTS))  # type: ignore[arg-type]
    assert "lead, not a finding, for 1 frame(s)" in note and "offensive:" in note


def test_every_order_held_says_nothing() -> None:
    good = CodeValidity("x", precision=0.9, recall=0.9, n=300, positives=40, source="set")
    validity = {
        c: CodeValidity(c, precision=0.9, recall=0.9, n=300, positives=40, source="set",
                        reports=good)
        for c in ("offensive", "poc")
    }  # fmt: skip
    assert order_note(_inputs(validity), frame_first_use(EVENTS)) == ""  # type: ignore[arg-type]


def test_a_never_measured_code_makes_its_order_a_lead() -> None:
    leads = order_leads(_inputs({}), frame_first_use(EVENTS))  # type: ignore[arg-type]
    assert sorted(leads) == ["offensive", "poc"]
    assert all("never measured" in w for ws in leads.values() for w in ws)
