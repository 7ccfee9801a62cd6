"""Tests of the named normalizers and offset-keeping folding, with hypothesis properties."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normtrace.parse import normalize
from normtrace.parse.furniture import is_furniture, strip_furniture
from normtrace.parse.labels import LabelState, next_letter, roman_value, to_roman

# Text made of what UN documents contain: letters, digits, punctuation, dashes,
# quotes, soft hyphens, odd spaces and every kind of line end.
UN_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 .,;:-()\"'\n\r\t\f")
        + ["\u00a0", "\u2013", "\u2014", "\u2011", "\u201c", "\u201d", "\u2019", "\u00ad"]
        + ["\ufffe", "\x02", "\u00df", "\u0130", "\u00e9"]
    ),
    max_size=80,
)
ANY_TEXT = st.text(max_size=60)


@pytest.mark.parametrize("name", sorted(normalize.NORMALIZERS))
@given(text=UN_TEXT)
def test_normalizers_are_idempotent(name: str, text: str) -> None:
    func = normalize.NORMALIZERS[name]
    once = func(text)
    assert func(once) == once


@given(text=st.one_of(UN_TEXT, ANY_TEXT))
def test_pipeline_is_idempotent(text: str) -> None:
    once = normalize.apply(text)
    assert normalize.apply(once) == once


def test_examples() -> None:
    assert normalize.line_endings("a\r\r\nb\r\nc\rd") == "a\nb\nc\nd"
    assert normalize.whitespace("1.\u00a0\u00a0\t Decides  \n  x") == "1. Decides\nx"
    assert normalize.hyphenation("peace-\nkeeping") == "peace-keeping"
    assert normalize.hyphenation("peace-\nkeeping, peacekeeping") == "peacekeeping, peacekeeping"
    assert normalize.hyphenation("Secretary-\nGeneral") == "Secretary-\nGeneral"
    assert (
        normalize.hyphenation("peace\ufffe\nkeeping peace\x02keeping")
        == "peacekeeping peacekeeping"
    )
    assert normalize.quotes("\u201cA\u201d \u2018b\u2019") == "\"A\" 'b'"


def test_apply_unknown_name_lists_valid_ones() -> None:
    with pytest.raises(KeyError, match="valid: hyphenation, line_endings, quotes, whitespace"):
        normalize.apply("x", ["spaces"])


@pytest.mark.parametrize(
    "line",
    [
        "13-27381 (E)",
        "*1327381*",
        "S/RES/2098 (2013)",
        "4 13-27381",
        "2/5",
        "Distr.: General 28 March 2013",
        "95-37553 (E) 281195",
        "02-74035* (E)",
        "S/RES/1231(1999)) English Page 3",
        "/...",
        "-----",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line", ["4. Decides to remain seized", "Recalling resolution 2098 (2013),", "A", "(iv) the"]
)
def test_content_lines(line: str) -> None:
    assert not is_furniture(line)


def test_strip_furniture_counts_pages_and_breaks() -> None:
    text = "one\n13-27381 (E)\n*1327381*\n\nS/RES/2098 (2013)\ntwo\nthree\f\nfour"
    lines = strip_furniture(text, symbol="S/RES/2098 (2013)")
    assert [(ln.text, ln.page, ln.after_break) for ln in lines] == [
        ("one", 1, False),
        ("two", 2, True),
        ("three", 2, False),
        ("four", 3, True),
    ]


def test_labels() -> None:
    assert [roman_value(to_roman(i)) for i in range(1, 60)] == list(range(1, 60))
    assert next_letter("z") == "aa" and next_letter("aa") == "bb"
    state = LabelState()
    assert [state.classify(x) for x in "abcdefghi"][-1] == "letter"
    state = LabelState()
    assert [state.classify(x) for x in ["a", "i", "ii", "iii", "iv", "v", "b", "c"]] == [
        "letter",
        "roman",
        "roman",
        "roman",
        "roman",
        "roman",
        "letter",
        "letter",
    ]


@pytest.mark.parametrize(
    "module",
    [
        "normtrace.ingest.text",
        "normtrace.ingest.html",
        "normtrace.parse.normalize",
        "normtrace.parse.furniture",
        "normtrace.parse.labels",
        "normtrace.parse.dates",
        "normtrace.parse.detect",
        "normtrace.parse.speakers",
        "normtrace.parse.corpus.parser",
        "normtrace.parse.report.parser",
        "normtrace.parse.resolution.parser",
        "normtrace.parse.resolution.meta",
        "normtrace.parse.resolution.split",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_join_over_many_page_breaks_keeps_every_piece() -> None:
    # SYNTHETIC: one paragraph continued over 3,000 pages (joined in linear time)
    from normtrace.parse import furniture

    text = "1. Decides that the words of\f" + "\f".join(["continued the text of"] * 3000)
    lines = furniture.strip_furniture(text)
    (joined,) = furniture.join_continuations(lines, starts_unit=lambda t: t[:2] == "1.")
    assert joined.text == "1. Decides that the words of " + " ".join(
        ["continued the text of"] * 3000
    )
    assert (joined.page, joined.number) == (1, 1)


def test_a_long_joined_paragraph_is_never_taken_for_a_heading() -> None:
    from normtrace.parse import furniture

    lines = [
        furniture.Line("A", 1, 1, False),
        furniture.Line("Recalling " + "the text " * 40 + "of", 1, 2, False),
        furniture.Line("the Charter,", 1, 3, False),
    ]
    out = furniture.join_continuations(
        lines, starts_unit=lambda t: False, standalone=lambda t: t == "A"
    )
    assert [ln.text[:9] for ln in out] == ["A", "Recalling"]
    assert out[1].text.endswith("of the Charter,")
