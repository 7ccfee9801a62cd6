"""Store-reading wrappers that feed the indicator functions with a case's data.

Each returns the plain inputs of a function in :mod:`normtrace.trace.indicators`,
read from the tables of the actors (``speech_roles``), coding (the coded spans the case
report reads, :meth:`normtrace.trace.books.CodingScope.sql`, by the rule of every count) and
reuse (``reuse_links``) stages, restricted to the case documents
(:func:`~normtrace.trace.store_trace.case_documents`).

* :func:`frame_events` — every coded span of a case document as a
  :class:`~normtrace.trace.indicators.FrameEvent`. A speech takes its recorded role
  (``unknown`` when the actors stage has not resolved it); a document paragraph takes
  the role of its document type (:func:`normtrace.reuse.roles.unit_role`: a report is
  ``secretariat``, a resolution ``resolution`` …).
* :func:`meeting_speeches` — the speeches of case meetings with their roles.
* :func:`endorsing_speeches` — speeches at the meetings where a case resolution was
  adopted. A state endorses the mandate unless the record's vote lists it as voting
  against or abstaining (its affiliation, as printed, is matched case-insensitively
  against the printed vote lists); speakers without an affiliation count as endorsing.
* :func:`operative_sources` — the reuse case aggregate of the key resolution.
* :func:`resolution_units` — a resolution's current paragraphs and sub-paragraphs
  (:class:`~normtrace.trace.mandate.ResolutionUnit`), for the credit grammar and task counts.
* :func:`mandate_series` — the mission's stored mandate resolutions up to a date, each with
  its task count (a task given by reference counts what it points at in a stored resolution:
  :func:`resolution_lookup`) and safeguard units (core-principles codings, else the safeguard
  patterns).
* :func:`case_outcomes` — the Council outcomes on the case (key resolutions, other case
  resolutions, failed drafts on the case's agenda) with the vote the meeting index prints
  and the dissenters a record or the veto list names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from normtrace.coding.units import genre
from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.roles import unit_role
from normtrace.reuse.store_reuse import store_mandates, stored_resolutions
from normtrace.store.db import Store
from normtrace.store.topics import meeting_topic
from normtrace.trace.books import coding_scope
from normtrace.trace.indicators import (
    SAFEGUARD_PATTERNS,
    FrameEvent,
    MeetingSpeech,
    ParagraphSources,
    RoleSpeech,
)
from normtrace.trace.mandate import ResolutionUnit, TaskCount, count_tasks
from normtrace.trace.store_trace import CaseWindow, case_documents
from normtrace.trace.task_refs import Lookup
from normtrace.trace.votes import Outcome


def _doc_ids(store: Store, case: CaseWindow) -> dict[int, dict[str, Any]]:
    return {d["id"]: d for d in case_documents(store, case)}


def _in(ids: Sequence[object]) -> str:
    return ",".join("?" * len(ids))


#: SQL (and its parameters) of the coded spans read: ``unit_key, start, end, code, snippet``
#: (:meth:`normtrace.trace.books.CodingScope.sql`: by default, :func:`~normtrace.trace.books.
#: coding_scope`'s, what the case report reads)
Coded = tuple[str, tuple[str, ...]]


def frame_events(store: Store, case: CaseWindow, coded: Coded | None = None) -> list[FrameEvent]:
    """Coded spans of the case documents (of ``coded``, by default what the case report
    reads: :func:`~normtrace.trace.books.coding_scope`) as dated, role-tagged frame events
    (one per unit)."""
    coded = coding_scope(store).sql() if coded is None else coded
    docs = _doc_ids(store, case)
    ids = list(docs)
    if not ids:
        return []
    sql = (
        "SELECT DISTINCT c.code, c.unit_key, u.document_id, u.unit_type, u.doc_type, r.role "
        f"FROM ({coded[0]}) c JOIN units u ON u.key = c.unit_key "
        "LEFT JOIN speech_roles r ON r.speech_key = u.key AND r.is_current = 1 "
        f"WHERE u.document_id IN ({_in(ids)})"
    )
    return [
        FrameEvent(
            docs[row["document_id"]]["date"],
            unit_role(
                row["unit_type"], row["doc_type"], row["role"], docs[row["document_id"]]["title"]
            ),  # fmt: skip
            row["code"],
            row["unit_key"],
            genre(row["unit_type"], row["doc_type"], docs[row["document_id"]]["date"]),
        )
        for row in store.conn.execute(sql, [*coded[1], *ids])
    ]


def meeting_speeches(store: Store, case: CaseWindow) -> list[MeetingSpeech]:
    """Speeches of the case documents with a recorded role, in record order."""
    ids = list(_doc_ids(store, case))
    if not ids:
        return []
    sql = (
        "SELECT u.key, u.symbol, u.ord, u.text, r.role FROM units u "
        "JOIN speech_roles r ON r.speech_key = u.key AND r.is_current = 1 "
        f"WHERE u.unit_type = 'speech' AND u.document_id IN ({_in(ids)}) ORDER BY u.symbol, u.ord"
    )
    return [
        MeetingSpeech(row["symbol"], int(row["ord"]), row["role"], row["key"], row["text"])
        for row in store.conn.execute(sql, ids)
    ]


def endorsing_speeches(store: Store, case: CaseWindow) -> list[RoleSpeech]:
    """Speeches at the adoption meetings of the case resolutions, marked endorsing or not."""
    docs = _doc_ids(store, case).values()
    meetings = sorted(
        {d["meeting"] for d in docs if d["doc_type"] == "resolution" and d["meeting"]}
    )
    if not meetings:
        return []
    sql = (
        "SELECT u.key, u.text, u.affiliation, r.role, d.meta FROM units u "
        "JOIN documents d ON d.id = u.document_id "
        "JOIN speech_roles r ON r.speech_key = u.key AND r.is_current = 1 "
        f"WHERE u.unit_type = 'speech' AND u.symbol IN ({_in(meetings)}) ORDER BY u.symbol, u.ord"
    )
    out = []
    for row in store.conn.execute(sql, meetings):
        dissent = _dissenters(row["meta"])
        endorses = not _named(row["affiliation"], dissent)
        out.append(RoleSpeech(row["key"], row["role"], row["text"], endorses))
    return out


def _dissenters(meta_json: str | None) -> list[str]:
    meta = json.loads(meta_json or "{}")
    names: list[str] = []
    for vote in meta.get("votes") or []:
        names.extend(str(n) for n in (vote.get("against") or []) + (vote.get("abstaining") or []))
    return names


def _named(affiliation: str | None, names: list[str]) -> bool:
    if not affiliation:
        return False
    aff = affiliation.casefold()
    return any(aff in n.casefold() or n.casefold() in aff for n in names)


def operative_sources(store: Store, resolution: str) -> list[ParagraphSources]:
    """The key resolution's operative paragraphs with words per earliest source (reuse)."""
    aggregate = case_aggregate(store, resolution)
    return [ParagraphSources(p.key, p.words, dict(p.counts)) for p in aggregate.paragraphs]


