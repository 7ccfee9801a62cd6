"""Measure a codebook against the human-labelled frames set (paragraph level).

The labelled set (``normtrace/data/validation/frames/frames.jsonl``, procedure in the README
beside it) holds paragraphs of peace-operation resolutions 1999–2015, each labelled by two
independent coders for the six frames of ``FRAMES.md`` and adjudicated. A paragraph is an
operative paragraph with its sub-paragraphs, or a preambular paragraph; each row carries the
stored units it is made of (``units``: the paragraph and its sub-paragraphs with their keys).

Scoring follows the held-out check the default codebook is judged by: a paragraph counts as
coded with a frame when any of its units carries one of the frame's codes
(:data:`FRAME_CODES`). The codebook is run unit by unit with the same matcher ``code apply``
uses, so a score here is the score of the codes a project stores.

>>> rows = [{"key": "S/RES/1 (2000)/op1", "split": "test", "frames": ["force_authorization"],
...          "units": [{"key": "S/RES/1 (2000)/op1", "text": "Authorizes all necessary means"}]}]
>>> score = score_codebook(rows, default_codebook())
>>> score.frames["force_authorization"].f1
1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import code_units
from normtrace.coding.dictionary.matcher import compile_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.intervals import wilson as _wilson
from normtrace.coding.learn.reference import (  # the one loader of the set, re-exported
    LabelledSetError as LabelledSetError,
)
from normtrace.coding.learn.reference import labelled_set_path as labelled_set_path
from normtrace.coding.learn.reference import load_labelled_set as load_labelled_set

#: The six frames and the default codebook's codes that count for each (``FRAMES.md``; the
#: default codebook declares them under ``frames:``).
FRAME_CODES: dict[str, tuple[str, ...]] = load_default_codebook().frame_codes()
FRAMES: tuple[str, ...] = tuple(FRAME_CODES)
SPLITS = ("dev", "test", "all")


def default_codebook() -> Codebook:
    """The bundled default codebook (``stability-operations``)."""
    return load_default_codebook()


def wilson(successes: int, n: int) -> tuple[float, float]:
    """The Wilson 95 % interval as ``(low, high)``; ``(0, 1)`` when ``n`` is 0.

    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.49, 0.943]
    """
    i = _wilson(successes, n)
    return (0.0, 1.0) if i.low is None or i.high is None else (i.low, i.high)


@dataclass(frozen=True)
class FrameScore:
    """Agreement of one frame's codes with the gold labels."""

    frame: str
    tp: int
    fp: int
    fn: int
    false_positives: tuple[str, ...] = ()
    false_negatives: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def defined(self) -> bool:
        """False when the part holds no gold paragraph of the frame and the codebook coded
        none either: there is nothing to score, and F1 says nothing (not 0, not 1)."""
        return self.tp + self.fp + self.fn > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "frame": self.frame,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.tp + self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4) if self.defined else None,
            "precision_95ci": [round(x, 4) for x in wilson(self.tp, self.tp + self.fp)],
            "recall_95ci": [round(x, 4) for x in wilson(self.tp, self.tp + self.fn)],
            "false_positives": list(self.false_positives),
            "false_negatives": list(self.false_negatives),
        }


@dataclass(frozen=True)
class CodebookScore:
    """Per-frame scores of one codebook on one part of the labelled set."""

    codebook: str
    version: str
    split: str
    paragraphs: int
    frames: dict[str, FrameScore] = field(default_factory=dict)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the frames that can be scored here (see ``FrameScore.defined``)."""
        scored = [s.f1 for s in self.frames.values() if s.defined]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def unscored(self) -> tuple[str, ...]:
        """Frames with no gold paragraph and no coded one in this part (left out of macro F1)."""
        return tuple(name for name, s in self.frames.items() if not s.defined)

    def to_dict(self) -> dict[str, Any]:
        return {
            "codebook": self.codebook,
            "version": self.version,
            "split": self.split,
            "paragraphs": self.paragraphs,
            "macro_f1": round(self.macro_f1, 4),
            "unscored": list(self.unscored),
            "frames": {name: s.to_dict() for name, s in self.frames.items()},
        }

    def describe(self) -> str:
        """A plain-text table: one line per frame, then the macro F1."""
        lines = [
            f"{self.codebook} {self.version} on {self.paragraphs} paragraphs ({self.split})",
            f"{'frame':<27}{'gold':>6}{'P':>7}{'R':>7}{'F1':>7}  P 95% CI       R 95% CI",
        ]
        for s in self.frames.values():
            if not s.defined:
                lines.append(f"{s.frame:<27}{0:>6}   (nothing to score: no gold, none coded)")
                continue
            pl, ph = wilson(s.tp, s.tp + s.fp)
            rl, rh = wilson(s.tp, s.tp + s.fn)
            lines.append(
                f"{s.frame:<27}{s.tp + s.fn:>6}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
                f"  [{pl:.2f}, {ph:.2f}]   [{rl:.2f}, {rh:.2f}]"
            )
        scored = len(self.frames) - len(self.unscored)
        left_out = f"  (over {scored} frames)" if self.unscored else ""
        lines.append(f"{'macro F1':<27}{'':>6}{'':>7}{'':>7}{self.macro_f1:>7.2f}{left_out}")
        return "\n".join(lines)


def predict(rows: Sequence[Mapping[str, Any]], book: Codebook) -> dict[str, set[str]]:
    """Codes the codebook gives each paragraph (any of its units), keyed by paragraph key."""
    matcher = compile_codebook(book)
    owner: dict[str, str] = {}
    units: list[tuple[str, str]] = []
    for row in rows:
        for unit in row["units"]:
            owner[unit["key"]] = row["key"]
            units.append((unit["key"], unit["text"]))
    coded: dict[str, set[str]] = {str(row["key"]): set() for row in rows}
    for unit_key, *_, code, _entry in code_units(matcher, units):
        coded[owner[unit_key]].add(code)
    return coded


def score_codebook(
    rows: Sequence[Mapping[str, Any]],
    book: Codebook,
    *,
    split: str = "all",
    mapping: Mapping[str, Sequence[str]] | None = None,
) -> CodebookScore:
    """Score ``book`` on the rows of ``split`` (``dev``, ``test`` or ``all``).

    Frames are counted through ``mapping`` (frame → code ids), else the frames the codebook
    declares, else the default codebook's (:data:`FRAME_CODES`); every frame of the set must
    be mapped.
    """
    if mapping is None:
        mapping = book.frame_codes() or FRAME_CODES
    missing = [f for f in FRAMES if f not in mapping]
    if missing:
        raise LabelledSetError(
            f"codebook {book.name!r} maps no codes to frame(s) {', '.join(missing)}; "
            "declare them under 'frames:' in the codebook"
        )
    if split not in SPLITS:
        raise LabelledSetError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    chosen = [r for r in rows if split == "all" or r["split"] == split]
    coded = predict(chosen, book)
    got_frames = {
        key: {frame for frame, members in mapping.items() if codes.intersection(members)}
        for key, codes in coded.items()
    }
    scores: dict[str, FrameScore] = {}
    for frame in mapping:
        tp = fp = fn = 0
        fps: list[str] = []
        fns: list[str] = []
        for row in chosen:
            gold = frame in row["frames"]
            got = frame in got_frames[row["key"]]
            if gold and got:
                tp += 1
            elif got:
                fp += 1
                fps.append(str(row["key"]))
            elif gold:
                fn += 1
                fns.append(str(row["key"]))
        scores[frame] = FrameScore(frame, tp, fp, fn, tuple(fps), tuple(fns))
    return CodebookScore(book.name, book.version, split, len(chosen), scores)
