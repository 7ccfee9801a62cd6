"""Assisted coding: levels, importing human codings, negatives, train/suggest/next/validate.

Every text here is SYNTHETIC (made up for tests, not UN text) in made-up documents SYN/n.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normtrace.cli.base import Context, cli
from normtrace.coding.codebook import Code, Codebook
from normtrace.coding.dictionary.apply import register_codebook, stored_codebook
from normtrace.coding.exchange.codings import CodingImportError, import_codings, resolve_codebook
from normtrace.coding.human import events
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn import suggest as suggest_module
from normtrace.coding.learn.active import next_units
from normtrace.coding.learn.labels import collect_labels
from normtrace.coding.learn.suggest import record_suggestion_verdict, suggest
from normtrace.coding.learn.train import train_model
from normtrace.coding.learn.validate import latest_validation, score, validate, wilson
from normtrace.coding.levels import group_units, level_key, paragraph_key
from normtrace.engine import Engine
from normtrace.errors import CodingError, NotFoundError
from normtrace.project import Project
from normtrace.store.db import Store
from synthetic_docs import insert_document

CODEBOOK = """name: synth
codes:
  - {id: poc, name: Protection}
  - {id: force, name: Force}
"""

FILLER = [
    "council", "notes", "report", "welcomes", "progress", "elections", "budget", "staff",
    "requests", "secretary", "general", "continue", "inform", "regularly", "dialogue",
]  # fmt: skip


def _text(rng: random.Random, poc: bool, force: bool) -> str:
    words = rng.sample(FILLER, 6)
    if poc:
        words += ["protect", "civilians", "from", "violence"]
    if force:
        words += ["authorizes", "all", "necessary", "measures"]
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def fill(store: Store, docs: int = 6, seed: int = 0) -> dict[str, tuple[int, int]]:
    """SYNTHETIC documents SYN/1..n with op1 (+ op1/a, op1/b), op2, pp1; returns truth by key."""
    rng = random.Random(seed)
    truth: dict[str, tuple[int, int]] = {}
    with store.transaction() as conn:
        for d in range(1, docs + 1):
            paragraphs = []
            for label in ["pp1", "op1", "op1/a", "op1/b", "op2"]:
                poc, force = rng.random() < 0.4, rng.random() < 0.3
                key = f"SYN/{d}/{label}"
                truth[key] = (int(poc), int(force))
                paragraphs.append((key, label[:2], _text(rng, poc, force)))
            insert_document(conn, f"SYN/{d}", paragraphs)
    return truth


@pytest.fixture()
def project(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "learn.db")
    fill(store)
    (tmp_path / "synth.yaml").write_text(CODEBOOK)
    return store


def write_jsonl(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_paragraph_keys_and_grouping() -> None:
    assert paragraph_key("S/RES/1 (1946)/op3/b/ii") == "S/RES/1 (1946)/op3"
    assert paragraph_key("S/2013/119/p45") == "S/2013/119/p45"
    assert level_key("S/PV.1/s002", "paragraph") == "S/PV.1/s002"
    (para,) = group_units([("X/op1", "ab"), ("X/op1/a", "cd")], "paragraph")
    assert para.text == "ab\ncd" and para.members == ("X/op1", "X/op1/a")
    assert para.locate(3, 5) == ("X/op1/a", 0, 2)
    with pytest.raises(CodingError, match="crosses"):
        para.locate(1, 4)
    with pytest.raises(CodingError, match="level must be"):
        level_key("X/op1", "page")


def test_import_reports_every_bad_row_and_imports_nothing(project: Store, tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {"unit_key": "SYN/1/op2", "code": "poc"},  # good
        {"unit_key": "SYN/99/op1", "code": "poc"},  # unknown unit
        {"unit_key": "SYN/1/op2", "code": "nope"},  # unknown code
        {"unit_key": "SYN/1/op2", "code": "poc", "start": 0, "end": 10_000},  # outside
        {"unit_key": "SYN/1/op2", "code": "poc", "start": "x", "end": 3},  # not a number
        {"unit_key": "SYN/1/op2", "code": "poc", "start": 2},  # half a span
        {"code": "poc"},  # no unit key
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(CodingImportError) as info:
        import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == [f"row {n}" for n in range(2, 9)]
    assert "no unit 'SYN/99/op1'" in problems[0] and "'nope' is not in codebook" in problems[1]
    assert "not inside" in problems[2] and "whole number" in problems[3]
    assert "both start and end" in problems[4] and "unit_key" in problems[5]
    assert "not JSON" in problems[6]
    assert project.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 0


def test_import_csv_at_paragraph_level_names_paragraphs(project: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("unit_key,code,start,end,memo\nSYN/1/op1,poc,0,10000,\nSYN/1/op1/a,poc,,,\n")
    with pytest.raises(CodingImportError) as info:
        import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana",
                       level="paragraph")  # fmt: skip
    assert info.value.problems[0].startswith("row 2: span")
    said = "row 3: 'SYN/1/op1/a' is a sub-paragraph; at paragraph level name its paragraph"
    assert info.value.problems[1].startswith(f"{said} (SYN/1/op1)")


def test_reviewed_units_give_negatives_and_paragraphs_aggregate(
    project: Store, tmp_path: Path
) -> None:
    book = str(tmp_path / "synth.yaml")
    rows = [
        {"unit_key": "SYN/1/op1/a", "code": "poc", "memo": "m"},
        {"unit_key": "SYN/1/op2", "code": ""},
    ]
    report = import_codings(project, write_jsonl(tmp_path / "u.jsonl", rows), codebook=book,
                            coder="ana")  # fmt: skip
    assert (report.codings, report.none_applies, report.units) == (1, 1, 2)
    synth = stored_codebook(project, "synth")
    unit = collect_labels(project, synth, "unit")
    assert unit.by_code["poc"] == {"SYN/1/op1/a": 1, "SYN/1/op2": 0}
    assert unit.by_code["force"] == {"SYN/1/op1/a": 0, "SYN/1/op2": 0}  # missing code = negative
    assert "SYN/1/op1" not in unit.by_code["poc"]  # not named: unlabelled
    para = collect_labels(project, synth, "paragraph")
    # a sub-paragraph's coding counts for its paragraph; op2 (no sub-paragraphs) was reviewed
    # whole at unit level, op1 only in part (op1/a), so op1 is not a negative for force
    assert para.by_code["poc"] == {"SYN/1/op1": 1, "SYN/1/op2": 0}
    assert para.by_code["force"] == {"SYN/1/op2": 0}
    assert {"SYN/1/op1", "SYN/1/op2"} <= para.human
    mark_done(project, coder="bo", codebook="synth", unit_keys=["SYN/2/op1"], level="paragraph")
    assert collect_labels(project, synth, "paragraph").by_code["force"] == {
        "SYN/1/op2": 0, "SYN/2/op1": 0}  # fmt: skip


def test_reviews_count_across_levels_and_can_be_listed_and_withdrawn(project: Store) -> None:
    """A paragraph marked done whole in which no code sits makes its units reviewed (none
    carries a code: stop 41; they were only touched); a paragraph all of whose units were
    marked is reviewed at paragraph level, one marked in part is only touched (neither a
    negative nor suggested); a coder withdraws a mark by appending; a sub-paragraph key, or
    a document's symbol, at paragraph level is refused rather than silently never counted."""
    from normtrace.coding.human.reviews import current_reviews, review_targets

    register_codebook(project, Codebook(name="synth", codes=(Code(id="poc", name="Protection"),)))
    mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/1/op1"], level="paragraph")
    reviewed, touched = review_targets(project, "synth", "unit")
    assert reviewed == touched == {"SYN/1/op1", "SYN/1/op1/a", "SYN/1/op1/b"}
    with pytest.raises(NotFoundError, match="no paragraph 'SYN/3'"):
        mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/3"], level="paragraph")
    mark_done(project, coder="bo", codebook="synth", unit_keys=["SYN/2/op1", "SYN/2/op1/a"])
    reviewed, touched = review_targets(project, "synth", "paragraph")
    assert reviewed == {"SYN/1/op1"} and touched == {"SYN/1/op1", "SYN/2/op1"}
    mark_done(project, coder="bo", codebook="synth", unit_keys=["SYN/2/op1/b"])
    assert review_targets(project, "synth", "paragraph")[0] == {"SYN/1/op1", "SYN/2/op1"}
    with pytest.raises(CodingError, match=r"sub-paragraph; at --level paragraph name its "
                       r"paragraph \(SYN/3/op1\)"):  # fmt: skip
        mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/3/op1/a"],
                  level="paragraph")  # fmt: skip
    assert [(r.key, r.coder) for r in current_reviews(project, "synth", level="unit")] == [
        ("SYN/2/op1", "bo"), ("SYN/2/op1/a", "bo"), ("SYN/2/op1/b", "bo")]  # fmt: skip
    with pytest.raises(CodingError, match="no current 'done' mark by ana"):
        mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/2/op1/b"], undo=True)
    assert mark_done(project, coder="bo", codebook="synth", unit_keys=["SYN/2/op1/b"],
                     undo=True) == 1  # fmt: skip
    reviewed, touched = review_targets(project, "synth", "paragraph")
    assert reviewed == {"SYN/1/op1"} and "SYN/2/op1" in touched
    mark_done(project, coder="bo", codebook="synth", unit_keys=["SYN/2/op1/b"])  # again
    assert "SYN/2/op1" in review_targets(project, "synth", "paragraph")[0]
    rows = project.conn.execute("SELECT count(*) FROM coding_reviews").fetchone()[0]
    assert rows == 6  # nothing deleted: 1 + 2 + 1 + undo + redo


