"""Tests for speaker-header recognition and procedure helpers (synthetic strings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.parse.sentences import sentences
from normtrace.parse.speakers import parse_speaker_header
from normtrace.parse.verbatim.header import parse_cover
from normtrace.parse.verbatim.invitations import entity_of, invitations_in
from normtrace.parse.verbatim.procedure import procedure_in, split_states
from normtrace.parse.verbatim.speakers import match_header, split_inline_headers


@pytest.mark.parametrize(
    ("text", "speaker", "affiliation", "language", "president"),
    [
        ("The President: I thank him.", "The President", None, None, True),
        ("The President (spoke in Arabic): x", "The President", None, "Arabic", True),
        ("The Acting President: x", "The Acting President", None, None, True),
        ("The Secretary-General: x", "The Secretary-General", None, None, False),
        ("The Deputy Secretary-General: x", "The Deputy Secretary-General", None, None, False),
        ("Mr. Abarry (Niger) (spoke in French): x", "Mr. Abarry", "Niger", "French", False),
        ("Mr. Lacroix (spoke in French): x", "Mr. Lacroix", None, "French", False),
        ("Ms. Norman-Chalet (United States of America): x", "Ms. Norman-Chalet",
         "United States of America", None, False),
        ("Mr. Pecsteen de Buytswerve (Belgium): x", "Mr. Pecsteen de Buytswerve", "Belgium",
         None, False),
        ("Mrs. Gueguen (France): x", "Mrs. Gueguen", "France", None, False),
        ("Miss Example (Examplestan): x", "Miss Example", "Examplestan", None, False),
        ("Dame Karen Example (United Kingdom): x", "Dame Karen Example", "United Kingdom", None,
         False),
        ("Lord Example of Somewhere (United Kingdom): x", "Lord Example of Somewhere",
         "United Kingdom", None, False),
        ("Baroness Example: x", "Baroness Example", None, None, False),
        ("Archbishop Example (Holy See): x", "Archbishop Example", "Holy See", None, False),
        ("Cardinal Example: x", "Cardinal Example", None, None, False),
        ("Sheikh Example Al-Thani (Qatar) (spoke in Arabic): x", "Sheikh Example Al-Thani",
         "Qatar", "Arabic", False),
        ("Dr. Example: x", "Dr. Example", None, None, False),
        ("Mr. Example (Iran (Islamic Republic of)): x", "Mr. Example",
         "Iran (Islamic Republic of)", None, False),
        ("Mr. Example (spoke in Spanish; interpretation provided by the delegation): x",
         "Mr. Example", None, "Spanish", False),
        ("Prince Example Example (Jordan): x", "Prince Example Example", "Jordan", None, False),
        ("Dato Example Example: x", "Dato Example Example", None, None, False),
        ("Example (spoke in French): x", "Example", None, "French", False),
    ],
)  # fmt: skip
def test_headers(
    text: str, speaker: str, affiliation: str | None, language: str | None, president: bool
) -> None:
    h = match_header(text)
    assert h is not None
    assert (h.speaker, h.affiliation, h.language, h.is_president) == (
        speaker,
        affiliation,
        language,
        president,
    )
    assert h.body == "x" or h.body == "I thank him."
    assert text.startswith(h.header) and text[len(h.header) :].lstrip().startswith(":")


@pytest.mark.parametrize(
    "text",
    [
        "In favour: Belgium, China",
        "Mr. President, I thank you: it is an honour.",
        "Mr. President: x",
        "General Assembly: resolutions adopted",
        "Sister organizations: several",
        "Justice Mechanism: a note",
        "The meeting rose at 1 p.m.",
        "Members of the Council have before them document S/2020/27.",
        "Mr. Example said (in 2019): nothing",
        "Mali (MINUSMA): we support the Mission.",
        "In 2019 (spoke in French): x",
    ],
)
def test_not_headers(text: str) -> None:
    assert match_header(text) is None


def test_split_inline_headers() -> None:
    glued = "I thank you. Mr. Example (Chad) (spoke in French): Thank you."
    assert split_inline_headers(glued) == [
        "I thank you.",
        "Mr. Example (Chad) (spoke in French): Thank you.",
    ]
    plain = "As Mr. Example (Chad) said, this matters."
    assert split_inline_headers(plain) == [plain]


def test_sentences_keep_abbreviations() -> None:
    text = "I welcome Mr. A. Example, Minister. The Council will now begin. Done."
    assert sentences(text) == [
        "I welcome Mr. A. Example, Minister.",
        "The Council will now begin.",
        "Done.",
    ]


def test_split_states() -> None:
    assert split_states("Burkina Faso, Chad and Mali") == ["Burkina Faso", "Chad", "Mali"]
    assert split_states("the Niger, Saint Vincent and the Grenadines, and Viet Nam") == [
        "Niger",
        "Saint Vincent and the Grenadines",
        "Viet Nam",
    ]


def test_entity_of() -> None:
    assert entity_of("Minister for Foreign Affairs and International Cooperation of Mali") == "Mali"
    assert entity_of("Under-Secretary-General for Peace Operations") == "United Nations"
    assert (
        entity_of(
            "Special Representative of the Secretary-General and Head of the United Nations "
            "Office for West Africa and the Sahel"
        )
        == "United Nations Office for West Africa and the Sahel"
    )
    assert entity_of("President of the International Committee of the Red Cross") == (
        "International Committee of the Red Cross"
    )
    assert entity_of("Head of the Delegation of the European Union to the United Nations") == (
        "European Union"
    )
    assert entity_of("Executive Director, United Nations Children's Fund") == (
        "United Nations Children's Fund"
    )
    assert entity_of(
        "President of the Commission for the Clarification of Truth, Coexistence and "
        "Non-Repetition of Colombia"
    ) == ("Commission for the Clarification of Truth, Coexistence and Non-Repetition of Colombia")
    assert entity_of("Special Envoy of the Secretary-General for Yemen") == "United Nations"
    assert entity_of("Permanent Representative of Brazil, on behalf of the Chair") == "Brazil"
    assert entity_of("civil society representative") is None
    assert entity_of(None) is None


def test_cover_stops_at_body() -> None:
    cover = parse_cover(
        [
            "United Nations S/PV.1234",
            "1234th meeting",
            "Friday, 1 June 2001, noon",
            "Agenda",
            "Item title",
            "The meeting was called to order at 12 noon.",
            "The President: x",
        ]
    )
    assert (cover.symbol, cover.meeting_number, cover.date, cover.time) == (
        "S/PV.1234",
        1234,
        "2001-06-01",
        "12:00",
    )
    assert cover.agenda == [{"title": "Item title", "documents": []}]
    assert cover.used == 5


def test_cover_wrapped_rows() -> None:
    # SYNTHETIC cover rows that wrap onto a second line.
    cover = parse_cover(
        [
            "President: Sir Example Example . . . . . (United Kingdom of Great Britain",
            "and Northern Ireland)",
            "Members: Belgium . . . . . Mr. One",
            "Bosnia and",
            "Herzegovina . . . . . Mr. Two",
            "Agenda",
            "Item title",
        ]
    )
    assert cover.president == {
        "name": "Sir Example Example",
        "state": "United Kingdom of Great Britain and Northern Ireland",
    }
    assert [m["state"] for m in cover.members] == [
        "Belgium",
        "Bosnia and Herzegovina",
        "United Kingdom of Great Britain and Northern Ireland",
    ]
    assert cover.agenda == [{"title": "Item title", "documents": []}]
    assert cover.used == 7


def test_older_invitation_formulas() -> None:
    # SYNTHETIC paragraphs in the wording of pre-2008 records.
    paragraphs = [
        "I should like to inform the Council that I have received a letter from the "
        "representative of Examplestan, in which he requests to be invited to participate in "
        "the discussion of the item on the Council's agenda. In conformity with the usual "
        "practice, I propose, with the consent of the Council, to invite that representative to "
        "participate in the discussion, without the right to vote, in accordance with the "
        "relevant provisions of the Charter and rule 37 of the Council's provisional rules of "
        "procedure.",
        "There being no objection, it is so decided.",
        "At the invitation of the President, Mr. Example Person (Examplestan) took a seat at "
        "the Council table.",
        "In accordance with the understanding reached in the Council's prior consultations, and "
        "in the absence of objection, I shall take it that the Security Council agrees to extend "
        "an invitation under rule 39 of its provisional rules of procedure to Mr. Other Person, "
        "Assistant Secretary-General for Peacekeeping Operations.",
    ]
    rule37, rule39 = invitations_in(paragraphs)
    assert (rule37["rule"], rule37["name"], rule37["entity"]) == (
        37,
        "Mr. Example Person",
        "Examplestan",
    )
    assert (rule39["rule"], rule39["name"], rule39["title"], rule39["entity"]) == (
        39,
        "Mr. Other Person",
        "Assistant Secretary-General for Peacekeeping Operations",
        "United Nations",
    )


def test_page_without_cover_is_body() -> None:
    # SYNTHETIC excerpt that starts in the middle of a speech.
    cover = parse_cover(["of the Council, as set out in S/PV.1234.", "The President: Next."])
    assert cover.used == 0


def test_procedure_inline_lists_none_and_procedural_vote() -> None:
    # SYNTHETIC President's paragraphs as plain text flattens them (lists inside a paragraph).
    paragraphs = [
        "I shall put to the vote the proposal to invite a briefer. A vote was taken by show of "
        "hands. In favour: Belgium, China Against: Estonia, France Abstaining: Niger",
        "The proposal received 2 votes in favour, 2 against and 1 abstention. The proposal has "
        "not been adopted, having failed to obtain the required number of votes.",
        "Members of the Council have before them document S/2099/5, which contains the text of "
        "a draft resolution. A vote was taken by show of hands. In favour: Belgium, China, "
        "Estonia Against: None Abstaining: France The President: The draft resolution received "
        "3 votes in favour. The draft resolution has been adopted as resolution 9999 (2099).",
    ]
    votes, adoptions, warnings = procedure_in(paragraphs)
    assert [
        (v["draft"], v["in_favour"], v["against"], v["abstaining"], v["outcome"]) for v in votes
    ] == [
        (None, ["Belgium", "China"], ["Estonia", "France"], ["Niger"], "not adopted"),
        ("S/2099/5", ["Belgium", "China", "Estonia"], [], ["France"], "adopted"),
    ]
    assert adoptions == [
        {"resolution": "S/RES/9999 (2099)", "draft": "S/2099/5", "unanimous": False}
    ]
    assert warnings == []


@pytest.mark.slow
def test_headers_of_the_2020_corpus(shared_dir: Path) -> None:
    """Every speaker header of the 1,168 corpus speeches is recognised, split as printed.

    The corpus text is OCR, so a very few headers are damaged (e.g. "Mr. President" for
    "The President"); at least 99.5 % must parse to exactly the gold header.
    """
    files = sorted((shared_dir / "corpus" / "speeches-2020").glob("UNSC_*_spch*.txt"))
    assert len(files) > 1000
    exact = 0
    for path in files:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        header = match_header(text.strip())
        exact += header is not None and header.header == text.split(":", 1)[0].strip()
    assert exact / len(files) >= 0.995


@pytest.mark.slow
def test_no_header_false_positives_in_2020_speech_text(shared_dir: Path) -> None:
    """No sentence inside the corpus speeches is taken for a speaker header."""
    from normtrace.evaluate.speeches import gold_speech

    checked = wrong = 0
    for path in sorted((shared_dir / "corpus" / "speeches-2020").glob("UNSC_*_spch*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        for sentence in sentences(gold_speech(text.strip()).text):
            checked += 1
            wrong += match_header(sentence) is not None
    assert checked > 20000
    assert wrong / checked <= 0.0005


# One header grammar (normtrace.parse.speakers) for records and corpus files.


@pytest.mark.parametrize(
    ("header", "speaker", "affiliation", "language", "president"),
    [
        ("Mr. Example (Venezuela (Bolivarian Republic of))", "Mr. Example",
         "Venezuela (Bolivarian Republic of)", None, False),
        ("The Temporary President (spoke in Spanish)", "The Temporary President", None,
         "Spanish", True),
        ("Mr. Example (Bangladesh) (spoke in Bengali)", "Mr. Example", "Bangladesh", "Bengali",
         False),
        ("Mr. Example (Examplestan) (interpretation from Arabic)", "Mr. Example", "Examplestan",
         "Arabic", False),
        ("The President of the General Assembly", "The President of the General Assembly", None,
         None, False),
    ],
)  # fmt: skip
def test_the_header_grammar_is_the_same_for_records_and_corpus_files(
    header: str, speaker: str, affiliation: str | None, language: str | None, president: bool
) -> None:
    """SYNTHETIC headers: a corpus file's header and a record's paragraph split alike."""
    corpus = parse_speaker_header(header)
    assert (corpus.speaker, corpus.affiliation, corpus.language, corpus.is_president) == (
        speaker, affiliation, language, president,
    )  # fmt: skip
    record = match_header(f"{header}: I thank you.")
    if record is not None:  # "The President of the General Assembly" opens no speech in a record
        assert (record.speaker, record.affiliation, record.language, record.is_president) == (
            speaker, affiliation, language, president,
        )  # fmt: skip


def test_gold_corpus_headers_split_alike_as_record_paragraphs(shared_dir: Path) -> None:
    """Every 2020 corpus speech header a record would recognise gets the same parts there."""
    compared = 0
    for path in sorted((shared_dir / "corpus" / "speeches-2020").glob("*.txt")):
        head = path.read_bytes().decode("utf-8", "replace").split(":", 1)[0]
        corpus = parse_speaker_header(head)
        record = match_header(f"{' '.join(head.split())}: I thank you.")
        if record is None or corpus.stray_text:
            continue
        compared += 1
        assert (record.speaker, record.affiliation, record.language, record.is_president) == (
            corpus.speaker, corpus.affiliation, corpus.language, corpus.is_president,
        ), path.name  # fmt: skip
    assert compared > 1000
