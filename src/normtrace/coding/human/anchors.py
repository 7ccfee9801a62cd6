"""Re-anchoring human codings by their text after a document gets a new version.

A coding is identified by its snippet, not its offsets. When a unit's current
text no longer has the snippet at the coding's offsets (a new version of the
document was ingested), :func:`reanchor` looks for the snippet in the new text:

* exactly one place, or one place whose surrounding words (taken from the text
  the coding was made on) match better than every other place: the coding is
  re-anchored — an ``uncode`` of the old span and a ``code`` of the new span,
  both naming the ingest run, the ``code`` naming the event it re-anchors;
* no exact place, but a word alignment of the old text to the new one (difflib over
  words and punctuation marks) carries the span to words that differ from the
  snippet only in case, spacing or punctuation: re-anchored there, the same way (the
  new span's own words become the snippet; the memo says what changed);
* the aligned words differ (a word changed, added or dropped): listed for review,
  the reason quoting what the aligned span now reads and where, for the coder to
  judge — a changed word may change what was coded, so it is never moved silently;
* the unit's text stands unchanged at exactly one other unit of the document (a paragraph
  inserted before it shifted the keys; its own key may be gone): listed for review, the
  reason naming that unit and the command that moves the coding there
  (``normtrace code review ID --move``: an ingest moves a coding within its own key only;
  the coder decides a move to another key);
* no place, several equally good places, or the unit is gone: the coding is
  listed in ``anchor_reviews`` and never counted (the ``codings`` view only
  counts snippets found at their offsets) until a coder resolves it
  (:func:`resolve_review`, ``normtrace code review``).

Nothing is shifted silently and no event is changed. A move, by an ingest or a coder's
settlement, is an ``uncode`` of the old span and a ``code`` of the new one naming the moved
event (``reanchors``): the same coding — its coder, code, codebook, memo and level, the memos
written on it, and the time its work was made (:mod:`~normtrace.coding.human.made_at`) —
at its new place; a coder's settlement is undone in one step (:func:`~normtrace.coding.
human.undo.partner`), and the coding is listed for review again.

>>> from normtrace.store.db import Store
>>> reanchor(Store.open(":memory:")).line()
'codings: 0 re-anchored, 0 need review'
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from dataclasses import dataclass

from normtrace.coding.human import events
from normtrace.coding.human.alignment import Aligned
from normtrace.coding.human.alignment import aligned_span as aligned_span  # (re-exported)
from normtrace.coding.human.anchor_report import AnchorReport as AnchorReport  # (re-exported)
from normtrace.coding.human.mark_moves import MarkMove, move_marks
from normtrace.coding.human.mark_texts import changed_marks
from normtrace.coding.human.placing import (
    CONTEXT as CONTEXT,  # (re-exported)
)
from normtrace.coding.human.placing import (
    Moved,
    Unplaced,
    misplaced_coding,
    misplaced_codings,
    place,
    sha256,
)
from normtrace.coding.human.replaced import replaced_units
from normtrace.coding.human.suggestion_moves import carry_suggestion_verdicts
from normtrace.coding.placed import placed_sql
from normtrace.coding.units import has_table
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now

# Current verdicts on candidates whose snippet is no longer at the verdict's span.
_MISPLACED_VERDICTS = (
    "SELECT x.* FROM (SELECT v.event_id, v.coder, v.verdict, v.auto_coding_id, v.codebook, "
    'v.unit_key, v.start, v."end", v.snippet, v.code, e.edition, e.text_sha256 '
    "FROM current_verdicts v JOIN coding_events e ON e.id = v.event_id) x "
    "WHERE NOT EXISTS (SELECT 1 FROM coding_events m WHERE m.reanchors = x.event_id) "
    f"AND NOT {placed_sql('x')} ORDER BY x.event_id"
)


@dataclass(frozen=True)
class AnchorReview:
    """A coding that a new version moved and that could not be placed unambiguously."""

    id: int
    event_id: int
    coder: str
    unit_key: str
    code: str
    start: int
    end: int
    snippet: str
    reason: str
    places: list[int]
    at: str


def reanchor(store: Store, *, run_id: int | None = None) -> AnchorReport:
    """Re-anchor every current human coding whose text moved; list the rest for review.

    Args:
        store: The project.
        run_id: The run (usually an ingest) that re-anchors; recorded on the new events.
    """
    moved = misplaced_codings(store)
    reviewed = {int(r[0]) for r in store.conn.execute("SELECT event_id FROM anchor_reviews")}
    placed = review = earlier = 0
    for row in moved:
        found = place(store, row)
        if isinstance(found, int):
            _move(store, row, found, run_id=run_id)
            placed += 1
            continue
        if isinstance(found, Aligned):
            note = f"re-anchored by run {run_id}" if run_id is not None else "re-anchored"
            _move(store, row, found.start, end=found.end, run_id=run_id,
                  memo=f"{note} to the same words, {found.change}")  # fmt: skip
            placed += 1
            continue
        review += 1
        if int(row["event_id"]) in reviewed:
            earlier += 1
            continue
        _list_for_review(store, row, found, run_id)
    # the units this run replaced (new versions, corpus speeches): what it may have changed
    replaced = replaced_units(store, run_id)
    keys = replaced.keys
    carried, gone, elsewhere = _move_verdicts(store, run_id, keys)
    stale, back = _marks_on_changed_text(store, keys, replaced.before)
    off = carry_suggestion_verdicts(store, run_id, keys, replaced.before)
    return AnchorReport(placed, review, carried, gone, stale, back,
                        _candidates_off_their_words(store, keys), earlier,
                        verdicts_elsewhere=elsewhere, suggestion_verdicts_moved=off.moved,
                        suggestion_verdicts_changed=off.changed)  # fmt: skip


def _marks_on_changed_text(
    store: Store, keys: set[str], before: dict[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The marks on ``keys`` that the new versions stopped counting, and those they made
    count again (:func:`~normtrace.coding.human.mark_texts.changed_marks`)."""
    if not keys or not has_table(store, "coding_reviews"):
        return (), ()
    if store.conn.execute("SELECT 1 FROM coding_reviews LIMIT 1").fetchone() is None:
        return (), ()  # no mark to speak of
    return changed_marks(store, keys, before)


