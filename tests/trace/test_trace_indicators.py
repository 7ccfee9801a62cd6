"""Indicators on real speeches of S/PV.8703 (roles set by hand) and labelled synthetic values."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.trace.indicators import (
    FrameEvent,
    MeetingSpeech,
    ParagraphSources,
    RoleSpeech,
    TextUnit,
    frame_first_use,
    frame_lags,
    frame_timeline,
    persuasion_around_briefings,
    provenance_shares,
    safeguard_rates,
    sg_citation_rate,
)

PV = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "pv8703"

# Speakers of S/PV.8703 (15 January 2020) and their roles that year, by speech number.
ROLES = {
    1: "president", 2: "secretariat", 3: "president", 4: "permanent_member",
    5: "elected_member", 6: "permanent_member", 7: "permanent_member", 8: "elected_member",
    9: "elected_member", 10: "elected_member", 11: "elected_member", 12: "elected_member",
    13: "elected_member", 14: "permanent_member", 15: "permanent_member", 16: "president",
    17: "non_member_state", 18: "president",
}  # fmt: skip


def _speeches() -> list[MeetingSpeech]:
    out = []
    for n, role in ROLES.items():
        text = (PV / f"UNSC_2020_SPV.8703_spch{n:03d}.txt").read_text(encoding="utf-8")
        out.append(MeetingSpeech("S/PV.8703", n, role, f"S/PV.8703/s{n:03d}", text))
    return out


def test_sg_citation_rate_on_real_speeches() -> None:
    speeches = [RoleSpeech(s.key, s.role, s.text) for s in _speeches()]
    rate = sg_citation_rate(speeches)
    # 13 state speeches (4-15 and Mali's 17); Indonesia (11), China (14) and Mali (17)
    # cite the Secretary-General's report; the President's 16 is not a state role here.
    assert rate.denominator == 13
    assert rate.keys == ["S/PV.8703/s011", "S/PV.8703/s014", "S/PV.8703/s017"]
    assert "report of the Secretary-General" in rate.quotes["S/PV.8703/s011"]
    assert rate.to_json()["numerator"] == 3


def test_thanking_for_a_briefing_is_not_citing_an_assessment() -> None:
    text = "I thank Under-Secretary-General Lacroix for his briefing."
    assert sg_citation_rate([RoleSpeech("k", "elected_member", text)]).numerator == 0


def test_persuasion_markers_after_the_briefing() -> None:
    result = persuasion_around_briefings(_speeches())
    meeting = result.meetings["S/PV.8703"]
    assert meeting["briefing_key"] == "S/PV.8703/s002"
    assert result.before.speeches == 0  # only the President spoke before Mr. Lacroix
    assert result.after.speeches == 13
    # "We concur with the Secretary-General's observation" (Indonesia)
    assert result.after.keys == ["S/PV.8703/s011"]
    assert result.after.per_1000_words is not None and result.after.per_1000_words > 0


def test_persuasion_before_and_after_synthetic() -> None:
    # SYNTHETIC meeting: one state speech before and two after a Secretariat briefing
    speeches = [
        MeetingSpeech("m", 1, "elected_member", "m/s1", "We are convinced of nothing yet."),
        MeetingSpeech("m", 2, "secretariat", "m/s2", "The situation is grave."),
        MeetingSpeech("m", 3, "permanent_member", "m/s3", "As the Secretary-General said, act."),
        MeetingSpeech("m", 4, "elected_member", "m/s4", "We vote in favour."),
        MeetingSpeech("other", 1, "elected_member", "o/s1", "We agree with the briefer."),
    ]
    result = persuasion_around_briefings(speeches)
    assert list(result.meetings) == ["m"]  # no Secretariat speaker in "other"
    assert (result.before.speeches, result.before.markers) == (1, 1)
    assert (result.after.speeches, result.after.with_marker, result.after.keys) == (2, 1, ["m/s3"])


def test_frame_first_use_and_lags_synthetic() -> None:
    # SYNTHETIC events
    events = [
        FrameEvent("2013-03-28", "permanent_member", "offensive", "S/PV.6943/s004"),
        FrameEvent("2013-02-27", "secretariat", "offensive", "S/2013/119/p45"),
        FrameEvent("2013-03-28", "elected_member", "offensive", "S/PV.6943/s006"),
        FrameEvent("2013-03-01", "secretariat", "offensive", "S/2013/131/p02"),
    ]
    first = frame_first_use(events)["offensive"]
    assert first["secretariat"].key == "S/2013/119/p45"
    lags = frame_lags(first)
    assert lags == {"elected_member": 29, "permanent_member": 29, "secretariat": 0}
    assert frame_lags(first, reference="ngo") == dict.fromkeys(lags)
    rows = frame_timeline(events)
    assert {"code": "offensive", "role": "secretariat", "year": 2013, "uses": 2,
            "first_key": "S/2013/119/p45"} in rows  # fmt: skip


def test_provenance_shares_synthetic() -> None:
    # SYNTHETIC aggregate: three operative paragraphs of 10, 5 and 5 words
    rows = [
        ParagraphSources("R/op1", 10, {"secretariat": 8, "none": 2}),
        ParagraphSources("R/op2", 5, {"resolution": 5}),
        ParagraphSources("R/op3", 5, {"none": 3, "state": 2}),
    ]
    shares = provenance_shares("R", rows)
    assert shares.words == 20
    assert shares.shares == pytest.approx(
        {"none": 0.25, "resolution": 0.25, "secretariat": 0.4, "state": 0.1}
    )
    assert shares.by_paragraphs == {"none": 1, "resolution": 1, "secretariat": 1}
    assert shares.keys["secretariat"] == ["R/op1"]
    assert shares.to_json()["resolution"] == "R"


def test_safeguard_rates_synthetic() -> None:
    units = [  # SYNTHETIC sentences in the style of resolutions
        TextUnit(2004, "a", "with the consent of the parties, impartiality and self-defence"),
        TextUnit(2004, "b", "Decides to extend the mandate"),
        TextUnit(2013, "c", "Decides to take all necessary measures"),
    ]
    rows = {(r["year"], r["term"]): r for r in safeguard_rates(units)}
    assert rows[(2004, "consent")]["units_with"] == 1
    assert rows[(2004, "consent")]["share_of_units"] == 0.5
    assert rows[(2004, "minimal_force")]["keys"] == ["a"]
    assert rows[(2004, "impartiality")]["per_10k_words"] == pytest.approx(10_000 / 14)
    assert rows[(2013, "consent")]["matches"] == 0
