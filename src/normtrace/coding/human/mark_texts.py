"""The text a "done" mark read: a mark is a reading of words, not of a key.

Each ``done`` row of ``coding_reviews`` records the texts its coder read (``texts``: a JSON
object, unit key → text, of the unit, or at paragraph level of the paragraph and its
sub-paragraphs, :func:`~normtrace.coding.levels.target_clause`; migration 0015). The
``current_done_marks`` view, which everything that reads marks reads, counts a mark only while
every unit it read stands with those words and no other unit is under it (a sub-paragraph by
the rule of :mod:`~normtrace.coding.levels`, migration 0018: a mark of a whole report
paragraph stops when a new version adds a lettered sub-paragraph; one that read a report
paragraph's own unit alone, as marks made before stop 41 did, reads that unit,
:func:`~normtrace.coding.human.mark_reach.reading`): when a new version of the document changes or
moves the words, the mark stops speaking for them (its candidates count again and its
negatives are gone) until its coder marks the new text; when the old text comes back, so
does the mark (a coder's reading of those words counts again, even if they marked the
changed words in between, unless they withdrew the mark since). Nothing is rewritten. Rows
written before migration 0015 got the texts of the version current when they were made; a
row whose version could not be found has none and counts by key, as before.

>>> from normtrace.store.db import Store
>>> Store.open(":memory:").conn.execute(STALE_SQL).fetchall()
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
    # a key both editions hold (a meeting's record and the corpus): the record's words, as
    # the unit page shows them (the last of the rows wins)
    rows = store.conn.execute(
        f"SELECT key, text FROM units WHERE {clause} ORDER BY edition = 'record'", params
    )
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


#: the same coder, codebook, level, key and scope as the row ``r`` (SQL, on alias ``{o}``)
_GROUP = (
    "{o}.coder = r.coder AND {o}.codebook = r.codebook AND {o}.level = r.level "
    "AND {o}.unit_key = r.unit_key AND {o}.codes IS r.codes"
)
#: the columns of a mark's group, key and coder first (:func:`changed_marks`)
_GROUP_COLUMNS = ("unit_key", "coder", "codebook", "level", "codes")
#: SQL of the latest row of each coder's mark (codebook, level, key, scope) when it is ``done``
#: but no mark of the group counts: the words it read no longer stand, nor do those of an earlier
#: reading, and no mark moved with its coder's coding carries it (``moves``,
#: :mod:`~normtrace.coding.human.mark_moves`) (columns as ``coding_reviews``).
#: A row a move wrote (``moved_with``: a mark carried to this key, or its withdrawal when the
#: move was undone) is no later reading of the words the key held: it hides no other row of the
#: group but the one it withdraws, and counting there speaks only for itself and the mark it
#: carries, so the coder's own mark of the key a move lands on is still asked for (settled in
#: any order).
#: A carried mark is the move's row from then on, until the move is undone (its withdrawal
#: names the same ``moved_with``): when the words at the new key change too, the move's row is
#: the stale one, listed once where the coder last put it, never the carried row again on the
#: key its words left long since; when the coder marks the new key again, or withdraws the
#: moved mark there, the carried row is not asked for either.
STALE_SQL = (
    "SELECT r.* FROM coding_reviews r WHERE r.action = 'done' AND r.texts IS NOT NULL "
    f"AND NOT EXISTS (SELECT 1 FROM coding_reviews l WHERE {_GROUP.format(o='l')} "
    "AND l.id > r.id AND (l.moved_with IS NULL OR l.moved_with = r.moved_with)) "
    f"AND NOT EXISTS (SELECT 1 FROM current_done_marks c WHERE {_GROUP.format(o='c')} "
    "AND (c.moved_with IS NULL OR c.id = r.id OR c.moves = r.id)) "
    "AND NOT EXISTS (SELECT 1 FROM coding_reviews m WHERE m.moves = r.id AND m.action = 'done' "
    "AND NOT EXISTS (SELECT 1 FROM coding_reviews w WHERE w.coder = m.coder "
    "AND w.codebook = m.codebook AND w.level = m.level AND w.unit_key = m.unit_key "
    "AND w.codes IS m.codes AND w.id > m.id AND w.action = 'undone' "
    "AND w.moved_with = m.moved_with))"
)


def changed_marks(
    store: Store, keys: Iterable[str], before: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The marks on ``keys`` (the units an ingest replaced, :mod:`.replaced`,
    in both versions) that this version stopped or started counting, as ``KEY (coder)``:
    a coder's mark (codebook, level, key, scope) one of whose readings since its last
    withdrawal (a move's withdrawal withdraws only the mark it moved, migration 0031) matched
    ``before`` (the units of the versions it replaced, key → text) and
    that counts no more, and one that counts again though none did (a file put back)."""
    wanted = json.dumps(sorted(set(keys)), ensure_ascii=False)
    rows = store.conn.execute(
        "SELECT r.coder, r.codebook, r.level, r.unit_key, r.codes, r.action, r.texts, "
        "r.moved_with, r.id IN (SELECT id FROM current_done_marks) AS counts FROM coding_reviews r "
        "WHERE r.unit_key IN (SELECT value FROM json_each(?)) ORDER BY r.id",
        (wanted,),
    ).fetchall()
    groups: dict[tuple[str, ...], list[sqlite3.Row]] = {}
    for row in rows:
        group = tuple(str(row[c] or "") for c in _GROUP_COLUMNS)
        if row["action"] == "undone" and row["moved_with"] is not None:
            # a move undone: the mark it moved is withdrawn, the coder's own readings are not
            kept = [r for r in groups.get(group, []) if r["moved_with"] != row["moved_with"]]
            groups[group] = kept
        elif row["action"] == "undone":
            groups[group] = []  # withdrawn: the readings before it say nothing
        else:
            groups.setdefault(group, []).append(row)
    gone: list[str] = []
    back: list[str] = []
    for (key, coder, *_), readings in groups.items():
        if not readings or any(r["texts"] is None for r in readings):
            continue  # withdrawn, or kept by key (written before its texts were recorded)
        stood = any(all(before.get(k) == t for k, t in json.loads(r["texts"]).items())
                    for r in readings)  # fmt: skip
        counts = any(r["counts"] for r in readings)
        name = f"{key} ({coder})"
        if stood and not counts:
            gone.append(name)
        elif counts and not stood:
            back.append(name)
    return tuple(dict.fromkeys(gone)), tuple(dict.fromkeys(back))