def test_cli_done_undo_and_reviews(project: Store, tmp_path: Path) -> None:
    register_codebook(project, Codebook(name="synth", codes=(Code(id="poc", name="Protection"),)))
    db = project.path
    project.close()
    runner = CliRunner()
    base = ["--project", str(db), "code"]
    out = runner.invoke(cli, [*base, "done", "SYN/1/op2", "--codebook", "synth", "--coder", "ana"])
    assert out.exit_code == 0 and "1 unit mark(s) marked done" in out.output
    out = runner.invoke(cli, [*base, "done", "SYN/1/op1/a", "--codebook", "synth", "--coder",
                              "ana", "--level", "paragraph"])  # fmt: skip
    assert out.exit_code == 1 and "sub-paragraph" in out.output
    out = runner.invoke(cli, [*base, "reviews", "--codebook", "synth", "--format", "json"])
    assert [r["key"] for r in json.loads(out.stdout)] == ["SYN/1/op2"]
    out = runner.invoke(cli, [*base, "done", "SYN/1/op2", "--codebook", "synth", "--coder",
                              "ana", "--undo"])  # fmt: skip
    assert out.exit_code == 0 and "withdrawn" in out.output
    out = runner.invoke(cli, [*base, "reviews", "--codebook", "synth", "--format", "json"])
    assert json.loads(out.stdout) == []


def _import_truth(store: Store, tmp_path: Path, keys: list[str], truth: dict[str, tuple[int, int]],
                  name: str = "t.jsonl") -> None:  # fmt: skip
    rows: list[dict[str, object]] = []
    for key in keys:
        poc, force = truth[key]
        codes = [c for c, on in (("poc", poc), ("force", force)) if on] or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    import_codings(store, write_jsonl(tmp_path / name, rows),
                   codebook=str(tmp_path / "synth.yaml"), coder="gold")  # fmt: skip


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), share=st.floats(0.3, 0.8))
def test_suggestions_never_cover_human_coded_units(tmp_path: Path, seed: int, share: float) -> None:
    store = Store.open(":memory:")
    truth = fill(store, docs=4, seed=seed)
    (tmp_path / "synth.yaml").write_text(CODEBOOK)
    rng = random.Random(seed)
    keys = sorted(truth)
    coded = rng.sample(keys, max(2, int(len(keys) * share)))
    _import_truth(store, tmp_path, coded, truth)
    train_model(store, "synth")
    report = suggest(store, "synth", min_probability=0.05)
    suggested = {s.unit_key for s in report.suggestions}
    assert not suggested & set(coded)
    assert report.targets == len(keys) - len(coded)
    store.close()


def test_train_suggest_verdict_feeds_next_training(project: Store, tmp_path: Path) -> None:
    truth = {k: v for k, v in fill(Store.open(":memory:")).items()}  # same seed, same truth
    keys = sorted(truth)
    _import_truth(project, tmp_path, keys[:20], truth)
    first = train_model(project, "synth")
    assert first.codes["poc"]["status"].startswith("trained on ")
    report = suggest(project, "synth", min_probability=0.5)
    hits = [s for s in report.suggestions if s.code == "poc"]
    assert hits and all(s.model == first.version for s in hits)
    right = sum(truth[s.unit_key][0] for s in hits)
    assert right / len(hits) >= 0.8  # the synthetic cue words are learnable
    sid = project.conn.execute(
        "SELECT id FROM suggestions WHERE unit_key = ? AND code = 'poc'", (hits[0].unit_key,)
    ).fetchone()[0]
    record_suggestion_verdict(project, coder="ana", suggestion_id=sid, verdict="reject")
    labels = collect_labels(project, stored_codebook(project, "synth"), "unit")
    assert labels.by_code["poc"][hits[0].unit_key] == 0
    second = train_model(project, "synth")
    assert second.version != first.version and second.codes["poc"]["negatives"] == (
        first.codes["poc"]["negatives"] + 1
    )
    # a judged (target, code) is not suggested again; its other codes still can be
    again = suggest(project, "synth", min_probability=0.05)
    assert (hits[0].unit_key, "poc") not in {(s.unit_key, s.code) for s in again.suggestions}


