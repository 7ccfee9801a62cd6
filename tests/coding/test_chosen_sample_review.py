"""A second reader's findings on the measured error from chosen samples (session 47, H10):
a project run's "changed since" note rests on the run's own measurement only, not on a
bundled estimate standing in its place; ``code validate`` shows the measurement the counts
use; the "chosen" check corrects for testing every code and reads the units the counts read;
a run below the minimum labelled count shows its figure beside the bundled one; ``code apply
--bundled`` refusals count only codings of the codebook.

Codebooks, documents, labels and runs here are SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human import events
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.learn.validate import validate
from normtrace.coding.validity import DEFAULT_BOOK, code_validity
from normtrace.store.db import Store
from synthetic_docs import insert_document

POC = "the protection of civilians"
BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))


def _poc_reports(store: Store, held: int = 5, total: int = 200) -> None:
    """SYNTHETIC report paragraphs, ``held`` of ``total`` naming the protection of civilians."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [
            (f"SYN/R/1/p{i}", "numbered", f"{POC} here" if i <= held else "plain words")
            for i in range(1, total + 1)], doc_type="report")  # fmt: skip


def test_a_changed_label_marks_the_runs_measurement_set_aside_not_the_bundled_headline(
    tmp_path: Path,
) -> None:
    """A reports-only run (4 of 32 labelled report paragraphs coded, chosen) leaves the bundled
    estimates standing; a label changed after it marks the run's set-aside measurement on
    reports, not the bundled headline (which said "labels changed since: validation run …"
    and was flagged "on the labels of then")."""
    book = load_default_codebook()
    with Store.open(tmp_path / "p.db") as store:
        _poc_reports(store)
        register_codebook(store, book)
        apply_codebook(store, book)
        keys = [f"SYN/R/1/p{i}" for i in range(1, 33)]
        for k in keys[:4]:
            events.add_code(store, coder="ana", unit_key=k, start=4, end=28, code="poc",
                            codebook=DEFAULT_BOOK)  # fmt: skip
        mark_done(store, coder="ana", codebook=DEFAULT_BOOK, unit_keys=keys)
        validate(store, DEFAULT_BOOK, folds=2, reference=False)
        events.add_code(store, coder="ana", unit_key="SYN/R/1/p5", start=4, end=28, code="poc",
                        codebook=DEFAULT_BOOK)  # fmt: skip
        v = code_validity(store, DEFAULT_BOOK, book.version)["poc"]
    assert v.source.startswith("frames set")
    assert v.stale == "" and v.stale_what is None
    assert "changed since" not in v.flag()
    assert v.reports is not None and v.reports.source.startswith("the numbered paragraphs")
    assert v.reports.stale == ""
    own = v.reports.set_aside
    assert own is not None and own.stale.startswith("labels changed since: validation run")
    assert own.stale_what == "labels"
    data = v.to_dict()
    assert data["labels_changed_since"] is None
    aside = data["reports"]["project_measurement_set_aside"]
    assert aside["labels_changed_since"] == own.stale
    text = v.describe()
    assert text.count(own.stale) == 1  # said once, after the set-aside measurement it concerns
    assert "n 32 (on the labels of then, changed since)" in text


