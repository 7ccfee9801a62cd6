"""Every number of the evidence ledger points back to text: an item whose pointer is broken
does not move a posterior.

:func:`weighable` splits a ledger into the items whose every citation holds and those left
out, each with one line saying what is broken, where, and what to do (:class:`LeftOut`).
:func:`normtrace.trace.run.run_trace` weighs only the first; every surface (the ``trace``
table and ``--json``, the saved ledger, the case report, the recorded run) names the others,
and ``normtrace trace`` / ``report`` exit with status 1 when any was left out. A corroborating
item with a broken pointer is named too (:attr:`LeftOut.kind`), as not weighed in any case: it
changes no posterior, but a broken pointer anywhere in a ledger is bad input, so the exit
status is 1 for it as well.

A citation holds when

* the item cites at least one unit (``units``): an item that cites no text is left out,
  whatever its kind (a ``manual`` one included);
* its unit key is a unit of the project: a speech, a paragraph of a document or of a
  speech, of a current document (:func:`normtrace.trace.store_trace.stored_units`, what
  ``normtrace export paragraphs|speeches`` lists);
* a span (``start``/``end``) lies within the unit's text;
* a quote is the unit's stored text: with a span, the text at those offsets; without one, a
  passage of the unit. Both sides are compared after folding every run of whitespace to
  one space (:func:`words`), nothing else: the quote is the stored words. A quote ending in
  ``…`` (as normtrace writes the opening of a long unit) is that passage followed by more.

The corroborating items are checked too (:func:`left_out`).

A ``coded_spans`` citation of a coding is checked apart, and refused outright
(:func:`normtrace.trace.store_trace.check_citations`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from normtrace.store.db import Store
from normtrace.trace.ledger import EvidenceItem, Ledger, UnitRef
from normtrace.trace.store_trace import unit_texts

ELLIPSIS = "…"


#: :attr:`LeftOut.kind`: a weighed item left out of the posterior, a corroborating item
#: (never weighed) with a broken pointer, one restating a weighed item that is left out
KINDS = ("item", "corroborating", "restating")


@dataclass(frozen=True)
class LeftOut:
    """An evidence item left out: which, where, and why (one line). Only ``kind == "item"``
    (a weighed item) takes anything out of a posterior; a corroborating item is weighed in
    no case, and is named so that its broken pointer is not kept and shown as text."""

    item: str
    #: ``file:line`` of the item in its ledger, or the rule that derived it
    where: str
    #: what is broken and what to do
    reason: str
    #: one of :data:`KINDS`
    kind: str = "item"

    def line(self) -> str:
        """One line: ``where: item ID left out of the posterior: reason`` for a weighed item,
        ``where: corroborating item ID, not weighed in any case; its pointer is broken:
        reason`` for a corroborating one."""
        if self.kind == "corroborating":
            return (f"{self.where}: corroborating item {self.item}, not weighed in any case; "
                    f"its pointer is broken: {self.reason}")  # fmt: skip
        if self.kind == "restating":
            return (f"{self.where}: corroborating item {self.item}, not weighed in any case: "
                    f"{self.reason}")  # fmt: skip
        return f"{self.where}: item {self.item} left out of the posterior: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        """``{"item", "where", "reason", "kind", "line"}``."""
        return {"item": self.item, "where": self.where, "reason": self.reason,
                "kind": self.kind, "line": self.line()}  # fmt: skip


def words(text: str) -> str:
    """``text`` with every run of whitespace folded to one space, trimmed: the one comparison
    of a quote with its unit's stored text.

    >>> words(" takes  note\\n of its recommendations ")
    'takes note of its recommendations'
    """
    return " ".join(text.split())


def weighable(ledger: Ledger, store: Store) -> tuple[Ledger, tuple[LeftOut, ...]]:
    """The ledger of the items whose every citation holds in ``store``, and the items left
    out (in ledger order: the weighed items, then the corroborating ones, :func:`left_out`).
    Every unit kind the project stores is read (:func:`~normtrace.trace.store_trace.
    stored_units`): a paragraph of a speech as well as a speech or a document's paragraph."""
    every = (*ledger.items, *ledger.corroborating)
    texts = unit_texts(store, (u.key for item in every for u in item.units))
    left = left_out(ledger, texts)
    out = {lo.item for lo in left}
    return replace(
        ledger,
        items=tuple(i for i in ledger.items if i.id not in out),
        corroborating=tuple(c for c in ledger.corroborating if c.id not in out),
    ), left


