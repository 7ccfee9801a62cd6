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

These are the built-in indicators of the ``normtrace.indicators`` entry-point group
(:mod:`normtrace.trace.registry`); an installed package may add more, and a rule may
name any registered indicator.

Rules: the indicator is registered and each outcome is one it can give; hypothesis ids
equal those of the set; for each rule and hypothesis the probabilities over the outcomes
sum to 1 (±0.01); errors name file and line.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.errors import TraceError
from normtrace.store.db import Store
from normtrace.trace.collect import CaseData
from normtrace.trace.hypotheses import HypothesisSet
from normtrace.trace.indicators import SECRETARIAT_ROLES, STATE_ROLES, FrameEvent
from normtrace.trace.ledger import EvidenceItem, IndicatorRef, Ledger, Likelihood, UnitRef
from normtrace.trace.registry import EvidenceContext, Outcome, Unavailable, indicators, observe
from normtrace.yamlfile import LineDict, load_mapping, where

_CATEGORY = {**dict.fromkeys(SECRETARIAT_ROLES, "secretariat"), "ngo": "ngo"}
_CATEGORY.update(dict.fromkeys((*STATE_ROLES, "president"), "state"))


@dataclass(frozen=True)
class Rule:
    """One indicator, its question, and P(outcome | H) with justifications."""

    id: str
    indicator: str
    question: str
    outcomes: dict[str, dict[str, Likelihood]]


@dataclass(frozen=True)
class RuleSet:
    """Evidence rules for one hypothesis set.

    The rules watch the codes of ``frames`` (frame ids, resolved through the frames the
    project's codebooks declare) plus any code ids listed in ``frame_codes``.
    """

    name: str
    frame_codes: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str = ""
    frames: tuple[str, ...] = ()

    def watched_codes(self, declared: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], str]:
        """The code ids the rules watch, and why some frame adds none ("" when all map)."""
        codes = set(self.frame_codes)
        lacking = [f for f in self.frames if not declared.get(f)]
        for frame in self.frames:
            codes.update(declared.get(frame, ()))
        why = (
            f"no codebook of the project declares codes for frame(s) {', '.join(lacking)} "
            "(add `frames:` to your codebook, see docs/codebook-schema.md, or list code ids "
            "under `frame_codes:` in the rules)"
            if lacking
            else ""
        )
        return tuple(sorted(codes)), why


def default_rules_path() -> Path:
    """The bundled default rules (stated assumptions for H1–H4)."""
    folder = resources.files("normtrace") / "data" / "hypotheses"
    return Path(str(folder / "default-evidence-rules.yaml"))


def load_rules(path: str | Path, hypotheses: HypothesisSet) -> RuleSet:
    """Load and check a rules file against ``hypotheses``."""
    data = load_mapping(path, what="evidence rules", error=TraceError)
    source = str(path)
    raw = data.get("rules")
    if not isinstance(raw, list) or not raw:
        raise TraceError(f"{where(source, data)}: 'rules' must be a non-empty list")
    codes = data.get("frame_codes") or []
    if not isinstance(codes, list):
        raise TraceError(f"{where(source, data, 'frame_codes')}: frame_codes must be a list")
    frames = data.get("frames") or []
    if not isinstance(frames, list):
        raise TraceError(f"{where(source, data, 'frames')}: frames must be a list of frame ids")
    if not codes and not frames:
        raise TraceError(
            f"{where(source, data)}: name the frames the rules watch (`frames: [...]`) or "
            "their code ids (`frame_codes: [...]`)"
        )
    rules = tuple(_rule(r, hypotheses, source) for r in raw)
    return RuleSet(
        str(data.get("name") or Path(source).stem),
        tuple(map(str, codes)),
        rules,
        source,
        tuple(map(str, frames)),
    )


def _rule(raw: Any, hypotheses: HypothesisSet, source: str) -> Rule:
    if not isinstance(raw, LineDict) or not {"id", "indicator", "outcomes"} <= set(raw):
        raise TraceError(f"{source}: each rule needs id, indicator, question and outcomes")
    registry = indicators()
    entry = registry.get(str(raw["indicator"]))
    if entry is None:
        raise TraceError(
            f"{where(source, raw, 'indicator')}: unknown indicator {raw['indicator']!r}; "
            f"valid: {', '.join(registry.names())} (`normtrace plugins` lists them)"
        )
    outcomes = raw["outcomes"]
    if not isinstance(outcomes, LineDict) or not outcomes:
        raise TraceError(f"{where(source, raw, 'outcomes')}: outcomes must be a mapping")
    unknown = [str(o) for o in outcomes if o not in entry.obj.outcomes]
    if unknown:
        raise TraceError(
            f"{where(source, raw, 'outcomes')}: rule {raw['id']}: indicator {entry.name} "
            f"gives no outcome {', '.join(map(repr, unknown))}; its outcomes: "
            f"{', '.join(entry.obj.outcomes)}"
        )
    table = {name: _table(outcomes[name], hypotheses, source) for name in outcomes}
    for h in hypotheses.ids:
        total = math.fsum(t[h].p for t in table.values())
        if abs(total - 1) > 0.01:
            raise TraceError(
                f"{where(source, raw, 'outcomes')}: rule {raw['id']}: P(outcome | {h}) "
                f"sums to {total:.3f} over the outcomes; it must sum to 1"
            )
    return Rule(str(raw["id"]), str(raw["indicator"]), str(raw.get("question") or ""), table)