def _edit_of_default(store: Store) -> None:
    """The default codebook with a SYNTHETIC code of its own (syn_extra), and another
    codebook (synth, code zz): a project's own version beside a second codebook."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/1", [("SYN/1/op1", "op", "Synthetic text, invented.")])
    bundled = load_default_codebook()
    register_codebook(store, Codebook(
        name=bundled.name, label="SYNTHETIC edit", frames=bundled.frames,
        codes=bundled.codes + (Code(id="syn_extra", name="SYNTHETIC extra"),)))  # fmt: skip
    register_codebook(store, Codebook(name="synth", codes=(Code(id="zz", name="ZZ"),)))


def _legacy_coding(store: Store, code: str) -> None:
    """A coding as projects before codings recorded their codebook hold it (SYNTHETIC row)."""
    from normtrace.store.db import utc_now

    with store.transaction() as conn:
        conn.execute(
            'INSERT INTO coding_events (at, coder, action, unit_key, start, "end", snippet, '
            "code) VALUES (?, 'old', 'code', 'SYN/1/op1', 0, 9, 'Synthetic', ?)",
            (utc_now(precise=True), code),
        )


def test_bundled_is_not_refused_for_a_legacy_coding_of_another_codebooks_code(
    tmp_path: Path,
) -> None:
    """A coding that records no codebook (made before codings recorded theirs) of a code only
    another codebook holds is no coding of the default codebook: ``--bundled`` is not refused
    for it (it was: every coding without a codebook counted); one of a code the project's
    version holds still is."""
    import pytest

    from normtrace.coding.exchange.apply_choice import codebook_to_apply
    from normtrace.errors import CodingError

    with Store.open(tmp_path / "p.db") as store:
        _edit_of_default(store)
        _legacy_coding(store, "zz")
        assert events.human_codings(store)[0].codebook is None
        book, note = codebook_to_apply(store, None, bundled=True)
        assert book.version == load_default_codebook().version
        assert "human coding(s) of codes it lacks" not in note
        _legacy_coding(store, "syn_extra")
        with pytest.raises(CodingError, match=r"holds 1 human coding\(s\).*syn_extra \(1\)"):
            codebook_to_apply(store, None, bundled=True)


def test_force_without_bundled_is_refused_in_one_line(tmp_path: Path) -> None:
    import pytest

    from normtrace.coding.exchange.apply_choice import codebook_to_apply
    from normtrace.errors import CodingError

    with Store.open(tmp_path / "p.db") as store:
        _edit_of_default(store)
        with pytest.raises(CodingError) as refused:
            codebook_to_apply(store, None, force=True)
    said = str(refused.value)
    assert "\n" not in said and "--force" in said and "add --bundled" in said


def test_the_recode_advice_names_the_refusal_and_force() -> None:
    from normtrace.coding.measured_error import OtherVersion

    line = OtherVersion(DEFAULT_BOOK, "aaa", "bbb").line()
    assert "--bundled" in line and "refuses" in line and "`--force`" in line


def _dscore(code: str, n: int, positives: int, tp: int, fp: int) -> CodeScore:
    """A SYNTHETIC dictionary score with its counts and Wilson intervals."""
    from normtrace.coding.intervals import wilson

    p, r = wilson(tp, tp + fp), wilson(tp, positives)
    return CodeScore(code, "dictionary", n, positives, tp, fp, positives - tp, p.value, p.low,
                     p.high, r.value, r.low, r.high, None, None, None)  # fmt: skip


def _stored_run(store: Store, book: str, version: str, whole: list[CodeScore],
                genres: dict[str, list[CodeScore]]) -> None:  # fmt: skip
    from dataclasses import asdict

    run = store.start_run("validate", "test.synthetic")
    store.finish_run(run, {"codebook": book, "codebook_version": version, "level": "unit",
                           "scores": [asdict(s) for s in whole],
                           "genre_scores": {g: [asdict(s) for s in found]
                                            for g, found in genres.items()}})  # fmt: skip


TWO = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),
                                    Code(id="y", name="Y", entries=(Entry("beta"),))))  # fmt: skip


def test_the_chosen_check_corrects_for_testing_every_code_of_a_genre(tmp_path: Path) -> None:
    """20 of 200 report paragraphs hold x's candidate, 20 y's; the run's 42 labelled report
    paragraphs hold 9 of x (exact binomial p 0.033 alone) and 4 of y (p 1). Tested alone x
    was set aside; Holm over the two codes keeps it (0.033 > 0.05 / 2): a random sample of a
    codebook's codes gets some "chosen" by chance."""
    from normtrace.coding.labelled_draw import drawn_as, population

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/R/1", [
                (f"SYN/R/1/p{i}", "numbered",
                 "alpha here" if i <= 20 else "beta here" if i <= 40 else "plain words")
                for i in range(1, 201)], doc_type="report")  # fmt: skip
        register_codebook(store, TWO)
        apply_codebook(store, TWO)
        x, y = _dscore("x", 42, 9, 9, 0), _dscore("y", 42, 4, 4, 0)
        assert "recall leans high" in drawn_as(x, "report", population(store, "synth", "unit"))
        _stored_run(store, "synth", TWO.version, [x, y], {"report": [x, y]})
        found = code_validity(store, "synth", TWO.version)
    assert found["x"].reports is not None and found["x"].reports.chosen == ""
    assert found["y"].reports is not None and found["y"].reports.chosen == ""


def test_a_far_off_share_is_still_set_aside_after_the_correction(tmp_path: Path) -> None:
    from normtrace.coding.labelled_draw import Population, drawn_notes

    found = Population({"report": 200}, {("report", "x"): 20, ("report", "y"): 20})
    notes = drawn_notes([_dscore("x", 40, 20, 20, 0), _dscore("y", 40, 4, 4, 0)], "report",
                        found)  # fmt: skip
    assert set(notes) == {"x"} and "Holm-corrected" in notes["x"]
    assert "over the 2 codes tested" in notes["x"] and "recall leans high" in notes["x"]


def test_the_population_is_the_running_text_a_count_reads(tmp_path: Path) -> None:
    """Headings holding a candidate are no unit a count reads: the project's share the
    labelled one is compared with leaves them out (it counted every unit)."""
    from normtrace.coding.labelled_draw import population

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/R/1", [
                *[(f"SYN/R/1/p{i}", "numbered", "alpha here" if i <= 5 else "plain words")
                  for i in range(1, 101)],
                *[(f"SYN/R/1/h{i}", "heading", "Alpha") for i in range(1, 21)],
            ], doc_type="report")  # fmt: skip
        register_codebook(store, TWO)
        apply_codebook(store, TWO)
        found = population(store, "synth", "unit")
    assert found is not None
    assert found.units["report"] == 100
    assert found.with_candidate[("report", "x")] == 5


