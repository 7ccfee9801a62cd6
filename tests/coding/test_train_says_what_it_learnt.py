"""`code train` said a bare "trained" for a code without a dictionary whose last validation
had found none of its positives (newuser45): each code's line says what it trained on, and
what the last validation measured of the code's model, on which labels.

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text): the
project of :mod:`test_validation_labels_changed`.
"""

from __future__ import annotations

from pathlib import Path

from test_validation_labels_changed import _positives, _project

from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store


def test_train_says_what_a_code_without_dictionary_learnt_from(tmp_path: Path) -> None:
    path, truth, keys = _project(tmp_path)
    force = {k: (v[1], 0) for k, v in truth.items()}
    with Store.open(path) as store:
        status = train_model(store, "synth", params={"reference": False}).codes["force"]
    pos = _positives(force, keys[:25])
    assert status["status"] == (
        f"trained on {pos} positive(s), {25 - pos} negative(s) (a classifier, no dictionary: "
        "only `code validate` measures it)"
    )
