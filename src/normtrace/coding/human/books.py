"""Which codebook a human coding is work for.

Codebooks may share a code id (a researcher's own codebook keeping the default's ``poc``, as
FRAMES.md asks). A coding records the codebook version it was made under; its codebook is
the one the coder named (``code add --codebook``, the codebook of an import, the candidate
an accept is about, the moved coding's), else the first registered codebook whose current
version holds the code as a codable code
(:func:`~normtrace.coding.human.codable.codable_books`, the one rule of "whose is this code
id": the coding bar lists the code under it), however often either is applied again. A code
no current version holds codable any more (retired everywhere: only its old codings are
read) stays with the first registered codebook whose current version keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from normtrace.coding.human.codable import codable_books
from normtrace.errors import CodingError
from normtrace.store.db import Store


def book_of(store: Store, version: str | None) -> str | None:
    """The codebook a version belongs to (``None`` for no stored version)."""
    row = store.conn.execute("SELECT name FROM codebooks WHERE version = ?", (version,)).fetchone()
    return None if row is None else str(row[0])


def code_names(store: Store, codebook: str) -> dict[str, str]:
    """The codes of ``codebook``'s current version, each with the name it gives it (its id
    where it gives none)."""
    rows = store.conn.execute(
        "SELECT c.code, c.name FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE b.name = ?",
        (codebook,),
    )
    return {str(r[0]): str(r[1] or r[0]) for r in rows}


def default_book(store: Store, code: str) -> str | None:
    """The codebook a coding of ``code`` that names none is work for (:func:`code_version`'s
    rule), ``None`` for a code no codebook has: what a report, a count or a decision reads for
    a code id two codebooks share when the reader names no codebook."""
    try:
        return book_of(store, code_version(store, code))
    except CodingError:
        return None


def code_version(store: Store, code: str, codebook: str | None = None) -> str:
    """The version a coding of ``code`` records: ``codebook``'s latest that has the code;
    without ``codebook``, that of the first registered codebook whose current version holds it
    codable (:func:`~normtrace.coding.human.codable.codable_books`: a code id two codebooks
    share stays with one of them, however often either is applied again), else the current
    version of the first registered codebook that keeps it (retired), else the newest version
    of the first registered codebook that had it."""
    if codebook is None:
        holders = codable_books(store, code).get(code, [])
        codebook = holders[0] if holders else None
        named = False
    else:
        named = True
    row = store.conn.execute(
        "SELECT b.version FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND (? IS NULL OR b.name = ?) "
        "ORDER BY b.id IN (SELECT id FROM current_codebooks) DESC, "
        "(SELECT min(f.id) FROM codebooks f WHERE f.name = b.name), b.id DESC LIMIT 1",
        (code, codebook, codebook),
    ).fetchone()
    if row is None and named:
        raise CodingError(
            f"code {code!r} is not in codebook {codebook!r}; codebooks that have it: "
            f"{', '.join(_holders(store, code)) or 'none'}"
        )
    if row is None:
        known = [r["code"] for r in store.conn.execute("SELECT DISTINCT code FROM codes")]
        listing = ", ".join(sorted(known)) if known else "none (register a codebook first)"
        raise CodingError(f"unknown code {code!r}; codes of the project's codebooks: {listing}")
    return str(row["version"])


def _holders(store: Store, code: str) -> list[str]:
    """The codebooks whose current version has ``code`` (codable or not), by name."""
    rows = store.conn.execute(
        "SELECT DISTINCT b.name FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? ORDER BY b.name",
        (code,),
    )
    return [str(r[0]) for r in rows]


def version_names(
    store: Store, pairs: Iterable[tuple[str | None, str]]
) -> dict[tuple[str, str], str]:
    """``(version, code)`` → the name that codebook version gives ``code``, for each of
    ``pairs`` whose version names it (one query however many: a page's rows read together).

    >>> version_names(Store.open(":memory:"), [("v1", "poc")])
    {}
    """
    wanted = sorted({(v, c) for v, c in pairs if v is not None})
    out: dict[tuple[str, str], str] = {}
    for at in range(0, len(wanted), _BATCH):
        part = wanted[at : at + _BATCH]
        rows = store.conn.execute(
            "SELECT b.version, c.code, c.name FROM codes c JOIN codebooks b "
            "ON b.id = c.codebook_id WHERE c.name IS NOT NULL AND c.name != '' AND "
            f"(b.version, c.code) IN (VALUES {', '.join(['(?, ?)'] * len(part))})",
            [x for pair in part for x in pair],
        )
        for version, code, name in rows:
            out.setdefault((str(version), str(code)), str(name))
    return out


def coding_names(
    store: Store, pairs: Iterable[tuple[str, str | None]], labels: Mapping[str, str] | None = None
) -> dict[tuple[str, str | None], str]:
    """A coding's code for people, for each ``(code, version)`` of ``pairs`` (a coding's code
    and the codebook version it records): its name in that version, else ``labels`` (code
    id → name; read here when not given: a current codebook version's name wins, then the
    latest registered one's), else the id; and, for a code id two or more codebooks hold as
    a codable code (:func:`~normtrace.coding.human.codable.codable_books`, the one rule), the
    codebook of ``version`` ("Protection of civilians of mini"), or "of every codebook" for a
    coding that records none (migration 0022). A few queries for all of ``pairs``.
    """
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return {}
    named = version_names(store, ((v, c) for c, v in pairs))
    codes = sorted({c for c, _ in pairs})
    if labels is None:
        labels = _labels(store, codes)
    shared = {c for c, books in codable_books(store).items() if len(books) > 1 and c in set(codes)}
    versions = sorted({v for c, v in pairs if c in shared and v is not None})
    books = {v: book_of(store, v) for v in versions}  # a codebook version or two per page
    out: dict[tuple[str, str | None], str] = {}
    for code, version in pairs:
        name = named.get((version or "", code)) or labels.get(code) or code
        if code in shared:
            name = f"{name} of {books.get(version or '') or 'every codebook'}"
        out[(code, version)] = name
    return out


def candidate_code(store: Store, candidate_id: int) -> tuple[str, str] | None:
    """A dictionary candidate's code and the codebook version that found it (``None``: no
    such candidate), for naming it as :func:`coding_names` does."""
    row = store.conn.execute(
        "SELECT a.code, b.version FROM auto_codings a JOIN codebooks b "
        "ON b.id = a.codebook_id WHERE a.id = ?",
        (candidate_id,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


#: how many pairs one look-up names (SQLite's bound parameters: 999 at least)
_BATCH = 400


def _labels(store: Store, codes: list[str]) -> dict[str, str]:
    """Each of ``codes``' name: a current codebook version's wins, then the latest one's."""
    out: dict[str, str] = {}
    for at in range(0, len(codes), _BATCH):
        part = codes[at : at + _BATCH]
        rows = store.conn.execute(
            "SELECT c.code, c.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
            f"WHERE c.code IN ({', '.join('?' * len(part))}) "
            "ORDER BY b.id IN (SELECT id FROM current_codebooks), b.id",
            part,
        )
        out.update((str(r[0]), str(r[1] or r[0])) for r in rows)
    return out
