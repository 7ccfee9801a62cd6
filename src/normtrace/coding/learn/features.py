"""Features for assisted coding: word and character n-grams plus dictionary hits.

The n-grams are hashed (no vocabulary to fit, so any text can be transformed the
same way) and weighted by a sublinear TF-IDF fitted on the training texts only; only
the n-grams seen in training are kept. Dictionary
features are the hits of the codebook's own entries (if it has any) and of the
bundled default codebook's codes grouped into the six frames of ``FRAMES.md``
(``DEFAULT_FRAMES``), so a codebook without entries still gets them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.exchange.yamlio import load_default_codebook

# scikit-learn, SciPy and the matcher load when texts are featurized, not with the module:
# `normtrace freq` reads stored validations through :mod:`normtrace.coding.learn.validate`.
if TYPE_CHECKING:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import HashingVectorizer

    from normtrace.coding.dictionary.matcher import Matcher

#: the default codebook's code ids per frame (its ``frames:``, from ``../shared/FRAMES.md``)
DEFAULT_FRAMES: dict[str, tuple[str, ...]] = load_default_codebook().frame_codes()

DEFAULT_PARAMS: dict[str, Any] = {
    "word_ngrams": [1, 2],
    "char_ngrams": [3, 5],
    "hash_bits": 20,
    "dictionary_weight": 1.0,
    "char_weight": 1.0,
}


def frame_of_code(code: Code) -> str | None:
    """The frame of ``DEFAULT_FRAMES`` a code of one's own codebook stands for: its id when
    the id is a frame id (``offensive_force``), else its name read as one ("Offensive
    force"); ``None`` when it is neither."""
    if code.id in DEFAULT_FRAMES:
        return code.id
    name = re.sub(r"[^a-z0-9]+", "_", code.name.lower()).strip("_")
    return name if name in DEFAULT_FRAMES else None


def dictionary_column(book: Codebook | None, code_id: str) -> str:
    """The :attr:`Featurizer.dictionary_names` column holding ``code_id``'s dictionary hits:
    the code's own entries when it has any, else the default codes of its frame (a column
    that may be absent when the code stands for no frame)."""
    code = next((c for c in book.codes if c.id == code_id), None) if book is not None else None
    if code is None:
        return f"frame:{code_id}"
    if code.entries:
        return f"code:{code_id}"
    return f"frame:{frame_of_code(code) or code_id}"


class Featurizer:
    """Texts → a sparse matrix; :meth:`fit` learns the IDF weights from training texts."""

    def __init__(self, codebook: Codebook | None = None, params: dict[str, Any] | None = None):
        self.params = {**DEFAULT_PARAMS, **(params or {})}
        self.codebook = codebook
        self._blocks: list[_Block] = []
        self._matchers: list[Matcher] | None = None
        self._columns: list[list[int]] = []
        self.dictionary_names: list[str] = []

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_matchers"] = None  # compiled again on first use
        return state

    def _hashers(self) -> tuple[HashingVectorizer, HashingVectorizer]:
        from sklearn.feature_extraction.text import HashingVectorizer

        n = 1 << int(self.params["hash_bits"])
        w, c = self.params["word_ngrams"], self.params["char_ngrams"]
        word = HashingVectorizer(
            ngram_range=(w[0], w[1]), n_features=n, alternate_sign=False, norm=None,
            token_pattern=r"(?u)\b\w+\b", dtype=np.float32,
        )  # fmt: skip
        char = HashingVectorizer(
            analyzer="char_wb", ngram_range=(c[0], c[1]), n_features=n, alternate_sign=False,
            norm=None, dtype=np.float32,
        )  # fmt: skip
        return word, char

    def _dictionary(self) -> list[Matcher]:
        if self._matchers is None:
            from normtrace.coding.dictionary.matcher import compile_codebook

            default = load_default_codebook()
            self._matchers = [compile_codebook(default)]
            frame_of = {c: f for f, codes in DEFAULT_FRAMES.items() for c in codes}
            names = [f"frame:{f}" for f in DEFAULT_FRAMES]
            cols = [names.index(f"frame:{frame_of[c]}") if c in frame_of else -1
                    for c in self._matchers[0].codes]  # fmt: skip
            self._columns = [cols]
            own = self.codebook
            if own is not None and any(c.entries for c in own.codes):
                matcher = compile_codebook(own)
                with_entries = [c.id for c in own.codes if c.entries]
                self._matchers.append(matcher)
                self._columns.append([len(names) + with_entries.index(c) if c in with_entries
                                      else -1 for c in matcher.codes])  # fmt: skip
                names += [f"code:{c}" for c in with_entries]
            self.dictionary_names = names
        return self._matchers

    def dictionary_hits(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Hit counts per text and dictionary feature (:attr:`dictionary_names`)."""
        matchers = self._dictionary()
        out = np.zeros((len(texts), len(self.dictionary_names)), dtype=np.float32)
        for matcher, cols in zip(matchers, self._columns, strict=True):
            col_of = np.array(cols, dtype=np.int64)
            for start in range(0, len(texts), 256):
                spans = matcher.match_many(list(texts[start : start + 256]))
                if not spans.size:
                    continue
                target = col_of[spans.code]
                keep = target >= 0
                np.add.at(out, (spans.unit[keep] + start, target[keep]), 1.0)
        return out

    def fit(self, texts: Sequence[str]) -> Featurizer:
        """Learn which hashed n-grams occur in ``texts`` and their IDF weights.

        Only n-grams seen in training carry weight in a linear model, so the feature
        space keeps just those columns: models fit faster and are stored small.
        """
        self._blocks = [_Block.fit(h.transform(texts)) for h in self._hashers()]
        self._dictionary()
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix of ``texts`` (call :meth:`fit` first)."""
        import scipy.sparse as sp

        if not self._blocks:
            raise RuntimeError("Featurizer.fit must run before transform")
        weights = (1.0, float(self.params["char_weight"]))
        blocks = zip(self._blocks, self._hashers(), weights, strict=True)
        parts = [b.transform(h.transform(texts)) * w for b, h, w in blocks]
        d = np.log1p(self.dictionary_hits(texts)) * float(self.params["dictionary_weight"])
        return sp.hstack([*parts, sp.csr_matrix(d)], format="csr", dtype=np.float32)


class _Block:
    """One n-gram block: the columns seen in training, their IDF, sublinear TF, L2 rows."""

    def __init__(self, keep: np.ndarray[Any, Any], idf: np.ndarray[Any, Any]) -> None:
        self.keep = keep
        self.idf = idf

    @classmethod
    def fit(cls, counts: sp.csr_matrix) -> _Block:
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(df)
        n = counts.shape[0]
        idf = (np.log((1 + n) / (1 + df[keep])) + 1).astype(np.float32)
        return cls(keep, idf)

    def transform(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        X = sp.csr_matrix(counts[:, self.keep], dtype=np.float32)
        X.data = 1 + np.log(X.data)
        X = sp.csr_matrix(X.multiply(self.idf[np.newaxis, :]))
        return normalize(X)
