"""The code page: every passage of one code that the viewer may see, with counts and filters.

The page comes from :func:`normtrace.coding.exchange.tables.passage_page` (the
:data:`PAGE_LIMIT` passages shown and the counts over all of them, in one SQL pass), the
export of the view from :func:`~normtrace.coding.exchange.tables.passages` (every row; the
same selection, order and row builder), both under the blind rule of
:mod:`normtrace.web.teams` as an SQL condition (:func:`visible_condition`): another
coder's coding on a blind, unrevealed unit is left out (as on every page), and so are
the machine's candidates and suggestions on such a unit for anyone assigned to it; for
anyone else their status, and whether one is listed at all (a rejected one is not), is made
of the verdicts the viewer may see (:func:`normtrace.web.teams.sight`).

The page's totals (and those per document, role and year) are ``normtrace freq``'s for the
code, as the case report counts it: occurrences by the one rule of
:func:`normtrace.coding.counts.code_occurrences` (several coders' codings of the same words,
or overlapping spans, are one; a whole paragraph's coding with another span of the code in the
paragraph is that span's), in running text only (an occurrence in a heading, table, map,
caption or note is counted apart, ``other_count``, as ``freq``'s: :mod:`normtrace.parse.running`),
narrowed by the page's document, role and year filters (the kind
and coder filters choose the passages listed, not what is counted); for a viewer who may not
read every coder's work on a unit assigned blind and not revealed, such units are left out
(:func:`counted`). A candidate listed that no count holds (``absent``: a "done" mark;
``rejected by a suggestion verdict``: a reject of a model suggestion of its code there) says
so (:data:`NOT_COUNTED`), and the page counts the passages listed that no count holds apart,
with why (:data:`UNCOUNTED`; model suggestions too, which mark no words). Beside the counts,
the measured error they carry, as ``freq`` says it: the code's precision and recall with their
intervals on each genre of text the project holds, the labelled units behind them, their source
and the unvalidated flag (:mod:`normtrace.web.measured`).

A frame the codebook declares (``frames:``, e.g. ``offensive_force``) or a group code stands
for its codes, as in ``normtrace first --code`` and ``freq`` (:func:`normtrace.coding.counts.
codes_under`): its page gathers the passages of every member code, each labelled with its
code, and counts them per member (each member as its own page counts it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pydantic import BaseModel

from normtrace.coding.counts import code_occurrences, codes_under
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED
from normtrace.coding.exchange.tables import (
    SOURCES,
    Condition,
    Passage,
    PassageFilter,
    passage_page,
    passages,
)
from normtrace.coding.running_units import other_units
from normtrace.coding.units import UnitInfo, iter_unit_info
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.web.auth import User
from normtrace.web.labels import role_label
from normtrace.web.measured import CodeMeasured, code_measured
from normtrace.web.teams import sight_in, visibility_sql

#: the rows one code page lists (``offset`` pages through the rest; the export has all):
#: 500 rows made a 300 kB page that took tens of milliseconds to build and render
PAGE_LIMIT = 100
SOURCE_LABELS = {
    "human": "Human coding",
    "candidate": "Dictionary candidate",
    "suggestion": "Model suggestion",
}
#: the statuses of a listed candidate that no count holds, and why (the page says so)
NOT_COUNTED = {
    "absent": "not counted: a “done” mark for this code reads it as absent; accept it to count it",
    SUGGESTION_REJECTED: "not counted: a coder rejected a model suggestion of this code on "
    "its unit or paragraph, which reads it as absent; accept it to count it",
}
#: the passages listed that no count holds, by status or kind, and how the page names them
UNCOUNTED = {
    "absent": "dictionary candidate(s) a “done” mark reads as absent",
    SUGGESTION_REJECTED: "dictionary candidate(s) under a rejected model suggestion",
    "suggestion": "model suggestion(s), which label a unit or paragraph and mark no words",
}
#: the prefix of a member code's own name in :func:`counted` (no code id holds it)
_MEMBER = "\x1f"


class PassageOut(BaseModel):
    """One passage as the code page shows it (names, never offsets)."""

    source: str
    source_label: str
    status: str
    symbol: str
    document: str
    date: str | None
    unit_key: str
    speaker: str | None
    actor: str | None
    role: str
    role_label: str
    code: str
    code_name: str
    coder: str | None
    left: str
    text: str
    right: str
    memo: str | None
    at: str | None
    #: why no count holds the passage (:data:`NOT_COUNTED`), else ""
    not_counted: str = ""


class CountOut(BaseModel):
    """How many passages share one value (``label``: the value as people read it)."""

    value: str
    label: str
    count: int


class MemberOut(BaseModel):
    """A code a frame or group page gathers, with its occurrences counted under the page's
    filters (as its own page counts them)."""

    code: str
    name: str
    count: int


class CodePage(BaseModel):
    """A code's passages and their counts; ``filters`` echo the query. ``kind``: ``frame``
    or ``group`` when the code stands for ``members`` (their passages gathered), else ``""``.

    ``total``, ``units`` and ``by_document``, ``by_role``, ``by_year`` are ``freq``'s count of
    the code (occurrences, see the module doc); ``listed`` the passages listed (``shown`` of
    them from ``offset``; ``by_source`` per kind), ``not_counted`` those of them no count
    holds (``not_counted_by``: why); ``roles`` the roles of the passages listed;
    ``blind_left_out``: units assigned blind that the viewer may not read whole are left out
    of the counts; ``own``: a frame's or group's occurrences of its own code; ``other_count``
    the occurrences in units of no running text (headings, tables, maps, captions, notes),
    in none of the counts above, as ``freq``'s ``other_count`` (``other_by_class``: by class
    of unit); ``measured``: the measured error those counts carry, on each genre of text the
    project holds (:mod:`normtrace.web.measured`, as ``freq`` says it)."""

    code: str
    code_name: str
    codebook: str
    definition: str
    kind: str = ""
    members: list[MemberOut] = []
    own: int = 0
    filters: dict[str, str]
    total: int
    units: int
    listed: int
    shown: int
    offset: int = 0
    not_counted: int
    not_counted_by: list[CountOut]
    blind_left_out: bool = False
    other_count: int = 0
    other_by_class: list[CountOut] = []
    measured: CodeMeasured = CodeMeasured()
    by_source: list[CountOut]
    by_document: list[CountOut]
    by_role: list[CountOut]
    by_year: list[CountOut]
    roles: list[CountOut]
    coders: list[str]
    passages: list[PassageOut]


def parse_filter(
    code: str,
    *,
    coder: str | None = None,
    document: str | None = None,
    role: str | None = None,
    year: int | None = None,
    source: str | None = None,
) -> PassageFilter:
    """The passage filter of a code page's query (``source``: one of SOURCES, else all)."""
    sources = (source,) if source in SOURCES else SOURCES
    return PassageFilter(
        code=code, coder=coder or None, symbol=document or None, role=role or None,
        year=year, sources=sources,
    )  # fmt: skip