def resolution_units(store: Store, symbol: str) -> list[ResolutionUnit]:
    """The current paragraphs and sub-paragraphs of resolution ``symbol``, in order."""
    rows = store.conn.execute(
        "SELECT p.key, p.kind, p.parent_key, p.text FROM paragraphs p "
        "JOIN documents d ON d.id = p.document_id "
        "WHERE d.symbol = ? AND d.is_current = 1 AND p.speech_id IS NULL ORDER BY p.ord",
        (symbol,),
    ).fetchall()
    return [ResolutionUnit(r["key"], r["kind"], r["parent_key"], r["text"]) for r in rows]


def resolution_lookup(store: Store) -> Lookup:
    """A stored resolution by number (and year when given): its symbol and units, or None when
    the project holds none (or, with no year, several) of that number."""

    def find(number: str, year: str | None) -> tuple[str, list[ResolutionUnit]] | None:
        if year is not None:
            symbols = [f"S/RES/{number} ({year})"]
        else:
            rows = store.conn.execute(
                "SELECT DISTINCT symbol FROM documents WHERE symbol LIKE ? AND is_current = 1",
                (f"S/RES/{number} (%",),
            ).fetchall()
            symbols = [str(r["symbol"]) for r in rows]
        if len(symbols) != 1:
            return None
        units = resolution_units(store, symbols[0])
        return (symbols[0], units) if units else None

    return find


def resolution_date(store: Store, symbol: str) -> str | None:
    """The adoption date of a stored resolution (None when it is not in the project)."""
    row = store.conn.execute(
        "SELECT date FROM documents WHERE symbol = ? AND is_current = 1", (symbol,)
    ).fetchone()
    return str(row["date"]) if row and row["date"] else None


def mission_of_resolution(store: Store, symbol: str) -> str | None:
    """The mission whose mandate a stored resolution decides (:mod:`normtrace.reuse.mission`)."""
    found = store_mandates(store)(symbol)
    return found.mission if found else None


def mandate_series(
    store: Store,
    mission: str,
    until: str,
    safeguard_codes: Sequence[str],
    coded: Coded | None = None,
) -> tuple[list[TaskCount], str]:
    """Task counts of ``mission``'s stored mandate resolutions adopted up to ``until``: the
    tasks of the paragraphs that give ``mission`` its tasks (:func:`count_tasks`), a task
    given by reference counting what it points at in the project's resolutions.

    Safeguard units are units coded with ``safeguard_codes`` (in ``coded``) when the project
    holds any such coding of these resolutions (source ``codings``), else units matching the
    safeguard patterns (source ``patterns``).
    """
    mandate = store_mandates(store)
    symbols = [
        (day, s)
        for day, s in stored_resolutions(store)
        if day and day <= until and (m := mandate(s)) is not None and m.mission == mission
    ]
    units = {s: resolution_units(store, s) for _, s in symbols}
    keys = [u.key for us in units.values() for u in us]
    coded = coding_scope(store).sql() if coded is None else coded
    found = _coded_keys(store, keys, safeguard_codes, coded)
    source = "codings" if found else "patterns"
    series = []
    lookup = resolution_lookup(store)
    for day, symbol in symbols:
        rows = units[symbol]
        if source == "codings":
            safe = [u.key for u in rows if u.key in found]
        else:
            safe = [u.key for u in rows if _safeguard(u.text)]
        series.append(count_tasks(symbol, day, rows, safe, mission, lookup))
    return series, source


