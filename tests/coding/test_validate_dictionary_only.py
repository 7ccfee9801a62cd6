"""``code validate --no-model``: the dictionary's measured error without training a model.

A new user's ``code validate`` took 29-83 s on a project of Secretary-General reports: it
cross-validates the model (k fits of every code) even when the dictionary's error is all the
counts use. A run of the dictionary alone scores the same dictionary rows and records that it
measured no model, so that nothing reading a model's measurement (``code train``'s "last
measured", the folds ``code train`` checks a classifier in, the measured error of a code
without a dictionary, the web app's validation page, the case report) takes it for one that did.

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text): the
project of :mod:`test_validation_labels_changed` (``poc`` has a dictionary, ``force`` none).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from test_validation_labels_changed import _project

from normtrace.coding.learn.train import prepare_training
from normtrace.coding.learn.validate import (
    DICTIONARY_ALGORITHM,
    METHODS,
    dictionary_only_note,
    latest_validation,
    model_measured,
    validate,
    validations,
)
from normtrace.coding.validity import code_validity
from normtrace.errors import CodingError
from normtrace.report.validity import runs_html
from normtrace.store.db import Store
from normtrace.trace.result import TraceRun
from normtrace.web.validation import validation_page


def _params(store: Store, run_id: int) -> tuple[str, dict[str, object]]:
    row = store.conn.execute(
        "SELECT algorithm, params FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    return str(row[0]), json.loads(row[1])


def test_a_run_of_the_dictionary_alone_scores_the_same_dictionary_rows(tmp_path: Path) -> None:
    path, _, _ = _project(tmp_path)  # ana's 25 labelled units, one full unit-level run
    with Store.open(path) as store:
        full = next(validations(store, "synth", level="unit"))
        alone = validate(store, "synth", level="unit", model=False)
        assert alone.run_id > full.run_id
        assert alone.methods == ("dictionary",) and not alone.model_scored
        assert full.methods == METHODS and full.model_scored
        # the same dictionary rows, figure for figure, per genre too, and no model row
        assert alone.scores == [s for s in full.scores if s.method == "dictionary"]
        assert alone.genre_scores == full.genre_scores
        assert alone.measured is not None and full.measured is not None
        assert alone.measured["codes"] == full.measured["codes"]
        # force has no dictionary: a full run lists its model row, this run names it unscored
        assert alone.no_dictionary == ("force",) and full.get("force", "model") is not None
        # recorded as what it is: no learner, no folds, no reference examples
        algorithm, params = _params(store, alone.run_id)
        assert algorithm == DICTIONARY_ALGORITHM
        assert params["methods"] == ["dictionary"]
        assert not {"folds", "seed", "reference", "C"} & set(params)
        algorithm, params = _params(store, full.run_id)
        assert algorithm != DICTIONARY_ALGORITHM and params["methods"] == list(METHODS)
        # the newest run, unless a model's measurement is asked for
        newest = latest_validation(store, "synth", level="unit")
        assert newest is not None and newest.run_id == alone.run_id
        measured = latest_validation(store, "synth", level="unit", method="model")
        assert measured is not None and measured.run_id == full.run_id
        with pytest.raises(CodingError, match="no validation method 'rule'"):
            latest_validation(store, "synth", method="rule")


def test_what_reads_the_model_passes_over_a_run_of_the_dictionary_alone(tmp_path: Path) -> None:
    path, _, _ = _project(tmp_path)
    with Store.open(path) as store:
        full = validate(store, "synth", level="unit", folds=3, reference=False)
        alone = validate(store, "synth", level="unit", model=False)
        # `code train` checks a classifier in the folds of the last run that measured one
        assert prepare_training(store, "synth", level="unit").params["validation_folds"] == 3
        # a code without a dictionary carries what the last run of its model found
        force = code_validity(store, "synth", level="unit")["force"]
        assert f"validation run {full.run_id}, unit level" in force.no_dictionary
        measured = latest_validation(store, "synth", level="unit", method="model")
        assert measured is not None
        assert model_measured(measured, "force").startswith(f"validation run {full.run_id} ")
        # the counts read the newest run's dictionary measurement
        poc = code_validity(store, "synth", level="unit")["poc"]
        assert poc.source.startswith(f"validation run {alone.run_id} (unit level)")
        # every surface that shows the run says it measured no model, and which run did
        note = dictionary_only_note(store, alone)
        assert note.startswith(f"validation run {alone.run_id} measured the dictionary alone")
        assert f"newest measurement at unit level is validation run {full.run_id}" in note
        assert "not scored: force (no dictionary" in note
        assert dictionary_only_note(store, full) == ""
        (unit,) = [lv for lv in validation_page(store, "synth").levels if lv.level == "unit"]
        assert unit.run_id == alone.run_id and unit.methods == ["dictionary"]
        assert unit.model_note == note
        assert {s.method for s in unit.scores} == {"dictionary"}
        inputs = cast(TraceRun, SimpleNamespace(validations=[alone, full]))
        html = runs_html(inputs, tmp_path / "out")
    head, rest = html.split(f"Validation run {full.run_id}:", 1)
    assert "as `normtrace code validate --no-model` prints it: the run measured no model" in head
    assert "and trained model against the coders" in rest


def test_no_run_at_the_level_measured_the_model_yet(tmp_path: Path) -> None:
    path, _, _ = _project(tmp_path)
    with Store.open(path) as store:
        alone = validate(store, "synth", level="paragraph", model=False)
        note = dictionary_only_note(store, alone)
    assert "no run at paragraph level has measured the model yet" in note
    assert "`normtrace code validate --codebook synth --level paragraph` without --no-model" in note


def test_a_run_stored_before_runs_recorded_their_methods_measured_both(tmp_path: Path) -> None:
    path, _, _ = _project(tmp_path)
    with Store.open(path) as store:
        full = next(validations(store, "synth", level="unit"))
        summary = json.loads(store.conn.execute(
            "SELECT summary FROM runs WHERE id = ?", (full.run_id,)).fetchone()[0])  # fmt: skip
        del summary["methods"], summary["no_dictionary"]
        older = store.start_run("validate", "test.synthetic")
        store.finish_run(older, summary)
        run = latest_validation(store, "synth", level="unit", method="model")
    assert run is not None and run.run_id == older and run.methods == METHODS
    assert run.no_dictionary == ()
