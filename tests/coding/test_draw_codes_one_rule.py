"""Which codes a draw can be of is decided in one place (coding.sample_draw.drawable): the web
app's draw form lists those and leaves the others out with why, and ``code sample`` refuses
exactly the codes the form leaves out (second reading, RV F5: the rule was written twice,
web/draw_listing.py and sample_frame).

The codebook and documents are SYNTHETIC: a code with entries, one without entries standing
for a frame (its id is a frame's), one without entries standing for none, a group code that is
not codable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.sample_draw import drawable, sample_frame
from normtrace.errors import CodingError
from normtrace.store.db import Store
from normtrace.web.draw_listing import draw_codes
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(
    Code(id="group", name="Group", codable=False),
    Code(id="x", name="X", entries=(Entry("alpha"),)),
    Code(id="offensive_force", name="Offensive force"),
    Code(id="bare", name="Bare"),
))  # fmt: skip


def test_the_form_and_code_sample_read_one_rule(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/RES/1", [
                (f"SYN/RES/1/op{i}", "op", "alpha decides" if i % 4 == 0 else "it decides")
                for i in range(1, 41)])  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK, progress=False)
        offered, left = drawable(BOOK)
        assert [c.id for c in offered] == ["x"]
        assert [(u.code.id, u.frame) for u in left] == [("offensive_force", "offensive_force"),
                                                        ("bare", None)]  # fmt: skip
        form, left_out = draw_codes(store)
        assert [(c.codebook, c.code) for c in form] == [("synth", "x")]
        assert [c.code for c in left_out] == ["offensive_force", "bare"]
        assert "stands for the offensive_force frame" in left_out[0].why
        assert len(sample_frame(store, "synth", "x").targets) == 40  # offered: drawn from
        refused = {"offensive_force": "has no entries of its own", "bare": "has no dictionary",
                   "group": "is not a codable code"}  # fmt: skip
        for code, why in refused.items():
            with pytest.raises(CodingError, match=why):
                sample_frame(store, "synth", code)
