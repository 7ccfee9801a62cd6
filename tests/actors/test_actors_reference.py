"""Reference data: states, entities, persons and their lookups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from normtrace.actors.names import normalize_name, person_key
from normtrace.actors.overrides import load_overrides, parse_overrides
from normtrace.actors.reference import Reference, load_reference
from normtrace.errors import ActorError, ConfigError


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.mark.parametrize(
    ("name", "state_id"),
    [
        ("United Kingdom Of Great Britain And Northern Ireland", "GBR"),
        ("United Kingdom", "GBR"),
        ("the Niger", "NER"),
        ("Cote D'ivoire", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("Upper Volta", "BFA"),
        ("Union of Soviet Socialist Republics", "SUN"),
        ("Islamic Republic of Iran", "IRN"),
        ("Saint Vincent and the Grenadines", "VCT"),
        ("State of Palestine", "PSE"),
    ],
)
def test_state_name_variants(ref: Reference, name: str, state_id: str) -> None:
    state = ref.state(name)
    assert state is not None and state.id == state_id


def test_every_state_has_a_regional_group_unless_observer_or_nonmember(ref: Reference) -> None:
    for state in ref.states.values():
        if state.status in ("member", "former"):
            assert state.un_regional_group, state.id
    assert ref.states["RUS"].un_regional_group == "Eastern European Group"


def test_entities_have_valid_roles_and_unique_ids(ref: Reference) -> None:
    assert ref.entity("AU") is not None and ref.entity("AU").id == "org:au"  # type: ignore[union-attr]
    assert ref.entity("ECOWAS").role == "igo"  # type: ignore[union-attr]
    assert ref.entity("MINUSMA").role == "secretariat"  # type: ignore[union-attr]
    assert ref.entity("UNICEF").role == "un_entity"  # type: ignore[union-attr]
    assert ref.entity("ICRC").role == "ngo"  # type: ignore[union-attr]


def test_every_person_post_points_to_a_known_actor(ref: Reference) -> None:
    for person in ref.persons.values():
        for post in person.posts:
            assert post.organisation in ref.entities or post.organisation in ref.states, post


def test_ladsous_name_forms_are_one_person(ref: Reference) -> None:
    ids = {
        p.id
        for n in ("Mr. Ladsous", "Hervé Ladsous", "Herve Ladsous")
        for p in ref.persons_named(n)
    }
    assert ids == {"person:ladsous-herve"}
    person = ref.persons["person:ladsous-herve"]
    assert [p.post for p in person.posts_on(date(2013, 3, 28))] == [
        "Under-Secretary-General for Peacekeeping Operations"
    ]


def test_person_keys_ignore_honorifics_and_ocr_hyphens() -> None:
    assert person_key("His Excellency Mr. Jean- Pierre Lacroix") == "jean pierre lacroix"
    assert person_key("Dato Lim Jock Hoi") == "lim jock hoi"
    assert normalize_name("United Nations Children's Fund") == "un childrens fund"


def test_secretaries_general_cover_1946_to_2026_without_overlap(ref: Reference) -> None:
    sg = sorted(
        (post.start, post.end, p.id)
        for p in ref.persons.values()
        for post in p.posts
        if post.post == "Secretary-General"
    )
    assert len(sg) == 9
    for (_, end, _), (start, _, _) in zip(sg, sg[1:], strict=False):
        assert end is not None and start is not None and end < start


def test_overrides_add_aliases_and_persons(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "aliases:\n  Republik Niger: NER\n"
        "persons:\n  - {person_id: 'person:test-x', name: Xavier Test, post: Director,"
        " organisation: 'org:sipri', role: ngo, start: '2019', end: '2021'}\n",
        encoding="utf-8",
    )
    ref = load_reference(overrides=load_overrides(path))
    assert ref.state("Republik Niger").id == "NER"  # type: ignore[union-attr]
    assert [p.id for p in ref.persons_named("Mr. Test")] == ["person:test-x"]
    path.write_text("aliases:\n  Niger: NER\n  Niger: NGA\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"overrides\.yaml:3: .*'Niger' appears twice"):
        load_overrides(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"speeches": {"S/PV.1/s001": {"role": "boss"}}}, "not one of"),
        ({"colours": {}}, "unknown sections"),
        ({"speakers": [{"role": "ngo"}]}, "needs a `label`"),
        ({"aliases": {"X": "nowhere"}}, None),
    ],
)
def test_invalid_overrides_name_file_and_problem(data: object, message: str | None) -> None:
    if message is None:
        with pytest.raises(ConfigError, match="unknown actor 'nowhere'"):
            load_reference(overrides=parse_overrides(data, "proj/overrides.yaml"))
        return
    with pytest.raises(ConfigError, match=message) as info:
        parse_overrides(data, "proj/overrides.yaml")
    assert "proj/overrides.yaml" in str(info.value)


def test_missing_reference_folder_is_an_actor_error(tmp_path: Path) -> None:
    with pytest.raises(ActorError, match="cannot read reference file states.csv"):
        load_reference(tmp_path)


def test_overrides_add_and_remove_terms() -> None:
    data = {
        "terms": [
            {
                "state_id": "NER",
                "seat": "elected",
                "start_year": 2020,
                "end_year": 2021,
                "remove": True,
            },
            {"state_id": "MLI", "seat": "elected", "start_year": 2020, "end_year": 2021},
        ]
    }
    ref = load_reference(overrides=parse_overrides(data, "ov.yaml"))
    assert ref.seat_on("NER", "2020-06-01") is None
    assert ref.seat_on("MLI", "2020-06-01") == "elected"
    with pytest.raises(ConfigError, match="no such term"):
        load_reference(overrides=parse_overrides({"terms": [data["terms"][0]] * 2}, "ov.yaml"))
