"""Named, documented indicators for process tracing, computed over plain values.

Each function takes plain inputs (events, speeches, unit texts, reuse aggregates)
so it is testable without a project store; :mod:`normtrace.trace.store_trace`
reads those inputs from the store. Every result keeps the unit keys it rests on,
so that a number in a conclusion points back to text, and has ``to_json()``.

Roles are those of :mod:`normtrace.actors` (``speech_roles.role``): president,
permanent_member, elected_member, non_member_state, secretariat, un_entity, igo,
ngo, unknown. *State* roles are :data:`STATE_ROLES` (the President is left out:
the record does not say whether the chair speaks nationally).

Indicators (version names are recorded with stored values):

* :func:`frame_first_use` / :func:`frame_lags` / :func:`frame_timeline`
  (``indicator.frame_first_use.v2``; v2: each event carries its ``genre`` instead of a
  speech flag): first use of a frame (codebook code) by each role,
  the lag in days of each role behind a reference role, and uses per role and year.
* :func:`provenance_shares` (``indicator.provenance_shares.v2``; v2: shares of the operative
  wording, the words of citations of documents apart): the share of a key resolution's
  operative text whose earliest source is the Secretariat, a state, an NGO or an earlier
  resolution.
* :func:`sg_citation_rate` (``indicator.sg_citation_rate.v1``): how often states
  endorsing the mandate cite the Secretary-General's or Secretariat's assessment.
* :func:`persuasion_around_briefings` (``indicator.persuasion_markers.v1``): persuasion
  markers in state speeches before and after the first Secretariat briefing of a meeting.
* :func:`debate_first_use` (``indicator.debate_first_use.v1``): who first used a frame in
  the Council's debate up to the key resolution's adoption, by role (Secretariat briefer,
  permanent member, elected member, NGO, other speaker).
* :func:`safeguard_rates` (``indicator.safeguard_language.v1``): consent, impartiality
  and minimal-force language per year (matches per 10,000 words, share of units).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from normtrace.reuse.roles import CITATION

STATE_ROLES = frozenset({"permanent_member", "elected_member", "non_member_state"})
SECRETARIAT_ROLES = frozenset({"secretariat", "un_entity"})

VERSIONS = {
    "frame_first_use": "indicator.frame_first_use.v2",
    "provenance_shares": "indicator.provenance_shares.v2",
    "sg_citation_rate": "indicator.sg_citation_rate.v1",
    "persuasion_markers": "indicator.persuasion_markers.v1",
    "safeguard_language": "indicator.safeguard_language.v1",
    "debate_first_use": "indicator.debate_first_use.v1",
    "sg_credit": "indicator.sg_credit.v1",
    # v2: a mission's mandates and task lists by what they are (decisions naming the
    # mission: 3da45d7, cfcacf5) and tasks given by reference counted (95ee6a2); v3: a task
    # pointing at its resolution's own paragraphs leaves the count incomplete (6d28f2f);
    # v4: the list's tasks (each dash task, in any file encoding), a list's pointers to its
    # own paragraphs counted once; tasks given outside the list a separate figure, never
    # compared (census: data/validation/mandate/)
    "mandate_growth": "indicator.mandate_growth.v4",
    "vote_split": "indicator.vote_split.v1",
    "agenda_votes": "indicator.agenda_votes.v1",
    # v3: the words whose earliest source is a report on the mission (or its predecessor or
    # successor), the strict figure docs/haiti.md says to quote; v2 counted every SG report
    "renewal_secretariat_origin": "indicator.renewal_secretariat_origin.v3",
}

# OCR splits "Secretary-General" at line ends ("Secretary- General", "SecretaryGeneral").
_SG = (
    r"(?:Under-\s?Secretary-?\s?General|Secretary-?\s?General|Secretariat"
    r"|Special Representative)"
)
_ASSESS = (
    r"(?:report|assessment|recommendations?|analysis|briefing|proposals?|options"
    r"|observations?|findings)"
)

#: Citations of the Secretary-General's or Secretariat's assessment.
SG_ASSESSMENT = re.compile(
    rf"\b{_SG}(?:'s|\u2019s)\s+(?:\w+\s+){{0,2}}?{_ASSESS}\b"
    rf"|\b{_ASSESS}\s+(?:of|by|from)\s+the\s+{_SG}\b"
    rf"|\bas\s+(?:the\s+)?{_SG}\s+(?:has\s+)?(?:rightly\s+)?"
    r"(?:said|noted|stated|recommended|indicated|pointed out|stressed|underlined)\b",
    re.IGNORECASE,
)

#: Persuasion markers: agreement with, or uptake of, what a briefer said.
PERSUASION = re.compile(
    rf"\b(?:we|I)\s+(?:fully\s+)?(?:agree|concur)\s+with\s+(?:the\s+)?(?:{_SG}|briefer)"
    rf"|\bas\s+(?:the\s+)?{_SG}\s+(?:has\s+)?(?:rightly\s+|just\s+)?"
    r"(?:said|noted|pointed out|stressed|underlined|emphasized|explained|told us|highlighted)\b"
    r"|\b(?:in light of|given|following)\s+(?:the|this|today's)\s+briefing"
    r"|\bthe briefing\s+(?:has\s+)?(?:shown|made clear|demonstrated|confirmed)"
    r"|\b(?:we are|I am)\s+(?:now\s+)?(?:convinced|persuaded)\b"
    rf"|\bshares?\s+the\s+(?:assessment|analysis|view|concerns?)\s+of\s+the\s+{_SG}",
    re.IGNORECASE,
)

#: Safeguard language of classical peacekeeping (consent, impartiality, minimal force).
SAFEGUARD_PATTERNS: dict[str, re.Pattern[str]] = {
    "consent": re.compile(r"\bconsent\b", re.IGNORECASE),
    "impartiality": re.compile(r"\bimpartial(?:ity|ly)?\b", re.IGNORECASE),
    "minimal_force": re.compile(
        r"\bnon-use of force\b|\bminim(?:um|al)\s+(?:use\s+of\s+)?force\b|\bself-defen[cs]e\b",
        re.IGNORECASE,
    ),
}


class _Json:
    def to_json(self) -> dict[str, Any]:
        """The result as JSON-able data."""
        return asdict(self)  # type: ignore[call-overload, no-any-return]


# --- frames by role -----------------------------------------------------------------


@dataclass(frozen=True)
class FrameEvent:
    """One use of a frame (codebook code) in a unit, with the speaker's role and date."""

    date: str
    role: str
    code: str
    key: str
    #: what the unit is: ``speech`` (debate), ``report`` (a paragraph of a Secretary-General's
    #: report) or ``""`` (another document's paragraph; :func:`normtrace.coding.units.genre`)
    genre: str = ""

    @property
    def speech(self) -> bool:
        """The unit is a speech (debate), not a document paragraph."""
        return self.genre == "speech"


