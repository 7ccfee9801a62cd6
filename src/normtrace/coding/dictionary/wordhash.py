"""A vectorized word-sequence key finder: the automaton's hits, found by hashing words.

:class:`WordHashFinder` finds the same hits as the matcher's Aho-Corasick
automaton (every occurrence of every key in the scanned text, as ``(inclusive
end, key id)``), but with a few numpy passes over a whole batch instead of one
automaton step per character. It exists because ``pyahocorasick`` walks a large
trie one node at a time: with the SYNTHETIC 5,000-entry benchmark codebook its
scan alone runs at about 80 MB/s on the 2-core benchmark machine, while this
finder runs at about 150 MB/s; with a small codebook (few keys, many kinds of
key) the automaton is faster. :func:`choose_scanner` picks between them.

It can do this because the matcher's keys are word sequences on normalized
text: a key is ``" w1 w2 ... wk "`` (whole words) or ``" w1 ... wk"`` with an
open end (a wildcard prefix). In the scanned text words are the runs of
non-space characters, so a key occurs exactly where ``k`` consecutive words,
separated by single spaces, equal its words (the last word only starting with
the prefix for an open key).

How:

1. The text is read as one byte per code point (Latin-1; any other character
   reads as ``?``, which normalized text never contains otherwise), so offsets
   stay code-point offsets.
2. Word starts and ends come from one comparison with the space character.
3. Each word gets a 32-bit polynomial hash from one prefix sum over the text
   (``H[e] - H[s]``, rescaled by the inverse power of the base), and so does the
   first ``L`` characters of each word for open keys with a prefix of length ``L``.
4. Keys are grouped by number of words and whether they are open; an open
   group hashes the last word only as far as its shortest prefix (a longer
   prefix is checked with the key). Per group the word hashes of each run of
   ``k`` words are combined and looked up in a bucket table of the group's key
   hashes (a vectorized hash table: bucket counts, then at most a few
   comparisons per candidate).
5. Every hit is then **verified exactly**: its code points are compared with the
   key's. A hash collision can therefore cost time but never add or change a hit.

The result is the automaton's hit multiset in a different order (grouped by key
kind); callers sort spans anyway. ``tests/coding/test_coding_wordhash.py``
checks equality with ``pyahocorasick`` on generated text and real resolutions.

>>> finder = WordHashFinder([" armed groups ", " neutrali", " force "])
>>> t = " to neutralize armed groups by force "
>>> ends, keys, word_ends = finder.scan(t)
>>> sorted(zip(ends.tolist(), keys.tolist()))
[(11, 1), (27, 0), (36, 2)]
>>> t[27 - 13 : 28], t[11 - 8 : 12]
(' armed groups ', ' neutrali')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from normtrace.errors import CodingError

IntArray = npt.NDArray[np.int64]
U32Array = npt.NDArray[np.uint32]
_MOD = 1 << 32
_BASE = 0x01000193  # odd, so invertible modulo 2**32
_MIX = 0x9E3779B1
_BUCKET_BITS = 16
_SHIFT = np.uint32(32 - _BUCKET_BITS)
#: one byte per code point; anything outside Latin-1 reads as this (never in normalized text)
_OTHER = ord("?")
_SPACE = 32

#: scanners for batches (:meth:`~normtrace.coding.dictionary.matcher.Matcher.match_many`)
SCANNERS = ("auto", "automaton", "wordhash")
#: ``auto`` picks the word-hash finder from this many automaton keys ...
WORDHASH_MIN_KEYS = 1000
#: ... when the keys fall into at most this many (words, prefix length) groups
WORDHASH_MAX_GROUPS = 12


def _inverse(a: int) -> int:
    """The inverse of odd ``a`` modulo 2**32 (Newton's iteration)."""
    x = a
    for _ in range(5):
        x = x * (2 - a * x) % _MOD
    return x


def _powers(n: int, base: int) -> U32Array:
    """``base**i mod 2**32`` for ``i < n``."""
    out = np.full(n, base, dtype=np.uint32)
    out[0] = 1
    np.multiply.accumulate(out, out=out)
    return out


def _bytes(text: str) -> bytes:
    """One byte per code point (see the module docstring)."""
    return text.encode("latin-1", "replace")


def word_hash(word: str) -> int:
    """The hash the scan computes for a word of the text."""
    h, power = 0, 1
    for byte in _bytes(word):
        h = (h + byte * power) % _MOD
        power = power * _BASE % _MOD
    return h


def sequence_hash(hashes: Sequence[int]) -> int:
    """Word hashes of a run of words combined as the scan combines them."""
    g = 0
    for h in hashes:
        g = (g * _MIX + h) % _MOD
    return g


class _Group(NamedTuple):
    """The keys of ``words`` words whose last word is a prefix of length ``prefix`` (0: whole)."""

    words: int
    prefix: int
    hashes: U32Array  # sorted
    ids: IntArray  # key id of each hash
    occupied: npt.NDArray[np.bool_]  # whether a bucket (top bits of the hash) holds a key
    sizes: IntArray  # keys per bucket
    first: IntArray  # index in ``hashes`` of each bucket's first key
    widest: int  # the most keys in one bucket


def regular(key: str) -> bool:
    """Whether ``key`` is a word-sequence key this finder handles.

    A space, then words separated by single spaces, then a space or nothing
    (an open end); words hold no space and, so the byte view is exact, no ``?``.
    """
    if len(key) < 2 or key[0] != " " or "?" in key:
        return False
    body = key[1:-1] if key.endswith(" ") else key[1:]
    return bool(body) and all(body.split(" "))


def key_group(key: str) -> tuple[int, bool]:
    """``(number of words, open end)`` of a regular key: the finder's group of keys."""
    return key.strip(" ").count(" ") + 1, not key.endswith(" ")


def choose_scanner(keys: list[str], requested: str = "auto") -> str:
    """The batch scanner for these automaton keys: ``automaton`` or ``wordhash``.

    ``auto`` takes the word-hash finder for large codebooks whose keys fall into
    few (words, prefix length) groups: the automaton's cost per character grows
    with the trie, the finder's with the number of groups. On the benchmark
    machine (``benchmarks/bench_coding.py``) the automaton wins on the default
    codebook (267 keys, 22 groups) and the finder on the SYNTHETIC 5,000-entry
    one (4 groups). ``wordhash`` needs word-sequence keys
    (:func:`regular`); every key a codebook compiles
    to is one.
    """
    if requested not in SCANNERS:
        raise CodingError(
            f"matching scanner {requested!r} is unknown; use one of {', '.join(SCANNERS)}"
        )
    usable = bool(keys) and all(regular(k) for k in keys)
    if requested == "wordhash" and not usable:
        raise CodingError(
            "the wordhash scanner needs word-sequence keys (see wordhash.regular); "
            "use scanner 'automaton' or 'auto'"
        )
    if requested != "auto":
        return requested
    if not usable or len(keys) < WORDHASH_MIN_KEYS:
        return "automaton"
    few = len({key_group(k) for k in keys}) <= WORDHASH_MAX_GROUPS
    return "wordhash" if few else "automaton"


class WordHashFinder:
    """All occurrences of word-sequence keys (see the module docstring)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not all(regular(k) for k in keys):
            raise ValueError("WordHashFinder takes word-sequence keys only (see regular())")
        self._keys = list(keys)
        split = [key.strip(" ").split(" ") for key in keys]
        # open keys: the last word's prefix is hashed only as far as the group's shortest one
        shortest: dict[tuple[int, bool], int] = {}
        for key, words in zip(keys, split, strict=True):
            group = key_group(key)
            shortest[group] = min(shortest.get(group, 1 << 30), len(words[-1]) if group[1] else 0)
        grouped: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for kid, (key, words) in enumerate(zip(keys, split, strict=True)):
            group = key_group(key)
            prefix = shortest[group]
            last = words[-1][:prefix] if prefix else words[-1]
            g = sequence_hash([word_hash(w) for w in words[:-1]] + [word_hash(last)])
            grouped.setdefault((group[0], prefix), []).append((g, kid))
        self.groups = [_group(k, p, items) for (k, p), items in sorted(grouped.items())]
        self._klen = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        #: an open key's own prefix length (0 for whole-word keys)
        self._kprefix = np.array(
            [len(w[-1]) if not k.endswith(" ") else 0 for k, w in zip(keys, split, strict=True)],
            dtype=np.int64,
        )
        self._koff = np.cumsum(self._klen) - self._klen
        #: code points of a key's words: its length less the leading and any trailing space
        self._vlen = self._klen - 1 - (self._kprefix == 0)
        self._kcp = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
        self._pow = _powers(1 << 12, _BASE)
        self._ipow = _powers(1 << 12, _inverse(_BASE))

    def scan(self, t: str) -> tuple[IntArray, IntArray, IntArray]:
        """Every key occurrence in ``t``: ``(inclusive ends, key ids, word ends)``.

        ``word ends`` is where the word holding each hit's last character ends
        (for an open key: the end of the word its prefix starts).
        """
        n = len(t)
        if n == 0 or not self._keys:
            return _EMPTY, _EMPTY, _EMPTY
        if n + 1 > self._pow.size:
            size = 1 << (n + 1).bit_length()
            self._pow, self._ipow = _powers(size, _BASE), _powers(size, _inverse(_BASE))
        c = np.frombuffer(_bytes(t), dtype=np.uint8)
        space = c == _SPACE
        edges = np.flatnonzero(space[1:] != space[:-1]) + 1
        if t[:1] != " ":  # words start at the even edges only when t starts with a space
            edges = np.concatenate(([0], edges))
        if t[-1:] != " ":
            edges = np.concatenate((edges, [n]))
        starts, ends = edges[0::2], edges[1::2]
        prefix_sums = np.empty(n + 1, dtype=np.uint32)
        prefix_sums[0] = 0
        np.multiply(c, self._pow[:n], out=prefix_sums[1:])
        np.cumsum(prefix_sums[1:], out=prefix_sums[1:])
        padded = t[0] == " " and t[-1] == " "
        words = _Words(starts, ends, prefix_sums, self._ipow[starts], padded)
        found = [self._find(group, words, n) for group in self.groups]
        hit_end = np.concatenate([f[0] for f in found]) if found else _EMPTY
        hit_key = np.concatenate([f[1] for f in found]) if found else _EMPTY
        word_end = np.concatenate([f[2] for f in found]) if found else _EMPTY
        keep = self._verify(t, c, hit_end, hit_key)
        if keep is not None:
            return hit_end[keep], hit_key[keep], word_end[keep]
        return hit_end, hit_key, word_end

    def _find(self, group: _Group, w: _Words, n: int) -> tuple[IntArray, IntArray, IntArray]:
        """Hits of one group's keys: ``(inclusive ends, key ids, word ends)``."""
        k, prefix = group.words, group.prefix
        if k == 1:
            cand, g = self._single(group, w, n)
        else:
            cand, g = self._runs(group, w, n)
        if not w.padded:  # a key's padding: a space before it and, unless open, after it
            cand, g = _where(w.starts[cand] > 0, cand, g)
            if not prefix:
                cand, g = _where(w.ends[cand + k - 1] < n, cand, g)
        cand, key = _lookup(group, g >> _SHIFT, g, cand)
        tail = cand + k - 1
        word_end = w.ends[tail]
        if not prefix:
            return word_end, key, word_end
        # the group hashed the shortest prefix; each key's own must fit in the word
        own = self._kprefix[key]
        fits = word_end - w.starts[tail] >= own
        return (w.starts[tail] + own - 1)[fits], key[fits], word_end[fits]

    @staticmethod
    def _single(group: _Group, w: _Words, n: int) -> tuple[IntArray, U32Array]:
        """Candidate words for one-word keys (every word is looked up) and their hashes."""
        if not group.prefix:
            # np.take: fancy indexing with uint32 indices would convert them first (slower)
            cand = np.flatnonzero(np.take(group.occupied, w.buckets))
            return cand, w.hashes[cand]
        g = w.prefix_hashes(slice(None), group.prefix, n)
        cand = np.flatnonzero(np.take(group.occupied, g >> _SHIFT))
        return _where(w.ends[cand] - w.starts[cand] >= group.prefix, cand, g[cand])

    @staticmethod
    def _runs(group: _Group, w: _Words, n: int) -> tuple[IntArray, U32Array]:
        """Candidate runs of ``k`` words (first word indices) and their combined hashes.

        Every run is hashed, in contiguous array operations; only runs whose
        words are separated by single spaces are kept.
        """
        k, prefix = group.words, group.prefix
        runs = w.starts.size - k + 1
        if runs <= 0:
            return _EMPTY, np.zeros(0, dtype=np.uint32)
        mix = np.uint32(_MIX)
        g = w.hashes[:runs] * mix
        for j in range(1, k - 1):
            g += w.hashes[j : j + runs]
            g *= mix
        g += w.prefix_hashes(slice(k - 1, None), prefix, n) if prefix else w.hashes[k - 1 :]
        cand = np.flatnonzero(np.take(group.occupied, g >> _SHIFT))
        for j in range(k - 1):
            cand = cand[w.adjacent[cand + j]]
        if prefix:
            tail = cand + k - 1
            cand = cand[w.ends[tail] - w.starts[tail] >= prefix]
        return cand, g[cand]

    def _verify(self, t: str, c: npt.NDArray[np.uint8], end: IntArray, key: IntArray) -> (
        npt.NDArray[np.bool_] | None
    ):  # fmt: skip
        """Exact check of every hit's code points against its key (``None``: all good)."""
        if not end.size:
            return None
        # the words of each hit, without the key's padding (the word bounds checked that)
        length = self._vlen[key]
        offsets = np.cumsum(length) - length
        step = np.arange(int(length.sum()), dtype=np.int64)
        text: npt.NDArray[np.uint8] | U32Array = c
        if not t.isascii() and bool((c == _OTHER).any()):
            text = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32)
        at_text = np.repeat(end - self._klen[key] + 2 - offsets, length) + step
        at_key = np.repeat(self._koff[key] + 1 - offsets, length) + step
        equal = text[at_text] == self._kcp[at_key]
        if bool(equal.all()):
            return None
        return np.logical_and.reduceat(equal, offsets)