def test_a_labelled_target_whose_key_is_gone_is_no_resolution_paragraph(tmp_path: Path) -> None:
    """A labelled target the project no longer holds has no genre: it is scored apart (gone),
    left out of the main genre's score (it counted as a resolution or other paragraph) and
    counted in the source."""
    from normtrace.coding.labelled_draw import main_genre_score
    from normtrace.coding.learn.validate import GONE, Validation, _genre_scores

    with Store.open(tmp_path / "p.db") as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/RES/1", [(f"SYN/RES/1/op{i}", "op", "alpha x")
                                                for i in range(1, 4)])  # fmt: skip
        keys = ["SYN/RES/1/op1", "SYN/RES/1/op2", "SYN/RES/1/op3", "SYN/GONE/1/op9"]
        by_genre = _genre_scores(store, ("x",), {"x": dict.fromkeys(keys, 1)}, keys,
                                 {"x": [1, 1, 1, 0]})  # fmt: skip
        assert [(s.n, s.fn) for s in by_genre[GONE]] == [(1, 1)]
        whole = _dscore("x", 4, 4, 3, 0)
        run = Validation(1, "synth", "v", "unit", "", [whole], by_genre)
        rest = main_genre_score(run, "x")
        assert rest is not None and (rest.n, rest.fn, rest.recall) == (3, 0, 1.0)
        register_codebook(store, BOOK)
        _stored_run(store, "synth", BOOK.version, [whole], by_genre)
        x = code_validity(store, "synth", BOOK.version)["x"]
    assert x.n == 3 and "1 labelled unit(s) whose key the project no longer held" in x.source


def test_a_few_labelled_resolutions_do_not_replace_the_bundled_headline(tmp_path: Path) -> None:
    """3 labelled resolution paragraphs and 32 report paragraphs: the main measurement
    (n 3) stood in place of the bundled 1,330-paragraph estimate; below MIN_LABELLED it is
    shown beside it, set aside, its flag saying why."""
    from normtrace.coding.validity import MIN_LABELLED

    book = load_default_codebook()
    bundled = code_validity(None, DEFAULT_BOOK)["poc"]
    with Store.open(tmp_path / "p.db") as store:
        whole, reports = _dscore("poc", 35, 8, 8, 2), _dscore("poc", 32, 6, 6, 2)
        _stored_run(store, DEFAULT_BOOK, book.version, [whole], {"report": [reports]})
        poc = code_validity(store, DEFAULT_BOOK, book.version)["poc"]
    assert poc.n == bundled.n and poc.source == bundled.source
    own = poc.set_aside
    assert own is not None and own.n == 3 < MIN_LABELLED
    assert own.flag() == f"3 labelled units < {MIN_LABELLED}"
    assert poc.reports is not None and poc.reports.n == 32  # enough: it replaces
    said = poc.describe()
    assert said.startswith(f"P {bundled.precision:.2f}")
    assert (
        "the project's own measurement, set aside: P 1.00 [0.34, 1.00] · R 1.00 "
        "[0.34, 1.00] · n 3, "
    ) in said
    assert said.count("units: 3 labelled units < 30)") == 1


def test_code_validate_shows_what_the_counts_use(tmp_path: Path) -> None:
    """`code validate`'s rows pool every genre; a researcher quoted them. After the run it
    says, per code, the measurement freq and the report use (per genre, set aside or not,
    why), in the terminal and in JSON alike."""
    import json

    from click.testing import CliRunner

    from normtrace.cli import cli

    db = tmp_path / "p.db"
    with Store.open(db) as store:
        with store.transaction() as conn:
            insert_document(conn, "SYN/R/1", [
                (f"SYN/R/1/p{i}", "numbered", "alpha here" if i <= 10 else "plain words")
                for i in range(1, 201)], doc_type="report")  # fmt: skip
            insert_document(conn, "SYN/RES/1", [
                (f"SYN/RES/1/op{i}", "op", "alpha x" if i <= 10 else "beta")
                for i in range(1, 101)])  # fmt: skip
        register_codebook(store, BOOK)
        apply_codebook(store, BOOK)
        keys = [f"SYN/R/1/p{i}" for i in (*range(1, 16), *range(100, 115))]
        for k in keys[:12]:
            events.add_code(store, coder="ana", unit_key=k, start=0, end=5, code="x",
                            codebook="synth")  # fmt: skip
        rkeys = [f"SYN/RES/1/op{i}" for i in range(1, 41)]
        for k in rkeys[:4]:
            events.add_code(store, coder="ana", unit_key=k, start=0, end=5, code="x",
                            codebook="synth")  # fmt: skip
        mark_done(store, coder="ana", codebook="synth", unit_keys=keys + rkeys)
    args = ["--project", str(db), "code", "validate", "--codebook", "synth", "--folds", "2",
            "--no-reference"]  # fmt: skip
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    with Store.open(db) as store:
        used = code_validity(store, "synth", BOOK.version)["x"].describe()
    assert "on reports: " in used and "labelled units chosen" in used
    assert f"\nx: {used}\n" in out.output
    assert "the rows above pool every genre" in out.output
    data = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    assert {r["method"]: r["used_by_counts"] for r in data} == {"dictionary": used, "model": None}
