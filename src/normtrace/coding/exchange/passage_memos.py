"""The memos of a human coding: its own (the memo it was made with), and those written on its
span after it was made (as the workbench writes them on a coding) about its code or about no
code, also where it stood before a new version of the text or its coder's settlement of a
review moved it (its earlier places, in its unit or another, along its ``reanchors`` chain,
while it stood there). One rule for the memo cell of a coding's row in a passages table
(:func:`with_memos`, the memos joined) and for ``normtrace code list --source human``
(:func:`coding_memos`: every memo, with its coder and time, oldest first)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from normtrace.coding.human import events
from normtrace.coding.human.awaiting import CODED, NEEDS_REVIEW, listed_for_review
from normtrace.coding.human.events import HumanCoding
from normtrace.coding.human.made_at import event_made_sql, made_and_moved, made_order
from normtrace.store.db import Store

#: what stands between two memos of one coding where they are joined into one text cell
JOINED = " | "


@dataclass(frozen=True)
class CodingMemo:
    """One memo on a human coding."""

    #: when it was made: the time an import stated, else when it was recorded (for the
    #: coding's own memo, when the coding's work was made,
    #: :func:`~normtrace.coding.human.made_at.event_made_sql`: a move keeps it)
    at: str
    #: who wrote it (a colleague's memo on the coding's span and code is listed too)
    coder: str
    memo: str
    #: the event holding it: the coding's own code event, or a ``memo`` event
    event_id: int


@dataclass(frozen=True)
class _SpanMemo:
    event_id: int
    coder: str
    code: str | None
    memo: str
    at: str


def _span_memo_events(store: Store, keys: set[str]) -> dict[tuple[str, int, int], list[_SpanMemo]]:
    """The memos written on spans of the units ``keys`` (memo events no undo took back),
    in the log's order: (unit, start, end) -> memos."""
    out: dict[tuple[str, int, int], list[_SpanMemo]] = {}
    if not keys:
        return out
    rows = store.conn.execute(
        f'SELECT e.id, e.coder, e.unit_key, e.start, e."end", e.code, e.memo, '
        f"{event_made_sql('e')} AS made FROM effective_coding_events e "
        "WHERE e.action = 'memo' AND e.start IS NOT NULL AND e.unit_key IN "
        "(SELECT value FROM json_each(?)) ORDER BY e.id",
        (json.dumps(sorted(keys)),),
    )
    for r in rows:
        span = (str(r["unit_key"]), int(r["start"]), int(r["end"]))
        out.setdefault(span, []).append(
            _SpanMemo(
                int(r["id"]), str(r["coder"]), r["code"], str(r["memo"] or ""), str(r["made"])
            )  # fmt: skip
        )
    return out


def about_coding(text: str, about: str | None, code: str) -> bool:
    """Whether a memo ``text`` written on a coding's span about the code ``about`` (``None``:
    none) is a memo on a coding of ``code``: it is not empty and about that code or none."""
    return bool(text) and about in (None, code)


#: a place a coding stands or stood: (unit key, start, end, and for a place a new version or
#: a coder's settlement moved it from, the event that moved it: memos written there before it
#: are on the coding; ``None``: it stands there)
Place = tuple[str, int | None, int | None, int | None]


def earlier_places(store: Store, refs: list[int]) -> dict[int, list[Place]]:
    """For each coding event of ``refs`` that was moved (by a new version of its text, or by
    its coder's settlement of a review: to other offsets or to another unit), the places it
    had before, along its ``reanchors`` chain, each with the event that moved it away."""
    if not refs:
        return {}
    rows = store.conn.execute(
        "WITH RECURSIVE chain(ref, id, until) AS (SELECT id, reanchors, id FROM coding_events "
        "WHERE id IN (SELECT value FROM json_each(?)) AND reanchors IS NOT NULL UNION ALL "
        "SELECT chain.ref, e.reanchors, e.id FROM chain JOIN coding_events e ON e.id = chain.id "
        'WHERE e.reanchors IS NOT NULL) SELECT chain.ref, e.unit_key, e.start, e."end", '
        "chain.until FROM chain JOIN coding_events e ON e.id = chain.id ORDER BY chain.until DESC",
        (json.dumps(refs),),
    )
    out: dict[int, list[Place]] = {}
    for ref, key, start, end, until in rows:
        if start is not None and end is not None:
            out.setdefault(int(ref), []).append((str(key), int(start), int(end), int(until)))
    return out


def places_of(key: str, start: int | None, end: int | None, earlier: list[Place]) -> list[Place]:
    """A coding's place and its ``earlier`` places (:func:`earlier_places`), each span once:
    a move to the same offsets (words after the span changed) is one place, where it stands,
    whose memos count once."""
    found: dict[tuple[str, int | None, int | None], Place] = {}
    for place in [(key, start, end, None), *earlier]:
        found.setdefault(place[:3], place)
    return list(found.values())


