"""The evidence rules file: which indicator each rule reads, and P(outcome | H) for every
hypothesis with its justification (:mod:`normtrace.trace.rules` derives the ledger from it).

Rules: no key the format does not know (a justification cut at a comma inside ``{...}``
leaves its rest as one); the indicator is registered and each outcome is one it can give;
hypothesis ids equal those of the set; for each rule and hypothesis the probabilities over
the outcomes sum to 1 (±0.01); errors name file and line.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.errors import TraceError
from normtrace.trace.hypotheses import HypothesisSet
from normtrace.trace.ledger import Likelihood, refuse_unknown
from normtrace.trace.registry import indicators
from normtrace.yamlfile import LineDict, parse_mapping, where


@dataclass(frozen=True)
class Rule:
    """One indicator, its question, and P(outcome | H) with justifications."""

    id: str
    indicator: str
    question: str
    outcomes: dict[str, dict[str, Likelihood]]
    #: frames this rule watches instead of the rule set's (``frames:`` on the rule)
    frames: tuple[str, ...] = ()
    #: the rule whose item this one's restates (``corroborates:``): when both are derived,
    #: this one is listed beside it with no likelihood (:func:`normtrace.trace.overlap.settle`)
    corroborates: str = ""


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
    #: sha256 of the bytes of the rules file read (bundled or given): which rules weighed a
    #: recorded run, whatever the file is called (``default`` names whatever is bundled)
    sha256: str = ""

    def identity(self) -> str:
        """One phrase naming the rules read: name, file and content hash."""
        return f"{self.name} ({self.source}, sha256 {self.sha256})"

    def watched_codes(
        self, declared: dict[str, tuple[str, ...]], frames: tuple[str, ...] = ()
    ) -> tuple[tuple[str, ...], str]:
        """The code ids the rules (or a rule naming its own ``frames``) watch, and why some
        frame adds none ("" when all map)."""
        frames = frames or self.frames
        codes = set(self.frame_codes)
        lacking = [f for f in frames if not declared.get(f)]
        for frame in frames:
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
    """Load and check a rules file against ``hypotheses``; the rule set carries the sha256 of
    the bytes read (:attr:`RuleSet.sha256`)."""
    source = str(path)
    content = _read(path)
    # as a file read in text mode: universal newlines
    text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    data = parse_mapping(text, source=source, what="evidence rules", error=TraceError)
    refuse_unknown(data, ("name", "hypotheses", "frames", "frame_codes", "rules"), source,
                   "the rules")  # fmt: skip
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
    _check_corroborates(rules, raw, source)
    return RuleSet(
        str(data.get("name") or Path(source).stem),
        tuple(map(str, codes)),
        rules,
        source,
        tuple(map(str, frames)),
        hashlib.sha256(content).hexdigest(),
    )


def _read(path: str | Path) -> bytes:
    """The bytes of the rules file, once: the text parsed is the text hashed."""
    try:
        content = Path(path).read_bytes()
        content.decode("utf-8")
    except OSError as exc:
        raise TraceError.at(
            path, None, f"cannot read evidence rules ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError as exc:
        raise TraceError.at(
            path, None, f"cannot read evidence rules (not UTF-8: {exc.reason})"
        ) from None
    return content


def _rule(raw: Any, hypotheses: HypothesisSet, source: str) -> Rule:
    if not isinstance(raw, LineDict) or not {"id", "indicator", "outcomes"} <= set(raw):
        raise TraceError(f"{source}: each rule needs id, indicator, question and outcomes")
    refuse_unknown(raw, ("id", "indicator", "question", "outcomes", "frames", "corroborates"),
                   source, f"rule {raw['id']}")  # fmt: skip
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
    table = {
        name: _table(outcomes[name], hypotheses, source, f"rule {raw['id']}, outcome {name}")
        for name in outcomes
    }
    for h in hypotheses.ids:
        total = math.fsum(t[h].p for t in table.values())
        if abs(total - 1) > 0.01:
            raise TraceError(
                f"{where(source, raw, 'outcomes')}: rule {raw['id']}: P(outcome | {h}) "
                f"sums to {total:.3f} over the outcomes; it must sum to 1"
            )
    frames = raw.get("frames") or []
    if not isinstance(frames, list):
        raise TraceError(f"{where(source, raw, 'frames')}: frames must be a list of frame ids")
    return Rule(
        str(raw["id"]),
        str(raw["indicator"]),
        str(raw.get("question") or ""),
        table,
        tuple(map(str, frames)),
        str(raw.get("corroborates") or ""),
    )


def _check_corroborates(rules: tuple[Rule, ...], raw: list[Any], source: str) -> None:
    """A rule's ``corroborates`` names another rule of the file, one that is weighed."""
    ids = [r.id for r in rules]
    for rule, entry in zip(rules, raw, strict=True):
        target = rule.corroborates
        if not target:
            continue
        valid = [i for i in ids if i != rule.id]
        if target not in valid:
            raise TraceError(
                f"{where(source, entry, 'corroborates')}: rule {rule.id} corroborates "
                f"{target!r}, which is no other rule of the file (valid: {', '.join(valid)})"
            )
        if rules[ids.index(target)].corroborates:
            raise TraceError(
                f"{where(source, entry, 'corroborates')}: rule {rule.id} corroborates "
                f"{target}, which itself corroborates another rule: name the weighed one"
            )


def _table(raw: Any, hypotheses: HypothesisSet, source: str, what: str) -> dict[str, Likelihood]:
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
        refuse_unknown(entry, ("p", "justification"), source, f"{what}: {h}")
        if not entry.get("justification"):
            raise TraceError(f"{where(source, raw, h)}: {h} needs a justification")
        out[h] = Likelihood(float(p), " ".join(str(entry["justification"]).split()))
    return out
