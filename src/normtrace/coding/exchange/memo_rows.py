"""Memos on whole units as rows of a codings table, so that CSV and XLSX carry them.

A coder's memo on a unit ("Add memo" in the workbench, or the memo of a "done, nothing
applies" row an import kept on its unit) is about no span and no coding: a passages row
(:mod:`~normtrace.coding.exchange.tables`) cannot show it. A codings table therefore gives
each such memo (a ``memo`` event on a unit, not undone) a row of its own: ``source``
``human``, ``status`` :data:`MEMO`, the memo in ``memo``, the coder, when it was written
(``at``), the unit's whole text (so an import checks the words it is about), ``reviewed``
``no`` (a memo marks nothing reviewed) and the ``code`` a memo about a code names ("" for
most). ``code import`` writes each such row as that coder's memo on the unit again, unless
the coder's same memo is there already (a second import adds none).

Memos on spans are shown on the coding rows whose words they are about
(:mod:`~normtrace.coding.exchange.passage_memos`); memos on whole documents are in no table
(the export says so; a ``.qdpx`` carries them).

>>> from normtrace.store.db import Store
>>> memo_passages(Store.open(":memory:"), PassageFilter(sources=("human",)))
([], 0)
"""

from __future__ import annotations

import json

from normtrace.coding.exchange.tables import Passage, PassageFilter
from normtrace.coding.human.made_at import event_made_sql
from normtrace.coding.units import has_table, unit_info_sql
from normtrace.store.db import Store

#: the ``status`` of a table row that is a coder's memo on a whole unit
MEMO = "memo"


def memo_passages(store: Store, where: PassageFilter) -> tuple[list[Passage], int]:
    """The memos on whole units that a codings table for ``where`` carries (human rows asked
    for, no ``code`` filter: a table of one code holds that code's rows only), and how many
    memos it leaves out because their unit is no longer in the project."""
    if "human" not in where.sources or where.code is not None:
        return [], 0
    if not has_table(store, "effective_coding_events"):
        return [], 0
    events = store.conn.execute(
        "SELECT e.id, e.coder, e.unit_key, e.code, e.memo, e.edition, "
        f"{event_made_sql('e')} AS made FROM effective_coding_events e "
        "WHERE e.action = 'memo' AND e.start IS NULL AND e.document IS NULL "
        "AND e.unit_key IS NOT NULL AND COALESCE(e.memo, '') <> '' "
        "AND (? IS NULL OR e.coder = ?) ORDER BY e.id",
        (where.coder, where.coder),
    ).fetchall()
    if not events:
        return [], 0
    keys = json.dumps(sorted({str(e["unit_key"]) for e in events}), ensure_ascii=False)
    units: dict[str, list[dict[str, object]]] = {}
    info = unit_info_sql(store, with_text=True, keys="json_each(?)")
    for r in store.conn.execute(info, (keys, keys)):
        units.setdefault(str(r["key"]), []).append(dict(r))
    titles = {
        str(r[0]): str(r[1] or "")
        for r in store.conn.execute(
            "SELECT symbol, title FROM documents WHERE is_current = 1 ORDER BY edition DESC"
        )
    }
    actors = _actors(store, keys)
    out: list[Passage] = []
    gone = 0
    for e in events:
        editions = units.get(str(e["unit_key"]))
        if not editions:
            gone += 1
            continue
        # the edition the memo was written on, else the record, else the first by name
        editions.sort(key=lambda u: (u["edition"] != e["edition"], u["edition"] != "record",
                                     str(u["edition"])))  # fmt: skip
        u = editions[0]
        if where.symbol and u["symbol"] != where.symbol:
            continue
        if where.role and u["role"] != where.role:
            continue
        if where.year and u["year"] != where.year:
            continue
        text = str(u["text"])
        out.append(
            Passage(
                source="human", status=MEMO, symbol=str(u["symbol"]),
                document=titles.get(str(u["symbol"]), ""), date=_text(u["date"]),
                doc_type=str(u["doc_type"]), unit_key=str(e["unit_key"]), level="unit",
                speaker=_text(u["speaker"]), actor=actors.get(str(e["unit_key"])),
                role=str(u["role"]), code=str(e["code"] or ""), code_name="", codebook="",
                probability=None, model=None, coder=str(e["coder"]), reviewed="no",
                text=text, left="", right="", memo=str(e["memo"]), at=str(e["made"]),
                start=0, end=len(text), ref=int(e["id"]),
            )
        )  # fmt: skip
    return out, gone


def gone_line(gone: int) -> str:
    """The export's note on memos whose unit is no longer in the project."""
    return (
        f"{gone} memo(s) on units no longer in the project (a new version of their "
        "document dropped them): a table cannot place them; list them with `normtrace code "
        "list --source events`"
    )


def merged(rows: list[Passage], memos: list[Passage]) -> list[Passage]:
    """``rows`` (in the passages' order) with ``memos`` placed after the rows of their unit
    that start at the memo's 0 (by date, document, unit and position, as the rows are)."""
    if not memos:
        return rows
    return sorted([*rows, *memos], key=lambda p: (p.date or "", p.symbol, p.unit_key, p.start))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _actors(store: Store, keys: str) -> dict[str, str]:
    """Speech key → its actor (the actors stage's current rows; none without them)."""
    if not has_table(store, "speech_roles"):
        return {}
    rows = store.conn.execute(
        "SELECT speech_key, actor FROM speech_roles WHERE is_current = 1 "
        "AND speech_key IN (SELECT value FROM json_each(?)) ORDER BY id",
        (keys,),
    )
    return {str(r[0]): str(r[1]) for r in rows if r[1]}
