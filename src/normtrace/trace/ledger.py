"""The evidence ledger: what was observed, where in the texts, how likely under each rival.

A ledger is a YAML file::

    case: drc-2013
    items:
      - id: E1
        description: The Secretariat used the offensive-force frame before any state.
        kind: indicator            # indicator | coded_spans | provenance | manual
        units:                     # the texts the item rests on (unit keys)
          - key: S/2013/119/p45
            quote: "..."           # optional; filled in from the project store
            start: 0               # optional code-point offsets into the unit text
            end: 120
            code: offensive_force  # optional codebook code of a coded span
        indicators:                # indicator values the item rests on
          - name: frame_first_use
            value: {secretariat: "2013-02-27", permanent_member: "2013-03-28"}
        likelihoods:               # P(E | H) for every hypothesis, with the reason
          H1: {p: 0.2, justification: "...", range: [0.1, 0.3]}
          H4: {p: 0.8, justification: "..."}
    corroborating:                 # optional: items listed, not weighed
      - id: E2
        description: The same word origins, counted over all operative words.
        kind: indicator
        units: [...]
        indicators: [...]
        corroborates: E1           # the weighed item it restates; no likelihoods
        why: "E2 and E1 read the same word origins of the same paragraphs."

An item under ``corroborating`` rests on the same measurement as a weighed item (the
same indicator, or indicators that read the same data, over the same units):
multiplying both would count one observation twice, so it is shown with its texts and
is not weighed (:mod:`normtrace.trace.overlap`). ``measured_error`` and
``outside_window``, which ``--save-ledger`` writes on an item, are computed from the
project at every run (:mod:`normtrace.trace.annotate`): read and ignored.

Rules (errors name file and line): no key the format does not know (a misspelt
``range`` would otherwise fall back to the default range without a word); ids unique;
``kind`` one of :data:`KINDS`;
every item except ``manual`` ones rests on at least one unit key, so every number
points back to text; ``indicator`` items name at least one indicator,
``coded_spans`` items at least one unit with a ``code``; each hypothesis of the set
has ``p`` in [0, 1] and a non-empty ``justification``; an optional ``range``
``[low, high]`` (sensitivity analysis) must contain ``p``.

Weighed against a project (:func:`normtrace.trace.run.run_trace`), an item whose pointer to
the text is broken is left out of the posterior, a ``manual`` item citing no unit too
(:mod:`normtrace.trace.pointers`). A corroborating item is checked likewise and named when
broken; one whose weighed item is left out is named too (it carries no likelihoods, so the
observation would be in no posterior), while a derived one is weighed in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from normtrace.errors import TraceError
from normtrace.trace.hypotheses import HypothesisSet
from normtrace.yamlfile import LineDict, dump, load_mapping, parse_mapping, where

KINDS = ("indicator", "coded_spans", "provenance", "manual")
#: the keys each mapping of a ledger may hold (any other is refused with its file and line)
LEDGER_KEYS = ("case", "items", "corroborating")
#: ``measured_error``, ``outside_window``: written by ``--save-ledger`` from the project;
#: read and ignored (recomputed at every run)
COMPUTED_KEYS = ("measured_error", "outside_window")
ITEM_KEYS = ("id", "description", "kind", "units", "indicators", "likelihoods", *COMPUTED_KEYS)
CORROBORATING_KEYS = ("id", "description", "kind", "units", "indicators", "corroborates", "why",
                      *COMPUTED_KEYS)  # fmt: skip
#: ``where``: the citation's ``file:line``, which saved ledgers of earlier versions wrote;
#: read and ignored (the line is the file's own)
UNIT_KEYS = ("key", "quote", "start", "end", "code", "where")
INDICATOR_KEYS = ("name", "value")
LIKELIHOOD_KEYS = ("p", "justification", "range")


@dataclass(frozen=True)
class UnitRef:
    """A pointer into the texts: a unit key, optionally a span and the quoted words."""

    key: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    code: str | None = None
    #: ``file:line`` of the citation in the ledger it was read from (errors point there)
    where: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class IndicatorRef:
    """A named indicator value (JSON-able) that the item rests on."""

    name: str
    value: Any


@dataclass(frozen=True)
class Likelihood:
    """P(E | H) for one hypothesis, the analyst's reason, and an optional sensitivity range."""

    p: float
    justification: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class MeasuredError:
    """A code's measured error as it holds for an item: on the genre of the units citing it."""

    code: str
    #: the genre(s) of the item's units this measurement judges (``speech``, ``report
    #: paragraph``, ``resolution before 1999``, ``resolution or other``), ``, `` between
    genre: str
    precision: float | None
    recall: float | None
    n: int
    validated: bool
    #: ``P … · R … · n …`` and the flag, as every surface prints it
    text: str

    def to_json(self) -> dict[str, Any]:
        """Plain data (the saved ledger's ``measured_error`` and the JSON)."""
        return {"code": self.code, "genre": self.genre,
                "precision": self.precision, "recall": self.recall, "n": self.n,
                "validated": self.validated, "text": self.text}  # fmt: skip


