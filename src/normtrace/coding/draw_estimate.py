"""A dictionary's precision, recall and F1 on a project's units, estimated from a recorded
draw (:mod:`normtrace.coding.sample_draw`) once its targets are labelled: what
``code validate`` adds beside its scores over every labelled target.

Each target of the draw counts with its stratum's weight, the inverse of its inclusion
probability (``population / sampled``; 1 in the census of targets labelled before the draw),
so a hit stratum sampled heavily does not make the dictionary look better than it is on the
project: :func:`normtrace.coding.weighted.weighted_estimate`, the estimator of the bundled
check samples, with its intervals made with ``boundary``
(:data:`~normtrace.coding.weighted.BOUNDARY_INTERVAL_METHOD`: a stratum of non-hits drawn
without a miss may hold none, so an interval no longer ends at its estimate where Jeffreys'
half miss there pulled every draw below it; a run stored before keeps its intervals and says
how they were made, ``DrawScore.interval_method``).
The estimate is of the running-text targets the project held when the draw was made.

A draw is used only when every one of its targets is labelled for its code now (a target a
coder has not yet labelled would have to be guessed); until then its line says how many are.
Per code, the newest draw at the run's level is reported; when it is not yet labelled through,
the newest one that is gives the estimate, beside it. A draw with a stratum of targets none of
which was drawn (recorded before ``code sample`` refused such draws) gives no estimate: its
line says which stratum it cannot stand for.

When the codebook scored is not the version whose hits set the strata, a stratum of misses may
hold hits of the new version none of which was drawn, so no sampled stratum's true and false
positives are held at none (``coded_none_fixed=False`` of
:func:`~normtrace.coding.weighted.weighted_estimate`): the intervals lose that gain of the
stratification, and the note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from normtrace.coding.sample_draw import CENSUS, Draw, draws
from normtrace.coding.units import unit_genres
from normtrace.coding.weighted import (
    BOUNDARY_INTERVAL_METHOD,
    WeightedFrameScore,
    weighted_estimate,
)
from normtrace.store.db import Store

__all__ = ["DrawScore", "GenreEstimate", "StratumCount", "WeightedFigures", "draw_genres",
           "draw_scores", "estimate_draw"]  # fmt: skip


@dataclass(frozen=True)
class StratumCount:
    """One stratum of a draw as a validation found it: its population, the targets drawn, how
    many of them are labelled for the code now, and among those the positives and the targets
    the dictionary codes (unweighted)."""

    name: str
    population: int
    sampled: int
    coded: int
    positives: int = 0
    hits: int = 0

    @property
    def unsampled(self) -> bool:
        """The stratum holds targets none of which was drawn: no estimate stands for it."""
        return self.population > 0 and self.sampled == 0


@dataclass(frozen=True, kw_only=True)
class WeightedFigures:
    """A weighted estimate's figures: precision, recall and F1 with their 95 % intervals, and
    the weighted counts of true positives, false positives and false negatives (``None``
    where undefined or not yet estimated): a draw's pooled estimate and each genre's."""

    precision: float | None = None
    precision_low: float | None = None
    precision_high: float | None = None
    recall: float | None = None
    recall_low: float | None = None
    recall_high: float | None = None
    f1: float | None = None
    f1_low: float | None = None
    f1_high: float | None = None
    tp: float | None = None
    fp: float | None = None
    fn: float | None = None


@dataclass(frozen=True)
class GenreEstimate(WeightedFigures):
    """A draw's estimate on the units of one genre (:func:`~normtrace.coding.units.genre`:
    ``""`` resolutions from 1999 and other documents, ``speech``, ``report``, ``early``): a
    domain estimate, the draw's rows of the genre with their own weights. Its strata are
    hit/no-hit by genre, so these rows are a stratified sample of the genre; a group kept
    whole (one stratum over several genres) gives its rows of the genre its weight, which
    still estimates the genre, with a population estimated (``exact`` false)."""

    genre: str
    #: the draw's labelled units of the genre (drawn and census) and the positives among them
    coded: int
    positives: int
    #: the genre's running-text units the draw stands for (the sum of its rows' weights)
    population: int
    #: the population is the strata's own (every row of a genre stratum or of the census)
    exact: bool
    census: int = 0


@dataclass(frozen=True)
class DrawScore(WeightedFigures):
    """The weighted estimate of one code's dictionary from one draw (figures ``None`` while
    the draw is not labelled through: :attr:`complete`)."""

    code: str
    draw: int
    seed: int
    level: str
    made_at: str
    #: the codebook version whose dictionary run set the strata
    strata_version: str
    #: the running-text targets the draw stands for (census and frame)
    population: int
    strata: list[StratumCount]
    #: precision and recall of the same targets unweighted (what the draw's rows say alone)
    unweighted_precision: float | None = None
    unweighted_recall: float | None = None
    #: how its intervals were made (a run stored before ``boundary`` says it was not)
    interval_method: str = BOUNDARY_INTERVAL_METHOD
    note: str = ""
    #: the estimate on each genre the draw's units hold (:class:`GenreEstimate`); empty in a
    #: run stored before they were made, or while the draw gives no estimate
    by_genre: list[GenreEstimate] = field(default_factory=list)

    def genre(self, name: str) -> GenreEstimate | None:
        """The estimate on genre ``name``, if the run stored one."""
        return next((g for g in self.by_genre if g.genre == name), None)

    @property
    def targets(self) -> int:
        return sum(s.sampled for s in self.strata)

    @property
    def coded(self) -> int:
        return sum(s.coded for s in self.strata)

    @property
    def complete(self) -> bool:
        """Every target of the draw is labelled for the code."""
        return self.coded == self.targets

    @property
    def unsampled(self) -> list[StratumCount]:
        """The strata holding targets none of which was drawn (the draw can estimate nothing
        of the project's targets while any is)."""
        return [s for s in self.strata if s.unsampled]

    @property
    def estimable(self) -> bool:
        """Every target is labelled and every stratum holding targets was drawn from."""
        return self.complete and not self.unsampled

    def line(self) -> str:
        """The draw's estimate, or how far its labelling is, or why it gives none, in one
        line."""
        at = (f"draw {self.draw} ({self.level} level, seed {self.seed}, strata of version "
              f"{self.strata_version})")  # fmt: skip
        if self.unsampled:
            left = ", ".join(f"{s.name} ({s.population:,} targets)" for s in self.unsampled)
            return (f"{at}: its estimate cannot be made: none of stratum {left} was drawn, so "
                    f"it stands for none of them; draw again with `normtrace code sample` "
                    "(it refuses a draw that leaves a stratum out)")  # fmt: skip
        if not self.complete:
            return (f"{at}: {self.coded} of its {self.targets} targets are labelled for "
                    f"{self.code}; its weighted estimate comes when all are"
                    + (f"; {self.note}" if self.note else ""))  # fmt: skip
        strata = ", ".join(f"{s.name} {s.coded} of {s.population} ({_weight(s)})"
                           for s in self.strata)  # fmt: skip
        return (
            f"{at}, weighted by inverse inclusion probability over the {self.population:,} "
            f"running-text {self.level}s the project held when it was drawn: precision "
            f"{_fig(self.precision, self.precision_low, self.precision_high)}, recall "
            f"{_fig(self.recall, self.recall_low, self.recall_high)}, F1 "
            f"{_fig(self.f1, self.f1_low, self.f1_high)} (unweighted on its {self.coded} "
            f"targets: precision {_fig(self.unweighted_precision)}, recall "
            f"{_fig(self.unweighted_recall)}); coded per stratum: {strata}; intervals: "
            f"{self.interval_method}"
            + (f"; {self.note}" if self.note else "")
            + self._genres_line()
        )

    def _genres_line(self) -> str:
        """The estimate on each genre, when the draw's units hold more than one."""
        if len(self.by_genre) < 2:
            return ""
        from normtrace.coding.labelled_draw import GENRE_UNITS

        return "; on each genre (its units of the genre, their weights): " + "; ".join(
            f"{GENRE_UNITS.get(g.genre, g.genre)} ({g.coded} units, of "
            f"{'' if g.exact else 'about '}{g.population:,}): precision "
            f"{_fig(g.precision, g.precision_low, g.precision_high)}, recall "
            f"{_fig(g.recall, g.recall_low, g.recall_high)}"
            for g in self.by_genre
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "targets": self.targets, "coded": self.coded,
                "complete": self.complete, "estimable": self.estimable,
                "line": self.line()}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DrawScore:
        """A score as :meth:`to_dict` (or ``asdict``) stored it."""
        names = set(cls.__dataclass_fields__)
        kept = {k: v for k, v in data.items() if k in names}
        kept["strata"] = [StratumCount(**s) for s in data.get("strata", [])]
        genre_names = set(GenreEstimate.__dataclass_fields__)
        kept["by_genre"] = [GenreEstimate(**{k: v for k, v in g.items() if k in genre_names})
                            for g in data.get("by_genre", [])]  # fmt: skip
        return cls(**kept)


def _weight(s: StratumCount) -> str:
    if not s.sampled:
        return "none drawn"
    return "census" if s.sampled == s.population else f"weight {s.population / s.sampled:.3g}"


def _fig(x: float | None, low: float | None = None, high: float | None = None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}" if low is None or high is None else f"{x:.2f} [{low:.2f}, {high:.2f}]"


def estimate_draw(
    draw: Draw,
    truth: Mapping[str, int],
    predicted: Mapping[str, int],
    *,
    version: str = "",
    genres: Mapping[str, str] | None = None,
) -> DrawScore:
    """``draw``'s weighted estimate of its code's dictionary from the labels ``truth``
    (target → 1 or 0, the code's labelled targets now) and the dictionary's ``predicted``
    (target → 1 or 0, for the labelled targets); the figures only when every target of the
    draw is in both and every stratum holding targets was drawn from. ``version``: the codebook
    version scored, when it is not the one whose hits set the strata (its intervals then hold
    no sampled stratum's true and false positives at none; said in the note).

    A hand-computed case (SYNTHETIC): 4 hits, 2 drawn (weight 2), both right; 96 others, 8
    drawn (weight 12), one a miss; and a census of 2 labelled before, one hit wrong. Weighted:
    tp 2·2 = 4, fp 1, fn 12, so precision 4/5 and recall 4/16.

    >>> from normtrace.coding.sample_draw import Stratum
    >>> units = {"h1": "hit", "h2": "hit", "c1": "labelled", "c2": "labelled"}
    >>> units |= {f"m{i}": "nohit" for i in range(8)}
    >>> d = Draw(1, 1, "", "synth", "v1", 1, "x", "unit", 7, 10, 0.2,
    ...          (Stratum("hit", True, None, 4, 2), Stratum("nohit", False, None, 96, 8),
    ...           Stratum("labelled", None, None, 2, 2)), units)
    >>> truth = {k: int(k in ("h1", "h2", "m0")) for k in units}
    >>> got = {k: int(k.startswith("h") or k == "c1") for k in units}
    >>> s = estimate_draw(d, truth, got)
    >>> (s.tp, s.fp, s.fn, s.precision, s.recall, s.population)
    (4.0, 1.0, 12.0, 0.8, 0.25, 102)
    >>> round(s.unweighted_precision or 0, 4), round(s.unweighted_recall or 0, 4)
    (0.6667, 0.6667)
    """
    covered = {k for k in draw.units if k in truth and k in predicted}
    counts = [
        StratumCount(
            s.name, s.population, s.sampled,
            coded=sum(1 for k, h in draw.units.items() if h == s.name and k in covered),
            positives=sum(truth[k] for k, h in draw.units.items() if h == s.name and k in covered),
            hits=sum(predicted[k] for k, h in draw.units.items() if h == s.name and k in covered),
        )
        for s in draw.strata
    ]  # fmt: skip
    note = ""
    changed = bool(version) and version != draw.codebook_version
    if changed:
        note = (f"the dictionary scored is version {version}'s, not the version whose hits set "
                "the strata: the weights still hold (they are the draw's), but a stratum may "
                "hold this version's hits none of which was drawn, so the intervals hold no "
                "sampled stratum's true or false positives at none and lose that gain of the "
                "stratification; draw again for intervals stratified on this version's "
                "hits")  # fmt: skip
    out = DrawScore(draw.code, draw.id, draw.seed, draw.level, draw.made_at,
                    draw.codebook_version, draw.population, counts, note=note)  # fmt: skip
    if not out.estimable:
        return out
    rows = [{"key": k, "stratum": h, "weight": draw.stratum(h).weight,
             "frames": [draw.code] if truth[k] else [], "got": [draw.code] if predicted[k] else []}
            for k, h in draw.units.items()]  # fmt: skip
    s = weighted_estimate(rows, (draw.code,), coded_none_fixed=not changed,
                          boundary=True)[draw.code]  # fmt: skip
    tp = sum(1 for k in draw.units if truth[k] and predicted[k])
    found, positives = sum(predicted[k] for k in draw.units), sum(truth[k] for k in draw.units)
    by_genre = [] if genres is None else _by_genre(draw, rows, genres, changed)
    return replace(
        out, **_figures(s),
        unweighted_precision=tp / found if found else None,
        unweighted_recall=tp / positives if positives else None, by_genre=by_genre,
    )  # fmt: skip


def _figures(s: WeightedFrameScore) -> dict[str, Any]:
    """A weighted score's :class:`WeightedFigures`: precision, recall and F1 with their
    intervals (``None`` where undefined: no row coded, no positive) and its counts."""
    p, r = s.tp + s.fp > 0, s.tp + s.fn > 0
    return {
        "precision": s.precision if p else None,
        "precision_low": s.precision_95ci[0] if p else None,
        "precision_high": s.precision_95ci[1] if p else None,
        "recall": s.recall if r else None,
        "recall_low": s.recall_95ci[0] if r else None,
        "recall_high": s.recall_95ci[1] if r else None,
        "f1": s.f1 if s.defined else None,
        "f1_low": s.f1_95ci[0] if s.defined else None,
        "f1_high": s.f1_95ci[1] if s.defined else None,
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
    }


def _by_genre(
    draw: Draw, rows: list[dict[str, Any]], genres: Mapping[str, str], changed: bool
) -> list[GenreEstimate]:
    """The domain estimate of each genre ``draw``'s units hold (:class:`GenreEstimate`);
    none when a unit's genre is unknown (no longer held)."""
    if any(k not in genres for k in draw.units):
        return []
    out = []
    for g in sorted({genres[k] for k in draw.units}):
        mine = [r for r in rows if genres[str(r["key"])] == g]
        s = weighted_estimate(mine, (draw.code,), coded_none_fixed=not changed,
                              boundary=True)[draw.code]  # fmt: skip
        exact = all(r["stratum"] == CENSUS or draw.stratum(str(r["stratum"])).genre is not None
                    for r in mine)  # fmt: skip
        out.append(GenreEstimate(
            g, coded=len(mine), positives=sum(1 for r in mine if r["frames"]),
            population=round(sum(float(r["weight"]) for r in mine)), exact=exact,
            census=sum(1 for r in mine if r["stratum"] == CENSUS), **_figures(s),
        ))  # fmt: skip
    return out


def draw_genres(store: Store, draw: Draw) -> dict[str, str]:
    """Each unit of ``draw`` with its genre: its stratum's when the stratum is of one genre,
    else the unit's own (:func:`~normtrace.coding.units.unit_genres`; a unit the project no
    longer holds is absent)."""
    out = dict(unit_genres(store, [k for k, h in draw.units.items()
                                   if draw.stratum(h).genre is None]))  # fmt: skip
    for k, h in draw.units.items():
        g = draw.stratum(h).genre
        if g is not None:
            out[k] = g
    return out


def draw_scores(
    store: Store,
    codebook: str,
    level: str,
    labels: Mapping[str, Mapping[str, int]],
    predicted: Mapping[str, Mapping[str, int]],
    *,
    version: str = "",
) -> list[DrawScore]:
    """Per code of ``predicted`` (code → target → the dictionary's 1 or 0) with a recorded
    draw at ``level``: the newest draw's :func:`estimate_draw` against ``labels`` (code →
    target → 1 or 0), and when it gives no estimate (not labelled through, or a stratum never
    drawn from), the newest draw that does, after it.
    ``version``: the codebook version scored."""
    out: list[DrawScore] = []
    for code in sorted(predicted):
        found = draws(store, codebook, code=code, level=level)
        truth = labels.get(code, {})
        for i, d in enumerate(found):
            scored = estimate_draw(d, truth, predicted[code], version=version,
                                   genres=draw_genres(store, d))  # fmt: skip
            if i == 0 or scored.estimable:
                out.append(scored)
            if scored.estimable:
                break
    return out
