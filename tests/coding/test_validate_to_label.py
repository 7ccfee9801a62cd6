"""What a code without a dictionary must have labelled before `code validate` can measure its
model travels as numbers: validate's model row carries how many more positives and negatives
to label (``CodeScore.more_positives``, ``more_negatives``), the stored run keeps them, and the
measured error's message (``CodeValidity.no_dictionary``) is built from them, not read back out
of the row's note (a regex over the note's words broke whenever they changed).

Every text is SYNTHETIC (made-up paragraphs of made-up documents SYN/n, from
:func:`test_coding_learn.fill`).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from test_coding_learn import CODEBOOK, fill, write_jsonl

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.learn.validate import latest_validation, validate
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store


def _project(tmp_path: Path) -> Store:
    """20 labelled units of codebook synth (no dictionary entries): force on one unit only."""
    store = Store.open(tmp_path / "learn.db")
    truth = fill(store)
    (tmp_path / "synth.yaml").write_text(CODEBOOK)
    keys = sorted(truth)[:20]
    first_force = next(k for k in keys if truth[k][1])
    rows: list[dict[str, object]] = []
    for key in keys:
        codes = ["poc"] * truth[key][0] + ["force"] * (key == first_force) or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    import_codings(store, write_jsonl(tmp_path / "t.jsonl", rows),
                   codebook=str(tmp_path / "synth.yaml"), coder="gold")  # fmt: skip
    return store


def test_validate_says_how_many_more_labels_as_numbers_and_stores_them(tmp_path: Path) -> None:
    store = _project(tmp_path)
    row = validate(store, "synth", level="unit", reference=False).get("force")
    assert row is not None and row.f1 is None
    assert (row.more_positives, row.more_negatives) == (2, 0)
    assert "label at least 2 more positive(s)" in row.note  # the words say the same
    stored = latest_validation(store, "synth", level="unit")
    assert stored is not None
    again = stored.get("force")
    assert again is not None and (again.more_positives, again.more_negatives) == (2, 0)
    measured = stored.get("poc")  # a model was measured: nothing more is asked
    assert measured is not None and (measured.more_positives, measured.more_negatives) == (0, 0)
    store.close()


def _store_run(store: Store, note: str, more: tuple[int, int]) -> None:
    """A finished validate run of codebook synth whose only row is force's model row."""
    row = CodeScore("force", "model", 20, 1, 0, 0, 0, None, None, None, None, None, None,
                    None, None, None, note, *more)  # fmt: skip
    run = store.start_run("validate", "test", {"codebook": "synth", "level": "unit"})
    store.finish_run(run, {"codebook": "synth", "codebook_version": "v", "level": "unit",
                           "scores": [asdict(row)], "genre_scores": {}})  # fmt: skip


def test_the_message_reads_the_numbers_not_the_note(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "run.db")
    # the note in other words, and a stale figure in it: the numbers are what is asked
    _store_run(store, "no model: too few labels (label at least 9 more positive(s) (`code "
               "next` picks targets))", (1, 2))  # fmt: skip
    force = code_validity(store, "synth")["force"]
    said = force.no_dictionary
    assert (force.more_positives, force.more_negatives) == (1, 2)
    assert force.to_dict()["label_more"] == {"positives": 1, "negatives": 2}
    assert "label at least 1 more positive(s) and 2 more negative(s) (`code next` picks " in said
    assert "9 more" not in said and said.endswith("then `code train` and `code validate`")
    store.close()


def test_a_row_asking_for_no_number_says_its_note(tmp_path: Path) -> None:
    """A row without the numbers (fewer labelled targets than folds) says its note."""
    store = Store.open(tmp_path / "run.db")
    _store_run(store, "no model: 3 labelled units, fewer than 5 folds", (0, 0))
    force = code_validity(store, "synth")["force"]
    assert force.to_dict()["label_more"] is None
    said = force.no_dictionary
    assert said == ("no dictionary, and no model measured yet (validation run 1, unit level): "
                    "3 labelled units, fewer than 5 folds; label more, then `code train` and "
                    "`code validate`")  # fmt: skip
    store.close()
