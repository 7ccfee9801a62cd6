"""parse.report.reported, rules v2 (reported_speech.v2): the kinds of reported speech v1 missed
and the false hits it made, each on SYNTHETIC sentences (no report's wording)."""

from __future__ import annotations

import pytest

from normtrace.parse.report.reported import ALGORITHM, reported_speech


def _found(text: str) -> list[tuple[str, str]]:
    return [(r.speaker, r.rule) for r in reported_speech(text)]


def test_version() -> None:
    assert ALGORITHM == "reported_speech.v2"


@pytest.mark.parametrize(
    ("text", "speaker", "rule"),
    [
        # a light verb and a speech noun with its content
        (
            "On 2 May, the President of Freedonia issued a statement calling for calm in the "
            "capital.",
            "the President of Freedonia",
            "light",
        ),
        (
            "Opposition leaders made public statements about the draft budget.",
            "Opposition leaders",
            "light",
        ),
        # a speech noun without a possessor, its agent after "by" or "from"
        (
            "Tension eased after an appeal for restraint by President Exemplar on 3 June.",
            "President Exemplar",
            "nominal_by",
        ),
        (
            "Calls by opposition parties to postpone the vote grew louder.",
            "opposition parties",
            "nominal_by",
        ),
        (
            "The decree was adopted despite criticism by the opposition.",
            "the opposition",
            "nominal_by",
        ),
        # rulings and commitments
        (
            "On 9 May, the Supreme Court of Freedonia ruled that the decree was void.",
            "the Supreme Court of Freedonia",
            "verb",
        ),
        (
            "The Electoral Board committed itself to publishing the results within a week.",
            "The Electoral Board",
            "verb",
        ),
        (
            "The Ministry of the Interior undertook to review the detention files.",
            "The Ministry of the Interior",
            "verb",
        ),
        (
            "The Government of Freedonia pledged to hold elections before the end of the year.",
            "The Government of Freedonia",
            "verb",
        ),
    ],
)
def test_v2_finds(text: str, speaker: str, rule: str) -> None:
    assert _found(text) == [(speaker, rule)]


@pytest.mark.parametrize(
    "text",
    [
        "Donors pledged 40 million dollars for the reconstruction programme.",  # money
        "The financial support pledged by bilateral partners is appreciated.",  # money
        "I intend to keep the Security Council informed of further developments.",
        "The Mission received allegations of 12 cases of ill-treatment by the national police.",
        "Some 30 requests are now pending decisions by the judges of the court.",
        "I dispatched an assessment mission to Freedonia, which concluded that elections were "
        "feasible.",
        "They found that the timing was not right for a review.",  # whose finding?
        "My Special Representative issued a statement in which she voiced regret.",
        "The police undertook a review of their procedures.",  # an act, not a commitment
        "The Minister made the opening statement at the meeting.",  # no content
        "The ruling party met on 4 May.",
    ],
)
def test_v2_leaves_to_the_secretariat(text: str) -> None:
    assert reported_speech(text) == []


def test_he_is_a_person_not_a_body_named_after_the_title() -> None:
    text = (
        "The Prime Minister spoke of the post-UNMIT United Nations engagement. He stated that "
        "no further mission was required."
    )
    assert _found(text) == [("The Prime Minister", "verb")]
    text = "My Special Representative, Jane Example, met the parties. She welcomed their work."
    assert reported_speech(text) == []
