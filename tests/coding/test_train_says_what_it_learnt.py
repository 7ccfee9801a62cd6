"""`code train` said a bare "trained" for a code without a dictionary whose last validation
had found none of its positives (newuser45): each code's line says what it trained on, and
what the last validation measured of the code's model, on which labels.

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text): the
project of :mod:`test_validation_labels_changed`.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_validation_labels_changed import _import, _positives, _project

from normtrace.cli.base import cli
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


def test_train_prints_what_each_code_learnt_from_and_the_last_measurement(tmp_path: Path) -> None:
    """`code train` said a bare "trained" for a code without a dictionary, while the last
    validation had found none of its positives; it says what it trained on, and what the
    last validation measured of the code's model, on which labels."""
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        _import(store, tmp_path, keys[25:], truth, "bo")
    result = CliRunner().invoke(cli, ["--project", str(path), "code", "train", "--codebook",
                                      "synth", "--no-reference"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    force = next(i for i, x in enumerate(lines) if x.strip().startswith("force "))
    assert not lines[force].rstrip().endswith(" trained")
    pos = _positives({k: (v[1], 0) for k, v in truth.items()}, keys)
    assert f"trained on {pos} positive(s), {40 - pos} negative(s)" in lines[force]
    assert "a classifier, no dictionary: only `code validate` measures it" in lines[force]
    last = lines[force + 1].strip() if force + 1 < len(lines) else ""
    assert last.startswith("last measured: validation run ")
    assert "by cross-validation on 25 labelled units: its models found" in last
    assert "labels changed since: validation run" in last
