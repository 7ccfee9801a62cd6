"""A link credits only the words it aligns; a chain only the passage it carries.

A new user checked the Secretariat credits of the Haiti case by hand: S/RES/2180 (2014)/op9
was credited with 53 words of S/2014/617/p68 while ``provenance`` showed 45 aligned (the
Council's "in dialogue and compromise" sat inside the aligned span and was counted), and
S/RES/1840 (2008)/op18 credited 3 words to S/2008/202/p73 through S/2008/586/p37, with
which it shares only "implementation of" ("progress has been made in the implementation
of"); ``provenance`` never named p73. Every document here is SYNTHETIC (symbols no UN
document uses, texts that say so) and reproduces those two shapes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic_store import report, resolution, saved

from normtrace.report.secretariat import write_secretariat
from normtrace.reuse.aggregate import attribute_words, case_aggregate
from normtrace.reuse.provenance import provenance
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.store_reuse import links_into, load_units
from normtrace.store.db import Store

PREVIOUS, RENEWAL = "S/RES/9901 (2012)", "S/RES/9902 (2013)"
EARLY, LATE = "S/2013/9001", "S/2013/9002"  # SYNTHETIC reports of the Secretary-General
JUNCTURE = (
    "SYNTHETIC. The synthetic republic is at an important juncture in the consolidation of "
    "stability and democracy, and the engagement of its political leaders and stakeholders "
    "is vital to securing the gains made in recent years."
)
#: the report's sentence with the Council's own words inserted inside it
JUNCTURE_RESOLVED = (
    "Recognizes that the synthetic republic is at an important juncture, in dialogue and "
    "compromise, in the consolidation of stability and democracy, and the engagement of its "
    "political leaders and stakeholders is vital to securing the gains made in recent years;"
)
INSERTED = ("dialogue", "compromise")
GENERIC = (
    "SYNTHETIC. Since my previous report, significant progress has been made in the "
    "implementation of reform programmes across the synthetic provinces, with renewed efforts."
)
PRISONS = (
    "SYNTHETIC. Some progress has been made in the implementation of the strategic plan of "
    "the Synthetic Prison Administration, but overcrowding has increased in every facility."
)
PRISONS_RESOLVED = (
    "Encourages also the implementation of the strategic plan of the Synthetic Prison "
    "Administration, and requests UNSYN to remain engaged in training corrections personnel;"
)


@pytest.fixture(scope="module")
def store() -> Store:
    return saved([
        resolution(PREVIOUS, "2012-10-01", [
            "Decides to extend the mandate of UNSYN until 15 October 2013;",
            "SYNTHETIC. Requests the Secretary-General to report to the Council every six months;",
        ]),
        report(EARLY, "2013-03-01", [GENERIC], section="VIII. Observations"),
        report(LATE, "2013-08-01", [JUNCTURE, PRISONS], section="VIII. Observations"),
        resolution(RENEWAL, "2013-10-10", [
            "Decides to extend the mandate of UNSYN until 15 October 2014;",
            JUNCTURE_RESOLVED,
            PRISONS_RESOLVED,
        ]),
    ])  # fmt: skip


def _link(store: Store, source: str, target: str) -> int:
    (link,) = [x for x in links_into(store, target) if x.source == source]
    return link.words


def test_the_councils_words_inside_an_aligned_span_are_not_credited(store: Store) -> None:
    aligned = _link(store, f"{LATE}/p1", f"{RENEWAL}/op2")
    found = secretariat_origin(store, RENEWAL)
    (passage,) = [p for p in found.passages if p.target == f"{RENEWAL}/op2"]
    assert passage.source == f"{LATE}/p1"
    # the words the link aligns, as provenance shows them, not the span's 2 more
    assert passage.words == passage.earliest_words == aligned
    shown = provenance(store, f"{RENEWAL}/op2")
    assert f"{LATE}/p1" in shown.render().splitlines()[1] and f"{aligned} words" in shown.render()
    assert [(w.key, w.words) for w in shown.word_sources] == [(f"{LATE}/p1", aligned)]


def test_aggregate_leaves_the_inserted_words_without_source(store: Store) -> None:
    units = {u.info.key: u for u in load_units(store)}
    key = f"{RENEWAL}/op2"
    origins = attribute_words(
        key, lambda k: links_into(store, k), lambda k: units[k].info, lambda k: units[k].unit.text
    )
    words = JUNCTURE_RESOLVED.replace(",", "").replace(";", "").split()
    assert len(words) == len(origins)
    assert {origins[words.index(w)] for w in INSERTED} == {"none"}
    agg = case_aggregate(store, RENEWAL)
    op2 = next(p for p in agg.paragraphs if p.key == key)
    assert op2.counts["secretariat"] == _link(store, f"{LATE}/p1", key)


def test_a_chain_through_a_generic_fragment_stops(store: Store) -> None:
    # the later report shares "progress has been made in the implementation of" with the
    # earlier one, and the resolution shares "the implementation of the strategic plan ..."
    # with the later report: the two passages meet in three words
    assert _link(store, f"{EARLY}/p1", f"{LATE}/p2") >= 8
    key = f"{RENEWAL}/op3"
    found = secretariat_origin(store, RENEWAL)
    credited = {p.source: p.earliest_words for p in found.passages if p.target == key}
    assert credited == {f"{LATE}/p2": _link(store, f"{LATE}/p2", key)}
    shown = provenance(store, key)
    assert [w.key for w in shown.word_sources] == [f"{LATE}/p2"]
    assert f"{EARLY}/p1" not in shown.render()


def test_a_chain_carrying_a_passage_credits_its_earliest_source() -> None:
    from normtrace.reuse.attribution import Attributor
    from normtrace.reuse.links import ReuseLink
    from normtrace.reuse.roles import UnitInfo

    texts = {
        "R/op1": "SYNTHETIC decides that the mission shall support the national police in the "
        "synthetic provinces now",
        "B/p1": "SYNTHETIC we propose that the mission shall support the national police in the "
        "synthetic provinces",
        "A/p1": "SYNTHETIC I recommend that the mission shall support the national police in the "
        "synthetic provinces",
    }
    info = {k: UnitInfo(k, d, k[0], "secretariat" if k[0] != "R" else "resolution")
            for k, d in (("R/op1", "2013-10-01"), ("B/p1", "2013-08-01"),
                         ("A/p1", "2013-03-01"))}  # fmt: skip
    span = texts["A/p1"].index("that"), len(texts["A/p1"])
    tspan = texts["R/op1"].index("that"), texts["R/op1"].index(" now")
    links = {
        "R/op1": [ReuseLink("B/p1", "R/op1", span[0] - 1, span[1] - 1, *tspan, 1.0, 12)],
        "B/p1": [ReuseLink("A/p1", "B/p1", *span, span[0] - 1, span[1] - 1, 1.0, 12)],
    }
    assert texts["B/p1"][span[0] - 1 : span[1] - 1] == texts["A/p1"][span[0] : span[1]]
    att = Attributor(lambda k: links.get(k, []), info.get, texts.get)
    credited = [o for o in att.origins("R/op1") if o is not None]
    assert len(credited) == 12 and {(o.key, o.via) for o in credited} == {("A/p1", ("B/p1",))}


def test_the_passage_files_say_what_each_count_is(store: Store, tmp_path: Path) -> None:
    found = secretariat_origin(store, RENEWAL)
    write_secretariat([found], tmp_path)
    header = (tmp_path / "passages" / "S-RES-9902-2013.csv").read_text().splitlines()[0]
    assert ",new_words_linked,new_words_credited,credited_via," in header
    data = json.loads((tmp_path / "passages.json").read_text())
    passage = data[0]["passages"][0]
    assert {"new_words_linked", "new_words_credited", "credited_via"} <= set(passage)
    assert "words" not in passage and "earliest_words" not in passage
    assert "new words linked" in found.render() and "credited" in found.render()
