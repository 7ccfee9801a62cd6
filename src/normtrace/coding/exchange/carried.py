"""What an exchange file of one codebook cannot carry back into a project.

A codings table (:mod:`normtrace.coding.exchange.tables`) or a ``.qdpx``
(:mod:`normtrace.coding.exchange.qdpx`) carries a codebook's human codings, memos and
review marks, and ``code import`` / ``code import-qdpx`` read them back. Two kinds of human
work stay behind, and an export says so rather than let a re-import silently hold less:

* **verdicts**: rejections of dictionary candidates, and accepts and rejects of model
  suggestions. They are judgements of a proposal that exists only in this project (a
  candidate of an auto-coding run, a suggestion of a model), so a file has nothing to attach
  them to; the labels they give ``code train`` (:mod:`normtrace.coding.learn.labels`) are
  not in a re-imported project. An *accepted* dictionary candidate is carried, as its
  coder's coding of the span (:data:`ACCEPTED_SQL`): the coder affirmed the code there, and
  without it a carried "done" mark would read the candidate as absent in the project that
  imports the file, turning a positive into a negative.
* **codings of codes the codebook no longer has**: a codebook registered again without a
  code leaves that code's human codings in the project (human work is never deleted), but
  a file of the codebook cannot name the code: a ``.qdpx`` leaves them out and a table's
  rows of them are refused by ``code import``.

>>> from normtrace.store.db import Store
>>> not_carried(Store.open(":memory:"), "frames")
[]
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.placed import ACCEPTED_SPANS, PLACED_REJECTIONS, placed_sql
from normtrace.coding.units import has_table
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

#: accepted dictionary candidates that an exchange file carries as their coder's codings
#: (columns ``event_id, coder, at, unit_key, code, start, end, edition, codebook``):
#: the accepts that count (:data:`~normtrace.coding.placed.ACCEPTED_SPANS`, the one rule),
#: unless that coder holds a hand coding of the code on the very span already (an accept in
#: the workbench makes one)
ACCEPTED_SQL = (
    'SELECT x.event_id, x.coder, x.at, x.unit_key, x.code, x.start, x."end", x.edition, '
    f"x.codebook FROM ({ACCEPTED_SPANS}) x WHERE NOT EXISTS (SELECT 1 FROM "
    "human_codings h WHERE h.coder = x.coder AND h.unit_key = x.unit_key AND h.code = x.code "
    'AND h.start = x.start AND h."end" = x."end")'
)


def verdicts(store: Store, codebook: str, *, rejections: bool = False) -> int:
    """Current verdicts on ``codebook``'s candidates and suggestions that no file carries:
    all but the accepts of dictionary candidates that count
    (:data:`~normtrace.coding.placed.ACCEPTED_SPANS`: carried as codings), and, when the
    file carries them (``rejections``: ``code export --rejections``), the rejections of
    candidates whose words stand."""
    count = 0
    if has_table(store, "current_verdicts"):
        row = store.conn.execute(
            "SELECT (SELECT count(*) FROM current_verdicts WHERE codebook = ?) - "
            f"(SELECT count(*) FROM ({ACCEPTED_SPANS}) WHERE codebook = ?) - "
            f"(SELECT count(*) FROM ({PLACED_REJECTIONS}) WHERE codebook = ? AND ?)",
            (codebook, codebook, codebook, int(rejections)),
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
            "AND b.id IN (SELECT id FROM current_codebooks)",
            (codebook,),
        )
    }
    rows = store.conn.execute(
        "SELECT code, count(*) FROM human_codings WHERE codebook_version IN "
        "(SELECT version FROM codebooks WHERE name = ?) GROUP BY code ORDER BY code",
        (codebook,),
    )
    return {str(code): int(n) for code, n in rows if code not in codes | elsewhere}


def dropped_from_marks(store: Store, codebook: str) -> dict[str, int]:
    """Codes that current "done" marks of ``codebook`` for some codes name but its latest
    version no longer has, with how many marks name each: a file carries such a mark for
    the codes the codebook still has (and not at all when none is left)."""
    if not has_table(store, "coding_reviews"):
        return {}
    try:
        book = stored_codebook(store, codebook)
    except NotFoundError:
        return {}
    codes = {c.id for c in book.codes}
    out: dict[str, int] = {}
    rows = store.conn.execute(
        "SELECT codes FROM current_done_marks WHERE codebook = ? AND codes IS NOT NULL",
        (codebook,),
    )
    for (named,) in rows:
        for code in json.loads(named):
            if code not in codes:
                out[str(code)] = out.get(str(code), 0) + 1
    return dict(sorted(out.items()))


def removed_codes_line(codebook: str, removed: dict[str, int]) -> str:
    """``12 human codings of codes no longer in codebook 'x' (force: 12)``."""
    listed = ", ".join(f"{code}: {n}" for code, n in removed.items())
    return (
        f"{sum(removed.values())} human codings of codes no longer in codebook {codebook!r} "
        f"({listed})"
    )


def not_carried(
    store: Store,
    codebook: str,
    removed: dict[str, int] | None = None,
    *,
    rejections: bool = False,
) -> list[str]:
    """One line for each kind of ``codebook``'s human work a file of it cannot carry back
    (``removed``: :func:`removed_code_codings`, when the caller has it already;
    ``rejections``: the file carries the rejections of candidates)."""
    lines = []
    judged = verdicts(store, codebook, rejections=rejections)
    if judged:
        kinds = ("judged model suggestions, accepts of words the text no longer holds" if
                 rejections else "rejected dictionary candidates, judged model suggestions, "
                 "accepts of words the text no longer holds; a table carries the rejections "
                 "with `code export --rejections`")  # fmt: skip
        lines.append(
            f"{judged} verdicts on proposals of {codebook!r} ({kinds}): this file does not "
            "carry them back into a project (they judge proposals of this one); they stay "
            "here, and a project that imports the file has no labels from them (accepted "
            "candidates travel as their coders' codings)"
        )
    removed = removed_code_codings(store, codebook) if removed is None else removed
    if removed:
        lines.append(
            f"{removed_codes_line(codebook, removed)}: a file of the codebook cannot name "
            "them; add the codes back (`code apply` the edited codebook) and export again"
        )
    dropped = dropped_from_marks(store, codebook)
    if dropped:
        listed = ", ".join(f"{code}: {n}" for code, n in dropped.items())
        lines.append(
            f"'done' marks for some codes of {codebook!r} name codes it no longer has "
            f"({listed}): a file carries each mark for the codes the codebook still has, and "
            "not at all when none is left"
        )
    return lines


#: SQL of the event ids of the human codings whose snippet is not at their offsets in their
#: unit's current text: a new version of the text moved or changed their words, and they await
#: a coder's review (``normtrace code review``); nothing counts them, and no file carries them
UNPLACED_SQL = f"SELECT h.event_id FROM human_codings h WHERE NOT {placed_sql('h')}"


def awaiting_review(
    store: Store,
    *,
    code: str | None = None,
    coder: str | None = None,
    symbol: str | None = None,
    codes: Iterable[str] | None = None,
) -> int:
    """How many human codings await review after a new version of their text
    (:data:`UNPLACED_SQL`), among those an export of ``code``, ``coder``, document ``symbol``
    or a codebook's ``codes`` would hold (a filtered export does not miss the others)."""
    if not has_table(store, "coding_events"):
        return 0
    listed = None if codes is None else json.dumps(sorted(set(codes)))
    row = store.conn.execute(
        f"SELECT count(*) FROM human_codings h WHERE h.event_id IN ({UNPLACED_SQL}) "
        "AND (? IS NULL OR h.code = ?) AND (? IS NULL OR h.coder = ?) AND (? IS NULL OR "
        "h.unit_key IN (SELECT key FROM units WHERE symbol = ?)) AND (? IS NULL OR h.code IN "
        "(SELECT value FROM json_each(?)))",
        (code, code, coder, coder, symbol, symbol, listed, listed),
    ).fetchone()
    return int(row[0])


def awaiting_line(n: int) -> str:
    """The note an export gives for ``n`` codings awaiting review."""
    return (
        f"{n} human coding(s) left out: a new version of their text changed or moved their "
        "words, and they await review (`normtrace code review`); a file would place them on "
        "the wrong words"
    )


def note_not_carried(skipped: list[str], store: Store, codebook: str) -> int:
    """Append :func:`not_carried`'s lines to an export's ``skipped`` lines; return how many
    human codings of ``codebook`` the export leaves out (its ``lost``)."""
    removed = removed_code_codings(store, codebook)
    skipped += not_carried(store, codebook, removed)
    return sum(removed.values())
