"""The dictionary's current candidates as a coder reads them: each with its status (what the
counts make of it) and the coders' verdicts; what ``normtrace code list`` prints."""

from __future__ import annotations

from typing import Any

from normtrace.coding.placed import placed_sql
from normtrace.store.db import Store


def candidate_rows(
    store: Store, *, unit_key: str | None = None, code: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Current candidates with ``status`` (``rejected``: some coder rejected it, so it counts
    nowhere; ``accepted``; ``absent``: a "done" mark for its code reads it as absent; ``gone``:
    a new version of the text moved or changed its words; ``pending``) and ``verdicts``
    (``coder:verdict``; the web and :func:`candidate_status` agree)."""
    sql = (
        'SELECT a.id, a.unit_key, a.start, a."end", a.code, a.snippet, a.entry, a.codebook, '
        "a.codebook_version, (SELECT group_concat(v.coder || ':' || v.verdict, ' ') FROM "
        "current_verdicts v WHERE v.unit_key = a.unit_key AND v.code = a.code AND v.start = "
        'a.start AND v."end" = a."end" AND v.snippet = a.snippet AND v.codebook IS a.codebook) '
        "AS verdicts, EXISTS (SELECT 1 FROM codings c WHERE c.source = 'auto' AND c.ref_id = "
        f"a.id AND c.unit_key = a.unit_key) AS counted, {placed_sql('a')} AS placed "
        "FROM (SELECT * FROM current_auto_codings "
        "WHERE (? IS NULL OR unit_key = ?) AND (? IS NULL OR code = ?) "
        "ORDER BY unit_key, start LIMIT ?) a ORDER BY a.unit_key, a.start"
    )  # the limit first: the status of the rows shown only
    rows = []
    for r in store.conn.execute(sql, (unit_key, unit_key, code, code, limit)):
        row = dict(zip(r.keys(), tuple(r), strict=True))
        row["verdicts"] = " ".join(sorted((row["verdicts"] or "").split()))
        row["status"] = candidate_status(
            row["verdicts"], bool(row.pop("counted")), placed=bool(row.pop("placed"))
        )
        rows.append(row)
    return rows


def candidate_status(verdicts: str, counted: bool, *, placed: bool = True) -> str:
    """A candidate's status from its ``coder:verdict`` list and whether any count holds it;
    ``gone`` when its words are no longer at its span (a new version of the text: `code apply`
    proposes from the new one)."""
    if not placed:
        return "gone"
    said = {v.rsplit(":", 1)[1] for v in verdicts.split()}
    if "reject" in said:
        return "rejected"
    if "accept" in said:
        return "accepted"
    return "pending" if counted else "absent"
