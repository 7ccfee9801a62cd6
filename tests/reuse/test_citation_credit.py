"""A citation's words are nobody's wording: no link credits them (new user F8), and provenance
counts a unit's words as aggregate does, by one function, naming them all (new user F7).

All documents are SYNTHETIC (symbols no UN document uses; UNSYN is no mission).
"""

from __future__ import annotations

import json

import pytest
from synthetic_store import provenance_counts, report, resolution, saved

from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.provenance import provenance
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.store.db import Store

CITES = "9001 (2098) and 9000 (2097)"  # five words: 9001 2098 and 9000 2097
REPORT = (
    f"I recommend that, under resolutions {CITES}, the Mission continue to protect civilians "
    "under imminent threat of physical violence in the eastern provinces of Syntheticland."
)
RENEWAL = (
    f"Recalling resolutions {CITES}, requests UNSYN to continue to protect civilians under "
    "imminent threat of physical violence in the eastern provinces of Syntheticland;"
)


@pytest.fixture(scope="module")
def store() -> Store:
    return saved(
        [
            resolution("S/RES/9001 (2098)", "2098-03-01",
                       ["Decides to extend the mandate of UNSYN until 31 March 2099;"]),
            report("S/2098/500", "2098-12-01", [REPORT]),
            resolution("S/RES/9002 (2099)", "2099-03-01",
                       ["Decides to extend the mandate of UNSYN until 31 March 2100;", RENEWAL]),
        ]
    )  # fmt: skip


def test_a_citation_is_not_wording_first_found_in_the_report_that_cites_it(store: Store) -> None:
    # the report's link aligns 22 identical words of op2; five of them are the citation, which
    # has its own origin and is no new wording (test_citation_origin)
    op2 = case_aggregate(store, "S/RES/9002 (2099)").paragraphs[1]
    assert op2.counts == {"secretariat": 17, "citation": 5, "none": 4}
    found = secretariat_origin(store, "S/RES/9002 (2099)")
    assert (found.new_words, found.from_secretariat, found.in_report) == (22, 17, 17)
    assert [(p.source, p.earliest_words, p.words) for p in found.passages] == [
        ("S/2098/500/p1", 17, 17)
    ]
    words = provenance(store, "S/RES/9002 (2099)/op2").word_sources
    assert [(w.key, w.words) for w in words] == [("S/2098/500/p1", 17)]


def test_provenance_counts_every_word_as_aggregate_and_says_how_many(store: Store) -> None:
    for symbol in ("S/RES/9001 (2098)", "S/RES/9002 (2099)"):
        for para in case_aggregate(store, symbol).paragraphs:
            assert provenance_counts(store, para.key) == para.counts, para.key
            found = provenance(store, para.key)
            assert found.words == para.words == sum(para.counts.values())
    found = provenance(store, "S/RES/9002 (2099)/op2")
    assert (
        "earliest source of each of its 26 words (as `aggregate` and `secretariat` count "
        "them): 17 from 1 source, 5 in citations of documents (nobody's wording), 4 with none:"
    ) in found.render()
    data = json.loads(found.to_json())
    assert (data["words"], data["words_without_earlier_source"]) == (26, 4)
