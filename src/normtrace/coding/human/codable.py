"""Which codes a coder may apply: a code that some codebook's current version holds as
codable.

A grouping code (``codable: false`` in the codebook, docs/codebook-schema.md) is never
applied: it stands for the codable codes under it, which are (a count or a "done" mark of
the group speaks for them). A retired code (the workbench keeps it, not codable, so its
old codings keep their meaning) takes no new codings; nor does a code that only an earlier
version of a codebook had (exports and agreement would leave its codings out).
:func:`check_applicable` is the one check, behind every hand coding
(:func:`normtrace.coding.human.events.add_code`) and the rows of a coding import.
:func:`whose` is the one rule of whose code a shared id is, behind every surface that names
a codebook or refuses an unnamed shared id.
"""

from __future__ import annotations

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.errors import CodingError
from normtrace.store.db import Store


def check_applicable(store: Store, code: str, unit_key: str, codebook: str | None = None) -> None:
    """Refuse to code ``unit_key`` with ``code`` unless the current version of ``codebook`` (of
    some codebook, when ``None``) holds ``code`` as a codable code (see the module doc).

    Raises:
        CodingError: ``code`` is in no codebook's current version, or is a grouping code
            (the error names its codable codes) or a retired one there.
    """
    rows = store.conn.execute(
        "SELECT b.name, c.codable FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND (? IS NULL OR b.name = ?) ORDER BY b.name",
        (code, codebook, codebook),
    ).fetchall()
    if any(r["codable"] for r in rows):
        return
    if not rows:
        raise CodingError(
            f"code {code!r} is in no codebook's current version (an earlier version had it); "
            "code with a current code, or apply the version that has it (`normtrace code apply "
            "FILE`)"
        )
    name = str(rows[0]["name"])
    below = _codable_below(store, name, code)
    if below:
        raise CodingError(
            f"code {code!r} of codebook {name} is a grouping code (codable: false), never "
            f"applied; nothing recorded on {unit_key}: code with one of its codable codes: "
            f"{', '.join(below)}"
        )
    raise CodingError(
        f"code {code!r} of codebook {name} is retired (codable: false in its current version); "
        f"nothing recorded on {unit_key}: code with a codable code, or restore it on the "
        "codebook's page in the workbench"
    )


def whose(
    store: Store,
    code: str,
    codebook: str | None = None,
    *,
    ask: str = "name the codebook whose code it is",
) -> str | None:
    """The codebook a coding, memo, decision or filter of ``code`` is for: ``codebook`` when
    its current version holds ``code`` as a codable code; without ``codebook``, the only
    codebook that does (:func:`codable_books`), or ``None`` when none does (a retired,
    grouping, earlier-version or unknown code: :func:`check_applicable` and
    :func:`~normtrace.coding.human.books.code_version` say why, where that matters).

    ``ask``: what the refusal of an unnamed shared id tells the caller to do (how its surface
    names a codebook: ``--codebook NAME``, ``codebook=NAME``, a list on the page).

    Raises:
        CodingError: ``codebook`` does not hold ``code`` as a codable code (the error names
            the codebooks that do), or none is named and two or more hold it (whose code it is
            is the caller's to say: a coding counts for its codebook's training, validation and
            agreement).

    >>> whose(Store.open(":memory:"), "poc") is None
    True
    """
    holders = codable_books(store, code).get(code, [])
    if codebook is None:
        if len(holders) > 1:
            raise CodingError(f"code {code!r} is in codebooks {', '.join(holders)}: {ask}")
        return holders[0] if holders else None
    if codebook in holders:
        return codebook
    there = store.conn.execute(
        "SELECT 1 FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND b.name = ?",
        (code, codebook),
    ).fetchone()
    below = _codable_below(store, codebook, code) if there else []
    why = (
        f", where it groups {', '.join(below)}"
        if below
        else (", which keeps it retired" if there else "")
    )
    raise CodingError(
        f"code {code!r} is no codable code of codebook {codebook!r}{why} (codebooks that hold "
        f"it: {', '.join(holders) or 'none'}): name one of them, or another code"
    )


def codable_books(store: Store, code: str | None = None) -> dict[str, list[str]]:
    """Code id (``code`` only, if given) → the codebooks whose current version holds it as a
    codable code, the first registered first: the codebooks a coding of it may be for, the
    one rule of "whose is this code id" (a codebook keeping the id retired or as a grouping
    code takes no coding of it). A code id two of them hold is shared: whose coding,
    suggestion, search filter or memo it is must be said (the workbench's coding bar, "code all
    hits", search, a coding or memo through the API, an adjudication, ``code add``: each asks
    :func:`whose`); else a coding that names none is the first's
    (:func:`~normtrace.coding.human.books.code_version`).

    >>> codable_books(Store.open(":memory:"))
    {}
    """
    rows = store.conn.execute(
        "SELECT c.code, b.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.codable = 1 AND b.id IN (SELECT id FROM current_codebooks) "
        "AND (? IS NULL OR c.code = ?) "
        "ORDER BY (SELECT min(f.id) FROM codebooks f WHERE f.name = b.name), b.name",
        (code, code),
    )
    out: dict[str, list[str]] = {}
    for c, book in rows:
        held = out.setdefault(str(c), [])
        if str(book) not in held:
            held.append(str(book))
    return out


def is_grouping(store: Store, code: str) -> bool:
    """Whether ``code`` is a grouping code of a codebook's current version: not codable, with
    codable codes under it (a retired code has none)."""
    rows = store.conn.execute(
        "SELECT b.name FROM codes c JOIN current_codebooks b ON b.id = c.codebook_id "
        "WHERE c.code = ? AND NOT c.codable ORDER BY b.name",
        (code,),
    ).fetchall()
    return any(_codable_below(store, str(r["name"]), code) for r in rows)


def _codable_below(store: Store, codebook: str, code: str) -> list[str]:
    return [c.id for c in stored_codebook(store, codebook).descendants(code) if c.codable]
