"""The text a "done" mark read: a mark is a reading of words, not of a key.

Each ``done`` row of ``coding_reviews`` records the texts its coder read (``texts``: a JSON
object, unit key → text, of the unit, or at paragraph level of an operative or preambular
paragraph and its sub-paragraphs; migration 0015). The ``current_done_marks`` view, which
everything that reads marks reads, counts a mark only while every unit it read stands with
those words and no other unit is under it: when a new version of the document changes or
moves the words, the mark stops speaking for them (its candidates count again and its
negatives are gone) until its coder marks the new text; when the old text comes back, so
does the mark. Nothing is rewritten. Rows written before migration 0015 got the texts of
the version current when they were made; a row whose version could not be found has none
and counts by key, as before.

>>> from normtrace.store.db import Store
>>> stale_marks(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping

from normtrace.coding.levels import target_clause
from normtrace.store.db import Store


def read_texts(store: Store, key: str, level: str) -> str | None:
    """The texts a mark on ``key`` at ``level`` reads now, as stored (a JSON object, keys
    sorted), or ``None`` when no current unit is there."""
    clause, params = target_clause(key, level)
    rows = store.conn.execute(f"SELECT key, text FROM units WHERE {clause}", params)
    texts = {str(k): str(t) for k, t in rows}
    return _stored(texts) if texts else None


def _stored(texts: Mapping[str, str]) -> str:
    return json.dumps(dict(sorted(texts.items())), ensure_ascii=False)


def earlier_texts(
    store: Store,
    *,
    coder: str,
    codebook: str,
    level: str,
    key: str,
    codes: str | None,
    version: str,
) -> str | None:
    """The texts of ``coder``'s latest ``done`` row on ``key`` of this scope (``codes`` as
    stored) under codebook version ``version``: what an undo putting that mark back puts
    back (a mark restored on words changed since does not count)."""
    row = store.conn.execute(
        "SELECT texts FROM coding_reviews WHERE coder = ? AND codebook = ? AND level = ? "
        "AND unit_key = ? AND codes IS ? AND codebook_version = ? AND action = 'done' "
        "ORDER BY id DESC LIMIT 1",
        (coder, codebook, level, key, codes, version),
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


#: the latest row of each coder's mark (codebook, level, key, scope) when it is ``done`` but
#: not current: the text it read no longer stands (columns as ``coding_reviews``)
_STALE_SQL = (
    "SELECT r.* FROM coding_reviews r WHERE r.action = 'done' AND r.texts IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM coding_reviews l WHERE l.coder = r.coder "
    "AND l.codebook = r.codebook AND l.level = r.level AND l.unit_key = r.unit_key "
    "AND l.codes IS r.codes AND l.id > r.id) "
    "AND r.id NOT IN (SELECT id FROM current_done_marks)"
)


def stale_marks(
    store: Store, codebook: str, *, coder: str | None = None, level: str | None = None
) -> list[sqlite3.Row]:
    """The marks of ``codebook`` (by ``coder``, at ``level``, or all) that stopped counting
    because the text they read changed, by level, key and coder: each coder reads the unit
    again and marks it (or codes it)."""
    return store.conn.execute(
        f"SELECT * FROM ({_STALE_SQL}) WHERE codebook = ? AND (? IS NULL OR coder = ?) "
        "AND (? IS NULL OR level = ?) ORDER BY level, unit_key, coder",
        (codebook, coder, coder, level, level),
    ).fetchall()


def changed_marks(
    store: Store, keys: Iterable[str], before: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The marks on ``keys`` (the units of the documents an ingest stored a new version of,
    in both versions) that this version stopped or started counting, as ``KEY (coder)``:
    those whose texts matched ``before`` (the units of the versions it replaced, key →
    text) and now stand no more, and those whose texts did not and stand again (a file put
    back)."""
    wanted = json.dumps(sorted(set(keys)), ensure_ascii=False)
    rows = store.conn.execute(
        "SELECT r.id, r.coder, r.unit_key, r.texts, r.id IN (SELECT id FROM current_done_marks) "
        "AS stands FROM coding_reviews r WHERE r.action = 'done' AND r.texts IS NOT NULL "
        "AND r.unit_key IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM "
        "coding_reviews l WHERE l.coder = r.coder AND l.codebook = r.codebook "
        "AND l.level = r.level AND l.unit_key = r.unit_key AND l.codes IS r.codes "
        "AND l.id > r.id) ORDER BY r.unit_key, r.coder",
        (wanted,),
    ).fetchall()
    gone: list[str] = []
    back: list[str] = []
    for row in rows:
        read = json.loads(row["texts"])
        stood = all(before.get(k) == t for k, t in read.items())
        name = f"{row['unit_key']} ({row['coder']})"
        if stood and not row["stands"]:
            gone.append(name)
        elif row["stands"] and not stood:
            back.append(name)
    return tuple(dict.fromkeys(gone)), tuple(dict.fromkeys(back))
