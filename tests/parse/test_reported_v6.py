"""Rules v6 of the reported-speech detector (``reported_speech.v6``): the Secretariat named in
full (its envoys, coordinators, officers by title, departments and their staff), a possessive
determiner read as its clause's subject, a subject's phrase that ends at an irregular past, and
a press release or a letter's recipient that is no speaker. Each case is a kind (README "What
counts as reported speech"), not one report's wording. ALL SENTENCES ARE SYNTHETIC (invented
places, parties and people)."""

import pytest

from normtrace.parse.report.reported import ALGORITHM, is_secretariat, reported_speech


def _speakers(text: str) -> list[str]:
    return [r.speaker for r in reported_speech(text)]


def test_the_rules_are_v6() -> None:
    assert ALGORITHM in ("reported_speech.v6", "reported_speech.v7")  # v7 keeps v6's kinds


@pytest.mark.parametrize(
    "text",
    [
        # the Secretariat's own officers, offices and departments, with a v5 verb
        "The Head of Office decided that the team would relocate to Sampletown.",
        "The Resident Coordinator recalled that the appeal was only half funded.",
        "The Humanitarian Coordinator cautioned that the rains would cut the northern roads.",
        "The Deputy Special Representative and Resident and Humanitarian Coordinator added "
        "that the plan was on track.",
        "The Chief of Staff instructed the regional offices to report every week.",
        "The Senior Police Adviser assured the Minister of the Interior that training would "
        "continue.",
        "The Executive Representative of the Secretary-General maintained that the dialogue "
        "must be inclusive.",
        "The Personal Envoy invited the parties to resume talks in Exampleville.",
        "The Peacebuilding Support Office believes that the fund should be replenished.",
        "The Department of Peacekeeping Operations added that the review would be completed.",
        "The Office for the Coordination of Humanitarian Affairs cautioned that access was "
        "shrinking.",
        "The Mission's Chief Electoral Adviser cautioned that the voter lists were incomplete.",
        "The Chief Military Observer recalled that both sides had agreed to the patrols.",
        "The team leader of the electoral component cautioned that the timetable was tight.",
        "Senior officials of the country team pointed out that the warehouse had been emptied.",
        "The Special Envoy's chief of staff pointed out that the talks had stalled.",
        "Staff of the Mission pointed out that the warehouse had been emptied.",  # (v5 too)
        # "its" or "their" is the clause's subject, not the nearest body
        "The Mission, in cooperation with the Government, renewed its calls to respect the "
        "ceasefire.",
        "The United Nations and its partners made repeated appeals for funding to meet the "
        "needs of the displaced.",
        # a subject's phrase ends at an irregular past
        "My Special Representative met President Samplestein and invited him to attend the "
        "conference.",
        "My Special Representative met the Prime Minister of Exampleland and pointed out that "
        "the vote was near.",
        # a press release is the issuer's; a letter's recipient is not its author
        "The Mission issued a press release calling for calm in Sampletown.",
        "UNDP sent a letter to the Ministry of Finance requesting that the funds be released.",
        # a comitative "together with" is not the subject
        "The United Nations, together with the national authorities launched a strategic "
        "appeal for funding to respond to the floods.",  # (v5 did not read "an appeal" here)
        "The Mission, together with the national authorities called for calm in Sampletown.",
    ],
)
def test_the_secretariats_own_words_stay_its_own(text: str) -> None:
    assert _speakers(text) == [], text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the titles stay someone else's when they are another body's (guards: v5 too)
        ("The Chief of Staff of the Exampleland Armed Forces cautioned that the border was "
         "porous.", "The Chief of Staff of the Exampleland Armed Forces"),
        ("The Head of the Elbonian Union Mission cautioned that the count was slow.",
         "The Head of the Elbonian Union Mission"),
        ("The Department of Justice added that the case would be reopened.",
         "The Department of Justice"),
        ("The Government and its partners made repeated appeals for funding to meet the "
         "needs of the displaced.", "The Government and its partners"),
        # "its" and "their" resolved to their own clause's subject
        ("The Government, in cooperation with the Mission, renewed its calls to respect the "
         "ceasefire.", "The Government"),
        ("The opposition parties met my Special Representative and renewed their calls to "
         "hold early elections.", "The opposition parties"),
        # the speaker is the subject without the verb that follows it
        ("President Samplestein met the leaders of the Union Party and urged them to join the "
         "Government.", "President Samplestein"),
        ("The Electoral Council held a press conference and announced that the vote would be "
         "delayed.", "The Electoral Council"),
        # a press release and a speech noun's content are the issuer's
        ("The Union Party issued a press release calling for calm in Sampletown.",
         "The Union Party"),
        ("President Samplestein made an appeal to strengthen political debate.",
         "President Samplestein"),
        # (guard, v5 too)
        ("A letter from the Prime Minister to the Mission requested that the vote be delayed.",
         "the Prime Minister"),
    ],
)  # fmt: skip
def test_others_words_name_their_speaker(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker], text


def test_the_secretariat_lexicon_in_general_terms() -> None:
    own = [
        "the Heads of Office", "the Special Coordinator", "a Personal Representative of the "
        "Secretary-General", "the Principal Human Rights Adviser", "the military component",
        "the World Food Programme", "OIOS", "staff of UNMIT", "UNMIT's legal advisers",
        "the United Nations and its agencies",
    ]  # fmt: skip
    other = [
        "the Personal Envoy of the President", "senior advisers to the Prime Minister",
        "the Army Chief of Staff", "members of the Mission and the Government",
        "United Nations and Government officials", "the Office of the Prosecutor",
        "the Department of Peacebuilding and Social Cohesion", "the press",
    ]  # fmt: skip
    assert [p for p in own if not is_secretariat(p)] == []
    assert [p for p in other if is_secretariat(p)] == []
