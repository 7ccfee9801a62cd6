"""The UN Library's veto list (``scact_veto_table_en.html``) into the meeting index.

Each row names a date, the vetoed draft, the meeting record, the agenda item and the
permanent members casting a negative vote. Vetoes cast at a meeting are added to that
meeting's ``meta.vetoes``; rows decided by written procedure during the COVID-19 period
(records are letters such as ``S/2020/870``, not ``S/PV``) have no meeting and are counted
as such.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from normtrace.parse.dates import find_date
from normtrace.parse.symbols import find_symbols
from normtrace.store.db import Store

ALGORITHM = "actors.veto_table.v1"
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL | re.IGNORECASE)
_BREAK = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Veto:
    """One vetoed draft."""

    date: str | None
    draft: str | None
    records: tuple[str, ...]
    agenda: str
    members: tuple[str, ...]


def parse_veto_table(page: str) -> list[Veto]:
    """Every row of the veto list with five cells (date, draft, record, agenda, members)."""
    vetoes = []
    for row in _ROW.findall(page):
        cells = _CELL.findall(row)
        if len(cells) == 5:
            vetoes.append(_veto(cells))
    return vetoes


def _veto(cells: list[str]) -> Veto:
    date_text, draft, record, agenda, members = (_text(c) for c in cells)
    return Veto(
        date=find_date(date_text),
        draft=next((str(s) for _, _, s in find_symbols(draft)), None),
        records=tuple(str(s) for _, _, s in find_symbols(record)),
        agenda=" ".join(_TAG.sub(" ", agenda).split()),
        members=tuple(m.strip() for m in members.split("\n") if m.strip()),
    )


def _text(cell: str) -> str:
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", cell)))


def import_veto_table(store: Store, vetoes: list[Veto]) -> dict[str, int]:
    """Set each meeting's ``meta.vetoes`` from the list; counts of rows with and without one.

    Importing a newer list replaces, never duplicates, a meeting's vetoes.
    """
    by_meeting: dict[str, list[Veto]] = {}
    for veto in vetoes:
        for record in veto.records:
            if record.startswith("S/PV."):
                by_meeting.setdefault(record, []).append(veto)
    with store.transaction() as conn:
        for record, items in by_meeting.items():
            vetoes_json = _json(items)
            conn.execute(
                "INSERT INTO meetings (symbol, date, topic, meta, origin) "
                "VALUES (?, ?, ?, json_object('vetoes', json(?)), 'library_index') "
                "ON CONFLICT(symbol) DO UPDATE SET "
                "meta = json_set(meetings.meta, '$.vetoes', json(?))",
                (record, items[0].date, items[0].agenda, vetoes_json, vetoes_json),
            )
    written = sum(1 for v in vetoes if not any(r.startswith("S/PV.") for r in v.records))
    return {"vetoes": len(vetoes), "meetings": len(by_meeting), "written_procedure": written}


def _json(items: list[Veto]) -> str:
    rows = [{"draft": v.draft, "members": list(v.members), "agenda": v.agenda} for v in items]
    return json.dumps(rows, ensure_ascii=False)
