"""What a coder's verdicts on model suggestions say now: one rule for every reader.

Human work is append-only events, so a coder may have judged one target for one code more
than once: an accept of one run's suggestion, then a reject of a later run's suggestion of the
same code on the same words (or a reject, then an accept). What stands is the coder's
*latest* verdict per ``(coder, codebook, code, target)``; an earlier one is no longer their
reading, whichever way it went. :func:`verdicts_now` is that rule, and every reader of
suggestion verdicts reads it: training's labels (:mod:`~normtrace.coding.learn.labels`), the
candidates a reject reads as absent (:mod:`~normtrace.coding.human.suggestion_absent`, and so
``freq``, ``code list``, the passages table and ``code export``, the code page and a case
report's evidence books), the paragraphs an accept makes carry a code
(:mod:`~normtrace.coding.human.mark_reach`: review marks and agreement) and agreement's
readings (:mod:`~normtrace.coding.human.agreement`).

* **A verdict's target** is the words it judged where they stand: its own level and key, or
  where :func:`~normtrace.coding.human.suggestion_verdicts.reading_levels` reads it (one
  unit's words; a verdict whose words a new version changed says nothing and is left out; one
  an ingest carried with its words to another key reads there). A paragraph of one unit is
  that unit (:mod:`~normtrace.coding.human.mark_reach`): a verdict on a paragraph-level
  suggestion of such a paragraph and one on its unit's suggestion judge one target.
* **Latest** is the order the coder judged in: a verdict an ingest carried to its words' new
  key (its event ``reanchors`` the one it carries) stands in the place of the verdict it
  carries, not at the time of the ingest.
* **Coders are never pooled here.** Two coders who disagree each hold their reading; how a
  reader combines them is its own rule (training: a target any coder holds positive is
  positive; counts: an accept, anyone's, holds the candidates a reject would read as absent).

Verdicts on dictionary candidates are about a span, not a target, and are each coder's
latest per candidate identity already (the ``current_verdicts`` view).

>>> from normtrace.store.db import Store
>>> verdicts_now(Store.open(":memory:"))
[]
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from normtrace.coding.human.suggestion_verdicts import Standing, standing_verdicts
from normtrace.coding.levels import holds_sub_paragraphs
from normtrace.store.db import Store


@dataclass(frozen=True)
class Said:
    """A coder's verdict that stands on a target for a code (:func:`verdicts_now`)."""

    coder: str
    #: ``accept`` or ``reject``
    verdict: str
    codebook: str
    codebook_version: str
    code: str
    #: the level it reads at (``unit`` or ``paragraph``) and the key there
    at: str
    key: str
    suggestion_id: int
    event_id: int

    @property
    def accepted(self) -> bool:
        """Whether the coder's reading now is that the code applies to the target."""
        return self.verdict == "accept"


def verdicts_now(
    store: Store,
    codebook: str | None = None,
    coders: Iterable[str] | None = None,
    *,
    standing: Standing | None = None,
) -> list[Said]:
    """Each coder's latest standing verdict per codebook, code and target (see the module
    doc), in the order judged; of ``codebook``'s suggestions and ``coders`` only, given them.
    ``standing``: the project's suggestion verdicts read once by the caller
    (:func:`~normtrace.coding.human.suggestion_verdicts.standing_verdicts`, of every codebook
    or of ``codebook``), else read here."""
    if standing is None:
        standing = standing_verdicts(store, codebook)
    wanted = None if coders is None else set(coders)
    rows = [(r, at) for r, at in zip(standing.rows, standing.at, strict=True)
            if at is not None and (codebook is None or r["codebook"] == codebook)
            and (wanted is None or r["coder"] in wanted)]  # fmt: skip
    if not rows:
        return []
    order = _judged_order(store, [r for r, _ in rows])
    several = paragraphs_of_several(
        store, {str(r["unit_key"]) for r, at in rows if at == "paragraph"}
    )
    latest: dict[tuple[str, str, str, str, str], tuple[int, Said]] = {}
    for r, at in rows:
        said = Said(str(r["coder"]), str(r["verdict"]), str(r["codebook"]),
                    str(r["codebook_version"]), str(r["code"]), at, str(r["unit_key"]),
                    int(r["suggestion_id"]), int(r["event_id"]))  # fmt: skip
        # a paragraph of one unit is that unit: one target at either level
        target = "paragraph" if at == "paragraph" and said.key in several else "unit"
        slot = (said.coder, said.codebook, said.code, target, said.key)
        when = order[said.event_id]
        if slot not in latest or latest[slot][0] < when:
            latest[slot] = (when, said)
    return [said for _, said in sorted(latest.values(), key=lambda x: x[0])]


def _judged_order(store: Store, rows: Iterable[sqlite3.Row]) -> dict[int, int]:
    """Event id → the id of the judgement it is: its own, or for a verdict an ingest carried
    (``carries``), that of the verdict it carries, followed to the coder's own event."""
    ids = {int(r["event_id"]): r["carries"] for r in rows}
    if all(c is None for c in ids.values()):
        return {i: i for i in ids}
    back = dict(store.conn.execute(
        "SELECT id, reanchors FROM coding_events WHERE action = 'verdict' "
        "AND suggestion_id IS NOT NULL AND reanchors IS NOT NULL").fetchall())  # fmt: skip
    out: dict[int, int] = {}
    for i in ids:
        root, seen = i, {i}
        while root in back and back[root] not in seen:
            root = int(back[root])
            seen.add(root)
        out[i] = root
    return out


def paragraphs_of_several(store: Store, keys: set[str]) -> set[str]:
    """The paragraph keys among ``keys`` that hold a sub-paragraph in a current document (the
    others are one unit: their own); the passages table's suggestion rows read their targets
    by it too (:mod:`~normtrace.coding.exchange.suggestion_rows`)."""
    heads = sorted(k for k in keys if holds_sub_paragraphs(k))
    if not heads:
        return set()
    rows = store.conn.execute(
        "SELECT value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM paragraphs sub "
        "JOIN documents d ON d.id = sub.document_id WHERE d.is_current = 1 "
        "AND sub.speech_id IS NULL AND sub.key > j.value || '/' AND sub.key < j.value || '0')",
        (json.dumps(heads, ensure_ascii=False),),
    )
    return {str(k) for (k,) in rows}
