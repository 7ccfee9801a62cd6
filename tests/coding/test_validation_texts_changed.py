"""A stored validation says when the texts it measured changed since it ran, not only its labels
(CHANGELOG, "Known, not mended (stop 45)": the staleness check followed labels only).

``ingest --reparse`` stores a new version of a document whose parse reads otherwise: a labelled
unit's text can change while the human coding on it stands, so the labels are the same but the
dictionary (here: an entry that hits the new words and missed the old) and the model read
another text, and the stored measurement no longer describes the project. A run now records a
fingerprint of each labelled target's text, and every reader of it names a code whose labelled
targets read otherwise, with how many; a run recorded before that says it cannot tell.

The report is the SYNTHETIC fixture ``synthetic_S-2099-901_report.txt`` (invented text); the
"old parser" is the real one with a SYNTHETIC misreading of one paragraph laid over its output,
the codebook and the coders are SYNTHETIC too.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from synthetic_validation import stored_as_older

from normtrace import Project
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.exchange.yamlio import load_codebook
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.learn.measured_labels import watermark
from normtrace.coding.learn.validate import Validation, latest_validation, validate
from normtrace.coding.validity import code_validity
from normtrace.parse.model import Document
from normtrace.report.validity import runs_html, validity_section
from normtrace.store.db import Store
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.result import TraceRun
from synthetic_reparse import parser_setter
from test_pipeline_reparse import synthetic

SYMBOL = "S/2099/901"
P4 = f"{SYMBOL}/p4"
#: the labelled units whose texts every parse here reads the same
OTHERS = [f"{SYMBOL}/{x}" for x in ("p1", "p2", "p3/a", "p3/b", "p5", "p6")]
#: SYNTHETIC codebook: unrest's entry hits p4's words as the real parser reads them only
BOOK = """name: synth
codes:
  - id: unrest
    name: Unrest (synthetic)
    entries: [volatile]
  - id: poc
    name: Protection (synthetic)
    entries: [protect*]
"""
AGAIN = "run `normtrace code validate --codebook synth --level unit` again"


def misread(document: Document) -> Document:
    """The "old parser": an OCR slip in p4 (SYNTHETIC), every other unit as the real one."""
    return replace(document, paragraphs=tuple(
        replace(p, text=p.text.replace("remained volatile", "remained vo1atile"))
        if p.key == P4 else p for p in document.paragraphs))  # fmt: skip


def relabelled(document: Document) -> Document:
    """A parse that reads every text the same, but not every unit's kind (SYNTHETIC)."""
    return replace(document, paragraphs=tuple(
        replace(p, kind="text", label=None) if p.kind == "heading" else p
        for p in document.paragraphs))  # fmt: skip


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    return parser_setter(monkeypatch)


def _project(tmp: Path, parser: Callable[..., None], first: Callable[[Document], Document]) -> (
        tuple[Path, Path]):  # fmt: skip
    """The report read by ``first``; ana codes unrest on p4 on words every parse reads the
    same, poc on p3/a, and marks the other units done; a unit-level run measures them."""
    path = synthetic(tmp / "in")
    (tmp / "synth.yaml").write_text(BOOK)
    parser(first)
    with Project(tmp / "p.db") as project:
        assert project.ingest([path]).counts == {"new": 1}
        store = project.store
        register_codebook(store, load_codebook(tmp / "synth.yaml"))
        for key, code, words in ((P4, "unrest", "Armed groups attacked"),
                                 (f"{SYMBOL}/p3/a", "poc", "protection of civilians")):  # fmt: skip
            text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                          (key,)).fetchone()[0])  # fmt: skip
            at = text.index(words)
            add_code(store, coder="ana", unit_key=key, start=at, end=at + len(words), code=code)
        mark_done(store, coder="ana", codebook="synth",
                  unit_keys=[k for k in OTHERS if not k.endswith("p3/a")])  # fmt: skip
        validate(store, "synth", level="unit", reference=False)
    return tmp / "p.db", path


