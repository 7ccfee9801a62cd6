"""The reported-speech detector measured on a labelled, stratified sample of report sentences.

Two samples (``normtrace/data/validation/reported/``, procedure in the README beside them,
drawn by ``tools/reported_sample.py``): ``heldout.jsonl``, the first (rules v1 were frozen
before it was read; its score by v1 is ``score.json``, by v2 ``score.v2.json``), and
``fresh.jsonl``, drawn after v1's sample had been read, from the held-out reports' other
sentences, labelled before rules v2 ran on it (``fresh_score.json``: v1 and v2). Each holds
sentences of the Secretary-General's
reports that the rules of :mod:`normtrace.parse.report.reported` were *not* written on, each
labelled 1 (it gives another's words: see the README's definition) or 0. Sentences were drawn
from two strata, those with a broad cue of attribution (``cue``) and those without
(``plain``), at different rates; each row carries its stratum's pool size, so every sentence
stands for ``stratum_pool / drawn`` sentences of the held-out reports.

:func:`score_sample` runs the detector on each sentence's paragraph, as a project runs it
(a sentence is found when :func:`~normtrace.parse.report.reported.reported_speech` of the
paragraph returns a span over it; :func:`in_paragraph`), and gives precision and recall
weighted by those weights, each with a 95 % Wilson
interval at the weighted sample's effective size (Kish: ``(Σw)² / Σw²`` over the sentences
the proportion is taken over). With one stratum, or equal weights, this is the plain Wilson
interval of the counts. Every bundled sample has been read by someone since (the README);
the error the commands state is the record :mod:`normtrace.parse.report.reported_error` reads
(:func:`measured_note`).

>>> rows = [{"text": "The President stated that he would resign.", "label": 1,
...          "stratum": "cue", "stratum_pool": 10},
...         {"text": "MINUSTAH stated that it would help.", "label": 0,
...          "stratum": "cue", "stratum_pool": 10}]
>>> s = score_sample(rows)
>>> (s.precision.value, s.recall.value, s.tp, s.fp, s.fn)
(1.0, 1.0, 1, 0, 0)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.coding.intervals import Z95, Interval, wilson
from normtrace.parse.report.reported import ALGORITHM, reported_speech

#: the labelled held-out sample in the package
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "validation" / "reported"


@dataclass(frozen=True)
class ReportedScore:
    """Weighted precision and recall of the detector on a labelled sample (module doc), with
    the unweighted counts of the sample (true positives, false positives, false negatives,
    sentences per stratum)."""

    precision: Interval
    recall: Interval
    tp: int
    fp: int
    fn: int
    sentences: int
    strata: dict[str, int]
    algorithm: str = ALGORITHM

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (proportions rounded to 4 places)."""

        def rounded(i: Interval) -> dict[str, float | None]:
            return {k: None if v is None else round(v, 4)
                    for k, v in (("value", i.value), ("low", i.low), ("high", i.high))}  # fmt: skip

        return {
            "algorithm": self.algorithm,
            "sentences": self.sentences,
            "strata": self.strata,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
        }

    def describe(self) -> str:
        """One line: precision and recall with their intervals, and the counts."""

        def pct(i: Interval) -> str:
            if i.value is None or i.low is None or i.high is None:
                return "n/a"
            return f"{i.value:.1%} (95% CI {i.low:.1%}-{i.high:.1%})"

        return (
            f"{self.algorithm} on {self.sentences} sentences "
            f"({', '.join(f'{k} {v}' for k, v in self.strata.items())}): precision "
            f"{pct(self.precision)}, recall {pct(self.recall)} (weighted by stratum); "
            f"{self.tp} found and right, {self.fp} found wrongly, {self.fn} missed"
        )


def weighted_wilson(hits: Sequence[bool], weights: Sequence[float], z: float = Z95) -> Interval:
    """The share of ``hits`` weighted by ``weights``, with the Wilson score interval at the
    Kish effective sample size (the plain Wilson interval when the weights are equal).

    >>> i = weighted_wilson([True] * 8 + [False] * 2, [1.0] * 10)
    >>> (i.value, round(i.low, 4), round(i.high, 4))
    (0.8, 0.4902, 0.9433)
    """
    total = sum(weights)
    if not hits or total <= 0:
        return Interval(None, None, None)
    p = sum(w for h, w in zip(hits, weights, strict=True) if h) / total
    n = total * total / sum(w * w for w in weights)
    return wilson(p * n, n, z)


def in_paragraph(row: Mapping[str, Any]) -> bool:
    """Whether the detector, run on the sentence's whole paragraph (``paragraph``, as a project
    runs it: a pronoun's antecedent may stand in an earlier sentence), marks the sentence
    (``start``–``end``); a row without its paragraph is read alone."""
    if "paragraph" not in row:
        return bool(reported_speech(str(row["text"])))
    start, end = int(row["start"]), int(row["end"])
    return any(r.start < end and start < r.end for r in reported_speech(str(row["paragraph"])))


def score_sample(
    rows: Sequence[Mapping[str, Any]],
    detect: Callable[[Mapping[str, Any]], bool] = in_paragraph,
) -> ReportedScore:
    """Precision and recall of ``detect`` (the detector in the sentence's paragraph by
    default, :func:`in_paragraph`) on labelled ``rows``."""
    drawn = Counter(str(r["stratum"]) for r in rows)
    weight = {s: int(r["stratum_pool"]) / drawn[s] for r in rows if (s := str(r["stratum"]))}
    found = [(detect(r), bool(r["label"]), weight[str(r["stratum"])]) for r in rows]
    said = [(f, lab, w) for f, lab, w in found if f]
    real = [(f, lab, w) for f, lab, w in found if lab]
    return ReportedScore(
        weighted_wilson([lab for _, lab, _ in said], [w for *_, w in said]),
        weighted_wilson([f for f, _, _ in real], [w for *_, w in real]),
        sum(1 for f, lab, _ in found if f and lab),
        sum(1 for f, lab, _ in found if f and not lab),
        sum(1 for f, lab, _ in found if lab and not f),
        len(rows),
        dict(sorted(drawn.items())),
    )


#: the bundled samples by name (module doc)
SAMPLES = {"first": "heldout.jsonl", "fresh": "fresh.jsonl", "third": "third.jsonl"}


def load_sample(path: Path | str | None = None) -> list[dict[str, Any]]:
    """The labelled rows of ``path``, or of a bundled sample by name (:data:`SAMPLES`; the
    first held-out sample by default)."""
    path = path or "first"
    found = SAMPLE / SAMPLES[path] if isinstance(path, str) and path in SAMPLES else Path(path)
    with found.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measured_note(sample: str | None) -> str:
    """What a score of a bundled ``sample`` is not, and the running rules' measured error
    (:func:`~normtrace.parse.report.reported_error.measured_error`, the one record of it)."""
    from normtrace.parse.report.reported_error import measured_error

    found = measured_error().caveat().removeprefix("note: ")
    if (sample or "first") not in SAMPLES:
        return f"the running rules' measured error: {found}"
    return (
        "every bundled sample has been read since (README beside them), so this is not a "
        f"held-out measurement; the running rules' measured error: {found}"
    )


if __name__ == "__main__":  # python -m normtrace.evaluate.reported [first|fresh|third|PATH]
    import sys

    name = sys.argv[1] if len(sys.argv) > 1 else None
    print(score_sample(load_sample(name)).describe())
    print(measured_note(name))