class _Words:
    """Per word of the scanned text: bounds, hashes, and whether the next is one space on."""

    def __init__(
        self, starts: IntArray, ends: IntArray, sums: U32Array, unscale: U32Array, padded: bool
    ) -> None:
        self.starts, self.ends, self.sums, self.unscale = starts, ends, sums, unscale
        self.padded = padded  # the text starts and ends with a space
        self.at_start = sums[starts]
        self.hashes: U32Array = (sums[ends] - self.at_start) * unscale
        self.buckets = self.hashes >> _SHIFT
        self.adjacent = np.zeros(starts.size, dtype=bool)
        self.adjacent[:-1] = starts[1:] == ends[:-1] + 1

    def prefix_hashes(self, which: IntArray | slice, length: int, n: int) -> U32Array:
        """Hashes of the first ``length`` code points of the words ``which``."""
        stop = np.minimum(self.starts[which] + length, n)
        return (self.sums[stop] - self.at_start[which]) * self.unscale[which]


_EMPTY: IntArray = np.zeros(0, dtype=np.int64)


def _where(keep: npt.NDArray[np.bool_], cand: IntArray, g: U32Array) -> tuple[IntArray, U32Array]:
    return cand[keep], g[keep]


def _group(words: int, prefix: int, items: list[tuple[int, int]]) -> _Group:
    items.sort()
    hashes = np.array([h for h, _ in items], dtype=np.uint32)
    ids = np.array([kid for _, kid in items], dtype=np.int64)
    buckets = (hashes >> _SHIFT).astype(np.int64)
    count = np.bincount(buckets, minlength=1 << _BUCKET_BITS)
    first = np.searchsorted(buckets, np.arange(1 << _BUCKET_BITS))
    widest = int(count.max()) if count.size else 0
    return _Group(words, prefix, hashes, ids, count > 0, count, first, widest)


def _lookup(
    group: _Group, bucket: U32Array, g: U32Array, cand: IntArray
) -> tuple[IntArray, IntArray]:
    """The candidates whose hash ``g`` is a key's of ``group``, and that key's id.

    Two keys of a group may share a hash: then a candidate comes out once per
    key, and verification keeps the right one.
    """
    at = np.take(group.first, bucket)  # every candidate's bucket holds a key
    same = group.hashes[at] == g
    found_at, found_key = [cand[same]], [group.ids[at[same]]]
    if group.widest > 1:  # the rest of the buckets holding several keys
        crowded = np.flatnonzero(np.take(group.sizes, bucket) > 1)
        for j in range(1, group.widest):
            crowded = crowded[np.take(group.sizes, bucket[crowded]) > j]
            at = np.take(group.first, bucket[crowded]) + j
            same = group.hashes[at] == g[crowded]
            found_at.append(cand[crowded[same]])
            found_key.append(group.ids[at[same]])
    if len(found_at) == 1:
        return found_at[0], found_key[0]
    return np.concatenate(found_at), np.concatenate(found_key)
