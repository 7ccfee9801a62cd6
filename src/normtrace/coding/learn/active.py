"""Active learning: which targets a coder should code next to improve a code's model most.

Uncertainty sampling with diversity: the pool's most uncertain targets (probability
nearest 0.5) are shortlisted, then picked greedily, each time the one whose
uncertainty minus its highest cosine similarity to the targets already picked is
largest, so one batch does not spend the coder's time on near-duplicates. A code with
too few labels for a classifier starts from its dictionary hits (:func:`cold_start`).

Targets equally uncertain (every hit of a dictionary rule, every target of a code with
neither dictionary nor classifier) are ordered by their text's features, not by their
place in the pool, so the shortlist is not simply the corpus's first documents and the
same pool in any order gives the same picks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.learn.features import Featurizer, dictionary_column
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.train import Model, latest_model
from normtrace.coding.levels import check_level, level_units
from normtrace.errors import CodingError
from normtrace.store.db import Store

#: the shortlist holds this many targets per target to pick
SHORTLIST = 10
#: weight of the similarity penalty against uncertainty
DIVERSITY = 0.5


@dataclass(frozen=True)
class NextUnit:
    """A target to code next, with the model's current probability for the code."""

    unit_key: str
    probability: float
    uncertainty: float


def pick(
    probabilities: np.ndarray[Any, np.dtype[np.float64]], X: sp.csr_matrix, n: int
) -> list[int]:
    """Indices of ``n`` rows to label next: uncertain, and unlike each other.

    >>> import numpy as np, scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1.0, 0], [0.9, 0.1], [0, 1.0]]))
    >>> pick(np.array([0.5, 0.45, 0.4]), X, 2)
    [0, 2]
    """
    if n <= 0 or probabilities.size == 0:
        return []
    uncertainty = 1.0 - 2.0 * np.abs(probabilities - 0.5)
    order = np.lexsort((tie_break(X), -uncertainty))[: max(n * SHORTLIST, n)]
    V = normalize(X[order])
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


def tie_break(X: sp.csr_matrix) -> np.ndarray[Any, np.dtype[np.float64]]:
    """A value per row that depends on the row's features only: their projection on a
    fixed random direction (seeded), so ties are broken the same way whatever the order
    of the rows, and in no relation to it."""
    direction = np.random.default_rng(0).standard_normal(X.shape[1])
    return np.asarray(X @ direction, dtype=np.float64).ravel()


def probabilities_for(model: Model, code: str, texts: Sequence[str],
                      X: sp.csr_matrix) -> np.ndarray[Any, np.dtype[np.float64]]:  # fmt: skip
    """``code``'s probabilities on ``texts`` (features ``X``) for picking: its predictor's
    (classifier or dictionary rule), else :func:`cold_start`."""
    if code in model.classifiers:
        return np.asarray(model.classifiers[code].predict_proba(X)[:, 1], dtype=np.float64)
    return cold_start(model.featurizer, code, texts)


def cold_start(featurizer: Featurizer, code: str, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """Stand-in probabilities for a code without a classifier yet: 0.5 (most uncertain)
    where the code's dictionary (own entries, else its frame's default codes) hits, else 0.
    """
    hits = featurizer.dictionary_hits(texts)
    names = featurizer.dictionary_names
    column = dictionary_column(featurizer.codebook, code)
    if column in names:
        return np.where(hits[:, names.index(column)] > 0, 0.5, 0.0)
    return np.full(len(texts), 0.5)


def next_units(
    store: Store, codebook: str, code: str, *, n: int = 20, level: str = "unit"
) -> list[NextUnit]:
    """The ``n`` unlabelled targets whose coding would most improve ``code``'s model."""
    check_level(level)
    model = latest_model(store, codebook, level)
    if code not in model.codes:
        raise CodingError(
            f"code {code!r} is not in model {model.version} of {codebook}; train again after "
            "adding it to the codebook"
        )
    labels = collect_labels(store, stored_codebook(store, codebook), level)
    labelled = labels.human | set(labels.by_code.get(code, {}))
    pool = [u for u in level_units(store, level) if u.key not in labelled]
    if not pool:
        return []
    texts = [u.text for u in pool]
    X = model.featurizer.transform(texts)
    p = probabilities_for(model, code, texts, X)
    picked = pick(p, X, n)
    return [
        NextUnit(pool[i].key, round(float(p[i]), 4), round(1 - 2 * abs(float(p[i]) - 0.5), 4))
        for i in picked
    ]
