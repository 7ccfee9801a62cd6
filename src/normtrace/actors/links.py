"""Links between meetings and documents, and the chronology of a topic.

Relations written to ``document_links`` (from → to):

* ``adopted_at`` — resolution → meeting that adopted it (evidence
  ``library_index`` from the UN Library tables, ``adoption_line`` from the
  resolution's own "Adopted by the Security Council at its 6943rd meeting");
* ``outcome_of`` — presidential statement or failed draft → meeting;
* ``draft_of`` — draft resolution → resolution (``drafts_export``);
* ``cites`` — stored document → symbol cited in its text (``text``).

Meetings on the same item are found by their agenda items (:func:`linked`,
:func:`timeline`), read as every surface reads them (:mod:`normtrace.store.topics`: the
meeting index's once imported, never a verbatim record's own title in ``meetings.topic``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normtrace.actors.drafts import Draft, read_drafts
from normtrace.actors.meetings_index import MeetingEntry, load_index
from normtrace.parse.symbols import parse_symbol
from normtrace.store.db import Store
from normtrace.store.readings import FILLED, filled_note
from normtrace.store.topics import agenda_prefilter as agenda_prefilter  # the one pre-filter
from normtrace.store.topics import meeting_topic, meeting_topics
from normtrace.store.topics import topic_pattern as topic_pattern  # the one whole-word rule

ALGORITHM = "actors.links.v1"
#: the run that imports the UN Library meeting index (its rows name it: ``meta.run``)
INDEX_ALGORITHM = "actors.meeting_index.v1"


@dataclass(frozen=True)
class LinkSummary:
    """Counts of the links a run wrote, by relation."""

    run_id: int
    by_relation: dict[str, int]


def import_meeting_index(
    store: Store, entries: Iterable[MeetingEntry] | None = None, *, run_id: int | None = None
) -> int:
    """Write the library meeting index into ``meetings`` (``origin='library_index'``).

    A meeting already known from its record keeps its own facts; missing ones are
    filled in and the index row is kept under ``meta.library_index``. Each index row names
    the run that imported it (``run``): ``run_id`` (an ingest run importing index tables),
    else a run of :data:`INDEX_ALGORITHM` recorded here. A meeting's agenda items are read
    from these rows (:mod:`normtrace.store.topics`), so a document's topic names its source.
    """
    rows = list(entries) if entries is not None else load_index()
    own = run_id is None
    if run_id is None:
        run_id = store.start_run("actors", INDEX_ALGORITHM, {"rows": len(rows)})
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO meetings (symbol, number, date, topic, press_release, outcome, meta, "
            "origin) VALUES (?, ?, ?, ?, ?, ?, ?, 'library_index') "
            "ON CONFLICT(symbol) DO UPDATE SET "
            "date = COALESCE(meetings.date, excluded.date), "
            "topic = COALESCE(meetings.topic, excluded.topic), "
            "press_release = COALESCE(meetings.press_release, excluded.press_release), "
            "outcome = COALESCE(meetings.outcome, excluded.outcome), "
            "meta = json_set(meetings.meta, '$.library_index', json(excluded.meta))",
            [_meeting_row(e, run_id) for e in rows],
        )
    if own:
        store.finish_run(run_id, {"meetings": len(rows)})
    return len(rows)


def _meeting_row(e: MeetingEntry, run_id: int) -> tuple[Any, ...]:
    meta = {
        "topics": list(e.topics),
        "outcomes": list(e.outcomes),
        "votes": list(e.votes),
        "closed": e.closed,
        "source": e.source,
        "run": run_id,
    }
    outcome = "; ".join(e.outcomes) or None
    return (
        e.symbol,
        e.number,
        e.date,
        " | ".join(e.topics) or None,
        e.press_release,
        outcome,
        json.dumps(meta, ensure_ascii=False),
    )


def import_drafts(store: Store, drafts: Iterable[Draft] | str | Path) -> int:
    """Write draft resolutions into ``drafts``; a path is read with :func:`read_drafts`."""
    rows = read_drafts(drafts) if isinstance(drafts, str | Path) else list(drafts)
    run_id = store.start_run("actors", "actors.drafts.v1", {"rows": len(rows)})
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO drafts (symbol, title, subjects, resolution, pdf_urls, record_id, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(symbol) DO UPDATE SET "
            "title = COALESCE(excluded.title, drafts.title), "
            "resolution = COALESCE(excluded.resolution, drafts.resolution), "
            "run_id = excluded.run_id",
            [
                (
                    d.symbol,
                    d.title,
                    json.dumps(d.subjects),
                    d.resolution,
                    json.dumps(d.pdf_urls),
                    d.record_id,
                    run_id,
                )
                for d in rows
            ],
        )
    store.finish_run(run_id, {"drafts": len(rows)})
    return len(rows)


def _kind(symbol: str) -> str:
    try:
        return parse_symbol(symbol).kind
    except ValueError:
        return "document"


def _index_links(store: Store) -> Iterator[tuple[str, str, str, str]]:
    for row in store.conn.execute("SELECT symbol, meta FROM meetings"):
        meta = json.loads(row["meta"] or "{}")
        index = meta.get("library_index", meta) if isinstance(meta, dict) else {}
        for outcome in index.get("outcomes") or []:
            relation = "adopted_at" if _kind(outcome) == "resolution" else "outcome_of"
            yield outcome, row["symbol"], relation, "library_index"


def _record_links(store: Store) -> Iterator[tuple[str, str, str, str]]:
    for row in store.conn.execute(
        "SELECT symbol, meeting FROM documents WHERE is_current = 1 AND doc_type = 'resolution' "
        "AND meeting IS NOT NULL AND meeting != symbol "
        "AND json_extract(meta, '$.adoption_source') IS NULL"
    ):
        yield row["symbol"], row["meeting"], "adopted_at", "adoption_line"
    for row in store.conn.execute(
        "SELECT symbol, resolution FROM drafts WHERE resolution IS NOT NULL"
    ):
        yield row["symbol"], row["resolution"], "draft_of", "drafts_export"
    for row in store.conn.execute(
        "SELECT DISTINCT d.symbol AS symbol, p.cites AS cites FROM paragraphs p "
        "JOIN documents d ON d.id = p.document_id WHERE d.is_current = 1 AND p.cites != '[]'"
    ):
        for cited in json.loads(row["cites"]):
            if cited != row["symbol"]:
                yield row["symbol"], cited, "cites", "text"


def build_links(store: Store) -> LinkSummary:
    """Rebuild ``document_links`` from the meetings, drafts and stored documents."""
    run_id = store.start_run("actors", ALGORITHM, {})
    links = set(_index_links(store)) | set(_record_links(store))
    with store.transaction() as conn:
        conn.execute("DELETE FROM document_links")
        conn.executemany(
            "INSERT INTO document_links (from_symbol, to_symbol, relation, evidence, run_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [(*link, run_id) for link in sorted(links)],
        )
        filled = fill_adoption_meetings(conn, run_id)
        dated = fill_meeting_dates(conn, run_id)
    counts: dict[str, int] = {
        "adoption_meetings_from_index": filled,
        "meeting_dates_from_index": dated,
    }
    for _, _, relation, _ in links:
        counts[relation] = counts.get(relation, 0) + 1
    store.finish_run(run_id, counts)
    return LinkSummary(run_id, counts)


def fill_adoption_meetings(
    conn: sqlite3.Connection, run_id: int, symbols: Iterable[str] | None = None
) -> int:
    """Give resolutions whose text names no adoption meeting the one the library index names.

    Some resolution texts (many of 1991-1994) print only ``Resolution 699 (1991) of
    17 June 1991``. Their ``meeting`` (and, if missing, ``date``) is then taken from the
    UN Library index; ``meta.adoption_source`` says so and names the run, and
    ``meta.filled`` notes what was filled in place (:func:`~normtrace.store.readings.filled_note`:
    ``ingest --reparse`` compares a version as parsed). A meeting the text itself gives is never
    replaced. ``symbols``: only the current versions of these documents (the new versions an
    ingest run stored), else every current resolution.
    """
    note = filled_note(("meeting", "date"), ("adoption_source", "adoption_run"))
    only, params = _only(symbols)
    cur = conn.execute(
        "UPDATE documents SET "
        "meeting = (SELECT l.to_symbol FROM document_links l WHERE l.from_symbol = symbol "
        "  AND l.relation = 'adopted_at' AND l.evidence = 'library_index' "
        "  ORDER BY l.to_symbol LIMIT 1), "
        "date = COALESCE(date, (SELECT m.date FROM document_links l JOIN meetings m "
        "  ON m.symbol = l.to_symbol WHERE l.from_symbol = symbol AND l.relation = 'adopted_at'"
        "  AND l.evidence = 'library_index' ORDER BY l.to_symbol LIMIT 1)), "
        "meta = json_set(meta, '$.adoption_source', 'library_index', '$.adoption_run', ?, "
        f"  '$.{FILLED}', {note}) "
        "WHERE doc_type = 'resolution' AND is_current = 1 AND meeting IS NULL "
        "AND EXISTS (SELECT 1 FROM document_links l WHERE l.from_symbol = symbol "
        f"  AND l.relation = 'adopted_at' AND l.evidence = 'library_index'){only}",
        (run_id, *params),
    )
    return cur.rowcount


def fill_meeting_dates(
    conn: sqlite3.Connection, run_id: int, symbols: Iterable[str] | None = None
) -> int:
    """Date the meeting records that carry no date with the date the meetings table gives
    (the UN Library index, or the meeting's own record).

    The Security Council Debates corpus without its ``meta.tsv`` gives speeches but no dates,
    so first uses by role and adoption curves would be undated. The document's ``date`` and
    ``year`` are then taken from ``meetings``; ``meta.date_source`` says so and names the run,
    and ``meta.filled`` notes what was filled in place (as :func:`fill_adoption_meetings`).
    A date the document itself gives is never replaced. ``symbols``: as
    :func:`fill_adoption_meetings`.
    """
    note = filled_note(("date", "year"), ("date_source", "date_run"))
    only, params = _only(symbols)
    cur = conn.execute(
        "UPDATE documents SET "
        "date = (SELECT m.date FROM meetings m WHERE m.symbol = documents.symbol), "
        "year = CAST(substr((SELECT m.date FROM meetings m WHERE m.symbol = documents.symbol), "
        "  1, 4) AS INTEGER), "
        "meta = json_set(COALESCE(meta, '{}'), '$.date_source', 'meetings', '$.date_run', ?, "
        f"  '$.{FILLED}', {note}) "
        "WHERE is_current = 1 AND date IS NULL AND symbol LIKE 'S/PV.%' "
        "AND EXISTS (SELECT 1 FROM meetings m WHERE m.symbol = documents.symbol "
        f"  AND m.date IS NOT NULL){only}",
        (run_id, *params),
    )
    return cur.rowcount


def fill_in_place(store: Store, run_id: int, symbols: Iterable[str]) -> dict[str, int]:
    """Fill the current versions of ``symbols`` (new versions an ingest run stored) as
    :func:`build_links` fills every document: the adoption meeting the library index names
    (:func:`fill_adoption_meetings`) and the meeting's date (:func:`fill_meeting_dates`),
    from the links and meetings already stored. A new version is a new parse, which never
    holds what was filled; without this it would lose it until ``actors links`` runs again.
    """
    wanted = sorted(set(symbols))
    if not wanted:
        return {}
    with store.transaction() as conn:
        counts = {
            "adoption_meetings_from_index": fill_adoption_meetings(conn, run_id, wanted),
            "meeting_dates_from_index": fill_meeting_dates(conn, run_id, wanted),
        }
    return {k: v for k, v in counts.items() if v}


def _only(symbols: Iterable[str] | None) -> tuple[str, list[str]]:
    """The ``AND`` clause (and its parameter) keeping the rows of ``symbols``, if given."""
    if symbols is None:
        return "", []
    return " AND symbol IN (SELECT value FROM json_each(?))", [json.dumps(sorted(set(symbols)))]


def adoption_meetings(store: Store, resolution: str) -> list[tuple[str, str]]:
    """``(meeting, evidence)`` pairs linking ``resolution`` to where it was adopted."""
    rows = store.conn.execute(
        "SELECT to_symbol, evidence FROM document_links WHERE from_symbol = ? "
        "AND relation = 'adopted_at' ORDER BY evidence",
        (resolution,),
    )
    return [(r[0], r[1]) for r in rows]


def adoption_coverage(store: Store, resolutions: Iterable[str]) -> tuple[int, list[str]]:
    """How many of ``resolutions`` link to an adoption meeting, and which do not."""
    linked = {
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT from_symbol FROM document_links WHERE relation = 'adopted_at'"
        )
    }
    wanted = list(dict.fromkeys(resolutions))
    missing = [s for s in wanted if s not in linked]
    return len(wanted) - len(missing), missing


def linked(store: Store, symbol: str) -> dict[str, Any]:
    """Everything linked to ``symbol``: adoption meetings, drafts, citations, same-item meetings.

    Returns a dict with ``adopted_at`` (meetings), ``drafts``, ``resolutions`` (for a
    draft), ``cites`` (what it cites), ``cited_by``, ``outcomes`` (for a meeting) and
    ``same_item`` (other meetings whose agenda items are this meeting's, or the adoption
    meeting's: :mod:`normtrace.store.topics`, the meeting index's once imported, so a
    verbatim record stored first is matched by its meeting's items, never by its own title).
    """

    def to(relation: str) -> list[str]:
        rows = store.conn.execute(
            "SELECT DISTINCT to_symbol FROM document_links WHERE from_symbol = ? AND relation = ?"
            " ORDER BY to_symbol",
            (symbol, relation),
        )
        return [r[0] for r in rows]

    def back(relation: str) -> list[str]:
        rows = store.conn.execute(
            "SELECT DISTINCT from_symbol FROM document_links WHERE to_symbol = ? AND relation = ?"
            " ORDER BY from_symbol",
            (symbol, relation),
        )
        return [r[0] for r in rows]

    meetings = to("adopted_at") or to("outcome_of") or [symbol]
    items = {t.items for t in meeting_topics(store, meetings).values()}
    where, params = agenda_prefilter(sorted({i[0] for i in items}))
    rows = store.conn.execute(
        f"SELECT symbol, topic, origin, meta FROM meetings WHERE {where} ORDER BY date, symbol",
        params,
    )
    agendas = (meeting_topic(r["symbol"], r["topic"], r["origin"], r["meta"]) for r in rows)
    same = [
        a.symbol for a in agendas if a is not None and a.items in items and a.symbol not in meetings
    ]
    return {
        "symbol": symbol,
        "adopted_at": to("adopted_at"),
        "drafts": back("draft_of"),
        "resolutions": to("draft_of"),
        "cites": to("cites"),
        "cited_by": back("cites"),
        "outcomes": back("adopted_at") + back("outcome_of"),
        "same_item": same,
    }