def _candidates_off_their_words(store: Store, keys: set[str]) -> int:
    """The current dictionary candidates on ``keys`` whose words no longer stand at their
    span: they count nowhere until `code apply` proposes from the new text."""
    if not keys:
        return 0
    row = store.conn.execute(
        "SELECT count(*) FROM current_auto_codings a WHERE a.unit_key IN "
        f"(SELECT value FROM json_each(?)) AND NOT {placed_sql('a')}",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    ).fetchone()
    return int(row[0])


def _move_verdicts(
    store: Store, run_id: int | None, keys: set[str]
) -> tuple[int, int, tuple[str, ...]]:
    """Carry verdicts whose span moved in a new version to the single new place of its words:
    in its own unit, or, when the unit's text stands unchanged at exactly one other unit of the
    document (:class:`Moved`: a paragraph inserted before it shifted the keys), to the same
    span there. Returns how many moved, how many accepts on ``keys`` (the units, old and new,
    this run replaced, :mod:`~normtrace.coding.human.replaced`: a unit the new version
    dropped too) could not be (their words changed, are gone or are in several places: the
    accept no longer counts, and the ingest says so; one left out of place by an earlier
    ingest was reported then, and `code list` shows it gone), and the moves to another unit
    (``OLD → NEW``).

    A verdict is kept for the candidate's identity (span and snippet); without this,
    the next ``code apply`` would find the moved span unjudged. Verdicts whose words
    are gone or ambiguous are left as they are (the candidate is asked again).
    """
    moved = gone = 0
    elsewhere: list[str] = []
    for row in store.conn.execute(_MISPLACED_VERDICTS).fetchall():
        found = place(store, row, align=False)
        key = found.key if isinstance(found, Moved) else str(row["unit_key"])
        start = int(row["start"]) if isinstance(found, Moved) else found
        text = _text_at(store, key, row, start) if isinstance(start, int) else None
        if text is None or not isinstance(start, int):
            gone += row["verdict"] == "accept" and str(row["unit_key"]) in keys
            continue
        length = int(row["end"]) - int(row["start"])
        to = f" to {key}" if key != row["unit_key"] else ""
        events.append_event(
            store, coder=row["coder"], action="verdict", trusted=True, verdict=row["verdict"],
            auto_coding_id=row["auto_coding_id"], codebook=row["codebook"], unit_key=key,
            start=start, end=start + length, snippet=row["snippet"], code=row["code"],
            edition=row["edition"], text_sha256=sha256(text), reanchors=int(row["event_id"]),
            run_id=run_id, memo=f"moved with its words{to} by run {run_id}",
        )  # fmt: skip
        moved += 1
        if to:
            elsewhere.append(f"{row['unit_key']} → {key}")
    return moved, gone, tuple(dict.fromkeys(elsewhere))


