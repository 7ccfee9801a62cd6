"""Tests for normtrace.parse.verbatim on real records (fixtures) and labelled synthetic text."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from normtrace.errors import ParseError
from normtrace.ingest.pdf import extract_pdf
from normtrace.parse.model import Document
from normtrace.parse.verbatim.record import PARSER, parse_verbatim, record_paragraphs

GOLDEN = "S_PV.8701.golden.json"


def _parse_fixture(fixtures_dir: Path, name: str) -> Document:
    path = fixtures_dir / "verbatim" / name
    return parse_verbatim(extract_pdf(path.read_bytes(), path=str(path)))


def _as_json(doc: Document) -> Any:
    return json.loads(json.dumps(dataclasses.asdict(doc), ensure_ascii=False))


@pytest.fixture(scope="module")
def pv8701(fixtures_dir: Path) -> Document:
    return _parse_fixture(fixtures_dir, "S_PV.8701_E.pdf")


@pytest.fixture(scope="module")
def pv8703_start(fixtures_dir: Path) -> Document:
    # Pages 1-2 of S/PV.8703, cut from the UN PDF with pypdfium2.
    return _parse_fixture(fixtures_dir, "S_PV.8703_E_p1-2.pdf")


def test_golden_8701(pv8701: Document, fixtures_dir: Path) -> None:
    """Whole parse of S/PV.8701 against a reviewed golden file.

    Regenerate only with NORMTRACE_REGEN_GOLDEN=1 and review the diff.
    """
    golden = fixtures_dir / "verbatim" / GOLDEN
    actual = _as_json(pv8701)
    if os.environ.get("NORMTRACE_REGEN_GOLDEN") == "1":
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_8701_document_fields(pv8701: Document) -> None:
    assert (pv8701.symbol, pv8701.doc_type, pv8701.parser) == ("S/PV.8701", "verbatim", PARSER)
    assert pv8701.meeting == "S/PV.8701"
    assert pv8701.date == "2020-01-13" and pv8701.year == 2020
    assert pv8701.title == "The situation in the Middle East"
    assert pv8701.warnings == ()


def test_8701_meta(pv8701: Document) -> None:
    meta = pv8701.meta
    assert set(meta) == {
        "meeting_number", "resumption", "date", "time", "title", "president", "members",
        "agenda", "invitations", "votes", "adoptions",
    }  # fmt: skip
    assert meta["meeting_number"] == 8701 and meta["resumption"] is None
    assert meta["time"] == "10:00"
    assert meta["president"] == {"name": "Mr. Dang", "state": "Viet Nam"}
    assert len(meta["members"]) == 15
    assert {"state": "Viet Nam", "representative": "Mr. Dang"} in meta["members"]
    assert meta["agenda"] == [
        {"title": "The situation in the Middle East", "documents": ["S/2019/823"]}
    ]
    (vote,) = meta["votes"]
    assert vote["draft"] == "S/2020/27"
    assert len(vote["in_favour"]) == 15 and vote["against"] == vote["abstaining"] == []
    assert (vote["outcome"], vote["resolution"]) == ("adopted", "S/RES/2505 (2020)")
    assert meta["adoptions"] == [
        {"resolution": "S/RES/2505 (2020)", "draft": "S/2020/27", "unanimous": True}
    ]


def test_8701_speeches_and_keys(pv8701: Document) -> None:
    first, second = pv8701.speeches
    assert [s.key for s in pv8701.speeches] == ["S/PV.8701/s001", "S/PV.8701/s002"]
    assert first.speaker == second.speaker == "The President" and first.is_president
    assert first.paragraphs[0].key == "S/PV.8701/s001/p01"
    assert first.paragraphs[0].parent_key == "S/PV.8701/s001"
    assert first.text.startswith("The Security Council will now begin its consideration")
    kinds = [p.kind for p in first.paragraphs]
    assert kinds[-3:] == ["procedural", "procedural", "procedural"]  # vote taken, In favour, list
    assert second.text.endswith("The meeting rose at 10.25 a.m.")
    assert any("S/2020/27" in p.cites for p in first.paragraphs)


def test_8701_paragraphs_before_first_speech(pv8701: Document) -> None:
    texts = [(p.key, p.kind) for p in pv8701.paragraphs]
    assert texts[:3] == [
        ("S/PV.8701/p01", "procedural"),
        ("S/PV.8701/p02", "heading"),
        ("S/PV.8701/p03", "procedural"),
    ]


def test_8703_cover_and_invitations(pv8703_start: Document) -> None:
    meta = pv8703_start.meta
    assert meta["president"] == {"name": "Mr. Dang", "state": "Viet Nam"}
    assert len(meta["members"]) == 15
    assert meta["members"][3] == {"state": "Estonia", "representative": "Mr. Jürgenson"}
    assert meta["agenda"] == [{"title": "The situation in Mali", "documents": ["S/2019/983"]}]
    rule37, rule39 = meta["invitations"]
    assert rule37["rule"] == 37 and rule37["entity"] == "Mali"
    assert rule37["name"] == "Mr. Tiébilé Dramé"
    assert rule37["title"] == "Minister for Foreign Affairs and International Cooperation of Mali"
    assert rule39["rule"] == 39
    assert rule39["name"] == "Mr. Jean-Pierre Lacroix"
    assert rule39["title"] == "Under-Secretary-General for Peace Operations"
    assert rule39["entity"] == "United Nations"
    assert rule39["text"].startswith("In accordance with rule 39")


def test_8703_speaker_header_parts(pv8703_start: Document) -> None:
    lacroix = pv8703_start.speeches[1]
    assert (lacroix.speaker, lacroix.affiliation, lacroix.language) == (
        "Mr. Lacroix",
        None,
        "French",
    )
    assert lacroix.header == "Mr. Lacroix (spoke in French)" and not lacroix.is_president
    assert lacroix.page == 2


def test_truncated_record_is_flagged(pv8703_start: Document) -> None:
    assert any("may be incomplete" in w for w in pv8703_start.warnings)


# --- SYNTHETIC records below: invented text in the layout of a verbatim record. ---

SYNTHETIC = """United Nations S/PV.9999 (Resumption 1)

