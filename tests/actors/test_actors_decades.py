"""Roles right in every decade: a state's name means the state that held the seat that day,
and ingest gives new speeches their roles without a manual `actors resolve`.

The meetings here are SYNTHETIC (symbols S/PV.90xx, invented speakers but for the
1950 case, which mirrors the issue's S/PV.492: Mr. Tsiang speaking for China).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from normtrace.actors.reference import Reference, load_reference
from normtrace.actors.roles import resolve_roles
from normtrace.parse.model import Document, Speech
from normtrace.project import Project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def _role(ref: Reference, day: str, affiliation: str) -> tuple[str, str | None]:
    doc = Document(
        "S/PV.9001", "verbatim", "test", date=day,
        speeches=(Speech("S/PV.9001/s001", 1, "Mr. Synthetic", "...", affiliation=affiliation),),
    )  # fmt: skip
    found = resolve_roles(doc, ref)[0]
    return found.role, found.actor


def test_china_in_1950_is_the_permanent_member_republic_of_china(ref: Reference) -> None:
    doc = Document(
        "S/PV.9002", "verbatim", "test", date="1950-08-01",
        speeches=(Speech("S/PV.9002/s001", 1, "Mr. Tsiang", "...", affiliation="China"),),
    )  # fmt: skip
    role = resolve_roles(doc, ref)[0]
    assert (role.role, role.actor) == ("permanent_member", "ROC")
    assert any("permanent seat" in e for e in role.evidence)


@pytest.mark.parametrize(
    ("day", "name", "expected"),
    [
        ("1946-01-17", "China", "ROC"),
        ("1971-10-24", "China", "ROC"),
        ("1971-10-25", "China", "CHN"),
        ("2024-06-01", "China", "CHN"),
        ("1960-05-01", "Union of Soviet Socialist Republics", "SUN"),
        ("1991-12-23", "USSR", "SUN"),
        ("1991-12-24", "Russian Federation", "RUS"),
        ("1991-12-27", "USSR", "RUS"),  # the record's old label after the handover
        ("2022-02-25", "Russian Federation", "RUS"),
    ],
)
def test_seat_changes(ref: Reference, day: str, name: str, expected: str) -> None:
    assert _role(ref, day, name) == ("permanent_member", expected)


@pytest.mark.parametrize("year", range(1946, 2025))
def test_every_year_the_five_permanent_and_the_elected_members_resolve(
    ref: Reference, year: int
) -> None:
    day = date(year, 7, 1).isoformat()
    russia = "Union of Soviet Socialist Republics" if year < 1992 else "Russian Federation"
    for name in ("China", "France", "United Kingdom", "United States", russia):
        assert _role(ref, day, name)[0] == "permanent_member", (year, name)
    elected = [s for s, seat in ref.members_on(day).items() if seat == "elected"]
    assert len(elected) == (10 if year >= 1966 else 6)
    for state_id in elected:
        assert _role(ref, day, ref.states[state_id].name) == ("elected_member", state_id)


def test_other_states_keep_their_own_name(ref: Reference) -> None:
    assert _role(ref, "1980-03-01", "Czechoslovakia")[1] == "CSK"
    # the Federal Republic was "Germany" on the Council; the GDR is not its predecessor seat
    assert _role(ref, "1988-03-01", "Germany") == ("elected_member", "DEU")


def test_ingest_resolves_the_roles_of_new_speeches(tmp_path: Path) -> None:
    files = sorted((FIXTURES / "pipeline").glob("UNSC_2020_SPV.8703_spch*.txt"))
    with Project(tmp_path / "p.db") as project:
        report = project.ingest(files)
        assert report.ok, report.failures
        speeches = list(project.speeches())
        assert speeches and all(s["role"] is not None for s in speeches)
        runs = project.store.conn.execute(
            "SELECT count(*) FROM runs WHERE stage = 'actors'"
        ).fetchone()[0]
        again = project.ingest(files)  # nothing new: no new role run
        assert again.counts.get("unchanged") == len(files)
        assert (
            project.store.conn.execute(
                "SELECT count(*) FROM runs WHERE stage = 'actors'"
            ).fetchone()[0]
            == runs
        )
