"""The review queue: the signed-in coder's codings that "need review" (a new version of their
text left their words off their offsets), each with what changed and the ways to settle it.

A thin skin over the library: the reviews and their ways are
:func:`~normtrace.coding.human.review_ways.review_ways` (``normtrace code review`` lists the
same), and a settlement is :func:`~normtrace.coding.human.anchors.settle_review`, as ``code
review ID --move | --at START --end END | --drop`` — append-only events (a move takes the
coder's "done" marks of the unit with it, or says why one stays: the same lines), undone in
one step by the workbench's undo (``u``) as by ``code undo``. A coder settles their own
codings, and the adjudicated codings recorded under their name
(:func:`~normtrace.web.codings.adjudicator_name`).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, settle_review
from normtrace.coding.human.books import coding_names
from normtrace.coding.human.review_ways import WAYS, ReviewWays, review_ways
from normtrace.errors import CodingError
from normtrace.store.db import Store
from normtrace.web.auth import User
from normtrace.web.codings import code_labels, yours
from normtrace.web.highlight import Mark, segments

#: code points of text shown on either side of the coded words (the texts may be long)
AROUND = 300


class Piece(BaseModel):
    """A run of shown text; ``marked``: the coded words (then) or a place to keep them (now)."""

    text: str
    marked: bool = False


class PlaceOut(BaseModel):
    """Where the coding may be kept in its unit's text now (``[start:end]`` reads ``words``);
    ``same``: the coded words themselves, else changed words aligned to them."""

    start: int
    end: int
    words: str
    same: bool


class ReviewOut(BaseModel):
    """A coding waiting for its coder's review, with what changed and the ways that fit."""

    id: int
    event_id: int
    coder: str
    code: str
    #: the code's name, with its codebook where two codebooks hold the id
    name: str
    codebook: str | None
    unit_key: str
    #: the coded words, as they read when the coding was made
    snippet: str
    #: why it was listed, in the library's words (as ``normtrace code review`` gives it)
    reason: str
    #: when an ingest listed it
    listed_at: str
    #: the text the coding was made on, around the coded words (marked); empty when no stored
    #: version holds it any more
    was: list[Piece] = Field(default_factory=list)
    #: its unit's text now, around the places to keep it (marked); empty when ``gone``
    now: list[Piece] = Field(default_factory=list)
    #: the unit's key is not in the new version
    gone: bool = False
    #: the unit where the text it was made on now stands unchanged (``move``)
    move_to: str | None = None
    places: list[PlaceOut] = Field(default_factory=list)
    #: the ways that settle it now: of ``move``, ``place``, ``drop``
    ways: list[str]


class ReviewPage(BaseModel):
    """The signed-in coder's open reviews (of one unit, with ``unit``)."""

    reviews: list[ReviewOut]
    unit: str | None = None
    #: what the last settlement did, in words
    said: str = ""


class Settle(BaseModel):
    """Settle a review one way: ``move``; ``place`` at ``start``–``end`` of the unit's text now
    (one of the review's places, or a span the coder chose); or ``drop``."""

    way: str
    start: int | None = None
    end: int | None = None


class Settled(BaseModel):
    """The event that settled review ``review`` (a ``code`` at its new place, or the
    ``uncode`` of a drop), and what was done in words (``message``)."""

    review: int
    way: str
    event: int
    action: str
    unit_key: str
    start: int | None
    end: int | None
    message: str
    #: for a move, what became of the coder's "done" marks of the unit the coding left, one
    #: line each (as ``normtrace code review ID --move`` prints them)
    marks: list[str] = Field(default_factory=list)


