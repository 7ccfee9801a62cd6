"""A stored validation says when the human labels changed since it ran (newuser45, finding 1).

After a second coder's codings were imported, ``freq``, ``first``, the report and the
workbench kept quoting the earlier ``code validate`` run (P 0.73, R 0.89, "unvalidated: 9
positives") while the labels then held 11 positives, and the validation page called it "(the
current version)". A run now records what it measured (per code the labelled targets, the
positives and their fingerprint, and a watermark of the project's human work), and every
reader names a code whose labels changed since, with the command that measures again.
Also: the codebook page's empty "(measured on the )" for a code without a dictionary
(``code train``'s bare "trained": test_train_says_what_it_learnt).

Every text, document and codebook here is SYNTHETIC (made up for tests, not UN text), in
made-up documents SYN/n.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from click.testing import CliRunner
from synthetic_validation import stored_as_older

from normtrace.cli.base import cli
from normtrace.coding.exchange.codings import import_codings
from normtrace.coding.human import events
from normtrace.coding.learn.validate import latest_validation, validate
from normtrace.coding.validity import code_validity
from normtrace.report.validity import runs_html, validity_section
from normtrace.store.db import Store
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.result import TraceRun
from synthetic_docs import insert_document

#: SYNTHETIC codebook: poc has a dictionary, force has none (hand-coded only)
BOOK = """name: synth
codes:
  - id: poc
    name: Protection (synthetic)
    entries: [protect*]
  - id: force
    name: Force (synthetic)
