"""Full-text search and keyword-in-context across the corpus, with filters."""

from __future__ import annotations

import asyncio
import threading

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from normtrace.coding.query import QueryError
from normtrace.web import queries
from normtrace.web.access import ProjectAccess
from normtrace.web.deps import current_user, get_access
from normtrace.web.render import twin
from normtrace.web.routes.reading import filter_params
from normtrace.web.schemas import SearchResult

router = APIRouter(dependencies=[Depends(current_user)])
#: How often a running search looks whether its client is still there (seconds).
DISCONNECT_POLL = 0.1


@twin(router, "/search", "search.html", response_model=SearchResult)
async def search(
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
    ``complete`` false and ``error`` saying where it stopped. A search whose client
    disconnects is cancelled.
    """
    cancel = threading.Event()
    seconds = request.app.state.search_seconds

    def run() -> SearchResult:
        error, complete = "", True
        with access.read() as store:
            try:
                hits, found = queries.search_units(
                    store, q, filters, limit=min(max(limit, 1), 500), seconds=seconds,
                    cancel=cancel,
                )  # fmt: skip
                total, error, complete = found.total, found.stopped, found.complete
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

    task = asyncio.ensure_future(run_in_threadpool(run))
    while not task.done():
        await asyncio.wait({task}, timeout=DISCONNECT_POLL)
        if not task.done() and not cancel.is_set() and await request.is_disconnected():
            cancel.set()  # nobody waits for the answer: free the thread
    return task.result()
