"""The word-hash finder finds exactly the automaton's hits (``coding.dictionary.wordhash``).

The finder replaces ``pyahocorasick`` for batches of large codebooks, so its
hits must be the automaton's, as a multiset, for any keys the matcher makes and
any scanned text: whole-word and open (wildcard) keys of one to several words,
texts with double spaces, line breaks, non-Latin-1 letters and no padding.
Hash collisions, between two keys or between a key and a text word, must
neither lose nor add a hit. Keys and texts here are SYNTHETIC.
"""

from __future__ import annotations

import itertools
import random

import ahocorasick
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.dictionary.wordhash import (
    WordHashFinder,
    choose_scanner,
    key_group,
    regular,
    word_hash,
)
from normtrace.errors import CodingError

WORDS = ["a", "ab", "abc", "abcd", "b", "ba", "x", "xy", "\u00e9t\u00e9", "\u0142", "\u0142x", "9"]


def automaton_hits(keys: list[str], text: str) -> list[tuple[int, int]]:
    automaton = ahocorasick.Automaton()
    for kid, key in enumerate(keys):
        automaton.add_word(key, kid)
    automaton.make_automaton()
    return sorted(automaton.iter(text))


def finder_hits(keys: list[str], text: str) -> list[tuple[int, int]]:
    ends, kids, word_ends = WordHashFinder(keys).scan(text)
    for end, kid, word_end in zip(ends.tolist(), kids.tolist(), word_ends.tolist(), strict=True):
        assert text[word_end] == " " if word_end < len(text) else word_end == len(text)
        assert word_end > end or (keys[kid].endswith(" ") and word_end == end)
    return sorted(zip(ends.tolist(), kids.tolist(), strict=True))


@st.composite
def keys_and_text(draw: st.DrawFn) -> tuple[list[str], str]:
    words = st.sampled_from(WORDS)
    keys = set()
    for _ in range(draw(st.integers(1, 8))):
        run = draw(st.lists(words, min_size=1, max_size=3))
        keys.add(" " + " ".join(run) + (" " if draw(st.booleans()) else ""))
    pieces = draw(st.lists(st.tuples(words, st.sampled_from([" ", "  ", "", " \n ", "\n"]))))
    return sorted(keys), "".join(w + sep for w, sep in pieces)


@settings(max_examples=400, deadline=None)
@given(keys_and_text())
def test_finder_hits_equal_the_automaton(case: tuple[list[str], str]) -> None:
    keys, text = case
    assert finder_hits(keys, text) == automaton_hits(keys, text)
    padded = f" {text} "
    assert finder_hits(keys, padded) == automaton_hits(keys, padded)


def colliding_words() -> tuple[str, str]:
    """Two different words with the same 32-bit hash (SYNTHETIC; a birthday search)."""
    rnd = random.Random(7)
    seen: dict[int, str] = {}
    while True:
        word = "".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=7))
        other = seen.setdefault(word_hash(word), word)
        if other != word:
            return other, word


def test_keys_sharing_a_hash_are_both_found() -> None:
    one, two = colliding_words()
    keys = [f" {one} ", f" {two} ", f" {one} x ", f" {two} x "]
    text = f" {one} x {two} x {two} "
    assert finder_hits(keys, text) == automaton_hits(keys, text)
    assert len(automaton_hits(keys, text)) == 5


def test_a_text_word_colliding_with_a_key_is_not_a_hit() -> None:
    one, two = colliding_words()
    keys = [f" {one} ", f" {one} x", f" q {one} "]
    text = f" {two} {two} x q {two} "
    assert automaton_hits(keys, text) == []
    assert finder_hits(keys, text) == []


def test_open_keys_of_different_lengths_share_a_group() -> None:
    keys = [" neu", " neutrali", " neutral", " ne", " armed neutrali"]
    text = " neutralize ne neu neutral armed neutrality neutrals armed neu "
    assert finder_hits(keys, text) == automaton_hits(keys, text)
    assert len(WordHashFinder(keys).groups) == 2  # one-word open keys, two-word open keys


def test_a_long_batch_grows_the_power_tables() -> None:
    keys = [" ab x ", " b"]
    text = " ab x" * 5000 + " "
    assert finder_hits(keys, text) == automaton_hits(keys, text)


@pytest.mark.parametrize(
    ("key", "ok"),
    [(" a ", True), (" a b", True), (" a", True), ("a ", False), (" a  b ", False),
     (" ", False), ("  ", False), (" a?", False), ("", False)],
)  # fmt: skip
def test_regular_keys(key: str, ok: bool) -> None:
    assert regular(key) is ok


def test_key_groups() -> None:
    assert key_group(" a b ") == (2, False)
    assert key_group(" a b") == (2, True)


def test_choose_scanner() -> None:
    many = [f" w{i} " for i in range(1200)]
    assert choose_scanner(many) == "wordhash"
    assert choose_scanner(many[:10]) == "automaton"
    several = [" " + " ".join(["w"] * k) + (" " if whole else "")
               for k, whole in itertools.product(range(1, 9), [True, False])]  # fmt: skip
    assert choose_scanner(many + several) == "automaton"  # 16 groups
    assert choose_scanner(many[:10], "wordhash") == "wordhash"
    with pytest.raises(CodingError, match="unknown; use one of"):
        choose_scanner(many, "regex")
    with pytest.raises(CodingError, match="word-sequence keys"):
        choose_scanner(["x "], "wordhash")


def test_scanner_survives_pickling() -> None:
    import pickle

    book = Codebook(name="syn", codes=(Code(id="c", name="C", entries=(Entry(pattern="ab"),)),))
    matcher = pickle.loads(pickle.dumps(compile_codebook(book, "wordhash")))
    assert matcher.scanner == "wordhash"
    spans = matcher.match_many(["x ab y", "ab"])
    assert np.array_equal(spans.start, [2, 0])
