"""Evidence items that rest on one measurement are weighed once.

Bayesian updating multiplies the items' likelihoods, which holds only when the items are
conditionally independent given each hypothesis
(:data:`normtrace.trace.inference.INDEPENDENCE_ASSUMPTION`). Two items that read the same
measurement over the same units are not: their likelihoods were stated for one
observation each, and multiplying both counts the observation twice.

Two items rest on one measurement when they share a unit key and

* name the same indicator, or indicators that read the same data (an indicator's
  optional ``measures``, e.g. ``provenance_shares``, ``secretariat_origin`` and
  ``renewal_secretariat_origin`` all read the earliest source of each operative word),
  over the same codes: the codes their units carry (:func:`codes_of`) are the same, or
  one of them names none (nothing then says they read different codings). Two rules on
  one indicator that watch different frames (a rule's ``frames``) read different codings
  and are two measurements, both weighed, even where one paragraph is the first use of
  both frames; two rules watching the same frames observe the same thing once;
* or, when one of them names no indicator (a ``coded_spans`` item, say), cite the same
  code on that unit, over spans that overlap (a whole unit overlaps every span): that item
  observes the coding another item rests on. Two items that both name indicators are
  compared by their indicators only: different indicators computed from the same codings
  (``frame_first_use``, ``frame_adoption``, ``debate_first_use``) are different
  measurements unless the indicators declare that they read the same data (``measures``)
  or the rules file says so (``corroborates``).

:func:`settle` (used by :func:`normtrace.trace.rules.derive_ledger`) keeps the first such
item weighed and lists the other as corroborating it, with no likelihood, after the
rules file's own decisions (a rule's ``corroborates: ID``); :func:`check_independent`
(used by :func:`normtrace.trace.case.trace_case`) refuses a ledger that weighs both, in
one line naming them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from normtrace.errors import TraceError
from normtrace.trace.ledger import EvidenceItem, Ledger, UnitRef
from normtrace.trace.registry import indicators


def measure_of(indicator: str) -> str:
    """What ``indicator`` reads: its ``measures`` (registered indicators that read the same
    data say the same), else its own name."""
    entry = indicators().get(indicator)
    found = getattr(entry.obj, "measures", "") if entry is not None else ""
    return str(found or indicator)


def codes_of(item: EvidenceItem) -> frozenset[str]:
    """The codes an item's units carry: the codings it rests on (a derived frame item's
    units carry the watched codes observed there: :func:`normtrace.trace.rules.frame_refs`)."""
    return frozenset(u.code for u in item.units if u.code)


def same_measure(a: EvidenceItem, b: EvidenceItem) -> str:
    """What ``a`` and ``b`` both measure: an indicator (or the data indicators declaring the
    same ``measures`` read) over the same codes (or codes one of them does not name), or
    ``""`` when they measure different things."""
    codes_a, codes_b = codes_of(a), codes_of(b)
    if codes_a and codes_b and codes_a != codes_b:
        return ""
    measures_b = {measure_of(i.name) for i in b.indicators}
    return next((m for i in a.indicators if (m := measure_of(i.name)) in measures_b), "")


def shared(a: EvidenceItem, b: EvidenceItem) -> tuple[str, tuple[str, ...]] | None:
    """The measurement ``a`` and ``b`` both rest on and the unit keys they share there, or
    ``None`` when they rest on no common measurement of a common unit."""
    keys_b = {u.key for u in b.units}
    common = [u.key for u in a.units if u.key in keys_b]
    if not common:
        return None
    measure = same_measure(a, b)
    if measure:
        return _measure_text(a, b, measure), tuple(dict.fromkeys(common))
    if a.indicators and b.indicators:  # two indicators, each over its own codes
        return None
    spans = [(u, v) for u in a.units if u.code for v in b.units if _same_coding(u, v)]
    if spans:
        keys = tuple(dict.fromkeys(u.key for u, _ in spans))
        return f"coding of {spans[0][0].code!r}", keys
    return None


def _measure_text(a: EvidenceItem, b: EvidenceItem, measure: str) -> str:
    names = sorted(
        {i.name for i in (*a.indicators, *b.indicators) if measure_of(i.name) == measure}
    )
    codes = sorted(codes_of(a) | codes_of(b))
    over = f" of {', '.join(codes)}" if codes else ""
    if names == [measure]:
        return f"indicator {measure}{over}"
    return f"{measure} ({', '.join(names)}){over}"


def _data(a: EvidenceItem, b: EvidenceItem) -> str:
    """`` (the earliest source of … : provenance_shares, secretariat_origin)`` when the two
    items' indicators read the same measurement, else ``""``."""
    measure = same_measure(a, b)
    return f", the {_measure_text(a, b, measure)}" if measure else ""


