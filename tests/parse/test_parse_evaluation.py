"""Tests for normtrace.evaluate.speeches (speech segmentation scoring)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from normtrace.errors import IngestError
from normtrace.evaluate.speeches import (
    GoldSpeech,
    evaluate_pdf,
    evaluate_speeches,
    gold_speech,
    load_gold_speeches,
    pool_scores,
)
from normtrace.ingest.pdf import extract_pdf
from normtrace.parse.model import Speech
from normtrace.parse.verbatim import parse_verbatim


def _speech(index: int, header: str, text: str) -> Speech:
    speaker, _, rest = header.partition(" (")
    affiliation = rest.rstrip(")") or None
    return Speech(
        key=f"S/PV.1/s{index:03d}",
        index=index,
        speaker=speaker,
        text=text,
        affiliation=affiliation,
        header=header,
    )


# SYNTHETIC speeches: distinct openings so the alignment has something to tell apart.
TEXTS = [
    "I thank the Special Representative for her briefing on the situation in the region today.",
    "Allow me first of all to commend the commitment of the mission and its staff in the field.",
    "At the outset we wish to congratulate you on assuming the presidency of the Council.",
    "China welcomes the new members of the Council and looks forward to working with them all.",
]
HEADERS = ["The President", "Mr. A (Chad)", "Ms. B (Peru)", "Mr. C (China)"]


def _gold() -> list[GoldSpeech]:
    return [
        gold_speech(f"{h}: {t}", index=i + 1)
        for i, (h, t) in enumerate(zip(HEADERS, TEXTS, strict=True))
    ]


def _parsed() -> list[Speech]:
    return [_speech(i + 1, h, t) for i, (h, t) in enumerate(zip(HEADERS, TEXTS, strict=True))]


def test_perfect_match() -> None:
    score = evaluate_speeches(_parsed(), _gold())
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.speaker_accuracy == score.speaker_accuracy_strict == 1.0
    assert score.mismatches == ()


def test_missed_boundary_lowers_recall() -> None:
    parsed = _parsed()
    merged = dataclasses.replace(parsed[1], text=parsed[1].text + " " + parsed[2].text)
    score = evaluate_speeches([parsed[0], merged, parsed[3]], _gold())
    assert score.precision == 1.0 and score.recall == 0.75
    assert any("was not found" in m for m in score.mismatches)


def test_spurious_boundary_lowers_precision() -> None:
    parsed = _parsed()
    head, tail = parsed[1].text[:45], parsed[1].text[45:]
    split = [parsed[0], dataclasses.replace(parsed[1], text=head)]
    split += [_speech(9, "Mr. X (Chad)", tail), parsed[2], parsed[3]]
    score = evaluate_speeches(split, _gold())
    assert score.recall == 1.0 and score.precision == 0.8
    assert any("has no gold match" in m for m in score.mismatches)


def test_wrong_and_ocr_damaged_headers() -> None:
    gold = _gold()
    gold[1] = gold_speech(f"Mr. A (Niger): {TEXTS[1]}", index=2)  # wrong affiliation
    gold[3] = gold_speech(f"Mr. Ce (China): {TEXTS[3]}", index=4)
    parsed = _parsed()
    parsed[3] = dataclasses.replace(parsed[3], speaker="Mr. Cé")  # accent only: strict match
    score = evaluate_speeches(parsed, gold)
    assert score.affiliation_accuracy == 0.75
    assert score.speaker_accuracy == score.speaker_accuracy_strict == 0.75
    ocr = [gold_speech(f"Mr. Jiirgenson (Estonia): {TEXTS[0]}", index=1)]
    mine = [_speech(1, "Mr. Jürgenson (Estonia)", TEXTS[0])]
    ocr_score = evaluate_speeches(mine, ocr)
    assert ocr_score.speaker_accuracy == 1.0 and ocr_score.speaker_accuracy_strict == 0.0
    assert "OCR-tolerated" in ocr_score.mismatches[0]


def test_ocr_interleaved_gold_still_aligns() -> None:
    # Gold OCR sometimes mixes words of the other column into a speech start.
    gold = _gold()
    gold[2] = gold_speech(
        "Ms. B (Peru): At the outset we wish troop-contributing countries (C) to congratulate "
        "you on assuming the presidency of the Council.",
        index=3,
    )
    assert evaluate_speeches(_parsed(), gold).f1 == 1.0


def test_pool_scores_is_micro_average() -> None:
    a = evaluate_speeches(_parsed(), _gold())
    b = evaluate_speeches(_parsed()[:2], _gold())
    pooled = pool_scores([a, b])
    assert (pooled.parsed, pooled.gold, pooled.matched) == (6, 8, 6)
    assert pooled.recall == 0.75
    assert "F1=" in pooled.describe()


def test_gold_speech_split() -> None:
    g = gold_speech("Mr. Abarry (Niger) (spoke in French): Allow me: first.")
    assert (g.speaker, g.affiliation, g.language) == ("Mr. Abarry", "Niger", "French")
    assert g.text == "Allow me: first."
    odd = gold_speech("Mr. 1abarry (Niger): OCR-damaged header")
    assert odd.header == "Mr. 1abarry (Niger)" and odd.text == "OCR-damaged header"


def test_load_gold_fixture(fixtures_dir: Path) -> None:
    gold = load_gold_speeches(fixtures_dir / "verbatim" / "gold", "S/PV.8701")
    assert [g.index for g in gold] == [1, 2]
    assert gold[0].header == "The President"
    assert gold[1].text.startswith("The draft resolution received 15 votes in favour.")


def test_load_gold_cp1252_and_missing(tmp_path: Path) -> None:
    # SYNTHETIC corpus file in Windows-1252 with CRLF, as some corpus files are.
    (tmp_path / "UNSC_2099_SPV.9999_spch001.txt").write_bytes(
        "Mr. Dramé (Mali): Côte d’Ivoire.\r\n".encode("cp1252")
    )
    (gold,) = load_gold_speeches(tmp_path, "S/PV.9999")
    assert gold.speaker == "Mr. Dramé" and gold.text == "Côte d’Ivoire."
    with pytest.raises(IngestError, match="no gold speeches of S/PV.1"):
        load_gold_speeches(tmp_path, "S/PV.1")


def test_evaluate_pdf_fixture(fixtures_dir: Path) -> None:
    score = evaluate_pdf(
        fixtures_dir / "verbatim" / "S_PV.8701_E.pdf", fixtures_dir / "verbatim" / "gold"
    )
    assert (score.parsed, score.gold, score.f1, score.speaker_accuracy) == (2, 2, 1.0, 1.0)


@pytest.mark.slow
def test_acceptance_on_shared_pdfs(shared_dir: Path) -> None:
    """Boundary F1 ≥ 0.99 and speaker accuracy ≥ 0.98 on the three 2020 PDFs."""
    gold_dir = shared_dir / "corpus" / "speeches-2020"
    pdfs = sorted((shared_dir / "corpus" / "verbatim").glob("S_PV.*_E.pdf"))
    assert len(pdfs) == 3
    scores = [evaluate_pdf(p, gold_dir) for p in pdfs]
    for pdf, score in zip(pdfs, scores, strict=True):
        assert score.f1 >= 0.99, (pdf.name, score.describe(), score.mismatches)
        assert score.speaker_accuracy >= 0.98, (pdf.name, score.describe())
    overall = pool_scores(scores)
    assert overall.f1 >= 0.99 and overall.speaker_accuracy >= 0.98
    assert overall.affiliation_accuracy >= 0.98


@pytest.mark.slow
def test_8703_meeting_facts(shared_dir: Path) -> None:
    path = shared_dir / "corpus" / "verbatim" / "S_PV.8703_E.pdf"
    doc = parse_verbatim(extract_pdf(path.read_bytes(), path=str(path)))
    meta = doc.meta
    assert meta["president"] == {"name": "Mr. Dang", "state": "Viet Nam"}
    assert len(meta["members"]) == 15
    assert [(i["rule"], i["name"]) for i in meta["invitations"]] == [
        (37, "Mr. Tiébilé Dramé"),
        (39, "Mr. Jean-Pierre Lacroix"),
    ]
    assert doc.warnings == ()
    assert doc.speeches[-1].text.endswith("The meeting rose at 11.55 a.m.")


def test_garbled_gold_start_aligns_only_with_the_same_speaker() -> None:
    # SYNTHETIC: OCR misread many letters and mixed in words of the other column.
    garbled = (
        "At tbe outset troop countries we wisb to congratulatc partners yon on assnming the "
        "presidency of tbe Council."
    )
    from normtrace.evaluate.speeches import _words, start_similarity

    sim = start_similarity(_words(TEXTS[2]), _words(garbled))
    assert 60 <= sim < 84
    gold = _gold()
    gold[2] = gold_speech(f"Ms. B (Peru): {garbled}", index=3)
    assert evaluate_speeches(_parsed(), gold).recall == 1.0
    gold[2] = gold_speech(f"Mr. Z (Fiji): {garbled}", index=3)
    assert evaluate_speeches(_parsed(), gold).recall == 0.75