def test_a_target_marked_done_after_suggest_leaves_the_open_suggestions(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC units. A suggestion on a target someone then marks done (directly, or as a
    unit of a paragraph marked whole) is no longer open: the queue and ``--passages`` leave it
    out until the next ``code suggest`` (which would not suggest on it). An accepted one stays."""
    from normtrace.coding.exchange.tables import PassageFilter, passages
    from normtrace.coding.learn.suggest import suggestion_queue

    truth = fill(Store.open(":memory:"))
    _import_truth(project, tmp_path, sorted(truth)[:20], truth)
    train_model(project, "synth")
    report = suggest(project, "synth", min_probability=0.05)
    targets = sorted({s.unit_key for s in report.suggestions if s.code == "poc"})
    assert len(targets) >= 3
    done_unit, in_paragraph, accepted = targets[0], targets[1], targets[2]
    sid = project.conn.execute("SELECT id FROM current_suggestions WHERE unit_key = ? AND "
                               "code = 'poc'", (accepted,)).fetchone()[0]  # fmt: skip
    record_suggestion_verdict(project, coder="ana", suggestion_id=sid, verdict="accept")
    mark_done(project, coder="ana", codebook="synth", unit_keys=[done_unit, accepted], level="unit")
    mark_done(project, coder="ana", codebook="synth", unit_keys=[paragraph_key(in_paragraph)],
              level="paragraph")  # fmt: skip
    closed = {done_unit} | {t for t in targets if paragraph_key(t) == paragraph_key(in_paragraph)}
    queue = {r["unit_key"] for r in suggestion_queue(project, "synth", "poc", limit=1000)}
    assert queue == set(targets) - closed - {accepted}
    shown = {r.unit_key: r.status for r in passages(
        project, PassageFilter(code="poc", sources=("suggestion",)))}  # fmt: skip
    assert set(shown) == set(targets) - closed | {accepted}
    assert shown[accepted] == "accepted"


def test_touched_targets_follow_the_paragraph_rule_not_key_prefixes(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC keys. Operative and preambular paragraphs and a report's numbered paragraphs
    hold sub-paragraphs (since stop 41 a report paragraph ``p45`` and its ``p45/a`` are one
    paragraph, as a resolution's are): a paragraph marked whole touches its sub-paragraphs,
    a speech or other unit only itself."""
    from normtrace.coding.human.reviews import review_targets, touched_by_review_sql

    with project.transaction() as conn:
        insert_document(conn, "SYN/R", [(k, "p", "Synthetic text.") for k in ("SYN/R/p45",
                        "SYN/R/p45/a")], doc_type="report")  # fmt: skip
    from normtrace.coding.exchange.yamlio import load_codebook

    register_codebook(project, load_codebook(tmp_path / "synth.yaml"))
    mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/R/p45", "SYN/1/op1"],
              level="paragraph")  # fmt: skip
    cond, params = touched_by_review_sql(project, "b", "l", "k", "c")

    def touched(key: str, level: str) -> bool:
        row = project.conn.execute(
            f"SELECT {cond} FROM (SELECT ? AS b, ? AS l, ? AS k, ? AS c)",
            (*params, "synth", level, key, "poc"),
        ).fetchone()
        return bool(row[0])

    for level in ("unit", "paragraph"):
        expected = review_targets(project, "synth", level)[1]
        for key in ("SYN/R/p45", "SYN/R/p45/a", "SYN/1/op1", "SYN/1/op1/a", "SYN/1/op2"):
            assert touched(key, level) is (key in expected), (key, level)
    assert touched("SYN/1/op1/a", "unit") and touched("SYN/R/p45/a", "unit")
    assert not touched("SYN/1/op2", "unit")


def test_another_codebooks_codings_are_not_this_codebooks_labels(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC units. Two codebooks share the code id ``poc``: codings made under one are
    not positives of the other (a new user's untouched codebook got 41 positives)."""
    book = str(tmp_path / "synth.yaml")
    rows = [{"unit_key": "SYN/1/op2", "code": "poc"}, {"unit_key": "SYN/2/op2", "code": "poc"}]
    import_codings(project, write_jsonl(tmp_path / "a.jsonl", rows), codebook=book, coder="ana")
    (tmp_path / "other.yaml").write_text("name: other\ncodes:\n  - {id: poc, name: P}\n")
    import_codings(project, write_jsonl(tmp_path / "b.jsonl", [{"unit_key": "SYN/3/op2",
                   "code": ""}]), codebook=str(tmp_path / "other.yaml"), coder="bo")  # fmt: skip
    other = collect_labels(project, stored_codebook(project, "other"), "unit")
    assert other.by_code["poc"] == {"SYN/3/op2": 0}
    mine = collect_labels(project, stored_codebook(project, "synth"), "unit")
    assert mine.by_code["poc"] == {"SYN/1/op2": 1, "SYN/2/op2": 1}


def test_suggest_on_a_process_pool_stores_the_same_suggestions(
    project: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = fill(Store.open(":memory:"))
    keys = sorted(truth)
    _import_truth(project, tmp_path, keys[:20], truth)
    train_model(project, "synth")
    monkeypatch.setattr(suggest_module, "BATCH", 7)  # several batches go to the workers
    local = suggest(project, "synth", min_probability=0.05)
    with Engine("processes", workers=2) as pool:
        pooled = suggest(project, "synth", min_probability=0.05, mapper=pool.ordered)
    sql = ("SELECT unit_key, code, probability, text_sha256 FROM suggestions "
           "WHERE run_id = ? ORDER BY id")  # fmt: skip
    rows = [[tuple(r) for r in project.conn.execute(sql, (x.run_id,))] for x in (local, pooled)]
    assert rows[0] == rows[1] and local.targets > 7  # two batches
    assert local.suggestions == pooled.suggestions


def test_intervals_match_a_hand_computed_example() -> None:
    # Wilson, z = 1.96: p = 3/4, d = 1 + z²/4 = 1.9604, centre = (0.75 + z²/8) / d = 0.6275,
    # half = z·sqrt(0.75·0.25/4 + z²/64) / d = 0.3269 → [0.3006, 0.9544]
    i = wilson(3, 4)
    assert (round(i.low or 0, 4), round(i.high or 0, 4)) == (0.3006, 0.9544)
    truth = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    pred = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]  # tp 3, fp 1, fn 2
    s = score("poc", "model", truth, pred)
    assert (s.tp, s.fp, s.fn, s.n, s.positives) == (3, 1, 2, 10, 5)
    assert s.precision == 0.75 and s.recall == 0.6 and s.f1 == pytest.approx(6 / 9)
    assert (round(s.precision_low or 0, 4), round(s.precision_high or 0, 4)) == (0.3006, 0.9544)
    # recall 3/5: [0.2307, 0.8824]
    assert (round(s.recall_low or 0, 4), round(s.recall_high or 0, 4)) == (0.2307, 0.8824)
    assert s.f1_low is not None and s.f1_high is not None
    assert s.f1_low <= 6 / 9 <= s.f1_high
    assert wilson(0, 0).value is None


def test_cli_sequence_and_latest_validation(project: Store, tmp_path: Path) -> None:
    truth = fill(Store.open(":memory:"))
    rows = []
    for key in sorted({level_key(k, "paragraph") for k in truth})[:14]:
        members = [k for k in truth if level_key(k, "paragraph") == key]
        codes = [c for i, c in enumerate(("poc", "force")) if any(truth[m][i] for m in members)]
        rows += [{"unit_key": key, "code": c} for c in codes or [""]]
    write_jsonl(tmp_path / "train.jsonl", rows)
    obj = Context(str(project.path), False)
    project.close()

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--project", str(obj.project_path), *args])
        assert result.exit_code == 0, result.output
        return result.output

    level = ("--level", "paragraph")
    run("code", "import", str(tmp_path / "train.jsonl"), "--codebook",
        str(tmp_path / "synth.yaml"), "--coder", "gold", *level)  # fmt: skip
    assert "trained" in run("code", "train", "--codebook", "synth", *level)
    run("code", "suggest", "--codebook", "synth", *level, "--format", "json", "-o",
        str(tmp_path / "s.json"))  # fmt: skip
    out = json.loads((tmp_path / "s.json").read_text())
    assert out and set(out[0]) == {"id", "unit_key", "code", "probability", "model"}
    assert {r["unit_key"] for r in out}.isdisjoint(r["unit_key"] for r in rows)
    picked = json.loads(run("code", "next", "--codebook", "synth", "--code", "poc", "--n", "3",
                            *level, "--format", "json"))  # fmt: skip
    assert len(picked) == 3 and len({p["paragraph_key"] for p in picked}) == 3
    assert {p["basis"] for p in picked} <= {"classifier", "dictionary"}
    table = json.loads(run("code", "validate", "--codebook", "synth", *level, "--folds", "3",
                           "--format", "json"))  # fmt: skip
    assert {(r["code"], r["method"]) for r in table} >= {("poc", "model"), ("force", "model")}
    assert "1 paragraph mark(s) marked done" in run(
        "code", "done", "SYN/6/op2", "--codebook", "synth", "--coder", "ana", *level
    )
    with Project(obj.project_path) as p:
        stored = p.latest_validation("synth")
        assert stored is not None and stored.level == "paragraph"
        assert stored.get("poc") is not None and stored.get("poc", "model").n == 14  # type: ignore[union-attr]
    store = Store.open(obj.project_path)
    register_codebook(store, Codebook(name="other", codes=(Code(id="x", name="X"),)))
    assert latest_validation(store, "synth", level="unit") is None
    with pytest.raises(CodingError, match="no human-coded"):
        validate(store, "other", level="unit")
    store.close()


def test_frequencies_count_paragraphs_at_paragraph_level(project: Store, tmp_path: Path) -> None:
    from normtrace.coding.counts import code_frequencies

    rows = [{"unit_key": k, "code": "poc"} for k in ("SYN/1/op1/a", "SYN/1/op1/b", "SYN/1/op2")]
    import_codings(project, write_jsonl(tmp_path / "f.jsonl", rows),
                   codebook=str(tmp_path / "synth.yaml"), coder="ana")  # fmt: skip
    (unit,) = code_frequencies(project, source="human", level="unit")
    (para,) = code_frequencies(project, source="human", level="paragraph")
    assert (unit.count, unit.units, unit.group_units) == (3, 3, 30)
    assert (para.count, para.units, para.group_units) == (3, 2, 18)


def test_cold_start_uses_the_dictionary_until_a_code_has_a_classifier() -> None:
    from normtrace.coding.codebook import Entry
    from normtrace.coding.learn.active import cold_start, pick, tie_break
    from normtrace.coding.learn.features import Featurizer

    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry(pattern="ceasefire"),)),
                                     Code(id="y", name="Y")))  # fmt: skip
    texts = ["the ceasefire holds", "budget lines", "a ceasefire again", "staff"]
    feats = Featurizer(book).fit(texts)
    assert cold_start(feats, "x", texts).tolist() == [0.5, 0.0, 0.5, 0.0]
    assert cold_start(feats, "y", texts).tolist() == [0.5] * 4  # no dictionary: all uncertain
    picked = pick(cold_start(feats, "x", texts), feats.transform(texts), 2, tie_break(texts))
    assert sorted(picked) == [0, 2]