Security Council

9999th meeting

Tuesday, 3 March 2099, 3.30 p.m.

President: Ms. Example . . . . . . . . . . (Examplestan)

Members: Belgium . . . . . . . . . . Mr. One

China . . . . . . . . . . Mr. Two

Agenda

Synthetic situation

Report of the Secretary-General (S/2099/1)
\f
The meeting was resumed at 3.30 p.m.

The President: In accordance with rule 37 of the Council's provisional rules of procedure, \
I invite the representatives of Bosnia and Herzegovina, Chad and Mali to participate in this \
meeting.

In accordance with rule 39 of the Council's provisional rules of procedure, I invite the \
following briefers to participate in this meeting: Ms. Alpha Beta, Executive Director of the \
World Food Programme; and Mr. Gamma Delta, Special Representative of the Secretary-General \
and Head of the United Nations Mission in Nowhere.

Members of the Council have before them document S/2099/2, which contains the text of a draft \
resolution. I shall put the draft resolution to the vote now.

A vote was taken by show of hands.

In favour:

Belgium, China, Trinidad and Tobago

Against:

Examplestan

Abstaining:

Côte d’Ivoire

The President: The draft resolution received 4 votes in favour, 1 against and 1 abstention. \
The draft resolution has not been adopted, having failed to obtain the required number of votes.

The President: I now give the floor to the representative of Chad.

Mr. Epsilon (Chad) (spoke in French): Thank you. Sir Zeta (Iran (Islamic Republic of)): \
glued header.

Synthetic heading

Archbishop Eta (Holy See): A statement.
\f
It continues here.

