"""The same labels give the same probabilities bit for bit, whatever fits run beside them.

scikit-learn's liblinear has one random generator per process (its dual solver draws the
order it visits the texts from it, seeded by each fit): ``code train`` fitted a code's
folds in threads at once, the fits drew from it together, and two runs on the same labels
gave held-out probabilities that differed by up to 1e-6 (``learn-linear-2``). Before the
fix the comparisons below failed on every run (in a probe, 4-13 of 40 threaded fits and
4-7 of 8 held-out runs differed from the same fits alone). SYNTHETIC data: random sparse
features and labels drawn from them.
"""

from __future__ import annotations

import os
import pickle
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.learn import train
from normtrace.coding.learn.liblinear import TurnLogisticRegression

N, D = 150, 300  # big enough that a fit spans many passes of the dual solver


def _data(seed: int) -> tuple[Any, list[int]]:
    """SYNTHETIC: a sparse matrix and labels from a tenth of its columns plus noise."""
    rng = np.random.default_rng(seed)
    X = sp.random(N, D, density=0.1, format="csr", random_state=rng)
    signal = np.asarray(X[:, : D // 10].sum(axis=1)).ravel() + rng.normal(0, 0.2, N)
    return X, [int(v) for v in signal > np.median(signal)]


def _fit(seed: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    X, y = _data(seed)
    clf = train.make_classifier(y, train.TRAIN_PARAMS).fit(X, y)
    return np.asarray(clf.predict_proba(X)[:, 1])


def test_fits_in_threads_give_the_probabilities_of_the_same_fits_alone() -> None:
    seeds = range(24)
    alone = [_fit(s) for s in seeds]
    for _ in range(2):
        with ThreadPoolExecutor(max_workers=2) as pool:
            together = list(pool.map(_fit, seeds))
        differ = [s for s, a, b in zip(seeds, alone, together, strict=True)
                  if not np.array_equal(a, b)]  # fmt: skip
        assert differ == []


def test_held_out_folds_in_threads_are_the_folds_fitted_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    positions = list(range(N))
    folds = [([i for i in positions if i % 5 != k], [i for i in positions if i % 5 == k])
             for k in range(5)]  # fmt: skip

    def held(seed: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        X, y = _data(seed)
        return train._held_out(X, positions, y, None, train.TRAIN_PARAMS, None, folds).classifier

    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # _held_out's pool: one thread
    alone = [held(s) for s in range(6)]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # two, on any machine
    for _ in range(2):
        differ = [s for s, a in enumerate(alone) if not np.array_equal(a, held(s))]
        assert differ == []


def test_a_fit_is_scikit_learns_and_keeps_its_parameters() -> None:
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression

    X, y = _data(0)
    ours = TurnLogisticRegression(C=10.0, **train.SOLVER)
    theirs = LogisticRegression(C=10.0, **train.SOLVER).fit(X, y)
    assert np.array_equal(ours.fit(X, y).coef_, theirs.coef_)
    assert clone(ours).get_params() == theirs.get_params()
    again = pickle.loads(pickle.dumps(ours))
    assert np.array_equal(again.predict_proba(X), ours.predict_proba(X))


def test_a_model_of_the_racing_learner_never_shares_a_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = Codebook(name="synth", codes=(Code(id="a", name="A"),))
    texts, labels = {"SYN/1/p1": "a text"}, {"a": {"SYN/1/p1": 1}}
    now = train.model_version(book, "unit", texts, labels, train.TRAIN_PARAMS)
    monkeypatch.setattr(train, "ALGORITHM", "learn-linear-2")
    assert train.model_version(book, "unit", texts, labels, train.TRAIN_PARAMS) != now
