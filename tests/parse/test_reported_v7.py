"""Rules v7 of the reported-speech detector (``reported_speech.v7``): the place or subject a
Secretariat title or body is for, in or on names no other speaker, so a case country in the
name of a Secretariat body (a Special Representative for Timor-Leste, the Mission in Haiti) no
longer takes the Secretariat's words away from it (review 45b, finding 1); and every Secretariat
entity of the reference list is the Secretariat (a guard that keeps the two lexicons together).
ALL SENTENCES ARE SYNTHETIC (invented wording around the case countries' Secretariat titles).
"""

import csv
from pathlib import Path

import pytest

from normtrace.parse.report.reported import ALGORITHM, is_secretariat, reported_speech

#: the actors' reference list, bundled with the package (its 'secretariat' role)
ENTITIES = Path(__file__).resolve().parents[2] / "src/normtrace/data/reference/entities.csv"


def _speakers(text: str) -> list[str]:
    return [r.speaker for r in reported_speech(text)]


def test_the_rules_are_v7() -> None:
    assert ALGORITHM == "reported_speech.v7"


@pytest.mark.parametrize(
    "text",
    [
        "My Special Representative for Timor-Leste stated that the security situation was calm.",
        "On 3 May, the Special Representative of the Secretary-General for Haiti stated that the "
        "elections would be held on time.",
        "UNMIT police in Timor-Leste reported that the district was quiet.",
        "The United Nations country team in Haiti reported that food prices had risen.",
        "The Mission in Haiti stated that it would support the electoral calendar.",
        "The United Nations Stabilization Mission in Haiti reported that patrols had increased.",
        "The United Nations Integrated Office in Haiti stated that the budget was approved.",
        "The United Nations Integrated Mission in Timor-Leste reported that the polls were calm.",
        "The United Nations Assistance Mission for Iraq stated that the talks would resume.",
        "BINUH reported that three gangs had merged.",
        "UNAMI stated that the returns continued.",
    ],
)
def test_a_secretariat_body_named_with_a_case_country_is_the_secretariat(text: str) -> None:
    """v6 read these as another's words (the country left over after the Secretariat's own
    words were taken out)."""
    assert _speakers(text) == [], text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Haiti requested that the mandate be renewed.", "Haiti"),
        ("The Government of Timor-Leste stated that the budget would pass.",
         "The Government of Timor-Leste"),
        ("The Mission in Haiti and President Sampleton stated that the vote would be held.",
         "The Mission in Haiti and President Sampleton"),
    ],
)  # fmt: skip
def test_a_case_country_or_another_actor_still_speaks(text: str, speaker: str) -> None:
    """The place after a Secretariat body is blanked, never a second actor joined by "and"."""
    assert _speakers(text) == [speaker], text


@pytest.mark.parametrize(
    "phrase",
    [
        "my Special Representative for Timor-Leste",
        "the Special Envoy for Bosnia and Herzegovina",
        "the Special Representative on Sexual Violence in Conflict",
        "UNMIT police in Timor-Leste",
        "the United Nations Organization Mission in the Democratic Republic of the Congo",
        "UN police",
    ],
)
def test_is_secretariat_with_its_scope(phrase: str) -> None:
    assert is_secretariat(phrase), phrase


@pytest.mark.parametrize(
    "phrase",
    ["Haiti", "the Mission and Haiti", "the Mission in the Council",
     "My Special Representative for Haiti and the Government"],
)  # fmt: skip
def test_is_not_secretariat(phrase: str) -> None:
    assert not is_secretariat(phrase), phrase


def test_every_secretariat_entity_of_the_reference_list_is_the_secretariat() -> None:
    """Each name and variant of a 'secretariat' row of the actors' reference list (read as a
    file: parse does not import actors) is the Secretariat to the detector, alone and as
    "the X in Haiti" / "the X in Timor-Leste" for its missions and offices."""
    if not ENTITIES.is_file():
        pytest.skip(f"{ENTITIES} is absent: the reference list ships with the package")
    with ENTITIES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    names = [
        name
        for row in rows
        if row["role"] == "secretariat"
        for name in [row["name"], *filter(None, row["variants"].split("|"))]
    ]
    assert len(names) >= 40
    failing = [name for name in names if not is_secretariat(name)]
    for name in names:
        if name.endswith(("Mission", "Office")) or " Mission in " in name or " Office in " in name:
            base = name.split(" in ")[0]
            failing += [f"the {base} in {place}" for place in ("Haiti", "Timor-Leste")
                        if not is_secretariat(f"the {base} in {place}")]  # fmt: skip
    assert failing == [], failing
