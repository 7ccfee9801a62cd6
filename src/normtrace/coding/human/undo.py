"""Undo a coder's latest action, whichever kind it is: the one rule behind `normtrace code
undo` (without an event id) and the workbench's ``u``.

A coder acts in two append-only logs: coding events (code, uncode, memo, verdict) and the
"done, nothing (else) applies" marks of :mod:`normtrace.coding.human.reviews` (a mark, or
its withdrawal). The latest of the two is taken back: a coding event by an undo event
(:func:`undo_event`), a mark by a withdrawal row, a withdrawal by
a row that puts the mark back (:func:`undo_mark`), an action of several rows (a blind
re-reading: the standing mark withdrawn and made anew) whole, in one step
(:func:`undo_step`, :mod:`~normtrace.coding.human.mark_steps`). Nothing is deleted. An
ingest's re-anchoring is never the latest action (:data:`BY_INGEST`),
and the rows an undo writes are no action of their own (:data:`reviews.UNDO_SOURCES`).

A validation draw's withdrawal (:mod:`normtrace.coding.draw_withdrawal`) is no action of
these logs, and an undo never takes it back, even when it came last: it is no reading of a
unit but a change to what every estimate of the project weighs, made by whoever looks after
the validation (a restore may be anyone's, not only the withdrawer's), so it is taken back by
naming the draw (``code withdraw-draw DRAW_ID --undo``, :func:`~normtrace.coding.
draw_withdrawal.restore_draw`), never by the workbench's ``u`` pressed while reading.

>>> from normtrace.store.db import Store
>>> latest_mark_action(Store.open(":memory:"), "ana") is None
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from normtrace.coding.human import events
from normtrace.coding.human.made_at import record_stated
from normtrace.coding.human.mark_moves import withdraw_moved
from normtrace.coding.human.mark_steps import (
    AGAIN,
    Step,
    latest_step,
    row_before,
    superseded_version,
)
from normtrace.coding.human.reviews import UNDO_SOURCE, UNDO_SOURCES, Review, mark_done
from normtrace.errors import CodingError
from normtrace.store.db import Store, instant


@dataclass(frozen=True)
class MarkUndo:
    """What an undo of a mark action wrote: ``action`` is the action taken back (``done``:
    the mark is withdrawn; ``undone``: the withdrawal is taken back, the mark is back;
    :data:`~normtrace.coding.human.mark_steps.AGAIN`: the mark made again is withdrawn and
    the one it replaced is back), ``mark`` the mark, ``row`` the (last) ``coding_reviews``
    row the undo appended, ``restored`` the codebook version of an older mark of the coder
    that the undo put back in place of ``mark`` (marking again under a newer version had
    replaced it), else ``None``."""

    action: str
    mark: Review
    row: int
    restored: str | None = None
    #: whether a mark the undo put back counts: not when the words it read changed since
    counts: bool = True
    #: when the reading of a mark the undo put back was made (it keeps that time), else None
    made: str | None = None


#: SQL: the event ``{e}`` is part of an ingest's re-anchoring: one of its halves (both name the
#: moved event in ``reanchors``; the run is on the new coding) or the coding it moved. A coder's
#: own placing of a review has no run. (Uncorrelated: a correlated lookup took 35 s.)
BY_INGEST = (
    "(({e}.reanchors IS NOT NULL AND {e}.reanchors IN (SELECT reanchors FROM coding_events "
    "WHERE reanchors IS NOT NULL AND run_id IS NOT NULL)) OR {e}.id IN (SELECT reanchors FROM "
    "coding_events WHERE "
    "reanchors IS NOT NULL AND run_id IS NOT NULL))"
)


def undo_event(store: Store, *, coder: str, event_id: int | None = None) -> events.CodingEvent:
    """Cancel ``event_id`` (default: ``coder``'s latest effective event, not part of an
    ingest's re-anchoring, :data:`BY_INGEST`) with an undo event. A coder's own placing of a
    reviewed coding can be undone (it is listed for review again).

    A coder's move of a coding to another unit is undone with the "done" marks it moved
    (:func:`~normtrace.coding.human.mark_moves.withdraw_moved`).

    Raises:
        CodingError: nothing to undo; the event is an undo, was undone already, is another
            coder's, or is part of an ingest's re-anchoring (its coding would sit on offsets
            that read other words: remove or re-code it instead).
    """
    if event_id is None:
        row = store.conn.execute(
            "SELECT e.id FROM effective_coding_events e WHERE e.coder = ? AND NOT "
            f"{BY_INGEST.format(e='e')} ORDER BY e.id DESC LIMIT 1",
            (coder,),
        ).fetchone()
        if row is None:
            raise CodingError(f"{coder} has nothing to undo")
        event_id = int(row["id"])
    target = events.get_event(store, event_id)
    if target.action == "undo":
        raise CodingError(f"event {event_id} is an undo; redo by recording the action again")
    if target.coder != coder.strip():
        raise CodingError(
            f"event {event_id} is {target.coder}'s, not {coder.strip()}'s: a coder undoes only "
            f"their own work (as {target.coder}: --coder {target.coder}); to disagree, code "
            "the unit yourself"
        )
    by_ingest = store.conn.execute(
        f"SELECT 1 FROM coding_events e WHERE e.id = ? AND {BY_INGEST.format(e='e')}",
        (event_id,),
    ).fetchone()
    if by_ingest is not None:
        raise CodingError(
            f"event {event_id} is part of an ingest's move of {target.coder}'s coding "
            f"{target.code!r} on {target.unit_key} to a new version of its text; undoing it "
            "would put the coding "
            "back on offsets that now read other words: remove it (`normtrace code remove`) "
            "or code the words again"
        )
    already = store.conn.execute(
        "SELECT id FROM coding_events WHERE action = 'undo' AND target_event = ?", (event_id,)
    ).fetchone()
    if already is not None:
        raise CodingError(f"event {event_id} was already undone by event {already['id']}")
    other = partner(store, target)
    with store.transaction():
        if other is not None:
            events.append_event(store, coder=coder, action="undo", target_event=other)
        if target.reanchors is not None:  # a coder's move: the marks it moved go back too
            withdraw_moved(store, [event_id] if other is None else [event_id, other])
        return events.append_event(store, coder=coder, action="undo", target_event=event_id)


def partner(store: Store, target: events.CodingEvent, *, effective: bool = True) -> int | None:
    """The event undone together with ``target`` (an effective one; any with ``effective``
    false), when one action of its coder wrote two events, else ``None``:

    * a coder's own placing of a reviewed coding (the coding removed from its old place, put
      at the new one; both name the moved event in ``reanchors``, no run): undone together,
      the coding is listed for review again rather than lost;
    * a reject and the withdrawal of the coder's own coding of the candidate's span it wrote
      (:data:`~normtrace.coding.human.events.WITHDRAWN_BY_REJECTION`);
    * a workbench accept and the coding of its span it writes right after it (whose memo
      names the candidate, :data:`~normtrace.coding.human.events.CODED_WITH_ACCEPT`): a
      coder's own coding of the same span right after an accept on the command line is
      another action.
    """
    if target.reanchors is not None:
        table = "effective_coding_events" if effective else "coding_events"
        row = store.conn.execute(
            f"SELECT e.id FROM {table} e WHERE e.reanchors = ? AND e.id <> ? "
            "AND e.coder = ? AND e.run_id IS NULL AND e.action IN ('code', 'uncode')",
            (target.reanchors, target.id, target.coder),
        ).fetchone()
        return None if row is None else int(row["id"])
    # (the verdict, the coding action it wrote right after, that action's memo)
    for verdict, action, memo in _PAIRS:
        if target.action == action and (target.memo or "").startswith(memo):
            return _neighbour(store, target, effective, before=True, action="verdict",
                              verdict=verdict)  # fmt: skip
        if target.action == "verdict" and target.verdict == verdict:
            found = _neighbour(store, target, effective, before=False, action=action)
            named = f"{memo} {target.auto_coding_id}"
            if found is not None and events.get_event(store, found).memo == named:
                return found
            return None
    return None


#: a verdict and the coding action written with it as one action (memo: what it names)
_PAIRS = (
    ("reject", "uncode", events.WITHDRAWN_BY_REJECTION),
    ("accept", "code", events.CODED_WITH_ACCEPT),
)


def _neighbour(
    store: Store,
    target: events.CodingEvent,
    effective: bool,
    *,
    before: bool,
    action: str,
    verdict: str | None = None,
) -> int | None:
    """The coder's event right before (or after) ``target`` (no other event between them),
    when it is ``action`` (``verdict``) on the same code and span, and still effective (if
    ``effective``)."""
    row = store.conn.execute(
        "SELECT id FROM coding_events WHERE coder = ? AND "
        + ("id < ? ORDER BY id DESC" if before else "id > ? ORDER BY id")
        + " LIMIT 1",
        (target.coder, target.id),
    ).fetchone()
    if row is None or abs(int(row["id"]) - target.id) != 1:
        return None
    alive = store.conn.execute(
        "SELECT 1 FROM effective_coding_events WHERE id = ?", (row["id"],)
    ).fetchone()
    other = events.get_event(store, int(row["id"]))
    same = (other.unit_key, other.code, other.start, other.end) == (
        target.unit_key, target.code, target.start, target.end)  # fmt: skip
    if (effective and alive is None) or other.action != action or not same:
        return None
    return other.id if verdict is None or other.verdict == verdict else None


def undone_together(store: Store, undo: events.CodingEvent) -> events.CodingEvent | None:
    """The event that :func:`undo_event` took back together with ``undo``'s target (its
    :func:`partner`, whose undo it appended just before), else ``None``: what a report of the
    undo names beside the target."""
    other = partner(store, events.get_event(store, int(undo.target_event or 0)), effective=False)
    if other is None:
        return None
    row = store.conn.execute(
        "SELECT 1 FROM coding_events WHERE id = ? AND action = 'undo' AND target_event = ?",
        (undo.id - 1, other),
    ).fetchone()
    return None if row is None else events.get_event(store, other)


def latest_mark_action(store: Store, coder: str) -> Step | None:
    """``coder``'s latest action when it is a step in the mark log (a mark, a withdrawal, a
    mark made again: :func:`~normtrace.coding.human.mark_steps.latest_step`), that is not
    older than their latest coding event a plain undo would take back; else ``None`` (their
    latest action is a coding event, or they have none).

    Marks and events are compared by their time, to the microsecond (rows written before
    December 2026 hold whole seconds: within such a second the mark counts as the later one).
    """
    latest = latest_step(store, coder.strip())
    if latest is None:
        return None
    last = store.conn.execute(  # the coder's own latest event, not an ingest's move
        "SELECT e.at FROM effective_coding_events e WHERE e.coder = ? AND NOT "
        f"{BY_INGEST.format(e='e')} ORDER BY e.id DESC LIMIT 1",
        (coder.strip(),),
    ).fetchone()
    return latest if last is None or instant(latest.at) >= instant(str(last["at"])) else None


def undo_mark(
    store: Store,
    *,
    coder: str,
    action: str,
    mark: Review,
    source: str = UNDO_SOURCE,
    part_of: int | None = None,
) -> MarkUndo:
    """Take back ``coder``'s mark action of one row (``action``, ``mark`` as a row of a
    :class:`~normtrace.coding.human.mark_steps.Step` gives them) by appending a row of source
    ``source`` (one of :data:`~normtrace.coding.human.reviews.UNDO_SOURCES`): a mark is
    withdrawn, or, when it replaced the coder's mark of an older codebook version, that older
    mark is put back; a withdrawal is taken back by putting the mark back under the version it
    was made under. ``part_of``: the first row of the undo this row is a later part of
    (:func:`undo_step`).

    Raises:
        CodingError: ``source`` is not an undo's source, or ``action`` is neither ``done``
            nor ``undone``.
    """
    if source not in UNDO_SOURCES:
        raise CodingError(f"an undo's rows have source {' or '.join(UNDO_SOURCES)}, not "
                          f"{source!r}; pass one of them")  # fmt: skip
    if action not in ("done", "undone"):
        raise CodingError(f"a mark action is done or undone, not {action!r}")
    before = superseded_version(store, mark) if action == "done" else None
    # a mark put back is the reading it was: it keeps the time that reading was made (a
    # withdrawal undone must not read as a re-reading now, e.g. after a blind assignment)
    made = _put_back_made(store, mark) if before is not None or action == "undone" else None
    with store.transaction():
        if before is not None:  # marking again replaced a mark of an older version: put it back
            mark_done(store, coder=coder, codebook=mark.codebook, unit_keys=[mark.key],
                      level=mark.level, source=source, codes=mark.codes,
                      version=before, part_of=part_of)  # fmt: skip
        else:  # withdraw it, or put a withdrawn one back under its own version
            mark_done(store, coder=coder, codebook=mark.codebook, unit_keys=[mark.key],
                      level=mark.level, source=source, undo=action == "done", codes=mark.codes,
                      version=None if action == "done" else mark.codebook_version,
                      part_of=part_of)  # fmt: skip
        row = store.conn.execute(
            "SELECT max(id) FROM coding_reviews WHERE coder = ?", (coder.strip(),)
        ).fetchone()[0]
        if made is not None:
            record_stated(store, source=f"undo:{made[0]}", reviews={int(row): made[1]})
    counts = store.conn.execute(
        "SELECT 1 FROM current_done_marks WHERE coder = ? AND codebook = ? AND level = ? "
        "AND unit_key = ? AND codes IS ?",
        (coder.strip(), mark.codebook, mark.level, mark.key,
         None if mark.codes is None else json.dumps(list(mark.codes), ensure_ascii=False)),
    ).fetchone() is not None  # fmt: skip
    return MarkUndo(action, mark, int(row), before, counts, None if made is None else made[1])


def _put_back_made(store: Store, mark: Review) -> tuple[int, str] | None:
    """The mark row an undo of ``mark``'s action puts back (the mark a withdrawal withdrew, or
    the older version's mark that marking again replaced) and when that reading was made."""
    row = row_before(store, mark, "done")
    return None if row is None else (int(row["id"]), str(row["made"]))