def frame_first_use(events: Iterable[FrameEvent]) -> dict[str, dict[str, FrameEvent]]:
    """The first use of each frame by each role: ``{code: {role: event}}``.

    Ties on the date go to the smaller unit key, so the result is deterministic.

    >>> ev = [FrameEvent("2013-03-28", "permanent_member", "offensive", "S/PV.6943/s004"),
    ...       FrameEvent("2013-02-27", "secretariat", "offensive", "S/2013/119/p45")]
    >>> frame_first_use(ev)["offensive"]["secretariat"].key
    'S/2013/119/p45'
    """
    first: dict[str, dict[str, FrameEvent]] = defaultdict(dict)
    for ev in events:
        best = first[ev.code].get(ev.role)
        if best is None or (ev.date, ev.key) < (best.date, best.key):
            first[ev.code][ev.role] = ev
    return dict(first)


def frame_lags(
    first: Mapping[str, FrameEvent], *, reference: str = "secretariat"
) -> dict[str, int | None]:
    """Days from ``reference``'s first use of a frame to each role's first use.

    Positive: the role used the frame after the reference role; ``None`` for every
    role when the reference role never used it.
    """
    ref = first.get(reference)
    return {
        role: None if ref is None else (_day(ev.date) - _day(ref.date)).days
        for role, ev in sorted(first.items())
    }


def frame_timeline(events: Iterable[FrameEvent]) -> list[dict[str, Any]]:
    """Uses per frame, role and year (rows ``code, role, year, uses, first_key``)."""
    counts: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for ev in events:
        counts[(ev.code, ev.role, int(ev.date[:4]))].append(ev.key)
    return [
        {"code": c, "role": r, "year": y, "uses": len(keys), "first_key": min(keys)}
        for (c, r, y), keys in sorted(counts.items())
    ]


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


#: Speaker roles of the debate indicator, by category (the President's chair is left out).
DEBATE_ROLES = {
    "secretariat": "secretariat",
    "un_entity": "secretariat",
    "permanent_member": "permanent",
    "elected_member": "elected",
    "ngo": "ngo",
    "non_member_state": "other",
    "igo": "other",
}