def test_a_code_without_dictionary_starts_from_its_few_positives() -> None:
    """Synthetic texts. With a positive or two and no classifier, the pool's targets most
    like the positives are the most uncertain (picked first); with none, all are 0.5."""
    from normtrace.coding.learn.active import cold_start, pick, tie_break
    from normtrace.coding.learn.features import Featurizer

    book = Codebook(name="b", codes=(Code(id="y", name="Y"),))
    pool = ["budget lines for the year", "the militia attacked the village",
            "staff travel costs", "militia attacked villages in the east"]  # fmt: skip
    positives = ["a militia attacked a village"]
    feats = Featurizer(book).fit([*pool, *positives])
    p = cold_start(feats, "y", pool, positives)
    assert p.max() <= 0.5 and p.min() >= 0.0
    assert set(np.argsort(-p)[:2].tolist()) == {1, 3}
    assert sorted(pick(p, feats.transform(pool), 2, tie_break(pool))) == [1, 3]
    assert cold_start(feats, "y", pool).tolist() == [0.5] * 4
    assert cold_start(feats, "y", [], positives).tolist() == []


def test_a_dictionary_rule_is_scored_for_picking_without_featurizing_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SYNTHETIC paragraphs: a code its dictionary predicts gets the same probabilities from
    the dictionary's hits alone as from the full features, and picking featurizes only the
    shortlist (``code next`` over 46k paragraphs took 28 s featurizing all of them)."""
    from normtrace.coding.learn.active import SHORTLIST, pick, probabilities_for, tie_break
    from normtrace.coding.learn.features import Featurizer
    from normtrace.coding.learn.train import DictionaryRule, fit_model

    book = Codebook(name="frames", codes=(Code(id="core_principles", name="Core"),))
    texts = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(30)}
    texts["k0"] = "Reaffirming the basic principles of peacekeeping, including consent."
    model = fit_model(book, "paragraph", texts, {"core_principles": {k: int(k == "k0")
                                                                      for k in texts}})  # fmt: skip
    assert isinstance(model.classifiers["core_principles"], DictionaryRule)
    hit, miss = "consent of the parties and the basic principles of peacekeeping", "budget lines"
    pool = [f"Item {i}: {hit if i % 7 == 0 else miss} for district {i}." for i in range(200)]
    full = model.classifiers["core_principles"].predict_proba(model.featurizer.transform(pool))
    seen: list[int] = []
    original = Featurizer.transform

    def counting(self: Featurizer, texts: Sequence[str]) -> object:
        seen.append(len(texts))
        return original(self, texts)

    monkeypatch.setattr(Featurizer, "transform", counting)
    p = probabilities_for(model, "core_principles", pool)
    assert seen == [] and np.allclose(p, full[:, 1])
    picked = pick(p, lambda rows: model.featurizer.transform([pool[r] for r in rows]), 3,
                  tie_break(pool))  # fmt: skip
    assert len(picked) == 3 and picked[0] % 7 == 0  # a hit of the rule (the most uncertain) first
    assert seen == [3 * SHORTLIST]


def test_equally_uncertain_targets_are_not_picked_by_their_place_in_the_pool() -> None:
    """SYNTHETIC texts, all equally uncertain (a code with neither dictionary nor
    classifier): the picks must not come from the pool's first shortlist only, and the same
    pool in reverse order must give the same texts."""
    from normtrace.coding.learn.active import SHORTLIST, pick, tie_break
    from normtrace.coding.learn.features import Featurizer

    words = ["ceasefire", "budget", "ballot", "patrol", "mandate", "convoy", "harbour", "court"]
    texts = [f"Item {i}: the {words[i % 8]} of district {i} and {words[(i * 3) % 8]} nine"
             for i in range(120)]  # fmt: skip
    feats = Featurizer(Codebook(name="b", codes=(Code(id="y", name="Y"),))).fit(texts)
    X = feats.transform(texts)
    p = np.full(len(texts), 0.5)
    n = 4
    picked = pick(p, X, n, tie_break(texts))
    assert len(set(picked)) == n
    assert max(picked) >= n * SHORTLIST  # the old positional shortlist held rows 0..39 only
    reverse = pick(p, feats.transform(texts[::-1]), n, tie_break(texts[::-1]))
    assert sorted(texts[len(texts) - 1 - i] for i in reverse) == sorted(texts[i] for i in picked)


def test_a_code_with_few_positives_is_predicted_by_its_dictionary() -> None:
    """SYNTHETIC paragraphs: one positive of a frame id is too few to learn from."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.learn.train import MIN_LEARNED_POSITIVES, DictionaryRule, fit_model

    book = Codebook(name="frames", codes=(Code(id="core_principles", name="Core"),))
    texts = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(30)}
    texts["k0"] = (
        "Reaffirming the basic principles of peacekeeping, including consent of the parties."
    )
    labels = {"core_principles": {k: int(k == "k0") for k in texts}}
    model = fit_model(book, "paragraph", texts, labels)
    assert isinstance(model.classifiers["core_principles"], DictionaryRule)
    assert model.codes["core_principles"]["status"].startswith(
        "dictionary rule (1 positive(s), fewer than the 5"
    )
    assert MIN_LEARNED_POSITIVES > 1
    p = model.predict(
        [
            "recalling the principles of peacekeeping and the consent of the host state",
            "an unrelated paragraph on the budget",
        ]
    )["core_principles"]
    assert p[0] >= 0.5 > p[1]