def _table(raw: Any, hypotheses: HypothesisSet, source: str) -> dict[str, Likelihood]:
    if not isinstance(raw, LineDict) or set(raw) != set(hypotheses.ids):
        raise TraceError(
            f"{where(source, raw)}: each outcome needs p and justification for exactly "
            f"{list(hypotheses.ids)}"
        )
    out = {}
    for h in hypotheses.ids:
        entry = raw[h]
        p = entry.get("p") if isinstance(entry, LineDict) else None
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise TraceError(f"{where(source, raw, h)}: {h} needs p in [0, 1]")
        if not entry.get("justification"):
            raise TraceError(f"{where(source, raw, h)}: {h} needs a justification")
        out[h] = Likelihood(float(p), " ".join(str(entry["justification"]).split()))
    return out


def derive_ledger(
    data: CaseData, rules: RuleSet, *, store: Store | None = None
) -> tuple[Ledger, dict[str, str]]:
    """One evidence item per rule whose indicator the case data allows; reasons for the rest.

    ``store`` is handed to the indicators (package indicators may read the project).
    """
    items, skipped = [], {}
    codes, lacking = rules.watched_codes(data.frames)
    context = EvidenceContext(data.case, data, codes, store)
    registry = indicators()
    for rule in rules.rules:
        entry = registry.get(rule.indicator)
        if entry is None:  # the rules were loaded while a plugin now gone was registered
            skipped[rule.id] = f"indicator {rule.indicator!r} is not registered"
            continue
        found = observe(entry, context)
        if isinstance(found, Unavailable):
            reason = found.reason
            if lacking and rule.indicator in ("frame_first_use", "frame_adoption"):
                reason = f"{reason}; {lacking}"
            skipped[rule.id] = reason
            continue
        outcome = found
        if outcome.name not in rule.outcomes:
            skipped[rule.id] = f"outcome {outcome.name!r} has no likelihoods in the rules file"
            continue
        items.append(_item(rule, outcome, rules))
    return Ledger(data.case.id, tuple(items), rules.source, derived=True), skipped


def _item(rule: Rule, outcome: Outcome, rules: RuleSet) -> EvidenceItem:
    return EvidenceItem(
        id=rule.id,
        description=f"{rule.question} Observed: {outcome.name} — {outcome.detail} "
        f"(likelihoods stated in {Path(rules.source).name}, rule {rule.id}).",
        kind="indicator",
        likelihoods=dict(rule.outcomes[outcome.name]),
        units=tuple(UnitRef(k) for k in outcome.keys),
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

    def observe(self, context: EvidenceContext) -> Outcome | Unavailable:
        """The outcome observed in the case, or why there is none."""
        outcome, reason = self.compute(context)
        return outcome if outcome is not None else Unavailable(reason)


def _frame_events(context: EvidenceContext) -> tuple[list[FrameEvent], str]:
    data, codes = context.data, context.codes
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
    keys = list(dict.fromkeys(p.target for p in origin.passages))[:10]
    if not keys:
        keys = [origin.resolution]
    detail = (
        f"{origin.from_secretariat} of {origin.new_words} new operative words of "
        f"{origin.resolution} ({origin.share:.0%}) first appear in a Secretary-General report "
        f"(threshold {SECRETARIAT_SUBSTANTIAL:.0%})"
    )
    value = {"share": round(origin.share, 4), "new_words": origin.new_words,
             "from_secretariat": origin.from_secretariat}  # fmt: skip
    return Outcome(name, detail, keys, value), ""


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
    return Outcome(
        f"{_CATEGORY[winner.role]}_first",
        f"first uses: {detail}",
        [e.key for e in first.values()],
        value,
    )


def _adoption(events: list[FrameEvent]) -> tuple[Outcome | None, str]:
    first = _earliest(events)
    sec = first.get("secretariat")
    if sec is None:
        return None, "the Secretariat never used the frames in the case documents"
    later = [e for e in events if _CATEGORY[e.role] == "state" and e.date >= sec.date]
    keys = [sec.key] + [e.key for e in later[:5]]
    value = {"secretariat_first_use": sec.date, "state_uses_after": len(later)}
    if later:
        return Outcome(
            "adopted", f"{len(later)} state uses on or after {sec.date}", keys, value
        ), ""
    return Outcome("not_adopted", f"no state use on or after {sec.date}", keys, value), ""


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
    return Outcome(top, f"shares of operative words: {detail}", keys[:10], prov.shares), ""


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