def memos_written_on(
    store: Store, codings: Iterable[tuple[int, str, int | None, int | None]]
) -> dict[int, list[tuple[str, str | None, str]]]:
    """For each coding ``(event id, unit key, start, end)``: the memos written on its places
    (:func:`places_of`: its span, and a place it was moved from while it stood there; memo
    events no undo took back, in the log's order), as ``(coder, code it is about, memo)``."""
    return {
        ref: [(m.coder, m.code, m.memo) for m in found]
        for ref, found in _written_on(store, list(codings)).items()
    }


def _written_on(
    store: Store, codings: list[tuple[int, str, int | None, int | None]]
) -> dict[int, list[_SpanMemo]]:
    """:func:`memos_written_on`, each memo with its event id and time."""
    earlier = earlier_places(store, [ref for ref, *_ in codings])
    places = {ref: places_of(key, s, e, earlier.get(ref, [])) for ref, key, s, e in codings}
    on_spans = _span_memo_events(store, {p[0] for found in places.values() for p in found})
    out: dict[int, list[_SpanMemo]] = {}
    for ref, found in places.items():
        written = [
            m
            for key, s, e, until in found
            if s is not None and e is not None
            for m in on_spans.get((key, s, e), [])
            if until is None or m.event_id < until
        ]
        out[ref] = sorted(written, key=lambda m: m.event_id)
    return out


def with_memos(
    memo: str | None, coder: str | None, written: list[tuple[str, str | None, str]], code: str
) -> str | None:
    """A coding's memo and the memos written on its span about its code (or about no code):
    the coder's own as written, a colleague's after their name; ``" | "`` between them."""
    parts = [memo] if memo else []
    for who, about, text in written:
        if about_coding(text, about, code):
            parts.append(text if who == coder else f"{who}: {text}")
    return JOINED.join(parts) if parts else memo


def coding_memos(store: Store, codings: Sequence[HumanCoding]) -> dict[int, tuple[CodingMemo, ...]]:
    """Every memo of each coding of ``codings`` (by its event id; see the module doc), oldest
    first (by when it was made, then by event): its own and those written on its span (and
    earlier spans) about its code or none, by its coder or a colleague, each once."""
    written = _written_on(store, [(c.event_id, c.unit_key, c.start, c.end) for c in codings])
    # a coding's own memo was made with its work: a move keeps it (made_at's one rule)
    made = made_and_moved(store, [c.event_id for c in codings if c.memo])
    out: dict[int, tuple[CodingMemo, ...]] = {}
    for c in codings:
        found = {}
        if c.memo:
            found[c.event_id] = CodingMemo(made[c.event_id][0], c.coder, c.memo, c.event_id)
        for m in written[c.event_id]:
            if about_coding(m.memo, m.code, c.code):
                found[m.event_id] = CodingMemo(m.at, m.coder, m.memo, m.event_id)
        out[c.event_id] = tuple(sorted(found.values(), key=lambda m: made_order(m.at, m.event_id)))
    return out


def joined_memos(memos: Iterable[CodingMemo]) -> str:
    """``memos`` as one text (a CSV cell, a table column): each as ``<at> <coder>: <memo>``,
    joined by ``" | "`` (the separator of the exports' memo cells); ``""`` for none."""
    return JOINED.join(f"{m.at} {m.coder}: {m.memo}" for m in memos)


@dataclass(frozen=True)
class MemoedCoding(HumanCoding):
    """A current human coding with every memo on it (``memo``: the one it was made with);
    ``at``: when its work was made (:mod:`~normtrace.coding.human.made_at`: a re-anchored or
    moved coding's is the time of the coding it moves, a stated time where an import gave one).
    """

    #: its memos, oldest first (:func:`coding_memos`)
    memos: tuple[CodingMemo, ...] = ()
    #: ``coded``, or ``needs review``: a new version of its text left its words (``snippet``:
    #: the words it was made on) off its offsets (:mod:`~normtrace.coding.human.awaiting`)
    status: str = CODED
    #: the review that lists it (``normtrace code review``), when it needs one
    review: int | None = None
    #: when it was last moved (an ingest's re-anchoring, a coder's settlement of a review)
    moved_at: str | None = None


def memoed_codings(
    store: Store,
    *,
    coder: str | None = None,
    unit_key: str | None = None,
    code: str | None = None,
) -> list[MemoedCoding]:
    """The current human codings (:func:`~normtrace.coding.human.events.human_codings`, in
    event order), each with every memo on it, when its work was made, its status and when it
    was last moved (``normtrace code list --source human``)."""
    codings = events.human_codings(store, coder=coder, unit_key=unit_key, code=code)
    memos = coding_memos(store, codings)
    refs = [c.event_id for c in codings]
    times, waiting = made_and_moved(store, refs), listed_for_review(store, refs)
    return [
        MemoedCoding(**{**asdict(c), "at": times[c.event_id][0]}, memos=memos[c.event_id],
                     status=NEEDS_REVIEW if c.event_id in waiting else CODED,
                     review=waiting.get(c.event_id), moved_at=times[c.event_id][1])
        for c in codings
    ]  # fmt: skip
