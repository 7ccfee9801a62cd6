"""Collect everything a case report shows from the store: documents, coverage, indicators.

:func:`collect_case_data` runs every indicator whose inputs the project holds and
records, for each one it cannot compute, why not (a stage that has not run, or no
documents of the needed kind) instead of inventing a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from normtrace.coding.frames import project_frames
from normtrace.errors import NotFoundError
from normtrace.reuse.secretariat import SecretariatOrigin, secretariat_origin
from normtrace.store.db import Store
from normtrace.trace.indicators import (
    FrameEvent,
    Persuasion,
    ProvenanceShares,
    Rate,
    persuasion_around_briefings,
    provenance_shares,
    safeguard_rates,
    sg_citation_rate,
)
from normtrace.trace.store_indicators import (
    endorsing_speeches,
    frame_events,
    meeting_speeches,
    operative_sources,
)
from normtrace.trace.store_trace import (
    CaseWindow,
    Coverage,
    chronology,
    document_coverage,
    safeguard_units,
    table_exists,
)

#: Tables each store-backed indicator needs, with the command that fills them.
REQUIRES = {
    "frame_first_use": (
        ("codings", "normtrace code apply"),
        ("speech_roles", "normtrace actors resolve"),
    ),
    "provenance_shares": (("reuse_links", "normtrace reuse"),),
    "secretariat_origin": (("reuse_links", "normtrace reuse"),),
    "sg_citation_rate": (("speech_roles", "normtrace actors resolve"),),
    "persuasion_markers": (("speech_roles", "normtrace actors resolve"),),
}


@dataclass(frozen=True)
class CaseData:
    """The store-derived inputs of a case report; ``unavailable`` says what is missing and why."""

    case: CaseWindow
    coverage: Coverage
    chronology: list[dict[str, Any]]
    safeguard: list[dict[str, Any]]
    frame_events: tuple[FrameEvent, ...] = ()
    provenance: ProvenanceShares | None = None
    #: new operative wording of the key resolution first found in an SG report
    secretariat: SecretariatOrigin | None = None
    sg_citation: Rate | None = None
    persuasion: Persuasion | None = None
    unavailable: dict[str, str] = field(default_factory=dict)
    #: frame → code ids, as the project's codebooks declare them (``frames:``)
    frames: dict[str, tuple[str, ...]] = field(default_factory=dict)


def collect_case_data(store: Store, case: CaseWindow) -> CaseData:
    """Read the case's documents and compute the indicators the project allows."""
    unavailable = {name: reason for name in REQUIRES if (reason := _missing(store, name))}
    safeguard = safeguard_rates(safeguard_units(store, case))
    if not safeguard:
        unavailable["safeguard_language"] = "no case documents with text in the window"
    events = _frames(store, case, unavailable)
    return CaseData(
        case=case,
        coverage=document_coverage(store, case),
        chronology=chronology(store, case),
        safeguard=safeguard,
        frame_events=tuple(events),
        provenance=_provenance(store, case, unavailable),
        secretariat=_secretariat(store, case, unavailable),
        sg_citation=_citations(store, case, unavailable),
        persuasion=_persuasion(store, case, unavailable),
        unavailable=unavailable,
        frames={f: tuple(sorted(c)) for f, c in sorted(project_frames(store).items())},
    )


def _missing(store: Store, indicator: str) -> str:
    """Why an indicator's tables are absent or empty ('' when they hold rows)."""
    for table, command in REQUIRES[indicator]:
        if not table_exists(store, table):
            return f"the project has no {table} table; run `{command}` first"
        if store.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
            return f"{table} is empty; run `{command}` first"
    return ""


def _frames(store: Store, case: CaseWindow, unavailable: dict[str, str]) -> list[FrameEvent]:
    if "frame_first_use" in unavailable:
        return []
    events = frame_events(store, case)
    if not events:
        unavailable["frame_first_use"] = "no coded spans in the case documents"
    return events


def _secretariat(
    store: Store, case: CaseWindow, unavailable: dict[str, str]
) -> SecretariatOrigin | None:
    if "secretariat_origin" in unavailable:
        return None
    if not case.key_resolution:
        unavailable["secretariat_origin"] = "the case names no key resolution"
        return None
    try:
        found = secretariat_origin(store, case.key_resolution)
    except NotFoundError as exc:
        unavailable["secretariat_origin"] = str(exc)
        return None
    if not store.conn.execute(
        "SELECT 1 FROM documents WHERE doc_type = 'report' LIMIT 1"
    ).fetchone():
        unavailable["secretariat_origin"] = (
            "no Secretary-General report is ingested (normtrace ingest the reports, then reuse)"
        )
        return None
    return found


def _provenance(
    store: Store, case: CaseWindow, unavailable: dict[str, str]
) -> ProvenanceShares | None:
    if "provenance_shares" in unavailable:
        return None
    if not case.key_resolution:
        unavailable["provenance_shares"] = "the case names no key resolution"
        return None
    try:
        paragraphs = operative_sources(store, case.key_resolution)
    except NotFoundError as exc:
        unavailable["provenance_shares"] = str(exc)
        return None
    return provenance_shares(case.key_resolution, paragraphs)


def _citations(store: Store, case: CaseWindow, unavailable: dict[str, str]) -> Rate | None:
    if "sg_citation_rate" in unavailable:
        return None
    rate = sg_citation_rate(endorsing_speeches(store, case))
    if not rate.denominator:
        unavailable["sg_citation_rate"] = (
            "no state speeches with a resolved role at the adoption meetings of the case "
            "resolutions (add the meeting records, then run `normtrace actors resolve`)"
        )
        return None
    return rate


def _persuasion(store: Store, case: CaseWindow, unavailable: dict[str, str]) -> Persuasion | None:
    if "persuasion_markers" in unavailable:
        return None
    result = persuasion_around_briefings(meeting_speeches(store, case))
    if not result.meetings:
        unavailable["persuasion_markers"] = "no case meeting with a Secretariat briefing"
        return None
    return result
