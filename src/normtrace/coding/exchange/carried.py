"""What an exchange file of one codebook cannot carry back into a project.

A codings table (:mod:`normtrace.coding.exchange.tables`) or a ``.qdpx``
(:mod:`normtrace.coding.exchange.qdpx`) carries a codebook's human codings, memos and
review marks, and ``code import`` / ``code import-qdpx`` read them back. Two kinds of human
work stay behind, and an export says so rather than let a re-import silently hold less:

* **verdicts**: accept/reject judgements on dictionary candidates and model suggestions.
  They are judgements of a proposal that exists only in this project (a candidate of an
  auto-coding run, a suggestion of a model), so a file has nothing to attach them to; the
  labels they give ``code train`` (:mod:`normtrace.coding.learn.labels`) are not in a
  re-imported project.
* **codings of codes the codebook no longer has**: a codebook registered again without a
  code leaves that code's human codings in the project (human work is never deleted), but
  a file of the codebook cannot name the code: a ``.qdpx`` leaves them out and a table's
  rows of them are refused by ``code import``.

>>> from normtrace.store.db import Store
>>> not_carried(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.units import has_table
from normtrace.errors import NotFoundError
from normtrace.store.db import Store


def verdicts(store: Store, codebook: str) -> int:
    """Current accept/reject verdicts on ``codebook``'s candidates and suggestions."""
    count = 0
    if has_table(store, "current_verdicts"):
        row = store.conn.execute(
            "SELECT count(*) FROM current_verdicts WHERE codebook = ?", (codebook,)
        ).fetchone()
        count += int(row[0])
    if has_table(store, "current_suggestion_verdicts"):
        row = store.conn.execute(
            "SELECT count(*) FROM current_suggestion_verdicts v JOIN suggestions s "
            "ON s.id = v.suggestion_id WHERE s.codebook = ?",
            (codebook,),
        ).fetchone()
        count += int(row[0])
    return count


def removed_code_codings(store: Store, codebook: str) -> dict[str, int]:
    """Human codings made under a version of ``codebook`` whose code its latest version no
    longer has, counted by code."""
    try:
        book = stored_codebook(store, codebook)
    except NotFoundError:
        return {}
    codes = {c.id for c in book.codes}
    # a code another codebook still has may be that codebook's coding (recorded under this
    # one's replaced version by an earlier normtrace): not counted as lost
    elsewhere = {
        str(r[0])
        for r in store.conn.execute(
            "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id WHERE b.name <> ? "
            "AND b.id IN (SELECT max(id) FROM codebooks GROUP BY name)",
            (codebook,),
        )
    }
    rows = store.conn.execute(
        "SELECT code, count(*) FROM human_codings WHERE codebook_version IN "
        "(SELECT version FROM codebooks WHERE name = ?) GROUP BY code ORDER BY code",
        (codebook,),
    )
    return {str(code): int(n) for code, n in rows if code not in codes | elsewhere}


def removed_codes_line(codebook: str, removed: dict[str, int]) -> str:
    """``12 human codings of codes no longer in codebook 'x' (force: 12)``."""
    listed = ", ".join(f"{code}: {n}" for code, n in removed.items())
    return (
        f"{sum(removed.values())} human codings of codes no longer in codebook {codebook!r} "
        f"({listed})"
    )


def not_carried(store: Store, codebook: str, removed: dict[str, int] | None = None) -> list[str]:
    """One line for each kind of ``codebook``'s human work a file of it cannot carry back
    (``removed``: :func:`removed_code_codings`, when the caller has it already)."""
    lines = []
    judged = verdicts(store, codebook)
    if judged:
        lines.append(
            f"{judged} verdicts on dictionary candidates and suggestions of {codebook!r}: no "
            "file carries them back into a project (they judge proposals of this one); they "
            "stay here, and a project that imports the file has no labels from them"
        )
    removed = removed_code_codings(store, codebook) if removed is None else removed
    if removed:
        lines.append(
            f"{removed_codes_line(codebook, removed)}: a file of the codebook cannot name "
            "them; add the codes back (`code apply` the edited codebook) and export again"
        )
    return lines


def note_not_carried(skipped: list[str], store: Store, codebook: str) -> int:
    """Append :func:`not_carried`'s lines to an export's ``skipped`` lines; return how many
    human codings of ``codebook`` the export leaves out (its ``lost``)."""
    removed = removed_code_codings(store, codebook)
    skipped += not_carried(store, codebook, removed)
    return sum(removed.values())
