"""Evidence indicators as plugins (entry-point group ``normtrace.indicators``).

An indicator observes one thing in a case and says which of its *outcomes* occurred,
citing the units it rests on. An evidence rule (a rules file, see
:mod:`normtrace.trace.rules`) names the indicator and states P(outcome | H) for every
hypothesis; :func:`~normtrace.trace.rules.derive_ledger` turns each observation into
one evidence item with those likelihoods. An indicator provides::

    name            the entry point's name, used as ``indicator:`` in rules files
    implication     the hypothesis implication it serves (one sentence)
    outcomes        the outcome names it can give (rules files may only use these)
    observe(context) -> Outcome | Unavailable

``context`` (:class:`EvidenceContext`) holds the case window, the project store and
the data :func:`~normtrace.trace.collect.collect_case_data` already read. An
:class:`Outcome` cites unit keys (a package indicator's outcome without one is not
used: every number must point back to text). An exception a package indicator raises
skips its rules with the error as the reason; the trace goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, cast

from normtrace import plugins
from normtrace.store.db import Store
from normtrace.trace.collect import CaseData
from normtrace.trace.ledger import UnitRef
from normtrace.trace.store_trace import CaseWindow

GROUP = "normtrace.indicators"


@dataclass(frozen=True)
class Outcome:
    """What an indicator showed: outcome name, a readable detail, the keys and the value."""

    name: str
    detail: str
    #: unit keys the observation rests on
    keys: list[str]
    #: the indicator's value, JSON-able (stored with the evidence item)
    value: Any
    #: the cited units with spans (the quoted clause); default: ``keys`` as whole units
    refs: tuple[UnitRef, ...] = ()


@dataclass(frozen=True)
class Unavailable:
    """Why an indicator could not be observed in this case (one line)."""

    reason: str


@dataclass(frozen=True)
class EvidenceContext:
    """What an indicator may read."""

    case: CaseWindow
    #: what collect_case_data read for the case (coverage, frame events, provenance …)
    data: CaseData
    #: the code ids the rules watch (their ``frames`` and ``frame_codes``)
    codes: tuple[str, ...]
    #: the project; ``None`` when the evidence is derived from collected data alone
    store: Store | None = None


class IndicatorPlugin(Protocol):
    """What a ``normtrace.indicators`` entry point names (an object or a class)."""

    name: str
    implication: str
    outcomes: tuple[str, ...]

    def observe(self, context: EvidenceContext) -> Outcome | Unavailable:
        """The outcome observed in the case, or why there is none."""


#: The built-in indicators; ``pyproject.toml`` declares the same.
BUILTINS = {
    "frame_first_use": "normtrace.trace.rules:FRAME_FIRST_USE",
    "frame_adoption": "normtrace.trace.rules:FRAME_ADOPTION",
    "provenance_shares": "normtrace.trace.rules:PROVENANCE_SHARES",
    "sg_citation_rate": "normtrace.trace.rules:SG_CITATION_RATE",
    "persuasion_markers": "normtrace.trace.rules:PERSUASION_MARKERS",
    "secretariat_origin": "normtrace.trace.rules:SECRETARIAT_ORIGIN",
    "debate_first_use": "normtrace.trace.rules:DEBATE_FIRST_USE",
    "sg_credit": "normtrace.trace.rules:SG_CREDIT",
    "mandate_growth": "normtrace.trace.rules:MANDATE_GROWTH",
    "vote_split": "normtrace.trace.rules:VOTE_SPLIT",
    "agenda_votes": "normtrace.trace.rules:AGENDA_VOTES",
    "renewal_secretariat_origin": "normtrace.trace.rules:RENEWAL_SECRETARIAT_ORIGIN",
}


def check_indicator(name: str, obj: object) -> str:
    """Why ``obj`` is no indicator plugin called ``name`` (``""`` when it is one)."""
    return plugins.check_object(
        name, obj, strings=("implication",), functions=("observe",),
        names=("outcomes", "names", bool),
    )  # fmt: skip


def indicators() -> plugins.Registry[IndicatorPlugin]:
    """The registered indicators (read once per process)."""
    return plugins.cached(
        GROUP,
        lambda: plugins.load_group(
            GROUP, BUILTINS, check_indicator, lambda o: cast(IndicatorPlugin, o)
        ),
    )


def observe(
    entry: plugins.Entry[IndicatorPlugin], context: EvidenceContext
) -> Outcome | Unavailable:
    """``entry``'s observation; a package indicator's error or uncited outcome is a reason."""
    if entry.builtin:
        return entry.obj.observe(context)
    try:
        found = entry.obj.observe(context)
    except Exception as exc:  # noqa: BLE001 - a plugin's bug skips its rules only
        return Unavailable(
            f"indicator plugin {entry.name!r} ({entry.origin}) raised {type(exc).__name__}: "
            f"{' '.join(str(exc).split())[:200]}"
        )
    if isinstance(found, Unavailable):
        return found
    if not isinstance(found, Outcome):
        return Unavailable(
            f"indicator plugin {entry.name!r} ({entry.origin}) returned "
            f"{type(found).__name__}, not an Outcome or Unavailable"
        )
    if not found.keys:
        return Unavailable(
            f"indicator plugin {entry.name!r} observed {found.name!r} but cited no unit"
        )
    return found
