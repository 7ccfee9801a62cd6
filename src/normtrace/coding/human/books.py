"""Which codebook a human coding is work for.

Codebooks may share a code id (a researcher's own codebook keeping the default's ``poc``, as
FRAMES.md asks). A coding records the codebook version it was made under; its codebook is
the one the coder named (``code add --codebook``, the codebook of an import, the candidate
an accept is about, the moved coding's), else the first registered codebook whose current
version holds the code (:func:`coding_codebooks`), however often either is applied again.
"""

from __future__ import annotations

from normtrace.errors import CodingError
from normtrace.store.db import Store


def book_of(store: Store, version: str | None) -> str | None:
    """The codebook a version belongs to (``None`` for no stored version)."""
    row = store.conn.execute("SELECT name FROM codebooks WHERE version = ?", (version,)).fetchone()
    return None if row is None else str(row[0])


def coding_codebooks(store: Store, code: str) -> list[str]:
    """The codebooks whose current version holds ``code``, the first registered first: the
    one a coding of ``code`` is work for when no codebook is named (:func:`add_code`)."""
    rows = store.conn.execute(
        "SELECT b.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND b.id IN (SELECT id FROM current_codebooks) "
        "ORDER BY (SELECT min(f.id) FROM codebooks f WHERE f.name = b.name), b.name",
        (code,),
    ).fetchall()
    return list(dict.fromkeys(str(r[0]) for r in rows))


def code_version(store: Store, code: str, codebook: str | None = None) -> str:
    """The version a coding of ``code`` records: ``codebook``'s latest that has the code;
    without ``codebook``, that of the first registered codebook whose current version has it
    (:func:`coding_codebooks`: a code id two codebooks share stays with one of them, however
    often either is applied again), else the newest version of any codebook that had it."""
    if codebook is None:
        holders = coding_codebooks(store, code)
        codebook = holders[0] if holders else None
    row = store.conn.execute(
        "SELECT b.version FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND (? IS NULL OR b.name = ?) "
        "ORDER BY b.id IN (SELECT id FROM current_codebooks) DESC, b.id DESC LIMIT 1",
        (code, codebook, codebook),
    ).fetchone()
    if row is None and codebook is not None:
        raise CodingError(
            f"code {code!r} is not in codebook {codebook!r}; codebooks that have it: "
            f"{', '.join(coding_codebooks(store, code)) or 'none'}"
        )
    if row is None:
        known = [r["code"] for r in store.conn.execute("SELECT DISTINCT code FROM codes")]
        listing = ", ".join(sorted(known)) if known else "none (register a codebook first)"
        raise CodingError(f"unknown code {code!r}; codes of the project's codebooks: {listing}")
    return str(row["version"])
