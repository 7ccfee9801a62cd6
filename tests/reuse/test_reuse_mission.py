"""Lineage stays within a mission: predecessor, parallel sources and relations (SYNTHETIC units)."""

from __future__ import annotations

from normtrace.reuse.lineage import direct_sources, trace_lineage
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.mission import Mandate, agenda_of, mission_of, relation
from normtrace.reuse.roles import UnitInfo

# Synthetic: three resolutions and a report; "B" is another mission's later resolution
# carrying the same formula as the earlier mandate "A1" of the target's mission.
META = {
    k: UnitInfo(k, d, k.split("/")[0], r)
    for k, d, r in [
        ("A1/op3", "2013-03-28", "resolution"),
        ("B/op9", "2014-01-20", "resolution"),
        ("A2/op4", "2014-03-28", "resolution"),
        ("R/p40", "2013-02-27", "secretariat"),
    ]
}
FAMILY = {
    "A1": Mandate("MISSA", "country a"),
    "A2": Mandate("MISSA", "country a"),
    "B": Mandate("MISSB", "country b"),
}
LINKS = [
    ReuseLink("A1/op3", "A2/op4", 0, 90, 0, 90, 1.0, 14),
    ReuseLink("B/op9", "A2/op4", 0, 90, 0, 90, 1.0, 14),
    ReuseLink("R/p40", "A2/op4", 0, 40, 10, 50, 0.8, 8),
    ReuseLink("A1/op3", "B/op9", 0, 90, 0, 90, 1.0, 14),
]


def _into(key: str) -> list[ReuseLink]:
    return [x for x in LINKS if x.target == key]


def test_plain_rule_hops_to_the_other_mission() -> None:
    found = trace_lineage("A2/op4", _into, META.get)
    assert found.symbols()[:2] == ["A2", "B"]


def test_same_mission_resolution_is_the_predecessor_and_the_other_a_parallel() -> None:
    found = trace_lineage("A2/op4", _into, META.get, mandate=FAMILY.get)
    assert found.symbols() == ["A2", "A1"]
    assert [s.unit.document for s in found.parallels] == ["B"]
    assert found.outside is not None and found.outside.unit.key == "R/p40"


def test_direct_sources_name_each_relation_same_mission_first() -> None:
    found = direct_sources("A2/op4", _into, META.get, FAMILY.get)
    assert [(s.unit.key, s.relation) for s in found] == [
        ("A1/op3", "same_mission"),
        ("B/op9", "other_mission"),
        ("R/p40", "secretariat"),
    ]


def test_chain_stops_rather_than_hopping_missions() -> None:
    only_other = [x for x in LINKS if x.source != "A1/op3"]
    found = trace_lineage(
        "A2/op4", lambda k: [x for x in only_other if x.target == k], META.get, mandate=FAMILY.get
    )
    assert found.symbols() == ["A2"]
    assert [s.unit.document for s in found.parallels] == ["B"]


def test_same_agenda_resolution_carries_when_no_same_mission_one_does() -> None:
    family = {**FAMILY, "B": Mandate(None, "country a")}
    found = trace_lineage(
        "A2/op4",
        lambda k: [x for x in LINKS if x.target == k and x.source != "A1/op3"],
        META.get,
        mandate=family.get,
    )
    assert found.symbols() == ["A2", "B"]


def test_boilerplate_link_of_the_same_mission_carries_when_nothing_else_does() -> None:
    links = [ReuseLink("A1/op3", "A2/op4", 0, 50, 0, 50, 1.0, 8, boilerplate=True)]
    found = trace_lineage(
        "A2/op4", lambda k: [x for x in links if x.target == k], META.get, mandate=FAMILY.get
    )
    assert found.symbols() == ["A2", "A1"]
    assert trace_lineage("A2/op4", lambda k: [], META.get, mandate=FAMILY.get).symbols() == ["A2"]


