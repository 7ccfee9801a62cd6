"""The measured error every surface shows is a recorded draw's weighted estimate once the draw
is labelled through (coding.draw_validity, read by coding.validity.code_validity): `freq`,
`first`, the case report and the web pages showed the run's figures over the labelled units,
whose recall a draw taking half its units from the dictionary's hits overstates.

Codebooks, documents, labels and populations here are SYNTHETIC (the project of
test_sample_draw: 200 resolution paragraphs, every 4th holding "alpha"; 100 report
paragraphs, every 10th).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_sample_draw import BOOK, _label, _project

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.draw_validity import DrawEstimates
from normtrace.coding.labelled_draw import from_score, main_genre_score
from normtrace.coding.learn.validate import Validation, validate
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity, project_validity
from normtrace.report.validity import runs_html
from normtrace.store.db import Store
from synthetic_docs import insert_document

#: SYNTHETIC truth: every hit of "alpha" is right; resolution paragraphs op1..op90 are
#: positives too, so the dictionary misses the 68 of them without "alpha" (recall on the
#: project 60 / 128 = 0.47)
MISSED = {f"SYN/RES/1/op{i}" for i in range(1, 91)}


def _truth(store: Store, missed: set[str] = MISSED) -> dict[str, bool]:
    return {str(k): "alpha" in str(t) or str(k) in missed
            for k, t in store.conn.execute("SELECT key, text FROM units")}  # fmt: skip


def _validate(store: Store) -> Validation:
    return validate(store, "synth", folds=2, reference=False)


def _unweighted(monkeypatch: pytest.MonkeyPatch, store: Store) -> CodeValidity:
    """What code_validity gave before draws counted: the draw step left out."""
    with monkeypatch.context() as m:
        m.setattr(DrawEstimates, "of", lambda self, run, v, head, tail, bundled: v)
        return code_validity(store, "synth")["x"]


def _page_html(path: Path) -> str:
    """The web validation page of the project at ``path``, as an admin sees it."""
    from starlette.exceptions import StarletteDeprecationWarning

    with warnings.catch_warnings():  # as web_support: Starlette prefers httpx2, works with httpx
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient
    from normtrace.web.app import create_app
    from normtrace.web.auth import create_session, create_user, csrf_token, get_user
    from normtrace.web.deps import SESSION_COOKIE

    with Store.open(path) as store, store.transaction():
        create_user(store, "admin1", "admin", "synthetic-password-45")
    app = create_app(path, secret="test-secret")
    try:
        token = app.state.access.write(lambda s: create_session(s, get_user(s, "admin1")))
        client = TestClient(app)
        client.cookies.set(SESSION_COOKIE, token)
        client.headers["X-CSRF-Token"] = csrf_token(app.state.secret, token)
        return client.get("/codebooks/synth/validation").text
    finally:
        app.state.access.close()


def test_a_labelled_draw_is_the_measurement_every_surface_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draw of 60 (half from the 60 hits), every unit labelled: its weighted recall (about
    0.46) is the code's, not the 0.77 of its units unweighted; the code is flagged by it though
    the run's figures over its labelled units would validate it."""
    from normtrace.web.codebooks import view_codebook
    from normtrace.web.validation import validation_page

    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        truth = _truth(store)
        d = draw_sample(store, "synth", "x", 60, seed=3)
        for key in d.units:
            _label(store, key, truth[key])
        run = _validate(store)
        (ds,) = run.draw_scores
        v = code_validity(store, "synth")["x"]
        plain = _unweighted(monkeypatch, store)
        pooled = run.get("x", "dictionary")
        rest = main_genre_score(run, "x")
        assert pooled is not None and rest is not None and ds.recall is not None
        assert ds.complete and ds.unweighted_recall == pooled.recall
        # the weighted figures, their intervals and the draw's units behind them
        assert (v.precision, v.recall) == (ds.precision, ds.recall)
        assert (v.recall_low, v.recall_high) == (ds.recall_low, ds.recall_high)
        assert (v.precision_low, v.precision_high) == (ds.precision_low, ds.precision_high)
        assert v.weighted and v.n == ds.coded == 60 and v.level == "unit"
        assert v.positives == sum(s.positives for s in ds.strata) == pooled.positives
        assert ds.recall < 0.6 and pooled.recall is not None and pooled.recall > 0.7
        assert (plain.recall, plain.n) == (rest.recall, rest.n) and rest.recall > 0.7
        assert v.source.startswith(
            f"validation run {run.run_id} (unit level), the weighted estimate of draw {d.id} "
            "(seed 3) over the 300 running-text units the project held when it was drawn, "
            "pooling resolution and other paragraphs 200, report paragraphs 100, from its 60 "
            "labelled units (60 drawn) weighted by inverse inclusion probability"
        )  # fmt: skip
        # the flag follows the weighted recall: the pooled figures would validate the code
        # (before, the counts set the run's figures aside as of units chosen)
        assert v.flag() == f"recall {ds.recall:.2f} < 0.7"
        assert from_score(pooled, run, "SYNTHETIC").flag() == ""
        assert plain.flag() == "labelled units chosen, not drawn at random (recall leans high)"
        assert v.to_dict()["weighted_estimate"] is True
        # one rule: freq and first (project_validity), the web codebook page
        assert project_validity(store)["x"] == v
        code = next(c for c in view_codebook(store, "synth").codes if c.id == "x")
        assert not code.validated and f"(measured on the {v.source}" in code.measured_error
        assert f"R {ds.recall:.2f} [{ds.recall_low:.2f}, {ds.recall_high:.2f}]" in (
            code.measured_error)  # fmt: skip
        # counting paragraphs, the unit-level run's draw stands, the level named
        para = code_validity(store, "synth", level="paragraph")["x"]
        assert para.recall == ds.recall and para.source.startswith(
            f"validation run {run.run_id} (unit level: counted here are paragraphs, and no "
            f"paragraph-level run labelled the code), the weighted estimate of draw {d.id}"
        )  # fmt: skip
        # the web validation page: the weighted row under the pooled dictionary row
        level = next(lv for lv in validation_page(store, "synth").levels if lv.level == "unit")
        row = next(s for s in level.scores if s.code == "x" and s.method == "dictionary")
        assert row.recall == pooled.recall and row.weighted is not None
        assert (row.weighted.draw, row.weighted.recall, row.weighted.n) == (d.id, ds.recall, 60)
        assert row.weighted.source == v.source and row.flag == row.weighted.flag == v.flag()
        # the case report's run section prints the draw's line as `code validate` does
        runs = runs_html(SimpleNamespace(validations=[run]), tmp_path)  # type: ignore[arg-type]
        assert f"x, weighted by a recorded draw: draw {d.id} (unit level, seed 3" in runs
    html = _page_html(path)
    assert f'data-method="dictionary-weighted" data-draw="{d.id}"' in html
    assert f"Dictionary, weighted by draw {d.id}" in html
    assert f"Weighted estimate: validation run {run.run_id} (unit level), the weighted" in html
    assert f"unvalidated: recall {ds.recall:.2f} &lt; 0.7" in html


