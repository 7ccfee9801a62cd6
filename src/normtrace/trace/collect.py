"""Collect everything a case report shows from the store: documents, coverage, indicators.

:func:`collect_case_data` runs every indicator whose inputs the project holds and
records, for each one it cannot compute, why not (a stage that has not run, or no
documents of the needed kind) instead of inventing a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from normtrace.coding.frames import project_frames
from normtrace.errors import NotFoundError
from normtrace.reuse.roles import document_role
from normtrace.reuse.secretariat import (
    SecretariatContext,
    SecretariatOrigin,
    secretariat_context,
    secretariat_origin,
    secretariat_series,
)
from normtrace.store.db import Store
from normtrace.trace.books import CodingScope, coding_scope, left_out
from normtrace.trace.credit import CreditSummary, resolution_credits
from normtrace.trace.indicators import (
    FrameEvent,
    Persuasion,
    ProvenanceShares,
    Rate,
    RenewalOrigins,
    persuasion_around_briefings,
    provenance_shares,
    renewal_origins,
    safeguard_rates,
    sg_citation_rate,
)
from normtrace.trace.mandate import MandateGrowth, mandate_growth
from normtrace.trace.store_indicators import (
    case_outcomes,
    endorsing_speeches,
    frame_events,
    mandate_series,
    meeting_speeches,
    mission_of_resolution,
    operative_sources,
    resolution_date,
    resolution_units,
)
from normtrace.trace.store_trace import (
    CaseWindow,
    Coverage,
    case_documents,
    chronology,
    document_coverage,
    safeguard_units,
    table_exists,
)
from normtrace.trace.votes import VoteSummary, vote_summary

#: the frame whose codes count as safeguard language in the mandate-growth indicator
SAFEGUARD_FRAME = "core_principles"

_INDEX = "normtrace actors links (imports the UN Library meeting index)"
#: Tables each store-backed indicator needs, with the command that fills them.
REQUIRES = {
    # resolutions and reports take their role from their document; a speech whose role
    # was never resolved counts as "unknown", so roles are no precondition here
    "frame_first_use": (("codings", "normtrace code apply"),),
    "provenance_shares": (("reuse_links", "normtrace reuse"),),
    "secretariat_origin": (("reuse_links", "normtrace reuse"),),
    "sg_citation_rate": (("speech_roles", "normtrace actors resolve"),),
    "persuasion_markers": (("speech_roles", "normtrace actors resolve"),),
    "debate_first_use": (
        ("codings", "normtrace code apply"),
        ("speech_roles", "normtrace actors resolve"),
    ),
    "vote_split": (("meetings", _INDEX),),
    "agenda_votes": (("meetings", _INDEX),),
}


#: the store's Secretariat reading, built on first use (:func:`secretariat_context`)
Reading = Callable[[], SecretariatContext]


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
    #: the key resolution's own credits to the Secretariat (:mod:`normtrace.trace.credit`)
    credits: CreditSummary | None = None
    #: tasks of the mission's mandates against safeguard units (:mod:`normtrace.trace.mandate`)
    mandate: MandateGrowth | None = None
    #: votes on the key resolution(s), and on the case's other outcomes in the window
    key_votes: VoteSummary | None = None
    agenda_votes: VoteSummary | None = None
    #: adoption date of the key resolution (the end of the debate it closes)
    adoption_date: str | None = None
    #: the key resolution's operative paragraphs (what an indicator of absence examined)
    key_operative: tuple[str, ...] = ()
    #: new wording of the mission's renewals in the window first found in SG reports
    renewals: RenewalOrigins | None = None
    #: speeches of states in the case documents (None: not counted); without any, who used a
    #: frame first cannot be told from documents alone
    state_speeches: int | None = None
    #: the codings read (one codebook's of a shared code id) and the other codebooks'
    #: codings of the case documents left out (:mod:`normtrace.trace.books`)
    codings: CodingScope = field(default_factory=CodingScope)


def collect_case_data(
    store: Store, case: CaseWindow, *, codings: CodingScope | None = None
) -> CaseData:
    """Read the case's documents and compute the indicators the project allows, of the
    codings ``codings`` reads (default: :func:`~normtrace.trace.books.coding_scope`, each
    code id two codebooks share read from the first registered)."""
    scope = coding_scope(store) if codings is None else codings
    # the key resolution's Secretariat origin and its mission's renewals read one context
    reading: Reading = cache(lambda: secretariat_context(store))
    unavailable = {name: reason for name in REQUIRES if (reason := _missing(store, name))}
    safeguard = safeguard_rates(safeguard_units(store, case))
    if not safeguard:
        unavailable["safeguard_language"] = "no case documents with text in the window"
    events = _frames(store, case, scope, unavailable)
    frames = {f: tuple(sorted(c)) for f, c in sorted(project_frames(store).items())}
    adoption = resolution_date(store, case.key_resolution) if case.key_resolution else None
    key_votes, agenda_votes = _votes(store, case, unavailable)
    if "debate_first_use" not in unavailable and not any(e.speech for e in events):
        unavailable["debate_first_use"] = (
            "no coded speech of a case meeting (add the meeting records of the debate, e.g. "
            "with normtrace fetch S/PV.NNNN or ingest-corpus, then code apply and actors resolve)"
        )
    return CaseData(
        case=case,
        coverage=document_coverage(store, case),
        chronology=chronology(store, case),
        safeguard=safeguard,
        frame_events=tuple(events),
        provenance=_provenance(store, case, unavailable),
        secretariat=_secretariat(store, case, unavailable, reading),
        sg_citation=_citations(store, case, unavailable),
        persuasion=_persuasion(store, case, unavailable),
        unavailable=unavailable,
        frames=frames,
        credits=_credits(store, case, unavailable),
        mandate=_mandate(store, case, frames, scope, unavailable),
        key_votes=key_votes,
        agenda_votes=agenda_votes,
        adoption_date=adoption,
        state_speeches=_state_speeches(store, case),
        renewals=_renewals(store, case, adoption, unavailable, reading),
        key_operative=tuple(
            u.key
            for u in (resolution_units(store, case.key_resolution) if case.key_resolution else [])
            if u.kind == "operative"
        ),
        codings=left_out(store, scope, [d["id"] for d in case_documents(store, case)]),
    )


#: What a table of :data:`REQUIRES` is filled from: the rows that must exist first (SQL), and
#: what to say when there are none (running the command again would fill nothing).
FILLED_FROM = {
    "speech_roles": (
        "SELECT 1 FROM speeches WHERE is_current = 1 LIMIT 1",
        "the project holds no meeting records (no speeches for `normtrace actors resolve` to "
        "give roles); add the case's meeting records (normtrace fetch S/PV.NNNN, then "
        "normtrace ingest downloads; or normtrace ingest-corpus DIR), then run `normtrace "
        "actors resolve`",
    ),
}


def _missing(store: Store, indicator: str) -> str:
    """Why an indicator's tables are absent or empty ('' when they hold rows): the
    command to run, or, when what the command reads is missing too, what to add first."""
    for table, command in REQUIRES[indicator]:
        source = FILLED_FROM.get(table)
        empty = not table_exists(store, table) or (
            store.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        )
        if empty and source and store.conn.execute(source[0]).fetchone() is None:
            return source[1]
        if not table_exists(store, table):
            return f"the project has no {table} table; run `{command}` first"
        if empty:
            return f"{table} is empty; run `{command}` first"
    return ""


def _frames(
    store: Store, case: CaseWindow, scope: CodingScope, unavailable: dict[str, str]
) -> list[FrameEvent]:
    if "frame_first_use" in unavailable:
        return []
    events = frame_events(store, case, scope.sql())
    if not events:
        unavailable["frame_first_use"] = "no coded spans in the case documents"
    return events


def _secretariat(
    store: Store, case: CaseWindow, unavailable: dict[str, str], reading: Reading
) -> SecretariatOrigin | None:
    if "secretariat_origin" in unavailable:
        return None
    if not case.key_resolution:
        unavailable["secretariat_origin"] = "the case names no key resolution"
        return None
    try:
        found = secretariat_origin(store, case.key_resolution, reading())
    except NotFoundError as exc:
        unavailable["secretariat_origin"] = str(exc)
        return None
    adopted = found.date or "9999-12-31"
    reports = [
        d for d in case_documents(store, case)
        if document_role(d["doc_type"], d["title"]) == "secretariat"
    ]  # fmt: skip
    case_report = any((d["date"] or "9999") <= adopted for d in reports)
    cited = sorted(
        {s for c in resolution_credits("", _paragraphs(store, case.key_resolution)).credits
         for s in c.symbols}
    )  # fmt: skip
    held = [s for s in cited if _stored_report(store, s)]
    if not case_report and not held:
        unavailable["secretariat_origin"] = _no_earlier_report(
            case.key_resolution, adopted, reports, cited
        )
        return None
    return found


def _no_earlier_report(
    key: str, adopted: str, reports: list[dict[str, Any]], cited: list[str]
) -> str:
    """Why the key resolution's wording cannot be traced to a report: what the project
    lacks (the reports before it, by symbol when the resolution cites them), and what it
    holds (its reports of the case, all later)."""
    if cited:
        lacking = (
            f"{key} cites {', '.join(cited)}, which the project does not hold: normtrace "
            f"fetch {' '.join(cited)}, then normtrace ingest downloads and normtrace reuse"
        )
    else:
        lacking = (
            f"no Secretary-General report of this case from before {adopted} is in the "
            "project: normtrace fetch S/YYYY/NNN (the reports before it), then normtrace "
            "ingest downloads and normtrace reuse"
        )
    if not reports:
        return lacking
    first = min(reports, key=lambda d: (d["date"] or "9999", d["symbol"]))
    n = len(reports)
    held = (
        f"the project's {n} Secretary-General report{'s' if n > 1 else ''} of this case "
        f"{'all date' if n > 1 else 'dates'} from after {key} (adopted {adopted}; the "
        f"earliest is {first['symbol']} of {first['date']}), so none can be the source of its "
        "wording"
    )
    return f"{held}; {lacking}"


def _renewals(
    store: Store,
    case: CaseWindow,
    adoption: str | None,
    unavailable: dict[str, str],
    reading: Reading,
) -> RenewalOrigins | None:
    name = "renewal_secretariat_origin"
    if "secretariat_origin" in REQUIRES and _missing(store, "secretariat_origin"):
        unavailable[name] = _missing(store, "secretariat_origin")
        return None
    mission = mission_of_resolution(store, case.key_resolution) if case.key_resolution else None
    if mission is None or adoption is None:
        unavailable[name] = "the key resolution decides no mission's mandate the project can name"
        return None
    reports = sorted(
        d["date"] for d in case_documents(store, case)
        if document_role(d["doc_type"], d["title"]) == "secretariat" and d["date"]
    )  # fmt: skip
    try:
        series = secretariat_series(
            store, mission, since=int(case.start[:4]), until=int(case.end[:4]), ctx=reading()
        )
    except NotFoundError as exc:
        unavailable[name] = str(exc)
        return None
    renewals = [
        s for s in series if s.date and s.date > adoption and reports and reports[0] < s.date
    ]
    if not renewals:
        unavailable[name] = (
            f"no renewal of {mission} in the window after {adoption} has a Secretary-General "
            "report of the case before it in the project"
        )
        return None
    return renewal_origins(mission, renewals)


def _state_speeches(store: Store, case: CaseWindow) -> int:
    if not table_exists(store, "speech_roles"):
        return 0
    ids = [d["id"] for d in case_documents(store, case)]
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    row = store.conn.execute(
        "SELECT COUNT(*) FROM units u JOIN speech_roles r ON r.speech_key = u.key "
        f"AND r.is_current = 1 WHERE u.unit_type = 'speech' AND u.document_id IN ({marks}) "
        "AND r.role IN ('permanent_member', 'elected_member', 'non_member_state')",
        ids,
    ).fetchone()
    return int(row[0])


def _stored_report(store: Store, symbol: str) -> bool:
    return bool(
        store.conn.execute(
            "SELECT 1 FROM documents WHERE symbol = ? AND is_current = 1 AND doc_type = 'report'",
            (symbol,),
        ).fetchone()
    )


def _paragraphs(store: Store, symbol: str) -> list[tuple[str, str]]:
    return [(u.key, u.text) for u in resolution_units(store, symbol)]


def _credits(store: Store, case: CaseWindow, unavailable: dict[str, str]) -> CreditSummary | None:
    if not case.key_resolution:
        unavailable["sg_credit"] = "the case names no key resolution"
        return None
    paragraphs = _paragraphs(store, case.key_resolution)
    if not paragraphs:
        unavailable["sg_credit"] = (
            f"{case.key_resolution} is not in the project (normtrace fetch it, then ingest)"
        )
        return None
    return resolution_credits(case.key_resolution, paragraphs)


def _mandate(
    store: Store,
    case: CaseWindow,
    frames: dict[str, tuple[str, ...]],
    scope: CodingScope,
    unavailable: dict[str, str],
) -> MandateGrowth | None:
    mission = mission_of_resolution(store, case.key_resolution) if case.key_resolution else None
    if mission is None:
        unavailable["mandate_growth"] = (
            "the key resolution decides no mission's mandate the project can name"
        )
        return None
    codes = frames.get(SAFEGUARD_FRAME, ())
    series, source = mandate_series(store, mission, case.end, codes, scope.sql())
    growth = mandate_growth(mission, series, source=source)
    if growth.unresolved:
        unavailable["mandate_growth"] = (
            f"{mission}'s tasks from {growth.first.resolution if growth.first else '?'} to "
            f"{growth.last.resolution if growth.last else '?'} are not comparable: "
            + "; ".join(growth.unresolved[:2])
            + (f"; and {len(growth.unresolved) - 2} more" if len(growth.unresolved) > 2 else "")
        )
        return None
    if growth.task_change is None:
        listed = [r.resolution for r in series if r.restated]
        unavailable["mandate_growth"] = (
            f"{len(listed)} of the {len(series)} stored {mission} mandate resolutions up to "
            f"{case.end[:4]} list the mission's tasks ({', '.join(listed) or 'none'}); two "
            "are needed to compare"
        )
        return None
    return growth


def _votes(
    store: Store, case: CaseWindow, unavailable: dict[str, str]
) -> tuple[VoteSummary | None, VoteSummary | None]:
    if "vote_split" in unavailable:
        return None, None
    keys = [case.key_resolution] if case.key_resolution else []
    others = [
        d["symbol"]
        for d in case_documents(store, case)
        if d["doc_type"] == "resolution" and d["symbol"] not in keys
    ]
    outcomes = case_outcomes(store, case, [*keys, *others])
    key_votes = vote_summary(o for o in outcomes if o.symbol in keys)
    agenda = vote_summary(o for o in outcomes if o.symbol not in keys)
    if key_votes is None:
        unavailable["vote_split"] = (
            "the meeting index prints no vote for the key resolution (normtrace actors links)"
        )
    if agenda is None:
        unavailable["agenda_votes"] = "no other case resolution or failed draft with a vote"
    return key_votes, agenda


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