def _text_at(store: Store, key: str, row: sqlite3.Row, start: int) -> str | None:
    """The current text of ``key`` (in ``row``'s edition) when ``row``'s snippet is at
    ``start`` in it, else ``None``."""
    try:
        _, text = events.unit_edition_text(store, key, row["edition"])
    except NotFoundError:
        return None
    snippet = str(row["snippet"])
    return text if text[start : start + len(snippet)] == snippet else None


def open_reviews(
    store: Store, *, coder: str | None = None, unit_key: str | None = None
) -> list[AnchorReview]:
    """Codings waiting for a coder to place them: still current and still not at their place.

    Optionally only ``coder``'s, or only those of one unit.
    """
    misplaced = {int(r["event_id"]): r for r in misplaced_codings(store, unit_key=unit_key)}
    out = []
    rows = store.conn.execute(
        "SELECT id, event_id, reason, places, at FROM anchor_reviews "
        "WHERE (? IS NULL OR unit_key = ?) ORDER BY id",
        (unit_key, unit_key),
    ).fetchall()
    seen: set[int] = set()
    for r in rows:
        event_id = int(r["event_id"])
        h = misplaced.get(event_id)
        if h is None or event_id in seen or (coder is not None and h["coder"] != coder):
            continue
        seen.add(event_id)
        out.append(
            AnchorReview(
                id=int(r["id"]), event_id=event_id, coder=str(h["coder"]),
                unit_key=str(h["unit_key"]), code=str(h["code"]), start=int(h["start"]),
                end=int(h["end"]), snippet=str(h["snippet"]),
                reason=str(r["reason"]).replace(_REVIEW_ID, str(r["id"])),
                places=list(json.loads(r["places"])), at=str(r["at"]),
            )
        )  # fmt: skip
    return out


class SettleOneWay(CodingError):
    """A review given none, or more than one, of the ways to settle it (``given``: of
    ``place``, ``move`` and ``drop``, those given). The message names the ways in the
    library's terms; a front end names its own options for them (``normtrace code review``:
    ``--at``, ``--move``, ``--drop``)."""

    def __init__(self, review_id: int, given: tuple[str, ...]) -> None:
        self.review_id, self.given = review_id, given
        said = f"{', '.join(given[:-1])} and {given[-1]} given" if given else "none given"
        super().__init__(
            f"review {review_id}: settle it one way ({said}): place the coding at a new start "
            "(and end), move it to the unit the review names, or drop it; the review's reason "
            "says which fits"
        )


@dataclass(frozen=True)
class Settled:
    """A settled review: the event that settles it (:func:`resolve_review`) and, for a move,
    what became of its coder's "done" marks of the unit the coding left
    (:mod:`~normtrace.coding.human.mark_moves`)."""

    event: events.CodingEvent
    marks: tuple[MarkMove, ...] = ()


def resolve_review(
    store: Store,
    review_id: int,
    *,
    coder: str,
    start: int | None = None,
    drop: bool = False,
    end: int | None = None,
    move: bool = False,
) -> events.CodingEvent:
    """:func:`settle_review`'s event."""
    return settle_review(store, review_id, coder=coder, start=start, drop=drop, end=end,
                         move=move).event  # fmt: skip


