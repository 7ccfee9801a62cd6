"""The code page: every passage of one code that the viewer may see, with counts and filters.

The page comes from :func:`normtrace.coding.exchange.tables.passage_page` (the
:data:`PAGE_LIMIT` passages shown and the counts over all of them, in one SQL pass), the
export of the view from :func:`~normtrace.coding.exchange.tables.passages` (every row; the
same selection, order and row builder), both under the blind rule of
:mod:`normtrace.web.teams` as an SQL condition (:func:`visible_condition`): another
coder's coding on a blind, unrevealed unit is left out (as on every page), and so are
the machine's candidates and suggestions on such a unit for anyone assigned to it; for
anyone else their status, and whether one is listed at all (a rejected one is not), is made
of the verdicts the viewer may see (:func:`normtrace.web.teams.sight`), and so are the
counts, which count the rows listed. A candidate listed that no count holds (``absent``: a
"done" mark; ``rejected by a suggestion verdict``: a reject of a model suggestion of its code
there) says so (:data:`NOT_COUNTED`).

A frame the codebook declares (``frames:``, e.g. ``offensive_force``) or a group code stands
for its codes, as in ``normtrace first --code`` and ``freq`` (:func:`normtrace.coding.counts.
codes_under`): its page gathers the passages of every member code, each labelled with its
code, and counts them per member.
"""

from __future__ import annotations

import json
from dataclasses import replace

from pydantic import BaseModel

from normtrace.coding.counts import codes_under
from normtrace.coding.dictionary.candidates import SUGGESTION_REJECTED
from normtrace.coding.exchange.tables import (
    SOURCES,
    Condition,
    Passage,
    PassageFilter,
    count_passages,
    passage_page,
    passages,
)
from normtrace.errors import NotFoundError
from normtrace.store.db import Store
from normtrace.web.auth import User
from normtrace.web.labels import role_label
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
    """A code a frame or group page gathers, with its passages under the page's filters."""

    code: str
    name: str
    count: int


class CodePage(BaseModel):
    """A code's passages and their counts; ``filters`` echo the query. ``kind``: ``frame``
    or ``group`` when the code stands for ``members`` (their passages gathered), else ``""``."""

    code: str
    code_name: str
    codebook: str
    definition: str
    kind: str = ""
    members: list[MemberOut] = []
    filters: dict[str, str]
    total: int
    shown: int
    offset: int = 0
    by_source: list[CountOut]
    by_document: list[CountOut]
    by_role: list[CountOut]
    by_year: list[CountOut]
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
    """The code page for ``where.code``: counts over every passage, and
    :data:`PAGE_LIMIT` passages from ``offset``.

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
    rows, counts = passage_page(
        store, selected, limit=PAGE_LIMIT, offset=offset, condition=condition
    )
    members = _members(store, viewer, where, codes[1:]) if kind else []
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
        members=members,
        filters=filters,
        total=counts.total,
        shown=len(rows),
        offset=offset,
        by_source=[CountOut(value=v, label=SOURCE_LABELS[v], count=n) for v, n in counts.by_source],
        by_document=[CountOut(value=v, label=v, count=n) for v, n in counts.by_document],
        by_role=[CountOut(value=v, label=role_label(v), count=n) for v, n in counts.by_role],
        by_year=[CountOut(value=v, label=v, count=n) for v, n in counts.by_year],
        coders=counts.coders,
        passages=[_out(p) for p in rows],
    )


def _members(store: Store, viewer: User, where: PassageFilter, codes: list[str]) -> list[MemberOut]:
    """Each of ``codes`` with how many passages its own page lists under ``where``'s
    filters (its name from the latest codebook version that has it)."""
    names = {
        str(r["code"]): str(r["name"])
        for r in store.conn.execute(
            "SELECT c.code, c.name FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
            "WHERE c.code IN (SELECT value FROM json_each(?)) ORDER BY b.id",
            (json.dumps(codes),),
        )
    }
    seen = visible_condition(store, viewer)
    out = []
    for code in codes:
        counts = count_passages(store, replace(where, code=code), condition=seen)
        out.append(MemberOut(code=code, name=names.get(code, code), count=counts.total))
    return out


def _out(p: Passage) -> PassageOut:
    return PassageOut(
        source=p.source, source_label=SOURCE_LABELS[p.source], status=p.status,
        symbol=p.symbol, document=p.document, date=p.date, unit_key=p.unit_key,
        speaker=p.speaker, actor=p.actor, role=p.role, role_label=role_label(p.role),
        code=p.code, code_name=p.code_name, coder=p.coder,
        left=p.left, text=p.text, right=p.right, memo=p.memo, at=p.at,
        not_counted=NOT_COUNTED.get(p.status, "") if p.source == "candidate" else "",
    )  # fmt: skip