def undo_step(store: Store, *, coder: str, step: Step, source: str = UNDO_SOURCE) -> MarkUndo:
    """Take back ``coder``'s action ``step`` whole, in one transaction: each of its rows, the
    latest first, as :func:`undo_mark` takes one back (rows of ``source``), the rows written
    recorded as one step (each later one names the first in ``part_of``), so that the next
    undo takes back the action before it. A mark made again (a blind re-reading,
    :data:`~normtrace.coding.human.mark_steps.AGAIN`) is withdrawn and the mark it replaced
    put back as it was, with the time its reading was made.

    Raises:
        CodingError: the step is of a kind this normtrace does not write.
    """
    action = step.action  # checks the step's shape before anything is written
    with store.transaction():
        first: int | None = None
        for kind, mark in reversed(step.rows):
            done = undo_mark(store, coder=coder, action=kind, mark=mark, source=source,
                             part_of=first)  # fmt: skip
            first = done.row if first is None else first
    if len(step.rows) == 1:
        return done
    return MarkUndo(action, step.mark, done.row, counts=done.counts, made=done.made)


def undo_latest(
    store: Store, *, coder: str, source: str = UNDO_SOURCE
) -> events.CodingEvent | MarkUndo:
    """Take back ``coder``'s latest action: a mark action (:func:`undo_step`, rows of
    ``source``) when it came last (:func:`latest_mark_action`), else their latest coding
    event (the undo event :func:`undo_event` appends).

    Raises:
        CodingError: the coder has nothing to undo.
    """
    latest = latest_mark_action(store, coder)
    if latest is not None:
        return undo_step(store, coder=coder, step=latest, source=source)
    return undo_event(store, coder=coder)