def _safeguard(text: str) -> bool:
    return any(rx.search(text) for rx in SAFEGUARD_PATTERNS.values())


def _coded_keys(store: Store, keys: Sequence[str], codes: Sequence[str], coded: Coded) -> set[str]:
    if not keys or not codes:
        return set()
    found: set[str] = set()
    code_marks = _in(codes)
    for start in range(0, len(keys), 400):
        chunk = list(keys[start : start + 400])
        sql = (
            f"SELECT DISTINCT unit_key FROM ({coded[0]}) c WHERE unit_key IN ({_in(chunk)}) "
            f"AND code IN ({code_marks})"
        )
        params = [*coded[1], *chunk, *codes]
        found.update(r["unit_key"] for r in store.conn.execute(sql, params))
    return found


def _decision_unit(store: Store, symbol: str) -> str | None:
    """The operative paragraph a vote adopted: the first ``Decides ...`` one, else op1."""
    rows = store.conn.execute(
        "SELECT p.key, p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id "
        "WHERE d.symbol = ? AND d.is_current = 1 AND p.kind = 'operative' ORDER BY p.ord",
        (symbol,),
    ).fetchall()
    for r in rows:
        if re.match(r"\s*(?:Further\s+)?decides\b", r["text"], re.IGNORECASE):
            return str(r["key"])
    return str(rows[0]["key"]) if rows else None


def case_outcomes(store: Store, case: CaseWindow, symbols: Sequence[str]) -> list[Outcome]:
    """Outcomes of the case in the meeting index: each of ``symbols`` (resolutions), and
    every failed draft (vetoed, not adopted) at a meeting of the window whose agenda items
    name a case term as a word (read as every surface reads them:
    :func:`normtrace.store.topics.meeting_topic`, the index's once imported, never a verbatim
    record's own title)."""
    rows = store.conn.execute(
        "SELECT symbol, date, topic, origin, outcome, meta FROM meetings "
        "WHERE date BETWEEN ? AND ?",
        (case.start, case.end),
    ).fetchall()
    by_outcome: dict[str, tuple[Any, str]] = {}
    failed: list[Outcome] = []
    terms = [re.compile(rf"\b{re.escape(t)}\b", re.IGNORECASE) for t in case.terms]
    for r in rows:
        meta = json.loads(r["meta"] or "{}")
        # the index's row of a meeting whose record was stored first is kept under
        # meta.library_index (normtrace.actors.links.import_meeting_index)
        index = meta.get("library_index", meta)
        outcomes, votes = index.get("outcomes") or [], index.get("votes") or []
        for i, symbol in enumerate(outcomes):
            vote = votes[i] if i < len(votes) else ""
            by_outcome.setdefault(symbol, (r, vote))
        agenda = meeting_topic(r["symbol"], r["topic"], r["origin"], meta)
        named = agenda is not None and any(agenda.names(rx) for rx in terms)
        for veto in meta.get("vetoes") or []:
            if named:
                failed.append(
                    Outcome(str(veto.get("draft") or r["symbol"]), r["symbol"], r["date"],
                            "vetoed", None, vetoed_by=tuple(veto.get("members") or ()))
                )  # fmt: skip
        for i, symbol in enumerate(outcomes):
            vote = votes[i] if i < len(votes) else ""
            if (
                named
                and not symbol.startswith("S/RES/")
                and re.search(r"not adopted|veto", vote, re.IGNORECASE)
            ):
                failed.append(Outcome(symbol, r["symbol"], r["date"], vote))
    out = []
    for symbol in symbols:
        if symbol not in by_outcome:
            continue
        row, vote = by_outcome[symbol]
        against, abstaining = _recorded_dissent(store, row["symbol"], symbol)
        out.append(
            Outcome(symbol, row["symbol"], row["date"], vote, _decision_unit(store, symbol),
                    against, abstaining)
        )  # fmt: skip
    unique = {o.symbol: o for o in reversed(failed)}
    return out + sorted(unique.values(), key=lambda o: (o.date, o.symbol))


def _recorded_dissent(store: Store, meeting: str, resolution: str) -> tuple[tuple[str, ...], ...]:
    """States voting against and abstaining on ``resolution`` as the meeting's record prints."""
    row = store.conn.execute(
        "SELECT meta FROM documents WHERE symbol = ? AND is_current = 1 AND meta LIKE '%votes%'",
        (meeting,),
    ).fetchone()
    if row is None:
        return (), ()
    for vote in json.loads(row["meta"] or "{}").get("votes") or []:
        if vote.get("resolution") == resolution:
            return tuple(vote.get("against") or ()), tuple(vote.get("abstaining") or ())
    return (), ()