def visible_condition(store: Store, viewer: User) -> Condition:
    """The blind rule for ``viewer`` as a condition on passages (see the module doc): the
    SQL form of :meth:`~normtrace.web.teams.Visibility.shows` for human codings (an
    adjudicated coding is always shown) and of
    :meth:`~normtrace.web.teams.Visibility.shows_machine` for the machine's, whose statuses
    read the verdicts ``viewer`` may see (the condition's ``sight``). Where no unit is
    blind-assigned and unrevealed, everyone sees everything: no condition."""
    seen = sight_in(store, viewer)
    if seen is None:
        return Condition("1")
    hidden, assigned = visibility_sql(viewer, "p.unit_key")
    sql = (
        f"CASE WHEN p.source = 'human' THEN {seen.shows('p.unit_key', 'p.coder')} "
        f"ELSE NOT ({hidden} AND {assigned}) END"
    )
    return Condition(sql, sight=seen)


def gathered(
    store: Store, viewer: User, where: PassageFilter
) -> tuple[PassageFilter, Condition, str, list[str]]:
    """The selection of ``where.code``'s page for ``viewer``: the filter and condition (the
    blind rule; for a frame or group code, also its codes), what the code is (``frame``,
    ``group`` or ``""``: :func:`~normtrace.coding.counts.codes_under`) and the codes it
    stands for (itself first)."""
    seen = visible_condition(store, viewer)
    if where.code is None:
        return where, seen, "", []
    kind, codes = codes_under(store, where.code)
    if not kind:
        return where, seen, "", codes
    among = Condition(
        f"({seen.sql}) AND p.code IN (SELECT value FROM json_each(?))",
        (*seen.params, json.dumps(codes)),
        sight=seen.sight,
    )
    return replace(where, code=None), among, kind, codes