@dataclass(frozen=True)
class DebateFirstUse(_Json):
    """First use of the watched frames in Council speeches up to ``until``, per category."""

    until: str
    leader: str
    first: dict[str, dict[str, str]]
    uses: dict[str, int]


def debate_first_use(events: Iterable[FrameEvent], until: str) -> DebateFirstUse | None:
    """Who spoke a frame first in the debate (speeches dated on or before ``until``).

    Only speech events count, by :data:`DEBATE_ROLES` category; ties on the date go to the
    earlier speech key (record order within a meeting). None without such a speech.

    >>> ev = [FrameEvent("2013-03-28", "permanent_member", "ib", "S/PV.6943/s004", "speech"),
    ...       FrameEvent("2013-03-28", "secretariat", "ib", "S/PV.6943/s002", "speech"),
    ...       FrameEvent("2013-02-27", "secretariat", "ib", "S/2013/119/p45")]
    >>> debate_first_use(ev, "2013-03-28").leader
    'secretariat'
    """
    first: dict[str, FrameEvent] = {}
    uses: dict[str, int] = defaultdict(int)
    for ev in sorted(events, key=lambda e: (e.date, e.key)):
        category = DEBATE_ROLES.get(ev.role)
        if not ev.speech or category is None or ev.date[:10] > until[:10]:
            continue
        first.setdefault(category, ev)
        uses[category] += 1
    if not first:
        return None
    leader = min(first, key=lambda c: (first[c].date, first[c].key))
    table = {c: {"date": e.date, "code": e.code, "key": e.key} for c, e in sorted(first.items())}
    return DebateFirstUse(until, leader, table, dict(sorted(uses.items())))


# --- Secretariat origin of the renewals' new wording --------------------------------------


@dataclass(frozen=True)
class RenewalOrigins(_Json):
    """New operative wording of a mission's renewals first found in Secretary-General reports
    on the mission.

    ``rows`` has one entry per renewal (resolution, date, new_words, from_secretariat,
    from_secretariat_any_mission, from_secretariat_other_mission, reports); ``keys`` the
    renewal paragraphs holding such wording. New words are wording only, never the words of a
    citation of a document. ``from_secretariat`` counts the new words whose earliest source is
    an SG report on the mission, its predecessor or successor (``SecretariatOrigin.
    from_secretariat_same_mission``, the strict figure: a report on another mission can hold an
    ordinary phrase nobody borrowed, and a report naming no mission is not known to be on it);
    ``from_secretariat_any_mission`` every SG report's (``indicator.
    renewal_secretariat_origin.v3``; :mod:`normtrace.reuse.secretariat`).
    """

    mission: str
    rows: list[dict[str, Any]]
    new_words: int
    from_secretariat: int
    keys: list[str]
    from_secretariat_any_mission: int = 0

    @property
    def share(self) -> float:
        """Share of the renewals' new operative words whose earliest source is a report."""
        return self.from_secretariat / self.new_words if self.new_words else 0.0


def renewal_origins(mission: str, origins: Iterable[Any]) -> RenewalOrigins:
    """Pool :class:`~normtrace.reuse.secretariat.SecretariatOrigin` results of renewals.

    Only the words from reports on the mission count (:class:`RenewalOrigins`).

    >>> from types import SimpleNamespace as O
    >>> a = O(resolution="R2", date="2005", new_words=100, from_secretariat=14,
    ...       from_secretariat_same_mission=10, from_secretariat_other_mission=4, passages=[])
    >>> b = O(resolution="R3", date="2006", new_words=100, from_secretariat=2,
    ...       from_secretariat_same_mission=2, from_secretariat_other_mission=0, passages=[])
    >>> found = renewal_origins("M", [a, b])
    >>> found.share, found.from_secretariat, found.from_secretariat_any_mission
    (0.06, 12, 16)
    """
    rows, keys, new, sec, every = [], [], 0, 0, 0
    for o in origins:
        own = [p for p in o.passages if p.earliest_words and p.same_mission]
        rows.append({
            "resolution": o.resolution, "date": o.date, "new_words": o.new_words,
            "from_secretariat": o.from_secretariat_same_mission,
            "from_secretariat_any_mission": o.from_secretariat,
            "from_secretariat_other_mission": o.from_secretariat_other_mission,
            "reports": sorted({p.report for p in own}),
        })  # fmt: skip
        keys += [p.target for p in own]
        new += o.new_words
        sec += o.from_secretariat_same_mission
        every += o.from_secretariat
    return RenewalOrigins(mission, rows, new, sec, list(dict.fromkeys(keys)), every)


