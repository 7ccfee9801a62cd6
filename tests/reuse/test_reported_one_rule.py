"""One rule says whether a word is reported in an SG report: :meth:`ReportedIndex.said`.

``aggregate``, ``secretariat`` and ``provenance`` each wrote the test out (role
``secretariat``, not a speech, inside a reported sentence); they read it from
``reuse.reported`` now, and ``first`` reads the same rule for a span (``said_at``). A
Secretariat briefing that gives another's words ("the Minister ... stated that ...") is its
speaker's own in every command; a report paragraph that does so is reported. Every document
here is SYNTHETIC (symbols no UN document uses, texts that say so).
"""

from __future__ import annotations

from synthetic_store import report as sg_report
from synthetic_store import resolution, save, saved
from test_reported_credit import PREVIOUS, REPORT, REPORT_TEXT, SAID

from normtrace.parse.model import Document, Speech
from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.first import first_appearance
from normtrace.reuse.provenance import provenance
from normtrace.reuse.reported import REPORTED, ReportedIndex, in_sg_report
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.shingles import tokenize
from normtrace.reuse.store_reuse import load_units
from normtrace.store.db import Store

RENEWAL = "S/RES/9914 (2013)"
MEETING = "S/PV.9913"
BRIEFED = (
    "every synthetic checkpoint on the northern road must be removed before the planting "
    "season begins in the hill districts"
)
BRIEFING = (
    f"SYNTHETIC. The Minister of the Interior of the Synthetic Republic stated that {BRIEFED}."
)
TEXT = "SYNTHETIC mission helped. The President stated that calm would return."


def _project() -> Store:
    """The report of test_reported_credit, a Secretariat briefing that gives a minister's
    words, and a renewal that uses both."""
    store = Store.open(":memory:")
    save(store, resolution(PREVIOUS, "2012-10-01", ["Decides to extend the mandate;"]))
    save(store, sg_report(REPORT, "2013-02-27", REPORT_TEXT, section="VIII. Observations"))
    speech = Speech(f"{MEETING}/s001", 1, "The Special Representative", BRIEFING)
    save(store, Document(MEETING, "verbatim", "synthetic.v1", "SYNTHETIC meeting",
                         "2013-01-15", 2013, meeting=MEETING, speeches=(speech,)))  # fmt: skip
    with store.transaction() as c:
        c.execute(
            "INSERT INTO speech_roles (speech_key, document, role, method) "
            "VALUES (?, ?, 'secretariat', 'override')",
            (f"{MEETING}/s001", MEETING),
        )
    return saved([resolution(RENEWAL, "2013-03-28", [
        "Decides to extend the mandate;", f"Agrees that {SAID};", f"Demands that {BRIEFED};",
    ])], store)  # fmt: skip


def test_said_reads_a_report_paragraph_never_a_speech_or_another_author() -> None:
    index = ReportedIndex(Store.open(":memory:"))
    words = tokenize(TEXT)
    president = words.norms.index("president")
    report = UnitInfo("SYN/1/p1", "2004-01-01", "SYN/1", "secretariat")
    others = [
        UnitInfo("S/PV.1/s3", "2004-01-02", "S/PV.1", "secretariat", speech=True),  # briefing
        UnitInfo("S/PV.1/s4", "2004-01-02", "S/PV.1", "elected_member", speech=True),
        UnitInfo("SYN/2/p1", "2004-01-01", "SYN/2", "council_mission"),
        None,
    ]
    assert in_sg_report(report) and not any(in_sg_report(u) for u in others)
    said = index.said(report, words, president)
    assert said is not None and said.speaker == "The President"
    assert index.said(report, words, 0) is None  # "SYNTHETIC mission helped": its own words
    start = TEXT.index("calm")
    assert index.said_at(report, TEXT, start, start + 4) == said
    assert index.said_at(report, TEXT, 0, start) is None  # runs across two sentences
    for unit in others:
        assert index.said(unit, words, president) is None
        assert index.said_at(unit, TEXT, start, start + 4) is None


def test_a_briefing_is_its_speaker_s_own_words_and_a_report_s_are_reported_in_every_command() -> (
    None
):
    store = _project()
    units = {s.info.key: s for s in load_units(store)}
    briefing = units[f"{MEETING}/s001"]
    assert briefing.info.role == "secretariat" and briefing.info.speech
    # the detector finds the minister's sentence: the rule alone keeps it the briefer's
    assert ReportedIndex(store).spans(briefing.info.key, BRIEFING)
    said, briefed = len(SAID.split()) + 1, len(BRIEFED.split()) + 1  # and "that" before them

    origin = secretariat_origin(store, RENEWAL)
    assert (origin.reported, origin.from_secretariat) == (said, briefed)
    aggregate = case_aggregate(store, RENEWAL)
    assert aggregate.counts.get(REPORTED) == said
    assert aggregate.counts.get("secretariat") == briefed

    reported = provenance(store, f"{RENEWAL}/op2")
    assert [(w.key, w.role, w.words) for w in reported.word_sources] == [
        (f"{REPORT}/p1", REPORTED, said)
    ]
    spoken = provenance(store, f"{RENEWAL}/op3")
    sources = {w.key: (w.role, w.said_by, w.words) for w in spoken.word_sources}
    assert sources[briefing.info.key] == ("secretariat", "", briefed)
    linked = {r.key: (r.credited, r.reported_words, r.said_by) for r in spoken.reports}
    assert linked[briefing.info.key] == (briefed, 0, "")

    first = first_appearance(store, phrase="synthetic checkpoint on the northern road")
    assert first.by_role["secretariat"].key == briefing.info.key
    assert REPORTED not in first.by_role
    first_said = first_appearance(store, phrase="national commission on land tenure")
    assert first_said.by_role[REPORTED].key == f"{REPORT}/p1"
