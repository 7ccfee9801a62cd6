"""Role resolution on real corpus speeches (tests/fixtures/actors/speeches, from ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.actors.corpus_loader import load_corpus
from normtrace.actors.invitations import classify_title, parse_invitations
from normtrace.actors.overrides import parse_overrides
from normtrace.actors.reference import Reference, load_reference
from normtrace.actors.roles import SpeechRole, resolve_roles
from normtrace.parse.model import Document, Speech

# Meeting dates from the UN Library meeting index (data/reference/meetings_index.csv).
DATES = {
    "S/PV.8703": "2020-01-15",
    "S/PV.8717": "2020-02-11",
    "S/PV.8721": "2020-02-12",
    "S/PV.8743": "2020-03-11",
    "S/PV.8756": "2020-09-10",
}


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def docs(fixtures_dir: Path) -> dict[str, Document]:
    loaded = load_corpus(fixtures_dir / "actors" / "speeches")
    assert loaded.problems == []
    return {d.symbol: d for d in loaded.documents}


def _roles(doc: Document, ref: Reference, **kw: object) -> dict[str, SpeechRole]:
    return {r.speech_key: r for r in resolve_roles(doc, ref, day=DATES[doc.symbol], **kw)}  # type: ignore[arg-type]


def test_spv_8703_roles(docs: dict[str, Document], ref: Reference) -> None:
    roles = _roles(docs["S/PV.8703"], ref)
    lacroix = roles["S/PV.8703/s002"]
    assert (lacroix.role, lacroix.actor) == ("secretariat", "person:lacroix-jean-pierre")
    assert lacroix.method == "invitation"
    assert any("Under-Secretary-General for Peace Operations" in e for e in lacroix.evidence)
    drame = roles["S/PV.8703/s017"]
    assert (drame.role, drame.actor) == ("non_member_state", "MLI")
    president = roles["S/PV.8703/s001"]
    assert (president.role, president.presiding_state) == ("president", "VNM")
    members = {r.actor: r.role for r in roles.values() if r.role.endswith("_member")}
    assert {a for a, r in members.items() if r == "permanent_member"} == {
        "FRA",
        "USA",
        "RUS",
        "CHN",
        "GBR",
    }
    assert {a for a, r in members.items() if r == "elected_member"} == {
        "NER",
        "VCT",
        "DOM",
        "DEU",
        "IDN",
        "EST",
        "BEL",
    }
    assert all(r.resolved for r in roles.values())


def test_same_surname_decided_by_the_invitation(docs: dict[str, Document], ref: Reference) -> None:
    # S/PV.8743: "Ms. Mohammed" is Fatima Kyari Mohammed (African Union), not the Deputy SG.
    roles = _roles(docs["S/PV.8743"], ref)
    assert (roles["S/PV.8743/s004"].role, roles["S/PV.8743/s004"].actor) == (
        "igo",
        "person:mohammed-fatima-kyari",
    )
    assert roles["S/PV.8743/s006"].role == "un_entity"  # UNDP, on behalf of the Administrator


def test_persons_without_invitation_resolve_by_reference(
    docs: dict[str, Document], ref: Reference
) -> None:
    abbas = _roles(docs["S/PV.8717"], ref)["S/PV.8717/s007"]
    assert (abbas.role, abbas.actor) == ("non_member_state", "person:abbas-mahmoud")
    king = _roles(docs["S/PV.8721"], ref)["S/PV.8721/s008"]
    assert (king.role, king.actor) == ("elected_member", "person:philippe-king")


def test_unknown_is_not_guessed_and_overrides_fix_it(
    docs: dict[str, Document], ref: Reference
) -> None:
    hadiza = _roles(docs["S/PV.8756"], ref)["S/PV.8756/s008"]
    assert hadiza.role == "unknown" and hadiza.actor is None
    assert any("no title given" in e for e in hadiza.evidence)
    ov = parse_overrides(
        {"speeches": {"S/PV.8756/s008": {"role": "ngo", "note": "child briefer"}}}, "ov.yaml"
    )
    fixed = _roles(docs["S/PV.8756"], ref, overrides=ov)["S/PV.8756/s008"]
    assert (fixed.role, fixed.method) == ("ngo", "override")
    assert "ov.yaml" in fixed.evidence[0]


def test_ladsous_by_name_and_title_on_a_2013_date(ref: Reference) -> None:
    invite = (
        "In accordance with rule 39 of the Council's provisional rules of procedure, I invite "
        "Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations, to participate "
        "in this meeting."
    )
    doc = Document(
        "S/PV.9999",
        "corpus_meeting",
        "test (synthetic)",
        date="2013-03-28",
        speeches=(
            Speech("S/PV.9999/s001", 1, "The President", invite, is_president=True),
            Speech("S/PV.9999/s002", 2, "Mr. Ladsous", "..."),
        ),
    )
    roles = resolve_roles(doc, ref)
    assert (roles[1].role, roles[1].actor) == ("secretariat", "person:ladsous-herve")
    no_invite = Document(
        "S/PV.9998",
        "corpus_meeting",
        "test (synthetic)",
        date="2013-03-28",
        speeches=(Speech("S/PV.9998/s001", 1, "Hervé Ladsous", "..."),),
    )
    assert resolve_roles(no_invite, ref)[0].actor == "person:ladsous-herve"
    by_title = Document(
        "S/PV.9996",
        "corpus_meeting",
        "test (synthetic)",
        date="2013-03-28",
        speeches=(
            Speech(
                "S/PV.9996/s001",
                1,
                "The Under-Secretary-General for Peacekeeping Operations",
                "...",
            ),
        ),
    )
    role = resolve_roles(by_title, ref)[0]
    assert (role.role, role.actor, role.method) == ("secretariat", "person:ladsous-herve", "person")


def test_unknown_date_means_unknown_membership(ref: Reference) -> None:
    doc = Document(
        "S/PV.9997",
        "corpus_meeting",
        "test (synthetic)",
        speeches=(Speech("S/PV.9997/s001", 1, "Mr. X", "...", affiliation="Niger"),),
    )
    role = resolve_roles(doc, ref)[0]
    assert role.role == "unknown" and "date unknown" in role.evidence[-1]


def test_invitation_list_parsing() -> None:
    text = (
        "In accordance with rule 39 of the Council's provisional rules of procedure, I invite the "
        "following briefers to participate in this meeting: Mr. Martin Griffiths, Special Envoy of "
        "the Secretary-General for Yemen; Ms. Wafa'a Alsaidy, General Coordinator in Yemen of "
        "Medecins du Monde; and Ms. Raja Abdullah Ahmed Almasabi, Chairwoman of the Arab Human "
        "Rights Foundation. Mr. Griffiths is joining today's meeting via video-teleconference."
    )
    invs = parse_invitations(text)
    assert [i.name for i in invs] == [
        "Mr. Martin Griffiths",
        "Ms. Wafa'a Alsaidy",
        "Ms. Raja Abdullah Ahmed Almasabi",
    ]
    assert invs[1].title == "General Coordinator in Yemen of Medecins du Monde"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        (
            "Under-Secretary- General for Humanitarian Affairs and Emergency Relief Coordinator",
            "secretariat",
        ),
        (
            "Special Representative of the Chairperson of the African Union Commission for Somalia",
            "igo",
        ),
        (
            "Permanent Representative of Morocco to the United Nations, in his capacity as "
            "Chair of the Central African Republic configuration of the Peacebuilding Commission",
            "un_entity",
        ),
        ("Executive Director, United Nations Children's Fund", "un_entity"),
        ("civil society representative", "ngo"),
        ("Secretary-General of the League of Arab States", "igo"),
        ("a title nobody knows", "unknown"),
    ],
)
def test_classify_title(ref: Reference, title: str, role: str) -> None:
    assert classify_title(ref, title)[0] == role


@pytest.mark.slow
@pytest.mark.parametrize("meeting", ["8698", "8701", "8703"])
def test_verbatim_pdfs_resolve_from_the_record(
    shared_dir: Path, ref: Reference, meeting: str
) -> None:
    from normtrace.ingest.pdf import extract_pdf
    from normtrace.parse.verbatim import parse_verbatim

    pdf = shared_dir / "corpus" / "verbatim" / f"S_PV.{meeting}_E.pdf"
    doc = parse_verbatim(extract_pdf(pdf.read_bytes(), path=str(pdf)))
    roles = resolve_roles(doc, ref)
    assert roles and all(r.resolved for r in roles)
    assert {r.presiding_state for r in roles if r.role == "president"} == {"VNM"}
    if meeting == "8703":
        by_speaker = {r.speaker: r for r in roles}
        assert by_speaker["Mr. Lacroix"].role == "secretariat"
        assert by_speaker["Mr. Dramé"].role == "non_member_state"
        members = [r for r in roles if r.role in ("permanent_member", "elected_member")]
        assert all("listed on page 1" in r.evidence for r in members)
        # page 1 lists all 15 members; each gets its seat as of 15 January 2020
        from normtrace.actors.roles import meeting_context

        ctx = meeting_context(doc, ref)
        assert ctx.members_source == "record page 1" and len(ctx.members) == 15
        assert {s for s, seat in ctx.members.items() if seat == "permanent"} == {
            "CHN",
            "FRA",
            "GBR",
            "RUS",
            "USA",
        }
        assert {s for s, seat in ctx.members.items() if seat == "elected"} == {
            "BEL",
            "DEU",
            "DOM",
            "EST",
            "IDN",
            "NER",
            "TUN",
            "VCT",
            "VNM",
            "ZAF",
        }


def test_older_invitation_wording() -> None:
    # SYNTHETIC sentences in the wording of records before about 2010.
    single = (
        "I shall take it that the Security Council agrees to extend an invitation under rule 39 "
        "of its provisional rules of procedure to Mr. Jean-Marie Guéhenno, Under-Secretary-"
        "General for Peacekeeping Operations. It is so decided."
    )
    listed = (
        "I shall take it that the Council agrees to extend invitations under rule 39 of its "
        "provisional rules of procedure to the following: Mr. Hédi Annabi, Assistant Secretary-"
        "General for Peacekeeping Operations; and Mr. Juan Gabriel Valdés, Special Representative "
        "of the Secretary-General for Haiti. There being no objection, it is so decided."
    )
    [one] = parse_invitations(single)
    assert (one.rule, one.name) == (39, "Mr. Jean-Marie Guéhenno")
    assert [i.name for i in parse_invitations(listed)] == [
        "Mr. Hédi Annabi",
        "Mr. Juan Gabriel Valdés",
    ]


def test_descriptive_affiliation_and_minister_invited_by_title(ref: Reference) -> None:
    # SYNTHETIC speeches: an affiliation that describes a body; a minister under rule 39.
    invite = (
        "In accordance with rule 39 of the Council's provisional rules of procedure, I invite "
        "Ms. Claudia Blum de Barberi, Minister for Foreign Affairs of Colombia, to participate "
        "in this meeting."
    )
    doc = Document(
        "S/PV.9995",
        "corpus_meeting",
        "test (synthetic)",
        date="2020-07-14",
        speeches=(
            Speech("S/PV.9995/s001", 1, "The President", invite, is_president=True),
            Speech("S/PV.9995/s002", 2, "Ms. Blum de Barberi", "..."),
            Speech(
                "S/PV.9995/s003",
                3,
                "Ms. Mohammed",
                "...",
                affiliation="Observer of the African Union",
            ),
            Speech("S/PV.9995/s004", 4, "Mr. Mansour", "...", affiliation="Observer of Palestine"),
        ),
    )
    roles = resolve_roles(doc, ref)
    assert (roles[1].role, roles[1].actor) == ("non_member_state", "COL")
    assert (roles[2].role, roles[2].actor) == ("igo", "org:au")
    assert (roles[3].role, roles[3].actor) == ("non_member_state", "PSE")