def visible_passages(
    store: Store, viewer: User, where: PassageFilter, *, limit: int | None = None, offset: int = 0
) -> list[Passage]:
    """The passages matching ``where`` that ``viewer`` may see (the blind rule): ``limit``
    of them from ``offset``, all by default (what "export this view" downloads); a frame's
    or group's passages are its codes' (:func:`gathered`)."""
    selected, condition, _, _ = gathered(store, viewer, where)
    return passages(store, selected, limit=limit, offset=offset, condition=condition)


def code_page(store: Store, viewer: User, where: PassageFilter, offset: int = 0) -> CodePage:
    """The code page for ``where.code``: its counts (:func:`counted`), the counts of the
    passages listed, and :data:`PAGE_LIMIT` passages from ``offset``.

    Raises:
        NotFoundError: no registered codebook has that code.
    """
    row = store.conn.execute(
        "SELECT c.name, c.definition, b.name AS book FROM codes c JOIN codebooks b "
        "ON b.id = c.codebook_id WHERE c.code = ? "
        "ORDER BY b.id IN (SELECT id FROM current_codebooks) DESC, b.id DESC LIMIT 1",
        (where.code,),
    ).fetchone()
    if row is None:
        raise NotFoundError("code", str(where.code), hint="see the codebooks page")
    selected, condition, kind, codes = gathered(store, viewer, where)
    rows, listed = passage_page(
        store, selected, limit=PAGE_LIMIT, offset=offset, condition=condition
    )
    found = counted(store, viewer, where, codes)
    tallies = dict(listed.by_status) | {k: n for k, n in listed.by_source if k == "suggestion"}
    uncounted = [CountOut(value=k, label=label, count=tallies[k])
                 for k, label in UNCOUNTED.items() if tallies.get(k)]  # fmt: skip
    filters = {
        "coder": where.coder or "", "document": where.symbol or "", "role": where.role or "",
        "year": str(where.year or ""),
        "source": where.sources[0] if len(where.sources) == 1 else "",
    }  # fmt: skip
    return CodePage(
        code=str(where.code),
        code_name=row["name"],
        codebook=row["book"],
        definition=row["definition"] or "",
        kind=kind,
        members=_members(store, codes[1:], found.members) if kind else [],
        own=found.members.get(str(where.code), 0) if kind else 0,
        filters=filters,
        total=found.total,
        units=found.units,
        listed=listed.total,
        shown=len(rows),
        offset=offset,
        not_counted=sum(c.count for c in uncounted),
        not_counted_by=uncounted,
        blind_left_out=found.blind_left_out,
        other_count=found.other,
        other_by_class=[CountOut(value=v, label=v, count=n) for v, n in found.other_by_class],
        measured=code_measured(store, codes),
        by_source=[CountOut(value=v, label=SOURCE_LABELS[v], count=n) for v, n in listed.by_source],
        by_document=[CountOut(value=v, label=v, count=n) for v, n in found.by_document],
        by_role=[CountOut(value=v, label=role_label(v), count=n) for v, n in found.by_role],
        by_year=[CountOut(value=v, label=v, count=n) for v, n in found.by_year],
        roles=[CountOut(value=v, label=role_label(v), count=n) for v, n in listed.by_role],
        coders=listed.coders,
        passages=[_out(p) for p in rows],
    )


@dataclass(frozen=True)
class Counted:
    """A code's occurrences as ``freq`` counts them, under a code page's filters (see
    :func:`counted`)."""

    total: int
    #: the units they are in
    units: int
    by_document: list[tuple[str, int]]
    by_role: list[tuple[str, int]]
    by_year: list[tuple[str, int]]
    #: each of the codes (a frame's or group's own too) → its own occurrences
    members: dict[str, int]
    #: units assigned blind that ``viewer`` may not read whole were left out
    blind_left_out: bool
    #: occurrences in units of no running text (headings, tables, maps, captions, notes:
    #: :func:`~normtrace.coding.running_units.other_units`), in no count above, as ``freq``'s
    #: ``other_count``; and those by class of unit, most first
    other: int = 0
    other_by_class: list[tuple[str, int]] = field(default_factory=list)


