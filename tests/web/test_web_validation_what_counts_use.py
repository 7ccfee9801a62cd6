"""The validation page says what each figure rests on and what the counts use (a new user's
trial, findings A3, B2 and B4):

* B2: a draw's weighted row was labelled "the code's figure in the counts, flagged by it" even
  where the counts set the draw aside for the bundled estimate (fewer than 30 labelled units):
  its label now says what the counts use, read off their measurement;
* A3: the bundled row of core principles read "validated" beside 9 positives under a rule of 10:
  the rule counts the positives of its estimate on mandate paragraphs too (33), and the row and
  the rule now say so;
* B4: a recall of 0.698 was printed "0.70" beside its flag "recall 0.698 < 0.7".

The documents and labels are SYNTHETIC (two made-up documents, one phrase of the default
codebook's protection of civilians in every fourth paragraph); the bundled measurements are
the default codebook's.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from pathlib import Path

from fastapi import FastAPI
from web_support import session_for

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook, stored_codebook
from normtrace.coding.draw_validity import counts_use
from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.scores import score
from normtrace.coding.learn.validate import validate
from normtrace.coding.measured_error import MIN_POSITIVES
from normtrace.coding.sample_draw import draw_sample
from normtrace.coding.validity import code_validity, project_validity
from normtrace.store.db import Store
from normtrace.web.app import create_app
from normtrace.web.auth import create_user
from normtrace.web.validation import validation_page
from synthetic_docs import insert_document

HIT = "SYNTHETIC: the mission shall protect civilians under threat of physical violence."
PLAIN = "SYNTHETIC: the Council takes note of the report."
DEFAULT = "stability-operations"
SYNTH = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("protect"),)),))


def _documents(store: Store) -> None:
    """SYNTHETIC: a report and a resolution of 60 paragraphs each, every fourth a hit."""
    with store.transaction() as conn:
        insert_document(conn, "SYN/R/1", [(f"SYN/R/1/p{i}", "numbered",
                                           HIT if i % 4 == 0 else PLAIN)
                                          for i in range(1, 61)],
                        doc_type="report", date="2010-01-01")  # fmt: skip
        insert_document(conn, "SYN/RES/1", [(f"SYN/RES/1/op{i}", "op",
                                             HIT if i % 4 == 0 else PLAIN)
                                            for i in range(1, 61)], date="2010-02-01")  # fmt: skip


def _label_draw(store: Store, book: Codebook, code: str, keys: list[str]) -> None:
    """SYNTHETIC truth: a hit paragraph holds the code, no other does; ana labels each."""
    for key in keys:
        text = store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0]
        if text == HIT:
            add_code(store, coder="ana", unit_key=key, start=0, end=len(text), code=code,
                     codebook=book.name)  # fmt: skip
        mark_done(store, coder="ana", codebook=book.name, unit_keys=[key])


def _page(path: Path, codebook: str) -> str:
    """The validation page of ``codebook`` as an admin sees it."""
    with Store.open(path) as store, store.transaction():
        create_user(store, "admin1", "admin", "synthetic-password-45")
    app: FastAPI = create_app(path, secret="test-secret")
    try:
        return session_for(app, "admin1").get(f"/codebooks/{codebook}/validation").text
    finally:
        app.state.access.close()


def _weighted_row(html: str, code: str) -> str:
    found = re.search(rf'<tr class="score method-dictionary weighted[^"]*" data-code="{code}"'
                      r".*?</tr>", html, re.S)  # fmt: skip
    assert found is not None
    return found[0]


def test_a_draw_the_counts_set_aside_is_not_labelled_their_figure(tmp_path: Path) -> None:
    """B2: poc of the default codebook, a draw of 20 labelled through: 10 units of each genre,
    fewer than 30, so the counts keep the bundled estimate on both and set the draw's aside.
    The weighted row says so, and its flag is its own; the page no longer calls the row the
    code's figure in the counts."""
    path = tmp_path / "p.db"
    book = load_default_codebook()
    with Store.open(path) as store:
        _documents(store)
        register_codebook(store, book)
        apply_codebook(store, book, progress=False)
        d = draw_sample(store, DEFAULT, "poc", 20, seed=1)
        _label_draw(store, book, "poc", list(d.units))
        validate(store, DEFAULT, model=False)
        counts = code_validity(store, DEFAULT, book.version)["poc"]
        (level,) = [lv for lv in validation_page(store, DEFAULT).levels if lv.run_id]
    # the counts: the bundled estimate on each genre, the draw's set aside beside it
    assert not counts.weighted and counts.set_aside is not None and counts.set_aside.weighted
    row = next(s for s in level.scores if s.code == "poc" and s.method == "dictionary")
    assert row.weighted is not None and not row.weighted.counts_figure
    assert row.weighted.label.startswith("not the code's figure in the counts: set aside on ")
    assert "the bundled estimate stands" in row.weighted.label
    html = _page(path, DEFAULT)
    assert "the code&#39;s figure in the counts, flagged by it" not in html
    weighted = _weighted_row(html, "poc")
    assert 'data-counts-figure="no"' in weighted
    assert "not the code&#39;s figure in the counts: set aside on resolution and other" in weighted
    assert "by this estimate alone: unvalidated: 20 labelled units &lt; 30" in weighted
    assert "not to be quoted" in html  # the pooled row of the draw's units unweighted


