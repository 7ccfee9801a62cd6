"""Stage 2 of 4, scan: every key hit in a batch of folded texts, in one pass.

The texts are normalized (:func:`~normtrace.coding.dictionary.textnorm.normalize`:
folded, punctuation as spaces) and joined into one string ``t`` to scan, in
which every text is preceded and followed by a space and texts are separated by
``" \\n "`` (no key holds a line break, so no key matches across two texts). The
scanner the compile stage chose then reports every key occurrence as its
inclusive end in ``t`` and its key id: the ``pyahocorasick`` automaton, read in
bulk into numpy arrays (no Python statement per hit), or the word-hash finder
(:class:`~normtrace.coding.dictionary.wordhash.WordHashFinder`, the same hits),
which also knows where each hit's word ends.

The stages: :mod:`~normtrace.coding.dictionary.compile` → **scan** (here) →
:mod:`~normtrace.coding.dictionary.filters` → :mod:`~normtrace.coding.dictionary.emit`.

>>> t, bases, limits = join_padded(["neutralize armed groups", "force"])
>>> t
' neutralize armed groups \\n force '
>>> bases.tolist(), limits.tolist()
([1, 27], [24, 32])
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any, NamedTuple

import numpy as np

from normtrace.coding.dictionary.compile import IntArray, Tables
from normtrace.coding.dictionary.textnorm import NormalizedText, normalize

SEPARATOR = " \n "


class Scanned(NamedTuple):
    """A scanned batch: the texts, the string scanned, each text's place in it, and the hits.

    ``t[bases[i]:limits[i]] == norms[i].text``. Per hit: ``ends`` (inclusive, in
    ``t``) and ``kids`` (key ids); ``word_ends`` is where each hit's word ends
    when the scanner knows it (the word-hash finder), else ``None``.
    """

    norms: Sequence[NormalizedText]
    t: str
    bases: IntArray
    limits: IntArray
    ends: IntArray
    kids: IntArray
    word_ends: IntArray | None


def scan_batch(tables: Tables, texts: Sequence[NormalizedText | str]) -> Scanned:
    """Normalize ``texts`` (unless they are already), join them, and scan them once.

    The codebook must have keys (``tables.key_count > 0``) and ``texts`` must not be empty.
    """
    norms = [n if isinstance(n, NormalizedText) else normalize(n) for n in texts]
    t, bases, limits = join_padded([n.text for n in norms])
    if tables.finder is not None:
        return Scanned(norms, t, bases, limits, *tables.finder.scan(t))
    return Scanned(norms, t, bases, limits, *automaton_hits(tables.automaton, t), None)


def scan_text(tables: Tables, norm: NormalizedText) -> Scanned:
    """One normalized text scanned by the automaton, as ``" " + norm.text + " "``."""
    t = f" {norm.text} "
    bases, limits = np.array([1], dtype=np.int64), np.array([1 + len(norm.text)], dtype=np.int64)
    return Scanned([norm], t, bases, limits, *automaton_hits(tables.automaton, t), None)


def join_padded(texts: Sequence[str]) -> tuple[str, IntArray, IntArray]:
    """One string to scan for a batch of normalized texts, with each text's bounds in it.

    Returns:
        ``(t, bases, limits)``: ``t[bases[i]:limits[i]] == texts[i]``.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    bases = np.empty(len(texts), dtype=np.int64)
    bases[0] = 1
    np.cumsum(lengths[:-1] + len(SEPARATOR), out=bases[1:])
    bases[1:] += 1
    return f" {SEPARATOR.join(texts)} ", bases, bases + lengths


def automaton_hits(automaton: Any, t: str) -> tuple[IntArray, IntArray]:
    """Every hit of ``automaton`` (integer values) on ``t`` as ``(ends, key ids)`` arrays.

    ``ends`` are the automaton's inclusive end positions. The hits are read in
    bulk (no Python statement per hit).
    """
    flat = np.fromiter(chain.from_iterable(automaton.iter(t)), dtype=np.int64)
    return flat[0::2], flat[1::2]