def counted(store: Store, viewer: User, where: PassageFilter, codes: list[str]) -> Counted:
    """The occurrences of ``where.code`` by ``freq``'s rule
    (:func:`~normtrace.coding.counts.code_occurrences`; a frame or group, ``codes[0]``,
    counts the spans of all of ``codes``, overlapping ones once, and each of them is counted
    on its own too), in the units of ``where``'s document, role and year: its kind and coder
    filters choose passages listed, not what is counted. For a ``viewer`` who may not see every
    coder's work on a unit assigned blind and not revealed, such units are left out: what
    counts there is made of work they may not see. As ``freq`` does, an occurrence in a unit
    of no running text (a heading, table, map, caption, note:
    :func:`~normtrace.coding.running_units.other_units`) is in no count but ``other``
    (and ``other_by_class``)."""
    name = str(where.code)
    under = {c: [name, _MEMBER + c] for c in codes}
    found = code_occurrences(store, under)
    others = other_units(store)
    keys = {k for k, _n, _i in found}
    infos = {info.key: info for info, _ in iter_unit_info(store, keys=keys)} if keys else {}
    hidden, left_out = _not_read_whole(store, viewer, keys)
    kept = [(infos[k], n) for k, n, _i in found
            if k in infos and k not in hidden and _chosen(infos[k], where)]  # fmt: skip
    apart = [info for info, n in kept if n == name and info.key in others]
    kept = [(info, n) for info, n in kept if info.key not in others]
    mine = [info for info, n in kept if n == name]
    members = Counter(n[len(_MEMBER) :] for _info, n in kept if n.startswith(_MEMBER))

    def largest_first(values: Iterable[str]) -> list[tuple[str, int]]:
        return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))

    return Counted(
        total=len(mine),
        units=len({info.key for info in mine}),
        by_document=largest_first(info.symbol for info in mine),
        by_role=largest_first(info.role for info in mine),
        by_year=sorted(Counter(_year(info) for info in mine).items()),
        members=dict(members),
        blind_left_out=left_out,
        other=len(apart),
        other_by_class=largest_first(others[info.key] for info in apart),
    )


def _chosen(info: UnitInfo, where: PassageFilter) -> bool:
    """Whether the unit ``info`` is in ``where``'s document, role and year."""
    return (
        (where.symbol is None or info.symbol == where.symbol)
        and (where.role is None or info.role == where.role)
        and (where.year is None or info.year == where.year)
    )


def _year(info: UnitInfo) -> str:
    """The year a unit is counted in, as the passages' counts name it."""
    return str(info.year) if info.year else "undated"


def _not_read_whole(store: Store, viewer: User, keys: set[str]) -> tuple[set[str], bool]:
    """Those of ``keys`` where ``viewer`` may not see every coder's work (assigned blind, not
    revealed: :meth:`~normtrace.web.teams.Visibility.shows_everyone`), and whether the project
    holds any such unit for them (said whatever the code, so it tells nothing of one)."""
    seen = sight_in(store, viewer)
    if seen is None:
        return set(), False
    hidden = {
        str(r[0])
        for r in store.conn.execute(
            f"SELECT j.value FROM json_each(?) j WHERE NOT {seen.everyone('j.value')}",
            (json.dumps(sorted(keys), ensure_ascii=False),),
        )
    }
    any_unit = store.conn.execute(
        f"SELECT 1 FROM assignments a WHERE a.blind = 1 AND NOT {seen.everyone('a.unit_key')} "
        "LIMIT 1"
    ).fetchone()
    return hidden, any_unit is not None


def _members(store: Store, codes: list[str], found: dict[str, int]) -> list[MemberOut]:
    """Each of ``codes`` with its occurrences ``found`` (its name from the latest codebook
    version that has it)."""
    names = {
        str(r["code"]): str(r["name"])
        for r in store.conn.execute(
            "SELECT c.code, c.name FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
            "WHERE c.code IN (SELECT value FROM json_each(?)) ORDER BY b.id",
            (json.dumps(codes),),
        )
    }
    return [MemberOut(code=c, name=names.get(c, c), count=found.get(c, 0)) for c in codes]


def _out(p: Passage) -> PassageOut:
    return PassageOut(
        source=p.source, source_label=SOURCE_LABELS[p.source], status=p.status,
        symbol=p.symbol, document=p.document, date=p.date, unit_key=p.unit_key,
        speaker=p.speaker, actor=p.actor, role=p.role, role_label=role_label(p.role),
        code=p.code, code_name=p.code_name, coder=p.coder,
        left=p.left, text=p.text, right=p.right, memo=p.memo, at=p.at,
        not_counted=NOT_COUNTED.get(p.status, "") if p.source == "candidate" else "",
    )  # fmt: skip