def test_a_draw_the_counts_use_is_labelled_their_figure(tmp_path: Path) -> None:
    """B2, the other way: a codebook of the project's own (no bundled estimate) and a draw of
    report paragraphs only: the counts carry its estimate on reports, so the row says it is the
    code's figure in the counts, flagged by it."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _documents(store)
        register_codebook(store, SYNTH)
        apply_codebook(store, SYNTH, progress=False)
        d = draw_sample(store, "synth", "x", 12, seed=2, genres=("report",))
        _label_draw(store, SYNTH, "x", list(d.units))
        validate(store, "synth", model=False)
        counts = code_validity(store, "synth")["x"]
    assert counts.reports is not None and counts.reports.weighted
    weighted = _weighted_row(_page(path, "synth"), "x")
    assert 'data-counts-figure="yes"' in weighted
    assert "the code&#39;s figure in the counts, flagged by it" in weighted
    assert "by this estimate alone" not in weighted


def test_a_bundled_row_gives_the_positives_the_rule_counts(tmp_path: Path) -> None:
    """A3: the bundled row of a frame counts its estimate's positives on mandate paragraphs with
    its own, as the rule does; core principles (9 of its own, 33 there, in the trial) says so
    beside "validated", and the rule on the page says it."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        register_codebook(store, load_default_codebook())
        page = validation_page(store, DEFAULT)
        measured = code_validity(store, DEFAULT)
    assert "those of its labelled set and of its estimate on mandate paragraphs" in page.flag_rule
    rows = {b.frame: b for b in page.levels[0].bundled}
    for frame, b in rows.items():
        v = measured[b.codes[0]]
        assert b.pool_positives == (None if v.pool is None else v.pool.positives), frame
        behind = (b.positives or 0) + (b.pool_positives or 0)
        if not b.flag:  # validated: by the positives the rule counts, said where they fall short
            assert behind >= MIN_POSITIVES, frame
            assert bool(b.positives_note) == ((b.positives or 0) < MIN_POSITIVES), frame
    core = rows["core_principles"]
    assert (core.positives, core.pool_positives, core.flag) == (9, 33, "")
    assert core.positives_note == ("recall rests on 9 labelled positives and 33 of its "
                                   "estimate on mandate paragraphs, 42")  # fmt: skip
    html = _page(path, DEFAULT)
    assert '9 <span class="pool-positives">+ 33 on mandate paragraphs</span>' in html
    assert ("validated (recall rests on 9 labelled positives and 33 of its estimate on mandate "
            "paragraphs, 42)") in html  # fmt: skip


