"""Every classifier `code train` hands out is one `code validate` can measure.

Regression (month 40): ``local_ownership`` with 3 positives and no dictionary was
``trained`` by `code train` (2 of each sufficed) and used by `code suggest` and `code next`,
but `code validate` said "no model: ... needs 2 of each in every training fold": a code's
suggestions with no measured error. Training now fits such a code only when validate's
split leaves 2 positives and 2 negatives in every training fold, and says what is missing.

Every text is SYNTHETIC (made-up paragraphs of a made-up document SYN/1).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.split import unmeasured, validation_split
from normtrace.coding.learn.suggest import suggest
from normtrace.coding.learn.train import fit_model, latest_model, train_model
from normtrace.coding.learn.validate import validate
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = "# SYNTHETIC\nname: own\ncodes:\n  - {id: owned, name: Owned by the host (test)}\n"
FILLER = ["council", "notes", "report", "welcomes", "budget", "staff", "requests", "dialogue",
          "secretary", "general", "continue", "inform", "regularly", "mission"]  # fmt: skip
KEYS = sorted(f"SYN/1/op{n}" for n in range(1, 31))


def _text(key: str, positive: bool) -> str:
    rng = random.Random(key)
    words = rng.sample(FILLER, 6) + (["national", "ownership", "of", "the", "plan"]
                                     if positive else [])  # fmt: skip
    return " ".join(words).capitalize() + "."


def _project(tmp_path: Path, positives: set[str]) -> Store:
    """30 SYNTHETIC paragraphs, every one labelled: ``owned`` on ``positives``, else none."""
    store = Store.open(tmp_path / "own.db")
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [(k, "op", _text(k, k in positives)) for k in KEYS])
    (tmp_path / "own.yaml").write_text(BOOK)
    rows = [{"unit_key": k, "code": "owned" if k in positives else ""} for k in KEYS]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    import_codings(store, path, codebook=str(tmp_path / "own.yaml"), coder="gold")
    return store


def _held(fold: int) -> list[str]:
    """The keys `code validate`'s fold ``fold`` scores (the others train on)."""
    return [KEYS[i] for i in validation_split(KEYS)[fold][1]]


def test_a_code_validate_cannot_measure_is_not_trained_and_not_suggested(tmp_path: Path) -> None:
    positives = {*_held(0)[:2], _held(1)[0]}  # fold 0's model would train on 1 positive
    store = _project(tmp_path, positives)
    report = train_model(store, "own")
    status = report.codes["owned"]["status"]
    assert status.startswith("not trained (3 positive(s), 27 negative(s): no dictionary, and "
                             "its error cannot be measured")  # fmt: skip
    assert "one holds 1 positive(s)" in status and "label at least 1 more positive(s)" in status
    assert "owned" not in latest_model(store, "own").classifiers
    assert not suggest(store, "own", min_probability=0.05).suggestions
    row = validate(store, "own", reference=False).get("owned")
    assert row is not None and row.f1 is None
    assert row.note.startswith("no model: ") and row.note[len("no model: ") :] in status
    store.close()


def test_the_pure_fit_is_unchanged_unless_asked_to_check(tmp_path: Path) -> None:
    """`fit_model` without ``measured`` (the benchmark's and validate's folds) fits as before."""
    positives = {*_held(0)[:2], _held(1)[0]}
    texts = {k: _text(k, k in positives) for k in KEYS}
    labels = {"owned": {k: int(k in positives) for k in KEYS}}
    book = Codebook(name="own", codes=(Code(id="owned", name="Owned by the host (test)"),))
    fitted = fit_model(book, "unit", texts, labels, progress=False).codes["owned"]
    assert fitted["status"].startswith("trained on 3 positive(s)")
    checked = fit_model(book, "unit", texts, labels, progress=False, measured=True)
    assert "owned" not in checked.classifiers


@pytest.mark.parametrize("seed", range(6))
def test_train_and_validate_agree_on_which_codes_are_measured(tmp_path: Path, seed: int) -> None:
    """SYNTHETIC labels: 2 to 5 positives placed at random. A code `code train` fits gets a
    measured model row from `code validate`; one it refuses gets none."""
    rng = random.Random(seed)
    store = _project(tmp_path, set(rng.sample(KEYS, rng.randint(2, 5))))
    trained = train_model(store, "own").codes["owned"]["status"].startswith("trained on ")
    row = validate(store, "own", reference=False).get("owned")
    assert row is not None
    measured = not row.note.startswith("no model") and row.f1 is not None
    assert measured == trained, (trained, row.note)
    store.close()


@pytest.mark.parametrize("seed", [1, 3, 44, 60])
def test_train_checks_the_split_the_last_validation_used(tmp_path: Path, seed: int) -> None:
    """A review finding: `code train` checked validate's default 5 folds whatever split
    `code validate --folds` had measured in; it now takes the last validation's folds and
    seed. SYNTHETIC labels at random, chosen where 3 and 5 folds disagree on whether the
    code can be measured."""
    rng = random.Random(seed)
    positives = set(rng.sample(KEYS, rng.randint(2, 6)))
    by_key = {k: int(k in positives) for k in KEYS}
    assert (unmeasured(KEYS, by_key, 3) is None) != (unmeasured(KEYS, by_key, 5) is None)
    store = _project(tmp_path, positives)
    first = validate(store, "own", reference=False, folds=3)  # the split to check
    assert first.get("owned") is not None
    trained = train_model(store, "own").codes["owned"]["status"].startswith("trained on ")
    row = validate(store, "own", reference=False, folds=3).get("owned")
    assert row is not None
    measured = not row.note.startswith("no model") and row.f1 is not None
    assert measured == trained, (trained, row.note)
    store.close()
