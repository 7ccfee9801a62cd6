"""A citation's words have their own origin, ``citation``: they are not wording (never new,
carried or not), and no share of wording counts them; ``none`` keeps meaning wording with no earlier
source (follow-up of new user F8: citations used to count as ``none``, read as new wording).

All documents are SYNTHETIC (symbols no UN document uses; UNSYN is no mission).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from synthetic_store import provenance_counts, report, resolution, saved

from normtrace.report.secretariat import write_secretariat
from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.attribution import Attributor, Citation, word_origins
from normtrace.reuse.provenance import provenance
from normtrace.reuse.roles import origin_category
from normtrace.reuse.secretariat import secretariat_origin
from normtrace.reuse.store_reuse import links_into, load_units
from normtrace.store.db import Store
from normtrace.trace.indicators import ParagraphSources, provenance_shares

# op1 of the renewal carries its predecessor's op1, citation included ("9000 (2097)": 2 words)
FIRST_OP1 = (
    "Decides to extend the mandate of UNSYN until 31 March 2099, as set out in resolution "
    "9000 (2097) and in the annex to the present resolution;"
)
RENEWAL_OP1 = FIRST_OP1.replace("2099", "2100")
REPORT = (
    "I recommend that the Mission continue to protect civilians under imminent threat of "
    "physical violence in the eastern provinces of Syntheticland, as resolution 9001 (2098) "
    "requires."
)
# five words of citations (9001 2098 and 9000 2097), 16 words first in the report (continue ...
# Syntheticland), and five of the Council's own: Recalling, resolutions, requests, UNSYN, to
RENEWAL_OP2 = (
    "Recalling resolutions 9001 (2098) and 9000 (2097), requests UNSYN to continue to protect "
    "civilians under imminent threat of physical violence in the eastern provinces of "
    "Syntheticland;"
)


@pytest.fixture(scope="module")
def store() -> Store:
    return saved(
        [
            resolution("S/RES/9001 (2098)", "2098-03-01", [FIRST_OP1]),
            report("S/2098/500", "2098-12-01", [REPORT]),
            resolution("S/RES/9002 (2099)", "2099-03-01", [RENEWAL_OP1, RENEWAL_OP2]),
        ]
    )


def _origins(store: Store, key: str) -> list[str]:
    units = {s.info.key: s for s in load_units(store)}
    att = Attributor(
        lambda k: links_into(store, k),
        lambda k: units[k].info if k in units else None,
        lambda k: units[k].unit.text if k in units else None,
    )
    return [origin_category(w.role if w else None) for w in word_origins(att, key, None)]


def test_word_origins_name_a_citation_apart_from_words_with_no_source(store: Store) -> None:
    found = _origins(store, "S/RES/9002 (2099)/op2")
    assert found[:8] == ["none", "none", "citation", "citation", "citation", "citation",
                         "citation", "none"]  # fmt: skip
    assert Counter(found) == {"secretariat": 16, "citation": 5, "none": 5}
    # a citation carried from the predecessor is a citation too, never the resolution's wording
    assert Counter(_origins(store, "S/RES/9002 (2099)/op1"))["citation"] == 2


def test_aggregate_counts_citations_apart_and_shares_only_the_wording(store: Store) -> None:
    found = case_aggregate(store, "S/RES/9002 (2099)")
    op1, op2 = found.paragraphs
    assert op2.counts == {"secretariat": 16, "citation": 5, "none": 5}
    assert op1.counts["citation"] == 2 and "none" in op1.counts  # the new date "2100"
    assert found.counts["citation"] == 7
    assert found.wording == found.words - 7
    assert found.shares["secretariat"] == pytest.approx(16 / found.wording)
    assert "citation" not in found.shares
    assert sum(found.shares.values()) == pytest.approx(1.0)
    data = found.to_dict()
    assert (data["operative_words"], data["wording_words"]) == (found.words, found.words - 7)
    assert data["counts"]["citation"] == 7
    text = found.render()
    assert f"shares of its {found.wording} words of wording (7 words of citations" in text
    assert any(line.split()[:2] == ["citation", "7"] for line in text.splitlines())


def test_secretariat_new_words_leave_citations_out_of_every_share(store: Store) -> None:
    found = secretariat_origin(store, "S/RES/9002 (2099)")
    # op1: the new date only (its citation is not carried wording, nor new); op2: 5 + 16
    assert (found.new_words, found.citations, found.from_secretariat) == (22, 7, 16)
    assert found.share == pytest.approx(16 / 22)
    row = found.row()
    assert (row["new_words"], row["citation_words"]) == (22, 7)
    assert "(7 of the 52 are words of citations of documents, carried or not" in found.render()
    earlier = secretariat_origin(store, "S/RES/9001 (2098)")
    assert (earlier.new_words, earlier.citations) == (earlier.words - 2, 2)


def test_provenance_names_citations_and_none_apart_as_aggregate_counts(store: Store) -> None:
    for para in case_aggregate(store, "S/RES/9002 (2099)").paragraphs:
        assert provenance_counts(store, para.key) == para.counts, para.key
    found = provenance(store, "S/RES/9002 (2099)/op2")
    assert (
        "earliest source of each of its 26 words (as `aggregate` and `secretariat` count "
        "them): 16 from 1 source, 5 in citations of documents (nobody's wording), 5 with none:"
    ) in found.render()
    data = json.loads(found.to_json())
    assert (data["words"], data["citation_words"], data["words_without_earlier_source"]) == (
        26, 5, 5,
    )  # fmt: skip


def test_r3_shares_are_of_the_wording_with_citations_apart(store: Store) -> None:
    paragraphs = [
        ParagraphSources(p.key, p.words, p.counts)
        for p in case_aggregate(store, "S/RES/9002 (2099)").paragraphs
    ]
    found = provenance_shares("S/RES/9002 (2099)", paragraphs)
    wording = found.words - found.citations
    assert found.citations == 7
    assert found.shares["secretariat"] == pytest.approx(16 / wording)
    assert "citation" not in found.shares and "citation" not in found.keys
    # a paragraph of citations alone counts for no origin
    only = provenance_shares("R", [ParagraphSources("R/pp1", 4, {"citation": 4})])
    assert (only.shares, only.keys, only.citations) == ({}, {}, 4)


def test_the_secretariat_csv_names_the_citations_words(store: Store, tmp_path: Path) -> None:
    write_secretariat([secretariat_origin(store, "S/RES/9002 (2099)")], tmp_path)
    text = (tmp_path / "data" / "secretariat_share.csv").read_text(encoding="utf-8")
    header, row = text.splitlines()[:2]
    at = header.split(",").index("citation_words")
    assert row.split(",")[at] == "7"


def test_citation_is_a_word_origin_of_its_own() -> None:
    assert Citation().role == "citation" == origin_category("citation")
