"""A resolution is within a report paragraph's mission lineage or another mission's, never both.

A new user found ``provenance`` of an UNMIT report paragraph list UNMIT's founding resolution
both in the chain ("within the mission") and among the parallel sources of other missions: the
report had no family, so every resolution was "other", while the chain took any resolution.
A report's family is now the mission ``secretariat`` judges it on
(:func:`normtrace.reuse.mission.report_mandate`), and one rule
(:func:`normtrace.reuse.mission.family_relation`, with the project's mission successions)
decides within or other for the chain, the parallel sources and ``secretariat`` alike.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so); the agenda
items are given by the test, as the bundled meeting index would give them.
"""

from __future__ import annotations

import pytest
from synthetic_store import resolution, saved

from normtrace.parse.model import Document, Paragraph
from normtrace.reuse import mission as mission_module
from normtrace.reuse.lineage import mission_successions
from normtrace.reuse.mission import Mandate, relation, report_missions, report_relation
from normtrace.reuse.provenance import provenance
from normtrace.reuse.store_reuse import store_mandates, stored_resolutions
from normtrace.store.db import Store

SIDE = "S/RES/9961 (2006)"  # UNSIDESYN, a neighbour under the same agenda item
SIDE_LATER = "S/RES/9964 (2011)"  # renews UNSIDESYN after UNNEWSYN began: no predecessor
OLD = "S/RES/9962 (2007)"  # UNOLDSYN
NEW = "S/RES/9963 (2009)"  # establishes UNNEWSYN, UNOLDSYN's successor
REPORT = "S/2010/9061"  # SYNTHETIC report on UNNEWSYN
AGENDA = {s: "syntheticland" for s in (SIDE, OLD, NEW, SIDE_LATER)}
OWN = "the synthetic presidential and parliamentary elections scheduled to be held in the spring"
SHARED = "the synthetic border posts along the eastern lakes and the northern hill districts"
OLDER = "the synthetic veterans registry of the national reconciliation commission in each province"


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(mission_module, "_agenda_table", lambda: AGENDA)
    paragraphs = (
        Paragraph(f"{REPORT}/p1", "numbered", "SYNTHETIC. This report covers the United Nations "
                  "New Synthetic Mission (UNNEWSYN) since my last report.", 1, number="1"),
        Paragraph(f"{REPORT}/p2", "numbered", f"SYNTHETIC. I note that {OWN}, and that "
                  f"patrols now watch {SHARED}.", 2, number="2", section="V. Observations"),
        Paragraph(f"{REPORT}/p3", "numbered", f"SYNTHETIC. The mission supported {OLDER}.", 3,
                  number="3"),
    )  # fmt: skip
    return saved([
        resolution(SIDE, "2006-03-01", [
            "Decides to extend the mandate of UNSIDESYN until 1 June 2007;",
            f"Requests UNSIDESYN to patrol {SHARED} with the synthetic police;",
        ]),
        resolution(OLD, "2007-06-01", [
            "Decides to extend the mandate of UNOLDSYN until 1 June 2008;",
            f"Requests UNOLDSYN to support {OLDER} with its civilian staff;",
        ]),
        resolution(NEW, "2009-06-01", [
            "Decides to establish a follow-on mission, the United Nations New Synthetic Mission "
            "(UNNEWSYN), for an initial period of one year;",
            f"Requests UNNEWSYN to support {OWN} and to keep a watch on {SHARED};",
            f"Requests UNNEWSYN to support {OLDER} as its predecessor did;",
        ]),
        Document(REPORT, "report", "synthetic.v1", "SYNTHETIC report of the Secretary-General "
                 "on the United Nations New Synthetic Mission", "2010-03-01", 2010,
                 paragraphs=paragraphs),
        resolution(SIDE_LATER, "2011-03-01", [
            "Decides to extend the mandate of UNSIDESYN until 1 June 2012;",
        ]),
    ])  # fmt: skip


def test_the_founding_resolution_is_in_the_chain_and_no_parallel(store: Store) -> None:
    found = provenance(store, f"{REPORT}/p2")
    assert found.mission == "UNNEWSYN"
    relations = {s.unit.document: s.relation for s in found.sources}
    assert relations[NEW] == "same_mission"
    assert relations[SIDE] == "other_mission"  # a neighbour: another mission, as secretariat says
    chain = [s.unit.document for s in found.chain]
    assert chain[:2] == [REPORT, NEW]
    assert SIDE not in chain  # NEW's own chain may pass to it by agenda; the report's does not
    parallels = {s.unit.document for s in found.parallels}
    assert parallels == {SIDE}
    assert not parallels & set(chain)
    text = found.render()
    assert "the same formula also in (parallel, other missions): " + SIDE in text
    assert NEW not in text.split("parallel, other missions")[1].split("\n")[0]


def test_a_predecessor_missions_resolution_is_within_by_the_secretariat_rule(store: Store) -> None:
    found = provenance(store, f"{REPORT}/p3")
    relations = {s.unit.document: s.relation for s in found.sources}
    assert relations[OLD] == "same_mission"  # UNOLDSYN precedes UNNEWSYN under one item
    assert OLD not in {s.unit.document for s in found.parallels}
    # the one rule: provenance's relation of each resolution source is secretariat's
    mandates = store_mandates(store)
    successions = mission_successions(stored_resolutions(store), mandates)
    on = report_missions(store)(REPORT)
    for key in (f"{REPORT}/p2", f"{REPORT}/p3"):
        for s in provenance(store, key).sources:
            if s.unit.role == "resolution":
                judged = report_relation(mandates(s.unit.document), on, successions)
                assert s.relation == judged, (key, s.unit.document)


def test_an_unknown_family_is_neither_within_nor_another_mission() -> None:
    assert relation(None, Mandate("UNSYN", "syntheticland"), "resolution") == "unknown"
    assert relation(Mandate(None, None), Mandate(None, None), "resolution") == "unknown"
    assert relation(Mandate("UNSYN", None), Mandate(None, "syntheticland"), "resolution") == (
        "unknown"
    )


def test_the_text_gives_the_strict_share_beside_the_total() -> None:
    """SYNTHETIC counts: 9 of 84 credited words come from another mission's report (an
    ordinary phrase a new user found credited to a UNIKOM report in a Timor-Leste renewal)."""
    from normtrace.reuse.secretariat import SecretariatOrigin

    found = SecretariatOrigin("S/RES/9963 (2009)", "2009-06-01", "UNNEWSYN", "syntheticland",
                              None, 600, 521, 84, 84, 10, from_secretariat_same_mission=75,
                              from_secretariat_other_mission=9)  # fmt: skip
    assert found.same_mission_share == pytest.approx(75 / 521)
    text = found.render()
    assert "84 (16.1%) first appear in an SG report" in text
    assert "75 (14.4%) in reports on the mission, 9 in reports on other missions" in text