"""
WORDS = ["council", "notes", "report", "welcomes", "progress", "budget", "staff", "requests",
         "continue", "inform", "regularly", "dialogue"]  # fmt: skip


def _fill(store: Store) -> dict[str, tuple[int, int]]:
    """SYNTHETIC documents SYN/1..8, five paragraphs each (op1 with op1/a and op1/b); the
    truth (poc, force) of each key. poc texts say "protect", except every fifth (a miss)."""
    rng = random.Random(45)
    truth: dict[str, tuple[int, int]] = {}
    with store.transaction() as conn:
        for d in range(1, 9):
            rows = []
            for label in ["pp1", "op1", "op1/a", "op1/b", "op2"]:
                poc, force = rng.random() < 0.45, rng.random() < 0.4
                key = f"SYN/{d}/{label}"
                words = rng.sample(WORDS, 6)
                if poc and len(truth) % 5:
                    words += ["protect", "civilians"]
                elif poc:
                    words += ["shield", "civilians"]
                if force:
                    words += ["authorizes", "all", "necessary", "measures"]
                truth[key] = (int(poc), int(force))
                rows.append((key, label[:2], " ".join(words).capitalize() + "."))
            insert_document(conn, f"SYN/{d}", rows)
    return truth


def _import(store: Store, tmp: Path, keys: list[str], truth: dict[str, tuple[int, int]],
            coder: str) -> None:  # fmt: skip
    rows: list[dict[str, object]] = []
    for key in keys:
        poc, force = truth[key]
        codes = [c for c, on in (("poc", poc), ("force", force)) if on] or [""]
        rows += [{"unit_key": key, "code": c} for c in codes]
    path = tmp / f"{coder}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    import_codings(store, path, codebook=str(tmp / "synth.yaml"), coder=coder)


def _project(tmp: Path) -> tuple[Path, dict[str, tuple[int, int]], list[str]]:
    """ana labels 25 units; a unit-level run measures them. Returns the path, truth, keys."""
    path = tmp / "p.db"
    (tmp / "synth.yaml").write_text(BOOK)
    with Store.open(path) as store:
        truth = _fill(store)
        keys = sorted(truth)
        _import(store, tmp, keys[:25], truth, "ana")
        validate(store, "synth", level="unit", reference=False)
    return path, truth, keys


def _positives(truth: dict[str, tuple[int, int]], keys: list[str]) -> int:
    return sum(truth[k][0] for k in keys)


def test_a_second_coders_labels_mark_the_stored_measurement_as_measured_before(
    tmp_path: Path,
) -> None:
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        before = code_validity(store, "synth", level="unit")["poc"]
        assert before.stale == "" and before.n == 25
        assert "changed since" not in before.describe() + before.flag()
        # a memo changes no label: the run still holds (no false alarm)
        events.add_memo(store, coder="ana", unit_key=keys[0], memo="SYNTHETIC memo")
        assert code_validity(store, "synth", level="unit")["poc"].stale == ""
        run = latest_validation(store, "synth", level="unit")
        assert run is not None and run.stale == {}
        _import(store, tmp_path, keys[25:], truth, "bo")  # 15 more units
        poc = code_validity(store, "synth", level="unit")["poc"]
        p0, p1 = _positives(truth, keys[:25]), _positives(truth, keys)
        assert p1 > p0
        assert poc.n == 25  # the figures are the run's ...
        said = (f"labels changed since: validation run {run.run_id} measured 25 labelled units "
                f"({p0} positive) before ")  # fmt: skip
        assert poc.stale.startswith(said)  # ... and say what they rest on
        assert f"they are now 40 labelled units ({p1} positive)" in poc.stale
        assert poc.stale.endswith("run `normtrace code validate --codebook synth --level unit` "
                                  "again")  # fmt: skip
        # the flag (25 labelled units < 30) rests on the labels of then and says so
        assert poc.flag() == "25 labelled units < 30 (on the labels of then, changed since)"
        assert poc.describe().endswith(poc.stale) and poc.status().endswith(poc.stale)
        assert poc.to_dict()["labels_changed_since"] == poc.stale
        # the code without a dictionary: its model's measurement is of the labels of then too
        force = code_validity(store, "synth", level="unit")["force"]
        assert force.stale.startswith(f"labels changed since: validation run {run.run_id}")
        assert force.describe().endswith(force.stale)
        stale = latest_validation(store, "synth", level="unit")
        assert stale is not None and set(stale.stale) == {"poc", "force"}
        validate(store, "synth", level="unit", reference=False)
        again = code_validity(store, "synth", level="unit")["poc"]
        assert (again.stale, again.n) == ("", 40)


def test_freq_and_first_say_the_labels_changed_since_the_run(tmp_path: Path) -> None:
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        _import(store, tmp_path, keys[25:], truth, "bo")
    runner = CliRunner()
    freq = runner.invoke(cli, ["--project", str(path), "freq", "--by", "doc_type", "--code",
                               "poc", "--codebook", "synth"])  # fmt: skip
    assert freq.exit_code == 0, freq.output
    line = next(x for x in freq.stderr.splitlines() if x.startswith("measured error of poc"))
    assert "(on the labels of then, changed since)" in line
    assert "labels changed since: validation run" in line and "they are now 40 labelled" in line
    first = runner.invoke(cli, ["--project", str(path), "first", "--code", "poc",
                                "--codebook", "synth"])  # fmt: skip
    assert first.exit_code == 0, first.output
    said = next(x for x in first.stdout.splitlines() if x.startswith("measured error"))
    assert "labels changed since: validation run" in said


def test_a_run_stored_before_the_record_is_judged_by_the_work_after_it(tmp_path: Path) -> None:
    """A run stored before runs recorded their labels: nothing is said while no coding work
    came after it; after some, its scores' counts against the labels now."""
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        old = stored_as_older(store)
        store.conn.execute(  # recorded after the codings it measured
            "UPDATE runs SET started_at = (SELECT max(at) FROM coding_events) WHERE id = ?",
            (old,),
        )
        assert code_validity(store, "synth", level="unit")["poc"].stale == ""
        time.sleep(1.1)  # later work is read by the second for such a run
        _import(store, tmp_path, keys[25:], truth, "bo")
        poc = code_validity(store, "synth", level="unit")["poc"]
        assert poc.source.startswith(f"validation run {old} ")
        assert poc.stale.startswith(f"labels changed since: validation run {old} measured 25 "
                                    "labelled units")  # fmt: skip
        assert "they are now 40 labelled units" in poc.stale


