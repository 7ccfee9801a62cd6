"""Hashed character n-gram counts, each distinct word's n-grams counted once.

scikit-learn's ``HashingVectorizer(analyzer="char_wb")`` cuts every word of every text into
its n-grams in Python and hashes each (about 45 million strings for the 40,000 paragraphs of
``../shared``): most of ``code suggest``'s time. A ``char_wb`` n-gram never crosses a word
(the text is lower-cased, split on white space, and each word padded with one space either
side), so a text's counts are the sum of its words' counts. :func:`char_wb_counts` counts
each distinct word once and adds the rows up as a sparse product (texts × words) · (words ×
n-grams): the same matrix as the vectorizer's ``transform``, number for number (the counts are
whole numbers, exact in float32), in the same canonical form (sorted columns, duplicates
summed), so every later step computes what it computed before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import HashingVectorizer

#: what ``char_wb`` does to white space before splitting (scikit-learn's ``_white_spaces``)
_WHITE_SPACES = re.compile(r"\s\s+")


def by_words(hasher: HashingVectorizer) -> bool:
    """Whether :func:`char_wb_counts` gives ``hasher.transform``'s counts: a ``char_wb``
    analyzer with no preprocessor, accent stripping, signs, binary counts or norm of its own."""
    p = hasher.get_params()
    return bool(
        p["analyzer"] == "char_wb" and p["preprocessor"] is None and p["strip_accents"] is None
        and p["input"] == "content" and not p["alternate_sign"] and not p["binary"]
        and p["norm"] is None
    )  # fmt: skip


def char_wb_counts(hasher: HashingVectorizer, texts: Sequence[str]) -> sp.csr_matrix:
    """``hasher.transform(texts)`` (a ``char_wb`` hasher, :func:`by_words`), each distinct
    word's n-grams hashed once (no texts: no rows, where the hasher fails).

    >>> from sklearn.feature_extraction.text import HashingVectorizer
    >>> h = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=1 << 20,
    ...                       alternate_sign=False, norm=None, dtype=np.float32)
    >>> texts = ["Decides  to renew the mandate", "", "the Mandate, the mandate\\tÉtat"]
    >>> a, b = char_wb_counts(h, texts), h.transform(texts)
    >>> all((x == y).all() for x, y in ((a.indptr, b.indptr), (a.indices, b.indices),
    ...                                  (a.data, b.data))) and a.dtype == b.dtype
    True
    """
    import scipy.sparse as sp
    from sklearn.base import clone

    if not by_words(hasher):
        raise ValueError("char_wb_counts needs a plain char_wb hasher (see by_words)")
    lower = bool(hasher.get_params()["lowercase"])
    vocabulary: dict[str, int] = {}
    add = vocabulary.setdefault
    columns: list[int] = []
    indptr = [0]
    for text in texts:
        # what the analyzer does before cutting n-grams: lower-case, white space, split
        words = _WHITE_SPACES.sub(" ", text.lower() if lower else text).split()
        columns.extend([add(w, len(vocabulary)) for w in words])
        indptr.append(len(columns))
    ones = np.ones(len(columns), dtype=hasher.dtype)
    words_of = sp.csr_matrix(
        (ones, np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), len(vocabulary)),
    )
    words_of.sum_duplicates()  # a word's occurrences in a text: one count
    # a word is already lower-cased and split: the same analyzer, without lowering it again
    per_word: Any = (
        clone(hasher).set_params(lowercase=False).transform(list(vocabulary)) if vocabulary
        else sp.csr_matrix((0, hasher.n_features), dtype=hasher.dtype)  # no word at all
    )  # fmt: skip
    counts = sp.csr_matrix(words_of @ per_word, dtype=hasher.dtype)
    counts.sum_duplicates()  # canonical, as the vectorizer returns it: sorted columns
    return counts
