"""``code suggest`` says, per code, why it stored no suggestion of it (U2 B7: a new user's run
suggested 2 of 17 codes although ``code train`` showed the other 15 at "P(code | hit) 0.75"
above the 0.5 bar; they had no label, so their rule would only repeat the dictionary's
candidates, and neither the help nor the output said so).

The project, codebook and labels are SYNTHETIC (tests/coding/test_coding_learn's made-up
documents SYN/n): ``poc`` labelled (protect*), ``force`` and ``orders`` with dictionaries and no
label, ``lonely`` with neither, ``council`` labelled absent wherever it was read (its
dictionary's hits all wrong).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_coding_learn import fill, write_jsonl

from normtrace.cli import cli
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.suggest import suggest
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store

CODEBOOK = """# SYNTHETIC
name: why
codes:
  - {id: poc, name: Protection, entries: ["protect*"]}
  - {id: force, name: Force, entries: ["necessary"]}
  - {id: orders, name: Orders, entries: ["authorizes"]}
  - {id: lonely, name: Lonely}
  - {id: council, name: Council, entries: ["council"]}
"""

NO_LABEL = (
    "no unit was labelled for the code when this model was trained, so its model is its "
    "dictionary rule at the prior (P 0.75 where the dictionary hits), which would only repeat "
    "the dictionary's candidates: `normtrace code list --code CODE` lists them and `code "
    "verdict` judges them; label some of its units (`normtrace code next --codebook why --code "
    "CODE --level unit`) and train again to get suggestions of it"
)


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "why.db"
    (tmp_path / "why.yaml").write_text(CODEBOOK)
    with Store.open(path) as store:
        truth = fill(store, docs=12, seed=5)
        rows = [{"unit_key": k, "code": "poc" if truth[k][0] else "",
                 "reviewed": "unit for poc council"} for k in sorted(truth)[:40]]  # fmt: skip
        import_codings(store, write_jsonl(tmp_path / "labels.jsonl", rows),
                       codebook=str(tmp_path / "why.yaml"), coder="gold")  # fmt: skip
        train_model(store, "why")
    return path


def test_each_code_without_a_suggestion_says_why(tmp_path: Path) -> None:
    with Store.open(_project(tmp_path)) as store:
        report = suggest(store, "why")
    assert report.counts["poc"] > 0 and "poc" not in report.unsuggested
    assert set(report.unsuggested) == {"force", "orders", "lonely", "council"}
    assert report.unsuggested["force"] == report.unsuggested["orders"] == NO_LABEL
    assert report.unsuggested["lonely"].startswith("it has no model: not trained (0 positive(s)")
    assert report.unsuggested["council"].startswith("its dictionary rule gives P 0.")
    assert report.unsuggested["council"].endswith(
        "where the dictionary hits (its labelled hits are mostly wrong), under the bar 0.5, and "
        "suggests nothing where it misses")  # fmt: skip


def test_the_command_says_it_once_per_reason(tmp_path: Path) -> None:
    path = _project(tmp_path)
    done = CliRunner().invoke(cli, ["--project", str(path), "code", "suggest", "--codebook",
                                    "why", "--format", "csv"])  # fmt: skip
    assert done.exit_code == 0, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert f"no suggestions of 2 codes (force, orders): {NO_LABEL}" in lines
    lonely = next(x for x in lines if x.startswith("no suggestions of lonely: "))
    assert "it has no model: not trained" in lonely
    council = next(x for x in lines if x.startswith("no suggestions of council: "))
    assert "CODE" not in council and "poc" not in " ".join(x for x in lines if "no sugg" in x)
