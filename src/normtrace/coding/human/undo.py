"""Undo a coder's latest action, whichever kind it is: the one rule behind `normtrace code
undo` (without an event id) and the workbench's ``u``.

A coder acts in two append-only logs: coding events (code, uncode, memo, verdict) and the
"done, nothing (else) applies" marks of :mod:`normtrace.coding.human.reviews` (a mark, or
its withdrawal). The latest of the two is taken back: a coding event by an undo event
(:func:`normtrace.coding.human.events.undo`), a mark by a withdrawal row, a withdrawal by
a row that puts the mark back (:func:`undo_mark`). Nothing is deleted. An ingest's
re-anchoring is never the latest action (:data:`normtrace.coding.human.events.BY_INGEST`),
and the rows an undo writes are no action of their own (:data:`reviews.UNDO_SOURCES`).

>>> from normtrace.store.db import Store, instant
>>> latest_mark_action(Store.open(":memory:"), "ana") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from normtrace.coding.human import events
from normtrace.coding.human.reviews import (
    UNDO_SOURCE,
    UNDO_SOURCES,
    Review,
    latest_action,
    mark_done,
    superseded_version,
)
from normtrace.errors import CodingError
from normtrace.store.db import Store, instant


@dataclass(frozen=True)
class MarkUndo:
    """What an undo of a mark action wrote: ``action`` is the action taken back (``done``:
    the mark is withdrawn; ``undone``: the withdrawal is taken back, the mark is back),
    ``mark`` the mark, ``row`` the ``coding_reviews`` row the undo appended, ``restored``
    the codebook version of an older mark of the coder that the undo put back in place of
    ``mark`` (marking again under a newer version had replaced it), else ``None``."""

    action: str
    mark: Review
    row: int
    restored: str | None = None


def latest_mark_action(store: Store, coder: str) -> tuple[str, Review] | None:
    """``coder``'s latest action when it is a mark or a withdrawal of one (as
    :func:`~normtrace.coding.human.reviews.latest_action` gives it), that is not older than
    their latest coding event a plain undo would take back; else ``None`` (their latest
    action is a coding event, or they have none).

    Marks and events are compared by their time, to the microsecond (rows written before
    December 2026 hold whole seconds: within such a second the mark counts as the later one).
    """
    latest = latest_action(store, coder.strip())
    if latest is None:
        return None
    last = store.conn.execute(  # the coder's own latest event, not an ingest's move
        "SELECT e.at FROM effective_coding_events e WHERE e.coder = ? AND NOT "
        f"{events.BY_INGEST.format(e='e')} ORDER BY e.id DESC LIMIT 1",
        (coder.strip(),),
    ).fetchone()
    return latest if last is None or instant(latest[1].at) >= instant(str(last["at"])) else None


def undo_mark(
    store: Store, *, coder: str, action: str, mark: Review, source: str = UNDO_SOURCE
) -> MarkUndo:
    """Take back ``coder``'s mark action (``action``, ``mark`` as :func:`latest_mark_action`
    gives them) by appending a row of source ``source`` (one of
    :data:`~normtrace.coding.human.reviews.UNDO_SOURCES`): a mark is withdrawn, or, when it
    replaced the coder's mark of an older codebook version, that older mark is put back; a
    withdrawal is taken back by putting the mark back under the version it was made under.

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
    if before is not None:  # marking again replaced a mark of an older version: put it back
        mark_done(store, coder=coder, codebook=mark.codebook, unit_keys=[mark.key],
                  level=mark.level, source=source, codes=mark.codes, version=before)  # fmt: skip
    else:  # withdraw it, or put a withdrawn one back under its own version
        mark_done(store, coder=coder, codebook=mark.codebook, unit_keys=[mark.key],
                  level=mark.level, source=source, undo=action == "done", codes=mark.codes,
                  version=None if action == "done" else mark.codebook_version)  # fmt: skip
    row = store.conn.execute(
        "SELECT max(id) FROM coding_reviews WHERE coder = ?", (coder.strip(),)
    ).fetchone()[0]
    return MarkUndo(action, mark, int(row), before)


def undo_latest(
    store: Store, *, coder: str, source: str = UNDO_SOURCE
) -> events.CodingEvent | MarkUndo:
    """Take back ``coder``'s latest action: a mark action (:func:`undo_mark`, rows of
    ``source``) when it came last (:func:`latest_mark_action`), else their latest coding
    event (the undo event :func:`~normtrace.coding.human.events.undo` appends).

    Raises:
        CodingError: the coder has nothing to undo.
    """
    latest = latest_mark_action(store, coder)
    if latest is not None:
        return undo_mark(store, coder=coder, action=latest[0], mark=latest[1], source=source)
    return events.undo(store, coder=coder)


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
    """  # noqa: E501
    mark = undone.mark
    owner = "your" if reader is not None and reader == mark.coder else f"{mark.coder}'s"
    what = "paragraph" if mark.level == "paragraph" else "unit"
    if mark.codes is None:
        kind = "'done, nothing (else) applies'"
    else:  # a mark for some codes, named as the coding bar names them
        kind = f"'done for {', '.join((names or {}).get(c, c) for c in mark.codes)}'"
    named = f"{kind} mark on the {what} {mark.key} ({mark.codebook})"
    if undone.action == "undone":
        return f"{owner} withdrawal of the {named}; the mark is back"
    if undone.restored is not None:
        return f"{owner} {named}; the mark made under version {undone.restored} is back"
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
    rows = store.conn.execute(
        "SELECT e.id FROM effective_coding_events e WHERE e.coder = ? AND e.action = 'code' "
        "AND e.code = ? AND e.id BETWEEN ? AND ? AND e.id IN (SELECT event_id FROM "
        f"human_codings) AND NOT {events.BY_INGEST.format(e='e')} ORDER BY e.id DESC",
        (coder.strip(), code, first, last),
    ).fetchall()
    if not rows:
        raise CodingError(
            f"{coder.strip()} holds no coding {code!r} from events {first} to {last}: they were "
            "removed or undone already"
        )
    with store.transaction():
        return [events.undo(store, coder=coder, event_id=int(r["id"])) for r in rows]
