"""What a coder needs to settle an open review, as data: the words the coding was made on, the
unit's words now, and the ways :func:`~normtrace.coding.human.anchors.resolve_review` offers
that fit it now (the one rule of where a coding's words went:
:func:`~normtrace.coding.human.placing.place`, asked again now, as a settlement asks it).

``normtrace code review`` lists the same reviews (:func:`~normtrace.coding.human.anchors.
open_reviews`) with their reason in words; the workbench's review queue shows each with what
changed and a button per way, each posting to the same :func:`resolve_review`:

* ``move``: the text the coding was made on stands, unchanged, at exactly one other unit
  (``move_to``; ``code review ID --move``);
* ``place``: where the coding may be kept in its unit's text now (``places``): the coded
  words themselves (``same``: at one place, or at several equally likely ones) or, when they
  changed, the words a word alignment of the old text to the new carries the span to
  (``code review ID --at START --end END``: the coder judges that those words carry the code);
* ``drop``: always (``code review ID --drop``).

>>> from normtrace.store.db import Store
>>> review_ways(Store.open(":memory:"))
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.coding.human import events
from normtrace.coding.human.alignment import Aligned
from normtrace.coding.human.anchors import AnchorReview, open_reviews
from normtrace.coding.human.placing import Moved, misplaced_coding, old_text, place
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

#: the ways a review is settled, in the library's terms (:class:`~normtrace.coding.human.
#: anchors.SettleOneWay`)
WAYS = ("move", "place", "drop")


@dataclass(frozen=True)
class Place:
    """A place in the unit's current text where the coding may be kept: ``[start:end]``, which
    reads ``words``; ``same``: they are the coded words themselves (else changed words aligned
    to them)."""

    start: int
    end: int
    words: str
    same: bool


@dataclass(frozen=True)
class ReviewWays:
    """An open review (``review``) with what changed and the ways that settle it now."""

    review: AnchorReview
    #: the codebook of the coding (``None``: recorded before codebooks were named)
    codebook: str | None
    #: the codebook version the coding was made under (its code's names follow it; ``None``:
    #: recorded before versions were)
    codebook_version: str | None
    #: the text the coding was made on (``None``: no stored version holds it any more); the
    #: coded words are ``review.start``–``review.end`` of it
    was: str | None
    #: its unit's text now (``None``: the key is gone from the new version)
    now: str | None
    #: the unit where ``was`` now stands unchanged (a paragraph was inserted or removed
    #: before it), else ``None``
    move_to: str | None
    #: where the coding may be kept in ``now``
    places: tuple[Place, ...]

    @property
    def ways(self) -> tuple[str, ...]:
        """The ways that fit, of :data:`WAYS`."""
        fit = {"move": self.move_to is not None, "place": bool(self.places), "drop": True}
        return tuple(way for way in WAYS if fit[way])


def review_ways(
    store: Store, *, coder: str | None = None, unit_key: str | None = None
) -> list[ReviewWays]:
    """The open reviews (optionally only ``coder``'s, or one unit's), each with what changed and
    the ways that settle it now, in the order ``code review`` lists them."""
    out = []
    for review in open_reviews(store, coder=coder, unit_key=unit_key):
        row = misplaced_coding(store, review.event_id)
        if row is None:  # settled meanwhile
            continue
        was = old_text(store, review.unit_key, row["text_sha256"])
        try:
            now: str | None = events.unit_edition_text(store, review.unit_key, row["edition"])[1]
        except NotFoundError:
            now = None
        found = place(store, row)
        move_to: str | None = None
        places: tuple[Place, ...] = ()
        if isinstance(found, Moved):
            move_to = found.key
        elif isinstance(found, int):
            places = (_at(now, found, found + len(review.snippet), same=True),)
        elif isinstance(found, Aligned):
            places = (_at(now, found.start, found.end, same=False),)
        elif found.places:  # several equally likely places of the same words
            places = tuple(_at(now, p, p + len(review.snippet), same=True) for p in found.places)
        elif found.aligned is not None:  # the words changed: where the alignment carried them
            places = (_at(now, found.aligned[0], found.aligned[1], same=False),)
        version = None if row["codebook_version"] is None else str(row["codebook_version"])
        out.append(ReviewWays(review, row["codebook"], version, was, now, move_to, places))
    return out


def _at(now: str | None, start: int, end: int, *, same: bool) -> Place:
    return Place(start, end, (now or "")[start:end], same)
