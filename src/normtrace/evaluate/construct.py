"""A codebook's frame on a construct set: SYNTHETIC paragraphs labelled from ``FRAMES.md``.

A construct set (``tests/fixtures/offensive_force_construct.jsonl``,
``offensive_force_paragraphs.jsonl``) holds rows with ``id``, ``text`` and a boolean label per
frame. The codebook's frame counts as present when any of the frame's codes matches anywhere in
the text (the paragraph-level rule of the held-out check). One scorer for the tests' floors and
``tools/construct_score.py``.

>>> from normtrace.coding.exchange.yamlio import load_default_codebook
>>> rows = [{"id": "x", "text": "Requests the Force to conduct targeted offensive operations "
...          "against armed groups;", "offensive_force": True}]
>>> score = construct_score(rows, "offensive_force", load_default_codebook())
>>> (score.tp, score.fp, score.fn, score.misses)
(1, 0, 0, ())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.intervals import Interval, harmonic, wilson


@dataclass(frozen=True)
class ConstructScore:
    """Counts of one frame on a construct set; ``misses`` and ``false`` name the rows."""

    frame: str
    tp: int
    fp: int
    fn: int
    misses: tuple[str, ...]
    false: tuple[str, ...]

    @property
    def precision(self) -> Interval:
        return wilson(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Interval:
        return wilson(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return harmonic(self.precision.value or 0.0, self.recall.value or 0.0)


def construct_score(
    rows: Iterable[Mapping[str, object]], frame: str, book: Codebook
) -> ConstructScore:
    """``book``'s ``frame`` against each row's label ``row[frame]``."""
    codes = set(book.frame_codes()[frame])
    matcher = compile_codebook(book)
    tp = fp = fn = 0
    misses: list[str] = []
    false: list[str] = []
    for row in rows:
        gold = bool(row[frame])
        coded = bool({span.code for span in matcher.match(str(row["text"]))} & codes)
        tp += coded and gold
        fp += coded and not gold
        fn += gold and not coded
        if gold != coded:
            (misses if gold else false).append(str(row["id"]))
    return ConstructScore(frame, tp, fp, fn, tuple(misses), tuple(false))
