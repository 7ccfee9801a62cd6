"""Active learning: which targets a coder should code next to improve a code's model most.

Uncertainty sampling with diversity: the pool's most uncertain targets (probability
nearest 0.5) are shortlisted, then picked greedily, each time the one whose
uncertainty minus its highest cosine similarity to the targets already picked is
largest, so one batch does not spend the coder's time on near-duplicates. A code with
too few labels for a classifier starts from its dictionary hits (:func:`cold_start`).

Targets equally uncertain are ordered by their text, never by their place in the pool, so
the shortlist is not simply the corpus's first documents and the same pool in any order
gives the same picks. A code predicted by its dictionary (rule or cold start) gives every
hit one probability and every miss another, so there almost everything is a tie: its
targets are taken longest first (:func:`longest_first`: text length, in words, up to
:data:`LONG`, as a proxy for the information a label carries), and the diversity step
then spreads the batch over the longest hits. Every other code (a classifier's
probabilities rarely tie; a code with neither dictionary nor classifier) orders ties by a
hash of the text (:func:`tie_break`).
A code predicted by its dictionary is scored from the dictionary's hits alone, and only
the shortlist is featurized for the diversity step.

Section headings are never proposed: ``code apply`` leaves them to hand coding
(:data:`normtrace.coding.dictionary.apply.CODED_UNITS`), and so do ``code suggest`` and this.

A code with neither a classifier nor a dictionary but with a positive or two (too few to
learn from) is started from its positives: the targets most like them come first
(relevance feedback, as continuous active learning starts), so the next batch is likely to
hold the positives a classifier needs, instead of being spread evenly over a pool where
the code is rare.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.apply import CODED_UNITS, stored_codebook
from normtrace.coding.learn.features import Featurizer, dictionary_column
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.train import DictionaryRule, Model, latest_model
from normtrace.coding.levels import check_level, level_key, level_units
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store

#: the shortlist holds this many targets per target to pick
SHORTLIST = 10
#: weight of the similarity penalty against uncertainty
DIVERSITY = 0.5


@dataclass(frozen=True)
class NextUnit:
    """A target to code next, with the model's current probability for the code and what
    it rests on (``basis``): ``classifier``, ``dictionary`` (a rule or the dictionary's cold
    start: the smoothed rate of its hits or misses), ``like its positives`` (a stand-in,
    half the similarity to the nearest labelled positive, not a probability) or ``none yet``
    (no classifier, dictionary or positive: 0.5 for every target)."""

    unit_key: str
    probability: float
    uncertainty: float
    basis: str = "classifier"


#: the rows of the pool with the given indices, as a feature matrix (so that only the
#: shortlist needs featurizing), or the whole pool's matrix
Rows: TypeAlias = sp.csr_matrix | Callable[[list[int]], sp.csr_matrix]


def pick(
    probabilities: np.ndarray[Any, np.dtype[np.float64]],
    rows: Rows,
    n: int,
    ties: np.ndarray[Any, np.dtype[np.uint64]],
) -> list[int]:
    """Indices of ``n`` rows to label next: uncertain, and unlike each other. ``ties``
    (:func:`tie_break`) orders rows equally uncertain.

    >>> import numpy as np, scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1.0, 0], [0.9, 0.1], [0, 1.0]]))
    >>> pick(np.array([0.5, 0.45, 0.4]), X, 2, tie_break(["a", "b", "c"]))
    [0, 2]
    """
    if n <= 0 or probabilities.size == 0:
        return []
    uncertainty = 1.0 - 2.0 * np.abs(probabilities - 0.5)
    order = np.lexsort((ties, -uncertainty))[: max(n * SHORTLIST, n)]
    V = normalize(rows(order.tolist()) if callable(rows) else rows[order])
    best = np.zeros(order.size)
    chosen: list[int] = []
    free = np.ones(order.size, dtype=bool)
    for _ in range(min(n, order.size)):
        score = np.where(free, uncertainty[order] - DIVERSITY * best, -np.inf)
        i = int(np.argmax(score))
        chosen.append(int(order[i]))
        free[i] = False
        sims = (V @ V[i].T).toarray().ravel()
        best = np.maximum(best, sims)
    return chosen


def tie_break(texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """A value per text that depends on the text only (a hash): rows equally uncertain are
    ordered the same way whatever their order in the pool, and in no relation to it."""
    return np.array(
        [int.from_bytes(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8)
                        .digest(), "big") for t in texts],
        dtype=np.uint64,
    )  # fmt: skip


#: past this many words a text counts as long as any (about the 95th percentile of the
#: frames set's paragraphs): more words then cost the coder more reading than they add
LONG = 150
#: how :func:`next_units` orders targets of equal probability when a dictionary predicts the
#: code (what ``normtrace code next`` says on stderr then)
DICTIONARY_TIES = (
    f"longest first up to {LONG} words (text length as a proxy for information), each unlike "
    "those already picked"
)


def longest_first(texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Tie keys (ascending = first) for targets a dictionary scores alike: the text with the
    most words first (all past :data:`LONG` alike), equal lengths by :func:`tie_break`'s
    hash. Depends on the text only.

    >>> keys = longest_first(["two words", "three words here", "two more"])
    >>> int(np.argmin(keys)), bool(keys[0] != keys[2])
    (1, True)
    """
    cap = np.uint64(LONG)
    words = np.minimum(np.array([len(t.split()) for t in texts], dtype=np.uint64), cap)
    return ((cap - words) << np.uint64(40)) | (tie_break(texts) >> np.uint64(24))