def _run(store: Store) -> Validation:
    run = latest_validation(store, "synth", level="unit")
    assert run is not None
    return run


def _reparse(db: Path, path: Path, parser: Callable[..., None],
             reading: Callable[[Document], Document] | None = None) -> None:  # fmt: skip
    parser(reading)
    with Project(db) as project:
        report = project.ingest([path], reparse=True)
        assert report.counts == {"new_version": 1}, report.counts
        assert report.anchors is not None and report.anchors.review == 0  # every coding stands


def _texts_not_recorded(db: Path, old: int, code: str) -> None:
    """The latest run is ``old``, not stale, and whether its texts changed is not known, for
    each code (``code``'s line read)."""
    with Store.open(db) as store:
        run = _run(store)
        assert run.run_id == old and run.stale == {}
        assert set(run.texts_unknown) == {"unrest", "poc"}
        assert run.texts_unknown[code].startswith(
            f"texts not recorded: validation run {old} was stored before runs recorded the texts "
            "they measured and 1 new document version(s) or replaced speech(es) holding its "
            "labelled units came after it")  # fmt: skip


def test_a_reparse_that_changes_a_labelled_text_makes_the_measurement_stale(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    db, path = _project(tmp_path, parser, misread)
    with Store.open(db) as store:
        run = _run(store)
        assert (run.stale, run.texts_unknown) == ({}, {})
        unrest = run.get("unrest", "dictionary")
        assert unrest is not None and (unrest.n, unrest.positives, unrest.tp) == (6, 1, 0)
        before = run.measured
        assert before is not None
    _reparse(db, path, parser)  # the real parser reads p4's words right: "remained volatile"
    with Store.open(db) as store:
        assert "remained volatile" in str(store.conn.execute(
            "SELECT text FROM units WHERE key = ?", (P4,)).fetchone()[0])  # fmt: skip
        run = _run(store)
        note = run.stale["unrest"]
        # the labels are those the run measured (same fingerprint): only the text changed
        assert "labels" not in note.split(":")[0]
        assert note == (f"texts changed since: validation run {run.run_id} measured 6 labelled "
                        "units (1 positive); the text of 1 of its 6 labelled units changed "
                        f"since the run read it: {AGAIN}")  # fmt: skip
        assert set(run.stale) == {"unrest"}  # poc's labelled units read as they did
        assert run.texts_unknown == {}
        assert run.measured == before  # the record is the run's, read again
        measured = code_validity(store, "synth", level="unit")["unrest"]
        assert measured.stale == note
        assert measured.flag() == "6 labelled units < 30 (on the texts of then, changed since)"
        assert measured.describe().endswith(note) and measured.status().endswith(note)
        assert measured.to_dict()["changed_since"] == "texts"
        assert code_validity(store, "synth", level="unit")["poc"].stale == ""

        # a coder's new work on top: both changed, each with its count
        text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                      (OTHERS[0],)).fetchone()[0])  # fmt: skip
        add_code(store, coder="bo", unit_key=OTHERS[0], start=0, end=len(text), code="unrest")
        both = _run(store).stale["unrest"]
        assert both.startswith(f"labels and texts changed since: validation run {run.run_id} "
                               "measured 6 labelled units (1 positive) before 1 later record(s) "
                               "of coding work; they are now 6 labelled units (2 positive), and "
                               "the text of 1 of its 6 labelled units changed since the run read "
                               "it: ")  # fmt: skip
        assert code_validity(store, "synth", level="unit")["unrest"].flag().endswith(
            "(on the labels and texts of then, changed since)")  # fmt: skip
        validate(store, "synth", level="unit", reference=False)  # measured again: it holds
        assert (_run(store).stale, code_validity(store, "synth", level="unit")["unrest"].stale) == (
            {}, "")  # fmt: skip


