"""Memos on whole units as rows of a codings table, so that CSV and XLSX carry them.

A coder's memo on a unit ("Add memo" in the workbench, or the memo of a "done, nothing
applies" row an import kept on its unit) is about no span and no coding: a passages row
(:mod:`~normtrace.coding.exchange.tables`) cannot show it. A codings table therefore gives
each such memo (a ``memo`` event on a unit, not undone) a row of its own: ``source``
``human``, ``status`` :data:`MEMO`, the memo in ``memo``, the coder, when it was written
(``at``), the unit's whole text (so an import checks the words it is about), ``reviewed``
``no`` (a memo marks nothing reviewed) and the ``code`` a memo about a code names ("" for
most). ``code import`` writes each such row as that coder's memo on the unit again, unless
the coder's same memo is there already (a second import adds none); an edited one is recorded
beside the earlier one (:mod:`~normtrace.coding.exchange.import_memos`).

Memos on spans are shown on the coding rows whose words they are about
(:mod:`~normtrace.coding.exchange.passage_memos`); memos on whole documents are in no table
(the export says so; a ``.qdpx`` carries them).

>>> from normtrace.store.db import Store
>>> memo_passages(Store.open(":memory:"), PassageFilter(sources=("human",)))
([], 0)
"""

from __future__ import annotations

import json
from typing import Any

from normtrace.coding.exchange.tables import Passage, PassageFilter
from normtrace.coding.human.made_at import event_made_sql
from normtrace.coding.kwic import context
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
    facts = UnitFacts(store, {str(e["unit_key"]) for e in events})
    out: list[Passage] = []
    gone = 0
    for e in events:
        u = facts.unit(str(e["unit_key"]), e["edition"])
        if u is None:
            gone += 1
            continue
        if not facts.selected(u, where):
            continue
        text = str(u["text"])
        out.append(
            facts.passage(
                u, source="human", status=MEMO, code=str(e["code"] or ""), code_name="",
                codebook="", coder=str(e["coder"]), memo=str(e["memo"]), at=str(e["made"]),
                start=0, end=len(text), ref=int(e["id"]),
            )
        )  # fmt: skip
    return out, gone


class UnitFacts:
    """What a table row says of the units ``keys`` (the current editions of each, with text,
    document title and actor), read once: :meth:`passage` builds a row on one of them."""

    def __init__(self, store: Store, keys: set[str]) -> None:
        listed = json.dumps(sorted(keys), ensure_ascii=False)
        self.units: dict[str, list[dict[str, Any]]] = {}
        info = unit_info_sql(store, with_text=True, keys="json_each(?)")
        for r in store.conn.execute(info, (listed, listed)):
            self.units.setdefault(str(r["key"]), []).append(dict(r))
        self.titles = {
            str(r[0]): str(r[1] or "")
            for r in store.conn.execute(
                "SELECT symbol, title FROM documents WHERE is_current = 1 ORDER BY edition DESC"
            )
        }
        self.actors = _actors(store, listed)

    def unit(self, key: str, edition: str | None = None) -> dict[str, Any] | None:
        """Unit ``key`` in ``edition``, else the record's, else the first by name (``None``:
        no current unit has the key)."""
        editions = self.units.get(key)
        if not editions:
            return None
        return min(editions, key=lambda u: (u["edition"] != edition, u["edition"] != "record",
                                            str(u["edition"])))  # fmt: skip

    @staticmethod
    def selected(unit: dict[str, Any], where: PassageFilter) -> bool:
        """Whether ``unit`` passes ``where``'s document, role and year."""
        return not (
            (where.symbol and unit["symbol"] != where.symbol)
            or (where.role and unit["role"] != where.role)
            or (where.year and unit["year"] != where.year)
        )

    def passage(self, unit: dict[str, Any], **cells: Any) -> Passage:
        """A row on ``unit`` with ``cells`` (source, status, code, code_name, codebook, coder,
        memo, at, start, end, ref); its text is the unit's words at ``start:end``."""
        text = str(unit["text"])
        start, end = int(cells["start"]), int(cells["end"])
        left, right = context(text, start, end, 12) if (start, end) != (0, len(text)) else ("", "")
        return Passage(
            symbol=str(unit["symbol"]), document=self.titles.get(str(unit["symbol"]), ""),
            date=_text(unit["date"]), doc_type=str(unit["doc_type"]), unit_key=str(unit["key"]),
            level="unit", speaker=_text(unit["speaker"]), actor=self.actors.get(str(unit["key"])),
            role=str(unit["role"]), probability=None, model=None, reviewed="no",
            text=text[start:end], left=left, right=right, **cells,
        )  # fmt: skip


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