def test_with_enough_positives_the_better_of_dictionary_and_classifier_is_chosen() -> None:
    """SYNTHETIC paragraphs. Code ``x``: its dictionary ("ceasefire") marks exactly the
    positives, so cross-validation keeps the dictionary. Code ``y``: the positives are the
    paragraphs about "elections", which no dictionary entry names, while the dictionary of
    ``y`` ("ballot") hits only negatives — the classifier must win."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.learn.train import DictionaryRule, fit_model

    book = Codebook(
        name="b",
        codes=(
            Code(id="x", name="X", entries=(Entry(pattern="ceasefire"),)),
            Code(id="y", name="Y", entries=(Entry(pattern="ballot"),)),
        ),
    )
    texts: dict[str, str] = {}
    for i in range(12):
        texts[f"c{i}"] = f"The parties respect the ceasefire in sector {i}."
        texts[f"e{i}"] = f"Free and fair elections are held in province {i} this year."
        texts[f"b{i}"] = f"A ballot box inventory for warehouse {i} was audited."
        texts[f"n{i}"] = f"The budget of the mission for period {i} is approved."
    labels = {
        "x": {k: int(k.startswith("c")) for k in texts},
        "y": {k: int(k.startswith("e")) for k in texts},
    }
    model = fit_model(book, "paragraph", texts, labels)
    assert isinstance(model.classifiers["x"], DictionaryRule)
    assert model.codes["x"]["cv_f1"]["dictionary"] == 1.0
    assert not isinstance(model.classifiers["y"], DictionaryRule)
    assert model.codes["y"]["cv_f1"]["classifier"] > model.codes["y"]["cv_f1"]["dictionary"]
    p = model.predict(["Elections are held in province 40 next year.", "A ballot box audit."])
    assert p["y"][0] >= 0.5 > p["y"][1]


@pytest.mark.parametrize(
    ("f1_rule", "f1_clf", "se", "keeps_dictionary"),
    [(0.88, 0.91, 0.05, True), (0.86, 0.89, 0.01, False), (0.90, 0.90, 0.0, True)],
)
def test_the_classifier_must_beat_the_dictionary_by_more_than_one_standard_error(
    monkeypatch: pytest.MonkeyPatch, f1_rule: float, f1_clf: float, se: float,
    keeps_dictionary: bool,
) -> None:  # fmt: skip
    """SYNTHETIC paragraphs; the cross-validated scores are set, so only the rule is tested."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.learn import train

    monkeypatch.setattr(train, "_cross_validated_f1", lambda *a: (f1_rule, f1_clf, se))
    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry(pattern="truce"),)),))
    texts = {f"t{i}": f"The truce holds in sector {i}." for i in range(8)}
    texts |= {f"n{i}": f"The budget for period {i} is approved." for i in range(8)}
    labels = {"x": {k: int(k.startswith("t")) for k in texts}}
    model = train.fit_model(book, "paragraph", texts, labels)
    assert isinstance(model.classifiers["x"], train.DictionaryRule) is keeps_dictionary
    assert model.codes["x"]["cv_f1"]["difference_se"] == se
    # equal scores with no spread: "no better", not "by more than one standard error, 0.00"
    said = "no better" if se == 0 and f1_rule == f1_clf else "standard error"
    assert said in model.codes["x"]["status"]


