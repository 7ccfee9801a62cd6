"""What a new version did to the coders' verdicts on model suggestions.

A verdict on a suggestion judged its target's words as they were suggested on (the
suggestion's text hash), under the suggestion's key: training and agreement read it only
while the target at that key still has those words. A new version that moves the target's
words to another key (a paragraph inserted before them) or changes them leaves the verdict
reading nothing. It is not carried: the suggestion row is the model's output for the old
key, and writing one for the new key would put words in the suggest run's mouth. The ingest
says which verdicts stopped counting and, when the words stand unchanged at exactly one
other target of the document (:func:`~normtrace.coding.human.mark_texts.moved_to`, the one
rule for codings and marks), where they are now.

>>> from normtrace.store.db import Store
>>> suggestion_verdicts_off(Store.open(":memory:"), {"K"}, {"K": "text"})
SuggestionVerdictsOff(moved=(), changed=0)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.human.mark_texts import moved_to
from normtrace.coding.levels import group_units, level_units
from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class SuggestionVerdictsOff:
    """Suggestion verdicts whose target's words a new version took from their key: ``moved``
    (``OLD → NEW (coder)``, NEW the one target where the same words stand now) and
    ``changed``."""

    moved: tuple[str, ...]
    changed: int


def suggestion_verdicts_off(
    store: Store, keys: set[str], before: Mapping[str, str]
) -> SuggestionVerdictsOff:
    """The current verdicts on suggestions for targets among ``keys`` (the units an ingest
    replaced, :mod:`~normtrace.coding.human.replaced`) whose words stood in the replaced version
    (``before``: key → text, in document order) and no longer stand at the target's key."""
    none = SuggestionVerdictsOff((), 0)
    if not keys or not has_table(store, "current_suggestion_verdicts"):
        return none
    rows = store.conn.execute(
        "SELECT s.unit_key, s.level, s.text_sha256, v.coder FROM current_suggestion_verdicts v "
        "JOIN suggestions s ON s.id = v.suggestion_id "
        "WHERE s.unit_key IN (SELECT value FROM json_each(?)) ORDER BY v.event_id",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    ).fetchall()
    old: dict[tuple[str, str], str] = {}
    for level in {str(r[1]) for r in rows}:  # the replaced version's targets, as level_units
        old.update({(u.key, level): text_sha256(u.text)
                    for u in group_units(before.items(), level)})  # fmt: skip
    stood = [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows
             if old.get((str(r[0]), str(r[1]))) == r[2]]  # fmt: skip
    if not stood:
        return none
    # where the target's first unit's words went (a paragraph target: its own paragraph)
    dest = {(k, at): moved_to(store, k, before[k]) if k in before else None
            for k, at, _, _ in stood}  # fmt: skip
    now: dict[tuple[str, str], str] = {}
    for level in {at for _, at, _, _ in stood}:
        wanted = {k for (k, at) in dest if at == level}
        wanted |= {d for (_, at), d in dest.items() if at == level and d is not None}
        now.update({(u.key, level): text_sha256(u.text) for u in level_units(store, level, wanted)})
    moved: list[str] = []
    changed = 0
    for key, level, digest, coder in stood:
        if now.get((key, level)) == digest:
            continue  # its words stand at its key
        there = dest[(key, level)]
        if there is not None and now.get((there, level)) == digest:
            moved.append(f"{key} → {there} ({coder})")
        else:
            changed += 1
    return SuggestionVerdictsOff(tuple(moved), changed)
