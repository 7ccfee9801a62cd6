"""Training's labels apply adjudication decisions, as the counts do (new user 44, finding 1).

Two coders disagree on three units: bo codes ``poc`` there, gold marked them done without it.
An admin decides ``poc`` absent on all three. The labels `code train`, `code validate`,
`code suggest` and `code next` read must then hold them as negatives (they held them as
positives: any coder's coding made one), as ``freq --source human`` already did; `code labels`
lists each label and why. A later "present" decision on one of them makes it positive again.

Documents, codings, coders and decisions are SYNTHETIC.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.counts import code_frequencies
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.exchange.yamlio import load_codebook
from normtrace.coding.learn.labels import collect_labels
from normtrace.store.db import Store
from normtrace.web.adjudication import Decision, adjudicate
from normtrace.web.auth import User, create_user
from synthetic_docs import insert_document

CODEBOOK = (
    "name: synth\ncodes:\n  - id: poc\n    name: Protection\n    entries:\n"
    "      - protect civilians\n"
)
FILLER = ["council", "notes", "report", "welcomes", "progress", "elections", "budget",
          "staff", "requests", "secretary", "general", "continue", "inform", "regularly",
          "dialogue"]  # fmt: skip


def _text(rng: random.Random, poc: bool) -> str:
    words = rng.sample(FILLER, 6)
    if poc:  # the dictionary's phrase, kept whole
        words.insert(rng.randrange(7), "protect civilians")
    return " ".join(words).capitalize() + "."


def _project(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """SYNTHETIC SYN/1..4 (pp1, op1, op1/a, op2, op3 each); gold codes poc on every unit whose
    text holds "protect civilians" and marks the others done; bo codes poc on three of those
    others (the disagreement). The project's path, the true positives and bo's three."""
    rng = random.Random(11)
    texts: dict[str, str] = {}
    truth: dict[str, bool] = {}
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        with store.transaction() as conn:
            for d in range(1, 5):
                rows = []
                for label in ("pp1", "op1", "op1/a", "op2", "op3"):
                    key, poc = f"SYN/{d}/{label}", rng.random() < 0.4
                    texts[key], truth[key] = _text(rng, poc), poc
                    rows.append((key, label[:2], texts[key]))
                insert_document(conn, f"SYN/{d}", rows)
        positives = sorted(k for k in texts if truth[k])
        # bo's three: units of one unit each (not op1, whose paragraph holds op1/a)
        wrong = sorted(k for k in texts if not truth[k] and "/op1" not in k)[:3]
        assert len(positives) >= 5 and len(wrong) == 3
        gold = [{"unit_key": k, "code": "poc" if truth[k] else ""} for k in sorted(texts)]
        bo = [{"unit_key": k, "code": "poc", "reviewed": "no"} for k in wrong]
        (tmp_path / "synth.yaml").write_text(CODEBOOK, encoding="utf-8")
        for coder, rows_ in (("gold", gold), ("bo", bo)):
            file = tmp_path / f"{coder}.jsonl"
            file.write_text("".join(json.dumps(r) + "\n" for r in rows_), encoding="utf-8")
            import_codings(store, file, codebook=str(tmp_path / "synth.yaml"), coder=coder)
    return path, positives, wrong


def _decide(store: Store, admin: User, key: str, decision: str) -> None:
    """``admin`` decides poc ``decision`` on ``key`` on the workbench (a present one keeps the
    unit's first five characters), replacing the decision before, if any."""
    (previous,) = store.conn.execute(
        "SELECT max(id) FROM adjudications WHERE unit_key = ? AND code = 'poc'", (key,)
    ).fetchone()
    span = {"start": 0, "end": 5} if decision == "present" else {}
    with store.transaction():
        adjudicate(store, admin, Decision(key, "poc", decision, supersedes_id=previous, **span))


def _admin(store: Store) -> User:
    with store.transaction():
        return create_user(store, "pol", "admin", "synthetic-pass-1")


def _human_units(store: Store) -> int:
    rows = code_frequencies(store, by="symbol", source="human", codes=["poc"], codebook="synth")
    return sum(r.units for r in rows)


def test_an_absent_decision_makes_its_units_negatives_as_the_counts_read(tmp_path: Path) -> None:
    path, positives, wrong = _project(tmp_path)
    with Store.open(path) as store:
        before = collect_labels(store, stored_codebook(store, "synth"))
        assert {before.by_code["poc"][k] for k in wrong} == {1}  # pooled: bo's coding counts
        admin = _admin(store)
        for key in wrong:
            _decide(store, admin, key, "absent")
        labels = collect_labels(store, stored_codebook(store, "synth"))
        assert {k: labels.by_code["poc"][k] for k in wrong} == {k: 0 for k in wrong}
        assert labels.counts("poc") == (len(positives), 20 - len(positives))
        # the counts and the labels rest on the same decisions
        assert _human_units(store) == labels.counts("poc")[0]
        # a decided unit is a person's judgement for the code: never suggested for it
        assert set(wrong) <= labels.judged("poc")
        # paragraph level: these units are whole paragraphs, so the paragraph is decided too
        at_paragraph = collect_labels(store, stored_codebook(store, "synth"), "paragraph")
        assert {at_paragraph.by_code["poc"][k] for k in wrong} == {0}


def test_validate_scores_against_the_decided_labels(tmp_path: Path) -> None:
    from normtrace.coding.learn.validate import validate

    path, positives, wrong = _project(tmp_path)
    with Store.open(path) as store:
        admin = _admin(store)
        for key in wrong:
            _decide(store, admin, key, "absent")
        scored = validate(store, "synth", reference=False)
    rule = scored.get("poc", "dictionary")
    assert rule is not None
    # the dictionary finds every true positive: recall 1, not len(positives) / (len + 3)
    assert (rule.positives, rule.tp, rule.fn, rule.recall) == (
        len(positives),
        len(positives),
        0,
        1.0,
    )


def test_a_present_decision_restores_and_labels_say_why(tmp_path: Path) -> None:
    from normtrace.coding.learn.label_table import label_rows

    path, _, wrong = _project(tmp_path)
    with Store.open(path) as store:
        admin = _admin(store)
        for key in wrong:
            _decide(store, admin, key, "absent")
        _decide(store, admin, wrong[0], "present")  # supersedes the absent one
        labels = collect_labels(store, stored_codebook(store, "synth"))
        assert [labels.by_code["poc"][k] for k in wrong] == [1, 0, 0]
        rows = {r.unit_key: r for r in label_rows(store, "synth", codes=["poc"])}
    first, second = rows[wrong[0]], rows[wrong[1]]
    assert first.label == 1 and "coded by bo" in first.why
    assert any(w.startswith("decided present by pol (adjudication ") for w in first.why)
    assert second.label == 0
    assert "coded by bo" in second.why and "reviewed by gold" in second.why
    assert any(w.startswith("decided absent by pol (adjudication ") for w in second.why)
    out = _cli(path, "--codebook", "synth", "--code", "poc", "--format", "csv")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "unit_key,code,label,why"
    assert any(line.startswith(f"{wrong[1]},poc,0,") and "decided absent" in line
               for line in lines)  # fmt: skip
    bad = _cli(path, "--codebook", "synth", "--code", "nope")
    assert bad.exit_code == 1 and "no codable code of codebook 'synth'" in bad.output


def _cli(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(path), "code", "labels", *args])


