"""The review queue (``/reviews``): codings that need review after a new version of their text,
with what changed, settled one way each (move, keep, drop) by a button or a key; the
workbench's undo (``u``) takes a settlement back. Over :mod:`normtrace.web.reviews`."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse, Response

from normtrace.store.db import Store
from normtrace.web import reviews
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.deps import current_user, get_access, writer_user
from normtrace.web.render import twin
from normtrace.web.reviews import ReviewPage, Settle, Settled

router = APIRouter(dependencies=[Depends(current_user)])


@twin(router, "/reviews", "reviews.html", response_model=ReviewPage)
def review_queue(
    unit: str = Query("", max_length=300, description="only this unit's reviews"),
    said: str = Query("", max_length=600),
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> ReviewPage:
    """Your codings that need review (a new version left their words off their offsets), each
    with the words it was made on, the unit's words now and the ways to settle it (after a
    settlement from the page, ``said`` says what it did)."""
    with access.read() as store:
        found = reviews.review_page(store, user, unit or None)
    return found.model_copy(update={"said": said})


@router.post("/api/reviews/{review_id}", response_model=Settled, status_code=201)
def settle(
    review_id: int,
    body: Settle,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Settled:
    """Settle one of your reviews: ``move`` it to the unit its unchanged words went to,
    ``place`` it at ``start``–``end`` of its unit's text now (keep it there), or ``drop`` it
    (as ``normtrace code review ID --move | --at START --end END | --drop``); 400 when that
    way does not fit now; ``POST /api/undo`` takes it back."""

    def run(store: Store) -> Settled:
        return reviews.settle(store, user, review_id, body)

    return access.write(run)


@router.post("/reviews/{review_id}", include_in_schema=False)
def settle_form(
    review_id: int,
    way: Annotated[str, Form(max_length=10)],
    start: Annotated[int | None, Form()] = None,
    end: Annotated[int | None, Form()] = None,
    unit: Annotated[str, Form(max_length=300)] = "",
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The form twin of :func:`settle`: back to the queue, which says what was done."""
    done = settle(review_id, Settle(way=way, start=start, end=end), user, access)
    query = urlencode({**({"unit": unit} if unit else {}), "said": done.message[:600]})
    return RedirectResponse(f"/reviews?{query}", status_code=303)