@dataclass(frozen=True)
class OutsideWindow:
    """A cited unit whose document is dated outside the case window."""

    key: str
    date: str
    #: ``before`` the window's start or ``after`` its end
    side: str
    #: the case window (ISO dates)
    start: str
    end: str

    def text(self) -> str:
        """``S/PV.8703/s016 (2020-01-15, after the case window 2006-01-01 to 2008-12-31)``."""
        return f"{self.key} ({self.date}, {self.side} the case window {self.start} to {self.end})"


@dataclass(frozen=True)
class EvidenceItem:
    """One observation with its references and its likelihood under every hypothesis."""

    id: str
    description: str
    kind: str
    likelihoods: dict[str, Likelihood]
    units: tuple[UnitRef, ...] = ()
    indicators: tuple[IndicatorRef, ...] = ()
    #: ``file:line`` of the item in the ledger it was read from (messages point there)
    where: str | None = field(default=None, compare=False)
    #: for an item of :attr:`Ledger.corroborating`: the weighed item it restates, and why
    #: (it has no likelihoods)
    corroborates: str = ""
    why: str = ""
    #: computed from the project by :func:`normtrace.trace.annotate.annotate` (never read
    #: from a ledger file): the measured error of each code its units carry, judged on the
    #: genre of each unit carrying it
    measured: tuple[MeasuredError, ...] = field(default=(), compare=False)
    #: computed likewise: the cited units dated outside the case window
    outside: tuple[OutsideWindow, ...] = field(default=(), compare=False)

    @property
    def unvalidated(self) -> bool | None:
        """True when a code it rests on is unvalidated on a genre it is cited in; ``None``
        when it rests on no code."""
        return any(not m.validated for m in self.measured) if self.measured else None

    @property
    def is_manual(self) -> bool:
        """True for items the analyst entered without an indicator, span or provenance chain."""
        return self.kind == "manual"

    def probabilities(self) -> dict[str, float]:
        """``{hypothesis id: P(E | H)}``."""
        return {h: lk.p for h, lk in self.likelihoods.items()}


@dataclass(frozen=True)
class Ledger:
    """The evidence items of one case, checked against a hypothesis set."""

    case: str
    items: tuple[EvidenceItem, ...]
    source: str = ""
    derived: bool = False  # True when derived by evidence rules (likelihoods are their assumptions)
    #: items that rest on the same measurement as a weighed item: listed, not weighed
    corroborating: tuple[EvidenceItem, ...] = ()

    def with_items(self, items: tuple[EvidenceItem, ...]) -> Ledger:
        """A copy with other items (e.g. quotes filled in)."""
        return replace(self, items=items)


def load_ledger(path: str | Path, hypotheses: HypothesisSet) -> Ledger:
    """Load and validate an evidence ledger from YAML against ``hypotheses``."""
    data = load_mapping(path, what="evidence ledger", error=TraceError)
    return ledger_from_mapping(data, hypotheses, source=str(path))


def parse_ledger(text: str, hypotheses: HypothesisSet, *, source: str = "<string>") -> Ledger:
    """Validate a ledger given as YAML text."""
    data = parse_mapping(text, source=source, what="evidence ledger", error=TraceError)
    return ledger_from_mapping(data, hypotheses, source=source)


def ledger_from_mapping(data: LineDict, hypotheses: HypothesisSet, *, source: str) -> Ledger:
    """Build a :class:`Ledger` from parsed YAML, checking every rule."""
    refuse_unknown(data, LEDGER_KEYS, source, "the ledger")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise TraceError(f"{where(source, data)}: a ledger needs 'items', a list of evidence")
    items = tuple(_item(raw, hypotheses, source) for raw in raw_items)
    raw_more = _list(data, "corroborating", source)
    weighed = [i.id for i in items]
    more = tuple(_corroborating(raw, weighed, source) for raw in raw_more)
    seen: set[str] = set()
    for item, raw in zip((*items, *more), (*raw_items, *raw_more), strict=True):
        if item.id in seen:
            raise TraceError(f"{where(source, raw, 'id')}: duplicate evidence id {item.id!r}")
        seen.add(item.id)
    return Ledger(str(data.get("case") or ""), items, source, corroborating=more)


def ledger_to_mapping(ledger: Ledger) -> dict[str, Any]:
    """The ledger as plain YAML/JSON-able data (the inverse of :func:`ledger_from_mapping`)."""
    out: dict[str, Any] = {"case": ledger.case,
                           "items": [_item_to_mapping(i) for i in ledger.items]}  # fmt: skip
    if ledger.corroborating:
        out["corroborating"] = [_item_to_mapping(i) for i in ledger.corroborating]
    return out


