"""Agreement at the unit and the passage level, the units behind each number, and no
identical duplicate codings by one coder."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.codings import CodingImportError, import_codings
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.coding.human.agreement import agreement
from normtrace.coding.human.reliability import character_alpha, krippendorff_alpha_nominal
from normtrace.errors import CodingError
from normtrace.store.db import Store

S1, S2 = "S/PV.0001/s001", "S/PV.0001/s003"


def test_character_alpha_is_nominal_alpha_of_the_expanded_table() -> None:
    rng = random.Random(7)
    for _ in range(300):
        units, table = [], {c: [] for c in "abc"}
        for _u in range(rng.randint(1, 4)):
            length = rng.randint(1, 25)
            spans = {}
            for c in rng.sample("abc", rng.randint(1, 3)):
                spans[c] = []
                for _s in range(rng.randint(0, 3)):
                    s = rng.randrange(length)
                    spans[c].append((s, rng.randint(s + 1, length)))
            units.append((length, spans))
            for c in "abc":
                for i in range(length):
                    held = c in spans and any(s <= i < e for s, e in spans[c])
                    table[c].append(None if c not in spans else int(held))
        fast = character_alpha(units)
        slow = krippendorff_alpha_nominal([table[c] for c in "abc"])
        assert (math.isnan(fast) and math.isnan(slow)) or fast == pytest.approx(slow)


def test_different_passages_of_one_unit_agree_per_unit_but_not_per_passage(
    store: Store,
) -> None:
    register_codebook(store, load_default_codebook())
    code = "poc"
    # both coders code S1 and S2; on S1 they mark different passages, on S2 the same one
    for coder, span in (("ana", (0, 20)), ("ben", (40, 70))):
        events.add_code(store, coder=coder, unit_key=S1, start=span[0], end=span[1], code=code)
    for coder in ("ana", "ben"):
        events.add_code(store, coder=coder, unit_key=S2, start=10, end=30, code=code)
        events.add_memo(store, coder=coder, unit_key="S/RES/2098 (2013)/op09", memo="seen")
    row = next(r for r in agreement(store).rows if r.code == code)
    assert row.percent_agreement == 1.0  # both applied poc in S1 and S2
    assert row.passage_alpha < 0.5  # half of the coded characters are not shared
    # a memo judges no code (coding.human.judged): op09 is no shared unit (until stop 45 it
    # was, as both coders' reading in which poc is absent)
    assert row.unit_keys == (S1, S2)
    assert row.characters > 0


def test_the_same_coding_twice_is_refused(store: Store, tmp_path: Path) -> None:
    register_codebook(store, load_default_codebook())
    events.add_code(store, coder="ana", unit_key=S1, start=0, end=10, code="poc")
    with pytest.raises(CodingError, match="already holds"):
        events.add_code(store, coder="ana", unit_key=S1, start=0, end=10, code="poc")
    events.add_code(store, coder="ana", unit_key=S1, start=0, end=11, code="poc")  # overlap: ok
    events.add_code(store, coder="ben", unit_key=S1, start=0, end=10, code="poc")  # other coder
    rows = tmp_path / "dup.csv"
    rows.write_text(f"unit_key,code,start,end\n{S2},poc,0,5\n{S2},poc,0,5\n", encoding="utf-8")
    with pytest.raises(CodingImportError, match="already holds"):
        import_codings(store, rows, codebook="stability-operations", coder="cleo")
