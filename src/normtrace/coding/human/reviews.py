"""Reviews: "done, nothing (else) applies" — a coder looked at a unit for a codebook's codes.

A review makes negatives possible: every code of the codebook that the coder did
not apply to a reviewed unit (or paragraph, at ``paragraph`` level) is absent there.
Reviews are append-only rows of ``coding_reviews`` (the table refuses updates).

>>> from normtrace.store.db import Store
>>> reviewed_keys(Store.open(":memory:"), "frames", "paragraph")
set()
"""

from __future__ import annotations

from collections.abc import Iterable

from normtrace.coding.levels import check_level, target_clause
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now


def codebook_version(store: Store, codebook: str) -> str:
    """The latest registered version of codebook ``codebook``."""
    row = store.conn.execute(
        "SELECT version FROM codebooks WHERE name = ? ORDER BY id DESC LIMIT 1", (codebook,)
    ).fetchone()
    if row is None:
        raise NotFoundError("codebook", codebook, hint="register it with `normtrace code apply`")
    return str(row["version"])


def mark_done(
    store: Store,
    *,
    coder: str,
    codebook: str,
    unit_keys: Iterable[str],
    level: str = "unit",
    source: str = "manual",
) -> int:
    """Record that ``coder`` reviewed these units (or paragraphs) for ``codebook``.

    Returns the number of review rows written (one per key, in one transaction).

    Raises:
        NotFoundError: the codebook is not registered, or a key is no unit (paragraph).
        CodingError: the coder name is blank.
    """
    check_level(level)
    if not coder or not coder.strip():
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    version = codebook_version(store, codebook)
    keys = list(dict.fromkeys(unit_keys))
    for key in keys:
        _check_key(store, key, level)
    at = utc_now()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO coding_reviews (at, coder, codebook, codebook_version, level, unit_key, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(at, coder.strip(), codebook, version, level, k, source) for k in keys],
        )
    return len(keys)


def reviewed_keys(store: Store, codebook: str, level: str, *, coder: str | None = None) -> set[str]:
    """The unit (paragraph) keys reviewed for ``codebook`` at ``level``, by anyone or ``coder``."""
    rows = store.conn.execute(
        "SELECT DISTINCT unit_key FROM coding_reviews WHERE codebook = ? AND level = ? "
        "AND (? IS NULL OR coder = ?)",
        (codebook, check_level(level), coder, coder),
    )
    return {str(r["unit_key"]) for r in rows}


def _check_key(store: Store, key: str, level: str) -> None:
    clause, params = target_clause(key, level)
    row = store.conn.execute(f"SELECT 1 FROM units WHERE {clause} LIMIT 1", params).fetchone()
    if row is None:
        raise NotFoundError(
            "unit" if level == "unit" else "paragraph",
            key,
            hint="list units with `normtrace show SYMBOL`",
        )
