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
understate the uncertainty there, and resampling a census would invent some. Each interval is
widened, where needed, to hold its point estimate: a reader never sees a recall outside its own
interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: how the intervals of :func:`weighted_estimate` are made, in words (for a line or a table)
INTERVAL_METHOD = (
    "95 % percentile intervals over 4,000 draws within strata (a sampled stratum's shares of "
    "tp, fp, fn, tn from their Jeffreys posterior; a census stratum fixed)"
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
) -> dict[str, WeightedFrameScore]:
    """Per frame (or code), the weighted estimate of precision, recall and F1 on the
    population, with the intervals of the module doc (``coded_none_fixed``: there).

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
    out: dict[str, WeightedFrameScore] = {}
    for frame in frames:
        totals = np.zeros((draws, 3))  # tp, fp, fn per draw
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
            elif got.any() or not coded_none_fixed:  # shares of tp, fp, fn, tn
                counts = np.array([(gold & got).sum(), (got & ~gold).sum(),
                                   (gold & ~got).sum(), (~gold & ~got).sum()])  # fmt: skip
                totals += rng.dirichlet(counts + 0.5, size=draws)[:, :3] * weights.sum()
            else:  # the codebook codes none of it: only misses are uncertain
                share = rng.beta(gold.sum() + 0.5, (~gold).sum() + 0.5, size=draws)
                totals[:, 2] += share * weights.sum()
            tp, fp, fn = tp + here[0], fp + here[1], fn + here[2]
            gold_n += int(gold.sum())
            coded_n += int(got.sum())
            fps += [str(r["key"]) for r, g, c in zip(part, gold, got, strict=True) if c and not g]
            fns += [str(r["key"]) for r, g, c in zip(part, gold, got, strict=True) if g and not c]
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(totals[:, 0] + totals[:, 1] > 0,
                         totals[:, 0] / (totals[:, 0] + totals[:, 1]), 0.0)  # fmt: skip
            r = np.where(totals[:, 0] + totals[:, 2] > 0,
                         totals[:, 0] / (totals[:, 0] + totals[:, 2]), 0.0)  # fmt: skip
            f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)

        def ci(x: np.ndarray[Any, Any], point: float) -> tuple[float, float]:
            low, high = np.percentile(x, [2.5, 97.5])
            return min(float(low), point), max(float(high), point)

        p0 = _ratio(tp, tp + fp)
        r0 = _ratio(tp, tp + fn)
        out[frame] = WeightedFrameScore(
            frame, float(tp), float(fp), float(fn), gold_n, coded_n,
            ci(p, p0), ci(r, r0), ci(f, _f1(p0, r0)), tuple(fns), tuple(fps),
        )  # fmt: skip
    return out
