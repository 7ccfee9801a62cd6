"""What a trace run computed: :class:`TraceRun`, returned by :func:`normtrace.trace.run.run_trace`.

:mod:`normtrace.trace.record` stores it; the report and the CLI render it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from normtrace.coding.validity import CodeValidity
from normtrace.trace.case import CaseTrace
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import HypothesisSet

if TYPE_CHECKING:  # the learn package loads scikit-learn: not at every command's start
    from normtrace.coding.learn.validate import Validation


@dataclass(frozen=True)
class TraceRun:
    """The result of a trace run: store data, hypotheses, the weighed ledger if any."""

    data: CaseData
    hypotheses: HypothesisSet
    trace: CaseTrace | None
    problems: tuple[str, ...] = ()
    run_id: int | None = None
    #: measured error of the project's codes (``normtrace.coding.validity``), by code id
    validity: dict[str, CodeValidity] = field(default_factory=dict)
    #: the genre of each unit the ledger cites (``speech``, ``report`` or ``""``:
    #: :func:`normtrace.coding.units.genre`), which says which measurement judges it
    genres: dict[str, str] = field(default_factory=dict)
    #: the project's newest ``normtrace code validate`` run of each codebook at each level
    #: (:func:`normtrace.coding.learn.validate.current_validations`): the tables the report
    #: shows, dictionary and model
    validations: tuple[Validation, ...] = ()
