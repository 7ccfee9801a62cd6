"""What a new version did to the coders' verdicts on model suggestions, and carrying them.

A verdict on a suggestion judged its target's words as they were suggested on (the
suggestion's text hash), under the target's key
(:mod:`~normtrace.coding.human.suggestion_verdicts`): training and agreement read it only
while the target at that key still has those words. When a new version moves the target's
words, unchanged, to exactly one other target of the document (a paragraph inserted before
them; :func:`~normtrace.coding.human.mark_texts.moved_to`, the one rule for codings, marks and
candidate verdicts, and the whole target's words compared at the suggestion's level), the
verdict is carried there: a new verdict event on the same suggestion, on the new key, naming
the event it carries and the ingest run, as a candidate's verdict is carried
(:mod:`~normtrace.coding.human.anchors`). The suggestion row, the model's output for the old
key, is not rewritten, nor is any event. A verdict whose words changed, or stand at several
keys, is not carried: the ingest says how many stopped counting, for a coder to judge the new
words.

>>> from normtrace.store.db import Store
>>> carry_suggestion_verdicts(Store.open(":memory:"), None, {"K"}, {"K": "text"})
SuggestionVerdictsOff(moved=(), changed=0)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.human import events
from normtrace.coding.human.mark_texts import moved_to
from normtrace.coding.human.suggestion_verdicts import STANDING, reading_levels
from normtrace.coding.levels import group_units, level_units
from normtrace.coding.units import has_table
from normtrace.store.db import Store


@dataclass(frozen=True)
class SuggestionVerdictsOff:
    """Suggestion verdicts whose target's words a new version took from their key: ``moved``
    (``OLD → NEW (coder)``, NEW the one target where the same words stand now: carried
    there) and ``changed`` (not carried: they no longer count)."""

    moved: tuple[str, ...]
    changed: int


@dataclass(frozen=True)
class _Stood:
    """A current verdict whose words stood at its target in the replaced version."""

    event_id: int
    coder: str
    verdict: str
    suggestion_id: int
    code: str
    codebook_version: str
    key: str
    level: str
    digest: str


def carry_suggestion_verdicts(
    store: Store, run_id: int | None, keys: set[str], before: Mapping[str, str]
) -> SuggestionVerdictsOff:
    """Carry the current verdicts on suggestions for targets among ``keys`` (the units an
    ingest, run ``run_id``, replaced: :mod:`~normtrace.coding.human.replaced`) whose words stood
    in the replaced version (``before``: key → text, in document order) and now stand,
    unchanged, at exactly one other target; count those whose words no longer stand anywhere
    one can tell."""
    none = SuggestionVerdictsOff((), 0)
    stood = _stood(store, keys, before)
    if not stood:
        return none
    # where the target's first unit's words went (a paragraph target: its own paragraph)
    dest = {(v.key, v.level): moved_to(store, v.key, before[v.key]) if v.key in before else None
            for v in stood}  # fmt: skip
    now: dict[tuple[str, str], str] = {}
    for level in {v.level for v in stood}:
        wanted = {k for (k, at) in dest if at == level}
        wanted |= {d for (_, at), d in dest.items() if at == level and d is not None}
        now.update({(u.key, level): text_sha256(u.text) for u in level_units(store, level, wanted)})
    # a verdict whose words stand at its key: its target's, or its own unit's now that a
    # sub-paragraph was added under it (it reads that unit: suggestion_verdicts.reading_levels)
    standing = reading_levels(store, [(v.level, v.key, v.digest) for v in stood])
    moved: list[str] = []
    changed = 0
    for v in stood:
        if (v.level, v.key, v.digest) in standing:
            continue  # its words stand at its key
        there = dest[(v.key, v.level)]
        if there is None or now.get((there, v.level)) != v.digest:
            changed += 1
            continue
        events.append_event(
            store, coder=v.coder, action="verdict", trusted=True, verdict=v.verdict,
            suggestion_id=v.suggestion_id, unit_key=there, code=v.code,
            codebook_version=v.codebook_version, text_sha256=v.digest, reanchors=v.event_id,
            run_id=run_id, memo=f"moved with its words to {there} by run {run_id}",
        )  # fmt: skip
        moved.append(f"{v.key} → {there} ({v.coder})")
    return SuggestionVerdictsOff(tuple(moved), changed)


def _stood(store: Store, keys: set[str], before: Mapping[str, str]) -> list[_Stood]:
    """The current suggestion verdicts on ``keys`` whose words stood at their target in the
    replaced version (``before``), oldest first."""
    if not keys or not has_table(store, "current_suggestion_verdicts"):
        return []
    rows = store.conn.execute(
        f"SELECT * FROM ({STANDING}) WHERE unit_key IN (SELECT value FROM json_each(?)) "
        "ORDER BY event_id",
        (json.dumps(sorted(keys), ensure_ascii=False),),
    ).fetchall()
    old: dict[tuple[str, str], str] = {}
    for level in {str(r["level"]) for r in rows}:  # the replaced version's targets
        old.update({(u.key, level): text_sha256(u.text)
                    for u in group_units(before.items(), level)})  # fmt: skip
    return [
        _Stood(int(r["event_id"]), str(r["coder"]), str(r["verdict"]), int(r["suggestion_id"]),
               str(r["code"]), str(r["codebook_version"]), str(r["unit_key"]), str(r["level"]),
               str(r["text_sha256"]))
        for r in rows if old.get((str(r["unit_key"]), str(r["level"]))) == r["text_sha256"]
    ]  # fmt: skip
