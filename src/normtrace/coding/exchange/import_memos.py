"""The memos of an imported codings table, set against the memos the project holds.

Human work is append-only: an import never overwrites a memo or takes one back. A table's
memo cell is one of three things, the same way for a coding row, a "nothing applies" row and
a memo row (``status`` ``memo``):

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
them; changed or new: by the code the memo is about). Cells are set against the memos the
project held before the import, not against those the import writes: a coder's two memo rows
on one unit (as an export writes the coder's memos about ``poc`` and about ``force``) are two
new memos to a project without them, each at its row's time. An empty memo cell changes
nothing (``normtrace code undo EVENT`` takes a memo back). A new coding's memo is recorded
with the coding (:func:`~normtrace.coding.human.events.add_code`), not here.

>>> from normtrace.store.db import Store
>>> write_memos(Store.open(":memory:"), MemoPlan(), codebook="b")
MemosWritten(new=0, changed=0, already=0, made={})
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from normtrace.coding.exchange.passage_memos import earlier_spans, span_memos, with_memos
from normtrace.coding.human import events
from normtrace.store.db import Store

#: who, unit key, start, end, code: a coding a coder holds
Coding = tuple[str, str, int, int, str]

#: what ``normtrace code export`` puts between the memos of one coding's cell
_JOINED = " | "


@dataclass
class MemoPlan:
    """The memo cells an import read, to set against the project's memos."""

    #: (who, unit key, memo) → (the time the row states, the code the memo is about)
    units: dict[tuple[str, str, str], tuple[str, str | None]] = field(default_factory=dict)
    #: a coding the project held already → the memo cell of its row (not empty)
    codings: dict[Coding, str] = field(default_factory=dict)


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


def write_memos(store: Store, plan: MemoPlan, *, codebook: str) -> MemosWritten:
    """Record the new and changed memos of ``plan`` (see the module doc), in the caller's
    transaction; a coding's memo is about its code of ``codebook``."""
    new = changed = already = 0
    made: dict[int, str] = {}
    # the project's memos before this import: a cell is new or an edit against these only,
    # not against the cells this import writes (a coder's two memos on a unit are two)
    held = _unit_memos(store, {k for _, k, _ in plan.units})
    written: set[tuple[str, str, str]] = set()  # (who, key, text) this import wrote
    for (who, key, text), (when, about) in plan.units.items():
        there = held.get((who, key), [])
        if _norm(text) in {_norm(t) for _, t in there} or (who, key, _norm(text)) in written:
            already += 1
            continue
        event = events.add_memo(store, coder=who, unit_key=key, memo=text, code=about)
        written.add((who, key, _norm(text)))
        if any(code == about for code, _ in there):
            changed += 1  # an edit of the coder's memo about that code: the import's time
        else:
            new += 1  # new to the project: at the time its row states
            made[event.id] = when
    cells = _coding_cells(store, plan.codings)
    for coding, memo in plan.codings.items():
        who, key, start, end, code = coding
        own, composite, others = cells[coding]
        fresh = _fresh(memo, own, composite, others)
        if fresh is None:
            already += 1
            continue
        events.add_memo(store, coder=who, unit_key=key, memo=fresh, start=start, end=end,
                        code=code, codebook=codebook)  # fmt: skip
        if own:
            changed += 1
        else:
            new += 1  # (a coding's row states the coding's time, not the memo's)
    return MemosWritten(new, changed, already, made)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _fresh(memo: str, own: list[str], composite: str | None, others: list[str]) -> str | None:
    """What of a coding's memo cell ``memo`` its coder does not hold there (``None``:
    nothing): ``own``, the coder's memos on the coding; ``composite``, the cell an export
    writes; ``others``, colleagues' memos there as the cell shows them (``name: text``)."""
    known = {_norm(t) for t in [*own, *others]}
    if _norm(memo) in known or (composite is not None and _norm(memo) == _norm(composite)):
        return None
    if composite is None or _JOINED not in composite:
        return memo.strip()
    # the export joined several memos in the cell: the parts not held are the edit
    parts = [p.strip() for p in memo.split(_JOINED) if p.strip()]
    new = [p for p in parts if _norm(p) not in known]
    return _JOINED.join(new) if new else None


def _unit_memos(
    store: Store, keys: set[str]
) -> dict[tuple[str, str], list[tuple[str | None, str]]]:
    """(coder, unit key) → the coder's memos on the whole unit (not undone), oldest first:
    (the code it is about or ``None``, its text)."""
    out: dict[tuple[str, str], list[tuple[str | None, str]]] = {}
    if not keys:
        return out
    rows = store.conn.execute(
        "SELECT coder, unit_key, code, memo FROM effective_coding_events WHERE action = 'memo' "
        "AND start IS NULL AND unit_key IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    )
    for r in rows:
        code = None if r[2] is None else str(r[2])
        out.setdefault((str(r[0]), str(r[1])), []).append((code, str(r[3] or "")))
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
    on_spans = span_memos(store, keys)
    earlier = earlier_spans(store, [i for held in refs.values() for i, _ in held])
    out: dict[Coding, tuple[list[str], str | None, list[str]]] = {}
    for coding in codings:
        who, key, start, end, code = coding
        own: list[str] = []
        others: list[str] = []
        composite: str | None = None
        for ref, memo in refs.get(coding, []):
            spans = [(start, end), *earlier.get(ref, [])]
            written = [m for s, e in spans for m in on_spans.get((key, s, e), [])]
            composite = with_memos(memo, who, written, code)
            own += [memo] if memo else []
            for writer, about, text in written:
                if text and about in (None, code):
                    (own if writer == who else others).append(
                        text if writer == who else f"{writer}: {text}"
                    )
        out[coding] = (own, composite, others)
    return out
