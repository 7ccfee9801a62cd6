"""Home, sign-out, document browsing and the document view."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from normtrace.coding.human.blind_work import predating_work, project_blind_starts, project_reveals
from normtrace.coding.search import topic_filters
from normtrace.store.db import Store
from normtrace.web import bulk, codings, queries, teams
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User, end_session
from normtrace.web.deps import SESSION_COOKIE, current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import (
    DocumentList,
    DocumentMemos,
    DocumentView,
    Me,
    OptionalInt,
    OptionalStr,
    PredatingOut,
    UnitPage,
    UserOut,
)

router = APIRouter(dependencies=[Depends(current_user)])
UNIT_FRAGMENT = "_unit_fragment.html"


@router.post("/logout", include_in_schema=False)
@router.post("/api/logout", status_code=204)
def logout(request: Request, access: ProjectAccess = Depends(get_access)) -> Response:
    """End the session (a write: it needs the CSRF token like any other)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    access.write(lambda store: end_session(store, token))
    response: Response = (
        Response(status_code=204)
        if request.url.path.startswith("/api/")
        else RedirectResponse("/login", status_code=303)
    )
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@twin(router, "/", "home.html", response_model=Me, summary="The signed-in user")
def home(
    request: Request,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> Me:
    """Who is signed in, the CSRF token for writes, and the units assigned to them."""
    with access.read() as store:
        assigned = teams.assigned_units(store, user)
    return Me(
        user=UserOut(name=user.name, role=user.role),
        csrf_token=request.state.csrf,
        assigned_units=assigned,
    )


def filter_params(
    request: Request,
    doc_type: OptionalStr = None,
    year_from: OptionalInt = None,
    year_to: OptionalInt = None,
    role: OptionalStr = None,
    actor: OptionalStr = None,
    symbol: OptionalStr = None,
    case: OptionalStr = None,
    topic: OptionalStr = None,
    access: ProjectAccess = Depends(get_access),
) -> queries.Filters:
    """The reading filters: type, years, speaker role or actor, symbol, case, topic (an
    agenda item of the meeting names it: a whole word or phrase, case aside)."""
    symbols = None
    filters = queries.Filters(doc_type, year_from, year_to, role, actor, symbol, case)
    if case or topic:
        with access.read() as store:
            if case:
                symbols = request.app.state.cases.symbols(store, case)
            filters = topic_filters(store, replace(filters, case_symbols=symbols), topic)
    return filters


@twin(router, "/documents", "documents.html", response_model=DocumentList)
def documents(
    request: Request,
    filters: queries.Filters = Depends(filter_params),
    offset: int = 0,
    access: ProjectAccess = Depends(get_access),
) -> DocumentList:
    """Browse documents by type, years, speaker role or actor, symbol, case and topic."""
    with access.read() as store:
        items, total = queries.browse_documents(store, filters, offset=max(offset, 0))
        types, roles = queries.doc_types(store), queries.roles(store)
    return DocumentList(
        items=items,
        total=total,
        filters={**filters.as_dict(), "offset": max(offset, 0)},
        doc_types=types,
        roles=roles,
        cases=request.app.state.cases.names(),
    )


@twin(router, "/documents/{document_id}", "document.html", response_model=DocumentView)
def document(
    document_id: int,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> DocumentView:
    """A document's speeches (speaker, role) or paragraphs (keys) with visible codings."""
    with access.read() as store:
        summary, row = queries.get_document(store, document_id)
        names, books = codings.code_labels(store), codings.codebook_codes(store)
        units = codings.units_with_codings(
            store, user, queries.document_units(store, document_id), names, books
        )
        codes = codings.code_names(store)
        labels = {c.code: c.name for c in bulk.code_choices(store)}
        shared = codings.shared_code_books(store)
        notes = codings.document_memos(store, user, document_id)
        early = predating(store, user, [u.key for u in units])
    return DocumentView(
        document=summary,
        meeting=row["meeting"],
        warnings=queries.document_warnings(row),
        units=units,
        codes=codes,
        code_labels=labels,
        code_books=shared,
        memos_blind=notes.memos_blind,
        memos=notes.memos,
        predating=early,
    )


@router.get("/api/documents/{document_id}/memos", response_model=DocumentMemos)
def document_memos(
    document_id: int,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> DocumentMemos:
    """Memos on the whole document that the user may see (others' hidden while it is blind)."""
    with access.read() as store:
        return codings.document_memos(store, user, document_id)


@twin(
    router,
    "/units/{key:path}",
    "unit.html",
    fragment=UNIT_FRAGMENT,
    response_model=UnitPage,
)
def unit(
    key: str,
    edition: Annotated[str | None, Query(max_length=40)] = None,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> UnitPage:
    """One unit with the codings, candidates and memos the user may see.

    ``edition``: record or corpus, when a meeting has both (default: the record).
    """
    return unit_page(access, user, key, edition)


def unit_page(access: ProjectAccess, user: User, key: str, edition: str | None = None) -> UnitPage:
    """A unit as ``user`` may see it, with its document and the codes to apply."""
    with access.read() as store:
        found = codings.with_codings(store, user, queries.get_unit(store, key, edition))
        document_id = queries.unit_document(store, key, edition)
        summary, _ = queries.get_document(store, document_id)
        codes = codings.code_names(store)
        labels = {c.code: c.name for c in bulk.code_choices(store)}
        shared = codings.shared_code_books(store)
        early = predating(store, user, [found.key])
    return UnitPage(
        unit=found, document_id=document_id, symbol=summary.symbol, codes=codes,
        code_labels=labels, code_books=shared, predating=early,
    )  # fmt: skip


def predating(store: Store, user: User, unit_keys: list[str]) -> list[PredatingOut]:
    """``user``'s work on those of ``unit_keys`` assigned to them blind and not yet revealed
    that they recorded before their blind reading began (``counted``: they re-read the unit
    and marked it done since; else it is no blind reading, and the unit view says so). One
    read for all the units of a page (:func:`~normtrace.coding.human.blind_work.predating_work`)."""
    starts = project_blind_starts(store, unit_keys)
    shut = project_reveals(store, starts)
    mine = {unit: {user.name: who[user.name]} for unit, who in starts.items()
            if user.name in who and unit not in shut}  # fmt: skip
    found = predating_work(store, mine)
    return [PredatingOut.model_validate(p, from_attributes=True) for p in found]
