"""A trained model judged against the base rate (``coding.learn.informative``): ``code train``
prints the verdict per code, ``code suggest`` warns for a model no better than the base rate
with the number of its suggestions (or leaves the code out with --skip-uninformative) and
records the verdicts in its run.

Regression (new user 46, F5): after `code train` on 18 labels of a human code (10 positives,
8 negatives), `code suggest` proposed it on 672 of 733 unlabelled units; the model's held-out
precision was no better than the share of positives, and nothing said so.

Every text and label here is SYNTHETIC (made up for tests, not UN text), in made-up documents
SYN/n from :func:`test_coding_learn.fill`; the "noise" code's labels are random.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_judged import CODEBOOK, label_judged
from test_coding_learn import write_jsonl

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.informative import (
    BASE_RATE,
    INFORMATIVE,
    MIN_EACH,
    TOO_FEW,
    UNJUDGED,
    judge,
    stored_judgement,
)
from normtrace.coding.learn.suggest import current_judgement, suggest
from normtrace.coding.learn.train import fit_model, train_model
from normtrace.store.db import Store

FILLER = [
    "council", "notes", "report", "welcomes", "progress", "elections", "budget", "staff",
    "requests", "secretary", "general", "continue", "inform", "regularly", "dialogue",
    "mission", "support", "police", "judicial", "reform",
]  # fmt: skip
BOOK = Codebook(name="b", codes=(Code(id="x", name="X (SYNTHETIC)"),))


def _texts(n: int, seed: int = 3, positives: set[int] | None = None) -> dict[str, str]:
    """``n`` SYNTHETIC texts of filler words; those in ``positives`` also say what code x is."""
    rng = random.Random(seed)
    texts = {}
    for i in range(n):
        words = rng.sample(FILLER, 8)
        if positives is not None and i in positives:
            words += ["protect", "civilians", "from", "violence"]
        texts[f"k{i:03}"] = " ".join(words).capitalize() + "."
    return texts


def _judged(texts: dict[str, str], labels: dict[str, int]) -> dict[str, object]:
    model = fit_model(BOOK, "unit", texts, {"x": labels}, progress=False, measured=True)
    assert "x" in model.classifiers, model.codes["x"]["status"]
    judged: dict[str, object] = model.codes["x"]["informative"]
    return judged


def test_random_labels_are_no_better_than_the_base_rate() -> None:
    """SYNTHETIC: 40 texts of the same filler words, 20 labelled positive at random."""
    texts = _texts(40)
    keys = sorted(texts)
    random.Random(0).shuffle(keys)
    judged = _judged(texts, {k: int(i < 20) for i, k in enumerate(keys)})
    assert judged["verdict"] == BASE_RATE
    assert (judged["held_out"], judged["positives"]) == (40, 20)
    assert judged["p_value"] >= 0.05  # type: ignore[operator]
    words = str(judged["words"])
    assert words.startswith("no better than the base rate: held out in `code validate`'s 5 "
                            "folds (a classifier over the features of every labelled text, "
                            "from the other folds' labels only), its 20 positive(s)")  # fmt: skip
    assert (
        "`code validate` measures the precision of its suggestions at P >= 0.5 (its models "
        "of the same folds), to set beside the 0.50 share of positives"
    ) in words


def test_separable_labels_are_informative() -> None:
    """SYNTHETIC: the 12 positives of 36 texts, and only they, say "protect civilians"."""
    positives = set(range(0, 36, 3))
    texts = _texts(36, positives=positives)
    judged = _judged(texts, {f"k{i:03}": int(i in positives) for i in range(36)})
    assert judged["verdict"] == INFORMATIVE
    assert judged["auc"] > 0.9 and judged["p_value"] < 0.05  # type: ignore[operator]
    assert judged["predictor"] == "classifier"
    assert str(judged["words"]).startswith("informative: held out in `code validate`'s 5 folds")


def test_a_tiny_label_set_is_too_few_to_tell() -> None:
    """SYNTHETIC: 4 positives and 4 negatives, perfectly separable, are still too few."""
    positives = {0, 2, 4, 6}
    texts = _texts(8, positives=positives)
    judged = _judged(texts, {f"k{i:03}": int(i in positives) for i in range(8)})
    assert judged["verdict"] == TOO_FEW
    assert judged["auc"] is None and judged["p_value"] is None
    assert "4 positive(s) and 4 negative(s) held out" in str(judged["words"])
    assert f"a verdict needs {MIN_EACH} of each" in str(judged["words"])


def test_the_rule_on_held_out_predictions() -> None:
    """The rule itself: a constant probability (the base rate's) ranks nothing; a perfect
    ranking of 5 and 5 is informative (exact one-sided p 1/252); 4 of a class is too few."""
    truth = [1] * 5 + [0] * 5
    flat = judge(truth, [0.5] * 10)
    assert flat.verdict == BASE_RATE and flat.auc == 0.5 and flat.prevalence == 0.5
    ranks = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.15, 0.1]  # no ties: the exact test
    perfect = judge(truth, ranks)
    assert perfect.verdict == INFORMATIVE and perfect.auc == 1.0
    assert perfect.p_value == pytest.approx(1 / 252, abs=1e-4)
    reversed_ = judge(truth, [0.1] * 5 + [0.9] * 5)
    assert reversed_.verdict == BASE_RATE and reversed_.auc == 0.0
    assert judge([1] * 4 + [0] * 6, [0.9] * 4 + [0.1] * 6).verdict == TOO_FEW
    assert stored_judgement({}).verdict == UNJUDGED  # a model stored before judging


def test_a_dictionary_rule_with_few_positives_is_too_few_to_tell() -> None:
    """SYNTHETIC: a code with a dictionary and 2 positives keeps its rule, not judged."""
    book = Codebook(name="d", codes=(Code(id="x", name="X", entries=(Entry("truce"),)),))
    texts = {f"t{i}": f"The truce holds in sector {i}." for i in range(2)}
    texts |= {f"n{i}": f"The budget for period {i} is approved." for i in range(10)}
    model = fit_model(book, "unit", texts, {"x": {k: int(k[0] == "t") for k in texts}},
                      progress=False, measured=True)  # fmt: skip
    judged = model.codes["x"]["informative"]
    assert judged["verdict"] == TOO_FEW and judged["predictor"] == "dictionary rule"
    assert "2 positive(s) and 10 negative(s) labelled" in judged["words"]


def _project(tmp_path: Path, noise_seed: int = 1) -> Path:
    """SYNTHETIC: 60 units of 12 documents; 40 labelled, ``poc`` by what they say, ``noise``
    at random (one in two, drawn with ``noise_seed``), trained."""
    path = tmp_path / "judged.db"
    store = Store.open(path)
    label_judged(store, tmp_path, noise_seed)
    store.close()
    return path


def _run(project: Path, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def test_suggest_reports_and_records_each_codes_judgement(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with Store.open(path) as store:
        trained = train_model(store, "judged")
        assert trained.codes["poc"]["informative"]["verdict"] == INFORMATIVE
        assert trained.codes["noise"]["informative"]["verdict"] == BASE_RATE
        report = suggest(store, "judged")
        assert {c: j.verdict for c, j in report.judged.items()} == {"poc": INFORMATIVE,
                                                                    "noise": BASE_RATE}  # fmt: skip
        by_code = {c: sum(s.code == c for s in report.suggestions) for c in ("poc", "noise")}
        assert report.counts == by_code and by_code["noise"] > 0  # suggested, not dropped
        assert report.left_out == ()
        params = json.loads(store.conn.execute(
            "SELECT params FROM runs WHERE id = ?", (report.run_id,)).fetchone()[0])  # fmt: skip
        assert params["skip_uninformative"] is False
        assert params["informative"]["noise"]["verdict"] == BASE_RATE
        assert params["informative"]["noise"] == trained.codes["noise"]["informative"]
        assert current_judgement(store, "judged", "noise").verdict == BASE_RATE
        assert current_judgement(store, "judged", "poc").verdict == INFORMATIVE

        skipped = suggest(store, "judged", skip_uninformative=True)
        assert skipped.left_out == ("noise",)
        assert {s.code for s in skipped.suggestions} == {"poc"}
        assert skipped.counts == {"poc": by_code["poc"]}
        params = json.loads(store.conn.execute(
            "SELECT params FROM runs WHERE id = ?", (skipped.run_id,)).fetchone()[0])  # fmt: skip
        assert params["skip_uninformative"] is True
        assert params["informative"]["noise"]["verdict"] == BASE_RATE  # recorded, though left out


def _said(out: str) -> dict[str, str]:
    """Per code, the line of `code train`'s output under the code's own that judges it."""
    said, code = {}, ""
    for line in out.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            code = line.split()[0]
        elif "against the base rate: " in line:
            said[code] = line.strip()
    return said


def test_train_and_suggest_say_it_on_the_command_line(tmp_path: Path) -> None:
    path = _project(tmp_path)
    out, _ = _run(path, "code", "train", "--codebook", "judged")
    said = _said(out)
    assert said["noise"].startswith("WARNING: against the base rate: no better than the base "
                                    "rate: held out in `code validate`'s 5 folds")  # fmt: skip
    assert said["poc"].startswith("against the base rate: informative: held out in")

    out, err = _run(path, "code", "suggest", "--codebook", "judged", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    n = sum(r["code"] == "noise" for r in rows)
    assert n > 0
    assert (f"warning: {n} of these suggestions are of noise; its model against the base "
            "rate: no better than the base rate") in err  # fmt: skip
    assert "of these suggestions are of poc" not in err  # an informative model: no line

    out, err = _run(path, "code", "suggest", "--codebook", "judged", "--format", "csv",
                    "--skip-uninformative")  # fmt: skip
    assert {r["code"] for r in csv.DictReader(io.StringIO(out))} == {"poc"}
    assert "left out: noise (--skip-uninformative); its model against the base rate: no " \
           "better than the base rate" in err  # fmt: skip


def test_the_verdict_states_no_precision_validate_does_not(tmp_path: Path) -> None:
    """Regression (re-check of new user 46, N1): `code train`'s verdict said "at P >= 0.5 it
    suggested 16 of the 18, precision 0.62" of "`code validate`'s 5 folds", while `code
    validate` on those folds (and the "last measured" line just above it) said 15 suggested,
    precision 0.667: train's held-out fits share the features of every labelled text and keep
    train's choice, validate fits its model again per fold. SYNTHETIC project (noise drawn
    with seed 2: the old line said noise's model suggested 17 of the 40 where validate's
    models suggested 18): every count of suggestions or precision the verdict line states is
    validate's; it points there for them, and says what was held out."""
    path = _project(tmp_path, noise_seed=2)
    out, _ = _run(path, "code", "validate", "--codebook", "judged", "--format", "json")
    rows = {r["code"]: r for r in json.loads(out) if r["method"] == "model"}
    out, _ = _run(path, "code", "train", "--codebook", "judged")
    said = _said(out)
    assert set(said) == {"poc", "noise"}
    for code, line in said.items():
        tp, fp = int(rows[code]["tp"]), int(rows[code]["fp"])
        for n in re.findall(r"suggested (\d+) of", line):
            assert int(n) == tp + fp, (code, line, rows[code])
        for p in re.findall(r"precision (\d\.\d+)", line):
            assert float(p) == pytest.approx(tp / (tp + fp), abs=0.005), (code, line, rows[code])
    for line in said.values():
        assert "`code validate` measures the precision of its suggestions at P >= 0.5" in line
        assert "a classifier over the features of every labelled text" in line  # what held out
    with Store.open(path) as store:  # nor does the judgement's JSON (the workbench's queue)
        judged = current_judgement(store, "judged", "noise").as_dict()
    assert not {"suggested", "right", "precision"} & set(judged)


def test_a_run_that_stores_nothing_says_which_suggestions_stay_current(tmp_path: Path) -> None:
    """SYNTHETIC: when --skip-uninformative leaves out the only code that had suggestions, the
    run stores none, and the current suggestions (the latest run that stored any) are still
    the earlier run's flood: the command says so instead of implying they are gone."""
    path = _project(tmp_path)
    (tmp_path / "only.yaml").write_text(CODEBOOK.replace("name: judged", "name: only").replace(
        "  - {id: poc, name: Protection}\n", ""))  # fmt: skip
    with Store.open(path) as store:
        rows = [json.loads(line) for line in (tmp_path / "labels.jsonl").read_text().splitlines()]
        only = [{**r, "code": r["code"] if r["code"] == "noise" else ""} for r in rows]
        import_codings(store, write_jsonl(tmp_path / "only.jsonl", only),
                       codebook=str(tmp_path / "only.yaml"), coder="gold")  # fmt: skip
        train_model(store, "only")
        flood = suggest(store, "only")
        assert flood.suggestions and flood.still_current is None
    _, err = _run(path, "code", "suggest", "--codebook", "only", "--skip-uninformative")
    assert "left out: noise (--skip-uninformative)" in err
    assert (f"note: this run stored no suggestions, so the current ones (the workbench's "
            f"queue, `code list`, `code export --passages`) are still those of run "
            f"{flood.run_id}") in err  # fmt: skip
