"""A recorded draw's weighted estimate as a code's measured error: when the ``code validate``
run :mod:`normtrace.coding.validity` takes a code's measurement from holds the weighted
estimate of a draw of the code (``code sample``; :class:`~normtrace.coding.draw_estimate.
DrawScore`) whose every unit was labelled, that estimate is the run's measurement of the code,
in place of its figures over the labelled units, which overstate recall when the draw took
many of its units from the dictionary's hits. Its figures, intervals, ``n`` (every unit of the
draw: the units drawn and the census of those labelled before it) and positives are the
draw's, as ``code validate`` prints them; its source names the draw and its population. A
draw not labelled through when the run read it (or recorded with a stratum none of whose units
was drawn) gives none: the run's figures over its labelled units stand, their source naming
the newest such draw; an older draw labelled through still gives the estimate, the newer one
named beside it. The run is the one the rule chose: at the level counted when one labelled
the code; else the run at the other level, whose draw is of that level's targets (its source
says so, as it does for the run's figures).

Genres. A draw's population is the project's running text of every genre at its level; each
group (hits, others) is split into strata by genre (``main``, ``speech``, ``report``,
``early``) when every genre gets its floor, else it is one stratum
(:mod:`normtrace.coding.sample_draw`). The stored estimate pools the strata: it is one figure
for all the genres the draw covers, not one per genre. The genres it covers are those of its
genre strata, of its units, and, when a group was one stratum (its genres not recorded), every
genre the project holds (:func:`~normtrace.coding.units.project_genres`). So:

* a draw over one genre measures that genre: resolutions from 1999 and other documents
  (``main``) the headline; speeches, report paragraphs or resolutions before 1999 the code's
  measurement on that genre (``CodeValidity.speeches``, ``reports``, ``early``), the headline
  left as the rule made it;
* a draw over several genres is the headline (the measurement for resolutions and other
  documents, and for every genre without a measurement of its own), its source naming the
  genres it pools with their populations where the strata give them; the measurements on
  speeches, reports and older resolutions stay as the rule made them (the run's score on the
  labelled units of the genre, or the bundled estimate). An estimate per genre from the genre
  strata would need the run to store one; a pooled one is not one of them.

A draw is a probability sample, not units chosen: it is never set aside as chosen
(:func:`~normtrace.coding.labelled_draw.standing` with no note). It replaces a bundled estimate
(shown beside) when it rests on at least ``MIN_LABELLED`` units; on fewer the bundled estimate
stands with the draw's set aside beside it, and with no bundled estimate the draw's stands,
flagged by the usual thresholds on its own figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from normtrace.coding.labelled_draw import GENRE_UNITS, standing
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import CENSUS, Draw, draws
from normtrace.coding.units import project_genres, unit_genres
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.draw_estimate import DrawScore
    from normtrace.coding.learn.validate import Validation

__all__ = [
    "GENRE_FIELDS", "DrawEstimates", "draw_measurement", "draw_source", "estimate_of", "unusable",
]  # fmt: skip

#: genre -> the field of :class:`CodeValidity` holding the code's measurement on it
GENRE_FIELDS = {"speech": "speeches", "report": "reports", "early": "early"}
#: a stratum's genre name (``sample_draw.GENRE_NAMES``' values) -> the genre
_GENRE_OF_NAME = {"main": "", "speech": "speech", "report": "report", "early": "early"}


def estimate_of(run: Validation, code: str) -> tuple[DrawScore | None, DrawScore | None]:
    """``run``'s draw estimate of ``code`` that can stand (every unit labelled, every stratum
    drawn from: ``DrawScore.estimable``), else ``None``; and the newest draw of the code it
    holds that cannot, when that one is newer than the estimate (else ``None``)."""
    found = [d for d in run.draw_scores if d.code == code]
    used = next((d for d in found if d.estimable), None)
    newer = found[0] if found and found[0] is not used else None
    return used, newer


def unusable(d: DrawScore, run: Validation) -> str:
    """A source's note saying why ``d`` gives no estimate."""
    if d.unsampled:
        names = ", ".join(s.name for s in d.unsampled)
        return (f"; draw {d.draw} gives no weighted estimate: none of its stratum {names} was "
                "drawn")  # fmt: skip
    return (f"; draw {d.draw} was not labelled through when validation run {run.run_id} read it "
            f"({d.coded} of its {d.targets} {d.level}s labelled for {d.code}), so its weighted "
            "estimate is not used")  # fmt: skip