def _same_coding(u: UnitRef, v: UnitRef) -> bool:
    if u.key != v.key or not u.code or u.code != v.code:
        return False
    if u.start is None or v.start is None or u.end is None or v.end is None:
        return True
    return u.start < v.end and v.start < u.end


def overlap_line(a: EvidenceItem, b: EvidenceItem, found: tuple[str, tuple[str, ...]]) -> str:
    """``R3 and R6 rest on the same … over shared units (…)``."""
    measure, keys = found
    shown = ", ".join(keys[:4]) + (f" and {len(keys) - 4} more" if len(keys) > 4 else "")
    return f"{a.id} and {b.id} rest on the same {measure} over shared units ({shown})"


def check_independent(ledger: Ledger) -> None:
    """Refuse a ledger that weighs two items resting on one measurement of the same units.

    Raises:
        TraceError: naming both items, the measurement, the shared units and what to do.
    """
    items = ledger.items
    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            found = shared(a, b)
            if found is not None:
                where = f"{b.where}: " if b.where else ""
                raise TraceError(
                    f"{where}{overlap_line(a, b, found)}, so weighing both counts one "
                    f"observation twice: merge them into one item, or move {b.id} under "
                    f"'corroborating:' with 'corroborates: {a.id}' and no likelihoods"
                )


def settle(ledger: Ledger, declared: Mapping[str, str]) -> Ledger:
    """``ledger`` with every item that restates a weighed one moved to ``corroborating``.

    ``declared``: ``{rule id: the rule id it corroborates}`` from the rules file; such an
    item is listed, not weighed, whenever the item it names was derived (when that one
    was not, it is weighed in its place). Then any later item resting on the same
    measurement of the same units as an earlier weighed one is listed as corroborating
    it.
    """
    ids = {i.id for i in ledger.items}
    weighed: list[EvidenceItem] = []
    listed: list[EvidenceItem] = list(ledger.corroborating)
    for item in ledger.items:
        target = declared.get(item.id, "")
        if target in ids:
            other = next(i for i in ledger.items if i.id == target)
            listed.append(replace(item, likelihoods={}, corroborates=target, why=(
                f"{item.id} and {target} read the same data{_data(item, other)}; the rules "
                f"file declares '{item.id}: corroborates: {target}', so {target} is weighed "
                f"and {item.id} is listed with no likelihood")))  # fmt: skip
            continue
        earlier = next(((w, f) for w in weighed if (f := shared(w, item)) is not None), None)
        if earlier is None:
            weighed.append(item)
            continue
        first, found = earlier
        listed.append(replace(item, likelihoods={}, corroborates=first.id, why=(
            f"{overlap_line(first, item, found)}; {first.id} is weighed, {item.id} is listed "
            f"with no likelihood (to weigh {item.id} instead, declare "
            f"'corroborates: {item.id}' on rule {first.id} in the rules file)")))  # fmt: skip
    kept, by_id = {w.id for w in weighed}, {c.id: c for c in listed}

    def root(target: str) -> str:  # an item listed beside one that is itself listed
        seen = set()
        while target not in kept and target in by_id and target not in seen:
            seen.add(target)
            target = by_id[target].corroborates
        return target

    listed = [replace(c, corroborates=root(c.corroborates)) for c in listed]
    return replace(ledger, items=tuple(weighed), corroborating=tuple(listed))
