"""Every number of the evidence ledger points back to text: an item whose pointer is broken
does not move a posterior.

:func:`weighable` splits a ledger into the items whose every citation holds and those left
out, each with one line saying what is broken, where, and what to do (:class:`LeftOut`).
:func:`normtrace.trace.run.run_trace` weighs only the first; every surface (the ``trace``
table and ``--json``, the saved ledger, the case report, the recorded run) names the others,
and ``normtrace trace`` / ``report`` exit with status 1 when any was left out.

A citation holds when

* the item cites at least one unit (``units``): an item that cites no text is left out,
  whatever its kind (a ``manual`` one included);
* its unit key is a unit of the project (current documents);
* a span (``start``/``end``) lies within the unit's text;
* a quote is the unit's stored text: with a span, the text at those offsets; without one, a
  passage of the unit. Both sides are compared after folding every run of whitespace to
  one space (:func:`words`), nothing else: the quote is the stored words. A quote ending in
  ``…`` (as normtrace writes the opening of a long unit) is that passage followed by more.

A ``coded_spans`` citation of a coding is checked apart, and refused outright
(:func:`normtrace.trace.store_trace.check_citations`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.store.db import Store
from normtrace.trace.ledger import EvidenceItem, Ledger, UnitRef
from normtrace.trace.store_trace import unit_texts

ELLIPSIS = "…"


@dataclass(frozen=True)
class LeftOut:
    """An evidence item left out of the posterior: which, where, and why (one line)."""

    item: str
    #: ``file:line`` of the item in its ledger, or the rule that derived it
    where: str
    #: what is broken and what to do
    reason: str

    def line(self) -> str:
        """``where: item ID left out of the posterior: reason`` (one line)."""
        return f"{self.where}: item {self.item} left out of the posterior: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        """``{"item", "where", "reason", "line"}``."""
        return {"item": self.item, "where": self.where, "reason": self.reason,
                "line": self.line()}  # fmt: skip


def words(text: str) -> str:
    """``text`` with every run of whitespace folded to one space, trimmed: the one comparison
    of a quote with its unit's stored text.

    >>> words(" takes  note\\n of its recommendations ")
    'takes note of its recommendations'
    """
    return " ".join(text.split())


def weighable(ledger: Ledger, store: Store) -> tuple[Ledger, tuple[LeftOut, ...]]:
    """The ledger of the items whose every citation holds in ``store``, and the items left
    out (in ledger order)."""
    texts = unit_texts(store, (u.key for item in ledger.items for u in item.units))
    left = left_out(ledger, texts)
    out = {lo.item for lo in left}
    return ledger.with_items(tuple(i for i in ledger.items if i.id not in out)), left


def left_out(ledger: Ledger, texts: Mapping[str, str]) -> tuple[LeftOut, ...]:
    """The items of ``ledger`` with a broken pointer, given the stored ``texts`` by unit key
    (a key missing from ``texts`` is not in the project)."""
    found = []
    for item in ledger.items:
        broken = _broken(item, texts, derived=ledger.derived)
        if broken:
            n = len(broken) - 1
            more = f" (and {n} more broken citation(s) of it)" if n else ""
            found.append(LeftOut(item.id, _where(item, ledger), broken[0] + more))
    return tuple(found)


def _where(item: EvidenceItem, ledger: Ledger) -> str:
    if item.where:
        return item.where
    if ledger.derived:
        return f"rule {item.id} of {Path(ledger.source).name or 'the evidence rules'}"
    return ledger.source or "the ledger"


def _broken(item: EvidenceItem, texts: Mapping[str, str], *, derived: bool) -> list[str]:
    if not item.units:
        if derived:
            return [
                "its observation cites no unit of the project (no stored text was read for "
                "it); add the documents it rests on (the coverage lines say which are "
                "missing) and run it again"
            ]
        return [
            "it cites no text; list the unit keys of the words it rests on under 'units' "
            "(`normtrace export paragraphs|speeches` lists the keys with their texts), so "
            "that its numbers point back to text"
        ]
    return [why for u in item.units if (why := _citation(u, texts.get(u.key)))]


def _citation(u: UnitRef, text: str | None) -> str:
    """Why the citation ``u`` is broken, or ``""`` when it holds."""
    if text is None:
        return (
            f"{u.key} is not a unit of the project; correct the key (`normtrace export "
            "paragraphs|speeches` lists the keys with their texts) or ingest its document"
        )
    if u.start is not None and u.end is not None:
        if u.end > len(text):
            return (
                f"its span [{u.start}:{u.end}] of {u.key} ends beyond the unit's "
                f"{len(text)} characters; correct the offsets (a newer version of the "
                "document may have moved the words)"
            )
        if u.quote is not None and words(text[u.start : u.end]) != words(u.quote):
            return (
                f"its quote of {u.key} [{u.start}:{u.end}] is not the stored text at those "
                f"offsets ({_clip(text[u.start : u.end])!r}); correct the offsets or the "
                "quote, or delete the quote (normtrace fills it in)"
            )
        return ""
    if u.quote is None:
        return ""
    quote = words(u.quote)
    if not quote:
        return f"its quote of {u.key} is empty; delete it (normtrace fills it in) or copy words"
    stored = words(text)
    if quote in stored or (quote.endswith(ELLIPSIS) and words(quote[: -len(ELLIPSIS)]) in stored):
        return ""
    return (
        f"its quote of {u.key} ({_clip(quote)!r}) is not in the unit's stored text; copy the "
        "words from the unit, or delete the quote (normtrace fills it in)"
    )


def _clip(text: str, n: int = 60) -> str:
    flat = words(text)
    return flat if len(flat) <= n else flat[: n - 1] + ELLIPSIS