def draw_source(d: DrawScore, level: str, genres: set[str]) -> str:
    """What the measurement of draw ``d`` covering ``genres`` is, for a source: ``the weighted
    estimate of draw 3 (seed 5) over the 300 running-text units the project held when it was
    drawn, pooling resolution and other paragraphs 197, report paragraphs 100 and 3 labelled
    before, from its 33 labelled units (30 drawn, 3 labelled before it) weighted by inverse
    inclusion probability`` (a draw over one genre: ``..., all report paragraphs, ...``)."""
    census = sum(s.sampled for s in d.strata if s.name == CENSUS)
    by_genre: Counter[str] = Counter()
    for s in d.strata:
        if s.name != CENSUS:
            by_genre[_GENRE_OF_NAME.get(s.name.partition(":")[2], "?")] += s.population
    if len(genres) == 1:
        mix = f", all {GENRE_UNITS[next(iter(genres))]}"
    elif "?" not in by_genre and set(by_genre) == genres:  # the strata give each genre's size
        mix = ", pooling " + ", ".join(
            f"{GENRE_UNITS[g]} {n:,}" for g, n in sorted(by_genre.items())
        )
        mix += f" and {census} labelled before" if census else ""
    else:
        mix = ", pooling " + ", ".join(GENRE_UNITS[g] for g in sorted(genres))
    before = f", {census} labelled before it" if census else ""
    note = f"; {d.note}" if d.note else ""
    return (f"the weighted estimate of draw {d.draw} (seed {d.seed}) over the {d.population:,} "
            f"running-text {level}s the project held when it was drawn{mix}, from its "
            f"{d.coded} labelled {level}s ({d.coded - census} drawn{before}) weighted by "
            f"inverse inclusion probability{note}")  # fmt: skip


def draw_measurement(run: Validation, d: DrawScore, source: str) -> CodeValidity:
    """Draw ``d``'s estimate (of ``run``) as a measurement: its weighted figures and intervals,
    every unit of the draw behind them (``n``) and the positives among them."""
    return CodeValidity(
        d.code, precision=d.precision, recall=d.recall, n=d.coded, source=source,
        precision_low=d.precision_low, precision_high=d.precision_high,
        recall_low=d.recall_low, recall_high=d.recall_high,
        positives=sum(s.positives for s in d.strata), level=run.level, weighted=True,
    )  # fmt: skip


class DrawEstimates:
    """The draws of one codebook's runs as measurements (the module doc): the draws read once,
    the project's genres once."""

    def __init__(self, store: Store, codebook: str) -> None:
        self._store, self._codebook = store, codebook
        self._draws: dict[int, Draw] | None = None
        self._held: set[str] | None = None

    def genres(self, d: DrawScore) -> set[str]:
        """The genres draw ``d`` covers (the module doc)."""
        if self._draws is None:
            self._draws = {x.id: x for x in draws(self._store, self._codebook)}
        found = self._draws.get(d.draw)
        if found is None:  # never for a recorded draw (append-only): all the project holds
            return self._project()
        out = {s.genre for s in found.strata if s.hit is not None and s.genre is not None}
        out |= set(unit_genres(self._store, found.units).values())
        if any(s.hit is not None and s.genre is None for s in found.strata):
            out |= self._project()  # a group kept whole: its genres were not recorded
        return out or {""}

    def _project(self) -> set[str]:
        if self._held is None:
            self._held = project_genres(self._store)
        return self._held

    def measured(self, run: Validation, code: str, head: str) -> CodeValidity | None:
        """``run``'s draw estimate of ``code`` as a measurement whose source opens with
        ``head`` (the run as the rule names it), or ``None`` when the run holds none that
        stands; a newer draw that gives none is named in its source."""
        found = self._measured(run, code, head)
        return None if found is None else found[0]

    def _measured(
        self, run: Validation, code: str, head: str
    ) -> tuple[CodeValidity, set[str]] | None:
        used, newer = estimate_of(run, code)
        if used is None:
            return None
        genres = self.genres(used)
        what = draw_source(used, run.level, genres)
        tail = "" if newer is None else unusable(newer, run)
        return draw_measurement(run, used, f"{head}, {what}{tail}"), genres

    def of(
        self, run: Validation, v: CodeValidity, head: str, tail: str,
        bundled: CodeValidity | None,
    ) -> CodeValidity:  # fmt: skip
        """``v`` (the rule's measurement of a code from ``run``, its genres' beside it; ``head``:
        how its source names the run, ``tail``: the notes after it; ``bundled``: the bundled
        measurement of the code) with ``run``'s draw estimate in its place, or on its genre,
        by the module doc; without one that stands, ``v`` with the newest draw that gives none
        named in its source."""
        found = self._measured(run, v.code, head)
        if found is None:
            _, newer = estimate_of(run, v.code)
            return v if newer is None else replace(v, source=v.source + unusable(newer, run))
        own, genres = replace(found[0], source=found[0].source + tail), found[1]
        field = GENRE_FIELDS.get(next(iter(genres))) if len(genres) == 1 else None
        if field is not None:  # a draw over speeches, reports or older resolutions only
            there = None if bundled is None else getattr(bundled, field)
            held = standing(own, there, "")
            if field == "speeches":
                return replace(v, speeches=held)
            return replace(v, reports=held) if field == "reports" else replace(v, early=held)
        return replace(standing(own, bundled, ""), speeches=v.speeches, reports=v.reports,
                       early=v.early)  # fmt: skip
