"""Adoption dates: misprinted adoption lines; dates later in the adoption sentence (real texts)."""

from __future__ import annotations

from pathlib import Path

from normtrace.ingest.text import read_text
from normtrace.parse.resolution import parse_resolution

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "dates"


def _parse(name: str, symbol: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    doc = parse_resolution(read_text(FIX / name).text, symbol=symbol)
    return doc.date, doc.meeting, doc.warnings


def test_misprinted_year_in_adoption_line_yields_to_distribution_date() -> None:
    # The UN text prints "at its 3835th meeting, on 21 November 1987" for a 1997 resolution.
    date, meeting, warnings = _parse("S-RES-1139(1997).txt", "S/RES/1139 (1997)")
    assert (date, meeting) == ("1997-11-21", "S/PV.3835")
    assert any("prints 1987-11-21" in w for w in warnings)


def test_date_after_the_vote_in_the_adoption_sentence() -> None:
    date, meeting, _ = _parse("S-RES-1454(2002).txt", "S/RES/1454 (2002)")
    assert (date, meeting) == ("2002-12-30", "S/PV.4683")
