"""A resolution's date checked against the bundled UN Library meeting index at ingest (real
texts in tests/fixtures/dates: a misread year, a wrong year in the file name, no date)."""

from __future__ import annotations

from pathlib import Path

from normtrace.ingest.source import read_source
from normtrace.pipeline import parse_source

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "dates"


def _parsed(name: str):  # type: ignore[no-untyped-def]
    document, _ = parse_source(read_source(FIX / name))
    return document


def test_a_misread_year_takes_the_index_date() -> None:
    doc = _parsed("S-RES-48(1948).txt")  # the text: "Resolution of 23 April 1943"
    assert (doc.symbol, doc.date, doc.year) == ("S/RES/48 (1948)", "1948-04-23", 1948)
    assert doc.meta["date_source"] == "library_index" and doc.meta["text_date"] == "1943-04-23"
    assert any("meeting index dates it 1948-04-23 (taken)" in w for w in doc.warnings)
    assert not any(w.startswith("date 1943-04-23 disagrees") for w in doc.warnings)


def test_a_wrong_year_in_the_symbol_is_named_not_changed() -> None:
    doc = _parsed("S-RES-231(1965).txt")  # resolution 231 (1966) of 15 December 1966
    assert (doc.symbol, doc.date) == ("S/RES/231 (1965)", "1966-12-15")
    assert "date_source" not in doc.meta or doc.meta["date_source"] != "library_index"
    assert any("lists this resolution as S/RES/231 (1966)" in w for w in doc.warnings)


def test_a_resolution_without_a_date_takes_its_meeting_date() -> None:
    doc = _parsed("S-RES-129(1958).txt")  # "7 August I958"
    assert (doc.date, doc.year, doc.meta["date_source"]) == ("1958-08-07", 1958, "library_index")
    assert any("no date in the text" in w for w in doc.warnings)


def test_a_date_that_agrees_with_its_symbol_is_left_alone() -> None:
    doc = _parsed("S-RES-1454(2002).txt")
    assert doc.date == "2002-12-30" and doc.meta.get("date_source") != "library_index"
    assert not any("meeting index" in w for w in doc.warnings)


def test_a_number_the_index_lists_twice_settles_nothing() -> None:
    from normtrace.actors.meetings_index import _adoptions

    # the bundled index lists S/RES/701 (1991) at its own meeting and at the one that adopted
    # 695: no date can be taken from it
    found = _adoptions()
    assert 701 not in found and 48 in found
