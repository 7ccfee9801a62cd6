"""Full-text search and keyword-in-context across the corpus, with filters and a code
filter; "code all hits" with a review step."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from normtrace.coding.human.undo import undo_batch
from normtrace.coding.query import QueryError
from normtrace.coding.search import cache_stats
from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web import bulk, queries
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codings import code_label
from normtrace.web.deps import admin_user, current_user, get_access, writer_user
from normtrace.web.render import twin
from normtrace.web.routes.reading import filter_params
from normtrace.web.schemas import (
    CodeChoice,
    OptionalInt,
    OptionalStr,
    SearchCacheOut,
    SearchResult,
)
from normtrace.web.schemas_teams import (
    BulkDone,
    BulkItemOut,
    BulkPreview,
    BulkUndo,
    BulkUndone,
    NewBulkCoding,
    SkippedPassage,
)

router = APIRouter(dependencies=[Depends(current_user)])
#: How often a running search looks whether its client is still there (seconds).
DISCONNECT_POLL = 0.1
T = TypeVar("T")
#: How long a search waits for a connection of the scans before the server says it is busy.
SCAN_WAIT = 30.0


@twin(router, "/search", "search.html", response_model=SearchResult)
async def search(
    request: Request,
    response: Response,
    q: str = "",
    kwic: bool = False,
    window: int = 8,
    filters: queries.Filters = Depends(filter_params),
    code: OptionalStr = None,
    code_source: str = "human",
    code_book: OptionalStr = None,
    limit: int = queries.PAGE_SIZE,
    coded: OptionalInt = None,
    first: OptionalInt = None,
    last: OptionalInt = None,
    undone: OptionalInt = None,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> SearchResult:
    """Units matching ``q`` (the query language of ``normtrace search``: words in order,
    ``prefix*``, ``(a|b)``, ``A NEAR/5 B``, ``NOT P``), best first.

    ``code`` keeps the units where you see that code, from ``code_source``: ``human``
    (codings) or ``candidate`` (the dictionary's candidates), of the codebook ``code_book``
    (needed when two codebooks hold the code id); with ``code`` and no words, every such
    unit. With ``kwic=true`` the matches are also given as keyword-in-context
    lines with ``window`` words either side. A query the language refuses (or over its
    limits) answers 400 with ``error``; a search over its time budget answers what it found
    with ``complete`` false and ``error`` saying where it stopped. A search whose client
    disconnects is cancelled.
    """
    cancel = threading.Event()
    seconds = request.app.state.search_seconds

    size = min(max(limit, 1), 500)

    def look() -> tuple[list[str], list[str], list[CodeChoice], queries.SearchOutcome | None, str]:
        with access.read() as store:
            types, roles = queries.doc_types(store), queries.roles(store)
            codes = bulk.code_choices(store)
            try:
                found = bulk.cached_search(store, user, q, filters, code=code,
                                           code_source=code_source, limit=size,
                                           codebook=code_book)  # fmt: skip
            except (QueryError, WebError) as exc:
                return types, roles, codes, queries.SearchOutcome([], 0), str(exc)
        return types, roles, codes, found, ""

    def scan() -> tuple[queries.SearchOutcome, str]:
        with access.scan_store() as store:
            try:
                found = bulk.search(
                    store, user, q, filters, code=code, code_source=code_source,
                    limit=size, seconds=seconds, cancel=cancel, codebook=code_book,
                )  # fmt: skip
            except QueryError as exc:
                return queries.SearchOutcome([], 0), str(exc)
        return found, ""

    types, roles, codes, cached, error = await run_in_threadpool(look)
    found: queries.SearchOutcome
    if cached is not None:
        found = cached
    else:  # not cached: wait for a turn at the scans (holding no thread)
        async with access.scan_turn(wait=SCAN_WAIT, gone=request.is_disconnected):
            found, error = await _cancellable(request, cancel, scan)
    if error:
        response.status_code = 400
    lines = queries.kwic_lines(found.hits, window=min(max(window, 1), 40)) if kwic else []
    return SearchResult(
        query=q,
        filters={**filters.as_dict(), "kwic": int(kwic)},
        total=found.total,
        hits=found.hits,
        kwic=lines,
        doc_types=types,
        roles=roles,
        cases=request.app.state.cases.names(),
        error=error or found.stopped,
        complete=found.complete,
        cached=found.cached,
        code=code or "",
        code_source=code_source,
        code_book=code_book or "",
        codes=codes,
        coded=coded,
        first=first,
        last=last,
        undone=undone,
    )


async def _cancellable(request: Request, cancel: threading.Event, fn: Callable[[], T]) -> T:
    """``fn()`` in a worker thread; ``cancel`` is set once the client disconnects (``fn``
    checks it and stops, freeing the thread)."""
    task = asyncio.ensure_future(run_in_threadpool(fn))
    while not task.done():
        await asyncio.wait({task}, timeout=DISCONNECT_POLL)
        if not task.done() and not cancel.is_set() and await request.is_disconnected():
            cancel.set()  # nobody waits for the answer: free the thread
    return task.result()


@router.get("/api/search/cache", response_model=SearchCacheOut, dependencies=[Depends(admin_user)])
def search_cache() -> SearchCacheOut:
    """How the server's cache of complete search results has done since it started (for
    admins): searches answered from it (``hits``), searches that ran (``misses``), and
    how many results it holds (at most ``bound``) with how much unit text (``chars``, at
    most ``max_chars``)."""
    return SearchCacheOut(**asdict(cache_stats()))


@twin(router, "/search/code-all", "bulk.html", response_model=BulkPreview)
async def code_all_preview(
    request: Request,
    q: str = "",
    filters: queries.Filters = Depends(filter_params),
    code: OptionalStr = None,
    code_source: str = "human",
    code_book: OptionalStr = None,
    apply_code: str = "",
    scope: str = "match",
    codebook: OptionalStr = None,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> BulkPreview:
    """Review "code all hits": every passage of the search (``q``, filters, ``code`` filter
    of ``code_book``) that coding it with ``apply_code`` for ``codebook`` (the codebook you
    code for; needed when two codebooks hold the code) would code, or leave alone and why (a
    passage you hold the code on for that codebook is left alone). Writes nothing."""
    seconds = request.app.state.search_seconds

    def look() -> queries.SearchOutcome | None:
        with access.read() as store:  # the search's answer is cached after the search page
            return bulk.cached_search(store, user, q, filters, code=code,
                                      code_source=code_source, limit=bulk.MAX_BULK,
                                      codebook=code_book)  # fmt: skip

    def review(
        cached: queries.SearchOutcome | None,
    ) -> tuple[list[CodeChoice], str, queries.SearchOutcome, list[bulk.BulkItem], str]:
        with access.read() if cached is not None else access.scan_store() as store:
            codes = bulk.code_choices(store)
            book = bulk.coding_book(store, apply_code, codebook) if apply_code else ""
            filter_name = code_label(store, code) if code else ""
            if code and code_book:
                filter_name += f" of {code_book}"
            found = cached if cached is not None else bulk.search(
                store, user, q, filters, code=code, code_source=code_source,
                limit=bulk.MAX_BULK, seconds=seconds, codebook=code_book,
            )  # fmt: skip
            items = (
                bulk.preview(store, user, found.hits, apply_code, scope=scope, codebook=book)
                if apply_code
                else []
            )
        return codes, filter_name, found, items, book

    cached = await run_in_threadpool(look)
    if cached is not None:
        codes, filter_name, found, items, book = await run_in_threadpool(review, cached)
    else:  # it must scan: wait for a turn at the scans, holding no thread
        async with access.scan_turn(wait=SCAN_WAIT, gone=request.is_disconnected):
            codes, filter_name, found, items, book = await run_in_threadpool(review, None)
    choices = {c.code: c.name for c in codes}
    return BulkPreview(
        query=q,
        filters={
            **filters.as_dict(),
            "code": code,
            "code_source": code_source,
            "code_book": code_book,
        },
        code=apply_code,
        code_name=choices.get(apply_code, apply_code),
        scope=scope,
        hits=found.total,
        complete=not found.stopped,
        items=[
            BulkItemOut(
                unit_key=i.unit_key,
                symbol=i.symbol,
                left=i.left,
                text=i.snippet,
                right=i.right,
                status=i.status,
                token=i.token,
            )
            for i in items
        ],  # fmt: skip
        new=sum(i.status == "new" for i in items),
        held=sum(i.status == "held" for i in items),
        blind=sum(i.status == "blind" for i in items),
        codes=codes,
        filter_code_name=filter_name,
        codebook=book,
    )


def _apply(access: ProjectAccess, user: User, order: NewBulkCoding) -> BulkDone:
    def write(store: Store) -> bulk.BulkResult:
        return bulk.apply(store, user, order.code, order.tokens, codebook=order.codebook)

    done = access.write(write)
    return BulkDone(
        added=done.added,
        skipped=[SkippedPassage(unit_key=k, reason=r) for k, r in done.skipped],
    )


@router.post("/api/search/code-all", response_model=BulkDone, status_code=201)
def code_all(
    order: NewBulkCoding,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> BulkDone:
    """Code the reviewed passages (tokens of ``GET /api/search/code-all``) for ``codebook``
    (as reviewed; needed when two codebooks hold ``code``): one coding event each; passages
    held already for that codebook, blind-assigned to others or changed are skipped."""
    return _apply(access, user, order)


@router.post("/search/code-all", include_in_schema=False)
def code_all_form(
    code: Annotated[str, Form()],
    tokens: Annotated[list[str], Form()],
    back: Annotated[str, Form()] = "",
    codebook: Annotated[str, Form()] = "",
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Confirm the review page: code the ticked passages for the codebook reviewed, then
    show the search by that code."""
    order = NewBulkCoding(code=code, tokens=tokens, codebook=codebook or None)
    done = _apply(access, user, order)
    batch = {"first": min(done.added), "last": max(done.added)} if done.added else {}
    book = {"code_book": codebook} if codebook else {}  # the search by the code coded
    query = urlencode({"q": back[:2000], "code": code, **book, "coded": len(done.added),
                       **batch})  # fmt: skip
    return RedirectResponse(f"/search?{query}", status_code=303)


