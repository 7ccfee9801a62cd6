"""The measured error of a code without a dictionary, as ``freq`` and ``first`` say it.

Every text here is SYNTHETIC (made up for tests, not UN text) in made-up documents SYN/n,
from :func:`test_coding_learn.fill`.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_coding_learn import CODEBOOK, fill, write_jsonl

from normtrace.cli import cli
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.validate import validate
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store


def _project(tmp_path: Path) -> Path:
    """20 labelled units of codebook synth (no dictionary entries): poc as it is, force on one
    unit only (too few positives for a model), validated at unit level."""
    path = tmp_path / "learn.db"
    store = Store.open(path)
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
    run = validate(store, "synth", level="unit", reference=False)
    assert "no model" in (run.get("force") or run.scores[0]).note
    store.close()
    return path


def run(project: Path, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def test_a_code_without_dictionary_or_model_says_what_to_label_not_never_measured(
    tmp_path: Path,
) -> None:
    """SYNTHETIC. A new user's code without dictionary entries and with too few positives
    for a model: `code validate` said "no model: ... label at least 1 more positive(s)", but
    freq and first then said "measured error of consent's dictionary: unvalidated: never
    measured (run `normtrace code validate`)" and an empty "measured on:" line."""
    project = _project(tmp_path)
    store = Store.open(project)
    force = code_validity(store, "synth", level="unit")["force"]
    store.close()
    assert not force.validated and not force.source
    assert force.flag().startswith("no dictionary, and no model measured yet (validation run")
    assert "label at least 2 more positive(s) (`code next` picks targets)" in force.flag()
    _, err = run(project, "freq", "--code", "force", "--codebook", "synth", "--by", "doc_type")
    line = next(x for x in err.splitlines() if x.startswith("measured error"))
    assert line.startswith("measured error of force: unvalidated: no dictionary, and no model")
    assert line.endswith("then `code train` and `code validate`")
    assert "never measured" not in err and "force's dictionary" not in err
    assert "measured on:" not in err
    out, _ = run(project, "first", "--code", "force", "--codebook", "synth")
    said = next(x for x in out.splitlines() if x.startswith("measured error"))
    assert said == f"measured error: {force.describe()}"
    assert "unvalidated: no dictionary, and no model measured yet" in said
    assert "measured on:" not in out  # it was printed empty
    assert "never measured" not in out


def test_a_code_without_dictionary_whose_model_was_measured_says_so(tmp_path: Path) -> None:
    """SYNTHETIC. A code without dictionary entries whose model `code validate` measured has
    no dictionary to measure either: it is unvalidated, and says what was measured."""
    project = _project(tmp_path)
    store = Store.open(project)
    poc = code_validity(store, "synth", level="unit")["poc"]
    store.close()
    assert not poc.validated and "never measured" not in poc.describe()
    assert poc.describe().startswith("unvalidated: no dictionary, so its counts are its coders'")
    assert "its model's suggestions were measured (validation run" in poc.describe()