def save_ledger(ledger: Ledger, path: str | Path, *, comment: str = "") -> Path:
    """Write the ledger as YAML (``comment`` as ``#`` lines on top, e.g. why it is empty);
    loading it again gives an equal ledger."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = dump(ledger_to_mapping(ledger), width=80)
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    target.write_text(head + text, encoding="utf-8")
    return target


def _item(raw: Any, hypotheses: HypothesisSet, source: str) -> EvidenceItem:
    raw = _mapping(raw, source, "evidence item", "likelihoods")
    refuse_unknown(raw, ITEM_KEYS, source, f"item {raw['id']!r}")
    item = _read(raw, source, _kind(raw, source), _likelihoods(raw, hypotheses, source))
    _check_references(item, raw, source)
    return item


def _corroborating(raw: Any, weighed: list[str], source: str) -> EvidenceItem:
    raw = _mapping(raw, source, "corroborating item", "corroborates")
    if "likelihoods" in raw:
        raise TraceError(
            f"{where(source, raw, 'likelihoods')}: corroborating item {raw['id']!r} is not "
            "weighed, so it takes no likelihoods: remove them, or weigh it under 'items' and "
            f"list {raw['corroborates']!r} here instead"
        )
    refuse_unknown(raw, CORROBORATING_KEYS, source, f"corroborating item {raw['id']!r}")
    target = str(raw["corroborates"])
    if target not in weighed:
        raise TraceError(
            f"{where(source, raw, 'corroborates')}: corroborating item {raw['id']!r} "
            f"corroborates {target!r}, which is no item under 'items' (valid: "
            f"{', '.join(weighed) or 'none'})"
        )
    item = _read(raw, source, _kind(raw, source), {}, corroborates=target,
                 why=" ".join(str(raw.get("why") or "").split()))  # fmt: skip
    _check_references(item, raw, source)
    return item


def _mapping(raw: Any, source: str, what: str, own: str) -> LineDict:
    """``raw`` as an item of kind ``what``, holding the keys every item has and ``own``."""
    if not isinstance(raw, LineDict):
        raise TraceError(f"{source}: each {what} must be a mapping, got {raw!r}")
    missing = [k for k in ("id", "description", "kind", own) if k not in raw]
    if missing:
        raise TraceError(f"{where(source, raw)}: {what} lacks {missing}")
    return raw


def _kind(raw: LineDict, source: str) -> str:
    kind = str(raw["kind"])
    if kind not in KINDS:
        raise TraceError(f"{where(source, raw, 'kind')}: kind {kind!r} is not one of {KINDS}")
    return kind


def _read(
    raw: LineDict, source: str, kind: str, likelihoods: dict[str, Likelihood], **own: Any
) -> EvidenceItem:
    """The fields weighed and corroborating items share (id, description, units, indicators,
    where), read one way, with ``kind``, ``likelihoods`` and the fields of its own kind."""
    return EvidenceItem(
        id=str(raw["id"]),
        description=" ".join(str(raw["description"]).split()),
        kind=kind,
        likelihoods=likelihoods,
        units=tuple(_unit(u, raw, source) for u in _list(raw, "units", source)),
        indicators=tuple(_indicator(i, raw, source) for i in _list(raw, "indicators", source)),
        where=where(source, raw),
        **own,
    )


def _list(raw: LineDict, key: str, source: str) -> list[Any]:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise TraceError(f"{where(source, raw, key)}: {key!r} must be a list")
    return value


def _unit(u: Any, raw: LineDict, source: str) -> UnitRef:
    if isinstance(u, str):
        return UnitRef(key=u, where=where(source, raw, "units"))
    if not isinstance(u, LineDict) or "key" not in u:
        raise TraceError(f"{where(source, raw, 'units')}: each unit needs a 'key' (unit key)")
    refuse_unknown(u, UNIT_KEYS, source, f"item {raw['id']!r}: unit {u['key']}")
    start, end = u.get("start"), u.get("end")
    if (start is None) != (end is None) or (start is not None and not 0 <= start <= end):
        raise TraceError(f"{where(source, u)}: a span needs 0 <= start <= end, got {start}..{end}")
    quote = u.get("quote")
    return UnitRef(
        key=str(u["key"]),
        quote=str(quote) if quote is not None else None,
        start=start,
        end=end,
        code=str(u["code"]) if u.get("code") is not None else None,
        where=where(source, u),
    )


def _indicator(i: Any, raw: LineDict, source: str) -> IndicatorRef:
    if not isinstance(i, LineDict) or "name" not in i:
        raise TraceError(f"{where(source, raw, 'indicators')}: each indicator needs a 'name'")
    refuse_unknown(i, INDICATOR_KEYS, source, f"item {raw['id']!r}: indicator {i['name']}")
    return IndicatorRef(name=str(i["name"]), value=_plain(i.get("value")))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _likelihoods(raw: LineDict, hypotheses: HypothesisSet, source: str) -> dict[str, Likelihood]:
    table = raw["likelihoods"]
    if not isinstance(table, LineDict):
        raise TraceError(f"{where(source, raw, 'likelihoods')}: likelihoods must be a mapping")
    missing = [h for h in hypotheses.ids if h not in table]
    unknown = [h for h in table if h not in hypotheses.ids]
    if missing or unknown:
        raise TraceError(
            f"{where(source, raw, 'likelihoods')}: item {raw['id']!r} must give P(E | H) "
            f"for exactly {list(hypotheses.ids)}; missing {missing}, unknown {unknown}"
        )
    item = str(raw["id"])
    return {h: _likelihood(table[h], table, h, source, item) for h in hypotheses.ids}


def _likelihood(entry: Any, table: LineDict, h: str, source: str, item: str) -> Likelihood:
    loc = where(source, table, h)
    if not isinstance(entry, LineDict) or "p" not in entry:
        raise TraceError(f"{loc}: {h} needs {{p: <0..1>, justification: <why>}}")
    refuse_unknown(entry, LIKELIHOOD_KEYS, source, f"item {item!r}: P(E | {h})")
    p = _probability(entry["p"], loc, f"P(E | {h})")
    reason = " ".join(str(entry.get("justification") or "").split())
    if not reason:
        raise TraceError(f"{loc}: P(E | {h}) needs a justification (why this value)")
    low = high = None
    if entry.get("range") is not None:
        rng = entry["range"]
        if not isinstance(rng, list) or len(rng) != 2:
            raise TraceError(f"{loc}: range must be [low, high]")
        low, high = (_probability(v, loc, "range bound") for v in rng)
        if not low <= p <= high:
            raise TraceError(f"{loc}: range [{low}, {high}] must contain p = {p}")
    return Likelihood(p=p, justification=reason, low=low, high=high)


def refuse_unknown(mapping: LineDict, keys: tuple[str, ...], source: str, what: str) -> None:
    """Refuse a key of ``mapping`` not in ``keys``, at its line: a typo must not be ignored.

    A text written unquoted in a flow mapping (``{p: 0.3, justification: A, B}``) is cut at
    its first comma and the rest becomes a key with no value: the hint says to quote it."""
    unknown = [k for k in mapping if k not in keys]
    if unknown:
        key = unknown[0]
        hint = (
            " (if it is the rest of a text cut at a comma inside {...}, quote that text)"
            if mapping.get(key) is None
            else ""
        )
        raise TraceError(
            f"{where(source, mapping, key)}: {what}: unknown key {key!r}; valid keys: "
            f"{', '.join(k for k in keys if k != 'where')}{hint}"
        )


def _probability(value: Any, loc: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise TraceError(f"{loc}: {what} must be a number in [0, 1], got {value!r}")
    return float(value)


def _check_references(item: EvidenceItem, raw: LineDict, source: str) -> None:
    loc = where(source, raw)
    if item.kind != "manual" and not item.units:
        raise TraceError(
            f"{loc}: {item.kind} item {item.id!r} must cite at least one unit key under "
            "'units' so that its numbers point back to text"
        )
    if item.kind == "indicator" and not item.indicators:
        raise TraceError(f"{loc}: indicator item {item.id!r} must name its 'indicators'")
    if item.kind == "coded_spans" and not any(u.code for u in item.units):
        raise TraceError(f"{loc}: coded_spans item {item.id!r} needs units with a 'code'")


def _item_to_mapping(item: EvidenceItem) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "description": item.description, "kind": item.kind}
    if item.units:
        out["units"] = [
            {k: v for k, v in vars(u).items() if v is not None and k != "where"} for u in item.units
        ]
    if item.indicators:
        out["indicators"] = [{"name": i.name, "value": i.value} for i in item.indicators]
    if item.corroborates:
        out.update(corroborates=item.corroborates, why=item.why)
    else:
        out["likelihoods"] = {h: _likelihood_to_mapping(lk) for h, lk in item.likelihoods.items()}
    if item.measured:
        out["measured_error"] = [m.to_json() for m in item.measured]
    if item.outside:
        out["outside_window"] = [vars(o) for o in item.outside]
    return out


def _likelihood_to_mapping(lk: Likelihood) -> dict[str, Any]:
    out: dict[str, Any] = {"p": lk.p, "justification": lk.justification}
    if lk.low is not None and lk.high is not None:
        out["range"] = [lk.low, lk.high]
    return out
