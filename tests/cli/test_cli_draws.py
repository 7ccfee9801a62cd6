"""``normtrace code draws`` lists the project's validation draws and, with a draw's id, its keys
again (the file ``code sample -o`` wrote, re-made); ``code withdraw-draw`` withdraws a mistaken
draw, which ``code draws`` then shows as withdrawn and ``code validate`` no longer weighs;
``--undo`` takes the withdrawal back.

The project, codebook, labels and draws are SYNTHETIC (as tests/coding/test_sample_draw's).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from normtrace.cli import cli
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))


def _project(store: Store) -> None:
    """SYNTHETIC: 100 report paragraphs (every 10th holds "alpha"), 200 resolution paragraphs
    (every 4th holds "alpha"); the codebook applied."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [
            (f"SYN/R/1/p{i}", "numbered", "alpha here" if i % 10 == 0 else "plain words")
            for i in range(1, 101)], doc_type="report")  # fmt: skip
        insert_document(conn, "SYN/RES/1", [
            (f"SYN/RES/1/op{i}", "op", "alpha decides" if i % 4 == 0 else "the Council decides")
            for i in range(1, 201)])  # fmt: skip
    register_codebook(store, BOOK)
    apply_codebook(store, BOOK)


def _label(store: Store, key: str, positive: bool) -> None:
    """A coder labels ``key`` for x: a coding of its whole text when positive; a done mark."""
    if positive:
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
        add_code(store, coder="ana", unit_key=key, start=0, end=len(text), code="x",
                 codebook="synth")  # fmt: skip
    mark_done(store, coder="ana", codebook="synth", unit_keys=[key])


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        _label(store, "SYN/RES/1/op4", True)  # labelled before any draw: a census of one
    return path


def _run(path: Path, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(path), "code", *args])
    if ok:
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def test_a_draws_keys_are_listed_again_as_code_sample_wrote_them(
    project: Path, tmp_path: Path
) -> None:
    first = _run(project, "sample", "--codebook", "synth", "--code", "x", "--n", "12", "--seed",
                 "4", "-o", str(tmp_path / "lost.csv"))  # fmt: skip
    assert "`normtrace code draws 1` lists the keys again" in first.stderr
    lost = (tmp_path / "lost.csv").read_text(encoding="utf-8")
    _run(project, "sample", "--codebook", "synth", "--code", "x", "--n", "4", "--seed", "1",
         "--level", "paragraph")  # fmt: skip
    keys = [r["unit_key"] for r in csv.DictReader(io.StringIO(lost))]
    with Store.open(project) as store:
        for key in keys[:3]:
            _label(store, key, False)

    again = _run(project, "draws", "1", "-o", str(tmp_path / "again.csv"))
    assert again.stdout == ""
    with (tmp_path / "again.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["position"], r["unit_key"]) for r in rows] == [
        (r["position"], r["unit_key"]) for r in csv.DictReader(io.StringIO(lost))]  # fmt: skip
    assert [r["labelled"] for r in rows] == ["True"] * 3 + ["False"] * 9
    assert again.stderr.startswith(
        "draw 1 of x (synth, unit level, seed 4, made ")  # fmt: skip
    assert again.stderr.rstrip().endswith(
        "3 of its 12 drawn units labelled for x; with the 1 labelled before it (the census), 4 "
        "of its 13 units are labelled")  # fmt: skip
    shown = json.loads(_run(project, "draws", "2", "--format", "json").stdout)
    assert list(shown[0]) == ["position", "paragraph_key", "labelled"] and len(shown) == 4
    jsonl = tmp_path / "again.jsonl"
    _run(project, "draws", "1", "-o", str(jsonl))
    lines = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [x["unit_key"] for x in lines] == keys

    listed = json.loads(_run(project, "draws", "--format", "json").stdout)
    assert [(d["id"], d["code"], d["level"], d["n"], d["drawn"], d["seed"], d["labelled"],
             d["units"], d["state"]) for d in listed] == [
        (2, "x", "paragraph", 4, 4, 1, 1, 5, "labelling"),
        (1, "x", "unit", 12, 12, 4, 4, 13, "labelling")]  # fmt: skip
    assert all(d["made_at"] and d["withdrawn_by"] is None for d in listed)
    table = _run(project, "draws", "--level", "unit").stdout.splitlines()
    assert table[0].split() == ["id", "codebook", "code", "level", "n", "drawn", "seed",
                                "made_at", "labelled", "units", "state", "withdrawn_by",
                                "withdrawn_at", "why"]  # fmt: skip
    assert len(table) == 3 and table[2].split()[:4] == ["1", "synth", "x", "unit"]
    empty = _run(project, "draws", "--codebook", "other", "--format", "csv").stdout
    assert empty.splitlines() == [",".join(table[0].split())]


