"""Weighted (Horvitz–Thompson) estimates of a dictionary's precision, recall and F1 on a whole
population from a stratified sample, with intervals that honour the strata: the one estimator
of the bundled check samples (:mod:`normtrace.evaluate.stratified`, which reads its rows from
the labelled sets) and of a project's recorded draws (:mod:`normtrace.coding.draw_estimate`).

Each labelled row carries its ``stratum`` and its ``weight`` (the inverse of its inclusion
probability: 1 in a census, ``N_h / n_h`` in a stratum of ``N_h`` units of which ``n_h`` were
drawn). A true positive, false positive or false negative found in the sample stands for
``weight`` of them in the population.

The 95 % intervals (:data:`INTERVAL_METHOD`) are percentiles of 4,000 draws. A stratum whose
rows all weigh 1 is a census and is held fixed: it has no sampling error. In a sampled stratum
of ``N`` units the shares of true positives, false positives, false negatives and true
negatives are drawn from their posterior under Jeffreys' prior (Dirichlet, counts + 1/2; a Beta
over misses and true negatives when the dictionary codes none of the stratum's rows), times
``N``. With few events in a stratum (a handful of sampled misses) these behave like Jeffreys'
binomial interval. The Beta holds a stratum's true and false positives at none, which is
right only when the codebook scored is the one whose hits set the strata (none of its hits can
lie in a stratum of its misses); with ``coded_none_fixed=False`` (a codebook changed since the
draw) every sampled stratum takes the Dirichlet. A percentile bootstrap of the same rows would
understate the uncertainty there, and resampling a census would invent some.

Jeffreys' prior gives a sampled stratum half a count of each kind it showed none of. In a
stratum of the dictionary's non-hits drawn without a miss, weighing hundreds of units, that
half miss is many misses in every draw, so the draws of recall (and F1) all fall below the
weighted count's estimate, which holds no miss there, and the percentile interval misses the
estimate. Widened to hold it, the interval ends at the estimate. Where every other stratum is a
census that end is right (the stratum can only add misses: the bundled report-pool recall of
offensive force, 0.56 [0.30, 0.56]); where other strata were sampled too (a project's draw of
hits and non-hits: F1 0.95 [0.29, 0.95]) the figure may lie beyond it. With ``boundary`` (a
project's recorded draws: :mod:`normtrace.coding.draw_estimate`) a second set of draws holds
each sampled stratum's kinds seen none of at none (the rest from their Jeffreys posterior), and
each interval is the hull of both sets' percentiles: the modification of the Jeffreys interval
at a count of none (its bound at 0: Brown, Cai and DasGupta 2001, "Interval estimation for a
binomial proportion", Statistical Science 16) carried to the strata, so a stratum drawn
without a miss may hold none (that F1: [0.29, 0.99]). The bundled check samples keep
``boundary`` off, so that their stored scores reproduce; with it, none of their 43 weighted
intervals that end at their estimate would change, but 138 of their 378 would widen, most by
under 0.01, a few far more (recall of offensive force on the resolutions of 1975-1998, 0.11
[0.01, 0.15], to [0.01, 0.26]). Either way an interval is widened, where needed, to hold its
point estimate, said where it is shown ("widened to hold the estimate"): a reader never sees a
recall outside its own interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported where it is used, at run time
    import numpy as np
    import numpy.typing as npt

    #: draws of figures or shares, one row per draw
    Floats = npt.NDArray[np.float64]
    #: a stratum's counts of tp, fp, fn and tn
    Counts = npt.NDArray[np.int64]

#: how the intervals of :func:`weighted_estimate` are made, in words (for a line or a table)
INTERVAL_METHOD = (
    "95 % percentile intervals over 4,000 draws within strata (a sampled stratum's shares of "
    "tp, fp, fn, tn from their Jeffreys posterior; a census stratum fixed)"
)
#: how they are made with ``boundary`` (a project's recorded draws), in words
BOUNDARY_INTERVAL_METHOD = (
    "95 % percentile intervals over 4,000 draws within strata (a sampled stratum's shares of "
    "tp, fp, fn, tn from their Jeffreys posterior; a census stratum fixed), each the hull with "
    "those of 4,000 draws holding a sampled stratum's kinds it showed none of at none (the "
    "Jeffreys interval's bound at a count of none)"
)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class WeightedFrameScore:
    """One frame's (or code's) estimated error on the population a stratified sample was
    drawn from."""

    frame: str
    tp: float
    fp: float
    fn: float
    sample_gold: int  # positives among the labelled rows (unweighted)
    sample_coded: int  # rows the codebook coded (unweighted)
    precision_95ci: tuple[float, float]
    recall_95ci: tuple[float, float]
    f1_95ci: tuple[float, float]
    false_negatives: tuple[str, ...] = ()
    false_positives: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def defined(self) -> bool:
        """False when the sample holds no positive and the codebook coded nothing."""
        return self.sample_gold + self.sample_coded > 0

    def to_dict(self) -> dict[str, Any]:
        """The shape of :meth:`FrameScore.to_dict` (``gold`` is the sample's positives),
        plus the weighted counts and the F1 interval."""
        return {
            "frame": self.frame,
            "tp": round(self.tp, 2),
            "fp": round(self.fp, 2),
            "fn": round(self.fn, 2),
            "gold": self.sample_gold,
            "pool_gold_estimate": round(self.tp + self.fn, 1),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4) if self.defined else None,
            "precision_95ci": [round(x, 4) for x in self.precision_95ci],
            "recall_95ci": [round(x, 4) for x in self.recall_95ci],
            "f1_95ci": [round(x, 4) for x in self.f1_95ci],
            "false_positives": list(self.false_positives),
            "false_negatives": list(self.false_negatives),
        }


def weighted_estimate(
    rows: Sequence[Mapping[str, Any]],
    frames: Sequence[str],
    *,
    draws: int = 4000,
    seed: int = 20261208,
    coded_none_fixed: bool = True,
    boundary: bool = False,
) -> dict[str, WeightedFrameScore]:
    """Per frame (or code), the weighted estimate of precision, recall and F1 on the
    population, with the intervals of the module doc (``coded_none_fixed``, ``boundary``:
    there).

    Each row needs ``key``, ``stratum``, ``weight``, ``frames`` (the gold frames) and ``got``
    (the frames the codebook gave it); the caller checks that every row has them.

    >>> rows = [
    ...     {"key": "a", "stratum": "hit", "weight": 1.0, "frames": ["poc"], "got": ["poc"]},
    ...     {"key": "b", "stratum": "hit", "weight": 1.0, "frames": [], "got": ["poc"]},
    ...     {"key": "c", "stratum": "rest", "weight": 10.0, "frames": ["poc"], "got": []},
    ...     {"key": "d", "stratum": "rest", "weight": 10.0, "frames": [], "got": []},
    ... ]
    >>> s = weighted_estimate(rows, ("poc",), draws=200)["poc"]
    >>> s.tp, s.fp, s.fn, round(s.precision, 3), round(s.recall, 3), s.precision_95ci
    (1.0, 1.0, 10.0, 0.5, 0.091, (0.5, 0.5))
    """
    import numpy as np

    strata = sorted({str(r["stratum"]) for r in rows})
    parts = {h: [r for r in rows if str(r["stratum"]) == h] for h in strata}
    rng = np.random.default_rng(seed)
    # the held draws from their own stream: the Jeffreys draws are those made without them
    rng_held = np.random.default_rng(seed + 1)
    out: dict[str, WeightedFrameScore] = {}
    for frame in frames:
        totals = np.zeros((draws, 3))  # tp, fp, fn per draw
        held = np.zeros((draws, 3)) if boundary else None  # kinds seen none of held at none
        tp = fp = fn = 0.0
        gold_n = coded_n = 0
        fps: list[str] = []
        fns: list[str] = []
        for stratum in strata:
            part = parts[stratum]
            weights = np.array([float(r["weight"]) for r in part])
            gold = np.array([frame in r["frames"] for r in part])
            got = np.array([frame in r["got"] for r in part])
            kinds = np.stack([gold & got, got & ~gold, gold & ~got], axis=1) * weights[:, None]
            here = kinds.sum(axis=0)
            if np.all(weights == 1.0):  # a census: fixed
                totals += here
                if held is not None:
                    held += here
            else:  # shares of tp, fp, fn, tn; only misses when the dictionary codes none
                counts = np.array([(gold & got).sum(), (got & ~gold).sum(),
                                   (gold & ~got).sum(), (~gold & ~got).sum()])  # fmt: skip
                coded = bool(got.any()) or not coded_none_fixed
                totals += _shares(rng, counts, draws, coded) * weights.sum()
                if held is not None:
                    held += _shares(rng_held, counts, draws, coded, hold=True) * weights.sum()
            tp, fp, fn = tp + here[0], fp + here[1], fn + here[2]
            gold_n += int(gold.sum())
            coded_n += int(got.sum())
            fps += [str(r["key"]) for r, g, c in zip(part, gold, got, strict=True) if c and not g]
            fns += [str(r["key"]) for r, g, c in zip(part, gold, got, strict=True) if g and not c]
        p0 = _ratio(tp, tp + fp)
        r0 = _ratio(tp, tp + fn)
        sets = [_figures(totals)] + ([] if held is None else [_figures(held)])
        out[frame] = WeightedFrameScore(
            frame, float(tp), float(fp), float(fn), gold_n, coded_n,
            _interval([x[0] for x in sets], p0), _interval([x[1] for x in sets], r0),
            _interval([x[2] for x in sets], _f1(p0, r0)), tuple(fns), tuple(fps),
        )  # fmt: skip
    return out


def _shares(
    rng: np.random.Generator, counts: Counts, draws: int, coded: bool, *, hold: bool = False
) -> Floats:
    """``draws`` draws of a sampled stratum's shares of tp, fp and fn from its ``counts`` of
    tp, fp, fn and tn: their Jeffreys posterior (Dirichlet, counts + 1/2); where the
    dictionary codes none of the stratum and that holds tp and fp at none (not ``coded``), a
    Beta over misses and true negatives. ``hold``: a kind counted none of is held at none, the
    others drawn from the Jeffreys posterior of those counted (the module doc)."""
    import numpy as np

    out = np.zeros((draws, 4))
    if not hold:
        if coded:
            return rng.dirichlet(counts + 0.5, size=draws)[:, :3]
        out[:, 2] = rng.beta(counts[2] + 0.5, counts[3] + 0.5, size=draws)
        return out[:, :3]
    live = (counts > 0) & (np.ones(4, dtype=bool) if coded else np.arange(4) >= 2)
    if live.sum() == 1:  # one kind seen: the stratum is all of it
        out[:, live] = 1.0
    elif live.any():
        out[:, live] = rng.dirichlet(counts[live] + 0.5, size=draws)
    return out[:, :3]


def _figures(totals: Floats) -> tuple[Floats, Floats, Floats]:
    """Precision, recall and F1 of each draw of weighted tp, fp and fn (0 where undefined)."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(totals[:, 0] + totals[:, 1] > 0,
                     totals[:, 0] / (totals[:, 0] + totals[:, 1]), 0.0)  # fmt: skip
        r = np.where(totals[:, 0] + totals[:, 2] > 0,
                     totals[:, 0] / (totals[:, 0] + totals[:, 2]), 0.0)  # fmt: skip
        f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
    return p, r, f


def _interval(sets: list[Floats], point: float) -> tuple[float, float]:
    """The 95 % percentile interval of each set of draws, their hull, widened where needed to
    hold the ``point`` estimate."""
    import numpy as np

    ends = [np.percentile(x, [2.5, 97.5]) for x in sets]
    low, high = min(float(e[0]) for e in ends), max(float(e[1]) for e in ends)
    return min(low, point), max(high, point)
