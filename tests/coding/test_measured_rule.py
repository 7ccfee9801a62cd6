"""One rule for the measured error every surface shows (``coding.validity.code_validity``), as a
new user (a political scientist testing issue 12 item 5) found it broken:

* a code whose recall rests on 3 labelled positives read "validated" when the measurement was
  the project's own `code validate` run (its positives were not carried);
* a run whose marks covered three frames only replaced the bundled measurement of every other
  code with "n 0", and `validate` explained those codes as "no model: no dictionary";
* the project's own labels of report paragraphs never became the measurement on reports, and
  an interval whose upper bound is its point (widened to hold a weighted estimate) said nothing;
* the report (units), the web (the latest run at any level) and freq (its --level) each picked
  their own measurement;
* "R 0.70" stood beside "recall 0.698 < 0.7".

Codebooks, documents, labels and scores here are SYNTHETIC.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

from click.testing import CliRunner

from normtrace.cli.base import Context
from normtrace.cli.counts import freq_command
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.validity import DEFAULT_BOOK, code_validity, project_validity
from normtrace.store.db import Store
from synthetic_docs import insert_document

BOOK = Codebook(
    name="synth",
    codes=(
        Code(id="x", name="X", entries=(Entry("alpha"),)),
        Code(id="z", name="Z", entries=(Entry("zebra"),)),
    ),
)


def _score(code: str, n: int, positives: int, recall: float | None = 1.0) -> CodeScore:
    low, high = (0.44, 1.0) if recall else (None, None)
    return CodeScore(code, "dictionary", n, positives, positives, positives, 0, 0.5, 0.2, 0.8,
                     recall, low, high, 0.67, 0.3, 0.9)  # fmt: skip


def _run(
    store: Store,
    book: str,
    version: str,
    level: str,
    scores: list[CodeScore],
    genres: dict[str, list[CodeScore]] | None = None,
) -> int:
    run = store.start_run("validate", "test.synthetic")
    summary = {"codebook": book, "codebook_version": version, "level": level,
               "scores": [asdict(s) for s in scores]}  # fmt: skip
    if genres is not None:
        summary["genre_scores"] = {g: [asdict(s) for s in found] for g, found in genres.items()}
    store.finish_run(run, summary)
    return run


def test_the_projects_own_run_carries_its_positives(tmp_path: Path) -> None:
    """43 labelled paragraphs, 3 of them positive, all found: recall 1.00 [0.44, 1.00] rests on
    3 positives and is flagged, as a bundled measurement on 3 positives is."""
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, BOOK)
        _run(store, "synth", BOOK.version, "paragraph", [_score("x", 43, 3), _score("z", 43, 1)])
        measured = project_validity(store, level="paragraph")
        assert measured["x"].positives == 3
        assert measured["x"].flag() == "recall rests on 3 labelled positives < 10"
        assert measured["z"].flag() == "recall rests on 1 labelled positive < 10"
        assert measured["x"].status().startswith("unvalidated")


def test_a_run_that_labelled_none_of_a_code_replaces_nothing(tmp_path: Path) -> None:
    """A scoped review labels some codes only: the code nobody labelled keeps the bundled
    measurement (a default code) or the earlier run's, and its source names the run that
    measured nothing of it."""
    default = load_default_codebook()
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, default)
        register_codebook(store, BOOK)
        bundled = code_validity(None, DEFAULT_BOOK)["all_necessary"]
        run = _run(store, DEFAULT_BOOK, default.version, "paragraph",
                   [_score("poc", 43, 12), _score("all_necessary", 0, 0, None)])  # fmt: skip
        measured = code_validity(store, DEFAULT_BOOK, default.version, level="paragraph")
        assert measured["poc"].n == 43
        kept = measured["all_necessary"]
        assert (kept.n, kept.recall, kept.validated) == (bundled.n, bundled.recall, True)
        assert kept.source.startswith(bundled.source)
        assert f"validation run {run} (paragraph level) labelled no paragraph of this code" in (
            kept.source)  # fmt: skip
        # an earlier run of a project's own codebook that labelled it stands
        first = _run(store, "synth", BOOK.version, "unit", [_score("x", 40, 12)])
        later = _run(store, "synth", BOOK.version, "unit", [_score("x", 0, 0, None)])
        x = code_validity(store, "synth", BOOK.version)["x"]
        assert x.n == 40 and x.source.startswith(f"validation run {first} (unit level)")
        assert f"validation run {later} (unit level) labelled no unit" in x.source
        # nothing else: what the run says (n 0), flagged
        _run(store, "synth", BOOK.version, "unit", [_score("z", 0, 0, None)])
        assert code_validity(store, "synth")["z"].flag() == "0 labelled units < 30"


def test_the_projects_labels_of_report_paragraphs_measure_reports(tmp_path: Path) -> None:
    """A run's dictionary score on the report paragraphs it labelled is the code's measurement
    on reports (the researcher's own reading of their own reports), flagged by the same rule;
    on fewer than MIN_LABELLED it is set aside beside the bundled one; a code it labelled no
    report paragraph of keeps the bundled one."""
    default = load_default_codebook()
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, default)
        bundled = code_validity(None, DEFAULT_BOOK)["offensive_operations"].reports
        assert bundled is not None
        _run(store, DEFAULT_BOOK, default.version, "unit",
             [_score("offensive_operations", 58, 12), _score("poc", 58, 12)],
             {"report": [_score("offensive_operations", 26, 4, 0.5)]})  # fmt: skip
        measured = code_validity(store, DEFAULT_BOOK, default.version)
        where, there = measured["offensive_operations"].for_text("report")
        # 26 < MIN_LABELLED: shown beside the bundled estimate, not in its place (H10)
        assert where == "on reports: " and there == replace(bundled, set_aside=there.set_aside)
        own = there.set_aside
        assert own is not None and own.n == 26 and own.recall == 0.5
        assert "its 26 labelled units of reports" in own.source
        assert own.flag() == "26 labelled units < 30"
        text = there.describe()
        assert ("the project's own measurement, set aside: P 0.50 [0.20, 0.80] · R 0.50 "
                "[0.44, 1.00] · n 26, ") in text  # fmt: skip
        assert measured["poc"].reports == code_validity(None, DEFAULT_BOOK)["poc"].reports


def test_a_widened_interval_says_so() -> None:
    """The bundled report-pool recall of offensive force, 0.56 [0.30, 0.56] (codebook
    93b3a12a7e20): the posterior's percentiles were widened to hold the estimate, and the
    description says it."""
    there = code_validity(None, DEFAULT_BOOK)["offensive_operations"].reports
    assert there is not None and there.recall == there.recall_high
    assert "R 0.56 [0.30, 0.56] (widened to hold the estimate)" in there.describe()
    plain = CodeValidity("c", 0.9, 0.8, 100, "set", recall_low=0.7, recall_high=0.8)
    assert "widened" not in plain.describe()  # a labelled set's Wilson interval is not


def test_a_figure_below_its_threshold_is_printed_as_the_flag_reads_it() -> None:
    v = CodeValidity("c", precision=0.6995, recall=0.698, n=1067, source="s", positives=40)
    assert v.flag() == "recall 0.698 < 0.7"
    assert v.describe().startswith("P 0.6995 · R 0.698 · n 1067 — unvalidated: recall 0.698")
    assert CodeValidity("c", 0.9, 0.7, 100, "s", positives=40).describe().startswith(
        "P 0.90 · R 0.70 · n 100")  # fmt: skip


def test_one_rule_for_the_level_counted(tmp_path: Path) -> None:
    """Counts of units read the unit-level run; with none that labelled the code, the newest
    paragraph-level run that did, named so; the codebook page shows the unit-level one (what
    the report, first and freq count) and a paragraph-level run beside it."""
    from normtrace.web.codebooks import view_codebook

    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, BOOK)
        para = _run(store, "synth", BOOK.version, "paragraph", [_score("x", 43, 12)])
        x = project_validity(store)["x"]  # unit level, as the case report reads it
        assert x.n == 43 and x.level == "paragraph"
        assert x.source == (f"validation run {para} (paragraph level: counted here are units, "
                            "and no unit-level run labelled the code)")  # fmt: skip
        assert x.flag() == ""
        unit = _run(store, "synth", BOOK.version, "unit", [_score("x", 20, 12)])
        assert project_validity(store)["x"].source == f"validation run {unit} (unit level)"
        assert project_validity(store, level="paragraph")["x"].n == 43
        page = {c.id: c for c in view_codebook(store, "synth").codes}["x"]
        assert page.measured_error.startswith("P 0.50 [0.20, 0.80] · R 1.00 [0.44, 1.00] · n 20")
        assert (f"· counted by whole paragraph (freq --level paragraph): P 0.50 [0.20, 0.80] · "
                f"R 1.00 [0.44, 1.00] · n 43 (measured on the validation run {para} "
                "(paragraph level))") in page.measured_error  # fmt: skip


def test_freq_says_where_each_figure_comes_from(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "alpha beta"),
                                            ("SYN/1/op2", "op", "gamma")])  # fmt: skip
        register_codebook(store, BOOK)
        from normtrace.coding.dictionary.apply import apply_codebook

        apply_codebook(store, BOOK)
        run = _run(store, "synth", BOOK.version, "unit", [_score("x", 43, 12)])
        result = CliRunner().invoke(freq_command, ["--by", "doc_type", "--code", "x"],
                                    obj=Context(str(store.path), False))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "measured error of x's dictionary: P 0.50" in result.output
    assert f"  measured on: validation run {run} (unit level)" in result.output


def test_validate_says_why_an_unlabelled_code_with_a_dictionary_has_no_score(
    tmp_path: Path,
) -> None:
    """Marks for one code only: the code with a dictionary nobody labelled gets rows saying
    so, not "no dictionary"; the dictionary is scored apart on the labelled report paragraphs."""
    from normtrace.coding.human.reviews import mark_done
    from normtrace.coding.learn.validate import validate

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/1", [(f"SYN/1/op{i}", "op", "alpha" if i % 3 else "beta")
                                            for i in range(1, 13)])  # fmt: skip
            insert_document(conn, "SYN/R/2", [(f"SYN/R/2/p{i}", "numbered", "alpha words")
                                              for i in range(1, 7)], doc_type="report")  # fmt: skip
        register_codebook(store, BOOK)
        keys = [f"SYN/1/op{i}" for i in range(1, 13)] + [f"SYN/R/2/p{i}" for i in range(1, 7)]
        mark_done(store, coder="ana", codebook="synth", unit_keys=keys, codes=["x"])
        result = validate(store, "synth", level="unit", folds=2, reference=False)
    z_dictionary, z_model = result.get("z", "dictionary"), result.get("z", "model")
    assert z_dictionary is not None and z_model is not None and z_dictionary.n == 0
    assert z_dictionary.note == "no unit is labelled for this code, so nothing scores it"
    assert z_model.note == "no model: no unit is labelled for this code, so nothing scores it"
    assert result.genre_scores is not None
    (report,) = result.genre_scores["report"]
    assert (report.code, report.n, report.fp) == ("x", 6, 6)  # every report paragraph hit, none x


def test_the_reports_on_reports_column_names_both_sources() -> None:
    """The case report's 'on reports' column: the project's measurement with its source, and
    the source of the bundled one it replaced."""
    from normtrace.report.validity import _on_genre_text

    bundled = CodeValidity("c", 0.72, 0.51, 1067, "check set 13", weighted=True,
                           recall_low=0.27, recall_high=0.51)  # fmt: skip
    own = CodeValidity("c", 0.75, 0.5, 26, "validation run 6 (unit level), its 26 labelled "
                       "units of reports", positives=4, level="unit", bundled=bundled)  # fmt: skip
    text = _on_genre_text(own)
    assert text.startswith("P 0.75 · R 0.50 · n 26 — unvalidated: 26 labelled units < 30 (the "
                           "bundled measurement it replaced: P 0.72 · R 0.51 [0.27, 0.51] "
                           "(widened to hold the estimate) · n 1067)")  # fmt: skip
    assert text.endswith("(validation run 6 (unit level), its 26 labelled units of reports) "
                         "(bundled: check set 13)")  # fmt: skip
