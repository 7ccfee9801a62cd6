"""``ReportedIndex`` reads a unit's reported sentences once, not once per word it is asked about.

``said`` is the one test of a word reported in an SG report (aggregate, secretariat,
provenance): it is asked about every credited word, so hashing the paragraph and rebuilding the
starts it bisects for each word made a long paragraph cost its length once per word. Its
answers stay what they were: word by word, the reported sentence whose span holds the word.
Every text here is SYNTHETIC.
"""

from __future__ import annotations

import pytest
from synthetic_store import report, save

import normtrace.reuse.reported as reported_module
from normtrace.parse.report.reported import reported_speech
from normtrace.reuse.reported import ReportedIndex, update_reported
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.shingles import Words, tokenize
from normtrace.reuse.store_reuse import load_units, text_sha256
from normtrace.store.db import Store

TEXT = (
    "SYNTHETIC. The mission helped the police in every district. On 3 May, the President of "
    "the Synthetic Republic stated that a national commission on land tenure must be "
    "established without delay. I recommend that the synthetic police strengthen patrols. "
    "The Prime Minister said that elections would be held in the autumn."
)
OTHER = "SYNTHETIC. The opposition parties stated that the count was fair. I welcome it."


def _report(key: str) -> UnitInfo:
    return UnitInfo(key, "2013-02-27", key.split("/p")[0], "secretariat")


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``ReportedIndex`` hashes, in order (the real digest is still returned)."""
    texts: list[str] = []

    def counting(text: str) -> str:
        texts.append(text)
        return text_sha256(text)

    monkeypatch.setattr(reported_module, "text_sha256", counting)
    return texts


def _expected(text: str, words: Words, i: int) -> tuple[int, int, str] | None:
    """The reported sentence holding word ``i``, found afresh by the rules (no index)."""
    at = words.starts[i]
    for r in reported_speech(text):
        if r.start <= at < r.end:
            return (r.start, r.end, r.speaker)
    return None


def _answer(index: ReportedIndex, unit: UnitInfo, words: Words, i: int) -> object:
    r = index.said(unit, words, i)
    return None if r is None else (r.start, r.end, r.speaker)


def test_the_words_of_one_paragraph_hash_it_once(hashed: list[str]) -> None:
    index = ReportedIndex(Store.open(":memory:"))
    unit, words = _report("S/2013/9011/p1"), tokenize(TEXT)
    answers = [_answer(index, unit, words, i) for i in range(len(words.norms))]
    assert len(words.norms) > 40
    assert hashed == [TEXT]  # once for all its words, not once per word
    assert answers == [_expected(TEXT, words, i) for i in range(len(words.norms))]
    assert {a[2] for a in answers if isinstance(a, tuple)} == {
        "the President of the Synthetic Republic",
        "The Prime Minister",
    }
    assert answers[0] is None  # the report's own words are not reported


def test_paragraphs_asked_about_in_turn_are_each_hashed_once(hashed: list[str]) -> None:
    """Callers go link by link, so the units come interleaved: still one read per unit."""
    index = ReportedIndex(Store.open(":memory:"))
    first, second = (_report("S/2013/9011/p1"), tokenize(TEXT)), (_report("S/2013/9011/p2"),
                                                                   tokenize(OTHER))  # fmt: skip
    for i in range(len(second[1].norms)):
        for unit, words in (first, second):
            index.said(unit, words, i)
    assert sorted(hashed) == sorted([TEXT, OTHER])
    assert index.said(second[0], second[1], 3) is not None
    assert index.said(second[0], second[1], len(second[1].norms) - 1) is None


def test_a_changed_text_of_the_same_unit_is_read_anew(hashed: list[str]) -> None:
    """The cache is of a unit's text, not of its key: a new text is not given the old spans."""
    index = ReportedIndex(Store.open(":memory:"))
    unit = _report("S/2013/9011/p1")
    before, after = tokenize(TEXT), tokenize(OTHER)
    assert index.said(unit, before, 12) is not None  # in the President's sentence
    assert _answer(index, unit, after, 12) == _expected(OTHER, after, 12)
    assert [r.speaker for r in index.spans(unit.key, OTHER)] == ["The opposition parties"]
    assert hashed == [TEXT, OTHER]


def test_a_stored_scan_is_looked_up_once_per_paragraph(
    hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's stored scan is read with one query per paragraph, and gives the rules'
    answer word by word."""
    store = Store.open(":memory:")
    save(store, report("S/2013/9011", "2013-02-27", [TEXT, OTHER]))
    assert update_reported(store).scanned == 2
    hashed.clear()
    looked: list[str] = []
    real = ReportedIndex._stored

    def stored(self: ReportedIndex, key: str, digest: str) -> object:
        looked.append(key)
        return real(self, key, digest)

    monkeypatch.setattr(ReportedIndex, "_stored", stored)
    index = ReportedIndex(store)
    units = {u.info.key: u for u in load_units(store)}
    for key in ("S/2013/9011/p1", "S/2013/9011/p2"):
        unit = units[key]
        words = tokenize(unit.unit.text)
        answers = [_answer(index, unit.info, words, i) for i in range(len(words.norms))]
        assert answers == [_expected(unit.unit.text, words, i) for i in range(len(words.norms))]
    assert looked == ["S/2013/9011/p1", "S/2013/9011/p2"]
    assert len(hashed) == 2
