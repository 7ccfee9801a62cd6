"""Rival hypotheses as data: a YAML file with a prior and observable implications each.

A hypothesis set file looks like this (see ``normtrace/data/hypotheses/default.yaml``)::

    name: offensive-force
    description: Why did the UN adopt proactive offensive force?
    hypotheses:
      - id: H1
        label: Powerful states
        statement: The permanent members, above all the penholders, drove ...
        prior: 0.25
        implications:
          - Offensive-force language appears first in penholders' drafts and speeches.

Rules: at least two hypotheses; ids unique and made of letters, digits, ``_`` or
``-``; priors in [0, 1] summing to 1 (±1e-6); at least one implication each.
Errors name the file and line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normtrace.errors import TraceError
from normtrace.yamlfile import LineDict, load_mapping, parse_mapping, where

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
DEFAULT_NAME = "default"


@dataclass(frozen=True)
class Hypothesis:
    """One rival explanation with its prior and what it leads us to expect in the texts."""

    id: str
    label: str
    statement: str
    prior: float
    implications: tuple[str, ...]


@dataclass(frozen=True)
class HypothesisSet:
    """Mutually exclusive rival hypotheses; ``source`` is the file they came from."""

    name: str
    description: str
    hypotheses: tuple[Hypothesis, ...]
    source: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """The hypothesis ids in file order."""
        return tuple(h.id for h in self.hypotheses)

    @property
    def priors(self) -> dict[str, float]:
        """``{id: prior}``."""
        return {h.id: h.prior for h in self.hypotheses}

    def get(self, hypothesis_id: str) -> Hypothesis:
        """The hypothesis with this id; a wrong id lists the valid ones."""
        for h in self.hypotheses:
            if h.id == hypothesis_id:
                return h
        raise TraceError(f"no hypothesis {hypothesis_id!r} in {self.name}; valid: {self.ids}")


def load_hypotheses(path: str | Path) -> HypothesisSet:
    """Load and validate a hypothesis set from a YAML file.

    >>> hs = load_hypotheses(default_hypotheses_path())
    >>> hs.ids
    ('H1', 'H2', 'H3', 'H4')
    """
    data = load_mapping(path, what="hypothesis set", error=TraceError)
    return hypotheses_from_mapping(data, source=str(path))


def parse_hypotheses(text: str, *, source: str = "<string>") -> HypothesisSet:
    """Validate a hypothesis set given as YAML text."""
    return hypotheses_from_mapping(
        parse_mapping(text, source=source, what="hypothesis set", error=TraceError), source
    )


def default_hypotheses_path() -> Path:
    """The bundled default set (H1 powerful states … H4 Secretariat persuasion)."""
    return Path(str(resources.files("normtrace.data") / "hypotheses" / f"{DEFAULT_NAME}.yaml"))


def default_hypotheses() -> HypothesisSet:
    """Load the bundled default hypothesis set."""
    return load_hypotheses(default_hypotheses_path())


def hypotheses_from_mapping(data: LineDict, source: str) -> HypothesisSet:
    """Build a :class:`HypothesisSet` from parsed YAML, checking every rule."""
    items = data.get("hypotheses")
    if not isinstance(items, list) or len(items) < 2:
        raise TraceError(
            f"{where(source, data, 'hypotheses')}: 'hypotheses' must be a list of at least "
            "two rival hypotheses (each with id, label, statement, prior, implications)"
        )
    hypotheses = tuple(_hypothesis(item, source) for item in items)
    _check_unique(hypotheses, items, source)
    total = math.fsum(h.prior for h in hypotheses)
    if abs(total - 1) > 1e-6:
        raise TraceError(
            f"{where(source, data, 'hypotheses')}: priors must sum to 1, they sum to "
            f"{total:.6f}; adjust the 'prior' values"
        )
    return HypothesisSet(
        name=str(data.get("name") or Path(source).stem),
        description=" ".join(str(data.get("description") or "").split()),
        hypotheses=hypotheses,
        source=source,
    )


def _hypothesis(item: Any, source: str) -> Hypothesis:
    if not isinstance(item, LineDict):
        raise TraceError(f"{source}: each hypothesis must be a mapping, got {item!r}")
    missing = [k for k in ("id", "label", "statement", "prior", "implications") if k not in item]
    if missing:
        raise TraceError(f"{where(source, item)}: hypothesis lacks {missing}")
    hid = str(item["id"])
    if not _ID.match(hid):
        raise TraceError(f"{where(source, item, 'id')}: bad hypothesis id {hid!r} (use e.g. H1)")
    prior = item["prior"]
    if isinstance(prior, bool) or not isinstance(prior, int | float) or not 0 <= prior <= 1:
        raise TraceError(f"{where(source, item, 'prior')}: prior of {hid} must be in [0, 1]")
    implications = item["implications"]
    if not isinstance(implications, list) or not implications:
        raise TraceError(
            f"{where(source, item, 'implications')}: {hid} needs a list of observable "
            "implications (what we should find in the texts if it is true)"
        )
    return Hypothesis(
        id=hid,
        label=str(item["label"]),
        statement=" ".join(str(item["statement"]).split()),
        prior=float(prior),
        implications=tuple(" ".join(str(i).split()) for i in implications),
    )


def _check_unique(hypotheses: tuple[Hypothesis, ...], items: list[Any], source: str) -> None:
    seen: set[str] = set()
    for h, item in zip(hypotheses, items, strict=True):
        if h.id in seen:
            raise TraceError(f"{where(source, item, 'id')}: duplicate hypothesis id {h.id!r}")
        seen.add(h.id)