def test_train_reports_the_dictionarys_score_as_validate_does(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC paragraphs. The dictionary of ``force`` ("civilians") hits the protection
    paragraphs, which carry force no more often than others: its hits are mostly wrong.
    ``code train`` must report the dictionary's own score exactly as ``code validate``
    computes it on the same labels (it once printed the rule's F1 0.00 where validate said
    0.53), and must not keep the rule when the classifier does better; the rule's
    cross-validated F1 is that of its hits, the only texts it suggests."""
    truth = fill(Store.open(":memory:"))
    (tmp_path / "dict.yaml").write_text(
        "name: dict\ncodes:\n  - {id: poc, name: Protection}\n"
        "  - id: force\n    name: Force\n    entries:\n      - civilians\n"
    )
    rows: list[dict[str, object]] = []
    for key in sorted(truth):
        codes = [c for c, on in zip(("poc", "force"), truth[key], strict=True) if on] or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    import_codings(project, write_jsonl(tmp_path / "all.jsonl", rows),
                   codebook=str(tmp_path / "dict.yaml"), coder="gold")  # fmt: skip
    report = train_model(project, "dict", params={"reference": False})
    info = report.codes["force"]
    checked = validate(project, "dict", folds=3, reference=False).get("force", "dictionary")
    assert checked is not None and checked.f1 is not None
    assert info["dictionary"]["f1"] == checked.f1 and info["dictionary"]["n"] == checked.n
    assert checked.precision is not None and checked.precision < 0.5
    assert f"F1 {checked.f1:.2f}" in info["status"]
    assert info["status"].startswith("trained")
    # its hits, never its misses: in each of `code validate`'s folds, the fold's rule suggests
    # its hits when its P(code | hit) on the other folds reaches 0.5, else nothing
    from normtrace.coding.learn.split import code_split
    from normtrace.coding.learn.train import rule_rates

    keys = sorted(truth)
    texts = dict(project.conn.execute("SELECT key, text FROM units").fetchall())
    hit = np.array(["civilians" in texts[k].lower() for k in keys])
    y = np.array([bool(truth[k][1]) for k in keys])
    pred = np.zeros(len(keys), dtype=bool)
    for fit, held in code_split(keys, keys):
        pred[held] = hit[held] & (rule_rates(hit[fit], y[fit])[0] >= 0.5)
    expected = score("force", "rule", y.tolist(), pred.tolist()).f1
    assert expected is not None and info["cv_f1"]["dictionary"] == round(expected, 4)


def test_a_code_without_negatives_is_told_so_not_that_positives_are_few() -> None:
    """SYNTHETIC paragraphs, every one coded ``x`` (as after importing only the codings of a
    .qdpx): the reason the dictionary rule is kept is the missing negatives."""
    from normtrace.coding.codebook import Code, Codebook, Entry
    from normtrace.coding.learn.train import fit_model

    book = Codebook(name="b", codes=(Code(id="x", name="X", entries=(Entry(pattern="truce"),)),))
    texts = {f"t{i}": f"The truce holds in sector {i}." for i in range(33)}
    model = fit_model(book, "paragraph", texts, {"x": dict.fromkeys(texts, 1)})
    status = model.codes["x"]["status"]
    assert status.startswith("dictionary rule (0 negative(s), fewer than the 2"), status
    assert "positive(s), fewer" not in status


def test_the_vectorized_f1_matches_a_hand_count() -> None:
    from normtrace.coding.learn.train import _f1

    truth = np.array([1, 1, 1, 0, 0, 0], dtype=bool)
    pred = np.array([[1, 1, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0]], dtype=bool)
    # tp 2, fp 1, fn 1 -> 2*2 / (2*2 + 2) = 0.667; nothing found -> 0
    assert _f1(pred, truth).round(3).tolist() == [0.667, 0.0]


def test_a_code_named_after_a_frame_gets_that_frames_dictionary() -> None:
    """SYNTHETIC paragraphs. A codebook whose code ids are not frame ids but whose names
    are ("Core principles") still gets the default codebook's dictionary of that frame; a
    code that stands for no frame gets none."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.learn.features import dictionary_column, frame_of_code
    from normtrace.coding.learn.train import DictionaryRule, fit_model

    book = Codebook(
        name="mine",
        codes=(Code(id="cp", name="Core principles"), Code(id="misc", name="Miscellany")),
    )
    assert frame_of_code(book.codes[0]) == "core_principles"
    assert frame_of_code(book.codes[1]) is None
    assert dictionary_column(book, "cp") == "frame:core_principles"
    texts = {f"k{i}": f"The Council discusses item {i} of its agenda." for i in range(30)}
    texts["k0"] = "Reaffirming the basic principles of peacekeeping, including consent."
    labels = {c: {k: int(k == "k0") for k in texts} for c in ("cp", "misc")}
    model = fit_model(book, "paragraph", texts, labels)
    assert isinstance(model.classifiers["cp"], DictionaryRule)
    assert "misc" not in model.classifiers  # one positive, no dictionary: not trained
    p = model.predict(["recalling the principles of peacekeeping and host state consent"])
    assert p["cp"][0] >= 0.5


@settings(max_examples=80, deadline=None)
@given(
    keys=st.lists(
        st.text(alphabet="ab0/_%.", min_size=1, max_size=6).map(
            lambda k: k.replace("a", "/op1", 1)
        ),
        min_size=1,
        max_size=25,
    ),  # fmt: skip
    target=st.text(alphabet="ab0/_%.", min_size=1, max_size=5).map(
        lambda k: k.replace("a", "/op1", 1)
    ),  # fmt: skip
)
def test_a_target_is_its_unit_and_at_paragraph_level_its_sub_paragraphs(
    keys: list[str], target: str
) -> None:
    """The index-range condition selects exactly the key itself and, at paragraph level,
    the keys :func:`paragraph_key` puts under it (only an operative or preambular paragraph
    holds sub-paragraphs; wildcard characters in keys change nothing)."""
    import sqlite3

    from normtrace.coding.levels import target_clause

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE u (key TEXT PRIMARY KEY)")
    conn.executemany("INSERT OR IGNORE INTO u VALUES (?)", [(k,) for k in keys])
    for level, want in (
        ("unit", {k for k in keys if k == target}),
        ("paragraph", {k for k in keys if k == target or paragraph_key(k) == target}),
    ):
        clause, params = target_clause(target, level)
        got = {r[0] for r in conn.execute(f"SELECT key FROM u WHERE {clause}", params)}
        assert got == want, level


def test_a_group_code_row_is_refused_naming_its_codable_codes(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC units. A grouping code (``codable: false``) is never applied: `code add`
    refuses it, and so does import, one line for the row, importing nothing (it once
    accepted the row, and counts and exports carried the group as a coding)."""
    (tmp_path / "g.yaml").write_text(
        "name: g\ncodes:\n  - {id: force, name: Force, codable: false}\n"
        "  - {id: auth, name: Authorization, parent: force}\n"
    )
    rows = [{"unit_key": "SYN/1/op2", "code": "force"}, {"unit_key": "SYN/1/op2", "code": "auth"}]
    with pytest.raises(CodingImportError) as info:
        import_codings(project, write_jsonl(tmp_path / "g.jsonl", rows),
                       codebook=str(tmp_path / "g.yaml"), coder="ana")  # fmt: skip
    assert info.value.problems == [
        "row 1: code 'force' of codebook g is a grouping code (codable: false), never applied; "
        "nothing recorded on SYN/1/op2: code with one of its codable codes: auth"
    ]
    assert project.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0
    report = import_codings(project, write_jsonl(tmp_path / "a.jsonl", rows[1:]),
                            codebook=str(tmp_path / "g.yaml"), coder="ana")  # fmt: skip
    assert report.codings == 1
    labels = collect_labels(project, stored_codebook(project, "g"), "unit")
    assert labels.codes == ("auth",) and labels.by_code["auth"] == {"SYN/1/op2": 1}


def test_validate_needs_two_folds(project: Store) -> None:
    out = CliRunner().invoke(cli, ["--project", str(project.path), "code", "validate",
                                   "--codebook", "synth", "--folds", "1"])  # fmt: skip
    assert out.exit_code == 2 and "1 is not in the range x>=2" in out.output


def test_csv_import_errors_name_records_as_a_spreadsheet_numbers_rows(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC rows. A memo with a line break made the file's line number, not the row a
    spreadsheet shows, name the bad row (an XLSX of the same table said row 3, the CSV 4)."""
    path = tmp_path / "multi.csv"
    path.write_text('unit_key,code,memo\nSYN/1/op2,poc,"two\nlines"\nSYN/1/op2,nope,\n')
    with pytest.raises(CodingImportError) as info:
        import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    assert info.value.problems[0].startswith("row 3: code 'nope'")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b" \n\n", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00unit_key,code\n", "binary data, not a text file"),
        (b'unit_key,code\n"' + b"x" * 200_000 + b'",poc\n', "row 2: not readable as CSV"),
        (b'"' + b"x" * 200_000 + b'",code\n', "row 1: not readable as CSV"),
    ],
)
def test_an_unreadable_codings_file_is_one_error_naming_it(
    project: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    """SYNTHETIC files. A binary file reached the CSV reader and left a traceback; an empty
    one was said to lack columns."""
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    with pytest.raises(CodingError, match=message) as info:
        import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    assert "odd.csv" in str(info.value) and "\n" not in str(info.value)
    assert project.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0] == 0


@pytest.mark.parametrize(
    "content",
    [
        "unit_key\tcode\nSYN/1/op2\tpoc\n".encode("utf-16"),  # a spreadsheet's "Unicode text"
        "unit_key\tcode\nSYN/1/op2\tpoc\n".encode("utf-32"),
        b"unit_key;code\r\nSYN/1/op2;poc\r\n",  # where the comma is the decimal mark
        b"unit_key,code\rSYN/1/op2,poc\r",  # an old Mac's line ends
    ],
)
def test_spreadsheet_text_variants_are_read(project: Store, tmp_path: Path, content: bytes) -> None:
    """SYNTHETIC rows in the encodings, delimiters and line ends spreadsheets save."""
    path = tmp_path / "table.csv"
    path.write_bytes(content)
    report = import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    assert report.codings == 1


