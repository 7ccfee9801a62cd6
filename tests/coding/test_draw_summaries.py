"""A listing's recorded validation draws (coding.draw_summaries): every draw of every codebook
with its row and strata, its sizes those its units give, withdrawn ones named, its units never
read.

Codebooks, documents and labels here are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sample_draw import _label, _project

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.draw_summaries import draw_summaries, draw_summary
from normtrace.coding.draw_withdrawal import withdraw_draw
from normtrace.coding.sample_draw import draw_sample, draws
from normtrace.errors import NotFoundError
from normtrace.store.db import Store

SECOND = Codebook(
    name="second", codes=(Code(id="w", name="SYNTHETIC W", entries=(Entry("alpha"),)),)
)


def test_a_summary_is_its_draw_without_the_units(tmp_path: Path) -> None:
    """SYNTHETIC: a census of two, draws of two codebooks at both levels, one withdrawn: each
    summary holds its draw's row, strata and withdrawal, newest first over both codebooks; its
    drawn and units are len(order) and every unit's; sample_draw_units is never read."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        assert draw_summaries(store) == []
        register_codebook(store, SECOND)
        apply_codebook(store, SECOND, progress=False)
        _label(store, "SYN/RES/1/op4", True)
        _label(store, "SYN/R/1/p3", False)
        draw_sample(store, "synth", "x", 30, seed=5)
        draw_sample(store, "second", "w", 8, seed=2)
        draw_sample(store, "synth", "x", 6, seed=1, level="paragraph")
        withdraw_draw(store, 2, coder="ana", why="SYNTHETIC: the wrong codebook")
        made = sorted([d for book in ("synth", "second")
                       for d in draws(store, book, include_withdrawn=True)],
                      key=lambda d: -d.id)  # fmt: skip
        read: list[str] = []
        store.conn.set_trace_callback(read.append)
        listed = draw_summaries(store)
        store.conn.set_trace_callback(None)
        assert not any("sample_draw_units" in sql for sql in read)
        assert [s.id for s in listed] == [d.id for d in made] == [3, 2, 1]
        for s, d in zip(listed, made, strict=True):
            assert (s.run_id, s.made_at, s.codebook, s.code, s.level, s.seed, s.requested,
                    s.hit_share, s.strata, s.withdrawn) == (
                d.run_id, d.made_at, d.codebook, d.code, d.level, d.seed, d.requested,
                d.hit_share, d.strata, d.withdrawn)  # fmt: skip
            assert (s.drawn, s.units) == (len(d.order), len(d.units))
        assert (listed[2].drawn, listed[2].units) == (30, 32)
        assert listed[1].withdrawn is not None and listed[0].withdrawn is None
        assert draw_summary(store, 2) == listed[1]
        with pytest.raises(NotFoundError, match="no draw '9' in the project"):
            draw_summary(store, 9)