def test_the_flag_follows_the_weighted_recall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A better dictionary (it misses only the 9 of op1..op12 without "alpha": recall 60 / 69
    on the project): the same draw's weighted recall (about 0.88) validates the code, which
    the figures of its labelled units, read as units chosen, left flagged."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        truth = _truth(store, {f"SYN/RES/1/op{i}" for i in range(1, 13)})
        d = draw_sample(store, "synth", "x", 60, seed=3)
        for key in d.units:
            _label(store, key, truth[key])
        run = _validate(store)
        (ds,) = run.draw_scores
        v = code_validity(store, "synth")["x"]
        plain = _unweighted(monkeypatch, store)
    assert ds.recall is not None and ds.recall >= 0.7 and v.recall == ds.recall
    assert v.validated and v.flag() == "" and v.status() == "validated"
    assert plain.flag() == "labelled units chosen, not drawn at random (recall leans high)"


def test_a_draw_not_labelled_through_leaves_the_figures_of_the_labelled_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 of the draw's 60 units labelled: the run's figures stand, their source naming the
    draw; once all are (and validate runs again), the estimate; a newer draw not labelled
    through (its 10 drawn, 3 labelled, and the 60 labelled before it as its census) is named
    beside the older one's estimate."""
    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        truth = _truth(store)
        d = draw_sample(store, "synth", "x", 60, seed=3)
        for key in d.order[:40]:
            _label(store, key, truth[key])
        run = _validate(store)
        v = code_validity(store, "synth")["x"]
        plain = _unweighted(monkeypatch, store)
        rest = main_genre_score(run, "x")
        assert rest is not None and not run.draw_scores[0].complete
        note = (f"; draw {d.id} was not labelled through when validation run {run.run_id} read "
                "it (40 of its 60 units labelled for x), so its weighted estimate is not "
                "used")  # fmt: skip
        assert v == replace(plain, source=plain.source + note)
        assert not v.weighted and (v.recall, v.n) == (rest.recall, rest.n)
        assert "weighted estimate of" not in v.source
        # labelled since, but the run read 40: still the run's figures (and a stale note)
        for key in d.order[40:]:
            _label(store, key, truth[key])
        assert not code_validity(store, "synth")["x"].weighted
        run = _validate(store)
        assert code_validity(store, "synth")["x"].recall == run.draw_scores[0].recall
        newer = draw_sample(store, "synth", "x", 10, seed=4)
        for key in newer.order[:3]:
            _label(store, key, truth[key])
        run = _validate(store)
        older = next(s for s in run.draw_scores if s.draw == d.id)
        v = code_validity(store, "synth")["x"]
    assert [s.draw for s in run.draw_scores] == [newer.id, d.id]
    assert v.weighted and v.recall == older.recall and v.n == 60
    assert f"the weighted estimate of draw {d.id} (seed 3)" in v.source
    assert v.source.endswith(
        f"; draw {newer.id} was not labelled through when validation run {run.run_id} read it "
        "(63 of its 70 units labelled for x), so its weighted estimate is not used")  # fmt: skip


