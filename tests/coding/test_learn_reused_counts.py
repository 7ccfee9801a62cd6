"""Features computed within ``reused_counts`` (each text hashed and dictionary-matched once, as
``code validate``'s folds do) are the features computed without it, number for number; and a
fold's fitted columns and IDF come from its own training texts only.

The codebook and the made-up sentences are SYNTHETIC; the other texts are paragraphs of the
bundled frames set (``normtrace/data/validation/frames``), as validate's reference examples are.
"""

from __future__ import annotations

import random

import numpy as np
import scipy.sparse as sp

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.learn.features import Featurizer, reused_counts
from normtrace.coding.learn.reference import bundled_reference

BOOK = Codebook(name="own-test", codes=(
    Code(id="protection_of_civilians", name="Protection (test)"),
    Code(id="owned", name="Owned (test)", entries=(Entry("national ownership"),)),
))  # fmt: skip
SYNTHETIC = ["National ownership of the plan is welcomed by the council.",
             "The mission shall protect civilians under imminent threat of physical violence.",
             "Requests the secretary general to report regularly.", ""]  # fmt: skip


def _texts() -> list[str]:
    ref = bundled_reference("unit")
    return SYNTHETIC + [ref.texts[k] for k in sorted(ref.texts)[:300]]


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    same = [np.array_equal(x, y) for x, y in ((a.indptr, b.indptr), (a.indices, b.indices),
                                              (a.data, b.data))]  # fmt: skip
    return a.shape == b.shape and a.dtype == b.dtype and all(same)


def _folds(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """Three overlapping training sets (one with a repeated text) and the texts each scores."""
    rng = random.Random(0)
    out = []
    for _ in range(3):
        fit = rng.sample(texts, 200)
        out.append((fit + fit[:3], [t for t in texts if t not in set(fit)][:50]))
    return out


def test_features_within_reused_counts_are_the_features_without() -> None:
    texts = _texts()
    plain = []
    for fit, held in _folds(texts):
        f = Featurizer(BOOK).fit(fit)
        plain.append((f.transform(fit), f.transform(held), f.dictionary_hits(held),
                      [b.keep for b in f._blocks], [b.idf for b in f._blocks]))  # fmt: skip
    with reused_counts():
        for (fit, held), (X, T, hits, keep, idf) in zip(_folds(texts), plain, strict=True):
            f = Featurizer(BOOK).fit(fit)
            assert _same(f.transform(fit), X) and _same(f.transform(held), T)
            assert np.array_equal(f.dictionary_hits(held), hits)
            assert all(np.array_equal(a, b) for a, b in zip(keep, [b.keep for b in f._blocks],
                                                            strict=True))  # fmt: skip
            assert all(np.array_equal(a, b) for a, b in zip(idf, [b.idf for b in f._blocks],
                                                            strict=True))  # fmt: skip


def test_a_fold_learns_its_columns_from_its_own_training_texts_only() -> None:
    """Within ``reused_counts`` a text another fold trained on adds nothing to this one's
    columns or IDF, which are those of its training texts alone."""
    seen = ["The council welcomes the report.", "The council notes the budget."]
    unseen = "Zyxwvut quixotic flummox."
    with reused_counts():
        Featurizer(BOOK).fit([*seen, unseen])  # another fold, which trained on it
        f = Featurizer(BOOK).fit(seen)
        row = f.transform([unseen])
    alone = Featurizer(BOOK).fit(seen)
    assert _same(row, alone.transform([unseen]))
    assert all(np.array_equal(a.keep, b.keep) and np.array_equal(a.idf, b.idf)
               for a, b in zip(f._blocks, alone._blocks, strict=True))  # fmt: skip


def test_outside_reused_counts_nothing_is_kept() -> None:
    with reused_counts():
        Featurizer(BOOK).fit(SYNTHETIC)
    from normtrace.coding.learn import features

    assert features._REUSED.get() is None
