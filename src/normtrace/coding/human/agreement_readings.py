"""What each coder's codings and verdicts judged, target by target, for intercoder agreement.

The rule is :mod:`~normtrace.coding.human.judged`'s, the one training labels read: a coder's
coding or accept judges its own code there (a positive), a reject of a candidate or of a
suggestion judges its code (a negative), and nothing else does (a coding of one code says
nothing of the others; a memo or a removed coding says nothing). Marks are read by
:mod:`~normtrace.coding.human.agreement_marks`.

At ``unit`` level a target is a unit; a coding of a whole paragraph of several units placed on
its opening unit is no reading of that unit (:mod:`~normtrace.coding.human.whole`). At
``paragraph`` level a target is a paragraph with its sub-paragraphs
(:func:`~normtrace.coding.levels.level_key`, as training and validation read it): a coding or
accept in any of its units, or of the whole paragraph, makes it the coder's positive; a
verdict on a paragraph's suggestion reads at the paragraph; a reject of a unit's candidate or
suggestion reads at the paragraph only when the unit is the whole paragraph (a rejected span
of one sub-paragraph says nothing of the others), as :func:`~normtrace.coding.learn.labels.
collect_labels` reads them.

>>> from normtrace.store.db import Store
>>> from normtrace.coding.human.agreement_marks import Books
>>> r = held_readings(Store.open(":memory:"), "unit", None, Books({}, {}, {}), set())
>>> r.covered, r.applied
({}, set())
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from normtrace.coding.human.agreement_marks import Books, judged_names, scoped
from normtrace.coding.human.judged import candidate_verdicts
from normtrace.coding.human.mark_reach import Carried
from normtrace.coding.human.reviews import narrowed_versions
from normtrace.coding.human.suggestion_verdicts import Standing
from normtrace.coding.human.verdicts_now import verdicts_now
from normtrace.coding.human.whole import Coding
from normtrace.coding.levels import LevelUnit, level_key, level_units, paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_CODINGS
from normtrace.store.db import Store


@dataclass
class Readings:
    """What coders' codings and verdicts say, target by target: ``covered`` (target → coder
    → the :func:`~normtrace.coding.human.agreement_marks.scoped` codes judged there),
    ``applied`` (``(target, coder, code)`` the coder holds), ``spans`` (``(unit, coder,
    code)`` → the spans of the coder's codings and accepts in that unit) and ``full``
    (``(unit, coder, code)`` whose whole text the coder's reading carries the code in: the
    units of an accepted suggestion's target, or at ``paragraph`` level those of a paragraph
    coded whole)."""

    covered: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    applied: set[tuple[str, str, str]] = field(default_factory=set)
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = field(default_factory=dict)
    full: set[tuple[str, str, str]] = field(default_factory=set)
    #: (target, coder) → the codes a coding on a unit assigned to the coder reads there
    #: (:func:`held_readings`), which count unless the coder's own mark there says otherwise
    whole: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def judge(self, target: str, coder: str, names: set[str]) -> None:
        """Record that ``coder`` judged the codes ``names`` on ``target``."""
        self.covered.setdefault(target, {}).setdefault(coder, set()).update(names)


def held_readings(
    store: Store,
    level: str,
    coders: set[str] | None,
    books: Books,
    whole: set[Coding],
    codebook: str | None = None,
    assigned: Mapping[str, Collection[str]] | None = None,
) -> Readings:
    """The coders' (``None``: everyone's) standing codings, accepts of candidates and rejects
    of candidates at ``level`` (see the module doc); ``whole``: the codings of a whole paragraph
    (:func:`~normtrace.coding.human.whole.placed_whole_paragraph_codings`). ``codebook``: that
    codebook's codings (and those that record none, which stand for every codebook), its
    candidates' verdicts only. ``assigned`` (unit → the coders the workbench assigned it to:
    an assignment asks for a reading of the whole unit): there a coder's coding also reads
    every code of the codebook version it was made under (:func:`~normtrace.coding.human.
    agreement_marks.judged_names`, as a mark of every code does), kept apart in
    :attr:`Readings.whole` (the caller counts it unless the coder marked the unit: a mark says
    which codes they read); at ``paragraph`` level only for a unit that is its paragraph (a
    coding of one sub-paragraph reads no other)."""
    out = Readings()
    narrowed: dict[str, dict[str, tuple[str, ...]]] = {}
    whole_at: set[tuple[str, str, str]] = set()
    rows = store.conn.execute(
        f'SELECT unit_key, coder, code, start, "end", codebook_version AS version, NULL AS book '
        f"FROM ({PLACED_CODINGS}) WHERE ? IS NULL OR codebook IS NULL OR codebook = ? UNION ALL "
        f'SELECT unit_key, coder, code, start, "end", NULL, codebook FROM ({ACCEPTED_SPANS}) '
        "WHERE ? IS NULL OR codebook = ?",
        (codebook,) * 4,
    )
    for r in rows:
        unit, coder, code = str(r["unit_key"]), str(r["coder"]), str(r["code"])
        if coders is not None and coder not in coders:
            continue
        start, end = int(r["start"]), int(r["end"])
        of_paragraph = (coder, unit, start, end, code) in whole
        if of_paragraph and level == "unit":
            continue  # a coding of the whole paragraph is no coding of the unit it sits on
        target = level_key(unit, level)
        judged = {r["book"]} if r["book"] is not None else books.of_event(code, r["version"])
        out.judge(target, coder, {scoped(str(b), code) for b in judged})
        if r["version"] is not None and target == unit and coder in (assigned or {}).get(unit, ()):
            for book in map(str, judged):
                if book not in narrowed:
                    narrowed[book] = narrowed_versions(store, book)
                names = judged_names(book, r["version"], narrowed[book], books)
                out.whole.setdefault((target, coder), set()).update(names)
        out.applied.add((target, coder, code))
        if of_paragraph:
            whole_at.add((target, coder, code))
        else:
            out.spans.setdefault((unit, coder, code), []).append((start, end))
    if whole_at:  # a paragraph coded whole carries the code in every unit's words
        heads = {t for t, _, _ in whole_at}
        members = {u.key: u.members for u in level_units(store, "paragraph", heads)}
        for target, coder, code in whole_at:
            out.full.update((u, coder, code) for u in members.get(target, (target,)))
    rejects = [v for v in candidate_verdicts(store, codebook)
               if v.verdict == "reject" and (coders is None or v.coder in coders)]  # fmt: skip
    alone = _alone(store, level, {v.unit_key for v in rejects})
    for v in rejects:
        if v.unit_key in alone:
            out.judge(level_key(v.unit_key, level), v.coder, {scoped(v.codebook, v.code)})
    return out


def _alone(store: Store, level: str, units: set[str]) -> set[str]:
    """Those of ``units`` whose verdicts read at ``level``: every unit at ``unit`` level; at
    ``paragraph`` level a unit that is its whole paragraph."""
    if level == "unit" or not units:
        return units
    heads = {paragraph_key(u) for u in units}
    return {u.members[0] for u in level_units(store, "paragraph", heads) if len(u.members) == 1}


def suggestion_readings(
    store: Store,
    level: str,
    standing: Standing,
    coders: set[str] | None,
    books: Books,
    carried: Carried,
    codebook: str | None = None,
) -> Readings:
    """Each coder's latest verdict on a suggestion of each code for each target, read at
    ``level``. A suggestion is about its whole target. At ``unit`` level an accept at ``unit``
    level (or on a paragraph that is one unit) is the coder's coding of the whole unit, and a
    reject a reading in which the code is absent. On a paragraph with sub-paragraphs, a reject
    says that no unit of it carries the code, and an accept says only that one of them does: it
    covers none, as a paragraph-level mark covers none. So a reject covers each unit of the
    paragraph, as a mark of the whole paragraph does (:mod:`~normtrace.coding.human.
    mark_reach`, read coder by coder: training reads it so too): unless the coder's own codings
    or accepts of the code sit in the paragraph (``carried``), which then carries the code in
    their reading, and the reject covers none of its units (until stop 43 it made each a
    negative, the coder's coding of one of them included). At ``paragraph`` level a verdict on
    a paragraph's suggestion reads at the paragraph, an accept of a unit's suggestion makes its
    paragraph positive, and a reject of one reads at the paragraph only when the unit is the
    whole paragraph. A verdict on a suggestion whose target's words a new version changed (its
    text hash) reads nothing; one that judged one unit's words reads that unit (``standing``:
    where each reads, :func:`~normtrace.coding.human.suggestion_verdicts.reading_levels`, read
    once for the agreement). ``codebook``: the verdicts on that codebook's models' suggestions
    only."""
    out = Readings()
    # where each verdict stands: one an ingest carried with its words to another key reads at
    # that key; a later verdict on a later run's suggestion of the same target replaces it
    latest = verdicts_now(store, codebook, coders, standing=standing)  # the one rule
    targets: dict[tuple[str, str], LevelUnit] = {}
    for at in {s.at for s in latest}:
        keys = {s.key for s in latest if s.at == at}
        targets.update({(at, u.key): u for u in level_units(store, at, keys)})
    if level == "paragraph":
        heads = {paragraph_key(s.key) for s in latest if s.at == "unit"}
        targets.update({("paragraph", u.key): u for u in level_units(store, "paragraph", heads)})
    for s in latest:
        coder, key, code, accepted = s.coder, s.key, s.code, s.accepted
        target = targets[(s.at, key)]
        judged = {scoped(b, code) for b in books.of_event(code, s.codebook_version)}
        if level == "paragraph":
            head = paragraph_key(key)
            alone = s.at == "paragraph" or targets[("paragraph", head)].members == (key,)
            if accepted or alone:
                out.judge(head, coder, judged)
            if accepted:
                out.applied.add((head, coder, code))
                for unit in target.members:  # the words it carries the code in
                    out.full.add((unit, coder, code))
            continue
        whole = len(target.members) == 1
        if not whole and (accepted or carried.carries(s.codebook, coder, code, key)):
            continue  # some unit of the paragraph carries the code: not which
        for unit in target.members:
            out.judge(unit, coder, judged)
        if accepted:
            out.applied.add((key, coder, code))
            out.full.update((unit, coder, code) for unit in target.members)
    return out
