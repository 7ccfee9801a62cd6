"""Council membership 1946-2026: counts, term lengths with named exceptions, presidency."""

from __future__ import annotations

from datetime import date

import pytest

from normtrace.actors.membership import check_year, irregular_terms, presiding_state
from normtrace.actors.reference import Reference, load_reference

# Every elected term that is not two calendar years, as the record has it (see
# data/reference/README.md): (state, first year, last year, exception name).
DOCUMENTED_EXCEPTIONS = {
    ("EGY", 1946, 1946, "first-council-one-year-1946"),
    ("MEX", 1946, 1946, "first-council-one-year-1946"),
    ("NLD", 1946, 1946, "first-council-one-year-1946"),
    ("YUG", 1956, 1956, "split-term-1956-1957"),
    ("PHL", 1957, 1957, "split-term-1956-1957"),
    ("POL", 1960, 1960, "split-term-1960-1961"),
    ("TUR", 1961, 1961, "split-term-1960-1961"),
    ("LBR", 1961, 1961, "split-term-1961-1962"),
    ("IRL", 1962, 1962, "split-term-1961-1962"),
    ("ROU", 1962, 1962, "split-term-1962-1963"),
    ("PHL", 1963, 1963, "split-term-1962-1963"),
    ("CSK", 1964, 1964, "split-term-1964-1965"),
    ("MYS", 1965, 1965, "split-term-1964-1965"),
    ("NZL", 1966, 1966, "enlargement-one-year-1966"),
    ("UGA", 1966, 1966, "enlargement-one-year-1966"),
    ("ITA", 2017, 2017, "split-term-2017-2018"),
    ("NLD", 2018, 2018, "split-term-2017-2018"),
}


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.mark.parametrize("year", range(1946, 2027))
def test_five_permanent_and_right_number_elected(ref: Reference, year: int) -> None:
    check = check_year(ref, year)
    assert check.permanent == 5
    assert check.elected == (10 if year >= 1966 else 6)
    assert check.problems == ()


def test_every_day_of_a_seat_change_year_has_five_permanent(ref: Reference) -> None:
    for day in (date(1971, 10, 24), date(1971, 10, 25), date(1991, 12, 23), date(1991, 12, 24)):
        seats = ref.members_on(day)
        assert sum(1 for s in seats.values() if s == "permanent") == 5, day
    assert "ROC" in ref.members_on(date(1971, 10, 24))
    assert "CHN" in ref.members_on(date(1971, 10, 25))
    assert "SUN" in ref.members_on(date(1991, 12, 23))
    assert "RUS" in ref.members_on(date(1991, 12, 24))


def test_elected_terms_are_two_years_except_documented_ones(ref: Reference) -> None:
    assert set(irregular_terms(ref)) == DOCUMENTED_EXCEPTIONS


def test_no_state_serves_twice_at_once(ref: Reference) -> None:
    for year in range(1946, 2027):
        day = date(year, 7, 1)
        ids = [t.state_id for t in ref.terms_on(day)]
        assert len(ids) == len(set(ids)), year


def test_members_2020_split_permanent_and_elected(ref: Reference) -> None:
    members = ref.members_on("2020-01-15")
    permanent = {s for s, seat in members.items() if seat == "permanent"}
    elected = {s for s, seat in members.items() if seat == "elected"}
    assert permanent == {"CHN", "FRA", "RUS", "GBR", "USA"}
    assert elected == {"BEL", "DOM", "DEU", "IDN", "ZAF", "EST", "NER", "VCT", "TUN", "VNM"}


def test_india_not_cote_divoire_in_1992(ref: Reference) -> None:
    # ../shared lists Cote d'Ivoire for 1991-1992; the UN list has India.
    assert ref.seat_on("IND", "1992-06-01") == "elected"
    assert ref.seat_on("CIV", "1992-06-01") is None
    assert ref.seat_on("CIV", "1991-06-01") == "elected"


@pytest.mark.parametrize(
    ("year", "month", "state"),
    [
        (1992, 1, "GBR"),  # summit of 31 January 1992
        (2000, 10, "NAM"),  # resolution 1325 (2000)
        (2004, 4, "DEU"),  # resolution 1542 (2004)
        (2005, 9, "PHL"),  # summit, resolution 1624 (2005)
        (2009, 9, "USA"),  # summit, resolution 1887 (2009)
        (2013, 8, "ARG"),
        (2014, 4, "NGA"),
        (2020, 1, "VNM"),  # S/PV.8698 page 1
        (2020, 2, "BEL"),
        (2020, 3, "CHN"),
        (2022, 2, "RUS"),
        (2023, 1, "JPN"),
    ],
)
def test_rule_18_rotation_matches_record(ref: Reference, year: int, month: int, state: str) -> None:
    assert presiding_state(ref, year, month) == state


def test_rotation_not_derived_outside_checked_years(ref: Reference) -> None:
    assert presiding_state(ref, 1980, 5) is None
