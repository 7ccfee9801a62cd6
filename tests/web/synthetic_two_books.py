"""The SYNTHETIC draws project (tests/web/synthetic_draws.py: no real UN text) with a second
codebook, for the draw form's Code list that follows its Codebook list: ``other``, applied,
whose ``y`` has the entry "plain" (the report's paragraphs without "alpha"), whose ``x``
(the id ``synth`` uses too, another code) has "decides" (the resolution's paragraphs), and
whose ``z`` has no entries and stands for no frame; ``synth``'s ``offensive_force`` stands for
a frame, without entries."""

from __future__ import annotations

from pathlib import Path

from synthetic_draws import build

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.store.db import Store

OTHER = "other"
OTHER_BOOK = Codebook(name=OTHER, codes=(
    Code(id="y", name="Synthetic Y", entries=(Entry("plain"),)),
    Code(id="x", name="Other X", entries=(Entry("decides"),)),
    Code(id="z", name="Zed"),
))  # fmt: skip


def build_two(path: Path) -> Path:
    """The project at ``path``: ``synth`` and ``other`` applied, alice, bob and admin."""
    build(path)
    with Store.open(path) as store:
        register_codebook(store, OTHER_BOOK)
        apply_codebook(store, OTHER_BOOK, progress=False)
    return path