def test_mission_is_the_mandate_the_resolution_decides() -> None:
    assert mission_of(
        "Decides to extend until 31 March 2016 the mandate of MONUSCO in the DRC"
    ) == ("MONUSCO")
    text = "Decides to establish the United Nations Mission in Mali (MINUSMA); AFISMA AFISMA AFISMA"
    assert mission_of(text) == "MINUSMA"
    assert mission_of("Calls on MONUSCO and MONUSCO to support the Group of Experts") is None


def test_agenda_comes_from_the_bundled_meeting_index() -> None:
    assert agenda_of("S/RES/2098 (2013)") == agenda_of("S/RES/2147 (2014)")
    assert agenda_of("S/RES/2098 (2013)") == "democratic republic of the congo"
    assert agenda_of("S/RES/2100 (2013)") != agenda_of("S/RES/2098 (2013)")


def test_relation_of_unknown_family_is_never_same_mission() -> None:
    # unknown, not another mission: no family is known to compare (family_relation)
    assert relation(None, Mandate("X", None), "resolution") == "unknown"
    assert relation(Mandate(None, None), Mandate(None, None), "resolution") == "unknown"
    assert relation(Mandate("X", None), None, "letter") == "other"


def test_renewal_formula_no_reuse_link_reaches_is_carried_from_the_previous_mandate() -> None:
    from normtrace.reuse.lineage import WithRenewals, previous_resolution
    from normtrace.reuse.links import Unit

    units = {
        "A1/op1": Unit(
            "A1/op1",
            "2013-03-28",
            1,
            "Decides to extend the mandate of MISSA until 31 March 2014 as set out below;",
            "A1",
        ),  # fmt: skip
        "B/op1": Unit(
            "B/op1",
            "2014-01-20",
            1,
            "Decides to extend the mandate of MISSB until 31 March 2015;",
            "B",
        ),  # fmt: skip
        "A2/op1": Unit(
            "A2/op1",
            "2014-03-28",
            1,
            "Decides to extend the mandate of MISSA until 31 March 2015;",
            "A2",
        ),  # fmt: skip
    }
    meta = {k: UnitInfo(k, u.date, u.document, "resolution", u.order) for k, u in units.items()}
    order = [("2013-03-28", "A1"), ("2014-01-20", "B"), ("2014-03-28", "A2")]
    into = WithRenewals(
        lambda k: [],  # reuse seeds on rare shingles only: the formula has no link
        meta.get,
        FAMILY.get,
        lambda s, when: previous_resolution(s, when, order, FAMILY.get),
        lambda s: [u for u in units.values() if u.document == s],
        units.get,
    )
    assert previous_resolution("A2", "2014-03-28", order, FAMILY.get) == "A1"
    found = trace_lineage("A2/op1", into, meta.get, mandate=FAMILY.get)
    assert found.symbols() == ["A2", "A1"]
    assert found.chain[1].link is not None and found.chain[1].link.words >= 8


def test_a_founding_resolution_with_a_clause_before_the_mission_names_it() -> None:
    from normtrace.reuse.mission import mission_of

    # real operative paragraphs of S/RES/1410 (2002) and S/RES/1704 (2006)
    assert (
        mission_of(
            "1. Decides to establish, as of 20 May 2002 and for an initial period of 12 months, a "
            "United Nations Mission of Support in East Timor (UNMISET);"
        )
        == "UNMISET"
    )
    assert (
        mission_of(
            "1. Decides to establish a follow-on mission in Timor-Leste, the United Nations "
            "Integrated Mission in Timor-Leste (UNMIT), for an initial period of six months"
        )
        == "UNMIT"
    )
    # a task "to establish the necessary operational links with ... (ONUB)" founds nothing
    assert (
        mission_of(
            "(e) to establish the necessary operational links with the United Nations Operation "
            "in Burundi (ONUB)"
        )
        is None
    )


def test_a_handover_from_one_force_to_another_founds_neither() -> None:
    from normtrace.reuse.mission import mission_of

    # the shape of S/RES/1035 (1995): a handover named before the body it establishes
    text = (
        "Decides to establish, for a period of one year from the transfer of authority from "
        "the United Nations Protection Force to the multinational implementation force (IFOR), "
        "a United Nations civilian police force to be known as the International Police Task "
        "Force"
    )
    assert mission_of(text) != "IFOR"
