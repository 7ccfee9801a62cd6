"""Character n-gram counts word by word (:mod:`normtrace.coding.learn.ngrams`) are the counts
scikit-learn's ``char_wb`` hasher gives, number for number and in the same sparse form; and the
featurizer's features are what they were when every text went through the hasher.

The short texts are SYNTHETIC (white space, case and word edge cases); the others are
paragraphs of the bundled frames set (``normtrace/data/validation/frames``).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone

from normtrace.coding.learn.features import Featurizer
from normtrace.coding.learn.ngrams import by_words, char_wb_counts
from normtrace.coding.learn.reference import bundled_reference

SYNTHETIC = [
    "",
    "   ",
    "a",
    "I",
    "Decides  to renew\tthe mandate\n\nof the Mission;",
    "the Mandate, the mandate, THE MANDATE",
    "État de droit\xa0: l'ÉTAT\u2003et la société",  # no-break and em spaces split words
    "ΟΔΟΣ ΟΔΟΣ. Σ σ ς",  # final sigma: lower-cased in the whole text, as the hasher does
    "İstanbul KELVIN \u212a",  # lower-casing that changes a word's length
    "zero\u200bwidth joins, \x1cfile\x1dgroup\x1erecord\x1funit\x85next\u2028line",
    "ab abc abcd abcde abcdef",  # words shorter than, as long as and longer than the n-grams
]


def _texts() -> list[str]:
    ref = bundled_reference("unit")
    return SYNTHETIC + [ref.texts[k] for k in sorted(ref.texts)[:400]]


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    arrays = ((a.indptr, b.indptr), (a.indices, b.indices), (a.data, b.data))
    return (
        a.shape == b.shape and a.dtype == b.dtype and a.indices.dtype == b.indices.dtype
        and a.has_canonical_format and b.has_canonical_format
        and all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in arrays)
    )  # fmt: skip


@pytest.mark.parametrize("ngrams", [(3, 5), (1, 1), (2, 4)])
def test_counts_word_by_word_are_the_hashers(ngrams: tuple[int, int]) -> None:
    char = Featurizer(None, {"char_ngrams": list(ngrams)})
    hasher = char._hashers()[1]
    assert by_words(hasher)
    texts = _texts()
    assert _same(char_wb_counts(hasher, texts), hasher.transform(texts))
    # one text at a time, and a text repeated, give the same rows
    assert _same(char_wb_counts(hasher, texts[4:5] * 3), hasher.transform(texts[4:5] * 3))
    assert char_wb_counts(hasher, []).shape == (0, hasher.n_features)


def test_a_hasher_it_cannot_mirror_is_refused() -> None:
    hasher = Featurizer()._hashers()[1]
    for change in ({"analyzer": "char"}, {"alternate_sign": True}, {"binary": True},
                   {"norm": "l2"}, {"strip_accents": "unicode"}):  # fmt: skip
        other = clone(hasher).set_params(**change)
        assert not by_words(other)
        with pytest.raises(ValueError, match="plain char_wb hasher"):
            char_wb_counts(other, ["a text"])


def test_features_are_those_of_the_hasher() -> None:
    """The featurizer's matrix, with the character counts from the hasher itself (as before
    :mod:`~normtrace.coding.learn.ngrams`), is the same, number for number."""
    texts = _texts()
    fit, held = texts[::2], texts[1::2]
    f = Featurizer().fit(fit)
    got = f.transform(held)
    word, char = f._hashers()
    parts = [b.transform(h.transform(held)) * w
             for b, h, w in zip(f._blocks, (word, char), (1.0, float(f.params["char_weight"])),
                                strict=True)]  # fmt: skip
    d = np.log1p(f.dictionary_hits(held)) * float(f.params["dictionary_weight"])
    want = sp.hstack([*parts, sp.csr_matrix(d)], format="csr", dtype=np.float32)
    assert _same(got, want)
    # the columns fit keeps and their IDF are those of the hasher's counts
    direct = [np.flatnonzero(np.asarray((h.transform(fit) > 0).sum(axis=0)).ravel())
              for h in (word, char)]  # fmt: skip
    assert all(np.array_equal(b.keep, k) for b, k in zip(f._blocks, direct, strict=True))
