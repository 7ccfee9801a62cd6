"""Lineage's order-insensitive fallback (greedy string tiling): SYNTHETIC pairs, ../shared."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from normtrace.ingest.text import read_text
from normtrace.parse.resolution import parse_resolution
from normtrace.reuse.lineage import WithRenewals, previous_resolution, trace_lineage
from normtrace.reuse.links import ReuseLink, Unit, find_reuse
from normtrace.reuse.mission import Mandate, mandate_of
from normtrace.reuse.provenance import aligned_ranges, link_strength
from normtrace.reuse.reordered import METHOD, greedy_tiles, reordered_link
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.shingles import tokenize

# SYNTHETIC labelled pairs. Linked: the renewal keeps the predecessor's phrases but moves them.
PREDECESSOR = Unit(
    "A1/op7",
    "2012-06-30",
    7,
    "Requests the Mission, within its existing resources and areas of deployment, to support "
    "the national authorities in the disarmament of former combatants and to report on "
    "progress in its regular reports",
    "A1",
)
REORDERED = Unit(
    "A2/op9",
    "2013-06-30",
    9,
    "Requests the Mission to report on progress in its regular reports and to support the "
    "national authorities in the disarmament of former combatants, within its existing "
    "resources and areas of deployment",
    "A2",
)
# Not linked: the same mission's renewal asks for something else with the same stock words.
UNRELATED = Unit(
    "A2/op10",
    "2013-06-30",
    10,
    "Requests the national authorities to adopt the electoral law and calls on the Mission "
    "to keep the Council informed of the preparation of the elections",
    "A2",
)


# Linked: three short phrases in reverse order, no run of 8 words in order for an aligner.
SHORT_BEFORE = Unit(
    "A1/op8",
    "2012-06-30",
    8,
    "Requests the Mission to assist the police during the elections within existing resources",
    "A1",
)
SHORT_AFTER = Unit(
    "A2/op13",
    "2013-06-30",
    13,
    "Requests the Mission, within existing resources, during the elections, to assist the police",
    "A2",
)


def _shuffled(text: str, seed: int) -> str:
    """The words of ``text`` in a random order with no three-word run of the original kept."""
    words = text.split()
    rng = random.Random(seed)
    while True:
        rng.shuffle(words)
        if not greedy_tiles(tokenize(" ".join(words)).norms, tokenize(text).norms):
            return " ".join(words)


def test_reordered_phrases_are_linked_with_their_method() -> None:
    link = reordered_link(REORDERED, [PREDECESSOR, UNRELATED])
    assert link is not None
    assert (link.source, link.target, link.method) == ("A1/op7", "A2/op9", METHOD)
    assert link.score >= 0.9 and link.words >= 25
    # the in-order aligner finds no passage as long as the paragraph: the phrases moved
    aligned = find_reuse([PREDECESSOR, REORDERED])
    assert all(x.words < link.words for x in aligned)


def test_shuffled_words_and_stock_phrases_are_not_linked() -> None:
    shuffled = Unit("A2/op11", "2013-06-30", 11, _shuffled(PREDECESSOR.text, 7), "A2")
    assert set(tokenize(shuffled.text).norms) == set(tokenize(PREDECESSOR.text).norms)
    assert reordered_link(shuffled, [PREDECESSOR]) is None  # same words, no shared phrase
    assert reordered_link(UNRELATED, [PREDECESSOR]) is None  # shared stock words only


def test_short_paragraph_needs_the_minimum_words() -> None:
    short = Unit("A2/op12", "2013-06-30", 12, "areas of deployment, within its existing resources")
    assert reordered_link(short, [PREDECESSOR]) is None  # 7 words: below the 8-word floor


def test_fallback_only_when_no_aligned_link_and_shown_as_weaker() -> None:
    family = {"A1": Mandate("MISSA", "country a"), "A2": Mandate("MISSA", "country a")}
    units = {u.key: u for u in (PREDECESSOR, SHORT_BEFORE, REORDERED, UNRELATED, SHORT_AFTER)}
    meta = {k: UnitInfo(k, u.date, u.document, "resolution", u.order) for k, u in units.items()}
    order = [("2012-06-30", "A1"), ("2013-06-30", "A2")]
    into = WithRenewals(
        lambda k: [],  # no stored reuse link: the renewal alignment and the fallback decide
        meta.get,
        family.get,
        lambda s, when: previous_resolution(s, when, order, family.get),
        lambda s: [u for u in units.values() if u.document == s],
        units.get,
    )
    found = trace_lineage("A2/op13", into, meta.get, mandate=family.get)
    assert found.symbols() == ["A2", "A1"]
    link = found.chain[1].link
    assert link is not None and link.method == METHOD and link.source == "A1/op8"
    assert link.score == 1.0 and link.words == 13
    assert found.sources[0].to_dict()["method"] == METHOD
    assert "weaker than aligned reuse" in link_strength(link)
    source_ranges, target_ranges = aligned_ranges(SHORT_BEFORE.text, SHORT_AFTER.text, link)
    assert len(source_ranges) == len(target_ranges) == 4  # each moved phrase marked
    # long moved phrases: the renewal alignment links one of them in order, no fallback
    assert {x.method for x in into("A2/op9")} == {"aligned"}
    assert trace_lineage("A2/op10", into, meta.get, mandate=family.get).symbols() == ["A2"]


def test_an_aligned_link_from_a_closer_resolution_of_the_family_comes_first() -> None:
    family = {
        "A0": Mandate("MISSA", "country a"),
        "A1": Mandate("MISSA", "country a"),
        "C": Mandate(None, "country a"),  # same agenda item, decides no mandate
        "A2": Mandate("MISSA", "country a"),
    }
    units = {u.key: u for u in (SHORT_BEFORE, SHORT_AFTER)}
    meta = {k: UnitInfo(k, u.date, u.document, "resolution", u.order) for k, u in units.items()}
    meta["A0/op2"] = UnitInfo("A0/op2", "2011-06-30", "A0", "resolution", 2)
    meta["C/op4"] = UnitInfo("C/op4", "2013-01-15", "C", "resolution", 4)
    order = [("2011-06-30", "A0"), ("2012-06-30", "A1"), ("2013-01-15", "C"), ("2013-06-30", "A2")]

    def renewals(links: list[ReuseLink]) -> WithRenewals:
        return WithRenewals(
            lambda k: links if k == "A2/op13" else [],
            meta.get,
            family.get,
            lambda s, when: previous_resolution(s, when, order, family.get),
            lambda s: [u for u in units.values() if u.document == s],
            units.get,
        )

    # verbatim from two renewals back: the previous renewal's reordered phrases are closer
    older = ReuseLink("A0/op2", "A2/op13", 0, 80, 0, 80, 1.0, 13)
    into = renewals([older])
    assert [x.method for x in into("A2/op13")] == ["aligned", METHOD]
    assert trace_lineage("A2/op13", into, meta.get, mandate=family.get).symbols()[:2] == [
        "A2",
        "A1",
    ]
    # verbatim from the agenda item's resolution adopted since the previous renewal: no fallback
    closer = ReuseLink("C/op4", "A2/op13", 0, 80, 0, 80, 1.0, 13)
    into = renewals([closer])
    assert into("A2/op13") == [closer]
    assert trace_lineage("A2/op13", into, meta.get, mandate=family.get).symbols() == ["A2", "C"]


def test_minusma_2164_op12_is_carried_from_2100_op17(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "resolutions"
    units: list[Unit] = []
    meta: dict[str, UnitInfo] = {}
    mandates: dict[str, Mandate] = {}
    order = []
    for name, symbol in (("S-RES-2100(2013).txt", "S/RES/2100 (2013)"),
                         ("S-RES-2164(2014).txt", "S/RES/2164 (2014)")):  # fmt: skip
        path = folder / name
        if not path.is_file():
            pytest.skip(f"{path} not in ../shared")
        doc = parse_resolution(read_text(path).text, symbol=symbol)
        mandates[doc.symbol] = mandate_of(doc.symbol, "\n".join(p.text for p in doc.paragraphs))
        order.append((doc.date or "", doc.symbol))
        for p in doc.paragraphs:
            units.append(Unit(p.key, doc.date, p.order, p.text, doc.symbol))
            meta[p.key] = UnitInfo(p.key, doc.date, doc.symbol, "resolution", p.order)
    links = find_reuse(units)
    key = "S/RES/2164 (2014)/op12"
    assert not any(x.target == key for x in links)  # the in-order aligner finds nothing
    by_key = {u.key: u for u in units}
    into = WithRenewals(
        lambda k: [x for x in links if x.target == k],
        meta.get,
        mandates.get,
        lambda s, when: previous_resolution(s, when, order, mandates.get),
        lambda s: [u for u in units if u.document == s],
        by_key.get,
    )
    found = trace_lineage(key, into, meta.get, mandate=mandates.get)
    assert found.chain[1].unit.key == "S/RES/2100 (2013)/op17"
    link = found.chain[1].link
    assert link is not None and link.method == METHOD


def test_predecessor_when_no_link_is_strong_on_both_counts() -> None:
    meta = {
        k: UnitInfo(k, d, k.split("/")[0], "resolution")
        for k, d in [("A1/op1", "2012-01-01"), ("A2/op1", "2013-01-01"), ("A3/op1", "2014-01-01")]
    }
    short_exact = ReuseLink("A2/op1", "A3/op1", 0, 40, 0, 40, 1.0, 8)
    long_loose = ReuseLink("A1/op1", "A3/op1", 0, 200, 0, 200, 0.4, 30, method=METHOD)
    found = trace_lineage(
        "A3/op1", lambda k: [short_exact, long_loose] if k == "A3/op1" else [], meta.get
    )
    assert found.symbols() == ["A3", "A1"]
