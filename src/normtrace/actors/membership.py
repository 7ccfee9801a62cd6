"""Council membership by year and the monthly presidency.

Rule 18 of the Council's provisional rules of procedure: "The presidency of
the Security Council shall be held in turn by the members of the Security
Council in the English alphabetical order of their names. Each President shall
hold office for one calendar month." :func:`presiding_state` walks that
rotation forward from a documented anchor (January 1992: the United Kingdom,
which chaired the summit of 31 January 1992, S/PV.3046) and is only used for
1992–2026; it reproduces the record at the checked points (tests). The walk
only runs forward because membership changes on 1 January make the backward
step ambiguous. A verbatim record's page 1 always wins over it.

>>> from normtrace.actors.reference import load_reference
>>> presiding_state(load_reference(), 2020, 2)
'BEL'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from normtrace.actors.reference import Reference

ANCHOR = (1992, 1, "GBR")
ROTATION_YEARS = (1992, 2026)


@dataclass(frozen=True)
class YearCheck:
    """Membership counts of one year (on 1 July) and any problem found."""

    year: int
    permanent: int
    elected: int
    problems: tuple[str, ...]


def _sorted_members(ref: Reference, year: int, month: int) -> list[str]:
    members = ref.members_on(date(year, month, 15))
    return sorted(members, key=lambda sid: ref.states[sid].name.casefold())


def _step(ref: Reference, year: int, month: int, current: str) -> tuple[int, int, str]:
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    order = _sorted_members(ref, year, month)
    name = ref.states[current].name.casefold()
    after = [s for s in order if ref.states[s].name.casefold() > name]
    return year, month, (after[0] if after else order[0])


def presiding_state(ref: Reference, year: int, month: int) -> str | None:
    """The state holding the presidency in ``year``/``month`` by rule 18, or ``None``.

    ``None`` outside 1992–2026, where the rotation has not been checked.
    """
    if not ROTATION_YEARS[0] <= year <= ROTATION_YEARS[1]:
        return None
    table = ref.cache.get("presidency")
    if not isinstance(table, dict):
        table = presidency_table(ref)
        ref.cache["presidency"] = table
    return table.get((year, month))


def presidency_table(ref: Reference) -> dict[tuple[int, int], str]:
    """``{(year, month): state id}`` by rule 18 for 1992–2026."""
    y, m, state = ANCHOR
    table = {}
    while y <= ROTATION_YEARS[1]:
        table[(y, m)] = state
        y, m, state = _step(ref, y, m, state)
    return table


def check_year(ref: Reference, year: int) -> YearCheck:
    """Count permanent and elected members on 1 July of ``year`` and note problems."""
    members = ref.members_on(date(year, 7, 1))
    permanent = sum(1 for seat in members.values() if seat == "permanent")
    elected = sum(1 for seat in members.values() if seat == "elected")
    expected = 10 if year >= 1966 else 6
    problems = []
    if permanent != 5:
        problems.append(f"{permanent} permanent members, expected 5")
    if elected != expected:
        problems.append(f"{elected} elected members, expected {expected}")
    return YearCheck(year, permanent, elected, tuple(problems))


def irregular_terms(ref: Reference) -> list[tuple[str, int, int, str]]:
    """Elected terms that are not two calendar years: ``(state, start, end, exception)``."""
    out = []
    for term in ref.terms:
        if term.seat != "elected":
            continue
        if term.end.year - term.start.year != 1:
            out.append((term.state_id, term.start.year, term.end.year, term.exception))
    return out
