"""Features for assisted coding: word and character n-grams plus dictionary hits.

The n-grams are hashed (no vocabulary to fit, so any text can be transformed the
same way) and weighted by a sublinear TF-IDF fitted on the training texts only; only
the n-grams seen in training are kept. Dictionary
features are the hits of the codebook's own entries (if it has any) and of the
bundled default codebook's codes grouped into the six frames of ``FRAMES.md``
(``DEFAULT_FRAMES``), so a codebook without entries still gets them.

Within :func:`reused_counts` (``code validate``'s folds) what is a pure function of one text
— its hashed n-gram counts before any fitting, its dictionary hits — is computed once per
distinct text, and the compiled dictionaries once per codebook; every fit still learns its
columns and IDF from its own training texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
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


class _Rows:
    """Each text's row of one kind of sparse count (one hasher's), counted once."""

    def __init__(self) -> None:
        self.width = 0
        self.by_text: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = {}

    def matrix(self, texts: Sequence[str], count: Callable[[list[str]], Any]) -> sp.csr_matrix:
        """``count(texts)`` (a CSR matrix, a row per text that depends on that text alone),
        counting only the texts not counted before."""
        import scipy.sparse as sp

        new = [t for t in dict.fromkeys(texts) if t not in self.by_text]
        if new:
            m = count(new)
            self.width = m.shape[1]
            for i, t in enumerate(new):
                start, end = m.indptr[i], m.indptr[i + 1]
                self.by_text[t] = (m.indices[start:end], m.data[start:end])
        parts = [self.by_text[t] for t in texts]
        indptr = np.zeros(len(parts) + 1, dtype=np.int32)
        np.cumsum([len(i) for i, _ in parts], out=indptr[1:])
        indices = np.concatenate([i for i, _ in parts])
        data = np.concatenate([d for _, d in parts])
        return sp.csr_matrix((data, indices, indptr), shape=(len(parts), self.width))


class _Counts:
    """What :func:`reused_counts` keeps: each text's hashed counts per hasher, its dictionary
    hits per codebook, and each codebook's compiled dictionaries."""

    def __init__(self) -> None:
        self.hashed: dict[tuple[Any, ...], _Rows] = {}
        self.hits: dict[str, dict[str, np.ndarray[Any, np.dtype[np.float32]]]] = {}
        self.compiled: dict[str, tuple[list[Matcher], list[list[int]], list[str]]] = {}


#: the counts kept within :func:`reused_counts` (``None`` outside it)
_REUSED: ContextVar[_Counts | None] = ContextVar("normtrace_learn_counts", default=None)


@contextmanager
def reused_counts() -> Iterator[None]:
    """Within the block, every :class:`Featurizer` hashes each distinct text's n-grams and
    finds its dictionary hits once, and compiles each codebook's dictionaries once:
    ``code validate`` featurizes the same labelled texts and reference examples in every fold.
    Only what depends on one text alone is kept, never a fitted weight: each fold still learns
    which columns to keep and their IDF from its own training texts, so nothing of the texts a
    fold scores reaches its model. The features are the same, number for number. A block
    within the block keeps adding to the same counts."""
    if _REUSED.get() is not None:
        yield
        return
    token = _REUSED.set(_Counts())
    try:
        yield
    finally:
        _REUSED.reset(token)


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
            reused = _REUSED.get()
            book = "" if self.codebook is None else self.codebook.sha256
            if reused is not None and book in reused.compiled:
                matchers, columns, names = reused.compiled[book]
            else:
                matchers, columns, names = self._compile()
                if reused is not None:
                    reused.compiled[book] = (matchers, columns, names)
            # the matchers are shared (they hold no state), the lists are each featurizer's
            self._matchers, self._columns = list(matchers), [list(c) for c in columns]
            self.dictionary_names = list(names)
        return self._matchers

    def _compile(self) -> tuple[list[Matcher], list[list[int]], list[str]]:
        """The default codebook's matcher and the codebook's own (when it has entries), the
        feature column of each of their codes (-1: none), the columns' names."""
        from normtrace.coding.dictionary.matcher import compile_codebook

        default = load_default_codebook()
        matchers = [compile_codebook(default)]
        frame_of = {c: f for f, codes in DEFAULT_FRAMES.items() for c in codes}
        names = [f"frame:{f}" for f in DEFAULT_FRAMES]
        columns = [[names.index(f"frame:{frame_of[c]}") if c in frame_of else -1
                    for c in matchers[0].codes]]  # fmt: skip
        own = self.codebook
        if own is not None and any(c.entries for c in own.codes):
            matcher = compile_codebook(own)
            with_entries = [c.id for c in own.codes if c.entries]
            matchers.append(matcher)
            columns.append([len(names) + with_entries.index(c) if c in with_entries else -1
                            for c in matcher.codes])  # fmt: skip
            names += [f"code:{c}" for c in with_entries]
        return matchers, columns, names

    def dictionary_hits(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Hit counts per text and dictionary feature (:attr:`dictionary_names`)."""
        reused = _REUSED.get()
        if reused is None or not texts:
            return self._hits(texts)
        self._dictionary()
        book = "" if self.codebook is None else self.codebook.sha256
        seen = reused.hits.setdefault(book, {})
        new = [t for t in dict.fromkeys(texts) if t not in seen]
        seen.update(zip(new, self._hits(new), strict=True))
        return np.stack([seen[t] for t in texts])

    def _hits(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
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

    def _counts(self, texts: Sequence[str]) -> list[sp.csr_matrix]:
        """The raw hashed n-gram counts of ``texts``, per hasher (word, character)."""
        from normtrace.coding.learn.ngrams import by_words, char_wb_counts

        reused = _REUSED.get()
        # the character hasher's counts, each distinct word's n-grams hashed once: the same
        # matrix as its transform (:mod:`~normtrace.coding.learn.ngrams`)
        counters = [partial(char_wb_counts, h) if by_words(h) else h.transform
                    for h in self._hashers()]  # fmt: skip
        if reused is None or not texts:
            return [count(texts) for count in counters]
        out = []
        for kind, count in zip(("word_ngrams", "char_ngrams"), counters, strict=True):
            key = (kind, *self.params[kind], int(self.params["hash_bits"]))
            out.append(reused.hashed.setdefault(key, _Rows()).matrix(texts, count))
        return out

    def fit(self, texts: Sequence[str]) -> Featurizer:
        """Learn which hashed n-grams occur in ``texts`` and their IDF weights.

        Only n-grams seen in training carry weight in a linear model, so the feature
        space keeps just those columns: models fit faster and are stored small.
        """
        self._blocks = [_Block.fit(counts) for counts in self._counts(texts)]
        self._dictionary()
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix of ``texts`` (call :meth:`fit` first)."""
        import scipy.sparse as sp

        if not self._blocks:
            raise RuntimeError("Featurizer.fit must run before transform")
        weights = (1.0, float(self.params["char_weight"]))
        blocks = zip(self._blocks, self._counts(texts), weights, strict=True)
        parts = [b.transform(counts) * w for b, counts, w in blocks]
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