def weigh(
    ledger: Ledger, store: Store, rederive: Callable[[frozenset[str]], Ledger] | None = None
) -> tuple[Ledger, Ledger, tuple[LeftOut, ...]]:
    """``(given, kept, left)``: the ledger as given (every item, to save and show), the
    ledger to weigh (:func:`weighable`) and the items left out.

    ``rederive`` (for a derived ledger): the ledger derived again without the rules of the
    given ids. When a weighed item that a corroborating item restates is left out, the rules
    are derived again without it, so the item restating it is weighed in its place when its
    own pointers hold: a left-out item counts as one whose indicator cannot be computed
    (the rules file's rule, e.g. R3 is weighed when R6 cannot be computed). ``given`` is then
    the ledger derived again with the left-out items beside its own. A ledger written by
    hand is not derived again: its corroborating items carry no likelihoods, so one whose
    weighed item is left out is named left out too (:func:`left_out`).
    """
    kept, left = weighable(ledger, store)
    out = frozenset(lo.item for lo in left if lo.item in {i.id for i in ledger.items})
    if rederive is None or not any(c.corroborates in out for c in ledger.corroborating):
        return ledger, kept, left
    again = rederive(out)
    kept, more = weighable(again, store)
    order = [i.id for i in (*ledger.items, *ledger.corroborating)]
    dropped = [i for i in ledger.items if i.id in out]
    items = sorted((*again.items, *dropped), key=lambda i: _rank(order, i.id))
    return replace(again, items=tuple(items)), kept, (*(lo for lo in left if lo.item in out), *more)


def _rank(order: list[str], item: str) -> int:
    return order.index(item) if item in order else len(order)


def left_out(ledger: Ledger, texts: Mapping[str, str]) -> tuple[LeftOut, ...]:
    """The items of ``ledger`` with a broken pointer, given the stored ``texts`` by unit key
    (a key missing from ``texts`` is not in the project).

    A corroborating item is checked too: one with a broken pointer is named (it is not
    weighed in any case, but its false quote or missing unit must not be kept and shown as
    the text). One whose pointers hold but whose weighed item is left out is named as well:
    it carries no likelihoods, so the observation both describe would be in no posterior
    while the notes said it corroborates a weighed item. (A derived ledger never comes to
    this: :func:`normtrace.trace.run.run_trace` derives it again without the left-out
    rule, so that the item restating it is weighed in its place, as when a rule's indicator
    cannot be computed.)"""
    found = []
    for item in ledger.items:
        broken = _broken(item, texts, derived=ledger.derived)
        if broken:
            found.append(LeftOut(item.id, _where(item, ledger), _reason(broken)))
    gone = {lo.item for lo in found}
    for item in ledger.corroborating:
        broken = _broken(item, texts, derived=ledger.derived)
        kind = "corroborating"
        if broken:
            reason = _reason(broken)
        elif item.corroborates in gone:
            kind = "restating"
            reason = (
                f"it restates {item.corroborates}, which is left out, and a corroborating "
                "item carries no likelihoods, so the observation both describe is in no "
                f"posterior; correct {item.corroborates}'s pointer, or weigh {item.id} in its "
                f"place (move it under 'items' with likelihoods, {item.corroborates} out)"
            )
        else:
            continue
        found.append(LeftOut(item.id, _where(item, ledger), reason, kind))
    return tuple(found)


def _reason(broken: list[str]) -> str:
    n = len(broken) - 1
    return broken[0] + (f" (and {n} more broken citation(s) of it)" if n else "")


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
