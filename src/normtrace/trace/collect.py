"""Collect everything a case report shows from the store: documents, coverage, indicators.

:func:`collect_case_data` runs every indicator whose inputs the project holds and
records, for each one it cannot compute, why not (a missing table of a later stage,
or no documents of the needed kind) instead of inventing a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from normtrace.store.db import Store
from normtrace.trace.indicators import (
    FrameEvent,
    Persuasion,
    ProvenanceShares,
    Rate,
    safeguard_rates,
)
from normtrace.trace.store_trace import (
    CaseWindow,
    Coverage,
    chronology,
    document_coverage,
    safeguard_units,
    table_exists,
)

#: Tables each store-backed indicator needs, by the stage that writes them.
REQUIRES = {
    "frame_first_use": (("codings", "coding"), ("speech_roles", "actors")),
    "provenance_shares": (("reuse_links", "reuse"),),
    "sg_citation_rate": (("speech_roles", "actors"),),
    "persuasion_markers": (("speech_roles", "actors"),),
}


@dataclass(frozen=True)
class CaseData:
    """The store-derived inputs of a case report; ``unavailable`` says what is not there and why."""

    case: CaseWindow
    coverage: Coverage
    chronology: list[dict[str, Any]]
    safeguard: list[dict[str, Any]]
    frame_events: tuple[FrameEvent, ...] = ()
    provenance: ProvenanceShares | None = None
    sg_citation: Rate | None = None
    persuasion: Persuasion | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def collect_case_data(store: Store, case: CaseWindow) -> CaseData:
    """Read the case's documents and compute the indicators the project allows."""
    coverage = document_coverage(store, case)
    unavailable = {name: reason for name in REQUIRES if (reason := _missing(store, name))}
    safeguard = safeguard_rates(safeguard_units(store, case))
    if not safeguard:
        unavailable["safeguard_language"] = "no case documents with text in the window"
    return CaseData(
        case=case,
        coverage=coverage,
        chronology=chronology(store, case),
        safeguard=safeguard,
        unavailable=unavailable,
    )


def _missing(store: Store, indicator: str) -> str:
    absent = [(t, stage) for t, stage in REQUIRES[indicator] if not table_exists(store, t)]
    if absent:
        parts = ", ".join(f"{t} (written by the {stage} stage)" for t, stage in absent)
        return f"the project has no {parts}; run that stage first"
    return (
        "this normtrace build does not yet read these tables for the report; "
        "compute the indicator with normtrace.trace.indicators"
    )