def test_wrong_uses_are_one_line_errors(project: Path, tmp_path: Path) -> None:
    _run(project, "sample", "--codebook", "synth", "--code", "x", "--n", "5", "--seed", "4")
    for args, said in (
        (("draws", "-o", str(tmp_path / "k.csv")), "-o/--output writes one draw's keys"),
        (("draws", "1", "--code", "x"), "DRAW_ID names one draw"),
        (("draws", "1", "-o", str(tmp_path / "k.txt")), "write the keys as .csv, .jsonl"),
    ):
        result = _run(project, *args, ok=False)
        assert result.exit_code == 2 and said in result.stderr
    for args, said in (
        (("draws", "7"), "error: no draw '7' in the project; `normtrace code draws` lists"),
        (("withdraw-draw", "1", "--coder", "bo"), "error: draw 1: a withdrawal says why"),
        (("withdraw-draw", "1", "--coder", "bo", "--undo"), "error: draw 1 is not withdrawn"),
    ):
        result = _run(project, *args, ok=False)
        assert result.exit_code == 1 and result.stderr.startswith(said), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_withdrawn_draw_is_shown_withdrawn_and_validate_no_longer_weighs_it(
    project: Path,
) -> None:
    _run(project, "sample", "--codebook", "synth", "--code", "x", "--n", "12", "--seed", "4")
    with Store.open(project) as store:
        from normtrace.coding.sample_draw import draws

        (d,) = draws(store, "synth")
        for key in d.order:
            _label(store, key, "alpha" in key or key.endswith(("op1", "op2")))
    args = ("validate", "--codebook", "synth", "--folds", "2", "--no-reference")
    assert f"x: draw {d.id} (unit level, seed 4" in _run(project, *args).stdout

    out = _run(project, "withdraw-draw", str(d.id), "--why", "drawn for the wrong code",
               "--coder", "bo").stdout  # fmt: skip
    assert out.startswith(f"draw {d.id} of x (synth, unit level, seed 4) withdrawn by bo at ")
    assert out.rstrip().endswith(": drawn for the wrong code: it counts in no estimate from now "
                                 "on; its labels stay; `normtrace code validate --codebook synth "
                                 "--level unit` weighs the code's other draws")  # fmt: skip
    (row,) = json.loads(_run(project, "draws", "--format", "json").stdout)
    assert (row["state"], row["withdrawn_by"], row["why"]) == (
        "withdrawn", "bo", "drawn for the wrong code")  # fmt: skip
    assert row["labelled"] == row["units"] == 13  # its labels stay
    again = _run(project, "withdraw-draw", str(d.id), "--why", "x", "--coder", "ana", ok=False)
    assert again.exit_code == 1 and "is withdrawn already (withdrawn by bo at" in again.stderr
    validated = _run(project, *args).stdout
    assert "weighted by a recorded draw" not in validated
    assert "draw 1" not in validated
    _, keys_said = (r := _run(project, "draws", str(d.id))).stdout, r.stderr
    assert "; withdrawn by bo at " in keys_said and "it counts in no estimate" in keys_said

    back = json.loads(_run(project, "withdraw-draw", str(d.id), "--undo", "--coder", "ana",
                           "--why", "the code was right", "--json").stdout)  # fmt: skip
    assert (back["action"], back["coder"], back["why"], back["draw"]) == (
        "restore", "ana", "the code was right", d.id)  # fmt: skip
    (row,) = json.loads(_run(project, "draws", "--format", "json").stdout)
    assert (row["state"], row["withdrawn_by"]) == ("labelled through", None)
    assert f"x: draw {d.id} (unit level, seed 4" in _run(project, *args).stdout
