"""Property: confirming a code by a coding without a span never changes a count except where
the dictionary found nothing (a new user's finding A1, stop 50: confirming poc on the
paragraphs of a draw lowered poc's count from 289 to 274).

A coder confirms code X (poc or aid) on every unit, or every paragraph, that holds a candidate
of poc or of aid. Then X's count rises by exactly the targets that held no candidate of X (the
coder found it where the dictionary did not), the other code's count and the spans behind it do
not move, and the count of the group of both codes does not move (each target already held one
of its candidates). Texts are SYNTHETIC words drawn by hypothesis (the codebook and report of
tests/coding/synthetic_confirmed.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic_confirmed import SYMBOL, confirmed_project, import_rows, poc_count

from normtrace.coding.counts import code_frequencies
from normtrace.coding.human.events import add_code
from normtrace.coding.levels import paragraph_key
from normtrace.store.db import Store

#: words of the SYNTHETIC texts: candidates of poc, of aid, and neither
WORDS = ("civilians", "shelters", "patrols", "rations", "wells", "the", "valley", "and")
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
#: a paragraph: its own text and its sub-paragraphs' (none: a paragraph of one unit)
paragraph = st.tuples(text, st.lists(text, max_size=3))
#: the group of both codes, as freq --code counts a frame or group
GROUP = {"poc": ["both"], "aid": ["both"]}


def _units(paragraphs: list[tuple[str, list[str]]]) -> list[tuple[str, str, str]]:
    units = []
    for i, (head, subs) in enumerate(paragraphs, start=1):
        units.append((f"{SYMBOL}/p{i}", "numbered", head))
        units += [(f"{SYMBOL}/p{i}/{chr(97 + j)}", "subparagraph", t) for j, t in enumerate(subs)]
    return units


def _counts(store: Store) -> dict[str, tuple[int, int]]:
    group = code_frequencies(store, by="symbol", under=GROUP)
    return {"poc": poc_count(store), "aid": poc_count(store, code="aid"),
            "both": (sum(r.count for r in group), sum(r.spans for r in group))}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(paragraph, min_size=1, max_size=5),
    st.sampled_from(["unit", "paragraph"]),
    st.sampled_from(["poc", "aid"]),
)
def test_confirming_changes_a_count_only_where_the_dictionary_found_nothing(
    paragraphs: list[tuple[str, list[str]]], level: str, code: str
) -> None:
    units = _units(paragraphs)
    store = confirmed_project(":memory:", units)
    try:
        before = _counts(store)
        held = [(str(r[0]), str(r[1])) for r in store.conn.execute(
            "SELECT DISTINCT unit_key, code FROM current_auto_codings")]  # fmt: skip
        at = (lambda k: k) if level == "unit" else paragraph_key
        targets = sorted({at(k) for k, _c in held})
        found = len([t for t in targets if (t, code) not in {(at(k), c) for k, c in held}])
        if level == "unit":
            for key, _kind, words in units:
                if key in targets:
                    add_code(store, coder="ana", unit_key=key, start=0, end=len(words),
                             code=code, level="unit")  # fmt: skip
        elif targets:
            rows = [{"unit_key": t, "code": code, "reviewed": f"paragraph for {code}"}
                    for t in targets]  # fmt: skip
            with tempfile.TemporaryDirectory() as folder:
                import_rows(store, Path(folder), rows, "paragraph")
        after = _counts(store)
        other = "aid" if code == "poc" else "poc"
        assert after[other] == before[other]
        assert after["both"] == before["both"]
        assert after[code] == (before[code][0] + found, before[code][1] + found)
    finally:
        store.close()
