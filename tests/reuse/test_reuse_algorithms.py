"""Words, shingles, candidates and alignment of passage reuse (issue 5)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.reuse.align import align_region, chain_anchors, smith_waterman
from normtrace.reuse.candidates import candidate_pairs, minhash_candidates
from normtrace.reuse.links import ReuseParams, Unit, find_reuse
from normtrace.reuse.shingles import (
    normalize_word,
    shingle_hashes,
    tokenize,
    word_hashes,
)

TEXT = st.text(alphabet=st.sampled_from("abcé ÉXY-'’.,\n1"), max_size=80)


@given(TEXT)
def test_word_offsets_slice_back_to_the_word(text: str) -> None:
    words = tokenize(text)
    for norm, start, end in zip(words.norms, words.starts, words.ends, strict=True):
        assert normalize_word(text[start:end]) == norm


@given(st.text(alphabet="abcdefgé", min_size=1, max_size=12))
def test_normalize_word_is_stable_under_case(word: str) -> None:
    assert normalize_word(word.upper()) == normalize_word(word)


def test_tense_and_case_normalize_together() -> None:
    assert {normalize_word(w) for w in ("Requests", "requested", "requesting")} == {"request"}
    assert normalize_word("Décide") == normalize_word("decides")


def test_shingle_hashes_are_stable_values() -> None:
    # Stored in projects for incremental runs: a change here must be a new algorithm version.
    h = shingle_hashes(word_hashes(tokenize("acting under chapter vii")), 4)
    assert h.tolist() == [int(h[0])] and int(h[0]) == int(
        shingle_hashes(word_hashes(tokenize("Acting under Chapter VII")), 4)[0]
    )


def _brute_pairs(sets: list[set[int]], docs: list[int], max_df: int, min_shared: int) -> set:
    df: dict[int, set[int]] = {}
    for s, d in zip(sets, docs, strict=True):
        for h in s:
            df.setdefault(h, set()).add(d)
    rare = {h for h, ds in df.items() if len(ds) <= max_df}
    found = set()
    for i, j in itertools.combinations(range(len(sets)), 2):
        if docs[i] != docs[j] and len(sets[i] & sets[j] & rare) >= min_shared:
            found.add((i, j))
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 30), max_size=12), min_size=1, max_size=12),
    st.integers(1, 4),
    st.integers(1, 3),
)
def test_candidate_pairs_match_brute_force(
    raw: list[list[int]], max_df: int, min_shared: int
) -> None:
    shingles = [np.array(x, dtype=np.uint64) for x in raw]
    docs = [i // 2 for i in range(len(raw))]
    found = candidate_pairs(shingles, docs, max_df=max_df, min_shared=min_shared)
    got = {tuple(p) for p in found.pairs.tolist()}
    assert got == _brute_pairs([set(x) for x in raw], docs, max_df, min_shared)


def test_candidate_pairs_new_only_restricts_to_new_units() -> None:
    shingles = [np.array([1, 2, 3], np.uint64)] * 3
    found = candidate_pairs(shingles, [0, 1, 2], max_df=5, min_shared=2, new=[False, False, True])
    assert {tuple(p) for p in found.pairs.tolist()} == {(0, 2), (1, 2)}


def test_minhash_finds_near_identical_units() -> None:
    base = np.arange(100, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    pairs = minhash_candidates([base, base.copy(), base + 1000], [0, 1, 2], threshold=0.5)
    assert pairs.tolist() == [[0, 1]]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_seeded_alignment_agrees_with_smith_waterman(seed: int) -> None:
    rng = random.Random(seed)
    core = [rng.randrange(1000, 2000) for _ in range(30)]
    edited = [w if rng.random() > 0.15 else rng.randrange(3000, 4000) for w in core]
    a = [rng.randrange(100) for _ in range(rng.randrange(10))] + core
    b = [rng.randrange(200, 300) for _ in range(rng.randrange(10))] + edited
    sw = smith_waterman(a, b)
    fast = align_region(a, b, (0, len(a)), (0, len(b)))
    assert sw is not None and fast is not None
    # Both find the planted core; ends may differ by a word where scores tie.
    assert abs(sw.matches - fast.matches) <= 1
    assert abs(sw.a_start - fast.a_start) <= 2 and abs(sw.b_end - fast.b_end) <= 2
    assert fast.score <= sw.score + 1e-9


def test_alignment_tolerates_insertion_deletion_substitution() -> None:
    a = str.split("the mission shall protect civilians under imminent threat of physical violence")
    b = str.split("the mission should protect all civilians under threat of physical violence")
    ids = {w: i for i, w in enumerate(sorted(set(a + b)))}
    al = smith_waterman([ids[w] for w in a], [ids[w] for w in b])
    assert al is not None and al.matches == 9 and (al.a_start, al.a_end) == (0, len(a))


def test_chains_split_distant_anchors() -> None:
    assert len(chain_anchors([(0, 0), (1, 1), (500, 2)], max_gap=10)) == 2


def _unit(key: str, date: str | None, text: str, doc: str = "") -> Unit:
    return Unit(key, date, 1, text, doc or key.split("/p")[0])


PASSAGE = (
    "Authorizes the mission to take all necessary measures to carry out targeted offensive "
    "operations in a robust highly mobile and versatile manner to neutralize armed groups"
)


def test_links_point_from_earlier_to_later_and_spans_slice_back() -> None:
    late = _unit("B/p2", "2013-03-28", "In addition, " + PASSAGE.replace("Authorizes", "Urges"))
    early = _unit("A/p1", "2012-01-05", PASSAGE)
    (link,) = find_reuse([late, early])
    assert (link.source, link.target) == ("A/p1", "B/p2")
    assert early.text[link.source_start : link.source_end].startswith("the mission")
    assert late.text[link.target_start : link.target_end].endswith("armed groups")
    assert link.words >= 20 and not link.boilerplate and not link.same_date


def test_units_of_one_document_are_not_linked() -> None:
    assert (
        find_reuse([_unit("A/p1", "2012", PASSAGE, "A"), _unit("A/p2", "2012", PASSAGE, "A")]) == []
    )


def test_same_date_links_are_marked() -> None:
    (link,) = find_reuse(
        [_unit("A/p1", "2012-01-01", PASSAGE), _unit("B/p1", "2012-01-01", PASSAGE)]
    )
    assert link.same_date


def test_formulaic_passages_are_flagged_not_linked_alone() -> None:
    formula = "Decides to remain actively seized of the matter and to keep it under review"
    units = [_unit(f"D{i}/p1", f"20{i + 10}-01-01", formula) for i in range(6)]
    units += [_unit("X/p1", "2030-01-01", PASSAGE + " " + formula)]
    units += [_unit("Y/p1", "2031-01-01", PASSAGE + " " + formula)]
    links = find_reuse(units, params=ReuseParams(max_df=4))
    assert [(x.source, x.target) for x in links] == [("X/p1", "Y/p1")]
    assert not links[0].boilerplate
    only = find_reuse(
        units[:6] + [_unit("Z/p1", "2030-01-01", formula)], params=ReuseParams(max_df=4)
    )
    assert only == []


def test_forked_workers_give_the_same_links(
    monkeypatch: pytest.MonkeyPatch, fixtures_dir: Path
) -> None:
    from resolution_corpus import load_units, resolution_files

    from normtrace.reuse import links as links_module

    monkeypatch.setattr(links_module, "_PARALLEL_MIN", 0)
    units = [u for p in resolution_files(fixtures_dir / "reuse")[:8] for u in load_units(p)]
    params = ReuseParams(max_df=3)  # some shingles formulaic, so flags are exercised
    serial = find_reuse(units, params=params)
    assert any(x.boilerplate for x in serial)
    assert find_reuse(units, params=params, workers=2) == serial