The meeting rose at 6 p.m.
"""


@pytest.fixture(scope="module")
def synthetic() -> Document:
    return parse_verbatim(SYNTHETIC)


def test_synthetic_cover(synthetic: Document) -> None:
    meta = synthetic.meta
    assert synthetic.symbol == "S/PV.9999 (Resumption 1)"
    assert meta["meeting_number"] == 9999 and meta["resumption"] == 1
    assert (meta["date"], meta["time"]) == ("2099-03-03", "15:30")
    assert meta["president"] == {"name": "Ms. Example", "state": "Examplestan"}
    assert [m["state"] for m in meta["members"]] == ["Belgium", "China", "Examplestan"]
    assert meta["agenda"] == [{"title": "Synthetic situation", "documents": ["S/2099/1"]}]


def test_synthetic_invitations(synthetic: Document) -> None:
    inv = synthetic.meta["invitations"]
    assert [(i["rule"], i["entity"]) for i in inv[:3]] == [
        (37, "Bosnia and Herzegovina"),
        (37, "Chad"),
        (37, "Mali"),
    ]
    assert inv[0]["name"] == "the representative of Bosnia and Herzegovina"
    assert [(i["name"], i["entity"]) for i in inv[3:]] == [
        ("Ms. Alpha Beta", "World Food Programme"),
        ("Mr. Gamma Delta", "United Nations Mission in Nowhere"),
    ]


def test_synthetic_failed_vote(synthetic: Document) -> None:
    (vote,) = synthetic.meta["votes"]
    assert vote == {
        "draft": "S/2099/2",
        "in_favour": ["Belgium", "China", "Trinidad and Tobago"],
        "against": ["Examplestan"],
        "abstaining": ["Côte d’Ivoire"],
        "outcome": "not adopted",
        "resolution": None,
    }
    assert synthetic.meta["adoptions"] == []
    assert any("announces 4 votes in favour but 3 states" in w for w in synthetic.warnings)


def test_synthetic_speeches(synthetic: Document) -> None:
    headers = [s.header for s in synthetic.speeches]
    assert headers == [
        "The President",
        "The President",
        "The President",
        "Mr. Epsilon (Chad) (spoke in French)",
        "Sir Zeta (Iran (Islamic Republic of))",
        "Archbishop Eta (Holy See)",
    ]
    zeta = synthetic.speeches[4]
    assert zeta.affiliation == "Iran (Islamic Republic of)"
    # A printed heading stays inside the preceding speech.
    assert [p.kind for p in zeta.paragraphs] == ["text", "heading"]
    eta = synthetic.speeches[5]
    # The paragraph carried over the page break is re-joined.
    assert eta.paragraphs[0].text == "A statement. It continues here."
    assert any("inside a paragraph" in w for w in synthetic.warnings)


def test_record_paragraphs_rejoin_pages() -> None:
    text = "One paragraph that\f continues.\n\nNext.\n\n\fNew page paragraph."
    assert record_paragraphs(text) == [
        (1, "One paragraph that continues."),
        (2, "Next."),
        (3, "New page paragraph."),
    ]


def test_text_without_blank_lines() -> None:
    # SYNTHETIC: one printed line per line, as other PDF-to-text converters give.
    text = (
        "United Nations S/PV.3\nThe President: I give the floor to\nthe representative.\n"
        "Mr. Example (Chad): I thank\nyou.\nThe President: The meeting rose at 1 p.m."
    )
    doc = parse_verbatim(text)
    assert [(s.header, s.text) for s in doc.speeches] == [
        ("The President", "I give the floor to the representative."),
        ("Mr. Example (Chad)", "I thank you."),
        ("The President", "The meeting rose at 1 p.m."),
    ]


def test_no_symbol_raises() -> None:
    with pytest.raises(ParseError, match="pass symbol="):
        parse_verbatim("The President: Synthetic text without a masthead.")


def test_symbol_argument_and_mismatch_warning() -> None:
    doc = parse_verbatim("United Nations S/PV.1\n\nThe President: Hi.", symbol="S/PV.2")
    assert doc.symbol == "S/PV.2"
    assert any("first page says S/PV.1" in w for w in doc.warnings)
    with pytest.raises(ParseError):
        parse_verbatim("The President: Hi.", symbol="not a symbol")


def test_unrecognised_header_is_warned() -> None:
    # SYNTHETIC: a malformed language note keeps the header from being recognised.
    text = (
        "United Nations S/PV.2\n\nThe President: Hi.\n\nMr. Example (Chad) (spoke French): Hello."
    )
    doc = parse_verbatim(text)
    assert len(doc.speeches) == 1
    assert any("possible speaker header not recognised" in w for w in doc.warnings)
