"""A validation run stored the way an earlier release stored it, for the tests of what a stored
validation says when its labels or texts changed since (SYNTHETIC projects of codebook
``synth``, built by each test module).

``tests/coding`` is on ``sys.path`` for its own tests (``from synthetic_validation import ...``).
"""

from __future__ import annotations

import json

from normtrace.coding.learn.validate import validations
from normtrace.store.db import Store


def stored_as_older(store: Store, *, texts_only: bool = False) -> int:
    """Store again the summary of the first unit-level validation run of codebook ``synth`` as a
    new run (source ``test.synthetic``) without the labels it measured, as runs of stop 44 and
    before were stored; with ``texts_only``, without their texts alone (as stop 45 stored
    them). The new run's id."""
    run = next(validations(store, "synth", level="unit"))
    summary = json.loads(store.conn.execute(
        "SELECT summary FROM runs WHERE id = ?", (run.run_id,)).fetchone()[0])  # fmt: skip
    if texts_only:
        del summary["labels"]["texts"]
    else:
        del summary["labels"]
    old = store.start_run("validate", "test.synthetic")
    store.finish_run(old, summary)
    return old
