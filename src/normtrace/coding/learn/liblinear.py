"""The logistic regression of every classifier ``code train`` fits, one liblinear fit at a time.

scikit-learn's liblinear draws the order in which its dual solver visits the texts from one
random generator per process (``mt_rand``, ``sklearn/svm/src/newrand/newrand.h``): a fit
seeds it from ``random_state`` (``set_parameter``), then solves without the interpreter lock,
drawing a new order on every pass until it converges. Fits at once in threads (a code's folds
in :func:`~normtrace.coding.learn.train._held_out`, two retrains in the web app) reseeded it
and drew from it together: the same labels gave held-out probabilities that differed by up to
1e-6 from run to run. The draws span the whole solve, so the whole liblinear fit takes its
turn; the rest of a calibrated fit (its folds' probabilities, the sigmoid) runs beside it.

The dual solver is kept. On the frames set (dev part with the reference examples, the fits
``code train`` makes, one thread) it took 24.7 s of CPU, its test-part probabilities within
1e-6 of the exact optimum's; the solvers that draw nothing were slower or further: liblinear's
primal 32.0 s (within 1.5e-4), L-BFGS on the same objective 22.8 s (within 0.03; 51.0 s within
3e-4 at a tolerance of 1e-6). The price is the second core: on two, ``code train`` over
``../shared`` (``benchmarks/bench_learn.py``) took 23-28 s instead of 17-20 s, ``code
validate`` of 400 labelled units of SG reports 38-48 s instead of 26-31 s; folds fitted in
forked processes (each its own generator) were as fast as before, but fork a multi-threaded
web app. The model is the one the folds fitted one after another gave, bit for bit.
"""

from __future__ import annotations

import threading
from typing import Any

from sklearn.linear_model import LogisticRegression

#: held by a liblinear fit from its seed to its last draw: one at a time in the process
_GENERATOR = threading.Lock()


class TurnLogisticRegression(LogisticRegression):  # type: ignore[misc]  # sklearn: untyped
    """scikit-learn's ``LogisticRegression`` (same parameters, same model) whose ``fit`` waits
    for any other liblinear fit of the process to finish, so that a fit draws liblinear's
    random generator alone and gives the same coefficients whatever runs beside it.

    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> clf = TurnLogisticRegression(solver="liblinear", dual=True, random_state=0)
    >>> clf.fit(X, [0, 0, 1, 1]).predict([[0.0], [3.0]]).tolist()
    [0, 1]
    """

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> TurnLogisticRegression:
        with _GENERATOR:
            super().fit(X, y, sample_weight=sample_weight)
        return self
