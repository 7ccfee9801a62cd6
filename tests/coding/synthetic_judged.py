"""The SYNTHETIC project of the tests of a model judged against the base rate (``code train``,
``code suggest``, the workbench's suggestion queue): 60 units of 12 made-up documents SYN/n
(:func:`test_coding_learn.fill`, not UN text), 40 of them labelled by coder ``gold`` in
codebook ``judged``: ``poc`` by what the unit says, ``noise`` at random.

``tests/coding`` is on ``sys.path`` for its own tests; a test elsewhere puts it there first.
"""

from __future__ import annotations

import random
from pathlib import Path

from test_coding_learn import fill, write_jsonl

from normtrace.coding.exchange.codings import import_codings
from normtrace.store.db import Store

#: codebook ``judged``: poc and noise, neither with a dictionary
CODEBOOK = """# SYNTHETIC
name: judged
codes:
  - {id: poc, name: Protection}
  - {id: noise, name: Noise}
"""


def label_judged(store: Store, folder: Path, noise_seed: int = 1) -> None:
    """Fill ``store`` with the 60 units, write the codebook to ``folder/judged.yaml`` and import
    the 40 labels (``noise`` on one unit in two, drawn with ``noise_seed``)."""
    truth = fill(store, docs=12, seed=5)
    (folder / "judged.yaml").write_text(CODEBOOK)
    rng = random.Random(noise_seed)
    rows: list[dict[str, object]] = []
    for key in sorted(truth)[:40]:
        codes = [c for c, on in (("poc", truth[key][0]), ("noise", rng.random() < 0.5)) if on]
        rows += [{"unit_key": key, "code": c} for c in codes or [""]]
    import_codings(store, write_jsonl(folder / "labels.jsonl", rows),
                   codebook=str(folder / "judged.yaml"), coder="gold")  # fmt: skip