def words_now_at(store: Store, review_id: int) -> str | None:
    """Where the words the mark ``review_id`` read on its own key stand now, when a new
    version moved them to exactly one other unit (a paragraph inserted before them; its old
    key may be gone), else ``None``: the key to read and mark again."""
    row = store.conn.execute(
        "SELECT unit_key, texts FROM coding_reviews WHERE id = ?", (review_id,)
    ).fetchone()
    if row is None or row["texts"] is None:
        return None
    own = json.loads(row["texts"]).get(row["unit_key"])
    return None if own is None else moved_to(store, str(row["unit_key"]), str(own))


def moved_to(store: Store, unit_key: str, old: str) -> str | None:
    """The one other paragraph of ``unit_key``'s current document whose text is ``old`` (the
    text a coding or a mark was made on), when a new version shifted the document's keys;
    else ``None``. The document is the current version of the one (symbol and edition) any
    stored version of which held ``unit_key``: the key may be gone from the new version (a
    paragraph without sub-paragraphs inserted before ``op4/b``)."""
    rows = store.conn.execute(
        "SELECT p.key FROM paragraphs p WHERE p.speech_id IS NULL AND p.key <> ? AND p.text = ? "
        "AND p.document_id IN (SELECT c.id FROM paragraphs q JOIN documents e ON "
        "e.id = q.document_id JOIN documents c ON c.symbol = e.symbol AND c.edition IS "
        "e.edition AND c.is_current = 1 WHERE q.key = ?) LIMIT 2",
        (unit_key, old, unit_key),
    ).fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None
