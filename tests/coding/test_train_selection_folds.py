"""``code train`` chooses between a code's classifier and its dictionary rule in the folds
``code validate`` scores the code in.

Every text here is SYNTHETIC (made up for tests, not UN text) in made-up documents SYN/n.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_coding_learn import fill, project, write_jsonl  # noqa: F401 - the fixture

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn import train
from normtrace.coding.learn.split import code_split, validation_split
from normtrace.coding.learn.validate import validate
from normtrace.store.db import Store


def test_the_choice_is_scored_in_validates_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    """SYNTHETIC paragraphs. A new user's `code train` said offensive's classifier had a
    cross-validated F1 of 0.80 against the dictionary rule's 0.43 and chose it; `code
    validate` then gave the model 0.50 [0.00, 0.80]. Train scored the choice in 3 stratified
    folds of its own, validate in its 5 folds: with 8 positives the split alone moved the
    classifier's F1 from 0.40 to 0.80. The choice is now scored in validate's folds (each
    labelled target held out once, in the fold validate holds it out in)."""
    seen: list[Any] = []
    real = train._cross_validated_f1

    def spy(*args: Any) -> tuple[float, float, float]:
        seen.append(args)
        return real(*args)

    monkeypatch.setattr(train, "_cross_validated_f1", spy)
    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry(pattern="truce"),)),))
    texts = {f"t{i:02}": f"The truce holds in sector {i}." for i in range(12)}
    texts |= {f"n{i:02}": f"The budget for period {i} is approved." for i in range(12)}
    texts |= {f"u{i:02}": f"The mission reports on item {i}." for i in range(6)}  # unlabelled
    labels = {"x": {k: int(k.startswith("t")) for k in texts if not k.startswith("u")}}
    model = train.fit_model(book, "paragraph", texts, labels)
    keys, labelled = sorted(texts), sorted(labels["x"])
    assert len(seen) == 1 and seen[0][-1] == code_split(keys, labelled)
    held = {labelled[i]: n for n, (_, out) in enumerate(seen[0][-1]) for i in out}
    validates = {keys[i]: n for n, (_, out) in enumerate(validation_split(keys)) for i in out}
    assert held == {k: validates[k] for k in labelled}
    assert "in `code validate`'s 5 folds of the project's labels" in model.codes["x"]["status"]


def test_train_uses_the_folds_of_the_codebooks_last_validation(
    project: Store,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    """SYNTHETIC paragraphs. After `code validate --folds 4`, `code train` chooses in those
    4 folds and says so."""
    truth = fill(Store.open(":memory:"))
    (tmp_path / "dict.yaml").write_text(
        "name: dict\ncodes:\n  - {id: poc, name: Protection}\n"
        "  - id: force\n    name: Force\n    entries:\n      - civilians\n"
    )
    rows: list[dict[str, object]] = []
    for key in sorted(truth):
        codes = [c for c, on in zip(("poc", "force"), truth[key], strict=True) if on] or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    import_codings(project, write_jsonl(tmp_path / "all.jsonl", rows),
                   codebook=str(tmp_path / "dict.yaml"), coder="gold")  # fmt: skip
    validate(project, "dict", folds=4, reference=False)
    report = train.train_model(project, "dict", params={"reference": False})
    assert "cv_f1" in report.codes["force"]
    assert "in `code validate`'s 4 folds" in report.codes["force"]["status"]
