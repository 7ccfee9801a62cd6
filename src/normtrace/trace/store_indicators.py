"""Store-reading wrappers that feed the indicator functions with a case's data.

Each returns the plain inputs of a function in :mod:`normtrace.trace.indicators`,
read from the tables of the actors (``speech_roles``), coding (``codings``) and
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
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from normtrace.reuse.aggregate import case_aggregate
from normtrace.reuse.roles import unit_role
from normtrace.store.db import Store
from normtrace.trace.indicators import FrameEvent, MeetingSpeech, ParagraphSources, RoleSpeech
from normtrace.trace.store_trace import CaseWindow, case_documents


def _doc_ids(store: Store, case: CaseWindow) -> dict[int, dict[str, Any]]:
    return {d["id"]: d for d in case_documents(store, case)}


def _in(ids: Sequence[object]) -> str:
    return ",".join("?" * len(ids))


def frame_events(store: Store, case: CaseWindow) -> list[FrameEvent]:
    """Coded spans of the case documents as dated, role-tagged frame events (one per unit)."""
    docs = _doc_ids(store, case)
    ids = list(docs)
    if not ids:
        return []
    sql = (
        "SELECT DISTINCT c.code, c.unit_key, u.document_id, u.unit_type, u.doc_type, r.role "
        "FROM codings c JOIN units u ON u.key = c.unit_key "
        "LEFT JOIN speech_roles r ON r.speech_key = u.key AND r.is_current = 1 "
        f"WHERE u.document_id IN ({_in(ids)})"
    )
    return [
        FrameEvent(
            docs[row["document_id"]]["date"],
            unit_role(row["unit_type"], row["doc_type"], row["role"]),
            row["code"],
            row["unit_key"],
        )
        for row in store.conn.execute(sql, ids)
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
