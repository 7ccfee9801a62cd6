"""A draw labelled through that the validation run the counts read does not weigh (restored
after a withdrawal, or labelled through since the run) is named where the code's measured error
is quoted, with the command that weighs it; ``code withdraw-draw --undo`` says no count reads
the draw until ``code validate`` runs again (second reading, RV F2: the undo said "it counts
again", and no source named the draw).

Codebooks, documents, labels and draws are SYNTHETIC (the project of test_sample_draw).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from test_draw_withdrawal import _label_all
from test_sample_draw import _project

from normtrace.cli import cli
from normtrace.coding.draw_withdrawal import withdraw_draw
from normtrace.coding.learn.validate import validate
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity
from normtrace.store.db import Store

AGAIN = "run `normtrace code validate --codebook synth --level unit` to weigh it"


def _x(store: Store) -> CodeValidity:
    return code_validity(store, "synth", level="unit")["x"]


def _unweighed(d: int, seed: int, run: int) -> str:
    return (f"; draw {d} (seed {seed}) is labelled through, but validation run {run}, whose "
            f"figures these are, does not weigh it, so no count reads it: {AGAIN}")  # fmt: skip


def _undo(path: Path, draw: int) -> str:
    done = CliRunner().invoke(cli, ["--project", str(path), "code", "withdraw-draw", str(draw),
                                    "--undo", "--coder", "ana"])  # fmt: skip
    assert done.exit_code == 0, (done.stdout, done.stderr)
    return done.stdout


def test_a_restored_draw_is_named_until_a_run_weighs_it(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        d = draw_sample(store, "synth", "x", 30, seed=5)
        _label_all(store, d)
        validate(store, "synth", model=False)
        assert "weighted estimate of draw" in _x(store).source
        withdraw_draw(store, d.id, coder="bo", why="SYNTHETIC: taken for a mistake")
        run = validate(store, "synth", model=False)  # weighs no draw
        assert run.draw_scores == [] and "is labelled through" not in _x(store).source
    said = _undo(path, d.id)
    assert re.sub(r"at \S+Z", "at T", said).strip() == (
        f"draw {d.id} of x (synth, unit level, seed 5) restored by ana at T (withdrawal 1 taken "
        "back): it is labelled through, and no count reads it until `normtrace code validate "
        "--codebook synth --level unit` runs again, which weighs it unless a newer draw of its "
        "code and level is labelled through"
    )
    with Store.open(path) as store:
        now = _x(store)
        note = _unweighed(d.id, 5, run.run_id)
        assert not now.weighted and now.source.endswith(note)
        assert now.reports is not None and now.reports.source.endswith(note)
        validate(store, "synth", model=False)  # the draw weighed again: no note
        now = _x(store)
        assert "is labelled through, but" not in now.source
        assert f"the weighted estimate of draw {d.id} (seed 5)" in now.source


def test_a_draw_labelled_through_since_the_run_is_named_a_newer_unfinished_one_not(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        a = draw_sample(store, "synth", "x", 20, seed=5)
        _label_all(store, a)
        run = validate(store, "synth", model=False)
        b = draw_sample(store, "synth", "x", 12, seed=6)
        assert "is labelled through, but" not in _x(store).source  # b is labelling
        _label_all(store, b)
        source = _x(store).source
        assert f"the weighted estimate of draw {a.id} (seed 5)" in source
        assert source.endswith(_unweighed(b.id, 6, run.run_id))
