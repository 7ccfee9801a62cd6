"""Adjudication (admins): settle each disagreement; the coders' originals stay as they are."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse

from normtrace.coding.human import events
from normtrace.store.db import Store
from normtrace.web import adjudication
from normtrace.web.access import ProjectAccess
from normtrace.web.adjudication import Decision
from normtrace.web.agreement import agreement_for
from normtrace.web.auth import User
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import (
    AdjudicationItem,
    AdjudicationOut,
    AdjudicationPage,
    NewAdjudication,
    OptionalInt,
    OptionalStr,
    OriginalCoding,
)

router = APIRouter(dependencies=[Depends(current_user), Depends(admin_user)])


def _items(store: Store, admin: User, history: list[AdjudicationOut]) -> list[AdjudicationItem]:
    """Every disagreement with the coders' spans and its current decision, if any."""
    current: dict[tuple[str, str], AdjudicationOut] = {}
    for a in history:  # newest first: the first one seen is current
        current.setdefault((a.unit_key, a.code), a)
    assigned, coded = adjudication.agreement_inputs(store, admin)
    items = []
    for code in sorted({c.code for c in coded}):
        for d in agreement_for(assigned, coded, code).disagreements:
            items.append(
                AdjudicationItem(
                    unit_key=d.unit_key,
                    code=code,
                    applied_by=list(d.applied_by),
                    not_applied_by=list(d.not_applied_by),
                    originals=_originals(store, d.unit_key, code, d.applied_by),
                    current=current.get((d.unit_key, code)),
                )
            )
    return items


def _originals(
    store: Store, unit_key: str, code: str, coders: tuple[str, ...]
) -> list[OriginalCoding]:
    return [
        OriginalCoding(id=h.event_id, coder=h.coder, start=h.start, end=h.end, snippet=h.snippet)
        for h in events.human_codings(store, unit_key=unit_key, code=code)
        if h.coder in coders
    ]


@twin(router, "/adjudication", "adjudication.html", response_model=AdjudicationPage)
def adjudication_page(
    admin: User = Depends(admin_user), access: ProjectAccess = Depends(get_access)
) -> AdjudicationPage:
    """Disagreements to settle and the decisions taken so far (admins only)."""
    with access.read() as store:
        recorded = adjudication.list_adjudications(store)
        history = [AdjudicationOut.model_validate(a) for a in recorded]
        items = _items(store, admin, history)
    return AdjudicationPage(items=items, history=history)


def _record(access: ProjectAccess, admin: User, new: NewAdjudication) -> AdjudicationOut:
    decision = Decision(**new.model_dump())
    made = access.write(lambda store: adjudication.adjudicate(store, admin, decision))
    return AdjudicationOut.model_validate(made)


@router.post("/api/adjudications", response_model=AdjudicationOut, status_code=201)
def adjudicate(
    new: NewAdjudication,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> AdjudicationOut:
    """Record a final decision; 409 if someone adjudicated it meanwhile."""
    return _record(access, admin, new)


@router.post("/adjudication", include_in_schema=False)
def adjudicate_form(
    unit_key: Annotated[str, Form()],
    code: Annotated[str, Form()],
    choice: Annotated[str, Form()],
    note: Annotated[OptionalStr, Form()] = None,
    supersedes_id: Annotated[OptionalInt, Form()] = None,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Record a decision from the adjudication page (``choice`` = coding id or ``absent``)."""
    new = NewAdjudication(
        unit_key=unit_key,
        code=code,
        decision="absent" if choice == "absent" else "present",
        coding_id=None if choice == "absent" else int(choice) if choice.isdigit() else -1,
        note=note,
        supersedes_id=supersedes_id,
    )
    _record(access, admin, new)
    return RedirectResponse("/adjudication", status_code=303)
