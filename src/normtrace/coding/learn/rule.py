"""A code's dictionary rule: the cold-start predictor ``code train`` keeps for a code with a
dictionary until its classifier beats it (:mod:`normtrace.coding.learn.train`).

P(code) is the dictionary's smoothed precision on the labelled targets where it hits, else the
rate among the labelled targets it misses (:func:`rule_rates`); the rule suggests its code only
on its dictionary's hits (:meth:`DictionaryRule.suggested`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: prior pseudo-counts (code applies, does not) of a dictionary hit and of a miss: a hit is
#: presumed right and a miss presumed not (prior means 0.75 and 0.25, each worth 4 labelled
#: targets), so one or two labels cannot overrule the researcher's dictionary — under a
#: uniform prior a single rejected hit among the first labels set its precision to 1/3 and
#: switched the code off everywhere (the active-learning curve at 20 labels, 0.73 vs 0.85)
PRIOR_HIT = (3, 1)
PRIOR_MISS = (1, 3)


def rule_rates(hit: np.ndarray[Any, Any], truth: np.ndarray[Any, Any]) -> tuple[float, float]:
    """A dictionary rule's P(code | hit) and P(code | miss) from labelled targets (boolean
    arrays), each smoothed by its prior (:data:`PRIOR_HIT`, :data:`PRIOR_MISS`)."""
    p_hit = (int((hit & truth).sum()) + PRIOR_HIT[0]) / (int(hit.sum()) + sum(PRIOR_HIT))
    p_miss = (int((~hit & truth).sum()) + PRIOR_MISS[0]) / (int((~hit).sum()) + sum(PRIOR_MISS))
    return p_hit, p_miss


class DictionaryRule:
    """A cold-start predictor: P(code) = the dictionary's precision when it hits, else the
    rate among labelled units it misses (both smoothed, :func:`rule_rates`). It reads the
    dictionary columns that :class:`Featurizer` appends to every feature matrix."""

    def __init__(self, column: int, n_columns: int, p_hit: float, p_miss: float) -> None:
        self.column, self.n_columns = column, n_columns
        self.p_hit, self.p_miss = p_hit, p_miss

    def predict_proba(self, X: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
        """``[P(not code), P(code)]`` per row of a full feature matrix (whose last
        ``n_columns`` columns are the dictionary's)."""
        start = X.shape[1] - self.n_columns
        p = self.proba_from_hits(X[:, start:].toarray())
        return np.column_stack([1 - p, p])

    @property
    def fires(self) -> bool:
        """Whether the rule suggests anything at the 0.5 bar: its hits are right at least half
        the time (:meth:`suggested`; else it suggests nothing)."""
        return self.p_hit >= 0.5

    def suggested(
        self, hits: np.ndarray[Any, np.dtype[np.bool_]], bar: float = 0.5
    ) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Where the rule suggests its code at probability ``bar``, given where its dictionary
        ``hits``: on the hits, when P(code | hit) reaches the bar, and never on a miss — the
        rule says the same of every text its dictionary misses (a base rate), which is no
        suggestion about that text. The one rule of ``code suggest``, of ``code validate``'s
        model row and of the cross-validated choice between rule and classifier."""
        return np.asarray(hits, dtype=bool) & (self.p_hit >= bar)

    def hits(self, X: Any, rows: list[int] | None = None) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Whether the dictionary hits each of ``rows`` (default: every row) of a full
        feature matrix."""
        start = X.shape[1] - self.n_columns
        picked = X[:, start + self.column] if rows is None else X[rows, start + self.column]
        return np.asarray(picked.todense()).ravel() > 0

    def proba_from_hits(self, hits: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """P(code) from the dictionary's columns alone (:meth:`Featurizer.dictionary_hits`,
        or those of a feature matrix): ``p_hit`` where the code's column is non-zero."""
        return np.where(hits[:, self.column] > 0, self.p_hit, self.p_miss).astype(np.float64)