def ties_for(model: Model, code: str, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The tie keys :func:`next_units` passes to :func:`pick` for ``code``:
    :func:`longest_first` when its dictionary predicts it, else :func:`tie_break`."""
    dictionary = _basis(model, code, has_positives=False) == "dictionary"
    return longest_first(texts) if dictionary else tie_break(texts)


def probabilities_for(
    model: Model,
    code: str,
    texts: Sequence[str],
    X: sp.csr_matrix | None = None,
    positives: Sequence[str] = (),
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """``code``'s probabilities on ``texts`` for picking: its classifier's (on ``X``, the
    texts' features, computed when not given), its dictionary rule's or :func:`cold_start`
    (from the dictionary's hits, else from ``positives``, the texts of the code's labelled
    positives). A dictionary rule and a dictionary cold start never featurize the pool."""
    predictor = model.classifiers.get(code)
    if predictor is None:
        return cold_start(model.featurizer, code, texts, positives)
    if isinstance(predictor, DictionaryRule):
        return predictor.proba_from_hits(model.featurizer.dictionary_hits(texts))
    features = X if X is not None else model.featurizer.transform(texts)
    return np.asarray(predictor.predict_proba(features)[:, 1], dtype=np.float64)


def cold_start(
    featurizer: Featurizer, code: str, texts: Sequence[str], positives: Sequence[str] = ()
) -> np.ndarray[Any, Any]:
    """Stand-in probabilities for a code without a classifier yet, ordering the pool for
    :func:`pick`: 0.5 (most uncertain) where the code's dictionary (own entries, else its
    frame's default codes) hits, else 0; without a dictionary, half the target's highest
    cosine similarity to one of ``positives`` (most alike first); with neither, 0.5 for all.
    """
    column = _dictionary_index(featurizer, code)
    if column is not None:
        hits = featurizer.dictionary_hits(texts)
        return np.where(hits[:, column] > 0, 0.5, 0.0)
    if positives and texts:
        pool = normalize(featurizer.transform(list(texts)))
        seeds = normalize(featurizer.transform(list(positives)))
        similarity = (pool @ seeds.T).max(axis=1).toarray().ravel()
        return np.asarray(0.5 * np.clip(similarity, 0.0, 1.0), dtype=np.float64)
    return np.full(len(texts), 0.5)


def next_units(
    store: Store, codebook: str, code: str, *, n: int = 20, level: str = "unit"
) -> list[NextUnit]:
    """The ``n`` unlabelled targets whose coding would most improve ``code``'s model."""
    check_level(level)
    book = stored_codebook(store, codebook)
    _check_codable(book, code)
    try:
        model = latest_model(store, codebook, level)
    except NotFoundError:
        labels = collect_labels(store, book, level)
        if labels.keys():
            raise  # labels to learn from: train first (the error says how)
        return first_batch(store, book, code, n=n, level=level, touched=labels.judged(code))
    if code not in model.codes:
        raise CodingError(
            f"code {code!r} is not in model {model.version} of {codebook}; train again after "
            "adding it to the codebook"
        )
    labels = collect_labels(store, book, level)
    mine = labels.by_code.get(code, {})
    labelled = labels.judged(code)
    targets = level_units(store, level, among=f"({CODED_UNITS})")  # no heading (apply's rule)
    pool = [u for u in targets if u.key not in labelled]
    if not pool:
        return []
    texts = [u.text for u in pool]
    positives = [u.text for u in targets if mine.get(u.key) == 1]
    p = probabilities_for(model, code, texts, positives=positives)
    rule = model.classifiers.get(code)
    learnt = model.codes.get(code, {})
    if (
        isinstance(rule, DictionaryRule)
        and not learnt.get("positives")
        and not learnt.get("negatives")
    ):
        # a rule with no label of its own keeps its prior (0.75 on a hit, 0.25 elsewhere),
        # which makes hits and misses equally uncertain, and the misses outnumber the hits:
        # take the hits, as a first batch does, while any are left
        hit = p == rule.p_hit
        if hit.any() and not hit.all():
            keep = hit.nonzero()[0].tolist()
            pool, texts, p = [pool[i] for i in keep], [texts[i] for i in keep], p[hit]
    featurize = model.featurizer.transform
    ties = ties_for(model, code, texts)
    picked = pick(p, lambda rows: featurize([texts[i] for i in rows]), n, ties)
    basis = _basis(model, code, bool(positives))
    return [
        NextUnit(
            pool[i].key, round(float(p[i]), 4), round(1 - 2 * abs(float(p[i]) - 0.5), 4), basis
        )  # fmt: skip
        for i in picked
    ]


def first_batch(
    store: Store,
    book: Codebook,
    code: str,
    *,
    n: int = 20,
    level: str = "unit",
    touched: frozenset[str] | None = None,
) -> list[NextUnit]:
    """``n`` targets to code ``code`` first, in a project with no label and no model of
    ``book`` yet. Where the code's dictionary (own entries, else its frame's default codes)
    hits, its hits come first, longest first (``dictionary``, as :func:`cold_start`);
    otherwise every target is equally uncertain (``none yet``) and a shortlist ordered by a
    hash of the text alone (a pseudo-random sample, the same whatever the corpus order) is
    spread by :func:`pick` so that each target is unlike those already picked."""
    if touched is None:  # marked or coded: judged already (next_units has read them)
        touched = collect_labels(store, book, level).judged(code)
    pool = [u for u in level_units(store, level, among=f"({CODED_UNITS})")
            if u.key not in touched]  # fmt: skip
    if not pool:
        return []
    texts = [u.text for u in pool]
    sample = np.argsort(tie_break(texts), kind="stable")[: max(n * SHORTLIST, n)].tolist()
    featurizer = Featurizer(book).fit([texts[i] for i in sample])  # its dictionary columns
    p, basis = np.full(len(texts), 0.5), "none yet"
    if _dictionary_index(featurizer, code) is not None:
        candidates = _candidate_targets(store, book, code, level)
        hits = (
            np.array([0.5 if u.key in candidates else 0.0 for u in pool])
            if candidates  # the latest `code apply`'s hits: no scan of the whole pool
            else cold_start(featurizer, code, texts)
        )
        if hits.any():  # a dictionary that hits nothing here orders nothing
            p, basis = hits, "dictionary"
    ties = longest_first(texts) if basis == "dictionary" else tie_break(texts)
    uncertainty = 1 - 2 * np.abs(p - 0.5)
    shortlist = np.lexsort((ties, -uncertainty))[: max(n * SHORTLIST, n)].tolist()
    featurizer.fit([texts[i] for i in shortlist])
    picked = pick(p, lambda rows: featurizer.transform([texts[i] for i in rows]), n, ties)
    return [
        NextUnit(pool[i].key, round(float(p[i]), 4), round(float(uncertainty[i]), 4), basis)
        for i in picked
    ]


def _candidate_targets(store: Store, book: Codebook, code: str, level: str) -> set[str]:
    """The targets at ``level`` holding a current candidate of ``code`` from ``book``'s own
    entries (its latest `code apply`); empty when the code has none or was never applied."""
    if not book.get(code).entries:
        return set()
    rows = store.conn.execute(
        "SELECT DISTINCT a.unit_key FROM current_auto_codings a JOIN codebooks b "
        "ON b.id = a.codebook_id WHERE b.name = ? AND a.code = ?",
        (book.name, code),
    )
    return {level_key(str(r[0]), level) for r in rows}


def _check_codable(book: Codebook, code: str) -> None:
    """Refuse a code the codebook lacks, and a group code (``codable: false``: only codable
    codes are learnt, so it has no model); the error names the codable codes instead."""
    group = next((c for c in book.codes if c.id == code), None)
    if group is None:
        raise CodingError(
            f"no code {code!r} in codebook {book.name}; its codable codes: "
            f"{', '.join(c.id for c in book.codes if c.codable)}"
        )
    if group.codable:
        return
    below = [c.id for c in book.descendants(code) if c.codable]
    instead = (
        f"one of its codable codes: {', '.join(below)}"
        if below
        else f"a codable code of {book.name}: {', '.join(c.id for c in book.codes if c.codable)}"
    )
    raise CodingError(
        f"code {code!r} of codebook {book.name} is a group (codable: false), not learnt, "
        f"so it has no model; pass --code with {instead}"
    )


def _basis(model: Model, code: str, has_positives: bool) -> str:
    """What :func:`probabilities_for` rests on for ``code`` (see :class:`NextUnit`)."""
    predictor = model.classifiers.get(code)
    if isinstance(predictor, DictionaryRule):
        return "dictionary"
    if predictor is not None:
        return "classifier"
    if _dictionary_index(model.featurizer, code) is not None:
        return "dictionary"
    return "like its positives" if has_positives else "none yet"


def _dictionary_index(featurizer: Featurizer, code: str) -> int | None:
    """The index of ``code``'s dictionary among the featurizer's dictionary columns (its own
    entries, else its frame's default codes), ``None`` when it has no dictionary."""
    names = featurizer.dictionary_names
    column = dictionary_column(featurizer.codebook, code)
    return names.index(column) if column in names else None