def settle_review(
    store: Store,
    review_id: int,
    *,
    coder: str,
    start: int | None = None,
    drop: bool = False,
    end: int | None = None,
    move: bool = False,
) -> Settled:
    """Settle an open review: place the coding at ``start`` in the new text, ``drop`` it, or
    ``move`` it to the unit where the text it was made on now stands unchanged (a paragraph
    inserted or removed before it shifted the keys: the review names that unit; the coding
    keeps its offsets there). With ``end``, the coder places it on the new words
    ``[start:end]`` whatever they read (the aligned words the review quotes, a changed word
    judged to carry the code still); those words become its snippet.

    A placing or a move keeps the coding (see the module doc: its memos and the time its work
    was made); ``coder`` settling it and when are the events' coder and time, the review in
    the memo of the ``uncode``. A move takes the coder's "done" marks of the unit with it
    where they read the same words (:mod:`~normtrace.coding.human.mark_moves`; one that stays
    says why).

    Returns the event that settles it (a ``code`` at the new place, or the ``uncode``) and the
    marks' fates.

    Raises:
        NotFoundError: No open review has that id.
        SettleOneWay: Not exactly one of ``start``, ``drop`` and ``move`` (a
            :class:`CodingError`).
        CodingError: ``coder`` is not
            the coding's coder; the snippet is not at ``start``; ``[start:end]`` is outside
            the unit's text; for ``move``, the text the coding was made on stands at no
            single other unit now, or the coder already holds the code on those words there.
    """
    review = next((r for r in open_reviews(store) if r.id == review_id), None)
    if review is None:
        raise NotFoundError("anchor review", str(review_id), hint="see `normtrace code review`")
    given = tuple(way for way, on in (("place", start is not None), ("move", move),
                                       ("drop", drop)) if on)  # fmt: skip
    if len(given) != 1:
        raise SettleOneWay(review_id, given)
    if coder.strip() != review.coder:
        # the settling events are written as the coding's coder's (it is their coding, moved
        # or removed): another coder settling it would put words in their mouth
        raise CodingError(
            f"review {review_id} is of {review.coder}'s coding; {review.coder} settles it "
            f"(--coder {review.coder})"
        )
    row = misplaced_coding(store, review.event_id)
    if row is None:  # settled in another session since open_reviews read it
        raise NotFoundError("anchor review", str(review_id), hint="see `normtrace code review`")
    memo = f"review {review_id} settled by {coder}"
    with store.transaction():
        if drop:
            return Settled(_uncode(store, row, memo=memo))
        if move:
            key = _moved_key(store, row, review_id)
            moved = _move(store, row, int(row["start"]), key=key, run_id=None, memo=memo)
            return Settled(moved, move_marks(
                store, coder=review.coder, codebook=row["codebook"], event_id=review.event_id,
                from_key=review.unit_key, to_key=key, moved_with=moved.id))  # fmt: skip
        assert start is not None
        edition, text = events.unit_edition_text(store, review.unit_key, row["edition"])
        if end is not None:
            if not 0 <= start < end <= len(text):
                raise CodingError(
                    f"review {review_id}: [{start}:{end}] is outside {review.unit_key} "
                    f"(its text has {len(text)} characters); give the span the review quotes"
                )
            return Settled(_move(store, row, start, end=end, run_id=None,
                                 memo=f"{memo} on the new words {text[start:end]!r}"))  # fmt: skip
        if text[start : start + len(review.snippet)] != review.snippet:
            raise CodingError(
                f"review {review_id}: {review.snippet!r} is not at {start} in {review.unit_key}; "
                f"places found: {review.places or 'none'}; to place it on changed words, "
                "give their span with --at START --end END"
            )
        return Settled(_move(store, row, start, run_id=None, memo=memo))


def _moved_key(store: Store, row: sqlite3.Row, review_id: int) -> str:
    """The unit where the text the coding ``row`` was made on now stands unchanged (found
    again: it is where the words are now that counts, whatever an ingest said then), unless
    its coder holds its code on the same words there already."""
    found = place(store, row)
    if not isinstance(found, Moved):
        raise CodingError(
            f"review {review_id}: the text {row['coder']}'s coding was made on stands at no "
            "single other unit now, so there is nowhere to move it; settle it with --at START "
            "(see the review's places) or --drop"
        )
    span = (int(row["start"]), int(row["end"]))
    held = [h for h in events.human_codings(store, coder=row["coder"], unit_key=found.key,
                                            code=row["code"])
            if (h.start, h.end) == span and h.of_book(row["codebook"])]  # fmt: skip
    if held:
        raise CodingError(
            f"review {review_id}: {row['coder']} already holds {row['code']!r} on {found.key} "
            f"[{span[0]}:{span[1]}] (event {held[0].event_id}, a new coding); nothing moved: "
            f"to keep the first coding and its time, remove that one (`normtrace code remove "
            f"{shlex.quote(found.key)} {span[0]} {span[1]} {row['code']} --coder "
            f"{shlex.quote(str(row['coder']))}`) and move again, "
            "or drop this one (--drop)"
        )
    return found.key


