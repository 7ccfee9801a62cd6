"""A proximity entry (``near: [a, b], within: N``) matches only inside one sentence: its two
terms on either side of a sentence end ("... armed groups. Security operations ...") are
not a use of the entry, however few words apart. Sentences are those of the one splitter
(``parse.sentences.sentence_starts``): ``Mr.``, initials and similar abbreviations
end none. Every path of the matcher agrees: one text (few hits and many), a batch (either
scanner, texts given as strings or already normalized) and the reference. Texts are
SYNTHETIC."""

from __future__ import annotations

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.matcher import SMALL, Matcher, compile_codebook
from normtrace.coding.dictionary.textnorm import NormalizedText, normalize
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.errors import CodingError
from normtrace.parse.sentences import sentence_starts, sentences

BOOK = Codebook(
    name="synthetic",
    codes=(
        Code(
            id="ops",
            name="Operations against armed groups",
            entries=(Entry(near=("armed group*", "operation*"), within=6),),
        ),
    ),
)

ACROSS = "SYNTHETIC. Pressure on armed groups. Security operations continued."
WITHIN = "SYNTHETIC. Pressure on armed groups through security operations continued."
# an abbreviation and an initial end no sentence
ABBREVIATED = "SYNTHETIC. Armed groups met Mr. A. Operations chief."
# squeezed runs of spaces, a line break and a non-Latin-1 letter move the offsets
SHIFTED = "SYNTHETIC  \u0142ódź.  Armed   groups  left.\n\nOperations   began."


def _codes(matcher: Matcher, text: str) -> list[str]:
    return [s.code for s in matcher.match(text)]


@pytest.mark.parametrize("scanner", ["automaton", "wordhash"])
def test_a_near_entry_does_not_match_across_a_sentence_end(scanner: str) -> None:
    m = compile_codebook(BOOK, scanner)
    texts = [ACROSS, WITHIN, ABBREVIATED, SHIFTED]
    want = [[], ["ops"], ["ops"], []]
    assert [_codes(m, t) for t in texts] == want
    assert [[s.code for s in m.match_reference(t)] for t in texts] == want
    for given in (texts, [normalize(t) for t in texts]):
        spans = m.match_many(given)
        got = [[] for _ in texts]  # type: list[list[str]]
        for unit, code in zip(spans.unit.tolist(), m.names(spans)[0], strict=True):
            got[unit].append(code)
        assert got == want
    snippet = m.match(WITHIN)[0].snippet
    assert snippet == "armed groups through security operations"


def test_many_hits_take_the_array_path_and_agree() -> None:
    """A text with more hits than :data:`SMALL` runs the array stages on one text."""
    m = compile_codebook(BOOK)
    across = " ".join([ACROSS] * (SMALL // 2 + 1))
    assert _codes(m, across) == []
    within = " ".join([WITHIN] * (SMALL // 2 + 1))
    assert len(_codes(m, within)) == SMALL // 2 + 1


def test_the_default_codebook_no_longer_joins_two_sentences() -> None:
    """The brief's case: 'armed groups. Security operations' is not an offensive operation."""
    m = compile_codebook(load_default_codebook())
    across = "SYNTHETIC. More must be done against armed groups. Security operations resume."
    within = "SYNTHETIC. Security operations against armed groups resume."
    assert "offensive_operations" not in _codes(m, across)
    assert "offensive_operations" in _codes(m, within)


def test_sentences_are_cut_at_the_sentence_starts() -> None:
    text = "I welcome Mr. A. Example, Minister. The Council will now begin. Done."
    starts = sentence_starts(text)
    assert [text[i:].split(".")[0] for i in starts] == ["The Council will now begin", "Done"]
    assert sentences(text) == [
        "I welcome Mr. A. Example, Minister.",
        "The Council will now begin.",
        "Done.",
    ]
    assert sentence_starts("no sentence end here") == []


def test_a_normalized_text_without_its_source_is_refused_not_misread() -> None:
    """Sentences are read in the original text; a hand-made normalization lacks it."""
    m = compile_codebook(BOOK)
    bare = NormalizedText(normalize(ACROSS).text)
    with pytest.raises(CodingError, match="normalize"):
        m.match_many([bare])
