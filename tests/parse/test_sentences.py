"""The one sentence splitter (parse.sentences): the reported-speech detector cuts a report
paragraph where the verbatim parser and the dictionary matcher cut it. Texts are SYNTHETIC."""

from __future__ import annotations

import pytest

from normtrace.parse.report.reported import reported_speech
from normtrace.parse.sentences import sentence_spans, sentence_starts, sentences

TEXTS = [
    # the detector's own splitter (v1) cut before a digit and after ".)"; the one splitter not
    "The talks in Exampleton ended. 15 opposition parties stated that they would boycott.",
    "(The vote was postponed.) The President of Freedonia stated that calm would return.",
    "Mr. A. Example met the Prime Minister. He said that the army would withdraw.",
    "SYNTHETIC. The Mission helped. The Government announced that schools would reopen.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_detector_reads_the_one_splitters_sentences(text: str) -> None:
    found = reported_speech(text)
    assert found, text
    spans = sentence_spans(text)
    assert all((r.start, r.end) in spans for r in found)


def test_a_sentence_is_not_cut_before_a_digit_or_after_a_closing_bracket() -> None:
    first, second = TEXTS[0], TEXTS[1]
    assert sentence_spans(first) == [(0, len(first))]
    assert [(r.start, r.end) for r in reported_speech(first)] == [(0, len(first))]
    assert [(r.start, r.end) for r in reported_speech(second)] == [(0, len(second))]


@pytest.mark.parametrize("text", [*TEXTS, "  One. Two!  “Three?” (Four) ", "no end", ""])
def test_spans_starts_and_sentences_agree(text: str) -> None:
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == sentences(text)
    assert [a for a, _ in spans[1:]] == [s for s in sentence_starts(text) if text[s:].strip()]
