"""A project's own measurement of a code from units its coders chose does not stand as the
estimate over the project's units (N1's finding F11: 32 hand-coded report paragraphs, 18 of
them holding a dictionary candidate, replaced the bundled 1,067-paragraph estimate of reports
everywhere, with a recall that leaned high; and the run's measurement of reports became the
headline over a table of resolutions). The rule: ``coding.labelled_draw`` and
docs/measured-error.md.

Codebooks, documents, labels and scores here are SYNTHETIC.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.labelled_draw import drawn_as, main_genre_score, population
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.learn.validate import Validation
from normtrace.coding.validity import DEFAULT_BOOK, code_validity
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))


def _score(
    code: str, n: int, positives: int, tp: int, fp: int, recall_ci: tuple[float, float] = (0.3, 1.0)
) -> CodeScore:
    """A dictionary score with its counts; its recall interval ``recall_ci`` is read by the rule
    (a project's measurement far less precise than the bundled one does not replace it)."""
    fn = positives - tp
    recall = tp / positives if positives else None
    precision = tp / (tp + fp) if tp + fp else None
    return CodeScore(code, "dictionary", n, positives, tp, fp, fn, precision, 0.2, 0.9,
                     recall, *recall_ci, None, None, None)  # fmt: skip


def _run(store: Store, book: str, version: str, whole: CodeScore,
         genres: dict[str, list[CodeScore]]) -> int:  # fmt: skip
    run = store.start_run("validate", "test.synthetic")
    store.finish_run(run, {"codebook": book, "codebook_version": version, "level": "unit",
                           "scores": [asdict(whole)],
                           "genre_scores": {g: [asdict(s) for s in found]
                                            for g, found in genres.items()}})  # fmt: skip
    return run


def _reports(store: Store, held: int, total: int, words: str) -> None:
    """SYNTHETIC report paragraphs: ``held`` of ``total`` hold ``words``."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [
            (f"SYN/R/1/p{i}", "numbered", f"{words} here" if i <= held else "plain words")
            for i in range(1, total + 1)], doc_type="report")  # fmt: skip
        insert_document(conn, "SYN/RES/1", [
            (f"SYN/RES/1/op{i}", "op", "the Council decides") for i in range(1, 41)])  # fmt: skip


def test_main_genre_score_is_the_whole_less_the_genres_apart() -> None:
    whole = _score("x", 50, 12, 8, 6)
    report = _score("x", 32, 5, 4, 4)
    run = Validation(1, "synth", "v", "unit", "", [whole], {"report": [report]})
    rest = main_genre_score(run, "x")
    assert rest is not None
    assert (rest.n, rest.positives, rest.tp, rest.fp, rest.fn) == (18, 7, 4, 2, 3)
    assert rest.precision == 4 / 6 and rest.recall == 4 / 7
    assert rest.recall_low is not None and rest.recall_low < 4 / 7 < (rest.recall_high or 0)
    only = Validation(2, "synth", "v", "unit", "", [report], {"report": [report]})
    assert (main_genre_score(only, "x") or report).n == 0
    assert main_genre_score(Validation(3, "synth", "v", "unit", "", [whole]), "x") is None


def test_a_chosen_sample_of_report_paragraphs_leaves_the_bundled_estimate_standing(
    tmp_path: Path,
) -> None:
    """8 of 32 labelled report paragraphs hold a poc candidate against 5 of the project's 200:
    the bundled estimate on reports stands, the project's beside it with its n and intervals,
    said to be set aside and why; the main measurement (resolutions) stays the bundled one,
    since the run labelled no resolution."""
    default = load_default_codebook()
    bundled = code_validity(None, DEFAULT_BOOK)["poc"]
    assert bundled.reports is not None
    with Store.open(tmp_path / "p.db") as store:
        _reports(store, 5, 200, "the protection of civilians")
        register_codebook(store, default)
        apply_codebook(store, default)
        found = population(store, DEFAULT_BOOK, "unit")
        assert found is not None and found.units["report"] == 200
        assert found.with_candidate[("report", "poc")] == 5
        sample = _score("poc", 32, 5, 4, 4)
        run = _run(store, DEFAULT_BOOK, default.version, sample, {"report": [sample]})
        poc = code_validity(store, DEFAULT_BOOK, default.version)["poc"]
    assert (poc.n, poc.precision, poc.recall) == (bundled.n, bundled.precision, bundled.recall)
    assert f"validation run {run} labelled no resolution or other paragraph" in poc.source
    where, reports = poc.for_text("report")
    assert where == "on reports: "
    assert (reports.n, reports.recall) == (bundled.reports.n, bundled.reports.recall)
    own = reports.set_aside
    assert own is not None and own.n == 32 and own.recall == 0.8
    assert own.chosen.startswith("the labelled report paragraphs were chosen, not drawn at "
                                 "random: 8 of 32 hold a candidate of the code (25%) against "
                                 "5 of the project's 200 of running text (2.5%")  # fmt: skip
    assert "recall leans high" in own.chosen
    assert own.flag() == "labelled units chosen, not drawn at random (recall leans high)"
    text = poc.describe()
    assert "(used: this bundled estimate; the project's own measurement, set aside: P 0.50 " in text
    assert "R 0.80 [0.30, 1.00] · n 32" in text
    assert reports.to_dict()["project_measurement_set_aside"]["n"] == 32


def test_a_sample_in_proportion_replaces_the_bundled_estimate(tmp_path: Path) -> None:
    """1 of 40 labelled report paragraphs holds a candidate, as 5 of the project's 200 do: the
    project's measurement replaces the bundled one on reports, the bundled one beside it."""
    default = load_default_codebook()
    bundled = code_validity(None, DEFAULT_BOOK)["poc"].reports
    with Store.open(tmp_path / "p.db") as store:
        _reports(store, 5, 200, "the protection of civilians")
        register_codebook(store, default)
        apply_codebook(store, default)
        sample = _score("poc", 40, 2, 1, 0, (0.3, 0.75))
        resolutions = _score("poc", 30, 1, 0, 0, (0.3, 0.75))
        whole = _score("poc", 70, 3, 1, 0, (0.3, 0.75))
        _run(store, DEFAULT_BOOK, default.version, whole, {"report": [sample]})
        poc = code_validity(store, DEFAULT_BOOK, default.version)["poc"]
        # the same sample with a recall interval wider than the bundled one's and than 0.5
        # does not replace it: it is shown beside, with the reason
        wide = _score("poc", 40, 2, 1, 0, (0.1, 1.0))
        _run(store, DEFAULT_BOOK, default.version, whole, {"report": [wide]})
        _, kept = code_validity(store, DEFAULT_BOOK, default.version)["poc"].for_text("report")
    assert kept.n == bundled.n and kept.set_aside is not None and kept.set_aside.imprecise
    _, reports = poc.for_text("report")
    assert reports.n == 40 and reports.chosen == "" and reports.bundled == bundled
    # the run's main measurement, on its 30 resolution paragraphs, rests on 1 positive: its
    # recall interval is far wider than the bundled one's, so the bundled stands with the
    # project's beside it (before the width rule, the project's replaced it)
    head = code_validity(None, DEFAULT_BOOK)["poc"]
    assert (poc.n, poc.positives) == (head.n, head.positives)
    assert poc.set_aside is not None
    assert (poc.set_aside.n, poc.set_aside.positives) == (resolutions.n, resolutions.positives)
    assert poc.set_aside.source.endswith("its 30 labelled resolution and other units")
    assert poc.set_aside.imprecise


def test_without_a_bundled_estimate_a_chosen_sample_stands_flagged(tmp_path: Path) -> None:
    """A codebook of the project's own: its run's measurement of chosen report paragraphs is
    all there is; it stands on reports, flagged; as the headline over resolutions it says it
    was measured on report paragraphs only."""
    with Store.open(tmp_path / "p.db") as store:
        _reports(store, 3, 100, "alpha")
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK)
        # 5 of 30 hold a candidate against 3 of 100 (exact binomial p 0.002)
        sample = _score("x", 30, 10, 5, 0)
        _run(store, "synth", BOOK.version, sample, {"report": [sample]})
        x = code_validity(store, "synth", BOOK.version)["x"]
    assert x.other_genres == "30 report paragraphs"
    assert x.flag() == ("measured on 30 report paragraphs only, not on the documents counted "
                        "here")  # fmt: skip
    _, reports = x.for_text("report")
    assert reports.flag() == "labelled units chosen, not drawn at random (recall leans high)"
    assert reports.set_aside is None and reports.n == 30


def test_drawn_as_cannot_tell_without_candidates_or_units() -> None:
    s = _score("x", 30, 3, 3, 0)
    assert drawn_as(s, "report", None) == ""
    from normtrace.coding.labelled_draw import Population

    assert drawn_as(s, "speech", Population({"report": 100}, {("report", "x"): 3})) == ""
    # candidate-holding units under-represented: recall leans low
    few = drawn_as(_score("x", 200, 3, 0, 0), "report",
                   Population({"report": 100}, {("report", "x"): 30}))  # fmt: skip
    assert "recall leans low" in few and "0 of 200 hold a candidate" in few