def _undo(access: ProjectAccess, user: User, order: BulkUndo) -> BulkUndone:
    def write(store: Store) -> list[int]:
        taken = undo_batch(store, coder=user.name, code=order.code, first=order.first,
                           last=order.last)  # fmt: skip
        return [e.id for e in taken]

    return BulkUndone(undone=access.write(write))


@router.post("/api/search/code-all/undo", response_model=BulkUndone, status_code=201)
def code_all_undo(
    order: BulkUndo,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> BulkUndone:
    """Take back a "code all hits" batch (its first and last event, as the confirmation
    gives them): your codings of ``code`` from those events that still hold, one undo event
    each, in one write."""
    return _undo(access, user, order)


@router.post("/search/code-all/undo", include_in_schema=False)
def code_all_undo_form(
    code: Annotated[str, Form(max_length=200)],
    first: Annotated[int, Form(ge=1)],
    last: Annotated[int, Form(ge=1)],
    back: Annotated[str, Form()] = "",
    code_book: Annotated[str, Form()] = "",
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """The search page's "undo these codings" button (back to the search by ``code`` of
    ``code_book``). The form's fields are checked as :class:`BulkUndo` checks the API's: an
    event number below 1 is a 422, never a server error."""
    done = _undo(access, user, BulkUndo(code=code, first=first, last=last))
    book = {"code_book": code_book} if code_book else {}
    query = urlencode({"q": back[:2000], "code": code, **book, "undone": len(done.undone)})
    return RedirectResponse(f"/search?{query}", status_code=303)
