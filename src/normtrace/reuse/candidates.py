"""Candidate pairs of units that may share a passage.

The default is an **inverted index of rare shingles**, built and joined with
numpy: every (shingle, unit) posting is sorted by shingle; shingles found in
more than ``max_df`` documents are formulaic (see :mod:`.boilerplate`) and
skipped; every other shingle shared by two units of different documents
votes for that pair, and pairs with at least ``min_shared`` votes are
candidates.

:func:`minhash_candidates` (datasketch MinHash-LSH over whole units) is kept
for comparison. It estimates the Jaccard similarity of *whole* units, so a
paragraph quoted inside a long speech (small Jaccard) is missed, while the
inverted index counts shared shingles regardless of the units' lengths. The
benchmark (``benchmarks/bench_reuse.py``) measures both on the planted set:
at 20 % word edits the inverted index proposes 100 % of the planted
donor/host pairs and MinHash-LSH (threshold 0.3, 64 permutations) 1.7 %,
hence the default.

>>> import numpy as np
>>> s = [np.array([1, 2, 3], np.uint64), np.array([2, 3, 9], np.uint64), np.array([7], np.uint64)]
>>> found = candidate_pairs(s, [0, 1, 2], max_df=5, min_shared=2)
>>> found.pairs.tolist(), found.shared.tolist()
([[0, 1]], [2])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from normtrace.reuse.shingles import HashArray

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Candidates:
    """Candidate unit pairs (row ``[i, j]`` with ``i < j``) and their shared shingle counts.

    ``frequent`` holds the shingles skipped as formulaic and ``frequent_df``
    the number of documents each occurs in.
    """

    pairs: IntArray
    shared: IntArray
    frequent: HashArray
    frequent_df: IntArray


def _postings(shingles: Sequence[HashArray]) -> tuple[HashArray, IntArray]:
    """Distinct (shingle, unit) postings sorted by shingle then unit."""
    lengths = np.fromiter((len(s) for s in shingles), dtype=np.int64, count=len(shingles))
    units = np.repeat(np.arange(len(shingles), dtype=np.int64), lengths)
    hashes = np.concatenate(list(shingles)) if len(shingles) else np.zeros(0, np.uint64)
    order = np.lexsort((units, hashes))
    hashes, units = hashes[order], units[order]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (units[1:] != units[:-1])
    return hashes[keep], units[keep]


def _group_starts(values: npt.NDArray[np.generic]) -> IntArray:
    """Start index of each run of equal values in a sorted array."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.flatnonzero(values[1:] != values[:-1]) + 1
    return np.concatenate(([0], change)).astype(np.int64)


def _document_frequency(hashes: HashArray, docs: IntArray) -> tuple[HashArray, IntArray]:
    """Distinct shingles and how many documents hold each."""
    order = np.lexsort((docs, hashes))
    h, d = hashes[order], docs[order]
    first = np.ones(len(h), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
    h = h[first]
    starts = _group_starts(h)
    counts = np.diff(np.append(starts, len(h)))
    return h[starts], counts.astype(np.int64)


def pair_codes(
    units: IntArray,
    docs: IntArray,
    group_end: IntArray,
    n: int,
    is_new: npt.NDArray[np.bool_] | None = None,
) -> IntArray:
    """Codes ``lo * n + hi`` of every pair of postings sharing a group (``n`` = units;
    ``docs`` is each posting's document; the serial index and the partitioned engine's
    candidate stage both call this).

    Pairs within one document, and (if ``is_new`` is given) pairs of two old
    units, are dropped as they are made, so only codes are ever held in memory.
    """
    chunks = []
    pos = np.arange(len(units), dtype=np.int64)
    end = group_end
    k = 1
    while len(pos):
        live = pos + k < end
        pos, end = pos[live], end[live]
        a, b = units[pos], units[pos + k]
        keep = docs[pos] != docs[pos + k]
        if is_new is not None:
            keep &= is_new[a] | is_new[b]
        a, b = a[keep], b[keep]
        chunks.append(np.minimum(a, b) * n + np.maximum(a, b))
        k += 1
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


def candidate_pairs(
    shingles: Sequence[HashArray],
    documents: Sequence[int],
    *,
    max_df: int,
    min_shared: int,
    new: Sequence[bool] | None = None,
) -> Candidates:
    """Pairs of units (of different documents) sharing ≥ ``min_shared`` rare shingles.

    Args:
        shingles: the shingle hashes of each unit.
        documents: a document number per unit; pairs within a document are skipped.
        max_df: shingles in more documents than this are formulaic and ignored.
        min_shared: votes a pair needs.
        new: if given, only pairs involving at least one unit marked True.
    """
    docs_of = np.asarray(documents, dtype=np.int64)
    hashes, units = _postings(shingles)
    distinct, df = _document_frequency(hashes, docs_of[units])
    frequent = df > max_df
    starts = _group_starts(hashes)
    sizes = np.diff(np.append(starts, len(hashes)))
    # ``distinct`` and the runs of ``hashes`` share one sorted order, so df lines up.
    wanted = (df >= 2) & ~frequent
    if new is not None:
        is_new = np.asarray(new, dtype=bool)
        if len(units):
            wanted &= np.add.reduceat(is_new[units].astype(np.int64), starts) > 0
    group_of = np.repeat(np.arange(len(starts), dtype=np.int64), sizes)
    keep = wanted[group_of]
    kept_units, kept_groups = units[keep], group_of[keep]
    del group_of, keep
    ends = _ends(kept_groups)[_renumber(kept_groups)]
    codes = pair_codes(
        kept_units, docs_of[kept_units], ends, len(docs_of), None if new is None else is_new
    )
    return _count_votes(codes, len(shingles), min_shared, distinct[frequent], df[frequent])


def _renumber(groups: IntArray) -> IntArray:
    """Consecutive group numbers 0..g-1 for a sorted array of group ids."""
    if len(groups) == 0:
        return groups
    return np.concatenate(([0], np.cumsum(groups[1:] != groups[:-1]))).astype(np.int64)


def _ends(groups: IntArray) -> IntArray:
    """End index (exclusive) of each consecutive group of a sorted array."""
    starts = _group_starts(groups)
    return np.append(starts[1:], len(groups)).astype(np.int64)


def _count_votes(
    codes: IntArray, n_units: int, min_shared: int, frequent: HashArray, frequent_df: IntArray
) -> Candidates:
    found, counts = np.unique(codes, return_counts=True)
    good = counts >= min_shared
    found = found[good]
    pairs = np.stack((found // n_units, found % n_units), axis=1).astype(np.int64)
    return Candidates(pairs, counts[good].astype(np.int64), frequent, frequent_df)


def minhash_candidates(
    shingles: Sequence[HashArray],
    documents: Sequence[int],
    *,
    threshold: float = 0.3,
    num_perm: int = 64,
) -> IntArray:
    """Pairs whose whole-unit MinHash Jaccard estimate passes ``threshold`` (for comparison)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = []
    for idx, sh in enumerate(shingles):
        m = MinHash(num_perm=num_perm, hashfunc=int)
        if len(sh):
            m.update_batch(np.unique(sh & np.uint64(0xFFFFFFFF)).tolist())
        sketches.append(m)
        lsh.insert(idx, m)
    found = set()
    for idx, m in enumerate(sketches):
        for other in lsh.query(m):
            if other != idx and documents[other] != documents[idx]:
                found.add((min(idx, other), max(idx, other)))
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