def describe_mark_undo(
    undone: MarkUndo, names: Mapping[str, str] | None = None, *, reader: str | None = None
) -> str:
    """What :func:`undo_mark` took back, in words (as :func:`events.describe` says an
    event): ``names`` names the codes of a mark for some codes (else their ids); ``reader``'s
    own mark is "your …".

    >>> mark = Review(3, "book", "SYN/1/op2", "unit", "ana", "2026-01-01T00:00:00Z", "v1",
    ...               "manual")
    >>> describe_mark_undo(MarkUndo("done", mark, 4))
    "ana's 'done, nothing (else) applies' mark on the unit SYN/1/op2 (book); it is withdrawn"
    >>> describe_mark_undo(MarkUndo("undone", mark, 5), reader="ana")
    "your withdrawal of the 'done, nothing (else) applies' mark on the unit SYN/1/op2 (book); the mark is back"
    >>> describe_mark_undo(MarkUndo(AGAIN, mark, 7, made="2025-11-02T09:30:00Z"), reader="ana")
    "your 'done, nothing (else) applies' mark on the unit SYN/1/op2 (book), made again as a blind re-reading; the mark from before is back, made 2025-11-02T09:30:00Z"
    """  # noqa: E501
    mark = undone.mark
    owner = "your" if reader is not None and reader == mark.coder else f"{mark.coder}'s"
    what = "paragraph" if mark.level == "paragraph" else "unit"
    if mark.codes is None:
        kind = "'done, nothing (else) applies'"
    else:  # a mark for some codes, named as the coding bar names them
        kind = f"'done for {', '.join((names or {}).get(c, c) for c in mark.codes)}'"
    named = f"{kind} mark on the {what} {mark.key} ({mark.codebook})"
    stale = ("" if undone.counts else ", but the words it read have changed since: it does "
             "not count until the unit is marked again")  # fmt: skip
    if undone.action == "undone":
        return f"{owner} withdrawal of the {named}; the mark is back{stale}"
    if undone.action == AGAIN:
        made = "" if undone.made is None else f", made {undone.made}"
        return (f"{owner} {named}, made again as a blind re-reading; the mark from before is "
                f"back{made}{stale}")  # fmt: skip
    if undone.restored is not None:
        return f"{owner} {named}; the mark made under version {undone.restored} is back{stale}"
    return f"{owner} {named}; it is withdrawn"


