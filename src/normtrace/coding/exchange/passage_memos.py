"""The memos a coding's row in a passages table shows: the coding's own, and those written on
its span after it was made (as the workbench writes them on a coding), also where a new
version of the text moved the coding (its earlier spans, along its ``reanchors`` chain)."""

from __future__ import annotations

import json

from normtrace.store.db import Store


def span_memos(
    store: Store, keys: set[str]
) -> dict[tuple[str, int, int], list[tuple[str, str | None, str]]]:
    """The memos written on spans of the units ``keys`` (memo events no undo took back, as
    the workbench writes them on a coding): (unit, start, end) -> [(coder, code, memo)]."""
    out: dict[tuple[str, int, int], list[tuple[str, str | None, str]]] = {}
    if not keys:
        return out
    rows = store.conn.execute(
        'SELECT coder, unit_key, start, "end", code, memo FROM effective_coding_events '
        "WHERE action = 'memo' AND start IS NOT NULL AND unit_key IN "
        "(SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(keys)),),
    )
    for r in rows:
        span = (str(r["unit_key"]), int(r["start"]), int(r["end"]))
        out.setdefault(span, []).append((str(r["coder"]), r["code"], str(r["memo"] or "")))
    return out


def earlier_spans(store: Store, refs: list[int]) -> dict[int, list[tuple[int, int]]]:
    """For each coding event of ``refs`` that a new version of its text moved, the spans it
    had before (along its ``reanchors`` chain): memos written on the coding there are still
    about it."""
    if not refs:
        return {}
    rows = store.conn.execute(
        "WITH RECURSIVE chain(ref, id) AS (SELECT id, reanchors FROM coding_events WHERE id IN "
        "(SELECT value FROM json_each(?)) AND reanchors IS NOT NULL UNION ALL SELECT chain.ref, "
        "e.reanchors FROM chain JOIN coding_events e ON e.id = chain.id WHERE e.reanchors IS "
        'NOT NULL) SELECT chain.ref, e.start, e."end" FROM chain JOIN coding_events e '
        "ON e.id = chain.id",
        (json.dumps(refs),),
    )
    out: dict[int, list[tuple[int, int]]] = {}
    for ref, start, end in rows:
        if start is not None and end is not None:
            out.setdefault(int(ref), []).append((int(start), int(end)))
    return out


def with_memos(
    memo: str | None, coder: str | None, written: list[tuple[str, str | None, str]], code: str
) -> str | None:
    """A coding's memo and the memos written on its span about its code (or about no code):
    the coder's own as written, a colleague's after their name; ``" | "`` between them."""
    parts = [memo] if memo else []
    for who, about, text in written:
        if text and about in (None, code):
            parts.append(text if who == coder else f"{who}: {text}")
    return " | ".join(parts) if parts else memo
