"""A fit is the same on every run: liblinear's dual solver visits the texts in a random
order, and without a seed of its own it drew from NumPy's global generator, which nothing
seeds, so two runs of `code train` on the same labels could give other coefficients and
probabilities. SYNTHETIC texts and labels."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from normtrace.coding.learn.train import SOLVER, TRAIN_PARAMS, make_classifier


def _fit(seed: int) -> np.ndarray:
    rng = np.random.default_rng(7)  # the data: fixed
    X = sp.csr_matrix(rng.random((120, 400)) * (rng.random((120, 400)) < 0.05))
    y = [int(v) for v in (X[:, :20].sum(axis=1).A.ravel() > 0.3)]
    np.random.seed(seed)  # the global generator an unseeded solver draws from
    clf = make_classifier(y, {**TRAIN_PARAMS, "calibration_folds": 3})
    clf.fit(X, y)
    return np.asarray(clf.predict_proba(X)[:, 1])


def test_a_fit_does_not_depend_on_numpys_global_seed() -> None:
    assert SOLVER.get("random_state") is not None
    assert np.array_equal(_fit(1), _fit(2))