def undo_batch(
    store: Store, *, coder: str, code: str, first: int, last: int
) -> list[events.CodingEvent]:
    """Take back, in one transaction, ``coder``'s codings with ``code`` made by the events
    ``first`` to ``last`` that still hold (a batch: the workbench's "code all hits" writes its
    codings as consecutive events of one write). A coding removed or undone since is left as
    it is. Returns the undo events, one per coding.

    Raises:
        CodingError: the range is empty or reversed, or holds none of the coder's codings of
            ``code`` that still hold.
    """
    if first > last:
        raise CodingError(f"events {first} to {last}: the first comes after the last")
    # a batch is one write: nothing else of the coder's in the range, all within a minute
    # (a crafted range must not take back the coder's codings made one by one)
    other = store.conn.execute(
        "SELECT min(at), max(at), sum(action <> 'code' OR code IS NOT ?) FROM coding_events "
        "WHERE coder = ? AND id BETWEEN ? AND ?",
        (code, coder.strip(), first, last),
    ).fetchone()
    if other[2] or (other[0] and _seconds(other[1]) - _seconds(other[0]) > BATCH_SECONDS):
        raise CodingError(
            f"events {first} to {last} are not one batch of {coder.strip()}'s {code!r} "
            "codings; undo codings one by one (`normtrace code undo EVENT_ID`)"
        )
    rows = store.conn.execute(
        "SELECT e.id FROM effective_coding_events e WHERE e.coder = ? AND e.action = 'code' "
        "AND e.code = ? AND e.id BETWEEN ? AND ? AND e.id IN (SELECT event_id FROM "
        f"human_codings) AND NOT {BY_INGEST.format(e='e')} ORDER BY e.id DESC",
        (coder.strip(), code, first, last),
    ).fetchall()
    if not rows:
        raise CodingError(
            f"{coder.strip()} holds no coding {code!r} from events {first} to {last}: they were "
            "removed or undone already"
        )
    with store.transaction():
        return [undo_event(store, coder=coder, event_id=int(r["id"])) for r in rows]


#: the longest a "code all hits" write may take (:func:`undo_batch`)
BATCH_SECONDS = 60.0


def _seconds(at: str) -> float:
    """A stored time (whole or precise seconds) as a POSIX timestamp."""
    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()