def test_a_unit_key_that_is_not_text_is_said_so(project: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", [{"unit_key": 5, "code": "poc"}])
    with pytest.raises(CodingImportError) as info:
        import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    assert info.value.problems == ["row 1: unit_key must be text, not 5"]


def test_undoing_an_imported_coding_says_the_import_mark_stays(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. An import marks every unit it names reviewed; undoing the one coding left
    the unit silently a 'nothing applies' negative of every code (a new user's report)."""
    path = write_jsonl(tmp_path / "one.jsonl", [{"unit_key": "SYN/1/op2", "code": "poc"}])
    import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana")
    db = project.path
    (event,) = [e.id for e in events.list_events(project, coder="ana")]
    project.close()
    # by its id: a plain `code undo` takes back the import's mark, written after the coding
    args = ["--project", str(db), "code", "undo", str(event), "--coder", "ana"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0 and "undid ana's coding 'poc' on SYN/1/op2" in out.stdout
    assert (
        "note: SYN/1/op2 stays marked reviewed by ana for synth (unit level, import:one.jsonl)"
        in (out.stderr)
    )
    assert "code done 'SYN/1/op2' --codebook synth --coder ana --level unit --undo" in out.stderr


def test_a_verdict_at_one_level_is_a_label_at_the_other_where_the_text_says_so(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. A new user rejected a unit-level suggestion on a paragraph without
    sub-paragraphs and saw the same text suggested again at paragraph level."""
    truth = fill(Store.open(":memory:"))  # same seed, same truth
    keys = sorted(truth)
    _import_truth(project, tmp_path, keys[:12], truth)
    train_model(project, "synth", level="unit")
    train_model(project, "synth", level="paragraph")
    units = suggest(project, "synth", min_probability=0.05)
    by_key = {(s.unit_key, s.code): s.id for s in units.suggestions}
    whole = next(k for k in by_key if k[0].endswith("/op2"))  # a paragraph of one unit
    part = next(k for k in by_key if k[0].endswith("/op1/a"))  # a sub-paragraph
    for key in (whole, part):
        record_suggestion_verdict(project, coder="ana", suggestion_id=by_key[key],
                                  verdict="reject")  # fmt: skip
    book = stored_codebook(project, "synth")
    paragraphs = collect_labels(project, book, "paragraph")
    assert paragraphs.by_code[whole[1]][whole[0]] == 0
    assert paragraph_key(part[0]) not in paragraphs.by_code[part[1]]  # op1/b may carry it
    again = suggest(project, "synth", level="paragraph", min_probability=0.05)
    assert whole not in {(s.unit_key, s.code) for s in again.suggestions}
    # a rejected paragraph: none of its units carries the code
    head = next(s for s in again.suggestions if s.unit_key.endswith("/op1"))
    record_suggestion_verdict(project, coder="ana", suggestion_id=head.id, verdict="reject")
    unit_labels = collect_labels(project, book, "unit").by_code[head.code]
    members = [f"{head.unit_key}{tail}" for tail in ("", "/a", "/b")]
    assert all(unit_labels.get(m) == 0 for m in members if (m, head.code) != part)


def test_code_next_picks_a_first_batch_before_any_label(project: Store, tmp_path: Path) -> None:
    """SYNTHETIC. In a fresh project `code next` said "train one" and `code train` "nothing
    labelled yet" (a new user's report). With no label and no model it now picks a spread
    first batch, every target equally uncertain ('none yet')."""
    codes = (Code(id="protection_of_civilians", name="PoC"), Code(id="mine", name="Mine"))
    register_codebook(project, Codebook(name="synth", codes=codes))
    picked = next_units(project, "synth", "mine", n=5)  # a code of its own: no dictionary
    assert len(picked) == 5 and len({u.unit_key for u in picked}) == 5
    assert {u.basis for u in picked} == {"none yet"} and {u.probability for u in picked} == {0.5}
    assert next_units(project, "synth", "mine", n=5) == picked  # the same batch again
    # a code standing for a frame starts from its frame's dictionary hits
    texts = {k: t.lower() for k, t in project.conn.execute("SELECT key, text FROM units")}
    framed = next_units(project, "synth", "protection_of_civilians", n=5)
    assert {u.basis for u in framed} == {"dictionary"}
    assert all("civilians" in texts[u.unit_key] for u in framed)
    # a paragraph judged whole in which no code sits has no unit carrying one: its units are
    # negatives (stop 41; they were only touched), so there are labels now: train first
    mark_done(project, coder="ana", codebook="synth", unit_keys=["SYN/1/op1"], level="paragraph")
    assert collect_labels(project, stored_codebook(project, "synth"), "unit").keys() == [
        "SYN/1/op1", "SYN/1/op1/a", "SYN/1/op1/b"]  # fmt: skip
    with pytest.raises(NotFoundError, match="train one"):
        next_units(project, "synth", "mine", n=5)


def test_a_rejected_paragraph_does_not_contradict_a_coding_in_it(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. A review found that a rejected paragraph suggestion made every unit of the
    paragraph negative although a coder had put the code in it (an import at paragraph level
    without a span places the coding on the first unit, not the one with the words)."""
    truth = fill(Store.open(":memory:"))
    _import_truth(project, tmp_path, sorted(truth)[:12], truth)
    train_model(project, "synth", level="paragraph")
    report = suggest(project, "synth", level="paragraph", min_probability=0.05)
    target = next(s for s in report.suggestions if s.unit_key.endswith("/op1"))
    path = write_jsonl(tmp_path / "p.jsonl", [{"unit_key": target.unit_key, "code": target.code}])
    import_codings(project, path, codebook=str(tmp_path / "synth.yaml"), coder="ana",
                   level="paragraph")  # fmt: skip
    record_suggestion_verdict(project, coder="ben", suggestion_id=target.id, verdict="reject")
    units = collect_labels(project, stored_codebook(project, "synth"), "unit").by_code[target.code]
    # ana coded the paragraph whole: no unit's label, and none of its units is a negative
    assert not {target.unit_key, f"{target.unit_key}/a", f"{target.unit_key}/b"} & set(units)


def test_a_code_with_a_dictionary_and_no_label_yet_starts_from_its_dictionary(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. A code nobody had labelled yet was "not trained ... the code has no
    dictionary" although it had one (a new user's report): it now starts from its
    dictionary at the priors' rates."""
    book = tmp_path / "dict.yaml"
    book.write_text("name: dict\ncodes:\n  - {id: poc, name: Protection, entries: [civilians]}\n"
                    "  - {id: force, name: Force, entries: [necessary measures]}\n")  # fmt: skip
    resolve_codebook(project, str(book))
    events.add_code(project, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="poc")
    report = train_model(project, "dict")
    assert report.codes["force"]["status"].startswith("dictionary rule (0 positive(s)")
    assert "no dictionary" not in report.codes["force"]["status"]


def test_a_dictionary_rule_suggests_its_hits_not_every_text_it_misses(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC. Before any label a rule gives every text its dictionary misses the prior
    base rate (0.25), above the web queue's 0.05 bar: a new user's queue filled with report
    headings. Only the dictionary's hits are suggestions now."""
    book = tmp_path / "dict.yaml"
    book.write_text("name: dict\ncodes:\n  - {id: poc, name: Protection, entries: [civilians]}\n"
                    "  - {id: force, name: Force, entries: [authorizes]}\n")  # fmt: skip
    resolve_codebook(project, str(book))
    events.add_code(project, coder="ana", unit_key="SYN/1/op2", start=0, end=5, code="poc")
    train_model(project, "dict")
    first = suggest(project, "dict", min_probability=0.05)
    # a code nobody labelled yet: its rule would only repeat the dictionary's candidates
    assert not [s for s in first.suggestions if s.code == "force"]
    mark_done(project, coder="ana", codebook="dict", unit_keys=["SYN/2/pp1"])  # a negative
    train_model(project, "dict")
    report = suggest(project, "dict", min_probability=0.05)
    texts = {k: t for k, t in project.conn.execute("SELECT key, text FROM units")}
    force = [s.unit_key for s in report.suggestions if s.code == "force"]
    assert force and all("authorizes" in texts[k].lower() for k in force)


def test_suggest_leaves_out_only_the_codes_a_scoped_mark_speaks_for(
    project: Store, tmp_path: Path
) -> None:
    """SYNTHETIC units. A unit marked done for poc only gets no poc suggestion, but force is
    still suggested there (a new user's three-frame marks shut units out of every code)."""
    truth = fill(Store.open(":memory:"))
    _import_truth(project, tmp_path, sorted(truth)[:20], truth)
    train_model(project, "synth")
    first = suggest(project, "synth", min_probability=0.05)
    both = sorted({s.unit_key for s in first.suggestions if s.code == "poc"}
                  & {s.unit_key for s in first.suggestions if s.code == "force"})  # fmt: skip
    other = next(k for k in both if paragraph_key(k) != paragraph_key(both[0]))
    mark_done(project, coder="ana", codebook="synth", unit_keys=both[:1], codes=["poc"])
    # a whole paragraph marked for poc: its units are touched for poc only
    mark_done(project, coder="ana", codebook="synth", unit_keys=[paragraph_key(other)],
              level="paragraph", codes=["poc"])  # fmt: skip
    again = suggest(project, "synth", min_probability=0.05)
    for key in (both[0], other):
        assert {s.code for s in again.suggestions if s.unit_key == key} == {"force"}, key


def test_a_paragraph_coded_whole_is_no_units_label(project: Store, tmp_path: Path) -> None:
    """SYNTHETIC. A new user's paragraph-level import of a paragraph with sub-paragraphs was
    placed on its opening unit and counted as that unit's positive at unit level (and `code
    train` said "from 24 units" while the codes counted 22). It stays a positive at paragraph
    level; a paragraph of one unit is that unit, and a span the coder placed is a unit's label."""
    book = str(tmp_path / "synth.yaml")
    paragraphs = [{"unit_key": f"SYN/1/{k}", "code": "poc"} for k in ("op1", "op2")]
    import_codings(project, write_jsonl(tmp_path / "p.jsonl", paragraphs), codebook=book,
                   coder="ana", level="paragraph")  # fmt: skip
    units = [{"unit_key": "SYN/2/op2", "code": "poc"}, {"unit_key": "SYN/2/pp1", "code": ""},
             {"unit_key": "SYN/3/op1", "code": "poc"}]  # fmt: skip
    import_codings(project, write_jsonl(tmp_path / "u.jsonl", units), codebook=book, coder="ana")
    synth = stored_codebook(project, "synth")
    unit = collect_labels(project, synth, "unit")
    assert unit.by_code["poc"] == {"SYN/1/op2": 1, "SYN/2/op2": 1, "SYN/2/pp1": 0, "SYN/3/op1": 1}
    assert "SYN/1/op1" in unit.human  # coded by a person: never suggested
    assert collect_labels(project, synth, "paragraph").by_code["poc"]["SYN/1/op1"] == 1
    # op1, reviewed whole and carrying poc only, has no unit carrying force (stop 41)
    assert unit.by_code["force"] == dict.fromkeys(unit.keys(), 0)
    report = train_model(project, "synth")
    assert report.labelled == len(unit.keys()) == 7
    assert sum(report.codes["poc"][k] for k in ("positives", "negatives")) == 4


def test_validate_scores_the_rule_suggest_applies(project: Store, tmp_path: Path) -> None:
    """SYNTHETIC. Where its labels made P(code | miss) >= 0.5, a kept dictionary rule was scored
    in cross-validation as predicting every text its dictionary misses (a new user's model row
    tp 1, fp 2 beside a dictionary row of 0 and 0, noted "scores as the dictionary does"), and
    `suggest` suggested every miss once P(miss) passed P(hit): a rule suggests its hits only."""
    book = tmp_path / "rule.yaml"
    book.write_text("name: rule\ncodes:\n  - {id: stab, name: Stab, entries: [armistice]}\n")
    resolve_codebook(project, str(book))  # its dictionary hits no text here
    keys = sorted(str(r[0]) for r in project.conn.execute("SELECT key FROM units"))
    for key in keys[:12]:
        events.add_code(project, coder="ana", unit_key=key, start=0, end=5, code="stab")
    mark_done(project, coder="ana", codebook="rule", unit_keys=keys[12:13], codes=["stab"])
    train_model(project, "rule", params={"reference": False})
    assert not suggest(project, "rule").suggestions  # P(miss) 0.76 > P(hit) 0.75, no hit
    checked = validate(project, "rule", reference=False)
    model, dictionary = checked.get("stab"), checked.get("stab", "dictionary")
    assert model is not None and dictionary is not None
    assert (model.tp, model.fp, model.fn) == (dictionary.tp, dictionary.fp, dictionary.fn)
    assert "in every fold, so it scores as the dictionary does" in model.note


def test_suggest_and_next_leave_headings_to_hand_coding(project: Store, tmp_path: Path) -> None:
    """SYNTHETIC. `code apply` leaves section headings to hand coding, yet `suggest` gave a
    report's "Child protection" heading 0.75 and `code next` proposed headings."""
    with project.transaction() as conn:
        insert_document(conn, "SYN/9", [("SYN/9/h01", "heading", "Protection of civilians"),
                        ("SYN/9/p1", "numbered", "The mission protects civilians in camps.")],
                        doc_type="report")  # fmt: skip
    book = tmp_path / "dict.yaml"
    book.write_text("name: dict\ncodes:\n  - {id: poc, name: Protection, entries: [civilians]}\n")
    resolve_codebook(project, str(book))
    first = {u.unit_key for u in next_units(project, "dict", "poc", n=50)}  # no label yet
    assert "SYN/9/p1" in first and "SYN/9/h01" not in first
    mark_done(project, coder="ana", codebook="dict", unit_keys=["SYN/1/pp1"])  # one label
    train_model(project, "dict", params={"reference": False})
    suggested = {s.unit_key for s in suggest(project, "dict").suggestions}
    assert "SYN/9/p1" in suggested and "SYN/9/h01" not in suggested
    picked = {u.unit_key for u in next_units(project, "dict", "poc", n=50)}
    assert "SYN/9/p1" in picked and "SYN/9/h01" not in picked


def test_the_solver_is_part_of_the_model_version_and_its_run(
    project: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fits by different solvers (the primal and dual forms reach the same optimum, with
    probabilities within 0.001) never share a model version, and the run says which."""
    from normtrace.coding.learn import train as train_module

    truth = fill(Store.open(":memory:"))
    _import_truth(project, tmp_path, sorted(truth)[:20], truth)
    dual = train_model(project, "synth")
    params = json.loads(
        project.conn.execute("SELECT params FROM runs WHERE id = ?", (dual.run_id,)).fetchone()[0]
    )
    assert params["solver"] == {
        "solver": "liblinear",
        "dual": True,
        "max_iter": 1000,
        "random_state": 0,
    }
    monkeypatch.setattr(train_module, "SOLVER", {**train_module.SOLVER, "dual": False})
    primal = train_model(project, "synth")
    assert primal.version != dual.version
