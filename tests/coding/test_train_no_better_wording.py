"""``code train``'s status when the classifier's cross-validated F1 equals the dictionary rule's
said "the classifier's 1.00 is not better by more than one standard error, 0.00" (U2, polish:
with both F1 equal the standard error of their difference is 0). It says "is no better".

The project, codebook and labels are SYNTHETIC (tests/coding/test_coding_learn's made-up
documents SYN/n, where a unit holds "protect ... civilians" exactly when it is poc, so the
dictionary "protect*" and a classifier are both perfect).
"""

from __future__ import annotations

from pathlib import Path

from test_coding_learn import fill, write_jsonl

from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.learn.train import train_model
from normtrace.store.db import Store

CODEBOOK = '# SYNTHETIC\nname: tie\ncodes:\n  - {id: poc, name: P, entries: ["protect*"]}\n'


def test_a_classifier_as_good_as_the_rule_is_no_better(tmp_path: Path) -> None:
    (tmp_path / "tie.yaml").write_text(CODEBOOK)
    with Store.open(tmp_path / "p.db") as store:
        truth = fill(store, docs=12, seed=5)
        rows = [{"unit_key": k, "code": "poc" if truth[k][0] else ""} for k in sorted(truth)]
        import_codings(store, write_jsonl(tmp_path / "l.jsonl", rows),
                       codebook=str(tmp_path / "tie.yaml"), coder="gold")  # fmt: skip
        info = train_model(store, "tie").codes["poc"]
    assert info["cv_f1"] == {"dictionary": 1.0, "classifier": 1.0, "difference_se": 0.0}
    assert "labels 1.00; the classifier's 1.00 is no better; P(code | hit)" in info["status"]
    assert "standard error" not in info["status"]
