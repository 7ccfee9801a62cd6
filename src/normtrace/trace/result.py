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
from normtrace.trace.ledger import Ledger
from normtrace.trace.pointers import LeftOut
from normtrace.trace.rulefile import RuleSet

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
    #: the evidence items left out of the posterior because a pointer to the text is broken
    #: (:mod:`normtrace.trace.pointers`), in ledger order
    left_out: tuple[LeftOut, ...] = ()
    #: the ledger as given (or derived), every item in its order, quotes filled in where
    #: they hold: what ``--save-ledger`` writes (``trace.ledger`` holds the weighed items)
    ledger: Ledger | None = None
    #: the evidence rules the ledger was derived from (``None`` when a ledger was given or
    #: none): their name, file and the sha256 of the bytes read, which the recorded run keeps
    rules: RuleSet | None = None

    def left_out_summary(self) -> str:
        """One line: how many items were left out of the posterior, and which; corroborating
        items named (never weighed) apart, so that the line claims no posterior lost them
        ("" if none)."""
        if not self.left_out:
            return ""
        parts = []
        weighed = [lo.item for lo in self.left_out if lo.kind == "item"]
        if weighed:
            rest = (
                f"the posteriors weigh the other {len(self.trace.ledger.items)}"
                if self.trace is not None
                else "no item is left to weigh"
            )
            parts.append(
                f"{len(weighed)} evidence item(s) left out of the posterior because a pointer "
                f"to the text is broken ({', '.join(weighed)}); {rest}"
            )
        for kind, what in (("corroborating", "with a broken pointer"),
                           ("restating", "restating a left-out item")):  # fmt: skip
            ids = [lo.item for lo in self.left_out if lo.kind == kind]
            if ids:
                parts.append(f"{len(ids)} corroborating item(s) {what} ({', '.join(ids)}), "
                             "not weighed in any case")  # fmt: skip
        if not weighed:
            parts[-1] += ", so no posterior is changed"
        return "; ".join(parts) + ". Fix each as its line says and run it again."