def test_every_surface_says_the_texts_changed(tmp_path: Path, parser: Callable[..., None]) -> None:
    db, path = _project(tmp_path, parser, misread)
    _reparse(db, path, parser)
    with Store.open(db) as store:
        measured = code_validity(store, "synth", level="unit")
        run = _run(store)
    data = SimpleNamespace(frame_events=[FrameEvent("2099-03-14", "secretariat", "unrest", P4)],
                           codings=SimpleNamespace(codebook="", note=lambda: ""))  # fmt: skip
    inputs = cast(TraceRun, SimpleNamespace(data=data, trace=None, validity=measured,
                                            validations=[run], genres={}))  # fmt: skip
    _, _, html = validity_section(inputs, tmp_path / "out")
    assert '<p class="caveat stale">Measured on texts that changed since: unrest.' in html
    assert "Measured on labels that changed since" not in html
    assert "the text of 1 of its 6 labelled units changed since the run read it" in html
    assert "unrest: texts changed since: validation run" in runs_html(inputs, tmp_path / "out")

    from normtrace.web.validation import validation_page

    with Store.open(db) as store:
        unit = next(lv for lv in validation_page(store, "synth").levels if lv.level == "unit")
    assert (unit.changed, set(unit.stale), unit.texts_unknown) == ("texts", {"unrest"}, {})
    html = _served(db, "/codebooks/synth/validation")
    assert "The texts of labelled targets changed since this run:" in html
    assert "The human labels changed since this run" not in html
    assert '<li data-code="unrest"><code>unrest</code>: texts changed since: validation run' in html


