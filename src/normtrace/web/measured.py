"""The measured error beside a code's counts on the workbench's code page.

The page counts as ``normtrace freq --code CODE`` does (every codebook's codings and
candidates, by unit), so it shows the measurement ``freq`` shows for it: the one
:func:`~normtrace.coding.validity.project_validity` gives the code (the rule every surface
uses, the measurement the validation page reads: :mod:`normtrace.web.validation`), a frame's
or group's when its codes share one (:func:`~normtrace.coding.validity.group_validity`), on
each genre of text the project holds (:func:`normtrace.coding.counted_error.by_genre`: a
project of reports is judged by the code's measurement on reports). Each row gives the
precision and recall with their 95 % intervals, the human-labelled units behind them, where
the measurement comes from (bundled, a project's validation run, a recorded draw) and whether
it validates the code, and why not.
"""

from __future__ import annotations

from pydantic import BaseModel

from normtrace.coding.counted_error import GenreMeasurement, alone, by_genre, source_kind
from normtrace.coding.figures import figure_against
from normtrace.coding.labelled_draw import GENRE_UNITS
from normtrace.coding.levels import COUNTED_LEVEL
from normtrace.coding.measured_error import MIN_RECALL, CodeValidity
from normtrace.coding.units import project_genres
from normtrace.coding.validity import group_validity, project_validity
from normtrace.store.db import Store
from normtrace.web.validation import FLAG_RULE

#: how a row names where its measurement comes from (:func:`~normtrace.coding.counted_error.
#: source_kind`)
KIND_LABELS = {
    "bundled": "bundled estimate",
    "project run": "this project's validation run",
    "draw": "this project's recorded draw (weighted estimate)",
    "": "no measurement",
}


class MeasuredOut(BaseModel):
    """The measurement that judges the counts' units of some genres of text."""

    #: the genres it judges, as their units are named (``report paragraphs``)
    genres: list[str]
    #: how it is named beside the code's other measurements (``on reports``; ``""``: the
    #: code's headline measurement)
    label: str
    precision: float | None
    precision_low: float | None
    precision_high: float | None
    recall: float | None
    #: the recall as printed beside its flag (``0.698``, never a ``0.70`` beside ``< 0.7``)
    recall_shown: str
    recall_low: float | None
    recall_high: float | None
    #: the human-labelled units (paragraphs, speeches) behind it
    n: int
    #: the labelled positives behind its recall, when known
    positives: int | None
    #: ``bundled``, ``project run``, ``draw`` or ``""`` (none)
    source_kind: str
    source_label: str
    #: where it comes from, in full
    source: str
    #: a weighted estimate over a pool drawn in strata
    weighted: bool
    validated: bool
    #: why it does not validate the code ("" when it does)
    flag: str
    #: the measurement in words, as ``freq`` says it
    text: str


class CodeMeasured(BaseModel):
    """The measured error of a code's counts: one row per measurement that judges a genre
    the project holds, and ``note``: what else a reader must know (a frame or group whose
    codes are measured apart has no measurement of its own)."""

    rows: list[MeasuredOut] = []
    note: str = ""
    #: the rule a measurement is flagged by, as the validation page states it
    rule: str = FLAG_RULE


def code_measured(store: Store, codes: list[str]) -> CodeMeasured:
    """The measured error of the counts of ``codes[0]`` (a code, or a frame or group of
    ``codes[1:]``) on the genres of text the project holds."""
    measured = project_validity(store, level=COUNTED_LEVEL)
    v = group_validity(measured, codes)
    apart = [c for c in codes[1:] if c in measured]
    if apart and not (v.source or v.other_version or v.no_dictionary):
        return CodeMeasured(note=f"its codes ({', '.join(apart)}) are measured apart: each "
                                 "code's page gives its measured error")  # fmt: skip
    return CodeMeasured(rows=[_row(m) for m in by_genre(v, project_genres(store))])


def _row(m: GenreMeasurement) -> MeasuredOut:
    v: CodeValidity = m.measured
    kind = source_kind(v)
    return MeasuredOut(
        genres=[GENRE_UNITS[g] for g in m.genres], label=m.where.removesuffix(": "),
        precision=v.precision, precision_low=v.precision_low, precision_high=v.precision_high,
        recall=v.recall, recall_shown=figure_against(v.recall, MIN_RECALL),
        recall_low=v.recall_low, recall_high=v.recall_high, n=v.n,
        positives=v.positives, source_kind=kind, source_label=KIND_LABELS[kind],
        source=v.source, weighted=v.weighted, validated=v.validated, flag=v.flag(),
        text=alone(v).describe(),
    )  # fmt: skip
