"""What each coder's "done" marks judged, unit by unit, for intercoder agreement.

Marks count as :mod:`~normtrace.coding.human.mark_reach` says, the one rule of every reader
of marks, read coder by coder: a mark at ``unit`` level reviews its unit, and so does one at
``paragraph`` level on a paragraph of one unit (or one that read one unit's words only). A
coder's mark of a whole paragraph of several units reviews each of its units for each code
it speaks for that the paragraph does not *carry* for that coder (no coding and no accept of
the code by that coder sits in it: an agreement reads each coder's own marks and codings,
:func:`~normtrace.coding.human.mark_reach.carrying_by_coder`): no unit of it carries the
code in the coder's reading, so each is the coder's negative. In a paragraph that carries
the code the units are only touched: the units the coder's codings sit in are the coder's
positives by those codings, as everywhere, and the others are not compared for that code.

What a mark judged is named as :func:`judged_names` names it: a codebook's name for the
codes of its current version, and :func:`scoped` names for one code of it (:class:`Books`
says which codebooks a code belongs to).

>>> from normtrace.store.db import Store
>>> mark_coverage(Store.open(":memory:"), None, Books({}, {}, {})).judged
{}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from normtrace.coding.human.mark_reach import Carried, Mark, Reach, paragraph_units
from normtrace.coding.human.mark_reach import reach as reach_of
from normtrace.coding.human.reviews import CURRENT_REVIEWS_SQL, narrowed_versions
from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class Books:
    """Which codebooks a code belongs to: ``current`` (code → the codebooks whose latest
    version has it), ``ever`` (code → those any version of which had it) and ``versions``
    (version → codebook → its codes; a version names one codebook's content)."""

    current: dict[str, set[str]]
    ever: dict[str, set[str]]
    versions: dict[str, dict[str, set[str]]]

    def of(self, code: str) -> set[str]:
        """The codebooks of ``code``: those that hold it now, else those that held it (a code
        a later version renamed or dropped is still its old codebook's)."""
        return self.current.get(code) or self.ever.get(code, set())

    def of_event(self, code: str, version: str | None) -> set[str]:
        """The codebooks an event on ``code`` made under ``version`` was work for: that
        version's codebook when it had the code, else :meth:`of`."""
        own = {b for b, codes in self.versions.get(version or "", {}).items() if code in codes}
        return own or self.of(code)


def codebooks_of(store: Store) -> Books:
    """The codebooks of every code, in every version (:class:`Books`)."""
    rows = store.conn.execute(
        "SELECT c.code, b.name, b.version, b.id IN (SELECT id FROM current_codebooks) "
        "FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
    )
    books = Books({}, {}, {})
    for code, name, version, current in rows:
        code, name = str(code), str(name)
        books.ever.setdefault(code, set()).add(name)
        books.versions.setdefault(str(version), {}).setdefault(name, set()).add(code)
        if current:
            books.current.setdefault(code, set()).add(name)
    return books


def scoped(codebook: str, code: str) -> str:
    """How work of ``codebook`` that speaks for ``code`` only is named."""
    return f"{codebook}\x1f{code}"


def judged_names(
    book: str, version: str | None, narrowed: Mapping[str, tuple[str, ...]], books: Books
) -> set[str]:
    """What work of every code of ``book`` made under ``version`` judged: its codes, as the
    bare name for the current version's (:func:`~normtrace.coding.human.reviews.
    narrowed_versions`: unless the version lacked some of them) and as :func:`scoped` names
    for each code of the version (so a code a later version dropped is judged by the work of
    the versions that had it)."""
    within = narrowed.get(str(version))
    held = books.versions.get(str(version), {}).get(book, set())
    if within is None:
        return {book} | {scoped(book, c) for c in held}
    return {scoped(book, c) for c in within}


@dataclass(frozen=True)
class WholeMarks:
    """``coder``'s marks of one codebook that speak for the same codes (``names``), as they
    reach units, and code → the paragraphs that carry it for ``coder`` (``carrying``)."""

    coder: str
    names: frozenset[str]
    reach: Reach
    carrying: Mapping[str, set[str]]

    def reviews(self, code: str) -> set[str]:
        """The units these marks review for ``code`` (see the module doc)."""
        return self.reach.for_code(self.carrying.get(code, set()))[0]


@dataclass
class MarkCoverage:
    """What the coders' marks judged: ``judged`` (unit → coder → the names of what the
    coder's marks reviewed there whatever the paragraphs carry), ``touched`` (every
    (unit, coder) a mark of the coder touches) and ``whole`` (the marks of whole paragraphs of
    several units, which review their units code by code: :meth:`WholeMarks.reviews`)."""

    judged: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    touched: set[tuple[str, str]] = field(default_factory=set)
    whole: list[WholeMarks] = field(default_factory=list)

    def whole_units(self) -> dict[str, dict[str, set[str]]]:
        """Unit → coder → the names of what the coder's marks of its whole paragraph speak
        for (for the codes the paragraph does not carry for the coder)."""
        out: dict[str, dict[str, set[str]]] = {}
        for marks in self.whole:
            for units in marks.reach.whole.values():
                for unit in units:
                    out.setdefault(unit, {}).setdefault(marks.coder, set()).update(marks.names)
        return out


def mark_coverage(
    store: Store,
    coders: set[str] | None,
    books: Books,
    carried: Carried | None = None,
    level: str = "unit",
) -> MarkCoverage:
    """The coders' (``None``: everyone's) current marks as :class:`MarkCoverage` at ``level``
    (at ``paragraph`` level a paragraph is reviewed when marked whole or when every one of its
    units was, :func:`~normtrace.coding.human.mark_reach.reach`, and none is marked whole unit
    by unit): a mark of every code speaks for what :func:`judged_names` names, one of some
    codes for their :func:`scoped` names. ``carried``: the paragraphs each coder's own work
    puts each code in, read once per codebook for the caller's whole reading (an agreement),
    else read here."""
    out = MarkCoverage()
    if not has_table(store, "coding_reviews"):
        return out
    rows = store.conn.execute(
        "SELECT DISTINCT level, unit_key, coder, codebook, codebook_version, codes, read_keys "
        f"FROM ({CURRENT_REVIEWS_SQL})"
    ).fetchall()
    groups: dict[tuple[str, str, frozenset[str]], list[Mark]] = {}
    narrowed: dict[str, dict[str, tuple[str, ...]]] = {}
    spoken: dict[tuple[str, str, str | None], frozenset[str]] = {}  # read once per scope
    for r in rows:
        if coders is not None and r["coder"] not in coders:
            continue
        book, codes = str(r["codebook"]), r["codes"]
        scope = (book, str(r["codebook_version"]), codes)
        if scope not in spoken:
            if book not in narrowed:
                narrowed[book] = narrowed_versions(store, book)
            spoken[scope] = frozenset(
                judged_names(book, scope[1], narrowed[book], books)
                if codes is None  # a mark of every code speaks for its version's codes
                else {scoped(book, str(c)) for c in json.loads(codes) or ()}
            )
        read = None if r["read_keys"] is None else [str(k) for k in json.loads(r["read_keys"])]
        mark = (str(r["level"]), str(r["unit_key"]), read)
        groups.setdefault((str(r["coder"]), book, spoken[scope]), []).append(mark)
    units_of = paragraph_units(store) if groups else {}
    carried = carried if carried is not None else Carried(store)  # each book's read once
    for (coder, book, names), marks in groups.items():
        reached = reach_of(marks, level, units_of)
        out.touched.update((u, coder) for u in reached.touched)
        for unit in reached.reviewed:
            out.judged.setdefault(unit, {}).setdefault(coder, set()).update(names)
        if reached.whole:  # each coder's own codings and accepts
            mine = carried.of(book).get(coder, {"": set()})
            out.whole.append(WholeMarks(coder, names, reached, mine))
    return out
