"""``code validate --no-model`` prints the dictionary rows a full run prints, says which run last
measured the model, and refuses the options that only set the model's cross-validation; ``code
train`` then still quotes the run that measured the model (a new user's validate took 29-83 s
for the dictionary's error alone).

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text).
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: SYNTHETIC codebook: poc has a dictionary, force has none
BOOK = """name: synth
codes:
  - id: poc
    name: Protection (synthetic)
    entries: [protect*]
  - id: force
    name: Force (synthetic)
"""
WORDS = ["council", "notes", "report", "welcomes", "progress", "budget", "staff", "requests"]


def _project(tmp: Path) -> Path:
    """30 SYNTHETIC paragraphs, every one labelled for both codes by ana (a CSV of unit_key
    and code); poc's dictionary misses every fourth poc paragraph."""
    rng = random.Random(50)
    path, labels = tmp / "p.db", ["unit_key,code"]
    (tmp / "synth.yaml").write_text(BOOK, encoding="utf-8")
    with Store.open(path) as store, store.transaction() as conn:
        for d in range(1, 4):
            rows = []
            for i in range(1, 11):
                key, poc, force = f"SYN/{d}/op{i}", rng.random() < 0.4, rng.random() < 0.4
                words = rng.sample(WORDS, 5) + (["shield" if i % 4 == 0 else "protect"] if poc
                                                else []) + (["force"] if force else [])  # fmt: skip
                rows.append((key, "op", " ".join(words).capitalize() + "."))
                codes = [c for c, on in (("poc", poc), ("force", force)) if on] or [""]
                labels += [f"{key},{c}" for c in codes]
            insert_document(conn, f"SYN/{d}", rows)
    (tmp / "labels.csv").write_text("\n".join(labels) + "\n", encoding="utf-8")
    _run(path, "code", "import", str(tmp / "labels.csv"), "--codebook", str(tmp / "synth.yaml"),
         "--coder", "ana")  # fmt: skip
    return path


def _run(path: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), *args])
    assert result.exit_code == code, result.output
    return result


def _validate(path: Path, *more: str, code: int = 0) -> Result:
    return _run(path, "code", "validate", "--codebook", "synth", *more, code=code)


def _last_run(path: Path) -> int:
    with Store.open(path) as store:
        return int(store.conn.execute("SELECT max(id) FROM runs WHERE stage = 'validate'")
                   .fetchone()[0])  # fmt: skip


def _dictionary_rows(table: str) -> list[list[str]]:
    """The dictionary rows of ``code validate``'s terminal table, their figures (no note key:
    notes are numbered in the order the rows give them)."""
    return [line.split()[:7] for line in table.splitlines() if line.split()[1:2] == ["dictionary"]]


def test_no_model_prints_the_dictionary_rows_and_names_the_run_of_the_model(tmp_path: Path) -> None:
    path = _project(tmp_path)
    full = _validate(path, "--folds", "2", "--no-reference").stdout
    full_run = _last_run(path)
    assert "model: " not in full
    alone = _validate(path, "--no-model").stdout
    alone_run = _last_run(path)
    assert _dictionary_rows(alone) == _dictionary_rows(full) and _dictionary_rows(alone)
    assert not [line for line in alone.splitlines() if line.split()[1:2] == ["model"]]
    (said,) = [line for line in alone.splitlines() if line.startswith("model: ")]
    assert said.startswith(f"model: validation run {alone_run} measured the dictionary alone "
                           "(--no-model): no model was trained or scored")  # fmt: skip
    assert f"the model's newest measurement at unit level is validation run {full_run}" in said
    assert "not scored: force (no dictionary, so only a model predicts them)" in said
    # CSV and JSON: the dictionary rows as a full run writes them; the line on stderr
    rows = list(csv.DictReader(io.StringIO(_validate(path, "--no-model", "--format", "csv")
                                           .stdout)))  # fmt: skip
    wide = list(csv.DictReader(io.StringIO(_validate(path, "--folds", "2", "--no-reference",
                                                     "--format", "csv").stdout)))  # fmt: skip
    same = [{k: v for k, v in r.items() if k != "used_by_counts"} for r in rows]
    assert same == [{k: v for k, v in r.items() if k != "used_by_counts"}
                    for r in wide if r["method"] == "dictionary"]  # fmt: skip
    noted = _validate(path, "--no-model", "--format", "json")
    assert noted.stderr.startswith("note: validation run ")
    assert "measured the dictionary alone (--no-model)" in noted.stderr


def test_no_model_refuses_the_options_of_the_model(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store.open(path).close()
    refused = _validate(path, "--no-model", "--folds", "3", code=2)
    assert ("--folds sets how the model is cross-validated, and --no-model measures no model: "
            "drop it, or --no-model") in refused.output  # fmt: skip
    both = _validate(path, "--no-model", "--folds", "3", "--no-reference", code=2)
    assert "--folds and --reference/--no-reference set how" in both.output


def test_train_quotes_the_run_that_measured_the_model(tmp_path: Path) -> None:
    path = _project(tmp_path)
    _validate(path, "--no-model")
    train = ("code", "train", "--codebook", "synth", "--no-reference")
    first = _run(path, *train).stdout
    assert "last measured:" not in first
    assert "no validation of the model at unit level yet: `normtrace code validate" in first
    _validate(path, "--folds", "2", "--no-reference")
    full_run = _last_run(path)
    _validate(path, "--no-model")
    again = _run(path, *train).stdout
    assert f"last measured: validation run {full_run} (unit level)" in again
    assert "no validation of the model" not in again