def test_a_run_without_a_draw_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from normtrace.web.validation import validation_page

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        truth = _truth(store)
        for key in [f"SYN/RES/1/op{i}" for i in range(1, 61)] + [
            f"SYN/R/1/p{i}" for i in range(1, 31)
        ]:
            _label(store, key, truth[key])
        run = _validate(store)
        v = code_validity(store, "synth")["x"]
        plain = _unweighted(monkeypatch, store)
        rows = validation_page(store, "synth").levels[0].scores
    rest = main_genre_score(run, "x")
    assert run.draw_scores == [] and rest is not None
    assert v == plain and not v.weighted and "draw" not in v.source
    assert (v.recall, v.n, v.source) == (
        rest.recall, 60, f"validation run {run.run_id} (unit level), its 60 labelled resolution "
        "and other units")  # fmt: skip
    assert all(r.weighted is None for r in rows)


@pytest.mark.parametrize(
    ("doc_type", "field", "units"),
    [("report", "reports", "report paragraphs"),
     ("resolution", "", "resolution and other paragraphs")],
)  # fmt: skip
def test_a_draw_over_one_genre_measures_that_genre(
    tmp_path: Path, doc_type: str, field: str, units: str
) -> None:
    """A project of one genre: the draw of 20 (its strata not split by genre) is the code's
    measurement on that genre (reports: ``on reports``, the headline left to the rule;
    resolutions: the headline), flagged by the draw's 20 units."""
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/D/1", [
                (f"SYN/D/1/p{i}", "numbered", "alpha here" if i % 5 == 0 else "plain words")
                for i in range(1, 201)], doc_type=doc_type)  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK)
        d = draw_sample(store, "synth", "x", 20, seed=1)
        assert {s.name for s in d.strata} == {"hit", "nohit"}
        for key in d.units:  # every hit right, p1 .. p60 positives too
            _label(store, key, key.endswith("0") or int(key.rsplit("p", 1)[1]) <= 60)
        run = _validate(store)
        (ds,) = run.draw_scores
        v = code_validity(store, "synth")["x"]
    drawn = getattr(v, field) if field else v
    genre = "report" if field else ""
    assert drawn.weighted and drawn.recall == ds.recall and drawn.n == 20
    assert f"over the 200 running-text units the project held when it was drawn, all {units}, " in (
        drawn.source)  # fmt: skip
    assert drawn.flag() == "20 labelled units < 30"
    assert v.for_text(genre)[1] is drawn
    if field:  # the headline is the rule's: the run labelled no resolution paragraph
        assert not v.weighted and v.other_genres
