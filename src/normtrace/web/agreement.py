"""Agreement between coders per code on assigned units, with the disagreements listed.

For one code the data are a coders x units table: 1 when the coder applied the
code anywhere in the unit, 0 when the coder was assigned the unit but did not,
``None`` when the unit was not assigned to that coder. The statistics are the
coding domain's (:mod:`normtrace.coding.human.reliability`); Cohen's kappa is given
only when exactly two coders share the units.

The passage level compares where in each unit the coders put the code: Krippendorff's
alpha over characters (:func:`~normtrace.coding.human.reliability.character_alpha`),
given when the unit lengths are known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from normtrace.coding.human.reliability import (
    character_alpha,
    cohen_kappa,
    krippendorff_alpha_nominal,
    pairable_units,
    percent_agreement,
)


@dataclass(frozen=True)
class CodedUnit:
    """What one coder did with one code on one unit (``events`` = their coding events)."""

    unit_key: str
    coder: str
    code: str
    event_ids: tuple[int, ...]
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Disagreement:
    """A unit on which the coders of a code disagree."""

    unit_key: str
    code: str
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]
    event_ids: tuple[int, ...]


@dataclass(frozen=True)
class CodeAgreement:
    """Agreement statistics for one code (``None`` where undefined)."""

    code: str
    coders: tuple[str, ...]
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    disagreements: tuple[Disagreement, ...]
    passage_alpha: float | None = None
    unit_keys: tuple[str, ...] = ()


def _defined(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def code_table(
    assignments: Mapping[str, Sequence[str]], applied: Iterable[CodedUnit], code: str
) -> tuple[list[str], list[str], list[list[int | None]]]:
    """Coders, units and the coders x units 0/1/None table for ``code``.

    >>> coded = [CodedUnit("u1", "a", "X", (1,))]
    >>> coders, units, table = code_table({"u1": ["a", "b"]}, coded, "X")
    >>> table
    [[1], [0]]
    """
    units = sorted(k for k, who in assignments.items() if len(set(who)) >= 2)
    coders = sorted({c for k in units for c in assignments[k]})
    done = {(a.unit_key, a.coder) for a in applied if a.code == code}
    table = [
        [(1 if (u, c) in done else 0) if c in assignments[u] else None for u in units]
        for c in coders
    ]
    return coders, units, table


def agreement_for(
    assignments: Mapping[str, Sequence[str]],
    applied: Sequence[CodedUnit],
    code: str,
    lengths: Mapping[str, int] | None = None,
) -> CodeAgreement:
    """Percent agreement, kappa (two coders) and Krippendorff's alpha for ``code`` per unit,
    and with ``lengths`` (unit key → characters) alpha over characters (passage level)."""
    coders, units, table = code_table(assignments, applied, code)
    if not units or pairable_units(table) == 0:
        return CodeAgreement(code, tuple(coders), 0, None, None, None, ())
    passage = None
    if lengths is not None:
        spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for a in applied:
            if a.code == code:
                spans.setdefault((a.unit_key, a.coder), []).extend(a.spans)
        passage = _defined(
            character_alpha(
                [(lengths.get(u, 0), {c: spans.get((u, c), []) for c in set(assignments[u])})
                 for u in units]
            )
        )  # fmt: skip
    kappa = None
    if len(coders) == 2:
        kappa = _defined(cohen_kappa(table[0], table[1]))
    return CodeAgreement(
        code=code,
        coders=tuple(coders),
        units=len(units),
        percent=_defined(percent_agreement(table)),
        kappa=kappa,
        alpha=_defined(krippendorff_alpha_nominal(table)),
        disagreements=tuple(_disagreements(coders, units, table, applied, code)),
        passage_alpha=passage,
        unit_keys=tuple(units),
    )


def _disagreements(
    coders: list[str],
    units: list[str],
    table: list[list[int | None]],
    applied: Sequence[CodedUnit],
    code: str,
) -> Iterable[Disagreement]:
    for j, unit in enumerate(units):
        yes = tuple(c for i, c in enumerate(coders) if table[i][j] == 1)
        no = tuple(c for i, c in enumerate(coders) if table[i][j] == 0)
        if yes and no:
            events = tuple(
                e for a in applied if a.unit_key == unit and a.code == code for e in a.event_ids
            )
            yield Disagreement(unit, code, yes, no, events)


def pooled_agreement(
    assignments: Mapping[str, Sequence[str]], applied: Sequence[CodedUnit], codes: Sequence[str]
) -> CodeAgreement:
    """All codes at once: every (unit, code) pair is one item coded present or absent."""
    pairs = {f"{unit}\x1f{code}": who for unit, who in assignments.items() for code in codes}
    merged = [CodedUnit(f"{a.unit_key}\x1f{a.code}", a.coder, "*", a.event_ids) for a in applied]
    result = agreement_for(pairs, merged, "*")
    return CodeAgreement("(all codes)", result.coders, len(assignments), result.percent,
                         result.kappa, result.alpha, ())  # fmt: skip
