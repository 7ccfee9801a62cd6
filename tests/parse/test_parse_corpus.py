"""Tests of parse_corpus_speech and parse_speaker_header (real corpus files)."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from normtrace.errors import NormtraceError, ParseError
from normtrace.ingest.text import read_text
from normtrace.parse.corpus import PARSER, parse_corpus_speech
from normtrace.parse.model import Document
from normtrace.parse.speakers import SpeakerHeader, parse_speaker_header

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"


def _parse(name: str) -> Document:
    return parse_corpus_speech(read_text(TEXTS / name).text, filename=name)


def test_golden_speech() -> None:
    doc = _parse("UNSC_2020_SPV.8703_spch002.txt")
    path = TEXTS / "golden" / "UNSC_2020_SPV.8703_spch002.json"
    got = json.dumps(dataclasses.asdict(doc), indent=1, ensure_ascii=False, sort_keys=True)
    if os.environ.get("NORMTRACE_REGEN_GOLDEN") == "1":
        path.write_text(got + "\n", encoding="utf-8")
    assert got + "\n" == path.read_text(encoding="utf-8")


def test_speech_keys_and_header() -> None:
    doc = _parse("UNSC_2020_SPV.8703_spch002.txt")
    assert (doc.symbol, doc.doc_type, doc.edition, doc.parser) == (
        "S/PV.8703",
        "corpus_meeting",
        "corpus",
        PARSER,
    )
    (speech,) = doc.speeches
    assert (speech.key, speech.index, speech.speaker, speech.language) == (
        "S/PV.8703/s002",
        2,
        "Mr. Lacroix",
        "French",
    )
    assert speech.header == "Mr. Lacroix (spoke in French)"
    assert speech.text.startswith("I thank you, Mr. President,")
    (para,) = speech.paragraphs
    assert (para.key, para.kind, para.text) == ("S/PV.8703/s002/p01", "text", speech.text)


def test_affiliation_and_language() -> None:
    speech = _parse("UNSC_2020_SPV.8703_spch005.txt").speeches[0]
    assert (speech.speaker, speech.affiliation, speech.language, speech.is_president) == (
        "Mr. Abarry",
        "Niger",
        "French",
        False,
    )


def test_interleaved_header_keeps_language_and_warns() -> None:
    doc = _parse("UNSC_2020_SPV.8713_spch006.txt")
    speech = doc.speeches[0]
    assert speech.is_president and speech.language == "French"
    assert doc.meta["header_stray_text"] == "I thank Mr. Spleeters for his briefing."
    assert doc.warnings


def test_cp1252_file_and_crlf() -> None:
    speech = _parse("UNSC_2020_SPV.8698_spch003.txt").speeches[0]
    assert speech.is_president and speech.speaker == "The President"
    assert "Council\u2019s provisional rules" in speech.text and "\r" not in speech.text


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Mr. Abarry (Niger) (spoke in French)", ("Mr. Abarry", "Niger", "French", False)),
        ("The President (spoke in Chinese):", ("The President", None, "Chinese", True)),
        ("The President", ("The President", None, None, True)),
        (
            "Ms. Norman-Chalet (United States of America)",
            ("Ms. Norman-Chalet", "United States of America", None, False),
        ),
        ("Mr. Wu Haitao (China) (spoke in Chinese)", ("Mr. Wu Haitao", "China", "Chinese", False)),
        ("Dato Lim Jock Hoi", ("Dato Lim Jock Hoi", None, None, False)),
        (
            "Mr. Ja'afari (Syrian Arab Republic) (spoke in Arabic; English text provided)",
            ("Mr. Ja'afari", "Syrian Arab Republic", "Arabic", False),
        ),
        ("The Secretary-General", ("The Secretary-General", None, None, False)),
        (
            "Mr. Abdelaziz (Egypt) (interpretation from Arabic)",
            ("Mr. Abdelaziz", "Egypt", "Arabic", False),
        ),
    ],
)
def test_parse_speaker_header(header: str, expected: tuple[object, ...]) -> None:
    got = parse_speaker_header(header)
    assert (got.speaker, got.affiliation, got.language, got.is_president) == expected


def test_empty_header_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_speaker_header(" : ")
    assert parse_speaker_header("Mr. X") == SpeakerHeader("Mr. X")


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ("Mr. X: text", "speech.txt", "not a corpus speech file name"),
        ("", "UNSC_2020_SPV.8703_spch002.txt", "empty speech file"),
        ("no header here at all", "UNSC_2020_SPV.8703_spch002.txt", "no speaker header"),
    ],
)
def test_bad_input_raises(text: str, filename: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_corpus_speech(text, filename=filename)


@pytest.mark.slow
def test_all_corpus_speeches_parse(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "speeches-2020"
    files = sorted(folder.glob("UNSC_*_spch*.txt"))
    assert len(files) == 1168
    failures = []
    for path in files:
        try:
            doc = parse_corpus_speech(read_text(path).text, filename=path.name)
        except NormtraceError as exc:
            failures.append(f"{path.name}: {exc}")
            continue
        assert doc.speeches[0].key.startswith(doc.symbol + "/s")
    assert failures == []
