"""Words and word n-gram shingles of unit text, with code-point offsets.

Reuse detection compares *normalized words*: case-folded, diacritics removed
and a light suffix strip so that tense and number do not break a match
(``Requests``/``requested``/``requesting`` → ``request``). Every word keeps
its code-point offsets into the unit text, so aligned spans map back exactly.

Shingle hashes are stable across processes and machines (BLAKE2b of each
word, combined by a polynomial over 64-bit integers): they are stored in the
project for incremental indexing, so Python's salted ``hash`` is not used.

>>> words = tokenize("Requests the Secretary-General to report")
>>> words.norms
('request', 'the', 'secretary-general', 'to', 'report')
>>> words.starts[1], words.ends[1]
(9, 12)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Endings stripped, longest first, when at least three letters remain.
_SUFFIXES = ("ing", "ed", "es", "s", "e")
_MIN_STEM = 3
_PRIME = np.array([0x100000001B3], dtype=np.uint64)

HashArray = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Words:
    """The normalized words of a text and where each one stands in it.

    Offsets are found on first use: most units never need them (only those
    that end up in a link), and finding them costs as much as the words.
    """

    norms: tuple[str, ...]
    text: str

    @cached_property
    def _offsets(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        spans = [m.span() for m in WORD.finditer(self.text)]
        return tuple(a for a, _ in spans), tuple(b for _, b in spans)

    @classmethod
    def located(
        cls, norms: tuple[str, ...], text: str, starts: tuple[int, ...], ends: tuple[int, ...]
    ) -> Words:
        """Words whose offsets were found before (e.g. kept on disk when they were indexed).

        >>> w = tokenize("Urges all parties")
        >>> Words.located(w.norms, w.text, w.starts, w.ends).span(1, 3)
        (6, 17)
        """
        words = cls(norms, text)
        words.__dict__["_offsets"] = (starts, ends)  # what the cached property would find
        return words

    @property
    def starts(self) -> tuple[int, ...]:
        """Code-point offset where each word starts."""
        return self._offsets[0]

    @property
    def ends(self) -> tuple[int, ...]:
        """Code-point offset just after each word."""
        return self._offsets[1]

    def __len__(self) -> int:
        return len(self.norms)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Code-point offsets covering words ``first`` .. ``last - 1``."""
        return self.starts[first], self.ends[last - 1]


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Case-fold, drop diacritics and strip one inflectional ending.

    >>> normalize_word("Décidés"), normalize_word("urges"), normalize_word("process")
    ('decid', 'urg', 'process')
    """
    folded = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("’", "'")
    if plain.endswith("ss"):
        return plain
    for suffix in _SUFFIXES:
        if plain.endswith(suffix) and len(plain) - len(suffix) >= _MIN_STEM:
            return plain[: -len(suffix)]
    return plain


def tokenize(text: str) -> Words:
    """Split ``text`` into normalized words (offsets available on demand)."""
    return Words(tuple(map(normalize_word, WORD.findall(text))), text)


def normalized_text(text: str) -> str:
    """The text as its normalized words joined by single spaces (for exact search)."""
    return " ".join(tokenize(text).norms)


@lru_cache(maxsize=200_000)
def word_hash(norm: str) -> int:
    """A stable 64-bit hash of a normalized word."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def word_hashes(words: Words) -> HashArray:
    """The stable hash of each word, as an array."""
    return np.fromiter(map(word_hash, words.norms), dtype=np.uint64, count=len(words))


def shingle_hashes(hashes: HashArray, n: int) -> HashArray:
    """Hashes of the ``n``-word shingles starting at each position (empty if too short).

    >>> h = word_hashes(tokenize("a b c a b c"))
    >>> s = shingle_hashes(h, 3)
    >>> len(s), bool(s[0] == s[3]), bool(s[0] == s[1])
    (4, True, False)
    """
    count = len(hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = hashes[:count].copy()
    for j in range(1, n):
        # uint64 arithmetic wraps modulo 2**64 by design (a polynomial hash).
        acc = acc * _PRIME + hashes[j : j + count]
    return acc
