"""Formulaic passages: wording so common that sharing it says nothing about provenance.

A shingle found in more than ``max_df`` documents is *formulaic* ("Decides to
remain actively seized of the matter", "Acting under Chapter VII of the
Charter of the United Nations"). Formulaic shingles never seed a reuse link,
and a link whose aligned target words are mostly formulaic carries the
``boilerplate`` flag. Nothing is hidden: :func:`formulaic_passages` lists the
formulae with the number of documents and units holding each, and the reuse
report shows them.

>>> from normtrace.reuse.links import Unit, index_unit
>>> units = [Unit(f"D{i}/p1", None, 1, "Decides to remain actively seized of the matter.",
...               f"D{i}") for i in range(3)]
>>> vocab: dict[str, str] = {}
>>> indexed = [index_unit(u, 4, vocab) for u in units]
>>> (f,) = formulaic_passages(indexed, indexed[0].shingles, n=4)
>>> f.text, f.documents, f.units
('Decides to remain actively seized of the matter', 3, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from normtrace.reuse.links import Indexed
from normtrace.reuse.shingles import HashArray


@dataclass(frozen=True)
class Formula:
    """A formulaic passage: its wording (first occurrence), documents and units holding it."""

    text: str
    documents: int
    units: int

    def to_dict(self) -> dict[str, Any]:
        """The formula as a JSON-able dict."""
        return asdict(self)


def formulaic_passages(
    indexed: Sequence[Indexed], frequent: HashArray, *, n: int, limit: int = 50
) -> list[Formula]:
    """The ``limit`` most widespread formulaic passages among ``indexed`` units.

    A passage is a maximal run of consecutive formulaic shingles in a unit;
    passages with the same normalized words are counted together.
    """
    if not len(frequent) or not indexed:
        return []
    lengths = [len(x.shingles) for x in indexed]
    masks = np.split(
        np.isin(np.concatenate([x.shingles for x in indexed]), frequent), np.cumsum(lengths)[:-1]
    )
    seen: dict[tuple[str, ...], tuple[str, set[str], int]] = {}
    for x, mask in zip(indexed, masks, strict=True):
        for first, last in true_runs(mask):
            words = x.words.norms[first : last + n]
            start, end = x.words.span(first, last + n)
            text, docs, count = seen.get(words, (x.unit.text[start:end], set(), 0))
            docs.add(x.unit.document or x.unit.key)
            seen[words] = (text, docs, count + 1)
    found = [Formula(text, len(docs), count) for text, docs, count in seen.values()]
    found.sort(key=lambda f: (-f.documents, -f.units, f.text))
    return found[:limit]


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) indices of each run of True in a boolean array."""
    if not mask.any():
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]
