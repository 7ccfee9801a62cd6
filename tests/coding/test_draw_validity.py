"""The measured error every surface shows is a recorded draw's weighted estimate once the draw
is labelled through (coding.draw_validity, read by coding.validity.code_validity): `freq`,
`first`, the case report and the web pages showed the run's figures over the labelled units,
whose recall a draw taking half its units from the dictionary's hits overstates.

Codebooks, documents, labels and populations here are SYNTHETIC (the project of
test_sample_draw: 200 resolution paragraphs, every 4th holding "alpha"; 100 report
paragraphs, every 10th).
"""

from __future__ import annotations

import csv
import warnings
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_sample_draw import BOOK, _label, _project

from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.draw_estimate import DrawScore, GenreEstimate
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


def _main(d: DrawScore) -> GenreEstimate:
    """``d``'s estimate on resolution and other paragraphs."""
    found = d.genre("")
    assert found is not None
    return found


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
        # the weighted figures of the draw's resolution paragraphs (its strata are hit/no-hit by
        # genre, so they are a stratified sample of the genre), intervals and units behind them
        main = ds.genre("")
        assert main is not None and main.recall is not None and main.coded < 60
        assert (v.precision, v.recall) == (main.precision, main.recall)
        assert (v.recall_low, v.recall_high) == (main.recall_low, main.recall_high)
        assert (v.precision_low, v.precision_high) == (main.precision_low, main.precision_high)
        assert v.weighted and v.n == main.coded and v.level == "unit"
        assert v.positives == main.positives and main.population == 200 and main.exact
        assert main.recall < 0.6 and pooled.recall is not None and pooled.recall > 0.7
        assert (plain.recall, plain.n) == (rest.recall, rest.n) and rest.recall > 0.7
        assert v.source.startswith(
            f"validation run {run.run_id} (unit level), the weighted estimate of draw {d.id} "
            "(seed 3) on its resolution and other paragraphs: the draw's "
            f"{main.coded} labelled units of them ({main.coded} drawn) weighted by inverse "
            "inclusion probability, standing for 200 of the 300 running-text units the "
            "project held when it was drawn (its estimate pooling every genre is in `code "
            "validate`)"
        )  # fmt: skip
        assert ds.genre("report") is not None and v.reports is not None and v.reports.weighted
        # the flag follows the weighted recall: the pooled figures would validate the code
        # (before, the counts set the run's figures aside as of units chosen)
        assert v.flag() == f"recall {main.recall:.2f} < 0.7"
        assert from_score(pooled, run, "SYNTHETIC").flag() == ""
        assert plain.flag() == "labelled units chosen, not drawn at random (recall leans high)"
        assert v.to_dict()["weighted_estimate"] is True
        # one rule: freq and first (project_validity), the web codebook page
        assert project_validity(store)["x"] == v
        code = next(c for c in view_codebook(store, "synth").codes if c.id == "x")
        assert not code.validated and f"(measured on the {v.source}" in code.measured_error
        assert f"R {main.recall:.2f} [{main.recall_low:.2f}, {main.recall_high:.2f}]" in (
            code.measured_error)  # fmt: skip
        # counting paragraphs, the unit-level run's draw stands, the level named
        para = code_validity(store, "synth", level="paragraph")["x"]
        assert para.recall == main.recall and para.source.startswith(
            f"validation run {run.run_id} (unit level: counted here are paragraphs, and no "
            f"paragraph-level run labelled the code), the weighted estimate of draw {d.id}"
        )  # fmt: skip
        # the web validation page: the weighted row under the pooled dictionary row
        level = next(lv for lv in validation_page(store, "synth").levels if lv.level == "unit")
        row = next(s for s in level.scores if s.code == "x" and s.method == "dictionary")
        assert row.recall == pooled.recall and row.weighted is not None
        assert (row.weighted.draw, row.weighted.recall, row.weighted.n) == (d.id, ds.recall, 60)
        assert row.flag == row.weighted.flag and row.weighted.source.startswith(
            f"validation run {run.run_id} (unit level), the weighted estimate of draw {d.id} "
            "(seed 3) over the 300 running-text units the project held when it was drawn, "
            "pooling resolution and other paragraphs 200, report paragraphs 100, from its 60 "
            "labelled units (60 drawn) weighted by inverse inclusion probability"
        )  # fmt: skip
        assert row.weighted.use.startswith("the counts use the draw's weighted estimate on "
                                           "each genre, not this pooled one")  # fmt: skip
        # the case report's run section prints the draw's line as `code validate` does
        runs = runs_html(SimpleNamespace(validations=[run]), tmp_path)  # type: ignore[arg-type]
        assert f"x, weighted by a recorded draw: draw {d.id} (unit level, seed 3" in runs
        # and data/validation_runs.csv carries the weighted rows, pooled and per genre
        with (tmp_path / "data" / "validation_runs.csv").open(encoding="utf-8") as f:
            csv_rows = {r["method"]: r for r in csv.DictReader(f) if r["code"] == "x"}
        weighted = csv_rows[f"dictionary, weighted by draw {d.id}"]
        assert float(weighted["recall"]) == pytest.approx(ds.recall, abs=1e-3)
        assert weighted["n"] == "60"
        assert {f"dictionary, weighted by draw {d.id}, on resolutions and other",
                f"dictionary, weighted by draw {d.id}, on report"} <= set(csv_rows)  # fmt: skip
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
    main = ds.genre("")  # the draw's resolution paragraphs, weighted
    assert main is not None and main.recall is not None and main.recall >= 0.7
    assert v.recall == main.recall and v.n == main.coded >= 30
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
        # the run's own figures, the draw named; its units are the draw's, never "chosen"
        # (U1 C2: the chosen test called them "not drawn at random")
        assert v.source == plain.source + note
        assert (v.precision, v.recall, v.n) == (plain.precision, plain.recall, plain.n)
        assert v.chosen == "" and f"draw {d.id}" in v.draw_unfinished
        assert "chosen" not in v.describe()
        assert not v.weighted and (v.recall, v.n) == (rest.recall, rest.n)
        assert "weighted estimate of" not in v.source
        # labelled since, but the run read 40: still the run's figures (and a stale note)
        for key in d.order[40:]:
            _label(store, key, truth[key])
        assert not code_validity(store, "synth")["x"].weighted
        run = _validate(store)
        assert code_validity(store, "synth")["x"].recall == _main(run.draw_scores[0]).recall
        newer = draw_sample(store, "synth", "x", 10, seed=4)
        for key in newer.order[:3]:
            _label(store, key, truth[key])
        run = _validate(store)
        older = next(s for s in run.draw_scores if s.draw == d.id)
        v = code_validity(store, "synth")["x"]
    assert [s.draw for s in run.draw_scores] == [newer.id, d.id]
    assert v.weighted and v.recall == _main(older).recall and v.n == _main(older).coded
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
    measurement on that genre (reports: ``on reports``, and the headline flagged as measured
    on reports only;
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
    if field:  # the run labelled no resolution paragraph: the headline is the draw's weighted
        # estimate, flagged as measured on the other genre only (U1 B5: before, its units
        # read unweighted)
        assert v.weighted and v.other_genres


def test_a_draw_over_speeches_measures_speeches_whatever_else_the_project_holds(
    tmp_path: Path,
) -> None:
    """F4 (SYNTHETIC verbatim record: 200 speeches, every 5th holding "alpha", and one heading
    paragraph outside any speech, never running text): the draw's units are all speeches, so
    it measures speeches; the heading's genre (resolution and other paragraphs) is not one it
    covers, and the headline is left to the rule."""
    from synthetic_docs import insert_meeting

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            mid = insert_meeting(
                conn,
                "SYN/PV/1",
                ["alpha spoken" if i % 5 == 0 else "plain words spoken" for i in range(1, 201)],
            )
            conn.execute(
                "INSERT INTO paragraphs (document_id, key, kind, ord, text) VALUES "
                "(?, 'SYN/PV/1/h1', 'heading', 0, 'Provisional agenda')",
                (mid,),
            )
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK)
        d = draw_sample(store, "synth", "x", 40, seed=1)
        texts = dict(store.conn.execute("SELECT key, text FROM units").fetchall())
        for key in d.units:
            _label(store, key, "alpha" in texts[key] or int(key.rsplit("s", 1)[1]) <= 60)
        (ds,) = _validate(store).draw_scores
        v = code_validity(store, "synth")["x"]
    # the headline: the draw's weighted estimate, flagged as measured on speeches only
    assert v.weighted and v.other_genres and v.speeches is not None and v.speeches.weighted
    assert [g.genre for g in ds.by_genre] == ["speech"]
    assert (v.speeches.recall, v.speeches.n) == (ds.recall, 40)
    assert "all speeches" in v.speeches.source and "pooling" not in v.speeches.source


