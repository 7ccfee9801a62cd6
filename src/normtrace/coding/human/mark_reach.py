"""What a "done" mark says at the other coding level: one rule for every reader of marks.

A mark at ``unit`` level reviews its unit; one at ``paragraph`` level reviews the paragraph
with all its sub-paragraphs (:mod:`normtrace.coding.levels`). Read at the other level:

* *Upwards* (at ``paragraph`` level) a paragraph is reviewed when it was marked whole, or
  when every one of its units was marked (its codes are then the union of its units'); one
  only some of whose units were marked is *touched*: neither a negative nor left to the
  machine.
* *Downwards* (at ``unit`` level) a paragraph of one unit is that unit: its mark reviews the
  unit. A paragraph of several units reviewed as a whole in which no coding and no accept of
  a code sits (it does not *carry* the code) has no unit carrying the code, so each of its
  units is a negative for it. One that carries the code (a coding of the whole paragraph,
  placed on its opening unit, or of a span of one of its units, or an accepted candidate or
  suggestion) does not say which of its units do: they are only touched, and the units its
  codings sit in are positives by those codings, as everywhere.
* A mark reads the words it read (:mod:`~normtrace.coding.human.mark_texts`): a
  paragraph-level mark that read one unit only is a mark of that unit. So is one on what is
  now a sub-paragraph. Both were made on a report's numbered paragraph, or on one of its
  lettered sub-paragraphs, at paragraph level before stop 41, when a report's sub-paragraphs
  were paragraphs of their own: the coder read that unit's words, not its paragraph's.

The carrying paragraphs are the caller's (:func:`carrying_paragraphs` reads the store's;
training reads those of its own labels): whose codings count is the reader's rule (training
pools coders; an agreement reads each coder's own marks and codings).

>>> r = reach([("paragraph", "R/op1", None), ("paragraph", "R/op2", None)], "unit",
...           {"R/op1": ("R/op1", "R/op1/a"), "R/op2": ("R/op2",)})
>>> sorted(r.reviewed), sorted(r.touched)
(['R/op2'], ['R/op1', 'R/op1/a', 'R/op2'])
>>> [sorted(s) for s in r.for_code(carrying={"R/op1"})]
[['R/op2'], ['R/op1', 'R/op1/a', 'R/op2']]
>>> sorted(r.for_code(carrying=set())[0])
['R/op1', 'R/op1/a', 'R/op2']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from normtrace.coding.levels import check_level, paragraph_key
from normtrace.store.db import Store

if TYPE_CHECKING:
    from normtrace.coding.human.suggestion_verdicts import Standing

#: SQL (on columns ``level, unit_key, texts`` of a mark): the unit keys a paragraph-level mark
#: read, as a JSON array, where its paragraph holds sub-paragraphs now (an index range look-up;
#: elsewhere the mark reads the same at either level), else NULL
READ_KEYS = (
    "CASE WHEN level = 'paragraph' AND texts IS NOT NULL AND EXISTS (SELECT 1 FROM paragraphs "
    "sub WHERE sub.key > unit_key || '/' AND sub.key < unit_key || '0') THEN (SELECT "
    "json_group_array(key) FROM json_each(texts)) END"
)
#: a mark as the rule reads it: ``(level, key, read)``, ``read`` the unit keys whose words it
#: read (``None``: not known, a mark recorded before its texts were)
Mark = tuple[str, str, Sequence[str] | None]


def reading(level: str, key: str, read: Sequence[str] | None = None) -> tuple[str, str]:
    """``(level, key)`` a mark reads at: a paragraph-level mark on a sub-paragraph, or one
    that read one unit only, reads that unit (see the module doc).

    >>> reading("paragraph", "S/2008/202/p64/d")
    ('unit', 'S/2008/202/p64/d')
    >>> reading("paragraph", "S/2008/202/p64", ["S/2008/202/p64"])
    ('unit', 'S/2008/202/p64')
    >>> reading("paragraph", "S/2008/202/p64", ["S/2008/202/p64", "S/2008/202/p64/a"])
    ('paragraph', 'S/2008/202/p64')
    """
    one = read is not None and list(read) == [key]
    if level == "paragraph" and (paragraph_key(key) != key or one):
        return "unit", key
    return level, key


@dataclass(frozen=True)
class Reach:
    """What a set of marks (all speaking for the same codes) reviews at a level."""

    #: the targets reviewed whatever the codes the paragraphs carry
    reviewed: frozenset[str]
    #: the targets the marks touched at all (reviewed, or judged in part)
    touched: frozenset[str]
    #: at ``unit`` level: each paragraph of several units marked whole → its units, which are
    #: negatives for a code the paragraph does not carry (:meth:`for_code`)
    whole: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def for_code(self, carrying: Collection[str] | None) -> tuple[set[str], set[str]]:
        """``(reviewed, touched)`` for a code held in the paragraphs ``carrying`` (``None``:
        unknown, as if every paragraph carried it: its units are only touched)."""
        reviewed = set(self.reviewed)
        if carrying is not None:
            for head, units in self.whole.items():
                if head not in carrying:
                    reviewed.update(units)
        return reviewed, set(self.touched)


def reach(marks: Iterable[Mark], level: str, units_of: Mapping[str, Sequence[str]]) -> Reach:
    """What ``marks`` review at ``level`` (see the module doc); ``units_of``: paragraph key →
    its current unit keys (:func:`paragraph_units`), read only for marks at the other level."""
    check_level(level)
    here: set[str] = set()
    other: set[str] = set()
    for mark in marks:
        at, key = reading(*mark)
        (here if at == level else other).add(key)
    reviewed, touched = set(here), set(here)
    whole: dict[str, tuple[str, ...]] = {}
    if level == "unit":
        for head in other:
            units = tuple(units_of.get(head, ()))
            touched.update(units)
            if len(units) == 1:  # a paragraph of one unit is that unit
                reviewed.update(units)
            elif units:
                whole[head] = units
        return Reach(frozenset(reviewed), frozenset(touched), whole)
    for head in {paragraph_key(k) for k in other}:
        touched.add(head)
        members = units_of.get(head, ())
        if members and all(k in other for k in members):
            reviewed.add(head)
    return Reach(frozenset(reviewed), frozenset(touched))


def paragraph_units(store: Store) -> dict[str, tuple[str, ...]]:
    """Paragraph key → the keys of its current units (a key both editions hold once)."""
    out: dict[str, list[str]] = {}
    for (key,) in store.conn.execute("SELECT key FROM units"):
        out.setdefault(paragraph_key(key), []).append(key)
    return {head: tuple(dict.fromkeys(units)) if len(units) > 1 else (units[0],)
            for head, units in out.items()}  # fmt: skip


def carrying_paragraphs(
    store: Store, codebook: str, codes: Iterable[str] | None
) -> dict[str, set[str]]:
    """Code → the paragraphs a human coding of it (of ``codebook``'s versions, or of none),
    an accepted candidate of ``codebook``'s or an accepted suggestion of it whose words stand
    sits in, at either level, whoever's: the paragraphs that carry it (see the module doc).
    Of a coder's verdicts on suggestions of a code for one target only the latest carries
    (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`, as in
    :func:`carrying_by_coder`). ``codes`` ``None``: every code found (the key ``""`` holds the
    paragraphs carrying any)."""
    wanted = None if codes is None else set(codes)
    out: dict[str, set[str]] = {c: set() for c in wanted or ("",)}
    for key, code, _ in chain(_coded(store, codebook), _accepted(store, codebook)):
        if wanted is None:
            out.setdefault(code, set()).add(paragraph_key(key))
            out[""].add(paragraph_key(key))
        elif code in wanted:
            out[code].add(paragraph_key(key))
    return out


def _accepted(
    store: Store, codebook: str, standing: Standing | None = None
) -> list[tuple[str, str, str]]:
    """``(key, code, coder)`` of each coder's verdict that stands on a suggestion target of
    ``codebook`` (:func:`~normtrace.coding.human.verdicts_now.verdicts_now`, the one rule)
    that is an accept: the accepts that carry a code. A coder's verdict a later verdict of
    theirs on the same target replaced (an accept of one run's suggestion, then a reject of a
    later run's) is no longer their reading."""
    from normtrace.coding.human.verdicts_now import verdicts_now

    return [(s.key, s.code, s.coder)
            for s in verdicts_now(store, codebook, standing=standing) if s.accepted]  # fmt: skip


def carrying_by_coder(
    store: Store, codebook: str, standing: Standing | None = None
) -> dict[str, dict[str, set[str]]]:
    """Coder → :func:`carrying_paragraphs` of every code of ``codebook`` in that coder's own
    codings and accepts (what an agreement reads: each coder's own, and of their verdicts on
    suggestions of a code for one target the latest, :func:`_accepted`), read once;
    ``standing``: the project's suggestion verdicts, read once by the caller
    (:func:`~normtrace.coding.human.suggestion_verdicts.standing_verdicts`), else read here."""
    out: dict[str, dict[str, set[str]]] = {}
    for key, code, coder in chain(_coded(store, codebook), _accepted(store, codebook, standing)):
        mine = out.setdefault(coder, {"": set()})
        mine.setdefault(code, set()).add(paragraph_key(key))
        mine[""].add(paragraph_key(key))
    return out


@dataclass
class Carried:
    """Codebook → :func:`carrying_by_coder` of it, each read once for one reader (an
    agreement), from the suggestion verdicts ``standing`` it read once."""

    store: Store
    standing: Standing | None = None
    books: dict[str, dict[str, dict[str, set[str]]]] = field(default_factory=dict)

    def of(self, codebook: str) -> dict[str, dict[str, set[str]]]:
        """Coder → code → the paragraphs carrying it in the coder's own work."""
        if codebook not in self.books:
            self.books[codebook] = carrying_by_coder(self.store, codebook, self.standing)
        return self.books[codebook]

    def carries(self, codebook: str, coder: str, code: str, paragraph: str) -> bool:
        """Whether ``coder``'s own codings or accepts of ``codebook``'s ``code`` sit in
        ``paragraph``."""
        return paragraph in self.of(codebook).get(coder, {}).get(code, set())


def _coded(store: Store, codebook: str) -> Iterable[tuple[str, str, str]]:
    """``(unit or paragraph key, code, coder)`` of every human coding and accepted candidate
    of ``codebook`` whose words stand; the callers add the accepted suggestions, read where
    each verdict reads (:func:`~normtrace.coding.human.suggestion_verdicts.reading_levels`,
    as training reads them)."""
    from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_CODINGS

    rows = store.conn.execute(
        f"SELECT unit_key, code, coder FROM ({PLACED_CODINGS}) WHERE codebook_version IS NULL "
        "OR codebook_version IN (SELECT version FROM codebooks WHERE name = ?) "
        f"UNION SELECT unit_key, code, coder FROM ({ACCEPTED_SPANS}) WHERE codebook = ?",
        (codebook, codebook),
    )
    return ((str(k), str(c), str(w)) for k, c, w in rows)
