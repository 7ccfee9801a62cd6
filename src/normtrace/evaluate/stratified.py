"""Estimate a codebook's precision and recall on a whole pool from a stratified sample.

A check sample that takes *every* paragraph the codebook codes (a census of its hits) and a
random draw of the paragraphs it does not code measures precision on the pool exactly and
recall from far fewer labels than a simple random sample with as many positives. Each labelled
row carries its ``stratum`` and its ``weight`` (the inverse of its inclusion probability: 1 in
a census, ``N_h / n_h`` in a stratum of ``N_h`` paragraphs of which ``n_h`` were drawn).

The estimates are weighted counts (Horvitz–Thompson): a true positive, false positive or false
negative found in the sample stands for ``weight`` of them in the pool.

The 95 % intervals are percentiles of 4,000 draws. A stratum whose rows all weigh 1 is a
census and is held fixed: it has no sampling error (so precision measured on a census of the
coded paragraphs has a zero-width interval). In a sampled stratum of ``N`` paragraphs the shares
of true positives, false positives, false negatives and true negatives are drawn from their
posterior under Jeffreys' prior (Dirichlet, counts + 1/2; a Beta over misses and true negatives
when the codebook codes none of the stratum's rows), times ``N``. With few events in a stratum
(a handful of sampled misses) these behave like Jeffreys' binomial interval. A percentile
bootstrap of the same rows would understate the uncertainty there, and resampling a census would
invent some. With a handful of events the prior pulls the draws off the weighted point
estimate (three sampled misses, say), so each interval is widened, where needed, to hold its
point estimate: a reader never sees a recall outside its own interval.

>>> rows = [
...     {"key": "a", "stratum": "hit", "weight": 1.0, "frames": ["poc"], "got": ["poc"]},
...     {"key": "b", "stratum": "hit", "weight": 1.0, "frames": [], "got": ["poc"]},
...     {"key": "c", "stratum": "rest", "weight": 10.0, "frames": ["poc"], "got": []},
...     {"key": "d", "stratum": "rest", "weight": 10.0, "frames": [], "got": []},
... ]
>>> s = estimate(rows, ("poc",), draws=200)["poc"]
>>> s.tp, s.fp, s.fn, round(s.precision, 3), round(s.recall, 3)
(1.0, 1.0, 10.0, 0.5, 0.091)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from normtrace.coding.codebook import Codebook
from normtrace.evaluate.frames import FRAME_CODES, LabelledSetError, predict


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class WeightedFrameScore:
    """One frame's estimated error on the pool a stratified sample was drawn from."""

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


def estimate(
    rows: Sequence[Mapping[str, Any]],
    frames: Sequence[str],
    *,
    draws: int = 4000,
    seed: int = 20261208,
) -> dict[str, WeightedFrameScore]:
    """Per frame, the weighted estimate of precision, recall and F1 on the pool.

    Each row needs ``key``, ``stratum``, ``weight``, ``frames`` (the gold frames) and ``got``
    (the frames the codebook gave it).
    """
    for row in rows:
        if "weight" not in row or "stratum" not in row:
            raise LabelledSetError(
                f"row {row.get('key')!r} has no 'weight' or 'stratum'; a stratified sample "
                "needs both (tools/frames_fresh.py --fourth writes them)"
            )
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
            elif got.any():  # shares of tp, fp, fn, tn
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

        def ci(x: np.ndarray, point: float) -> tuple[float, float]:
            low, high = np.percentile(x, [2.5, 97.5])
            return min(float(low), point), max(float(high), point)

        p0 = _ratio(tp, tp + fp)
        r0 = _ratio(tp, tp + fn)
        out[frame] = WeightedFrameScore(
            frame, float(tp), float(fp), float(fn), gold_n, coded_n,
            ci(p, p0), ci(r, r0), ci(f, _f1(p0, r0)), tuple(fns), tuple(fps),
        )  # fmt: skip
    return out


