"""What every output of a trace says beside each evidence item, computed once from the project.

:func:`annotate` gives each item of a ledger (weighed and corroborating):

* ``measured``: for each code its units carry, the code's measured precision and recall and
  whether it is validated, judged on the genre of each unit carrying it (a speech by the
  code's measurement on speeches, a report paragraph by its measurement on reports, when
  there is one: :meth:`normtrace.coding.validity.CodeValidity.for_text`), so an item resting
  on an unvalidated code says so in the table, the JSON, the saved ledger and the report;
* ``outside``: the units it cites whose document is dated before the case window's start or
  after its end. Such a unit is weighed (the analyst may have a reason: a mandate's history,
  a later account), but every output names it with its date beside the window: evidence
  from another time or another situation is not evidence about this case unless argued.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.units import unit_genres
from normtrace.store.db import Store
from normtrace.trace.ledger import EvidenceItem, Ledger, MeasuredError, OutsideWindow
from normtrace.trace.store_trace import CaseWindow, stored_units

#: a speech's key: ``S/PV.8703/s016`` (a corpus speech) or ``S/PV.8703/s002/p03`` (a paragraph
#: of a speech in a verbatim record); judged as a speech when the project lacks it
SPEECH_KEY = re.compile(r"^S/PV\.[^/]+/s\d+(/|$)")
#: the order in which an item's measurements on several genres are listed
GENRE_ORDER = ("speech", "report", "early", "")
#: how a measurement names the genre of the units it judges
GENRE_NAME = {"speech": "speech", "report": "report paragraph",
              "early": "resolution before 1999", "": "resolution or other"}  # fmt: skip


def annotate(
    ledger: Ledger, store: Store, window: CaseWindow, validity: Mapping[str, CodeValidity]
) -> Ledger:
    """``ledger`` with every item's :attr:`~EvidenceItem.measured` and
    :attr:`~EvidenceItem.outside` filled from ``store`` (``validity``: the project's
    measured error by code id, :func:`normtrace.coding.validity.project_validity`)."""
    every = (*ledger.items, *ledger.corroborating)
    keys = {u.key for item in every for u in item.units}
    genres = unit_genres(store, keys)
    dates = unit_dates(store, keys)

    def one(item: EvidenceItem) -> EvidenceItem:
        return replace(
            item,
            measured=measured_errors(item, validity, genres),
            outside=outside_window(item, dates, window),
        )

    return replace(
        ledger,
        items=tuple(one(i) for i in ledger.items),
        corroborating=tuple(one(i) for i in ledger.corroborating),
    )


def measured_errors(
    item: EvidenceItem, validity: Mapping[str, CodeValidity], genres: Mapping[str, str]
) -> tuple[MeasuredError, ...]:
    """One measurement per code the item's units carry and genre they are of (the same
    measurement once): the code's on that genre when it has one, else its own."""
    found: dict[str, set[str]] = {}
    for u in item.units:
        if u.code:
            genre = genres.get(u.key, "speech" if SPEECH_KEY.match(u.key) else "")
            found.setdefault(u.code, set()).add(genre)
    out: list[MeasuredError] = []
    for code, there in found.items():
        by_text: dict[str, tuple[list[str], CodeValidity]] = {}
        for genre in (g for g in GENRE_ORDER if g in there):
            where, v = validity.get(code, CodeValidity(code)).for_text(genre)
            by_text.setdefault(where + v.describe(), ([], v))[0].append(GENRE_NAME[genre])
        out += [
            MeasuredError(code, ", ".join(genres), v.precision, v.recall, v.n, v.validated, text)
            for text, (genres, v) in by_text.items()
        ]
    return tuple(out)


def outside_window(
    item: EvidenceItem, dates: Mapping[str, str], window: CaseWindow
) -> tuple[OutsideWindow, ...]:
    """The item's units dated before ``window.start`` or after ``window.end`` (an undated
    unit, or one the project lacks, is not judged)."""
    out = []
    for key in dict.fromkeys(u.key for u in item.units):
        date = dates.get(key, "")
        if date and date[:10] < window.start:
            out.append(OutsideWindow(key, date[:10], "before", window.start, window.end))
        elif date and date[:10] > window.end:
            out.append(OutsideWindow(key, date[:10], "after", window.start, window.end))
    return tuple(out)


def unit_dates(store: Store, keys: Iterable[str]) -> dict[str, str]:
    """The date of the current document holding each of ``keys`` (its own date, else its
    meeting's, as the case report dates documents), read with the unit's text by the one
    look-up of a unit key (:func:`normtrace.trace.store_trace.stored_units`); a key the
    project lacks, or an undated one, is absent."""
    return {key: unit.date for key, unit in stored_units(store, keys).items() if unit.date}


def item_lines(item: EvidenceItem) -> list[str]:
    """The lines a text output prints under the evidence table for an item: its codes'
    measured error (its units outside the case window are among the trace's notes:
    :meth:`normtrace.trace.case.CaseTrace.notes`)."""
    return [f"{item.id} measured error of {m.code}: {m.text}" for m in item.measured]
