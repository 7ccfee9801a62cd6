"""The suggestion rows of the passages table (``code export --passages``, the web code page):
which current model suggestions it lists, and with what status.

A row is a current suggestion (the latest suggest run of its codebook at its level) of a code
on a target. What the coders said of that target is what each coder's verdicts say now
(:func:`~normtrace.coding.human.verdicts_now.verdicts_now`: their latest verdict per codebook,
code and target, on any run's suggestion), not the verdicts on the row's own suggestion: a coder
who rejected the current run's suggestion and then accepted an earlier run's of the same code on
the same words reads the code present there now. A verdict judges a row's target when both are
of its codebook and code at its key and judge one target: at the same level, or at either level
where the key is a paragraph of one unit (that unit,
:func:`~normtrace.coding.human.verdicts_now.paragraphs_of_several`). A paragraph-level row on a
paragraph with sub-paragraphs is the paragraph whole: a verdict on its opening unit alone is
another target's.

Of the coders whose work the reader may see on the row's unit (the ``sight``: blind coding;
everyone's without one), a row is ``accepted`` when one's verdict now is an accept, and is left
out when one's is a reject (as for a candidate); else it is ``pending``, unless a "done" mark
touched its target since the suggest run and the reader may see every coder's work there (the
target is no longer open: the row is left out).

>>> from normtrace.store.db import Store
>>> verdicts_on_current_suggestions(Store.open(":memory:"))
[]
"""

from __future__ import annotations

import json
from typing import Any

from normtrace.coding.dictionary.candidates import Sight, everyone_sql, seen_sql
from normtrace.coding.human.reviews import touched_by_review_sql
from normtrace.coding.human.verdicts_now import Said, paragraphs_of_several, verdicts_now
from normtrace.coding.units import has_table
from normtrace.store.db import Store

#: SQL: the suggestions a verdict now judges (:func:`verdicts_on_current_suggestions`, one JSON
#: parameter of ``[suggestion id, coder, verdict]``), as a relation ``said``
_SAID_CTE = (
    "said AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS suggestion_id, "
    "json_extract(value, '$[1]') AS coder, json_extract(value, '$[2]') AS verdict "
    "FROM json_each(?))"
)


def verdicts_on_current_suggestions(
    store: Store, code: str | None = None
) -> list[tuple[int, Said]]:
    """Each current suggestion (of ``code``, given one) with each coder's verdict now on its
    target (see the module doc), by suggestion id and coder; at most one per coder and
    suggestion (a coder's latest verdict per target is one)."""
    if not has_table(store, "current_suggestions"):
        return []
    said = [s for s in verdicts_now(store) if code is None or s.code == code]
    if not said:
        return []
    by_slot: dict[tuple[str, str, str], list[Said]] = {}
    for s in said:
        by_slot.setdefault((s.codebook, s.code, s.key), []).append(s)
    keys = sorted({s.key for s in said})
    rows = store.conn.execute(
        "SELECT s.id, s.codebook, s.code, s.level, s.unit_key FROM current_suggestions s "
        "WHERE s.unit_key IN (SELECT value FROM json_each(?)) AND (? IS NULL OR s.code = ?)",
        (json.dumps(keys, ensure_ascii=False), code, code),
    ).fetchall()
    pairs = [(int(r[0]), str(r[3]), s) for r in rows
             for s in by_slot.get((str(r[1]), str(r[2]), str(r[4])), ())]  # fmt: skip
    # a verdict at the other level judges the row's target where the key is one unit's
    several = paragraphs_of_several(store, {s.key for _i, level, s in pairs if s.at != level})
    out = [(i, s) for i, level, s in pairs if s.at == level or s.key not in several]
    return sorted(out, key=lambda x: (x[0], x[1].coder))


def suggestion_rows_sql(
    store: Store, code: str | None, sight: Sight | None
) -> tuple[str, list[Any]]:
    """SQL of the table's suggestion rows (of ``code``, given one), as a reader of ``sight``
    reads them (everyone's verdicts without), in the passages table's raw columns
    (:data:`~normtrace.coding.exchange.tables.RAW_COLUMNS`), and its parameters.

    A suggestion is about a whole target, a unit or a paragraph with its sub-paragraphs: it
    spans the target's text (``end`` NULL: its length)."""
    said = [[i, s.coder, s.verdict] for i, s in verdicts_on_current_suggestions(store, code)]
    touched, touched_params = touched_by_review_sql(store, "s.codebook", "s.level",
                                                    "s.unit_key", "s.code")  # fmt: skip
    accepted = _said("accept", sight)
    sql = (
        f"SELECT * FROM (WITH {_SAID_CTE} SELECT 'suggestion', 2, s.id, "
        f"CASE WHEN {accepted} THEN 'accepted' ELSE 'pending' END, s.unit_key, 0, NULL, s.code, "
        "NULL, NULL, NULL, s.probability, NULL, s.level, s.model_version, '', NULL "
        f"FROM current_suggestions s WHERE (? IS NULL OR s.code = ?) "
        f"AND NOT {_said('reject', sight)} "
        f"AND ({accepted} OR NOT {everyone_sql(sight, 's.unit_key')} OR NOT {touched}))"
    )
    return sql, [json.dumps(said, ensure_ascii=False), code, code, *touched_params]


def _said(verdict: str, sight: Sight | None) -> str:
    """SQL: a coder whose verdicts ``sight`` shows reads ``verdict`` now on the target of the
    suggestion ``s`` (the look-up by id first: the few judged rows only test the sight)."""
    return (
        f"(s.id IN (SELECT suggestion_id FROM said WHERE verdict = '{verdict}') AND EXISTS "
        f"(SELECT 1 FROM said v WHERE v.suggestion_id = s.id AND v.verdict = '{verdict}' "
        f"AND {seen_sql(sight, 's.unit_key', 'v.coder')}))"
    )
