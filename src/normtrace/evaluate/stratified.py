"""Estimate a codebook's precision and recall on a whole pool from a stratified sample.

A check sample that takes *every* paragraph the codebook codes (a census of its hits) and a
random draw of the paragraphs it does not code measures precision on the pool exactly and
recall from far fewer labels than a simple random sample with as many positives. Each labelled
row carries its ``stratum`` and its ``weight`` (the inverse of its inclusion probability: 1 in
a census, ``N_h / n_h`` in a stratum of ``N_h`` paragraphs of which ``n_h`` were drawn).

The estimates are weighted counts (Horvitz–Thompson), with intervals that hold a census
stratum fixed and draw a sampled stratum's shares from their Jeffreys posterior: the one
estimator, :func:`normtrace.coding.weighted.weighted_estimate` (its module doc says how), which
a project's recorded draws (``normtrace code sample``) use too.

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
from typing import Any

from normtrace.coding.codebook import Codebook
from normtrace.coding.weighted import WeightedFrameScore, weighted_estimate

__all__ = [
    "WeightedFrameScore", "describe", "estimate", "macro_f1", "merge_draws", "score_sample",
    "with_census",
]  # fmt: skip
from normtrace.evaluate.frames import FRAME_CODES, LabelledSetError, predict


def estimate(
    rows: Sequence[Mapping[str, Any]],
    frames: Sequence[str],
    *,
    draws: int = 4000,
    seed: int = 20261208,
) -> dict[str, WeightedFrameScore]:
    """Per frame, the weighted estimate of precision, recall and F1 on the pool
    (:func:`normtrace.coding.weighted.weighted_estimate`, the one estimator).

    Each row needs ``key``, ``stratum``, ``weight``, ``frames`` (the gold frames) and ``got``
    (the frames the codebook gave it).
    """
    for row in rows:
        if "weight" not in row or "stratum" not in row:
            raise LabelledSetError(
                f"row {row.get('key')!r} has no 'weight' or 'stratum'; a stratified sample "
                "needs both (tools/frames_fresh.py --fourth writes them)"
            )
    return weighted_estimate(rows, frames, draws=draws, seed=seed)


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
