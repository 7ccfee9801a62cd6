"""Undo on the web: the signed-in coder's latest action, with a message naming what was undone."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from normtrace.coding.human import events
from normtrace.coding.human.reviews import UNDO_SOURCE
from normtrace.coding.human.undo import MarkUndo, describe_mark_undo, undo_latest, undone_together
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codings import code_labels, coding_name
from normtrace.web.deps import current_user, get_access, writer_user

router = APIRouter(dependencies=[Depends(current_user)])


class Undone(BaseModel):
    """What an undo cancelled, and in words: a coding action (``kind`` ``event``: the undo
    event and the event it cancelled) or a "done" mark, its withdrawal or a mark made again
    (``kind`` ``mark``: the last ``coding_reviews`` row the undo wrote; no event is involved,
    so the event ids are ``null``)."""

    kind: Literal["event", "mark"]
    undo_event: int | None
    target_event: int | None
    review_row: int | None = None
    unit_key: str | None
    message: str


@router.post("/api/undo", response_model=Undone, status_code=201)
def undo_last(
    user: User = Depends(writer_user), access: ProjectAccess = Depends(get_access)
) -> Undone:
    """Undo the user's latest action (:func:`normtrace.coding.human.undo.undo_latest`): a
    coding action (an undo event), or, when a "done" mark or its withdrawal came last,
    withdraw the mark or put it back (a row; a mark made again as a blind re-reading is
    taken back whole, the mark before it back as it was); nothing is deleted."""

    def run(store: Store) -> Undone:
        done = undo_latest(store, coder=user.name, source=UNDO_SOURCE)  # the one rule
        if isinstance(done, MarkUndo):  # a "done" mark or its withdrawal came last
            said = describe_mark_undo(done, code_labels(store), reader=user.name)
            return Undone(kind="mark", undo_event=None, target_event=None, review_row=done.row,
                          unit_key=done.mark.key, message=f"Undone: {said}")  # fmt: skip
        event = done
        target = events.get_event(store, int(event.target_event or 0))
        names = code_labels(store)
        # one action written as two events is taken back as one (coding.human.undo.partner)
        paired = undone_together(store, event)
        for e in (target, paired):  # a code id two codebooks hold: the coding's codebook named
            if e is not None and e.code and e.action in ("code", "uncode"):
                names[e.code] = coding_name(store, e.code, e.codebook_version)
        message = "Undone: " + events.describe(target, names, reader=user.name, event_id=False)
        if paired is not None:
            message += " and " + events.describe(paired, names, reader=user.name, event_id=False)
        return Undone(
            kind="event",
            undo_event=event.id,
            target_event=target.id,
            unit_key=target.unit_key,
            message=message,
        )

    return access.write(run)