def test_an_absent_decision_on_one_unit_of_several_leaves_the_paragraph_to_the_rest(
    tmp_path: Path,
) -> None:
    """op1 holds op1/a: a decision on op1/a says nothing of op1's own words."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        with store.transaction() as conn:
            units = [("SYN/9/op1", "op", "Synthetic head:"), ("SYN/9/op1/a", "op", "a task;")]
            insert_document(conn, "SYN/9", units)
        (tmp_path / "synth.yaml").write_text(CODEBOOK, encoding="utf-8")
        file = tmp_path / "bo.jsonl"
        file.write_text(json.dumps({"unit_key": "SYN/9/op1/a", "code": "poc", "reviewed": "no"})
                        + "\n", encoding="utf-8")  # fmt: skip
        import_codings(store, file, codebook=str(tmp_path / "synth.yaml"), coder="bo")
        _decide(store, _admin(store), "SYN/9/op1/a", "absent")
        book = stored_codebook(store, "synth")
        units, paragraphs = collect_labels(store, book), collect_labels(store, book, "paragraph")
    assert units.by_code["poc"] == {"SYN/9/op1/a": 0}
    assert "SYN/9/op1" not in paragraphs.by_code["poc"]  # not positive, not decided either
    assert "SYN/9/op1" in paragraphs.judged("poc")  # and never suggested for poc


def test_a_decision_for_another_codebook_leaves_these_labels(tmp_path: Path) -> None:
    """Since migration 0024 a decision settles one codebook's codings of a shared code id."""
    path, _, wrong = _project(tmp_path)
    with Store.open(path) as store:
        (tmp_path / "other.yaml").write_text(CODEBOOK.replace("synth", "other"), "utf-8")
        register_codebook(store, load_codebook(tmp_path / "other.yaml"))
        with store.transaction():
            adjudicate(store, _admin(store), Decision(wrong[0], "poc", "absent", codebook="other"))
        labels = collect_labels(store, stored_codebook(store, "synth"))
    assert labels.by_code["poc"][wrong[0]] == 1  # bo's coding, for synth, undecided there
