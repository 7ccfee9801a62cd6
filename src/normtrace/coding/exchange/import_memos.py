"""The memos of an imported file, set against the memos the project holds: one rule for a
codings table (CSV, XLSX, JSONL: :mod:`~normtrace.coding.exchange.codings`) and a ``.qdpx``
(:mod:`~normtrace.coding.exchange.qdpx_read`).

Human work is append-only: an import never overwrites a memo or takes one back. A table's
memo cell is one of three things, the same way for a coding row, a "nothing applies" row and
a memo row (``status`` ``memo``), and so is a ``.qdpx`` note (on a coding, on a span, on a
whole unit, on a document):

- *unchanged*: the coder's memo there already reads so (whitespace aside; on a coding, the
  cell as ``normtrace code export`` writes it, the coding's memo and the memos written on its
  span joined by ``" | "``, or any one of the coder's memos there): nothing is written, so a
  table imported again adds nothing;
- *changed*: the coder has a memo there about the same code (or, on a "nothing applies"
  row, about none) that reads otherwise (an edited cell): the cell is recorded as a new
  ``memo`` event of the coder beside the earlier one, which stays (an export then shows
  both, the earlier first). On a coding whose cell was exported as several memos joined by
  ``" | "``, the parts that are new are recorded, not the memos already held again. The
  file's ``at`` dates the row's earlier work (the coding, the mark, the memo edited), not the
  edit: a changed memo is recorded at the import's time, with no stated time;
- *new*: the coder has no memo there (about the row's code): it is recorded, at the time the
  row states (on a coding the project held without a memo of its coder: a memo event on its
  span about its code, at the import's time, as the row's ``at`` dates the coding).

"There" is, for a coding the project holds already, its span, code and coder; for a
"nothing applies" row or a memo row, the coder's memos on the whole unit (unchanged: any of
them; changed or new: by the code the memo is about); for a ``.qdpx`` note on a span, the
coder's memos on that span (those written on it and the memo of the coder's coding there)
by the code it is about; for a note on a document, the coder's memos on the document. A
``.qdpx`` note states its own time (``creationDateTime``), so a new note on a coding the
project held is recorded at it. Cells are set against the memos the project held before the
import (``before``: the last event before the import wrote any), not against those the
import writes: a coder's two memo rows on one unit (as an export writes the coder's memos
about ``poc`` and about ``force``) are two new memos to a project without them, each at its
row's time. An empty memo cell changes nothing (``normtrace code undo EVENT`` takes a memo
back). A new coding's memo is recorded with the coding
(:func:`~normtrace.coding.human.events.add_code`), not here.

>>> from normtrace.store.db import Store
>>> write_memos(Store.open(":memory:"), MemoPlan(), codebook="b")
MemosWritten(new=0, changed=0, already=0, made={})
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from normtrace.coding.exchange.passage_memos import (
    JOINED,
    about_coding,
    memos_written_on,
    with_memos,
)
from normtrace.coding.human import events
from normtrace.store.db import Store

#: who, unit key, start, end, code: a coding a coder holds
Coding = tuple[str, str, int, int, str]
#: where a coder's memo is: (who, unit key, start, end), start and end ``None`` on a whole
#: unit; or (who, document symbol): a memo on a whole document
_Place = tuple[str, str, int | None, int | None] | tuple[str, str]
#: the memos a coder holds at a place: (the code each is about or ``None``, its text)
_Held = dict[_Place, list[tuple[str | None, str]]]


@dataclass
class MemoPlan:
    """The memo cells an import read, to set against the project's memos."""

    #: (who, unit key, memo) → (the time the row states, the code the memo is about)
    units: dict[tuple[str, str, str], tuple[str, str | None]] = field(default_factory=dict)
    #: a coding the project held already → the memo cell of its row (not empty)
    codings: dict[Coding, str] = field(default_factory=dict)
    #: a coding of ``codings`` → the time the file states for its memo itself (a ``.qdpx``
    #: note's; a table row's time is the coding's, not the memo's)
    noted: dict[Coding, str] = field(default_factory=dict)
    #: (who, unit key, start, end, memo) → (the time stated, the code it is about): a memo on
    #: a span (a ``.qdpx`` note on a selection)
    spans: dict[tuple[str, str, int, int, str], tuple[str, str | None]] = field(
        default_factory=dict
    )
    #: (who, document symbol, memo) → the time stated: a memo on a whole document
    documents: dict[tuple[str, str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class MemosWritten:
    """What :func:`write_memos` did with the cells of a :class:`MemoPlan`."""

    #: memos recorded where their coder had none (on a unit, on a coding's span)
    new: int
    #: cells differing from the coder's memo there, each recorded as a new memo event beside it
    changed: int
    #: cells the project held already: not written again
    already: int
    #: event id → the time its row states (new memos only)
    made: dict[int, str]


def write_memos(
    store: Store, plan: MemoPlan, *, codebook: str, before: int | None = None
) -> MemosWritten:
    """Record the new and changed memos of ``plan`` (see the module doc), in the caller's
    transaction; a coding's memo is about its code of ``codebook``. ``before``: the last event
    the project held before the import wrote any (default: every event now held)."""
    # the project's memos before this import: a cell is new or an edit against these only,
    # not against the cells this import writes (a coder's two memos on a unit are two)
    held = _unit_memos(store, {k for _, k, _ in plan.units}, before)
    held.update(_span_memos(store, {k for _, k, _, _, _ in plan.spans}, before))
    held.update(_document_memos(store, {d for _, d, _ in plan.documents}, before))
    cells = _coding_cells(store, plan.codings)
    written: set[tuple[_Place, str]] = set()  # (place, text) this import wrote
    counts = {"new": 0, "changed": 0, "already": 0}
    made: dict[int, str] = {}

    def place(where: _Place, text: str, about: str | None, when: str) -> None:
        """One memo at ``where``: already held, an edit of the coder's memo there about the
        same code (recorded at the import's time), or new (at the time stated)."""
        there = held.get(where, [])
        if _norm(text) in {_norm(t) for _, t in there} or (where, _norm(text)) in written:
            counts["already"] += 1
            return
        if len(where) == 2:
            event = events.add_document_memo(store, coder=where[0], document=where[1], memo=text)
        else:
            who, key, start, end = where
            event = events.add_memo(store, coder=who, unit_key=key, memo=text, code=about,
                                    start=start, end=end)  # fmt: skip
        written.add((where, _norm(text)))
        if any(code == about for code, _ in there):
            counts["changed"] += 1  # an edit of the coder's memo about that code
        else:
            counts["new"] += 1  # new to the project: at the time the file states
            made[event.id] = when

    for (who, key, text), (when, about) in plan.units.items():
        place((who, key, None, None), text, about, when)
    for (who, key, start, end, text), (when, about) in plan.spans.items():
        place((who, key, start, end), text, about, when)
    for (who, symbol, text), when in plan.documents.items():
        place((who, symbol), text, None, when)
    for coding, memo in plan.codings.items():
        who, key, start, end, code = coding
        own, composite, others = cells[coding]
        fresh = _fresh(memo, own, composite, others)
        if fresh is None:
            counts["already"] += 1
            continue
        event = events.add_memo(store, coder=who, unit_key=key, memo=fresh, start=start,
                                end=end, code=code, codebook=codebook)  # fmt: skip
        if own:
            counts["changed"] += 1
        else:
            counts["new"] += 1  # (a coding's row states the coding's time, not the memo's)
            if plan.noted.get(coding):
                made[event.id] = plan.noted[coding]
    return MemosWritten(counts["new"], counts["changed"], counts["already"], made)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _fresh(memo: str, own: list[str], composite: str | None, others: list[str]) -> str | None:
    """What of a coding's memo cell ``memo`` its coder does not hold there (``None``:
    nothing): ``own``, the coder's memos on the coding; ``composite``, the cell an export
    writes; ``others``, colleagues' memos there as the cell shows them (``name: text``)."""
    known = {_norm(t) for t in [*own, *others]}
    if _norm(memo) in known or (composite is not None and _norm(memo) == _norm(composite)):
        return None
    if composite is None or JOINED not in composite:
        return memo.strip()
    # the export joined several memos in the cell: the parts not held are the edit
    parts = [p.strip() for p in memo.split(JOINED) if p.strip()]
    new = [p for p in parts if _norm(p) not in known]
    return JOINED.join(new) if new else None


def _keys(values: set[str]) -> str:
    return json.dumps(sorted(values), ensure_ascii=False)


def _unit_memos(store: Store, keys: set[str], before: int | None) -> _Held:
    """(coder, unit key, None, None) → the coder's memos on the whole unit (not undone,
    recorded by event ``before``), oldest first: (the code it is about or ``None``, its text)."""
    out: _Held = {}
    if not keys:
        return out
    rows = store.conn.execute(
        "SELECT coder, unit_key, code, memo FROM effective_coding_events WHERE action = 'memo' "
        "AND start IS NULL AND unit_key IN (SELECT value FROM json_each(?)) "
        "AND (? IS NULL OR id <= ?) ORDER BY id",
        (_keys(keys), before, before),
    )
    for r in rows:
        code = None if r[2] is None else str(r[2])
        out.setdefault((str(r[0]), str(r[1]), None, None), []).append((code, str(r[3] or "")))
    return out


def _span_memos(store: Store, keys: set[str], before: int | None) -> _Held:
    """(coder, unit key, start, end) → the coder's memos on that span of the units ``keys``
    held by event ``before``: the memos written on it (not undone) and the memo of the
    coder's current coding there, oldest first: (the code it is about, its text)."""
    out: _Held = {}
    if not keys:
        return out
    rows = store.conn.execute(
        'SELECT id, coder, unit_key, start, "end", code, memo FROM effective_coding_events '
        "WHERE action = 'memo' AND start IS NOT NULL AND unit_key IN "
        "(SELECT value FROM json_each(?1)) AND (?2 IS NULL OR id <= ?2) "
        'UNION ALL SELECT event_id, coder, unit_key, start, "end", code, memo FROM '
        "human_codings WHERE COALESCE(memo, '') <> '' AND unit_key IN "
        "(SELECT value FROM json_each(?1)) AND (?2 IS NULL OR event_id <= ?2) ORDER BY 1",
        (_keys(keys), before),
    )
    for r in rows:
        code = None if r[5] is None else str(r[5])
        where = (str(r[1]), str(r[2]), int(r[3]), int(r[4]))
        out.setdefault(where, []).append((code, str(r[6] or "")))
    return out


def _document_memos(store: Store, symbols: set[str], before: int | None) -> _Held:
    """(coder, symbol) → the coder's memos on the whole document (not undone) held by event
    ``before``, oldest first (about no code)."""
    out: _Held = {}
    if not symbols:
        return out
    rows = store.conn.execute(
        "SELECT coder, document, memo FROM effective_coding_events WHERE action = 'memo' "
        "AND document IN (SELECT value FROM json_each(?)) AND (? IS NULL OR id <= ?) "
        "ORDER BY id",
        (_keys(symbols), before, before),
    )
    for r in rows:
        out.setdefault((str(r[0]), str(r[1])), []).append((None, str(r[2] or "")))
    return out


def _coding_cells(
    store: Store, codings: dict[Coding, str]
) -> dict[Coding, tuple[list[str], str | None, list[str]]]:
    """For each coding: its coder's memos on it (the coding's own, then those written on its
    span about its code or no code, along its earlier spans too), the cell an export writes
    for it, and colleagues' memos on its span as the cell shows them."""
    if not codings:
        return {}
    keys = {c[1] for c in codings}
    found = store.conn.execute(
        'SELECT event_id, coder, unit_key, start, "end", code, memo FROM human_codings '
        "WHERE unit_key IN (SELECT value FROM json_each(?)) ORDER BY event_id",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    ).fetchall()
    refs: dict[Coding, list[tuple[int, str | None]]] = {}
    for r in found:
        coding = (str(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]))
        if coding in codings:
            refs.setdefault(coding, []).append((int(r[0]), r[6]))
    on_codings = memos_written_on(
        store, [(i, c[1], c[2], c[3]) for c, held in refs.items() for i, _ in held]
    )
    out: dict[Coding, tuple[list[str], str | None, list[str]]] = {}
    for coding in codings:
        who, key, start, end, code = coding
        own: list[str] = []
        others: list[str] = []
        composite: str | None = None
        for ref, memo in refs.get(coding, []):
            written = on_codings[ref]
            composite = with_memos(memo, who, written, code)
            own += [memo] if memo else []
            for writer, about, text in written:
                if about_coding(text, about, code):
                    (own if writer == who else others).append(
                        text if writer == who else f"{writer}: {text}"
                    )
        out[coding] = (own, composite, others)
    return out
