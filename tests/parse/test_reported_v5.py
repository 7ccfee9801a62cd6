"""Rules v5 of the reported-speech detector (``reported_speech.v5``): the kinds of construction
v4 missed or took wrongly, each as a kind (README "What counts as reported speech"), not one
report's wording. ALL SENTENCES ARE SYNTHETIC (invented places, parties and people)."""

import pytest

from normtrace.parse.report.reported import ALGORITHM, reported_speech


def _speakers(text: str) -> list[str]:
    return [r.speaker for r in reported_speech(text)]


def test_the_rules_are_v5() -> None:
    # v6 and v7 keep v5's kinds
    assert ALGORITHM in ("reported_speech.v5", "reported_speech.v6", "reported_speech.v7")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # verbs of saying, asking, promising, judging that v4 did not list
        ("The Minister of Exampleland cautioned that the reform would take years.",
         "The Minister of Exampleland"),
        ("Several senators maintained that the law was unconstitutional.", "Several senators"),
        ("The Court of Appeal decided that the earlier law applied.", "The Court of Appeal"),
        ("President Samplestein invited the Union Party to form the new Government.",
         "President Samplestein"),
        ("The Minister instructed the police to release the detainees.", "The Minister"),
        ("The signatories committed themselves to a peaceful campaign.", "The signatories"),
        ("The Electoral Council committed to publishing the results within a week.",
         "The Electoral Council"),
        ("The Prime Minister undertook to publish the budget before June.", "The Prime Minister"),
        ("Members of the Synthetic Parliament questioned several large public contracts.",
         "Members of the Synthetic Parliament"),
    ],
)  # fmt: skip
def test_more_verbs_of_saying(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "The Government decided to close the border crossing.",  # "decided to": an act
        "The Government remains committed to the reform of the police.",  # a stance
        "The Government is committed to the principles of democracy.",
        "Crimes committed by the militia in 2099 were investigated.",  # an act
        "The delegation undertook a visit to the northern districts.",  # an act
        "The militia invited trouble.",  # no "to": not a request
        "The police questioned the suspects.",  # an interrogation: no content
        "The authorities denied the observers access to the port.",  # a refusal
    ],
)
def test_acts_are_not_speech(text: str) -> None:
    assert _speakers(text) == [], text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a light verb with a speech noun and its content: the light verb's agent spoke
        ("The Example Party made several statements committing itself to peace.",
         "The Example Party"),
        ("The President issued a statement stressing that he would not resign.",
         "The President"),
        ("On 6 May, the Prime Minister addressed a letter to the leader of the Union Party, "
         "inviting him to join the talks.", "the Prime Minister"),
        ("The Ministry issued instructions requiring the closure of old accounts.",
         "The Ministry"),
        ("Several parties issued public calls for a dialogue.", "Several parties"),
        # a speech noun as the subject of a passive light verb with "by"
        ("Allegations of fraud were levelled against the Government by several opposition "
         "senators.", "several opposition senators"),
        # "by" after a comma
        ("Concern was expressed, by the Prime Minister, about the violence.", "the Prime Minister"),
    ],
)  # fmt: skip
def test_light_verbs_with_speech_nouns(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_a_light_verb_without_speech_content_is_an_act() -> None:
    assert _speakers("The Government issued 2,000 licences to fishing boats.") == []
    assert _speakers("The Example Party made progress on its programme.") == []
    assert _speakers("The Example Party did not make any public calls for elections.") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Negotiations continued amid calls by political parties to reach a compromise.",
         "political parties"),
        ("Despite criticism by the opposition of the budget, the law was adopted.",
         "the opposition"),
        ("The protests subsided after an appeal for calm by President Samplestein.",
         "President Samplestein"),
        ("A ruling on the request by the President to review the law was pending.",
         "the President"),
        ("Despite complaints by some deputies of a lack of consultation, the vote passed.",
         "some deputies"),
    ],
)  # fmt: skip
def test_speech_nouns_by_another(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_allegations_of_an_act_by_someone_name_the_accused_not_a_speaker() -> None:
    text = "The Mission investigated allegations of excessive use of force by the police."
    assert _speakers(text) == []


def test_a_possessive_pronoun_with_a_call_and_its_content() -> None:
    text = (
        "The new Cabinet took office amid protests by opposition leaders. Their calls to "
        "mobilize in the streets had limited resonance."
    )
    found = reported_speech(text)
    assert [text[r.start : r.end][:11] for r in found] == ["Their calls"]
    assert found[0].speaker.endswith("leaders")  # the nearest actor named before


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a number or a quantifier before "of" does not hide the actor
        ("Fourteen of the candidates jointly declared the elections invalid.",
         "Fourteen of the candidates"),
        ("A number of senators have threatened to block the vote.", "A number of senators"),
        # a subject joined by "and others"
        ("Church leaders and many ordinary voters expressed concern about the delays.",
         "Church leaders and many ordinary voters"),
        # the secretary-general of a party is not the Secretary-General
        ("Samplist Secretary-General Jane Sample called for a decade of peace.",
         "Samplist Secretary-General Jane Sample"),
        ("Some projects were finished, while others stated that they were unsafe.", "others"),
        # a title "of" a United Nations mission is the Secretariat
        ("My Special Representative and the leadership of the Mission concluded that more "
         "police were needed.", None),
        ("According to witnesses, the police fired on the crowd.", "witnesses"),
        ("Elbonia requested that the joint surveys be postponed.", "Elbonia"),
    ],
)  # fmt: skip
def test_the_speakers_phrase(text: str, speaker: str | None) -> None:
    assert _speakers(text) == ([speaker] if speaker else [])


@pytest.mark.parametrize(
    "text",
    [
        # a participle after a noun names the thing asked for: an act, not speech content
        "An electoral assessment mission requested by the Government will visit in May.",
        "The projects recommended by the Commission were delayed.",
        # a name after a preposition is a complement, not the speaker
        "The security challenges faced by Elbonia have highlighted the role of the police.",
        "The Minister launched the report on Elbonia, which highlights the progress made.",
        # an -s form after an adjective or a plural noun and "and" is a noun
        "Increased demands on the police for crowd control diverted resources.",
        "The Ministry answered enquiries and requests for technical support.",
    ],
)
def test_not_reported(text: str) -> None:
    assert _speakers(text) == [], text


def test_as_requested_by_stays_reported() -> None:
    text = "As requested by the Security Council, the plan covers four areas."
    assert _speakers(text) == ["the Security Council"]
