"""A report on the resolution's mission under its former name counts as the same mission.

A reviewer found a MONUSCO renewal's credit to a MONUC report counted under
``from_secretariat_other_mission``: the relation compared acronyms, while the lineage already
takes a mission's first resolution's predecessor from its agenda item. The same rule now joins a
mission to its predecessor (:func:`normtrace.reuse.lineage.mission_successions`); a neighbour
renewed alongside under the same item, or a mission of no known item, stays another mission.

Every document here is SYNTHETIC (symbols no UN document uses, texts that say so); the agenda
items are given by the test, as the bundled meeting index would give them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from synthetic_store import report, resolution, saved

from normtrace.parse.model import Document
from normtrace.report.secretariat import write_secretariat
from normtrace.reuse import mission as mission_module
from normtrace.reuse.mission import Mandate, report_relation
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.store.db import Store

OLD_1, OLD_2 = "S/RES/9941 (2007)", "S/RES/9942 (2008)"  # UNOLDSYN
SIDE_1, SIDE_2 = "S/RES/9943 (2006)", "S/RES/9947 (2011)"  # UNSIDESYN, renewed alongside
NEW_1, NEW_2 = "S/RES/9944 (2009)", "S/RES/9945 (2010)"  # UNNEWSYN, UNOLDSYN's successor
OLD_REPORT, SIDE_REPORT = "S/2010/9041", "S/2010/9042"  # SYNTHETIC reports
AGENDA = {s: "syntheticland" for s in (OLD_1, OLD_2, SIDE_1, SIDE_2, NEW_1, NEW_2)}
OLD_PHRASE = "to accompany the synthetic disarmament commissions in every synthetic district"
SIDE_PHRASE = "through the synthetic maritime corridor towards the synthetic northern harbour"
KEEP = "Requests {} to continue to support the synthetic national police across the provinces;"


def _resolution(symbol: str, date: str, mission: str, more: tuple[str, ...] = ()) -> Document:
    ops = [f"Decides to extend the mandate of {mission} until 1 June {int(date[:4]) + 1};",
           KEEP.format(mission), *more]  # fmt: skip
    return resolution(symbol, date, ops)


def _report(symbol: str, date: str, name: str, acronym: str, phrase: str) -> Document:
    texts = [
        f"SYNTHETIC. This report covers the {name} ({acronym}) since my last report.",
        f"SYNTHETIC. I recommend {phrase} before the synthetic elections next year.",
    ]
    title = f"SYNTHETIC report of the Secretary-General on the {name}"
    return report(symbol, date, texts, title=title)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(mission_module, "_agenda_table", lambda: AGENDA)
    return saved([
        _resolution(SIDE_1, "2006-03-01", "UNSIDESYN"),
        _resolution(OLD_1, "2007-06-01", "UNOLDSYN"),
        _resolution(OLD_2, "2008-06-01", "UNOLDSYN"),
        _resolution(NEW_1, "2009-06-01", "UNNEWSYN"),
        _report(OLD_REPORT, "2010-03-01", "United Nations Old Synthetic Mission", "UNOLDSYN",
                OLD_PHRASE),
        _report(SIDE_REPORT, "2010-03-02", "United Nations Side Synthetic Mission", "UNSIDESYN",
                SIDE_PHRASE),
        _resolution(NEW_2, "2010-06-01", "UNNEWSYN", (
            f"Requests UNNEWSYN {OLD_PHRASE} before the synthetic elections;",
            f"Calls upon the synthetic Government to move {SIDE_PHRASE} at every stage;",
        )),
        _resolution(SIDE_2, "2011-03-01", "UNSIDESYN"),
    ])  # fmt: skip


def test_a_report_on_the_predecessor_mission_counts_as_the_same_mission(
    store: Store, tmp_path: Path
) -> None:
    found = secretariat_origin(store, NEW_2)
    by_report = {p.report: p for p in found.passages if p.earliest_words}
    assert set(by_report) == {OLD_REPORT, SIDE_REPORT}
    old, side = by_report[OLD_REPORT], by_report[SIDE_REPORT]
    # the passage keeps the report's own acronym; the row the resolution's
    assert (found.mission, old.source_mission, old.same_mission) == ("UNNEWSYN", "UNOLDSYN", True)
    assert (side.source_mission, side.same_mission) == ("UNSIDESYN", False)
    assert found.from_secretariat_same_mission == old.earliest_words >= 8
    assert found.from_secretariat_other_mission == side.earliest_words >= 8
    text = found.render()
    assert "[same mission: UNOLDSYN, predecessor or successor of UNNEWSYN]" in text
    assert "[other mission: UNSIDESYN]" in text
    write_secretariat([found], tmp_path)
    with (tmp_path / "passages" / "S-RES-9945-2010.csv").open() as f:
        rows = {r["report"]: r for r in csv.DictReader(f)}
    assert (rows[OLD_REPORT]["source_mission"], rows[OLD_REPORT]["same_mission"]) == (
        "UNOLDSYN",
        "True",
    )


def test_successions_follow_the_lineage_and_no_more() -> None:
    """SYNTHETIC mandates: a mission with no known agenda item, or still renewed alongside,
    is no predecessor; a chain of successions joins both ways."""
    from normtrace.reuse.lineage import mission_successions  # (new: the other test fails first)

    table = {
        "R1": Mandate("UNSIDESYN", "syntheticland"),
        "R2": Mandate("UNASYN", "syntheticland"),  # follows UNSIDESYN, renewed after it
        "R3": Mandate("UNBSYN", "syntheticland"),  # UNASYN ends before: its successor
        "R4": Mandate("UNSIDESYN", "syntheticland"),
        "R5": Mandate("UNCSYN", "syntheticland"),  # follows UNSIDESYN again, renewed after
        "R6": Mandate("UNSIDESYN", "syntheticland"),
        "R7": Mandate("UNFARSYN", None),
        "R8": Mandate("UNDSYN", None),  # no agenda item known: nobody's successor
        "R9": Mandate(None, "syntheticland"),  # decides no mandate
    }
    dated = [(f"200{i}-01-01", f"R{i}") for i in range(1, 10)]
    successions = mission_successions(dated, table.get)
    assert successions == {"UNBSYN": "UNASYN"}
    c = Mandate("UNCSYN", "syntheticland")
    assert report_relation(c, "UNSIDESYN", successions) == "other_mission"
    assert report_relation(Mandate("UNDSYN", None), "UNFARSYN", successions) == "other_mission"
    chain = {"UNCSYN": "UNBSYN", "UNBSYN": "UNASYN"}
    assert report_relation(Mandate("UNASYN", None), "UNCSYN", chain) == "same_mission"
    assert report_relation(c, "UNASYN", chain) == "same_mission"