# --- provenance of the key resolution --------------------------------------------------


@dataclass(frozen=True)
class ParagraphSources:
    """One operative paragraph: its word count and words per earliest-source category.

    Categories are those of :func:`normtrace.reuse.roles.origin_category`: secretariat,
    council_mission, council_body, state, ngo, resolution, other, reported_in_sg_report (words
    an SG report gives as another's, never the Secretariat's), citation (words of a citation
    of a document: nobody's wording), none (wording with no earlier source found). This is the
    shape of
    ``normtrace.reuse.aggregate.ParagraphOrigins``.
    """

    key: str
    words: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class ProvenanceShares(_Json):
    """Shares of operative wording per earliest source, and each paragraph's majority source.

    ``words`` counts the operative words, ``citations`` those of citations of documents, which
    no share and no majority counts (a citation is nobody's wording: the shares are of the
    ``words - citations`` words of wording, as ``aggregate`` gives them).
    """

    resolution: str
    words: int
    shares: dict[str, float]
    by_paragraphs: dict[str, int]
    keys: dict[str, list[str]] = field(default_factory=dict)
    citations: int = 0


def provenance_shares(resolution: str, paragraphs: Iterable[ParagraphSources]) -> ProvenanceShares:
    """Share of the key resolution's operative wording whose earliest source is each category.

    Takes the reuse case aggregate's paragraphs; a paragraph counts for the category
    holding most of its words of wording (``keys`` lists the paragraphs of each category). The
    words of citations (``citation``) are in no share and no majority (:class:`ProvenanceShares`).

    >>> p = [ParagraphSources("R/op1", 10, {"secretariat": 6, "none": 2, "citation": 2}),
    ...      ParagraphSources("R/op2", 8, {"none": 2, "citation": 6})]
    >>> found = provenance_shares("R", p)
    >>> found.shares, found.citations, found.keys
    ({'none': 0.4, 'secretariat': 0.6}, 8, {'secretariat': ['R/op1'], 'none': ['R/op2']})
    """
    words: dict[str, int] = defaultdict(int)
    keys: dict[str, list[str]] = defaultdict(list)
    total = cited = 0
    for para in paragraphs:
        total += para.words
        cited += para.counts.get(CITATION, 0)
        wording = {c: n for c, n in para.counts.items() if c != CITATION and n}
        for category, n in wording.items():
            words[category] += n
        if wording:
            top = max(sorted(wording), key=lambda c: wording[c])
            keys[top].append(para.key)
    n = total - cited
    shares = {c: k / n for c, k in sorted(words.items()) if k and n}
    by_paragraphs = {c: len(k) for c, k in sorted(keys.items())}
    return ProvenanceShares(resolution, total, shares, by_paragraphs, dict(keys), cited)


# --- citing the Secretary-General's assessment -------------------------------------------


@dataclass(frozen=True)
class RoleSpeech:
    """A speech with the speaker's role; ``endorses`` marks support for the mandate."""

    key: str
    role: str
    text: str
    endorses: bool = True


@dataclass(frozen=True)
class Rate(_Json):
    """``numerator`` of ``denominator`` units; ``keys`` those in the numerator, ``counted`` all."""

    numerator: int
    denominator: int
    keys: list[str]
    quotes: dict[str, str] = field(default_factory=dict)
    counted: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """numerator / denominator, or None when there is nothing to count."""
        return self.numerator / self.denominator if self.denominator else None


def sg_citation_rate(
    speeches: Iterable[RoleSpeech], *, pattern: re.Pattern[str] = SG_ASSESSMENT
) -> Rate:
    """How many state speeches endorsing the mandate cite the SG's/Secretariat's assessment.

    >>> s = [RoleSpeech("k1", "elected_member", "We support the Secretary-General's report."),
    ...      RoleSpeech("k2", "permanent_member", "We vote in favour.")]
    >>> sg_citation_rate(s).rate
    0.5
    """
    keys, quotes, counted = [], {}, []
    for sp in speeches:
        if sp.role not in STATE_ROLES or not sp.endorses:
            continue
        counted.append(sp.key)
        match = pattern.search(sp.text)
        if match:
            keys.append(sp.key)
            quotes[sp.key] = _context(sp.text, match)
    return Rate(len(keys), len(counted), keys, quotes, counted)


def _context(text: str, match: re.Match[str], width: int = 80) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


# --- persuasion markers around Secretariat briefings ------------------------------------


@dataclass(frozen=True)
class MeetingSpeech:
    """A speech of a meeting in record order (``index``), with its speaker's role."""

    meeting: str
    index: int
    role: str
    key: str
    text: str


