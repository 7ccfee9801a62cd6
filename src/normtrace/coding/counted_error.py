"""The measured error a count carries: the measurement of each genre of text it counts.

A code's measurement (:class:`~normtrace.coding.measured_error.CodeValidity`, chosen by the
one rule of :mod:`normtrace.coding.validity`) is, as its headline, of resolutions from 1999
and other documents; a speech, a report paragraph or a paragraph of a resolution before 1999
is judged by the code's measurement on that genre when it has one
(:meth:`~normtrace.coding.measured_error.CodeValidity.for_text`), as a first use (``first``)
and the case report's evidence items are. A count covers the genres of the running text it
reads (a ``freq`` row: its group's, :attr:`~normtrace.coding.counts.FrequencyRow.genres`; the
workbench's code page: the project's), so it carries those genres' measurements and no other:
a count of report paragraphs carries the code's measurement on reports, not the headline.

Over several genres each is said (:func:`by_genre`: genres judged by one measurement named
together, in :data:`~normtrace.coding.count_groups.GENRE_ORDER`), and where one set of figures
must stand for the count (a CSV row's columns) it is the weakest (:func:`weakest`): an
unvalidated one before a validated one, then the lowest recall (none measured lowest), so that
a count is never shown validated when one of its genres is not.

>>> from normtrace.coding.measured_error import CodeValidity
>>> reports = CodeValidity("poc", precision=0.89, recall=0.41, n=1067, source="SYNTHETIC")
>>> v = CodeValidity("poc", precision=0.88, recall=0.86, n=1330, source="SYNTHETIC",
...                  reports=reports)
>>> [(m.names(), m.measured.recall) for m in by_genre(v, ["report"])]
[('report paragraphs', 0.41)]
>>> both = by_genre(v, ["report", ""])
>>> weakest(both).text()
'on reports: P 0.89 · R 0.41 · n 1067 — unvalidated: recall 0.41 < 0.7'
>>> said(both)[:68]
'on resolution and other paragraphs: P 0.88 · R 0.86 · n 1330; on rep'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from normtrace.coding.count_groups import in_order
from normtrace.coding.labelled_draw import GENRE_UNITS
from normtrace.coding.measured_error import CodeValidity

__all__ = ["GenreMeasurement", "alone", "by_genre", "said", "source_kind", "weakest"]


def alone(v: CodeValidity) -> CodeValidity:
    """``v`` without the measurements on other genres that
    :meth:`~normtrace.coding.measured_error.CodeValidity.describe` appends to it."""
    return replace(v, speeches=None, reports=None, early=None)


@dataclass(frozen=True)
class GenreMeasurement:
    """The measurement that judges a count's units of ``genres``."""

    #: how the measurement is named: ``""`` (the code's headline) or ``"on reports: "``
    where: str
    #: the genres of the count it judges (:func:`~normtrace.coding.units.genre`), in order
    genres: tuple[str, ...]
    measured: CodeValidity

    def names(self) -> str:
        """The genres it judges, as a note names their units: ``report paragraphs``."""
        return ", ".join(GENRE_UNITS[g] for g in self.genres)

    def text(self) -> str:
        """``on reports: P 0.89 · R 0.41 [0.28, 0.57] · n 1067 — unvalidated: ...``: its
        figures and flag, with no other genre's."""
        return self.where + alone(self.measured).describe()

    def flag(self) -> str:
        """Why it does not validate the code (``""`` when it does), named by its genre."""
        why = self.measured.flag()
        return f"{self.where}{why}" if why else ""


def by_genre(v: CodeValidity, genres: Iterable[str]) -> list[GenreMeasurement]:
    """The measurements of ``v`` that judge units of ``genres`` (none: the headline), one per
    measurement with the genres it judges, in genre order."""
    found: dict[str, tuple[list[str], CodeValidity]] = {}
    for genre in in_order(genres) or ("",):
        where, m = v.for_text(genre)
        found.setdefault(where, ([], m))[0].append(genre)
    return [GenreMeasurement(where, tuple(g), m) for where, (g, m) in found.items()]


def said(found: Sequence[GenreMeasurement]) -> str:
    """Every measurement of ``found`` in words (:meth:`GenreMeasurement.text`), the headline
    named by the genres it judges where another stands beside it."""
    if len(found) == 1:
        return found[0].text()
    return "; ".join(m.text() if m.where else f"on {m.names()}: {m.text()}" for m in found)


def weakest(found: Sequence[GenreMeasurement]) -> GenreMeasurement:
    """The measurement of ``found`` that stands for a count over all their genres: the first
    that does not validate the code with the lowest recall, else the lowest recall (a recall
    never measured is lowest)."""
    return min(found, key=lambda g: (g.measured.validated, _recall(g.measured)))


def _recall(v: CodeValidity) -> float:
    return -1.0 if v.recall is None else v.recall


def source_kind(v: CodeValidity) -> str:
    """Where a measurement comes from, in a word: ``bundled`` (the default codebook's
    estimates), ``draw`` (the weighted estimate of a recorded draw, ``code sample``),
    ``project run`` (a ``code validate`` run of the project), ``""`` (no measurement: never
    measured, no dictionary, or measured for another version of the codebook).

    >>> source_kind(CodeValidity("x", source="SYNTHETIC")), source_kind(CodeValidity("x"))
    ('bundled', '')
    """
    if not v.source:
        return ""
    if not v.level:  # a bundled measurement is of no level of the project's
        return "bundled"
    return "draw" if v.weighted else "project run"