def test_a_recall_below_the_threshold_is_printed_as_its_flag_reads_it(tmp_path: Path) -> None:
    """B4: a SYNTHETIC run's row of recall 37/53 = 0.698 reads 0.698 beside its flag, not 0.70;
    so do the bundled measurements on other genres (stabilization on reports in the trial)."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        register_codebook(store, SYNTH)
        book = stored_codebook(store, "synth")
        run = store.start_run("validate", "synthetic", {"codebook": "synth", "level": "unit"})
        truth, got = [1] * 53 + [0] * 20, [1] * 37 + [0] * 16 + [0] * 20
        scores = [asdict(score("x", "dictionary", truth, got))]
        store.finish_run(run, {"codebook": "synth", "codebook_version": book.version,
                               "level": "unit", "scores": scores})  # fmt: skip
        (row,) = validation_page(store, "synth").levels[0].scores
        register_codebook(store, load_default_codebook())
        bundled = validation_page(store, DEFAULT).levels[0].bundled
    assert (row.recall_shown, row.flag) == ("0.698", "recall 0.698 < 0.7")
    assert '<td class="recall">0.698 <span class="ci">' in _page(path, "synth")
    said = [e for b in bundled for e in b.elsewhere]
    assert any("recall 0.698 < 0.7" in e for e in said)
    for e in said:
        for below in re.findall(r"recall (0\.\d+) < 0\.7", e):
            assert f"R {below} ·" in e, e


def test_the_pooled_row_of_a_draw_is_marked_not_to_be_quoted(tmp_path: Path) -> None:
    """B3 on the page: the dictionary row over the draw's units unweighted says it is not to be
    quoted, where it used to carry the counts' use of the draw."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        _documents(store)
        register_codebook(store, SYNTH)
        apply_codebook(store, SYNTH, progress=False)
        d = draw_sample(store, "synth", "x", 16, seed=3)
        _label_draw(store, SYNTH, "x", list(d.units))
        validate(store, "synth", model=False)
    html = _page(path, "synth")
    pooled = re.search(r'<tr class="score method-dictionary[^"]*" data-code="x" '
                       r'data-method="dictionary">.*?</tr>', html, re.S)  # fmt: skip
    assert pooled is not None
    assert (f"pooled over the labelled units, draw {d.id}'s among them unweighted: not to be "
            "quoted") in pooled[0]  # fmt: skip


def test_the_label_reads_the_counts_of_the_codings_version(tmp_path: Path) -> None:
    """A project coded with another version of the default codebook than the bundled one (its
    poc without its first entry: a SYNTHETIC stand-in for an earlier release): the counts carry no
    bundled measurement (made for another version), so they use the draw's estimate on each
    genre. The page read the codebook with no version, the bundled estimate standing, and said
    the draw was set aside for it."""
    path = tmp_path / "p.db"
    default = load_default_codebook()
    earlier = replace(default, codes=tuple(
        replace(c, entries=c.entries[1:]) if c.id == "poc" else c
        for c in default.codes))  # fmt: skip
    with Store.open(path) as store:
        _documents(store)
        register_codebook(store, earlier)
        apply_codebook(store, earlier, progress=False)
        assert stored_codebook(store, DEFAULT).version != default.version
        d = draw_sample(store, DEFAULT, "poc", 20, seed=1)
        _label_draw(store, earlier, "poc", list(d.units))
        run = validate(store, DEFAULT, model=False)
        counts = project_validity(store)["poc"]
        (level,) = [lv for lv in validation_page(store, DEFAULT).levels if lv.run_id]
    (ds,) = run.draw_scores
    row = next(s for s in level.scores if s.code == "poc" and s.method == "dictionary")
    assert row.weighted is not None and row.weighted.use == counts_use(counts, ds)
    assert row.weighted.use.startswith("the counts use the draw's weighted estimate on each genre")
    assert "bundled estimate stands" not in row.weighted.label
