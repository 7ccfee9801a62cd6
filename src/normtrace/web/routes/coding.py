"""Coding: apply and remove codes, memos, verdicts on auto-coded candidates.

Each write exists as JSON (``/api/...``, in the OpenAPI schema) and as an htmx
form post under ``/units/{key}/...`` that answers with the refreshed unit
fragment. Both call the same function of :mod:`normtrace.web.codings`, which
writes through the coding domain's append-only events.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from normtrace.coding.dictionary.candidates import Candidate
from normtrace.coding.human import events
from normtrace.coding.human.books import candidate_code
from normtrace.coding.human.mark_asks import SuggestionsPending, described, mark_done_asking
from normtrace.store.db import Store
from normtrace.web import codings, done_check
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.deps import current_user, get_access, writer_user
from normtrace.web.done_check import UnitAsking
from normtrace.web.render import page
from normtrace.web.routes.reading import UNIT_FRAGMENT, unit_page
from normtrace.web.schemas import (
    CodingOut,
    MemoOut,
    NewCoding,
    NewDocumentMemo,
    NewMemo,
    OptionalInt,
    OptionalStr,
    Removed,
    UnitPage,
    Verdict,
)
from normtrace.web.teams import visibility

router = APIRouter(dependencies=[Depends(current_user), Depends(writer_user)])
DOCUMENT_MEMOS = "_document_memos.html"
#: the form's words for a misused blind re-reading (the rule:
#: :func:`~normtrace.coding.human.mark_asks.mark_done_asking`)
FORM_AGAIN_REFUSED = ("again is a blind re-reading of a unit for every code: send it without "
                      "undo or a choice of codes")  # fmt: skip


def _refreshed(
    request: Request,
    access: ProjectAccess,
    user: User,
    key: str,
    message: str | None = None,
    *,
    check: Callable[[UnitPage], UnitAsking] | None = None,
) -> Response:
    """The unit fragment for htmx, else a redirect to the unit page. ``message``: what the
    action did, in words, shown by the page's message line (an ``HX-Trigger`` event
    ``normtrace-flash`` that ``workbench.js`` listens for). ``check``: the unit page asking
    the coder's word on a "done" (:mod:`normtrace.web.done_check`; a request without htmx gets
    the whole page)."""
    if check is not None:
        return page(request, "unit.html", check(unit_page(access, user, key)),
                    fragment=UNIT_FRAGMENT)  # fmt: skip
    if request.headers.get("hx-request"):
        response = page(request, UNIT_FRAGMENT, unit_page(access, user, key),
                        fragment=UNIT_FRAGMENT)  # fmt: skip
        if message:
            response.headers["HX-Trigger"] = json.dumps({"normtrace-flash": message})
        return response
    return RedirectResponse(f"/units/{key}", status_code=303)


@router.post("/api/codings", response_model=CodingOut, status_code=201)
def apply_code(
    new: NewCoding, user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> CodingOut:
    """Apply a code to a span; 409 if the coder already holds it or the text changed."""

    def write(store: Store) -> CodingOut:
        return codings.apply_code(
            store,
            user,
            unit_key=new.unit_key,
            code=new.code,
            start=new.start,
            end=new.end,
            snippet=new.snippet,
            edition=new.edition,
            memo=new.memo,
            codebook=new.codebook,
        )

    return access.write(write)


@router.post("/units/{key:path}/codings", include_in_schema=False)
def apply_code_form(
    request: Request,
    key: str,
    code: Annotated[str, Form()],
    start: Annotated[int, Form()],
    end: Annotated[int, Form()],
    codebook: Annotated[str | None, Form()] = None,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Apply a code from a form (offsets computed in the browser)."""
    access.write(
        lambda store: codings.apply_code(
            store, user, unit_key=key, code=code, start=start, end=end, codebook=codebook or None
        )  # fmt: skip
    )
    return _refreshed(request, access, user, key)


