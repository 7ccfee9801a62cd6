"""Evidence rules: turn computed indicators into evidence items with stated likelihoods.

A rules file (``normtrace/data/hypotheses/default-evidence-rules.yaml``) gives, for each
indicator, its possible *outcomes* and P(outcome | H) for every hypothesis with a
justification. :func:`derive_ledger` computes each indicator's outcome for a case
and writes one ``indicator`` evidence item per rule, carrying the unit keys and the
indicator value it rests on. The likelihoods are the rules file's stated
assumptions, never findings; an indicator the project cannot compute yields no item,
and the reason is returned.

Outcomes (``frame_codes`` selects the frames, e.g. the offensive-force codes):

* ``frame_first_use`` — who used such a frame first: ``secretariat_first``,
  ``state_first`` or ``ngo_first`` (states include the President's chair, as in the
  reuse stage's origin categories);
* ``frame_adoption`` — after the Secretariat's first use, did any state use such a
  frame (same day or later): ``adopted`` / ``not_adopted``;
* ``provenance_shares`` — the earliest source of most of the key resolution's operative
  words that have one: ``secretariat``, ``state``, ``ngo`` or ``resolution``;
* ``sg_citation_rate`` — ``majority`` (≥ 0.5), ``minority`` (> 0) or ``none``;
* ``persuasion_markers`` — ``more_after`` when markers per 1,000 words are higher after
  the briefing than before it, else ``not_more_after`` (needs state speeches on both sides).

* ``secretariat_origin`` — ``substantial`` (≥ 10 % of the key resolution's new operative
  words first found in a Secretary-General report of the case) or ``slight``.
* ``debate_first_use`` — who spoke a watched frame first in the Council's debate up to the
  key resolution's adoption: ``secretariat_first``, ``permanent_first``,
  ``elected_first``, ``ngo_first`` or ``other_first`` (non-member states, IGOs).
* ``sg_credit`` — the key resolution's own credit to the Secretariat
  (:mod:`normtrace.trace.credit`): ``endorses`` (it endorses, approves or supports a
  Secretariat proposal, or decides "as recommended by" the Secretary-General),
  ``notes_recommendations`` (it takes note of or welcomes the Secretary-General's
  recommendations or proposals), ``cites_reports`` (it credits reports or letters only) or
  ``none``.
* ``mandate_growth`` — the mission's tasks from its first to its last restated task list
  up to the window's end, against core-principles units (:mod:`normtrace.trace.mandate`):
  ``grew_without_more_safeguards``, ``grew_with_more_safeguards`` or ``no_growth``.
* ``vote_split`` — the key resolution's vote in the meeting index: ``unanimous``,
  ``abstentions`` or ``opposed`` (a vote against or a veto).
* ``agenda_votes`` — the case's other resolutions and failed drafts in the window:
  ``all_unanimous``, ``some_abstentions`` or ``some_opposed``.
* ``renewal_secretariat_origin`` — ``substantial`` (≥ 10 %) or ``slight``: the share of the
  new operative wording of the mission's renewals in the window (after the key resolution,
  each with a report of the case before it in the project) first found in a
  Secretary-General report on the mission (its predecessor or successor included; v3: a
  report on another mission or naming none is counted apart).

These are the built-in indicators of the ``normtrace.indicators`` entry-point group
(:mod:`normtrace.trace.registry`); an installed package may add more, and a rule may
name any registered indicator.

An item cites every unit its observation rests on: no list of keys is cut (the report
shows them all). A frame item (``frame_first_use``, ``frame_adoption``,
``debate_first_use``) cites each unit with the watched codes coded there
(:func:`frame_refs`), so it carries their measured error and is flagged unvalidated where
one is (:mod:`normtrace.trace.annotate`).

The rules file is read and checked by :mod:`normtrace.trace.rulefile` (:func:`load_rules`,
re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from normtrace.store.db import Store
from normtrace.trace.collect import CaseData
from normtrace.trace.indicators import (
    SECRETARIAT_ROLES,
    STATE_ROLES,
    FrameEvent,
    debate_first_use,
)
from normtrace.trace.ledger import EvidenceItem, IndicatorRef, Ledger, UnitRef
from normtrace.trace.overlap import settle
from normtrace.trace.registry import EvidenceContext, Outcome, Unavailable, indicators, observe
from normtrace.trace.rulefile import Rule, RuleSet, default_rules_path, load_rules
from normtrace.trace.shares import share_percent

__all__ = ["Rule", "RuleSet", "default_rules_path", "derive_ledger", "load_rules"]

#: what the three word-origin indicators read: the reuse stage's attribution of each operative
#: word to its earliest source (``aggregate``, ``secretariat`` and ``provenance`` count it)
WORD_ORIGINS = "earliest source of each operative word"
_FRAME_RULES = ("frame_first_use", "frame_adoption", "debate_first_use")
_CATEGORY = {**dict.fromkeys(SECRETARIAT_ROLES, "secretariat"), "ngo": "ngo"}
_CATEGORY.update(dict.fromkeys((*STATE_ROLES, "president"), "state"))


def derive_ledger(
    data: CaseData, rules: RuleSet, *, store: Store | None = None
) -> tuple[Ledger, dict[str, str]]:
    """One evidence item per rule whose indicator the case data allows; reasons for the rest.

    ``store`` is handed to the indicators (package indicators may read the project).
    """
    items, skipped = [], {}
    registry = indicators()
    for rule in rules.rules:
        entry = registry.get(rule.indicator)
        if entry is None:  # the rules were loaded while a plugin now gone was registered
            skipped[rule.id] = f"indicator {rule.indicator!r} is not registered"
            continue
        codes, lacking = rules.watched_codes(data.frames, rule.frames)
        found = observe(entry, EvidenceContext(data.case, data, codes, store))
        if isinstance(found, Unavailable):
            reason = found.reason
            if lacking and rule.indicator in _FRAME_RULES:
                reason = f"{reason}; {lacking}"
            skipped[rule.id] = reason
            continue
        outcome = found
        if outcome.name not in rule.outcomes:
            skipped[rule.id] = f"outcome {outcome.name!r} has no likelihoods in the rules file"
            continue
        items.append(_item(rule, outcome, rules))
    derived = Ledger(data.case.id, tuple(items), rules.source, derived=True)
    return settle(derived, {r.id: r.corroborates for r in rules.rules if r.corroborates}), skipped


def _item(rule: Rule, outcome: Outcome, rules: RuleSet) -> EvidenceItem:
    return EvidenceItem(
        id=rule.id,
        description=f"{rule.question} Observed: {outcome.name} — {outcome.detail} "
        f"(likelihoods stated in {Path(rules.source).name}, rule {rule.id}).",
        kind="indicator",
        likelihoods=dict(rule.outcomes[outcome.name]),
        units=outcome.refs or tuple(UnitRef(k) for k in outcome.keys),
        indicators=(IndicatorRef(rule.indicator, outcome.value),),
    )


_Observed = tuple[Outcome | None, str]


@dataclass(frozen=True)
class BuiltinIndicator:
    """A built-in indicator over the collected case data (see the module doc)."""

    name: str
    implication: str
    outcomes: tuple[str, ...]
    compute: Callable[[EvidenceContext], _Observed]
    #: the data it reads, when other indicators read the same (:mod:`normtrace.trace.overlap`)
    measures: str = ""

    def observe(self, context: EvidenceContext) -> Outcome | Unavailable:
        """The outcome observed in the case, or why there is none."""
        outcome, reason = self.compute(context)
        return outcome if outcome is not None else Unavailable(reason)


def _frame_events(context: EvidenceContext) -> tuple[list[FrameEvent], str]:
    data, codes = context.data, context.codes
    if data.state_speeches == 0:
        return [], (
            "no state speech in the case documents: from the Secretariat's and the "
            "Council's documents alone, states' use of a frame cannot be observed (add the "
            "meeting records, then run normtrace actors resolve)"
        )
    events = [e for e in data.frame_events if e.code in codes and e.role in _CATEGORY]
    if events:
        return events, ""
    why = data.unavailable.get("frame_first_use", "no frame use by a role-tagged speaker")
    return [], f"no use of {', '.join(codes)} by the Secretariat, a state or an NGO ({why})"


def _first_use(context: EvidenceContext) -> _Observed:
    events, why = _frame_events(context)
    return (_first(events), "") if events else (None, why)


def _adopted(context: EvidenceContext) -> _Observed:
    events, why = _frame_events(context)
    return _adoption(events) if events else (None, why)


FRAME_FIRST_USE = BuiltinIndicator(
    "frame_first_use",
    "Whoever carried the norm used its frame first: the Secretariat, states or NGOs.",
    ("secretariat_first", "state_first", "ngo_first"),
    _first_use,
)
FRAME_ADOPTION = BuiltinIndicator(
    "frame_adoption",
    "States take up (or never take up) the frame after the Secretariat first used it.",
    ("adopted", "not_adopted"),
    _adopted,
)
PROVENANCE_SHARES = BuiltinIndicator(
    "provenance_shares",
    "The key resolution's operative text has its earliest source with whoever drove the norm.",
    ("secretariat", "state", "ngo", "resolution"),
    lambda context: _provenance(context.data),
    WORD_ORIGINS,
)
SG_CITATION_RATE = BuiltinIndicator(
    "sg_citation_rate",
    "States endorsing the mandate cite (or do not cite) the Secretary-General's assessment.",
    ("majority", "minority", "none"),
    lambda context: _citation(context.data),
)
PERSUASION_MARKERS = BuiltinIndicator(
    "persuasion_markers",
    "Persuasion markers are more frequent in state speeches after a Secretariat briefing.",
    ("more_after", "not_more_after"),
    lambda context: _persuasion(context.data),
)
SECRETARIAT_ORIGIN = BuiltinIndicator(
    "secretariat_origin",
    "The key resolution's new operative wording first appears in Secretary-General reports.",
    ("substantial", "slight"),
    lambda context: _secretariat(context.data),
    WORD_ORIGINS,
)


DEBATE_FIRST_USE = BuiltinIndicator(
    "debate_first_use",
    "Whoever carried the norm spoke its frame first in the Council's debate before adoption.",
    ("secretariat_first", "permanent_first", "elected_first", "ngo_first", "other_first"),
    lambda context: _debate(context.data, context.codes),
)
SG_CREDIT = BuiltinIndicator(
    "sg_credit",
    "The key resolution credits the Secretary-General's reports or recommendations.",
    ("endorses", "notes_recommendations", "cites_reports", "none"),
    lambda context: _credit(context.data),
)
MANDATE_GROWTH = BuiltinIndicator(
    "mandate_growth",
    "Mandate tasks grow across renewals without matching safeguard language.",
    ("grew_without_more_safeguards", "grew_with_more_safeguards", "no_growth"),
    lambda context: _growth(context.data),
)
VOTE_SPLIT = BuiltinIndicator(
    "vote_split",
    "Powerful states' dissent shows in the key resolution's vote.",
    ("unanimous", "abstentions", "opposed"),
    lambda context: _votes(context.data, "vote_split"),
)
AGENDA_VOTES = BuiltinIndicator(
    "agenda_votes",
    "Powerful states' dissent shows in the votes on the case's other resolutions and drafts.",
    ("all_unanimous", "some_abstentions", "some_opposed"),
    lambda context: _votes(context.data, "agenda_votes"),
)
RENEWAL_SECRETARIAT_ORIGIN = BuiltinIndicator(
    "renewal_secretariat_origin",
    "The mission's renewals take their new operative wording from Secretary-General reports.",
    ("substantial", "slight"),
    lambda context: _renewal_origin(context.data),
    WORD_ORIGINS,
)


#: share of a resolution's new operative words first found in an SG report that counts as
#: substantial Secretariat wording (a stated threshold, like the likelihoods)
SECRETARIAT_SUBSTANTIAL = 0.10


def _secretariat(data: CaseData) -> tuple[Outcome | None, str]:
    origin = data.secretariat
    if origin is None:
        return None, data.unavailable.get("secretariat_origin", "no Secretariat origin computed")
    if not origin.new_words:
        return None, f"{origin.resolution} has no new operative wording against its predecessor"
    name = "substantial" if origin.share >= SECRETARIAT_SUBSTANTIAL else "slight"
    keys = list(dict.fromkeys(p.target for p in origin.passages))
    if not keys:  # nothing found: the operative paragraphs examined
        keys = list(data.key_operative)
    detail = (
        f"{origin.from_secretariat} of {origin.new_words} new operative words of "
        f"{origin.resolution} ({share_percent(origin.share, SECRETARIAT_SUBSTANTIAL)}) first "
        "appear in a Secretary-General report "
        f"(threshold {SECRETARIAT_SUBSTANTIAL:.0%}; words of citations are not new wording)"
    )
    value = {"share": round(origin.share, 4), "new_words": origin.new_words,
             "from_secretariat": origin.from_secretariat}  # fmt: skip
    return Outcome(name, detail, keys, value), ""


def _renewal_origin(data: CaseData) -> tuple[Outcome | None, str]:
    found = data.renewals
    if found is None:
        return None, data.unavailable.get("renewal_secretariat_origin", "no renewals")
    if not found.new_words:
        return None, f"the {found.mission} renewals have no new operative wording"
    name = "substantial" if found.share >= SECRETARIAT_SUBSTANTIAL else "slight"
    per = "; ".join(
        f"{r['resolution']} {r['from_secretariat']}/{r['new_words']}" for r in found.rows
    )
    detail = (
        f"{found.from_secretariat} of {found.new_words} new operative words of the "
        f"{found.mission} renewals in the window "
        f"({share_percent(found.share, SECRETARIAT_SUBSTANTIAL)}) first appear in a "
        f"Secretary-General report on the mission ({per}; "
        f"{found.from_secretariat_any_mission} in any SG report, those on other missions or "
        f"naming none included; threshold {SECRETARIAT_SUBSTANTIAL:.0%}; words of "
        "citations are not new wording)"
    )
    keys = list(found.keys)
    return Outcome(name, detail, keys, {**found.to_json(), "share": round(found.share, 4)}), ""


def _debate(data: CaseData, codes: tuple[str, ...]) -> tuple[Outcome | None, str]:
    if "debate_first_use" in data.unavailable:
        return None, data.unavailable["debate_first_use"]
    if data.case.key_resolution and not data.adoption_date:
        return None, (
            f"{data.case.key_resolution} is not in the project, so the debate before its "
            "adoption has no end date"
        )
    until = data.adoption_date or data.case.end
    watched = [e for e in data.frame_events if e.code in codes]
    found = debate_first_use(watched, until)
    if found is None:
        return None, (
            f"no speech up to {until} uses {', '.join(codes)} by a Secretariat "
            "briefer, a Council member, an NGO or another state"
        )
    detail = "; ".join(f"{c} {v['date']} ({v['code']}, {v['key']})" for c, v in found.first.items())
    keys = [v["key"] for v in sorted(found.first.values(), key=lambda v: (v["date"], v["key"]))]
    return Outcome(
        f"{found.leader}_first", f"first speakers up to {found.until}: {detail}", keys,
        found.to_json(), frame_refs(keys, watched),
    ), ""  # fmt: skip


def _credit(data: CaseData) -> tuple[Outcome | None, str]:
    summary = data.credits
    if summary is None:
        return None, data.unavailable.get("sg_credit", "no key resolution")
    credits = summary.credits
    if not credits:
        return Outcome(
            "none", f"{summary.resolution} credits no Secretary-General document",
            list(data.key_operative), summary.to_json(),
        ), ""  # fmt: skip
    if summary.strongest == "adopts":
        name = "endorses"
    elif any(c.recommends for c in credits):
        name = "notes_recommendations"
    else:
        name = "cites_reports"
    parts = [
        f"{c.key}: {c.verb} ({c.strength}) {c.document}"
        + (f" {', '.join(c.symbols)}" if c.symbols else "")
        + (f" — task: {c.task[:120]}" if c.task else "")
        for c in credits
    ]
    refs = tuple(UnitRef(c.key, start=c.start, end=c.end) for c in credits)
    return Outcome(
        name, f"{len(credits)} credits: " + "; ".join(parts), [c.key for c in credits],
        summary.to_json(), refs,
    ), ""  # fmt: skip


def _growth(data: CaseData) -> tuple[Outcome | None, str]:
    growth = data.mandate
    if growth is None or growth.first is None or growth.last is None:
        return None, data.unavailable.get("mandate_growth", "no mandate series")
    tasks, safe = growth.task_change or 0, growth.safeguard_change or 0
    if tasks <= 0:
        name = "no_growth"
    elif safe > 0:
        name = "grew_with_more_safeguards"
    else:
        name = "grew_without_more_safeguards"
    detail = (
        f"{growth.mission}: {growth.first.tasks} tasks in {growth.first.resolution}, "
        f"{growth.last.tasks} in {growth.last.resolution} ({tasks:+d}); safeguard units "
        f"{growth.first.safeguard_units} → {growth.last.safeguard_units} ({safe:+d}, by "
        f"{growth.source})"
    )
    counted = [n for r in (growth.first, growth.last) for n in r.by_reference]
    if counted:
        detail += "; tasks given by reference counted: " + "; ".join(counted)
    return Outcome(name, detail, growth.keys(), growth.to_json()), ""


def _votes(data: CaseData, name: str) -> tuple[Outcome | None, str]:
    summary = data.key_votes if name == "vote_split" else data.agenda_votes
    if summary is None:
        return None, data.unavailable.get(name, "no vote in the meeting index")
    outcome = summary.split
    if name == "agenda_votes":
        outcome = {"unanimous": "all_unanimous", "abstentions": "some_abstentions",
                   "opposed": "some_opposed"}[outcome]  # fmt: skip
    rows = [r for r in summary.outcomes if r["split"] != "unknown"]
    listed = "; ".join(f"{r['symbol']} at {r['meeting']} {r['vote']}" for r in rows[:8])
    more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
    dissent = "; ".join(f"{s}: {', '.join(p)}" for s, p in summary.permanent_dissent.items())
    detail = (
        f"{listed}{more} (UN Library meeting index)"
        + (f"; permanent members dissenting: {dissent}" if dissent else "")
        + ("; names of dissenters need the meeting records" if outcome != "unanimous"
           and outcome != "all_unanimous" and not dissent else "")
    )  # fmt: skip
    return Outcome(outcome, detail, list(summary.keys), summary.to_json()), ""


def frame_refs(keys: Iterable[str], events: Iterable[FrameEvent]) -> tuple[UnitRef, ...]:
    """The units a frame outcome cites, each with every watched code the frame events show
    on it (one reference per code): the codings the observation rests on, so the item
    carries their measured error (:mod:`normtrace.trace.annotate`) and two rules watching
    different frames are told apart (:mod:`normtrace.trace.overlap`).

    >>> ev = [FrameEvent("2099-01-02", "secretariat", "consent", "S/2099/1/p3"),
    ...       FrameEvent("2099-01-02", "secretariat", "offensive", "S/2099/1/p3"),
    ...       FrameEvent("2099-02-01", "permanent_member", "offensive", "S/PV.9999/s002")]
    >>> [(u.key, u.code) for u in frame_refs(["S/2099/1/p3", "S/PV.9999/s002"], ev)]
    [('S/2099/1/p3', 'consent'), ('S/2099/1/p3', 'offensive'), ('S/PV.9999/s002', 'offensive')]
    """
    codes: dict[str, set[str]] = {}
    for e in events:
        codes.setdefault(e.key, set()).add(e.code)
    return tuple(
        ref
        for key in dict.fromkeys(keys)
        for ref in ([UnitRef(key, code=c) for c in sorted(codes.get(key, ()))] or [UnitRef(key)])
    )


def _earliest(events: list[FrameEvent]) -> dict[str, FrameEvent]:
    first: dict[str, FrameEvent] = {}
    for ev in sorted(events, key=lambda e: (e.date, e.key)):
        first.setdefault(_CATEGORY[ev.role], ev)
    return first


def _first(events: list[FrameEvent]) -> Outcome:
    first = _earliest(events)
    winner = min(first.values(), key=lambda e: (e.date, e.key))
    detail = "; ".join(f"{c} {e.date} ({e.code}, {e.key})" for c, e in sorted(first.items()))
    value = {c: {"date": e.date, "code": e.code, "key": e.key} for c, e in first.items()}
    keys = [e.key for e in first.values()]
    return Outcome(
        f"{_CATEGORY[winner.role]}_first", f"first uses: {detail}", keys, value,
        frame_refs(keys, events),
    )  # fmt: skip


def _adoption(events: list[FrameEvent]) -> tuple[Outcome | None, str]:
    first = _earliest(events)
    sec = first.get("secretariat")
    if sec is None:
        return None, "the Secretariat never used the frames in the case documents"
    later = [e for e in events if _CATEGORY[e.role] == "state" and e.date >= sec.date]
    keys = list(dict.fromkeys([sec.key] + [e.key for e in later]))
    value = {"secretariat_first_use": sec.date, "state_uses_after": len(later)}
    refs = frame_refs(keys, events)
    if later:
        return Outcome(
            "adopted", f"{len(later)} state uses on or after {sec.date}", keys, value, refs
        ), ""
    return Outcome("not_adopted", f"no state use on or after {sec.date}", keys, value, refs), ""


def _provenance(data: CaseData) -> tuple[Outcome | None, str]:
    prov = data.provenance
    if prov is None:
        return None, data.unavailable.get("provenance_shares", "no provenance")
    known = {
        c: v for c, v in prov.shares.items() if c in ("secretariat", "state", "ngo", "resolution")
    }
    if not known:
        return None, "no operative word of the key resolution has an earlier source in the project"
    top = max(sorted(known), key=lambda c: known[c])
    keys = prov.keys.get(top) or sorted(k for ks in prov.keys.values() for k in ks)
    detail = ", ".join(f"{c} {v:.0%}" for c, v in sorted(prov.shares.items()))
    detail += f"; {prov.citations} words of citations of documents apart" if prov.citations else ""
    return Outcome(top, f"shares of operative wording: {detail}", list(keys), prov.shares), ""


def _citation(data: CaseData) -> tuple[Outcome | None, str]:
    rate = data.sg_citation
    if rate is None or rate.rate is None:
        return None, data.unavailable.get("sg_citation_rate", "no endorsing state speeches")
    name = "majority" if rate.rate >= 0.5 else "minority" if rate.rate > 0 else "none"
    detail = f"{rate.numerator} of {rate.denominator} endorsing state speeches"
    keys = rate.keys or rate.counted
    return Outcome(
        name, detail, keys, {"numerator": rate.numerator, "denominator": rate.denominator}
    ), ""


def _persuasion(data: CaseData) -> tuple[Outcome | None, str]:
    pers = data.persuasion
    if pers is None:
        return None, data.unavailable.get("persuasion_markers", "no briefing")
    before, after = pers.before.per_1000_words, pers.after.per_1000_words
    if before is None or after is None:
        return None, "no state speech before (or after) the Secretariat briefing to compare"
    name = "more_after" if after > before else "not_more_after"
    keys = pers.before.keys + pers.after.keys or [m["briefing_key"] for m in pers.meetings.values()]
    value = {"before_per_1000_words": before, "after_per_1000_words": after}
    return Outcome(name, f"{before:.2f} per 1,000 words before, {after:.2f} after", keys, value), ""