def test_a_draw_over_two_genres_measures_each_genre_from_its_own_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F5 (SYNTHETIC: the dictionary is perfect on resolution paragraphs and misses report
    paragraphs p1..p59): a draw of 150 over both genres gives the resolutions their own
    weighted recall (1.0, not the pooled estimate) and the reports theirs (weighted, not the
    run's unweighted figure flagged as chosen). A run stored before the estimates per genre
    keeps the rule's figures but never calls the draw's units chosen."""
    from normtrace.coding.learn import validate as validate_module

    with Store.open(tmp_path / "p.db") as store:
        _project(store)
        truth = _truth(store, {f"SYN/R/1/p{i}" for i in range(1, 60)})
        d = draw_sample(store, "synth", "x", 150, seed=3)
        for key in d.units:
            _label(store, key, truth[key])
        run = _validate(store)
        (ds,) = run.draw_scores
        v = code_validity(store, "synth")["x"]
        assert v.flag() == "" and v.reports is not None and v.reports.weighted
        report = ds.genre("report")
        assert report is not None and ds.recall is not None and report.recall is not None
        assert v.weighted and v.recall == _main(ds).recall == 1.0 and ds.recall < 0.7
        assert v.flag() == "" and v.reports is not None and v.reports.weighted
        assert (v.reports.recall, v.reports.n) == (report.recall, report.coded)
        assert report.recall < 0.3 and "chosen" not in v.reports.flag()
        assert v.reports.flag() == f"recall {report.recall:.2f} < 0.7"
        # a run stored before: no estimate per genre
        old = replace(run, draw_scores=[replace(ds, by_genre=[])])
        monkeypatch.setattr(validate_module, "validations", lambda store, codebook: [old])
        before = code_validity(store, "synth")["x"]
    assert not before.weighted and before.recall != ds.recall
    assert before.reports is not None and not before.reports.weighted
    assert not before.chosen and not before.reports.chosen
    assert "chosen" not in before.flag() and "chosen" not in before.reports.flag()
    assert f"are draw {d.id}'s, drawn at random" in before.reports.source


def test_the_page_says_the_counts_use_the_pooled_estimate_only_when_they_do(
    tmp_path: Path,
) -> None:
    """F6 (SYNTHETIC, the project of the first test): the counts take the draw's estimate on
    each genre, so the page does not say they use the pooled row; read off code_validity."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _project(store)
        truth = _truth(store)
        d = draw_sample(store, "synth", "x", 60, seed=3)
        for key in d.units:
            _label(store, key, truth[key])
        _validate(store)
    html = _page_html(path)
    assert "the counts use the weighted estimate below" not in html
    assert (f"draw {d.id}: the counts use the draw&#39;s weighted estimate on each genre, not "
            "this pooled one: on resolution and other paragraphs (n ") in html  # fmt: skip
