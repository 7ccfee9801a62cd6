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
counts, which count the rows listed.
"""

from __future__ import annotations

from pydantic import BaseModel

from normtrace.coding.exchange.tables import (
    SOURCES,
    Condition,
    Passage,
    PassageFilter,
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
    code_name: str
    coder: str | None
    left: str
    text: str
    right: str
    memo: str | None
    at: str | None


class CountOut(BaseModel):
    """How many passages share one value (``label``: the value as people read it)."""

    value: str
    label: str
    count: int


class CodePage(BaseModel):
    """A code's passages and their counts; ``filters`` echo the query."""

    code: str
    code_name: str
    codebook: str
    definition: str
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


def visible_passages(
    store: Store, viewer: User, where: PassageFilter, *, limit: int | None = None, offset: int = 0
) -> list[Passage]:
    """The passages matching ``where`` that ``viewer`` may see (the blind rule): ``limit``
    of them from ``offset``, all by default (what "export this view" downloads)."""
    return passages(
        store, where, limit=limit, offset=offset, condition=visible_condition(store, viewer)
    )


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
    rows, counts = passage_page(
        store, where, limit=PAGE_LIMIT, offset=offset, condition=visible_condition(store, viewer)
    )
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


def _out(p: Passage) -> PassageOut:
    return PassageOut(
        source=p.source, source_label=SOURCE_LABELS[p.source], status=p.status,
        symbol=p.symbol, document=p.document, date=p.date, unit_key=p.unit_key,
        speaker=p.speaker, actor=p.actor, role=p.role, role_label=role_label(p.role),
        code_name=p.code_name, coder=p.coder,
        left=p.left, text=p.text, right=p.right, memo=p.memo, at=p.at,
    )  # fmt: skip