@router.get("/api/me/recent-codes", response_model=list[str])
def recent_codes(
    user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> list[str]:
    """The codes you used last, the latest first (the keys 1–9 apply them; a code id two
    codebooks share is ``code``, U+001F, ``codebook``)."""
    with access.read() as store:
        return codings.recent_codes(store, user)


@router.get("/api/me/last-hand-code")
def last_hand_code(
    user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> dict[str, str | None]:
    """The code of your latest coding not made by accepting a suggestion (``code``, ``null``
    when none): the key `a` applies it again (a code id two codebooks share is ``code``,
    U+001F, ``codebook``)."""
    with access.read() as store:
        return {"code": codings.last_hand_code(store, user)}


@router.post("/api/codings/{coding_id}/remove", response_model=Removed)
def remove_code(
    coding_id: int, user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> Removed:
    """Remove one of your codings (an uncode event); 409 if it was already removed."""
    event_id = access.write(lambda store: codings.remove_coding(store, user, coding_id))
    return Removed(coding_id=coding_id, event_id=event_id)


@router.post("/units/{key:path}/codings/{coding_id}/remove", include_in_schema=False)
def remove_code_form(
    request: Request,
    key: str,
    coding_id: int,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Remove a coding from the unit view; the message names its code (and its codebook,
    for a code id two codebooks hold)."""

    def write(store: Store) -> str:
        codings.remove_coding(store, user, coding_id)
        event = events.get_event(store, coding_id)
        return codings.coding_name(store, event.code or "", event.codebook_version)

    said = access.write(write)
    return _refreshed(request, access, user, key, f"Removed your coding {said} in {key} (u undoes)")


@router.post("/api/memos", response_model=MemoOut, status_code=201)
def add_memo(
    new: NewMemo, user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> MemoOut:
    """Write a memo on a unit, a span, or a code on a span."""

    def write(store: Store) -> MemoOut:
        return codings.add_memo(
            store,
            user,
            unit_key=new.unit_key,
            text=new.text,
            start=new.start,
            end=new.end,
            code=new.code,
            codebook=new.codebook,
        )

    return access.write(write)


@router.post("/units/{key:path}/memos", include_in_schema=False)
def add_memo_form(
    request: Request,
    key: str,
    text: Annotated[str, Form(max_length=5000)],
    start: Annotated[OptionalInt, Form()] = None,
    end: Annotated[OptionalInt, Form()] = None,
    code: Annotated[OptionalStr, Form()] = None,
    codebook: Annotated[OptionalStr, Form()] = None,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Write a memo on a unit, or on a coding (``start``, ``end``, ``code`` and the coding's
    ``codebook``), from the page."""
    access.write(
        lambda store: codings.add_memo(
            store, user, unit_key=key, text=text, start=start, end=end, code=code, codebook=codebook
        )
    )
    return _refreshed(request, access, user, key, f"Memo saved on {key} (u undoes)")


@router.post("/api/documents/{document_id}/memos", response_model=MemoOut, status_code=201)
def add_document_memo(
    document_id: int,
    new: NewDocumentMemo,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> MemoOut:
    """Write a memo on a whole document (an append-only event naming no unit)."""
    return access.write(
        lambda store: codings.add_document_memo(store, user, document_id=document_id, text=new.text)
    )


@router.post("/documents/{document_id}/memos", include_in_schema=False)
def add_document_memo_form(
    request: Request,
    document_id: int,
    text: Annotated[str, Form(max_length=5000)],
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Write a memo on a whole document from its page; htmx gets the refreshed memo list."""
    access.write(
        lambda store: codings.add_document_memo(store, user, document_id=document_id, text=text)
    )
    if not request.headers.get("hx-request"):
        return RedirectResponse(f"/documents/{document_id}", status_code=303)
    with access.read() as store:
        notes = codings.document_memos(store, user, document_id)
    return page(request, DOCUMENT_MEMOS, notes)


def _decide(access: ProjectAccess, user: User, candidate_id: int, verdict: str) -> Verdict:
    key = access.write(
        lambda store: codings.decide_candidate(
            store, user, candidate_id, accept=verdict == "accept"
        )
    )
    return Verdict(candidate_id=candidate_id, unit_key=key, verdict=verdict)


@router.post("/api/candidates/{candidate_id}/accept", response_model=Verdict)
def accept_candidate(
    candidate_id: int,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Verdict:
    """Accept an auto-coded span: a verdict event, and the span becomes your coding."""
    return _decide(access, user, candidate_id, "accept")


@router.post("/api/candidates/{candidate_id}/reject", response_model=Verdict)
def reject_candidate(
    candidate_id: int,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Verdict:
    """Reject an auto-coded span (it stops counting as coded)."""
    return _decide(access, user, candidate_id, "reject")


@router.post("/units/{key:path}/candidates/{candidate_id}/{verdict}", include_in_schema=False)
def decide_candidate_form(
    request: Request,
    key: str,
    candidate_id: int,
    verdict: str,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Accept or reject a candidate from the unit view; the message names its code (and its
    codebook, for a code id two codebooks hold)."""
    if verdict not in ("accept", "reject"):
        return Response(status_code=404)
    _decide(access, user, candidate_id, verdict)
    with access.read() as store:
        found = candidate_code(store, candidate_id)
        name = codings.coding_name(store, *found) if found else "the suggestion"
    said = (f"Accepted {name} in {key}: it is your coding now" if verdict == "accept"
            else f"Rejected {name} in {key}: it does not count")  # fmt: skip
    return _refreshed(request, access, user, key, f"{said} (u undoes)")


@router.post("/units/{key:path}/done", include_in_schema=False)
def done_form(
    request: Request,
    key: str,
    codebook: Annotated[str, Form()],
    undo: Annotated[str, Form()] = "",
    codes: Annotated[list[str] | None, Form()] = None,
    scoped: Annotated[str, Form()] = "",
    again: Annotated[str, Form()] = "",
    confirm: Annotated[str | None, Form()] = None,
    user: User = Depends(writer_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Done, nothing (else) applies (the form twin of ``POST /api/units/done`` at unit
    level): the codes of ``codebook`` the coder did not apply here count as not applying;
    ``undo`` withdraws the coder's mark. ``scoped``: the form of "done for these codes",
    whose ticked ``codes`` the mark speaks for (none ticked is refused, not a mark of all).
    ``again``: a blind re-reading; the coder's current mark of every code (made before the
    unit's blind assignment: marking again would record nothing) is withdrawn and made anew,
    in one write (:mod:`normtrace.coding.human.blind_work`).

    A mark that would read pending suggestions as not applying is not made at once (the rule:
    :func:`~normtrace.coding.human.mark_asks.mark_done_asking`): the unit comes back asking
    (:class:`~normtrace.web.done_check.DoneCheck`), and "Done anyway" sends ``confirm``, the
    ids of the suggestions the coder was shown; the mark is made only while those are all it
    decides (checked in the same write). The message after it names
    the suggestions it decided. A coder not shown the machine's suggestions (blind) is not
    asked about them."""
    chosen = (codes or []) if scoped else None
    seen = done_check.confirmed(confirm)

    def write(store: Store) -> list[Candidate]:
        """What the mark decides (the rule: :func:`mark_done_asking`)."""
        state = visibility(store, key)
        return mark_done_asking(
            store, coder=user.name, codebook=codebook, unit_keys=[key], codes=chosen,
            again=bool(again), undo=bool(undo), source="web", confirm=seen,
            shown=state.shows_machine(user), others=state.shows_everyone(user),
            again_refused=FORM_AGAIN_REFUSED).decided.get(key, [])  # fmt: skip

    try:
        decides, asked = access.write(write), False
    except SuggestionsPending as pending:  # asked first: nothing was written
        decides, asked = pending.found.get(key, []), True
    with access.read() as store:
        names = codings.code_labels(store)
        what = codebook if chosen is None else ", ".join(
            codings.code_label(store, c) for c in sorted(set(chosen)))  # fmt: skip
    if asked:
        return _refreshed(request, access, user, key, check=lambda unit: done_check.asking(
            unit, decides, names, codebook=codebook, codes=chosen, again=bool(again),
            changed=seen is not None))  # fmt: skip
    listed = described(decides, names)
    whose = "the codes" if chosen is None else "those of these codes"
    counts = "counts" if len(decides) == 1 else "count"
    if undo:
        said = f"Withdrawn: your 'done' mark ({what}) on {key}"
    else:
        said = (f"Done ({what}) on {key}{' again, as your blind reading' if again else ''}: "
                + (f"{listed} now {counts} as not applying, as do {whose} you did not "
                   "apply here"
                   if decides else f"{whose} you did not apply here count as not applying")
                + " (u undoes)")  # fmt: skip
    return _refreshed(request, access, user, key, said)
