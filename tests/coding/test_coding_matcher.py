"""The compiled matcher: boundaries, wildcards, proximity, exclusions, offsets, pickling."""

from __future__ import annotations

import doctest
import importlib
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
from normtrace.coding.dictionary.filters import word_distance
from normtrace.coding.dictionary.matcher import Matcher, Span, compile_codebook
from normtrace.coding.dictionary.textnorm import (
    _normalize_ascii,
    _normalize_general,
    fold,
    normalize,
    separate_words,
)

BOOK = Codebook(
    name="synthetic-test",
    codes=(
        Code(id="neut", name="Neutralize", entries=(Entry(pattern="neutrali*"),)),
        Code(
            id="force",
            name="Offensive force",
            entries=(
                Entry(pattern="use of force"),
                Entry(near=("force", "offensive"), within=5),
                Entry(pattern="all necessary (means|measures)"),
            ),
            excludes=(Exclusion("non-use of force"), Exclusion("self-defence", within=3)),
        ),
        Code(id="ib", name="Brigade", entries=(Entry(pattern="intervention brigade"),)),
        Code(id="sg", name="SG", entries=(Entry(pattern="secretary-general's report"),)),
        Code(id="grp", name="Groups", entries=(Entry(pattern="disarm* armed group*"),)),
    ),
)
MATCHER = compile_codebook(BOOK)


def codes(text: str) -> list[tuple[str, str]]:
    return [(s.code, s.snippet) for s in MATCHER.match(text)]


def test_whole_words_only_and_case_insensitive() -> None:
    assert codes("The INTERVENTION Brigade") == [("ib", "INTERVENTION Brigade")]
    assert codes("reintervention brigades") == []
    assert codes("misuse of forces") == []


def test_wildcard_extends_to_word_end() -> None:
    assert codes("to neutralize and neutralising; neutral") == [
        ("neut", "neutralize"),
        ("neut", "neutralising"),
    ]


def test_words_after_a_wildcard() -> None:
    assert codes("disarming armed groups") == [("grp", "disarming armed groups")]
    assert codes("disarm the groups") == []


def test_hyphens_line_breaks_and_quotes_are_folded() -> None:
    assert codes("Secretary\u2011General\u2019s\nreport") == [
        ("sg", "Secretary\u2011General\u2019s\nreport")
    ]
    assert codes("SecretaryGeneral's report") == [("sg", "SecretaryGeneral's report")]
    assert codes("intervention\n\n  brigade") == [("ib", "intervention\n\n  brigade")]


def test_alternatives() -> None:
    assert [c for c, _ in codes("all necessary means, all necessary measures")] == [
        "force",
        "force",
    ]


def test_proximity_within_five_words() -> None:
    assert codes("offensive use of force") == [("force", "offensive use of force")]
    assert codes("force one two three four offensive") == [
        ("force", "force one two three four offensive")
    ]
    assert codes("force one two three four five offensive") == []


def test_exclusions_overlap_and_window() -> None:
    assert codes("the non-use of force") == []
    assert codes("the use of force except in self-defence") == []
    assert codes("the use of force to protect; far later, one two three self-defence") == [
        ("force", "use of force")
    ]


def test_an_exclusion_with_a_side_cancels_only_on_that_side() -> None:
    """SYNTHETIC sentences: a call on the parties cancels the authorization it introduces,
    not one it follows; ``after`` is the mirror."""

    def book(side: str) -> Matcher:
        return compile_codebook(Codebook(name="synthetic-sides", codes=(Code(
            id="fa", name="Authorization", entries=(Entry(pattern="all necessary measures"),),
            excludes=(Exclusion("(urges|demands that) the parties", within=8, side=side),),
        ),)))  # fmt: skip

    called = "Urges the parties to take all necessary measures to end the fighting"
    authorized = "Authorizes the mission to take all necessary measures; urges the parties to talk"
    found = {
        side: [bool(book(side).match(t)) for t in (called, authorized)]
        for side in ("both", "before", "after")
    }
    assert found == {"both": [False, False], "before": [False, True], "after": [True, False]}


def test_nested_spans_of_one_code_are_merged() -> None:
    book = Codebook(
        name="synthetic-nested",
        codes=(
            Code(
                id="x",
                name="X",
                entries=(Entry(pattern="brigade"), Entry(pattern="intervention brigade")),
            ),
        ),
    )
    assert [s.snippet for s in compile_codebook(book).match("intervention brigade")] == [
        "intervention brigade"
    ]


def test_matcher_pickles_and_rebuilds() -> None:
    clone = pickle.loads(pickle.dumps(MATCHER))
    text = "neutralize the intervention brigade"
    assert clone.match(text) == MATCHER.match(text)


def test_word_distance() -> None:
    t = "a b c d"
    assert word_distance(t, (0, 1), (2, 3), 5) == 1
    assert word_distance(t, (6, 7), (0, 1), 5) == 3
    assert word_distance(t, (0, 3), (2, 3), 5) == 0
    assert word_distance(t, (0, 1), (6, 7), 1) == 2


WORDS = st.sampled_from(
    [
        "Neutralize",
        "use",
        "of",
        "force",
        "Intervention",
        "brigade",
        "non-use",
        "the",
        "offensive",
        "\u00e9t\u00e9",
        "\u0130stanbul",
        "stra\u00dfe",
        "self-defence",
    ]
)
SEPS = st.sampled_from([" ", "  ", "\n", "\u00ad", " \u00ad ", "-", "\u2014", ", ", "\r\n"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=12))
    seps = draw(st.lists(SEPS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=200, deadline=None)
@given(texts())
def test_spans_slice_back_to_their_snippet(text: str) -> None:
    for span in MATCHER.match(text):
        assert isinstance(span, Span)
        assert text[span.start : span.end] == span.snippet
        assert 0 <= span.start < span.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | texts())
def test_normalization_maps_every_position_back(text: str) -> None:
    norm = normalize(text)
    folded = fold(text)
    for i, char in enumerate(norm.text):
        j = norm.original_offset(i)
        assert separate_words(folded[j]) == char
    assert normalize(norm.text).text.split() == norm.text.split()  # words are stable


def test_punctuation_separates_words() -> None:
    assert codes('("Intervention Brigade")') == [("ib", "Intervention Brigade")]
    assert codes("neutralize; neutralise, [neutralization].") == [
        ("neut", "neutralize"),
        ("neut", "neutralise"),
        ("neut", "neutralization"),
    ]
    assert codes("\u00abintervention brigade\u00bb") == [("ib", "intervention brigade")]
    assert codes("intervention_brigade") == [("ib", "intervention_brigade")]
    assert codes("intervention\u00e9brigade") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_fast_path_equals_the_general_normalizer(text: str) -> None:
    assert _normalize_ascii(text.replace("\x00", "")) == _normalize_general(
        text.replace("\x00", "")
    )


@pytest.mark.parametrize(
    "module",
    ["patterns", "textnorm", "compile", "scan", "filters", "matcher", "wordhash", "apply"],
)
def test_dictionary_docstring_examples(module: str) -> None:
    """The stage modules' examples run (they document the path through apply_codebook)."""
    found = doctest.testmod(importlib.import_module(f"normtrace.coding.dictionary.{module}"))
    assert found.failed == 0 and found.attempted > 0
