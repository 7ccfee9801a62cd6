"""The review marks an exchange file carries: current "done, nothing (else) applies" marks.

A mark (a row of ``coding_reviews``) says a coder reviewed a unit, or a whole paragraph
at ``paragraph`` level, for a codebook: the codebook's codes that coder did not apply
there are negatives. Tables (:mod:`normtrace.coding.exchange.tables`) write each current
mark once, by coder, level and key, with the time of its first row. A project whose
``coding_reviews`` has an ``action`` column (marks that can be withdrawn) counts a mark
while that coder's latest row for it is ``done``.

>>> from normtrace.store.db import Store
>>> review_marks(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class Mark:
    """One current review mark."""

    id: int
    codebook: str
    coder: str
    level: str
    unit_key: str
    at: str


def marks_sql(store: Store) -> str | None:
    """SQL of the current marks (columns ``id, at, coder, codebook, level, unit_key``; one row
    per codebook, coder, level and key), or ``None`` when the project keeps no reviews."""
    if not has_table(store, "coding_reviews"):
        return None
    columns = {r["name"] for r in store.conn.execute("PRAGMA table_info(coding_reviews)")}
    first = (
        "SELECT min(id) AS id, min(at) AS at, coder, codebook, level, unit_key "
        "FROM coding_reviews GROUP BY codebook, coder, level, unit_key"
    )
    if "action" not in columns:
        return first
    # withdrawable marks: current while the coder's latest row for the key is 'done'
    return (
        f"SELECT f.* FROM ({first}) f JOIN coding_reviews r ON r.id = (SELECT max(l.id) "
        "FROM coding_reviews l WHERE l.codebook = f.codebook AND l.coder = f.coder "
        "AND l.level = f.level AND l.unit_key = f.unit_key) WHERE r.action = 'done'"
    )


def review_marks(store: Store, codebook: str, *, coder: str | None = None) -> list[Mark]:
    """The current marks of ``codebook`` (by ``coder``, or everyone's), by level, key, coder."""
    sql = marks_sql(store)
    if sql is None:
        return []
    rows = store.conn.execute(
        f"SELECT * FROM ({sql}) WHERE codebook = ? AND (? IS NULL OR coder = ?) "
        "ORDER BY level, unit_key, coder",
        (codebook, coder, coder),
    )
    return [
        Mark(int(r["id"]), str(r["codebook"]), str(r["coder"]), str(r["level"]),
             str(r["unit_key"]), str(r["at"]))
        for r in rows
    ]  # fmt: skip


def marked_codebooks(store: Store) -> list[str]:
    """The codebooks that hold current marks, by name."""
    sql = marks_sql(store)
    if sql is None:
        return []
    rows = store.conn.execute(f"SELECT DISTINCT codebook FROM ({sql}) ORDER BY 1")
    return [str(r[0]) for r in rows]