def test_a_new_version_that_reads_every_labelled_text_the_same_leaves_it_standing(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    db, path = _project(tmp_path, parser, relabelled)
    with Store.open(db) as store:
        run = _run(store)
        texts = run.measured["texts"]  # type: ignore[index]
        assert set(texts) == {P4, *OTHERS}  # what the run read, recorded with it
        mark = run.measured["watermark"]  # type: ignore[index]
    _reparse(db, path, parser)  # the real parser: headings are headings again, texts the same
    with Store.open(db) as store:
        run = _run(store)
        assert watermark(store) != mark  # a new version since: the record is read again ...
        assert (run.stale, run.texts_unknown) == ({}, {})  # ... and it holds, known to
        measured = code_validity(store, "synth", level="unit")["unrest"]
        assert (measured.stale, measured.texts_unknown) == ("", "")
        assert "changed since" not in measured.describe() and "not known" not in (
            measured.describe())  # fmt: skip
    html = _served(db, "/codebooks/synth/validation")
    assert ("The human labels of its codes, and the texts of their labelled targets, are those "
            "it measured.") in html  # fmt: skip


def test_a_run_recorded_before_the_texts_were_says_it_cannot_tell(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    db, path = _project(tmp_path, parser, misread)
    with Store.open(db) as store:
        old = stored_as_older(store, texts_only=True)  # as a run of stop 45 stored it
        assert (_run(store).run_id, _run(store).texts_unknown) == (old, {})  # nothing since
        assert code_validity(store, "synth", level="unit")["unrest"].texts_unknown == ""
    _reparse(db, path, parser)
    with Store.open(db) as store:
        run = _run(store)
        assert run.run_id == old and run.stale == {}  # not judged stale ...
        said = (f"texts not recorded: validation run {old} was stored before runs recorded the "
                "texts they measured and 1 new document version(s) or replaced speech(es) "
                "holding its labelled units came after it, so whether they still read as it read "
                "them is not known (neither stale nor current on that account): "
                f"{AGAIN} to record them")  # fmt: skip
        assert run.texts_unknown == {"unrest": said, "poc": said}  # ... nor current: unknown
        measured = code_validity(store, "synth", level="unit")["unrest"]
        assert (measured.stale, measured.texts_unknown) == ("", said)
        assert measured.flag() == "6 labelled units < 30"  # the run's flag, not "changed"
        assert measured.describe().endswith(said) and measured.status().endswith(said)
        assert measured.to_dict()["texts_unknown"] == said
    html = _served(db, "/codebooks/synth/validation")
    assert "Whether the texts of its labelled targets changed since this run is not known:" in html
    assert '<li data-code="unrest"><code>unrest</code>: texts not recorded: validation run' in html
    assert "are those it measured" not in html


def _served(db: Path, url: str) -> str:
    """The workbench's page at ``url``, for a SYNTHETIC admin."""
    with warnings.catch_warnings():  # as web_support: Starlette prefers httpx2, works with httpx
        from starlette.exceptions import StarletteDeprecationWarning

        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient
    from normtrace.web.app import create_app
    from normtrace.web.auth import create_session, create_user, csrf_token, get_user
    from normtrace.web.deps import SESSION_COOKIE

    with Store.open(db) as store, store.transaction():
        if store.conn.execute("SELECT 1 FROM users WHERE name = 'admin1'").fetchone() is None:
            create_user(store, "admin1", "admin", "synthetic-password-46")
    app = create_app(db, secret="test-secret")
    try:
        token = app.state.access.write(
            lambda store: create_session(store, get_user(store, "admin1")))  # fmt: skip
        client = TestClient(app)
        client.cookies.set(SESSION_COOKIE, token)
        client.headers["X-CSRF-Token"] = csrf_token(app.state.secret, token)
        response = client.get(url)
        assert response.status_code == 200, response.text
        text: str = response.text
        return text
    finally:
        app.state.access.close()


def test_a_run_recorded_before_any_record_says_it_cannot_tell_either(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """A run stored before runs recorded their labels (stop 44 and before): the same unknown,
    once a document version came after it (made by a later run); no coding work came, and its
    scores' counts are the labels' now, so it is not called stale."""
    db, path = _project(tmp_path, parser, misread)
    with Store.open(db) as store:
        old = stored_as_older(store)  # as a run of stop 44 stored it
        assert (_run(store).run_id, _run(store).stale, _run(store).texts_unknown) == (old, {}, {})
    _reparse(db, path, parser)
    _texts_not_recorded(db, old, "unrest")


def test_a_paragraph_level_run_follows_its_paragraphs_texts(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    db, path = _project(tmp_path, parser, misread)
    with Store.open(db) as store:
        validate(store, "synth", level="paragraph", reference=False)
    _reparse(db, path, parser)
    with Store.open(db) as store:
        run = latest_validation(store, "synth", level="paragraph")
        assert run is not None and set(run.stale) == {"unrest"}
        # p1, p2, p4, p5 and p6: p3 was not marked as a whole (only its sub-paragraph p3/b)
        assert run.stale["unrest"] == (
            f"texts changed since: validation run {run.run_id} measured 5 labelled paragraphs "
            "(1 positive); the text of 1 of its 5 labelled paragraphs changed since the run read "
            "it: run `normtrace code validate --codebook synth --level paragraph` again"
        )


def _csv_rows(inputs: TraceRun, out: Path) -> dict[tuple[str, str], dict[str, str]]:
    """``data/validation_runs.csv`` of the case report, by code and method."""
    import csv

    runs_html(inputs, out)
    with (out / "data" / "validation_runs.csv").open(encoding="utf-8", newline="") as f:
        return {(r["code"], r["method"]): r for r in csv.DictReader(f)}


def test_json_and_csv_keys_say_which_changed_labels_or_texts(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """``labels_changed_since`` carries a note only when the human labels changed (a reader
    would re-code on it), ``texts_changed_since`` when the labelled targets' texts did (they
    re-validate), ``changed_since`` says which: in the measured error's JSON (``first``,
    ``freq``) and in the case report's ``validation_runs.csv``."""
    db, path = _project(tmp_path, parser, misread)
    _reparse(db, path, parser)  # p4's text changes: unrest's labelled texts only
    with Store.open(db) as store:
        measured = code_validity(store, "synth", level="unit")
        run = _run(store)
    note = run.stale["unrest"]
    assert note.startswith("texts changed since: ")
    said = measured["unrest"].to_dict()
    assert said["labels_changed_since"] is None  # the labels stand: nothing to re-code
    assert (said["texts_changed_since"], said["changed_since"]) == (note, "texts")
    standing = measured["poc"].to_dict()
    assert (standing["labels_changed_since"], standing["texts_changed_since"],
            standing["changed_since"]) == (None, None, None)  # fmt: skip
    inputs = cast(TraceRun, SimpleNamespace(validations=[run]))
    rows = _csv_rows(inputs, tmp_path / "out1")
    unrest = rows[("unrest", "dictionary")]
    assert (unrest["labels_changed_since"], unrest["texts_changed_since"],
            unrest["changed_since"]) == ("", note, "texts")  # fmt: skip
    assert rows[("poc", "dictionary")]["texts_changed_since"] == ""

    with Store.open(db) as store:  # bo's labels on top: unrest's labels and texts, poc's labels
        for key, code in ((OTHERS[0], "unrest"), (OTHERS[1], "poc")):
            text = str(store.conn.execute("SELECT text FROM units WHERE key = ?",
                                          (key,)).fetchone()[0])  # fmt: skip
            add_code(store, coder="bo", unit_key=key, start=0, end=len(text), code=code)
        measured = code_validity(store, "synth", level="unit")
        run = _run(store)
    both, labels = run.stale["unrest"], run.stale["poc"]
    assert both.startswith("labels and texts changed since: ")
    assert labels.startswith("labels changed since: ")
    said = measured["unrest"].to_dict()
    assert (said["labels_changed_since"], said["texts_changed_since"], said["changed_since"]) == (
        both, both, "labels and texts")  # fmt: skip
    said = measured["poc"].to_dict()
    assert (said["labels_changed_since"], said["texts_changed_since"], said["changed_since"]) == (
        labels, None, "labels")  # fmt: skip
    rows = _csv_rows(cast(TraceRun, SimpleNamespace(validations=[run])), tmp_path / "out2")
    poc = rows[("poc", "dictionary")]
    assert (poc["labels_changed_since"], poc["texts_changed_since"], poc["changed_since"]) == (
        labels, "", "labels")  # fmt: skip
    assert rows[("unrest", "dictionary")]["texts_changed_since"] == both


OTHER = "S/2099/903"


def _edited(document: Document) -> Document:
    """A reparse of the other report that reads every paragraph of it otherwise (SYNTHETIC)."""
    if document.symbol != OTHER:
        return misread(document)
    return replace(document, paragraphs=tuple(
        replace(p, text=p.text + " (SYNTHETIC)") for p in document.paragraphs))  # fmt: skip


def test_a_new_version_of_a_document_holding_no_labelled_target_leaves_the_texts_known(
    tmp_path: Path, parser: Callable[..., None]
) -> None:
    """A run recorded before the texts were: a new version of a report none of its labelled
    units is in says nothing of them (no "texts not recorded"); one of the report that holds
    them does, counting that version only."""
    db, path = _project(tmp_path, parser, misread)
    other = synthetic(tmp_path / "in", "synthetic_S-2099-903_report_wrapped.txt")
    with Project(db) as project:
        assert project.ingest([other]).counts == {"new": 1}
    with Store.open(db) as store:
        old = stored_as_older(store, texts_only=True)  # as a run of stop 45 stored it
        mark = watermark(store)
    _reparse(db, other, parser, _edited)  # the other report's version 2
    with Store.open(db) as store:
        assert store.conn.execute("SELECT max(version) FROM documents WHERE symbol = ?",
                                  (OTHER,)).fetchone()[0] == 2  # fmt: skip
        assert watermark(store) != mark  # read again ...
        run = _run(store)
        assert (run.run_id, run.stale, run.texts_unknown) == (old, {}, {})  # ... and known
        measured = code_validity(store, "synth", level="unit")["unrest"]
        assert (measured.stale, measured.texts_unknown) == ("", "")
    _reparse(db, path, parser)  # the labelled report's version 2
    _texts_not_recorded(db, old, "poc")
