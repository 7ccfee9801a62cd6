"""A draw withdrawn since a ``code validate`` run was stored is read the same way by every
reader of the run (coding.learn.validate.validations): its score is set apart with its
withdrawal, so no reader weighs it; the case report's validation-runs section (its draw lines
and ``data/validation_runs.csv``) shows no weighted figure of it and names the withdrawal, as
the measured-error table does; a withdrawal taken back weighs it again.

Codebooks, documents, labels and draws here are SYNTHETIC (the project of test_sample_draw).
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from test_sample_draw import _label, _project

from normtrace.coding.draw_withdrawal import restore_draw, withdraw_draw
from normtrace.coding.learn.validate import (
    current_validations,
    latest_validation,
    validate,
    validations,
)
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity
from normtrace.report.html_parts import esc
from normtrace.report.validity import runs_html
from normtrace.store.db import Store
from normtrace.trace.result import TraceRun


def _report(store: Store, out: Path) -> tuple[str, list[dict[str, str]]]:
    """The report's validation-runs section and its CSV rows, from the stored runs."""
    runs = current_validations(store)
    html = runs_html(cast(TraceRun, SimpleNamespace(validations=runs)), out)
    with (out / "data" / "validation_runs.csv").open(encoding="utf-8") as f:
        return html, list(csv.DictReader(f))


def test_every_reader_of_a_stored_run_sets_a_withdrawn_draw_apart(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        d = draw_sample(store, "synth", "x", 30, seed=5)
        for key in d.order:  # every hit right; op1, op2, op3 positives too
            text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()
            _label(store, key, "alpha" in text[0] or key.endswith(("op1", "op2", "op3")))
        run = validate(store, "synth", model=False)
        (scored,) = run.draw_scores
        assert scored.draw == d.id and scored.estimable and run.withdrawn_draws == ()
        html, rows = _report(store, tmp_path / "before")
        weighted = f"dictionary, weighted by draw {d.id}"
        assert any(r["method"] == weighted for r in rows)
        assert esc(f"x, weighted by a recorded draw: {scored.line()}.") in html

        gone = withdraw_draw(store, d.id, coder="bo", why="SYNTHETIC: the wrong code")
        read = [latest_validation(store, "synth", level="unit"),
                next(validations(store, "synth")), *current_validations(store)]  # fmt: skip
        for r in read:  # the same run, read the same way by each
            assert r is not None and r.run_id == run.run_id
            assert r.draw_scores == []
            assert [(w.score, w.withdrawal) for w in r.withdrawn_draws] == [(scored, gone)]
        html, rows = _report(store, tmp_path / "after")
        assert not any(r["method"].startswith("dictionary, weighted by draw") for r in rows)
        assert esc(scored.line()) not in html and "weighted by inverse inclusion" not in html
        assert (
            f"x, weighted by a recorded draw: draw {d.id} (unit level, seed 5) was "
            f"withdrawn by bo at {gone.at}: SYNTHETIC: the wrong code, since the run: it "
            "counts in no estimate, and its weighted figures are not shown"
        ) in html
        # the measured-error table reads the same run the same way
        source = code_validity(store, "synth", level="unit")["x"].source
        assert "the weighted estimate of draw" not in source
        assert f"draw {d.id} (seed 5), held by validation run {run.run_id}, was withdrawn" in source

        restore_draw(store, d.id, coder="ana")
        again = latest_validation(store, "synth", level="unit")
        assert again is not None and again.draw_scores == [scored]
        assert again.withdrawn_draws == ()
        assert any(r["method"] == weighted for r in _report(store, tmp_path / "again")[1])