def _list_for_review(
    store: Store, row: sqlite3.Row, found: Moved | Unplaced, run_id: int | None
) -> None:
    """Add the coding ``row`` to ``anchor_reviews``, with why it was not placed."""
    reason, places = ((_moved_reason(row, found), []) if isinstance(found, Moved)
                      else (found.reason, found.places))  # fmt: skip
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO anchor_reviews (event_id, unit_key, reason, places, run_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (row["event_id"], row["unit_key"], reason, json.dumps(places), run_id, utc_now()),
        )


#: where a stored reason names its own review's id (:func:`open_reviews` fills it in)
_REVIEW_ID = "{review}"


def _moved_reason(r: sqlite3.Row, moved: Moved) -> str:
    """Why a coding whose words moved, unchanged, to another key waits for its coder (a
    coding is moved within its own key only), and the two commands that keep it there."""
    start, end, coder = int(r["start"]), int(r["end"]), shlex.quote(str(r["coder"]))
    memo = f" --memo {shlex.quote(str(r['memo']))}" if r["memo"] else ""
    book = f" --codebook {shlex.quote(str(r['codebook']))}" if r["codebook"] else ""
    edition = f" --edition {r['edition']}" if r["edition"] not in (None, "record") else ""
    lead = "unit gone from the new version" if moved.gone else "not found"
    return (f"{lead}; the text this coding was made on is now {moved.key} (a paragraph was "
            "inserted or removed before it), unchanged: to keep the coding, move it there "
            f"(`normtrace code review {_REVIEW_ID} --move --coder {coder}`: the same coding, "
            "its memos and the time it was made kept); coding the words there anew "
            f"(`normtrace code add {shlex.quote(moved.key)} {start} {end} {r['code']} "
            f"--coder {coder}{book}{edition}{memo}`) and dropping this one (`normtrace code "
            f"review {_REVIEW_ID} --drop --coder {coder}`) makes a new coding, of "
            "today")  # fmt: skip


def _move(
    store: Store,
    r: sqlite3.Row,
    start: int,
    *,
    end: int | None = None,
    run_id: int | None,
    memo: str | None = None,
    key: str | None = None,
) -> events.CodingEvent:
    """Move the coding ``r`` to ``[start:end]`` (default: its length) of its unit, or of the
    unit ``key``."""
    old_id = int(r["event_id"])
    length = (end - start) if end is not None else int(r["end"]) - int(r["start"])
    note = memo or (f"re-anchored by run {run_id}" if run_id is not None else "re-anchored")
    key = key or str(r["unit_key"])
    to = "" if key == r["unit_key"] else f"{key} "
    with store.transaction():
        _uncode(store, r, memo=f"{note}: moved to {to}[{start}:{start + length}]", moved=True)
        held = events.human_codings(store, coder=r["coder"], unit_key=key, code=r["code"])
        same = [h for h in held if (h.start, h.end) == (start, start + length)
                and h.of_book(r["codebook"])]  # fmt: skip
        if same:
            return events.get_event(store, same[0].event_id)
        # The coder's own coding, moved (adjudicated codings too: no name check here), with
        # the coder's memo: what moved it is on the uncode event, its run and ``reanchors``
        return events._add_code(
            store, coder=r["coder"], unit_key=key, start=start, end=start + length,
            code=r["code"], memo=r["memo"], edition=r["edition"], reanchors=old_id,
            run_id=run_id, trusted=True, codebook=r["codebook"],  # a shared code id's stays its
        )  # fmt: skip


def _uncode(store: Store, r: sqlite3.Row, *, memo: str, moved: bool = False) -> events.CodingEvent:
    return events.append_event(
        store, coder=r["coder"], action="uncode", unit_key=r["unit_key"], start=r["start"],
        end=r["end"], snippet=r["snippet"], code=r["code"], memo=memo, edition=r["edition"],
        reanchors=int(r["event_id"]) if moved else None, trusted=True,
        # the removal is of this codebook's coding (migration 0022), not of another's
        codebook_version=r["codebook_version"],
    )  # fmt: skip
