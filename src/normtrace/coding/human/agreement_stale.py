"""Work intercoder agreement leaves out because a new version changed its words (stale work).

A "done" mark is a reading of words (:mod:`~normtrace.coding.human.mark_texts`): when a new
version of its document changes them, the mark stops counting until its coder marks the new
words (``normtrace code reviews --stale`` lists it); a coding whose words are no longer at its
span waits for its coder (``normtrace code review``) and counts nowhere. Agreement compares
what counts, so such work drops out of it as work from before a blind assignment does: a
target where the coder's stale reading met another coder's judgement is no longer compared (in
a new user's project a typo fixed outside any coded words made one coder's "nothing applies"
stale, the unit left the table and Cohen's kappa moved from 0.3478 to 0.5263, 10 units to 9,
without a word). The numbers stay as they are (a mark counts while its words stand: that rule
is kept); this module names what they leave out: per coder, how many marks and codings are
stale (:class:`StaleWork`), and which targets the table does not compare because of it (the
targets that stale work was on where another compared coder judged a code it spoke for).

>>> from normtrace.store.db import Store
>>> from normtrace.coding.human.agreement_marks import Books
>>> stale_readings(Store.open(":memory:"), "unit", None, Books({}, {}, {}))
[]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from normtrace.coding.human.agreement_marks import Books, judged_names, scoped
from normtrace.coding.human.events import ADJUDICATION_PREFIX
from normtrace.coding.human.mark_texts import STALE_SQL
from normtrace.coding.human.reviews import narrowed_versions
from normtrace.coding.levels import level_key
from normtrace.coding.placed import placed_sql
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: the command that lists a codebook's marks on changed words (``{book}``: its name, quoted)
MARKS_COMMAND = "normtrace code reviews --stale --codebook {book}"
#: the command that lists the codings waiting for their coder after a new version
CODINGS_COMMAND = "normtrace code review"


@dataclass(frozen=True)
class StaleReading:
    """One stale mark or coding (``kind`` ``mark`` or ``coding``; ``ident`` its row's id) of
    ``coder`` on ``target`` (at the agreement's level), judging what ``names`` names (as
    :mod:`~normtrace.coding.human.agreement_marks` names what work judged)."""

    coder: str
    target: str
    names: frozenset[str]
    kind: str
    ident: int
    #: a mark's codebook (``None`` for a coding)
    codebook: str | None = None


@dataclass(frozen=True)
class StaleWork:
    """``coder``'s work the agreement leaves out because a new version changed its words:
    ``marks`` "done" marks that no longer count (of the codebooks ``codebooks``:
    :data:`MARKS_COMMAND` lists them) and ``codings`` codings waiting for review
    (:data:`CODINGS_COMMAND`); ``left``: the targets (units, or paragraphs at ``paragraph``
    level) it was on that another compared coder judged for a code it spoke for, and that the
    table does not compare (they left it because of this work)."""

    coder: str
    marks: int
    codings: int
    left: tuple[str, ...] = ()
    codebooks: tuple[str, ...] = ()


def stale_readings(
    store: Store,
    level: str,
    coders: set[str] | None,
    books: Books,
    codebook: str | None = None,
) -> list[StaleReading]:
    """The coders' (``None``: everyone's but adjudicators') stale marks (of ``codebook``, or of
    every codebook) and codings (of ``codebook``, those that record none included, as
    agreement reads codings), one reading per target each reached at ``level``: a unit-level
    mark its unit; a paragraph-level mark the units it read (at ``paragraph`` level its
    paragraph); a coding its unit (at ``paragraph`` level its paragraph)."""
    out: list[StaleReading] = []

    def wanted(coder: str) -> bool:
        return not coder.startswith(ADJUDICATION_PREFIX) and (coders is None or coder in coders)

    if has_table(store, "coding_reviews"):
        narrowed: dict[str, dict[str, tuple[str, ...]]] = {}
        rows = store.conn.execute(
            "SELECT id, coder, codebook, codebook_version, level, unit_key, codes, texts "
            f"FROM ({STALE_SQL}) WHERE ? IS NULL OR codebook = ? ORDER BY id",
            (codebook, codebook),
        )
        for r in rows:
            coder, book = str(r["coder"]), str(r["codebook"])
            if not wanted(coder):
                continue
            if r["codes"] is None:  # a mark of every code: its version's codes
                if book not in narrowed:
                    narrowed[book] = narrowed_versions(store, book)
                names = judged_names(book, str(r["codebook_version"]), narrowed[book], books)
            else:
                names = {scoped(book, str(c)) for c in json.loads(r["codes"]) or ()}
            key = str(r["unit_key"])
            read = [str(k) for k in json.loads(r["texts"])] if r["texts"] else [key]
            reached = [key] if r["level"] == "unit" or level == "paragraph" else read
            for target in sorted({level_key(k, level) for k in reached}):
                out.append(StaleReading(coder, target, frozenset(names), "mark", int(r["id"]),
                                        book))  # fmt: skip
    rows = store.conn.execute(
        "SELECT h.event_id, h.coder, h.unit_key, h.code, h.codebook_version FROM human_codings "
        f"h WHERE NOT {placed_sql('h')} AND (? IS NULL OR h.codebook IS NULL OR h.codebook = ?) "
        "ORDER BY h.event_id",
        (codebook, codebook),
    )
    for r in rows:
        coder, code = str(r["coder"]), str(r["code"])
        if not wanted(coder):
            continue
        held = books.of_event(code, r["codebook_version"])
        names = {scoped(b, code) for b in held if codebook is None or b == codebook}
        target = level_key(str(r["unit_key"]), level)
        out.append(StaleReading(coder, target, frozenset(names), "coding", int(r["event_id"])))
    return out


def within_scope(
    readings: Iterable[StaleReading],
    within: Mapping[str, Collection[str]] | None,
    aside: Collection[tuple[str, str]],
) -> list[StaleReading]:
    """``readings`` on the targets and of the coders ``within`` (target → coders; ``None``:
    all) lists, but not those of a (target, coder) whose work is set aside anyway (``aside``:
    work from before a blind assignment)."""
    return [s for s in readings
            if (within is None or s.coder in within.get(s.target, ()))
            and (s.target, s.coder) not in aside]  # fmt: skip


def reached_judged(
    readings: list[StaleReading],
    codes: Iterable[str],
    covered_for: Callable[[str, set[str]], tuple[dict[str, set[str]], set[str]]],
) -> set[tuple[str, str]]:
    """The (target, coder) of ``readings`` where another coder judged a code of ``codes``
    that the stale reading spoke for: ``covered_for(code, targets)`` gives the coders who
    judged ``code`` on each of ``targets`` as the agreement compares them, and the names of
    the work that judges ``code``."""
    targets = {s.target for s in readings}
    out: set[tuple[str, str]] = set()
    if not readings:
        return out
    for code in sorted(set(codes)):
        covered, judging = covered_for(code, targets)
        for s in readings:
            if s.names & judging and covered.get(s.target, set()) - {s.coder}:
                out.add((s.target, s.coder))
    return out


def stale_work(
    readings: list[StaleReading], reached: set[tuple[str, str]], compared: Collection[str]
) -> tuple[StaleWork, ...]:
    """Each coder's :class:`StaleWork`, by name: ``reached`` (:func:`reached_judged`) that
    the table does not compare (not in ``compared``, its targets) is what left it."""
    by_coder: dict[str, list[StaleReading]] = {}
    for s in readings:
        by_coder.setdefault(s.coder, []).append(s)
    out = []
    for coder, mine in sorted(by_coder.items()):
        marks = {s.ident for s in mine if s.kind == "mark"}
        codings = {s.ident for s in mine if s.kind == "coding"}
        left = sorted({s.target for s in mine
                       if (s.target, coder) in reached and s.target not in compared})  # fmt: skip
        books = sorted({s.codebook for s in mine if s.codebook is not None})
        out.append(StaleWork(coder, len(marks), len(codings), tuple(left), tuple(books)))
    return tuple(out)
