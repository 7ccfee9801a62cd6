"""Full-text search and keyword-in-context across the corpus, with filters."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from normtrace.coding.query import QueryError
from normtrace.web import queries
from normtrace.web.access import ProjectAccess
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.routes.reading import filter_params
from normtrace.web.schemas import SearchResult

router = APIRouter(dependencies=[Depends(current_user)])


@twin(router, "/search", "search.html", response_model=SearchResult)
def search(
    request: Request,
    response: Response,
    q: str = "",
    kwic: bool = False,
    window: int = 8,
    filters: queries.Filters = Depends(filter_params),
    limit: int = queries.PAGE_SIZE,
    access: ProjectAccess = Depends(get_access),
) -> SearchResult:
    """Units matching ``q`` (the query language of ``normtrace search``: words in order,
    ``prefix*``, ``(a|b)``, ``A NEAR/5 B``, ``NOT P``), best first.

    With ``kwic=true`` the matches are also given as keyword-in-context lines
    with ``window`` words either side. A query the language refuses (or over its limits)
    answers 400 with ``error``; a search over its time budget answers what it found with
    ``complete`` false and ``error`` saying where it stopped.
    """
    error, complete = "", True
    seconds = request.app.state.search_seconds
    with access.read() as store:
        try:
            found = queries.search_units(
                store, q, filters, limit=min(max(limit, 1), 500), seconds=seconds
            )
            hits, total, error, complete = found.hits, found.total, found.stopped, not found.stopped
        except QueryError as exc:
            hits, total, error = [], 0, str(exc)
            response.status_code = 400
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
        cases=request.app.state.cases.names(),
        error=error,
        complete=complete,
    )
