"""Who said a reported sentence (``Reported.speaker``, a passage's ``said_by``): the whole noun
phrase of the speaker, never a place. SYNTHETIC sentences (invented places and wording); a new
user found said_by naming 'Port-au-Prince', 'Haiti', 'Public Security' (for "the Minister of
Justice and Public Security") and 'the International Organization' (for IOM)."""

import pytest

from normtrace.parse.report.reported import reported_speech


def _speakers(text: str) -> list[str]:
    return [r.speaker for r in reported_speech(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a title keeps its "and" after "of"
            "The Minister of Justice and Public Security announced the opening of four offices.",
            "The Minister of Justice and Public Security",
        ),
        (  # and its "for"
            "According to the Office for Civil Protection of Elbonia, 2,000 people crossed.",
            "the Office for Civil Protection of Elbonia",
        ),
        (  # a place after "in" or "at" belongs to the speaker's phrase, is never the speaker
            "Officials at the morgue in Sampleville reported several cases of violence.",
            "Officials at the morgue in Sampleville",
        ),
        (
            "Members of some gangs in Elbton and Port Sample have expressed interest in a deal.",
            "Members of some gangs in Elbton and Port Sample",
        ),
        (  # a body after "in" is a speaker
            "A new bureau in the Chamber of Deputies, which expressed a commitment, was formed.",
            "the Chamber of Deputies",
        ),
        (  # an adverb after "has" is not part of the speaker
            "The President has now pledged to organize elections in 2013.",
            "The President",
        ),
    ],
)
def test_the_speaker_is_the_whole_noun_phrase(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_a_place_is_never_a_speaker() -> None:
    """SYNTHETIC. "the developments in Elbonia have suggested" names no actor; "they" after "a
    meeting in Sampleville" is the ministers, not the town."""
    assert _speakers("The developments in Elbonia have suggested that peace was near.") == []
    said = _speakers(
        "The ministers of nine contributing countries held a meeting in Sampleville at which "
        "they underlined their commitment to the process."
    )
    assert len(said) == 1 and "Sampleville" not in said[0]


def test_the_international_organization_for_migration_is_iom() -> None:
    """SYNTHETIC. IOM named in full is the agency the detector counts with the United Nations'
    own (as IOM is, and as the labelled samples count it), not "the International
    Organization" speaking."""
    assert _speakers("According to the International Organization for Migration, 900 left.") == []
    assert _speakers("According to IOM, 900 people left the camps.") == []


def test_a_pronoun_takes_the_whole_title() -> None:
    """SYNTHETIC. "he" after "the Minister of Justice and Public Security" is the Minister, not
    'Public Security' (the nearest capitalized words)."""
    said = _speakers(
        "The protests followed a statement issued by the Minister of Justice and Public "
        "Security at the festival, in which he warned against defamation."
    )
    assert said == ["Minister of Justice and Public Security"]
