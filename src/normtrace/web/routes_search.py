"""Full-text search and keyword-in-context across the corpus, with filters."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from normtrace.web import queries
from normtrace.web.access import ProjectAccess
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import OptionalInt, OptionalStr, SearchResult

router = APIRouter(dependencies=[Depends(current_user)])


@twin(router, "/search", "search.html", response_model=SearchResult)
def search(
    q: str = "",
    kwic: bool = False,
    window: int = 8,
    doc_type: OptionalStr = None,
    year_from: OptionalInt = None,
    year_to: OptionalInt = None,
    role: OptionalStr = None,
    actor: OptionalStr = None,
    symbol: OptionalStr = None,
    limit: int = queries.PAGE_SIZE,
    access: ProjectAccess = Depends(get_access),
) -> SearchResult:
    """Units matching ``q`` (words, ``"quoted phrases"``, ``prefix*``), best first.

    With ``kwic=true`` the matches are also given as keyword-in-context lines
    with ``window`` words either side.
    """
    filters = queries.Filters(
        doc_type or None, year_from, year_to, role or None, actor or None, symbol or None
    )
    with access.read() as store:
        hits, total = queries.search_units(store, q, filters, limit=min(max(limit, 1), 500))
        types, roles = queries.doc_types(store), queries.roles(store)
    lines = queries.kwic_lines(hits, window=min(max(window, 1), 40)) if kwic else []
    return SearchResult(
        query=q,
        filters={**filters.as_dict(), "kwic": int(kwic)},
        total=total,
        hits=hits,
        kwic=lines,
        doc_types=types,
        roles=roles,
        cases=[],
    )