@dataclass(frozen=True)
class Window(_Json):
    """State speeches on one side of a briefing: counts, words and matching keys."""

    speeches: int = 0
    with_marker: int = 0
    markers: int = 0
    words: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def per_1000_words(self) -> float | None:
        """Markers per 1,000 words, or None without words."""
        return 1000 * self.markers / self.words if self.words else None


@dataclass(frozen=True)
class Persuasion(_Json):
    """Persuasion markers before and after the first Secretariat briefing, per meeting."""

    meetings: dict[str, dict[str, Any]]
    before: Window
    after: Window


def persuasion_around_briefings(
    speeches: Iterable[MeetingSpeech], *, pattern: re.Pattern[str] = PERSUASION
) -> Persuasion:
    """Compare persuasion markers in state speeches before and after a Secretariat briefing.

    Only meetings with a Secretariat speaker count; the split is at the first
    Secretariat speech by speech index. Speeches are compared within the meeting.
    """
    by_meeting: dict[str, list[MeetingSpeech]] = defaultdict(list)
    for sp in speeches:
        by_meeting[sp.meeting].append(sp)
    per_meeting: dict[str, dict[str, Any]] = {}
    totals = {"before": Window(), "after": Window()}
    for meeting, items in sorted(by_meeting.items()):
        split = _first_briefing(items)
        if split is None:
            continue
        sides = _sides(items, split.index, pattern)
        per_meeting[meeting] = {
            "briefing_key": split.key,
            **{k: asdict(v) for k, v in sides.items()},
        }
        totals = {k: _add(totals[k], sides[k]) for k in totals}
    return Persuasion(per_meeting, totals["before"], totals["after"])


def _first_briefing(items: list[MeetingSpeech]) -> MeetingSpeech | None:
    briefings = [s for s in items if s.role in SECRETARIAT_ROLES]
    return min(briefings, key=lambda s: s.index) if briefings else None


def _sides(items: list[MeetingSpeech], split: int, pattern: re.Pattern[str]) -> dict[str, Window]:
    sides = {"before": Window(), "after": Window()}
    for sp in items:
        if sp.role not in STATE_ROLES:
            continue
        found = len(pattern.findall(sp.text))
        one = Window(1, int(found > 0), found, len(sp.text.split()), [sp.key] if found else [])
        side = "before" if sp.index < split else "after"
        sides[side] = _add(sides[side], one)
    return sides


def _add(a: Window, b: Window) -> Window:
    return Window(
        a.speeches + b.speeches,
        a.with_marker + b.with_marker,
        a.markers + b.markers,
        a.words + b.words,
        a.keys + b.keys,
    )


# --- safeguard language over time -----------------------------------------------------


@dataclass(frozen=True)
class TextUnit:
    """A unit of text with its year and a group label (doc type, role ...)."""

    year: int
    key: str
    text: str
    group: str = "all"


def safeguard_rates(
    units: Iterable[TextUnit],
    *,
    patterns: Mapping[str, re.Pattern[str]] = SAFEGUARD_PATTERNS,
) -> list[dict[str, Any]]:
    """Consent / impartiality / minimal-force language per group, year and term.

    Rows: ``group, year, term, units, units_with, matches, words, per_10k_words,
    share_of_units, keys`` (keys of the units with a match).
    """
    acc: dict[tuple[str, int], dict[str, Any]] = {}
    for unit in units:
        cell = acc.setdefault((unit.group, unit.year), {"units": 0, "words": 0, "terms": {}})
        cell["units"] += 1
        cell["words"] += len(unit.text.split())
        for term, rx in patterns.items():
            found = len(rx.findall(unit.text))
            hits = cell["terms"].setdefault(term, {"matches": 0, "keys": []})
            hits["matches"] += found
            if found:
                hits["keys"].append(unit.key)
    return [
        _rate_row(group, year, term, cell, hits)
        for (group, year), cell in sorted(acc.items())
        for term, hits in cell["terms"].items()
    ]


def _rate_row(
    group: str, year: int, term: str, cell: dict[str, Any], hits: dict[str, Any]
) -> dict[str, Any]:
    words, n = cell["words"], cell["units"]
    return {
        "group": group,
        "year": year,
        "term": term,
        "units": n,
        "units_with": len(hits["keys"]),
        "matches": hits["matches"],
        "words": words,
        "per_10k_words": round(10_000 * hits["matches"] / words, 4) if words else None,
        "share_of_units": round(len(hits["keys"]) / n, 4) if n else None,
        "keys": hits["keys"],
    }
