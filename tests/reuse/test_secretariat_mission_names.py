"""`normtrace secretariat MISSION` finds a mission whatever its case, and a name it does not
know is named with the missions the project's resolutions decide.

A new user typed ``Minustah`` and was told to "ingest the resolutions of 2004-2005" that
were ingested; ``MINUSTA`` (a typo) got "ingest the resolutions of 1946-9999". Real texts:
S/RES/1542 (2004) (MINUSTAH) and S/RES/1925 (2010), 1991 (2011) (MONUSCO).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_resolution

from normtrace.errors import NotFoundError
from normtrace.reuse.secretariat import secretariat_series, stored_missions
from normtrace.store.db import Store


@pytest.fixture(scope="module")
def store(fixtures_dir: Path) -> Store:
    project = Store.open(":memory:")
    for name in ("S-RES-1542(2004).txt", "S-RES-1991(2011).txt", "S-RES-2053(2012).txt"):
        add_resolution(project, fixtures_dir / "reuse" / name)
    return project


def test_a_mission_is_found_whatever_its_case(store: Store) -> None:
    series = secretariat_series(store, "Minustah", since=2004, until=2005)
    assert [(s.resolution, s.mission) for s in series] == [("S/RES/1542 (2004)", "MINUSTAH")]
    assert [s.resolution for s in secretariat_series(store, "monusco")] == [
        "S/RES/1991 (2011)",
        "S/RES/2053 (2012)",
    ]


def test_an_unknown_mission_is_named_with_the_known_ones(store: Store) -> None:
    assert list(stored_missions(store)) == ["MINUSTAH", "MONUSCO"]
    with pytest.raises(NotFoundError) as err:
        secretariat_series(store, "MINUSTA")
    message = str(err.value)
    assert "'MINUSTA'" in message and "(nearest: MINUSTAH)" in message
    assert message.endswith("the missions the project's resolutions decide: MINUSTAH, MONUSCO")
    assert "1946" not in message and "9999" not in message


def test_a_known_mission_outside_the_years_says_when_its_mandates_are(store: Store) -> None:
    with pytest.raises(NotFoundError) as err:
        secretariat_series(store, "minustah", since=2010, until=2011)
    message = str(err.value)
    assert "'MINUSTAH (2010-2011)'" in message
    assert "its stored mandate resolutions date from 2004 to 2004" in message
