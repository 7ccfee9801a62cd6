"""What one ingest run replaced: the units whose words the coders' work may have read.

A run replaces units in two ways: it stores a new version of a document (every unit of the
version it replaced), or it stores a changed corpus speech file (or an edited one put back),
which supersedes that one speech of the meeting's corpus document in place (the document keeps
its version; ``speech_replacements`` names the row replaced). Both are
what :func:`~normtrace.coding.human.anchors.reanchor` reports on: marks that stopped or
started counting, accepts whose words changed, candidates off their words.

>>> from normtrace.store.db import Store
>>> replaced_units(Store.open(":memory:"), None)
Replaced(before={}, keys=set())
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.coding.units import has_table
from normtrace.store.db import Store
from normtrace.store.rows import version_units
from normtrace.store.shrunk import NOT_HELD


@dataclass(frozen=True)
class Replaced:
    """``before``: the replaced units' texts (key → text); ``keys``: the keys of the old and
    the new units (a unit the new version dropped, or one it added)."""

    before: dict[str, str]
    keys: set[str]


def replaced_units(store: Store, run_id: int | None) -> Replaced:
    """The units run ``run_id`` replaced (nothing without a run)."""
    out = Replaced({}, set())
    if run_id is None:
        return out
    docs = store.conn.execute(
        "SELECT id, symbol, edition FROM documents WHERE run_id = ? AND is_current = 1 "
        "AND version > 1",
        (run_id,),
    ).fetchall()
    for doc in docs:
        replaced = store.conn.execute(
            "SELECT id FROM documents WHERE symbol = ? AND edition IS ? AND version < "
            f"(SELECT version FROM documents WHERE id = ?) AND {NOT_HELD.format('documents')} "
            "ORDER BY version DESC LIMIT 1",  # a version held back was never current
            (doc["symbol"], doc["edition"], doc["id"]),
        ).fetchone()
        old = unit_texts(store, int(replaced[0])) if replaced is not None else {}
        out.before.update(old)
        out.keys.update(set(old) | set(unit_texts(store, int(doc["id"]))))
    # corpus speeches this run superseded in place, by a changed file or by one put back (the
    # row it made current again): the row each replaced (the first, if several in one run)
    if not has_table(store, "speech_replacements"):  # a project of schema 15 or before
        return out
    speeches = store.conn.execute(
        "SELECT s.key, o.text AS old FROM speech_replacements r "
        "JOIN speeches s ON s.id = r.speech_id JOIN speeches o ON o.id = r.replaced_id "
        "WHERE r.run_id = ? ORDER BY r.id",
        (run_id,),
    ).fetchall()
    for row in speeches:
        out.before.setdefault(str(row["key"]), str(row["old"]))
        out.keys.add(str(row["key"]))
    return out


def unit_texts(store: Store, document_id: int) -> dict[str, str]:
    """Unit key → text of one stored version of a document (its paragraphs and speeches), in
    document order (the order targets at ``paragraph`` level join their units in;
    :func:`~normtrace.store.rows.version_units`, the units a held-back version is measured on)."""
    return dict(version_units(store.conn, document_id))