def review_page(store: Store, user: User, unit: str | None = None) -> ReviewPage:
    """``user``'s open reviews (only ``unit``'s, when given), oldest first."""
    found = [w for name in yours(user) for w in review_ways(store, coder=name, unit_key=unit)]
    found.sort(key=lambda w: w.review.id)
    names = coding_names(store, [(w.review.code, w.codebook_version) for w in found],
                         code_labels(store))  # fmt: skip
    return ReviewPage(reviews=[_out(w, names[(w.review.code, w.codebook_version)])
                               for w in found], unit=unit)  # fmt: skip


def settle(store: Store, user: User, review_id: int, body: Settle) -> Settled:
    """Settle ``user``'s review ``review_id`` one way (call inside a write): the library's
    :func:`settle_review`, which refuses another coder's review, a way that does not fit now
    and a span outside the unit."""
    if body.way not in WAYS:
        raise CodingError(f"review {review_id}: way {body.way!r}: choose one of {', '.join(WAYS)}")
    if body.way != "place" and (body.start is not None or body.end is not None):
        raise CodingError(f"review {review_id}: start and end place a coding: send them with "
                          "way 'place' only")  # fmt: skip
    if body.way == "place" and (body.start is None or body.end is None):
        raise CodingError(f"review {review_id}: way 'place' needs the start and end of the "
                          "words to keep the coding on (one of the review's places)")  # fmt: skip
    found = next((r for r in open_reviews(store) if r.id == review_id), None)
    coder = found.coder if found is not None and found.coder in yours(user) else user.name
    settled = settle_review(store, review_id, coder=coder, start=body.start, end=body.end,
                            move=body.way == "move", drop=body.way == "drop")  # fmt: skip
    event, marks = settled.event, [m.line() for m in settled.marks]
    names = code_labels(store)
    if event.code:
        names[event.code] = coding_names(store, [(event.code, event.codebook_version)],
                                         names)[(event.code, event.codebook_version)]  # fmt: skip
    what = events.describe(event, names, reader=user.name, event_id=False)
    moved = found is not None and found.unit_key != event.unit_key
    before = f" (it stood on {found.unit_key})" if found is not None and moved else ""
    done = {"move": "Moved", "place": "Kept", "drop": "Dropped"}[body.way]
    message = " ".join([f"{done}: {what}{before} (u undoes).", *(f"{m}." for m in marks)])
    return Settled(review=review_id, way=body.way, event=event.id, action=event.action,
                   unit_key=event.unit_key or "", start=event.start, end=event.end,
                   message=message, marks=marks)  # fmt: skip


def _out(w: ReviewWays, name: str) -> ReviewOut:
    r = w.review
    spans = [(p.start, p.end) for p in w.places]
    return ReviewOut(
        id=r.id, event_id=r.event_id, coder=r.coder, code=r.code, name=name,
        codebook=w.codebook, unit_key=r.unit_key, snippet=r.snippet, reason=r.reason,
        listed_at=r.at, was=_around(w.was, [(r.start, r.end)]) if w.was else [],
        now=_around(w.now, spans or [(0, 0)]) if w.now is not None else [],
        gone=w.now is None, move_to=w.move_to,
        places=[PlaceOut(start=p.start, end=p.end, words=p.words, same=p.same)
                for p in w.places],
        ways=list(w.ways),
    )  # fmt: skip


def _around(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    """``text`` from :data:`AROUND` code points before the first span to as many after the
    last, the spans marked, cut at spaces, with an ellipsis where cut."""
    lo = max(0, min(a for a, _ in spans) - AROUND)
    hi = min(len(text), max(b for _, b in spans) + AROUND)
    if lo > 0:
        space = text.find(" ", lo, min(a for a, _ in spans))
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", max(b for _, b in spans), hi)
        hi = space if space >= 0 else hi
    marks = [Mark(a - lo, b - lo, "x") for a, b in spans if a < b]
    out = [Piece(text=s.text, marked=bool(s.labels)) for s in segments(text[lo:hi], marks)]
    if lo > 0:
        out.insert(0, Piece(text="… "))
    if hi < len(text):
        out.append(Piece(text=" …"))
    return out
