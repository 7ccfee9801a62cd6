"""Secretariat → Council: which new mandate wording first appears in a Secretary-General report.

For a resolution of a mission (:mod:`~normtrace.reuse.mission`), its *new*
wording is every word of its operative paragraphs (``/opN`` and their
sub-paragraphs) that no reuse link from the mission's previous resolution
covers, nor the renewal alignment of :func:`~normtrace.reuse.lineage.renewal_links`
(the previous resolution is the latest earlier stored resolution of the same
mission, else of the same agenda item). A new word *comes from the
Secretariat* when its earliest source — following links backwards as the case
aggregate does (:mod:`~normtrace.reuse.attribution`: a link credits only the words it
aligns to an identical word of its source, and a chain only the passage it carries) — is a
paragraph of a Secretary-General report (role ``secretariat``, documents of type
``report``). A word a link from the previous resolution aligns to an identical word of it is
carried (the rule of a link's credit: :meth:`~normtrace.reuse.attribution.Attributor.
aligned_words`); a word the renewal changed or inserted between carried words (a new date,
a clause added inside a carried paragraph) is new wording, whoever wrote it first. A citation's
words (:class:`~normtrace.reuse.attribution.Citation`) are never new: ``citations``, carried or
not, in no share.
Each such passage names the report paragraph, its section (the report parser's section path),
whether the section is the report's *observations* or *recommendations* (what the Council is
asked to act on), the lag in days from the report to the resolution, and the units a chained
credit passed through; it quotes every word its counts rest on, every aligned run of every link
(:mod:`~normtrace.reuse.passages`, where :class:`ReportPassage` lives).

``in_report`` counts, besides, the new words that a link from an earlier SG report aligns
directly, whatever their earliest source (a formula another mission's resolution used before
the report repeats it). :func:`secretariat_origin` does one resolution;
:func:`secretariat_series` does every mandate resolution of a mission in a span of years.

The shares are only as complete as the project: a report the resolution cites but the
project does not hold (``S/RES/1542 (2004)`` rests on ``S/2004/300``) cannot be anyone's
earliest source, so its wording counts as new Council wording. Each result names those
reports (``unheld``, :func:`cited_reports`), and the report, the CSV and the figure say so.
Likewise a renewal's predecessor the project lacks (:func:`~normtrace.reuse.cited.
predecessors_not_held`: the resolutions of its agenda item it cites, adopted after the stored
predecessor): the words that predecessor carried count as new, so its new words are overstated;
the result names them (``predecessors_not_held``) and the command that adds them.

Words an SG report gives as another's ("President Préval stated that ...", "according to the
Ministry ...": :mod:`~normtrace.reuse.reported`) are not the Secretariat's: a new word whose
earliest source lies in such a sentence counts as ``reported`` (``new_reported_in_sg_report``),
never in ``from_secretariat``, and its passage names who said it (``said_by``).

A credited report may be on another mission (a UNIKOM report's ordinary phrase, no borrowing,
in a Timor-Leste renewal): a passage names its report's mission (:func:`~normtrace.reuse.mission.
report_mission`) and ``same_mission`` (:class:`~normtrace.reuse.mission.MissionReports`, the
lineage's rule); ``from_secretariat_same_mission`` (the strict figure, ``same_mission_share``)
and ``_other_mission`` split ``from_secretariat`` (the rest: reports that name no mission).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normtrace.errors import NotFoundError
from normtrace.parse.symbols import canonical
from normtrace.reuse.attribution import (
    Attributor,
    Citation,
    Origin,
    linked_min_words,
    word_origins,
)
from normtrace.reuse.cited import cited_reports, new_since, predecessors_not_held
from normtrace.reuse.lineage import mission_successions, previous_resolution, renewal_links_many
from normtrace.reuse.links import ReuseLink, ReuseParams
from normtrace.reuse.mission import Mandate, MandateOf, MissionReports, agenda_of, mission_note
from normtrace.reuse.passages import PASSAGE_LEGEND, ReportPassage, passage_texts
from normtrace.reuse.reported import ReportedIndex
from normtrace.reuse.roles import UnitInfo
from normtrace.reuse.store_reuse import (
    StoredUnit,
    document_units,
    links_into,
    load_units,
    store_mandates,
    stored_resolutions,
)
from normtrace.store.db import Store
from normtrace.store.shrunk import PARAGRAPH_SECTION

_FLAGS = (("recommendations", re.compile(r"recommendation", re.I)),
          ("observations", re.compile(r"observation", re.I)))  # fmt: skip


@dataclass(frozen=True)
class SecretariatOrigin:
    """Shares of a resolution's new operative wording by Secretariat origin (see module doc)."""

    resolution: str
    date: str | None
    mission: str | None
    agenda: str | None
    previous: str | None
    words: int
    new_words: int
    from_secretariat: int
    in_report: int
    flagged: int
    passages: list[ReportPassage] = field(default_factory=list)
    #: reports the resolution cites that the project does not hold (module doc)
    unheld: tuple[str, ...] = ()
    #: new words whose earliest source is a sentence an SG report gives as another's words
    reported: int = 0
    from_secretariat_same_mission: int = 0
    from_secretariat_other_mission: int = 0
    #: the resolutions it cites that may be its predecessor, which the project lacks (module doc)
    predecessors_not_held: tuple[str, ...] = ()
    citations: int = 0  # words of citations of documents, carried or not: in no share (module doc)

    @property
    def share(self) -> float:
        """Share of new operative words whose earliest source is an SG report (0..1)."""
        return self.from_secretariat / self.new_words if self.new_words else 0.0

    @property
    def same_mission_share(self) -> float:  # the strict share: reports on the mission (0..1)
        return self.from_secretariat_same_mission / self.new_words if self.new_words else 0.0

    @property
    def report_share(self) -> float:
        """Share of new operative words an earlier SG report holds (0..1)."""
        return self.in_report / self.new_words if self.new_words else 0.0

    def row(self) -> dict[str, Any]:
        """One CSV row (no passages)."""
        reports = sorted({p.report for p in self.passages if p.earliest_words})
        lags = [p.lag_days for p in self.passages if p.earliest_words and p.lag_days is not None]
        return {
            "resolution": self.resolution,
            "date": self.date,
            "mission": self.mission,
            "previous": self.previous,
            "predecessors_not_held": "; ".join(self.predecessors_not_held),
            "operative_words": self.words,
            "new_words": self.new_words,
            "citation_words": self.citations,
            "new_from_secretariat": self.from_secretariat,
            "share_from_secretariat": round(self.share, 4),
            "new_from_secretariat_same_mission": self.from_secretariat_same_mission,
            "new_from_secretariat_other_mission": self.from_secretariat_other_mission,
            "new_in_sg_report": self.in_report,
            "share_in_sg_report": round(self.report_share, 4),
            "from_observations_or_recommendations": self.flagged,
            "new_reported_in_sg_report": self.reported,
            "reports": "; ".join(reports),
            "min_lag_days": min(lags) if lags else None,
            "cited_reports_not_held": "; ".join(self.unheld),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict."""
        return {**self.row(), "agenda": self.agenda,
                "passages": [p.to_dict() for p in self.passages]}  # fmt: skip

    def to_json(self) -> str:
        """JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def summary(self) -> str:
        """The first line of :meth:`render` and its notes on what the project lacks."""
        notes = bool(self.predecessors_not_held) + bool(self.unheld)
        return "\n".join(self.render().splitlines()[: 1 + notes])

    def render(self) -> str:
        """A few lines: the share and the passages, earliest source first."""
        head = (
            f"{self.resolution} ({self.date}, {self.mission or self.agenda or 'no mission'}): "
            f"{self.new_words} of {self.words} operative words are new "
            f"{new_since(self.previous)} ({self.citations} of "
            f"the {self.words} are words of citations of documents, carried or not, in no share); "
            f"{self.from_secretariat} ({self.share:.1%}) first appear in an SG report, "
            f"{self.flagged} of them in observations or recommendations, "
            f"{self.from_secretariat_same_mission} ({self.same_mission_share:.1%}) in reports "
            f"on the mission, {self.from_secretariat_other_mission} in reports on other missions; "
            f"{self.in_report} ({self.report_share:.1%}) stand in an earlier SG report"
            + (
                f"; {self.reported} first appear in an SG report as another's words "
                "(reported, not the Secretariat's)"
                if self.reported
                else ""
            )
        )
        lines = [head]
        if self.predecessors_not_held:
            missing = self.predecessors_not_held
            it, that = ("it", "it") if len(missing) == 1 else ("one", "that one")
            fetch = " ".join(f"'{m}'" for m in missing)
            after = f"after {self.previous}" if self.previous else "before it"
            none = "" if self.previous else " (it holds no earlier resolution of the mission)"
            lines.append(
                f"  cites {_listed(missing)}, of its agenda item and adopted {after}, which this "
                f"project does not hold{none}: if {it} renewed the mandate, the words {that} "
                "carried count as new here and new words are overstated (normtrace fetch "
                f"{fetch}, then normtrace ingest downloads and normtrace reuse)"
            )
        if self.unheld:
            lines.append(
                f"  cites {_listed(self.unheld)}, which this project does not hold: wording from "
                f"{'it' if len(self.unheld) == 1 else 'them'} counts as new here, never as the "
                "Secretariat's (ingest and run `normtrace reuse` again)"
            )
        if self.passages:
            lines.append(f"  {PASSAGE_LEGEND}:")
        for p in self.passages:
            where = f"{p.section or 'no section'}" + (f" [{p.flag}]" if p.flag else "")
            via = f" via {', '.join(p.via)}" if p.via else ""
            where += mission_note(p.source_mission, p.same_mission, self.mission)
            said = (
                f", {p.reported_words} reported in the Secretary-General's report, said by "
                f"{'; '.join(p.said_by)}"
                if p.reported_words
                else ""
            )
            lines.append(
                f"  {p.target} ← {p.source} ({p.report_date}, {p.lag_days} days before; {where}): "
                f"{p.words} new words linked, {p.earliest_words} credited{said}{via}"
            )
            lines.append(f"      {p.source_marked}")
        return "\n".join(lines)


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def section_flag(section: str | None, flags: Sequence[str] = ()) -> str | None:
    """``recommendations``, ``observations`` or None for a report paragraph's section.

    >>> section_flag("VIII. Observations"), section_flag("IV. Activities", ["observations"])
    ('observations', 'observations')
    >>> section_flag("VI. Recommendations and observations"), section_flag("I. Introduction")
    ('recommendations', None)
    """
    for name, rx in _FLAGS:
        if name in flags or (section and rx.search(section)):
            return name
    return None


def lag_days(earlier: str | None, later: str | None) -> int | None:
    """Days from ``earlier`` to ``later`` (ISO dates), or None.

    >>> lag_days("2013-02-27", "2013-03-28")
    29
    """
    if not earlier or not later:
        return None
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except ValueError:
        return None


class _Context:
    """Units, links and mandates of a store, loaded once for several resolutions (and each
    resolution's :class:`SecretariatOrigin`, computed once): for calls on a store nobody
    writes meanwhile (:func:`secretariat_context`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.origins: dict[str, SecretariatOrigin] = {}
        self.units: dict[str, StoredUnit] = {s.info.key: s for s in load_units(store)}
        #: document symbol -> its unit keys in document order (read once for every resolution)
        self.by_document: dict[str, list[str]] = {}
        for key, unit in sorted(self.units.items(), key=lambda kv: kv[1].info.order):
            self.by_document.setdefault(unit.info.document, []).append(key)
        self.cache: dict[str, list[ReuseLink]] = {}
        self.mandate: MandateOf = store_mandates(store)
        self.attributor = Attributor(
            self.incoming, self.info, self.text, min_words=linked_min_words(store)
        )
        self.sections: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        self.resolutions = stored_resolutions(store)
        self.held = {r[0] for r in store.conn.execute("SELECT DISTINCT symbol FROM documents")}
        self.reported = ReportedIndex(store)
        self.reports = MissionReports(store, mission_successions(self.resolutions, self.mandate))

    def incoming(self, key: str) -> list[ReuseLink]:
        if key not in self.cache:
            self.cache[key] = links_into(self.store, key)
        return self.cache[key]

    def info(self, key: str) -> UnitInfo | None:
        found = self.units.get(key)
        return found.info if found else None

    def text(self, key: str) -> str | None:
        found = self.units.get(key)
        return found.unit.text if found else None

    def section(self, key: str) -> tuple[str | None, tuple[str, ...]]:
        if key not in self.sections:
            row = self.store.conn.execute(
                PARAGRAPH_SECTION,  # the current version's, never a held-back one
                (key,),
            ).fetchone()
            flags = tuple(json.loads(row["flags"] or "[]")) if row else ()
            self.sections[key] = (row["section"] if row else None, flags)
        return self.sections[key]

    def unheld(self, symbol: str, when: str) -> tuple[str, ...]:
        """Reports ``symbol`` cites (any paragraph) that the project does not hold."""
        until = int(when[:4]) if when[:4].isdigit() else None
        cited: dict[str, None] = {}
        for key in self.by_document.get(symbol, []):
            for found in cited_reports(self.units[key].unit.text or "", until=until):
                cited.setdefault(found, None)
        return tuple(c for c in cited if c not in self.held)

    def missing_predecessors(self, symbol: str, previous: str | None) -> tuple[str, ...]:
        """:func:`~normtrace.reuse.cited.predecessors_not_held` of ``symbol``."""
        texts = (self.units[k].unit.text or "" for k in self.by_document.get(symbol, []))
        here = self.mandate(symbol)
        agenda = here.agenda if here else None
        return predecessors_not_held(texts, symbol, previous, agenda, self.held, agenda_of)

    def previous(self, symbol: str, when: str) -> str | None:
        """The latest earlier stored resolution of the same mission (else agenda item)."""
        return previous_resolution(symbol, when, self.resolutions, self.mandate)


#: the public name of what :func:`secretariat_context` gives
SecretariatContext = _Context


def secretariat_context(store: Store) -> _Context:
    """What :func:`secretariat_origin` and :func:`secretariat_series` read from ``store``,
    read once for several calls (their ``ctx``) while nobody writes the store: a case trace
    asks for the key resolution's origin and for its mission's series, which holds it."""
    return _Context(store)


def secretariat_origin(
    store: Store, resolution: str, ctx: _Context | None = None
) -> SecretariatOrigin:
    """New operative wording of ``resolution`` and its Secretariat origin (module doc).

    Raises:
        NotFoundError: the resolution has no operative paragraphs in the project.
    """
    return _origin_once(ctx or _Context(store), canonical(resolution))


def secretariat_series(
    store: Store, mission: str, *, since: int = 1946, until: int = 9999, ctx: _Context | None = None
) -> list[SecretariatOrigin]:
    """:func:`secretariat_origin` of every stored mandate resolution of ``mission`` adopted
    ``since``–``until`` (inclusive), in date order.

    ``mission`` is matched without regard to case (``Minustah`` is MINUSTAH).

    Raises:
        NotFoundError: no stored resolution decides the mandate of ``mission`` in those years
            (the message names the missions the project's resolutions decide, or the years
            of the mission's stored mandates).
    """
    ctx = ctx or _Context(store)
    symbols = _mandates(ctx, mission, since, until)
    if symbols:
        return [_origin_once(ctx, s) for s in symbols]
    known = stored_missions(store, ctx)
    spelled = next((m for m in known if m.casefold() == mission.strip().casefold()), None)
    if spelled is None:
        raise NotFoundError("mandate resolution of", mission, hint=_unknown_mission(mission, known))
    symbols = _mandates(ctx, spelled, since, until)
    if not symbols:
        first, last = known[spelled][0][:4], known[spelled][-1][:4]
        years = f"{since}-{until}" if (since, until) != (1946, 9999) else "those years"
        raise NotFoundError(
            "mandate resolution of",
            f"{spelled} ({years})",
            hint=f"its stored mandate resolutions date from {first} to {last}; choose years in "
            f"that span, or ingest its resolutions of {years}",
        )
    return [_origin_once(ctx, s) for s in symbols]


def stored_missions(store: Store, ctx: _Context | None = None) -> dict[str, list[str]]:
    """Each mission whose mandate a stored resolution decides, with those resolutions'
    adoption dates in order (undated as 9999-12-31), by mission name."""
    ctx = ctx or _Context(store)
    found: dict[str, list[str]] = {}
    for d, s in ctx.resolutions:
        if (m := ctx.mandate(s)) and m.mission:
            found.setdefault(m.mission, []).append(d)
    return dict(sorted(found.items()))


def _mandates(ctx: _Context, mission: str, since: int, until: int) -> list[str]:
    return [
        s
        for d, s in ctx.resolutions
        if since <= int(d[:4]) <= until and (m := ctx.mandate(s)) and m.mission == mission
    ]


def _unknown_mission(mission: str, known: dict[str, list[str]]) -> str:
    if not known:
        return (
            "no stored resolution decides a mission's mandate; ingest the mission's "
            "resolutions (normtrace fetch 'S/RES/NNNN (YYYY)', then normtrace ingest downloads)"
        )
    near = difflib.get_close_matches(mission.upper(), list(known), n=3, cutoff=0.6)
    nearest = f" (nearest: {', '.join(near)})" if near else ""
    return (
        f"no stored resolution decides the mandate of a mission so named{nearest}; the "
        f"missions the project's resolutions decide: {', '.join(known)}"
    )


def _origin_once(ctx: _Context, symbol: str) -> SecretariatOrigin:
    if symbol not in ctx.origins:
        ctx.origins[symbol] = _origin(ctx, symbol)
    return ctx.origins[symbol]


def _origin(ctx: _Context, symbol: str) -> SecretariatOrigin:
    keys = [k for k in ctx.by_document.get(symbol, []) if "/op" in k]
    if not keys:
        raise NotFoundError("resolution", symbol, hint="ingest it, then run `normtrace reuse`")
    when = ctx.units[keys[0]].info.date or "9999-12-31"
    here = ctx.mandate(symbol)
    previous = ctx.previous(symbol, when)
    renewed = (
        renewal_links_many(
            [ctx.units[k].unit for k in keys], document_units(ctx.store, previous), ReuseParams()
        )
        if previous is not None
        else {}
    )
    total = new_total = secretariat = in_report = flagged = reported = cited = 0
    same = {"same_mission": 0, "other_mission": 0, "unknown": 0}
    passages: list[ReportPassage] = []
    for key in keys:
        words = ctx.attributor.tokens(key)
        n = len(words)
        carried = [False] * n
        direct: dict[str, set[int]] = {}
        links: dict[str, list[ReuseLink]] = {}
        for link in [*ctx.incoming(key), *renewed.get(key, [])]:
            source = ctx.info(link.source)
            if source is None:
                continue
            if previous is not None and source.document == previous:
                for w in ctx.attributor.aligned_words(link):
                    carried[w] = True
            elif source.role == "secretariat" and (source.date or "9999") <= when:
                direct.setdefault(link.source, set()).update(
                    t for t, _ in ctx.attributor.credited(link)
                )
                links.setdefault(link.source, []).append(link)
        earliest: dict[str, list[tuple[int, Origin]]] = {}
        said: dict[str, list[tuple[int, Origin, str]]] = {}
        reached: set[int] = set()
        for w, word in enumerate(word_origins(ctx.attributor, key, ctx.reported)):
            cited += isinstance(word, Citation)  # never new wording; counted carried or not
            if carried[w] or isinstance(word, Citation):
                continue
            new_total += 1
            if any(w in ws for ws in direct.values()):
                reached.add(w)
            if word is None or word.origin.role != "secretariat":
                continue
            src, found = word.key, word.origin
            if word.said is not None:  # a sentence its SG report gives as another's
                reported += 1
                said.setdefault(src, []).append((w, found, word.said.speaker))
                continue
            secretariat += 1
            earliest.setdefault(src, []).append((w, found))
            if section_flag(*ctx.section(src)):
                flagged += 1
            same[ctx.reports.relation(here, ctx.units[src].info.document)] += 1
        in_report += len(reached)
        total += n
        for src in sorted(set(direct) | set(earliest) | set(said)):
            found_here = _passage(ctx, key, src, links.get(src, []), direct, earliest,
                                  said.get(src, []), carried, when, here)  # fmt: skip
            if found_here.words or found_here.earliest_words or found_here.reported_words:
                passages.append(found_here)  # (not a report quoting old text)
    return SecretariatOrigin(
        symbol,
        None if when == "9999-12-31" else when,
        here.mission if here else None,
        here.agenda if here else None,
        previous,
        total,
        new_total,
        secretariat,
        in_report,
        flagged,
        passages,
        ctx.unheld(symbol, when),
        reported,
        same["same_mission"],
        same["other_mission"],
        ctx.missing_predecessors(symbol, previous),
        cited,
    )


def _passage(
    ctx: _Context,
    key: str,
    src: str,
    links: list[ReuseLink],
    direct: dict[str, set[int]],
    earliest: dict[str, list[tuple[int, Origin]]],
    said: list[tuple[int, Origin, str]],
    carried: list[bool],
    when: str,
    here: Mandate | None,
) -> ReportPassage:
    """The passage of report paragraph ``src`` in ``key`` (its resolution's date and mandate:
    ``when``, ``here``; ``links``: every link from ``src`` into ``key``); ``said``: the new
    words whose earliest source lies in a sentence ``src`` gives as another's, with who said
    them. Its texts quote every word its counts rest on (:mod:`~normtrace.reuse.passages`)."""
    info = ctx.info(src)
    section, flags = ctx.section(src)
    credited = earliest.get(src, [])
    texts = passage_texts(
        ctx.attributor.tokens(src),
        ctx.attributor.tokens(key),
        sorted(links, key=lambda x: x.target_start),
        [(w, o.word) for w, o in credited],
        [(w, o.word) for w, o, _ in said],
    )
    quoted = credited or [(w, o) for w, o, _ in said]
    new_direct = sum(1 for w in direct.get(src, ()) if not carried[w])
    ways = dict.fromkeys(" → ".join(o.via) for _, o in quoted if o.via)
    document = info.document if info else src.rsplit("/", 1)[0]
    relation = ctx.reports.relation(here, document)
    return ReportPassage(
        key,
        src,
        document,
        info.date if info else None,
        section,
        section_flag(section, flags),
        lag_days(info.date if info else None, when),
        new_direct,
        len(credited),
        texts.source_text,
        texts.target_text,
        tuple(ways),
        len(said),
        tuple(dict.fromkeys(s for *_, s in said)),
        ctx.reports.mission(document),
        None if relation == "unknown" else relation == "same_mission",
        texts.source_credited,
        texts.target_credited,
        texts.source_marked,
        texts.aligned_spans,
    )