def test_the_report_names_codes_measured_on_labels_since_changed(tmp_path: Path) -> None:
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        _import(store, tmp_path, keys[25:], truth, "bo")
        measured = code_validity(store, "synth", level="unit")
        run = latest_validation(store, "synth", level="unit")
    assert run is not None
    data = SimpleNamespace(
        frame_events=[FrameEvent("2001-01-01", "elected_member", "poc", keys[1])],
        codings=SimpleNamespace(codebook="", note=lambda: ""),
    )
    inputs = cast(TraceRun, SimpleNamespace(data=data, trace=None, validity=measured,
                                            validations=[run], genres={}))  # fmt: skip
    _, _, html = validity_section(inputs, tmp_path / "out")
    assert '<p class="caveat stale">Measured on labels that changed since: poc.' in html
    assert "labels changed since: validation run" in html  # the status column says what
    runs = runs_html(inputs, tmp_path / "out")
    assert "poc: labels changed since: validation run" in runs
    csv_text = (tmp_path / "out" / "data" / "validation_runs.csv").read_text(encoding="utf-8")
    assert "labels_changed_since" in csv_text.splitlines()[0]


@pytest.fixture()
def both_levels(tmp_path: Path) -> Path:
    """The project with a paragraph-level run too, then bo's labels."""
    path, truth, keys = _project(tmp_path)
    with Store.open(path) as store:
        validate(store, "synth", level="paragraph", reference=False)
        _import(store, tmp_path, keys[25:], truth, "bo")
    return path


def test_the_codebook_page_never_says_measured_on_nothing(both_levels: Path) -> None:
    """A code without a dictionary has no source: the page named none in "(measured on the )".
    Its measurement at paragraph level is its model's, and says so."""
    from normtrace.web.codebooks import view_codebook

    with Store.open(both_levels) as store:
        view = view_codebook(store, "synth")
    force = next(c for c in view.codes if c.id == "force")
    poc = next(c for c in view.codes if c.id == "poc")
    assert "(measured on the )" not in force.measured_error
    assert "counted by whole paragraph (freq --level paragraph): unvalidated: no dictionary" in (
        force.measured_error)  # fmt: skip
    assert "its model's suggestions were measured (validation run" in force.measured_error
    assert "labels changed since" in force.measured_error
    assert "labels changed since" in poc.measured_error


def test_the_validation_page_says_the_labels_changed_since_its_run(both_levels: Path) -> None:
    import warnings

    from starlette.exceptions import StarletteDeprecationWarning

    with warnings.catch_warnings():  # as web_support: Starlette prefers httpx2, works with httpx
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from fastapi.testclient import TestClient
    from normtrace.web.app import create_app
    from normtrace.web.auth import create_session, create_user, csrf_token, get_user
    from normtrace.web.deps import SESSION_COOKIE
    from normtrace.web.validation import validation_page

    with Store.open(both_levels) as store:
        page = validation_page(store, "synth")
        with store.transaction():
            create_user(store, "admin1", "admin", "synthetic-password-45")
    unit = next(lv for lv in page.levels if lv.level == "unit")
    assert set(unit.stale) == {"poc", "force"}
    row = next(s for s in unit.scores if s.code == "poc" and s.method == "dictionary")
    assert row.flag.endswith("(on the labels of then, changed since)")
    app = create_app(both_levels, secret="test-secret")
    try:
        access = app.state.access
        token = access.write(lambda store: create_session(store, get_user(store, "admin1")))
        client = TestClient(app)
        client.cookies.set(SESSION_COOKIE, token)
        client.headers["X-CSRF-Token"] = csrf_token(app.state.secret, token)
        html = client.get("/codebooks/synth/validation").text
    finally:
        app.state.access.close()
    assert "(the codebook&#39;s current version)" in html or (
        "(the codebook's current version)" in html)  # fmt: skip
    assert "The human labels changed since this run:" in html
    assert html.count('<li data-code="poc">') == 2  # both levels' runs