def merge_draws(
    earlier: Sequence[Mapping[str, Any]], later: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The rows of two draws from the same strata, where the later draw was made at random
    from what the earlier left: per stratum the two together are one random sample of the
    earlier stratum's pool (the sum of its weights), so each row weighs pool / rows. A
    stratum only one draw holds keeps its weights.

    >>> a = [{"key": k, "stratum": "rest", "weight": 5.0} for k in "ab"]  # 2 of 10
    >>> b = [{"key": k, "stratum": "rest", "weight": 4.0} for k in "cd"]  # 2 of the other 8
    >>> [r["weight"] for r in merge_draws(a, b)]  # 4 of 10
    [2.5, 2.5, 2.5, 2.5]
    """
    pools: dict[str, float] = {}
    for r in earlier:
        pools[str(r["stratum"])] = pools.get(str(r["stratum"]), 0.0) + float(r["weight"])
    both = [*earlier, *later]
    held: dict[str, int] = {}
    for r in both:
        held[str(r["stratum"])] = held.get(str(r["stratum"]), 0) + 1
    out = []
    for r in both:
        h = str(r["stratum"])
        late_only = h not in pools
        out.append({**r, "weight": float(r["weight"]) if late_only else pools[h] / held[h]})
    return out


def with_census(
    rows: Sequence[Mapping[str, Any]], labelled: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[dict[str, Any]]:
    """``rows`` with the paragraphs of earlier samples that were labelled whole (by name),
    each its own census stratum ``NAME-labelled`` of weight 1: together they cover the pool
    the earlier samples took out."""
    earlier = [{**r, "stratum": f"{name}-labelled", "weight": 1.0}
               for name, part in labelled.items() for r in part]  # fmt: skip
    return [*earlier, *(dict(r) for r in rows)]


def score_sample(
    rows: Sequence[Mapping[str, Any]],
    book: Codebook,
    *,
    mapping: Mapping[str, Sequence[str]] | None = None,
    draws: int = 4000,
) -> dict[str, WeightedFrameScore]:
    """Run ``book`` on the labelled rows of a stratified sample (each with ``units``, as the
    frames set's rows) and estimate its error on the pool (see :func:`estimate`)."""
    mapping = mapping or book.frame_codes() or FRAME_CODES
    coded = predict(rows, book)
    got = [{**r, "got": [f for f, members in mapping.items()
                         if coded[str(r["key"])].intersection(members)]}
           for r in rows]  # fmt: skip
    return estimate(got, tuple(mapping), draws=draws)


def macro_f1(scores: Mapping[str, WeightedFrameScore]) -> float:
    """The mean F1 over the frames that can be scored (``defined``); 0 when none can."""
    scored = [s.f1 for s in scores.values() if s.defined]
    return sum(scored) / len(scored) if scored else 0.0


def describe(scores: Mapping[str, WeightedFrameScore], title: str) -> str:
    """A plain-text table of the estimates, one line per frame, then the macro F1."""
    lines = [title,
             f"{'frame':<27}{'gold':>5}{'est.':>7}{'P':>7}{'R':>7}{'F1':>7}"
             "  P 95% CI       R 95% CI       F1 95% CI"]  # fmt: skip
    for s in scores.values():
        if not s.defined:
            lines.append(f"{s.frame:<27}{0:>5}   (nothing to score: no gold, none coded)")
            continue
        (pl, ph), (rl, rh), (fl, fh) = s.precision_95ci, s.recall_95ci, s.f1_95ci
        lines.append(
            f"{s.frame:<27}{s.sample_gold:>5}{s.tp + s.fn:>7.1f}{s.precision:>7.2f}"
            f"{s.recall:>7.2f}{s.f1:>7.2f}  [{pl:.2f}, {ph:.2f}]   [{rl:.2f}, {rh:.2f}]"
            f"   [{fl:.2f}, {fh:.2f}]"
        )
    scored = sum(1 for s in scores.values() if s.defined)
    lines.append(f"{'macro F1':<27}{'':>5}{'':>7}{'':>7}{'':>7}{macro_f1(scores):>7.2f}"
                 f"  (over {scored} frames)")  # fmt: skip
    return "\n".join(lines)
