"""What changed since a validation run (its labels, its labelled targets' texts, or both) is
carried as data from the reading that finds it onto every measurement, not read back from the
opening words of the note (reviewer R2's F3): a note worded otherwise gave JSON and CSV
``labels_changed_since`` and ``changed_since: labels`` whatever had changed.

Here every note is reworded (SYNTHETIC wording) where it is made; the keys, the flag, the
report's grouping and the workbench's summary must still say what changed. The project is the
SYNTHETIC report and codebook of ``test_validation_texts_changed``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from test_validation_texts_changed import OTHERS, P4, _project, _reparse, _run, misread

from normtrace.coding.human.events import add_code
from normtrace.coding.learn import measured_labels
from normtrace.coding.measured_error import CodeValidity
from normtrace.coding.validity import code_validity
from normtrace.errors import CodingError
from normtrace.report.validity import runs_html, validity_section
from normtrace.store.db import Store
from normtrace.trace.indicators import FrameEvent
from normtrace.trace.result import TraceRun
from synthetic_reparse import parser_setter


@pytest.fixture()
def parser(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    return parser_setter(monkeypatch)


def _reworded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stale note in other words (SYNTHETIC), opening with none of today's."""
    real = measured_labels._since

    def since(store: Store, run: Any, mark: dict[str, int]) -> measured_labels.Since:
        found = real(store, run, mark)
        notes = {
            c: f"SYNTHETIC wording: the measurement of {c} is out of date" for c in found.stale
        }
        return replace(found, stale=notes)

    monkeypatch.setattr(measured_labels, "_since", since)


def _keys(v: CodeValidity) -> tuple[object, object, object]:
    d = v.to_dict()
    return d["changed_since"], d["labels_changed_since"], d["texts_changed_since"]


def _code_all(store: Store, key: str, code: str) -> None:
    text = str(store.conn.execute("SELECT text FROM units WHERE key = ?", (key,)).fetchone()[0])
    add_code(store, coder="bo", unit_key=key, start=0, end=len(text), code=code)


def test_what_changed_comes_from_the_reading_not_the_notes_words(
    tmp_path: Path, parser: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    _reworded(monkeypatch)
    db, path = _project(tmp_path, parser, misread)
    _reparse(db, path, parser)  # unrest's labelled text p4 reads otherwise: texts changed
    with Store.open(db) as store:
        _code_all(store, OTHERS[1], "poc")  # a new label of poc: its labels changed
        measured = code_validity(store, "synth", level="unit")
        unrest, poc = measured["unrest"], measured["poc"]
        assert unrest.stale.startswith("SYNTHETIC wording") and poc.stale.startswith("SYNTHETIC")
        assert _keys(unrest) == ("texts", None, unrest.stale)
        assert _keys(poc) == ("labels", poc.stale, None)
        assert unrest.flag().endswith("(on the texts of then, changed since)")
        assert poc.flag().endswith("(on the labels of then, changed since)")
        run = _run(store)

        # the report groups them by what changed, and its CSV of the run has the same keys
        data = SimpleNamespace(
            frame_events=[FrameEvent("2099-03-14", "secretariat", "unrest", P4),
                          FrameEvent("2099-03-14", "secretariat", "poc", OTHERS[1])],
            codings=SimpleNamespace(codebook="", note=lambda: ""),
        )  # fmt: skip
        inputs = cast(TraceRun, SimpleNamespace(data=data, trace=None, validity=measured,
                                                validations=[run], genres={}))  # fmt: skip
        _, _, html = validity_section(inputs, tmp_path / "out")
        assert "Measured on texts that changed since: unrest." in html
        assert "Measured on labels that changed since: poc." in html
        runs_html(inputs, tmp_path / "out")
        with (tmp_path / "out" / "data" / "validation_runs.csv").open(encoding="utf-8") as f:
            rows = {(r["code"], r["method"]): r for r in csv.DictReader(f)}
        said = {c: (r["changed_since"], bool(r["labels_changed_since"]),
                    bool(r["texts_changed_since"]))
                for (c, method), r in rows.items() if method == "dictionary"}  # fmt: skip
        assert said == {"unrest": ("texts", False, True), "poc": ("labels", True, False)}

        from normtrace.web.validation import validation_page

        unit = next(lv for lv in validation_page(store, "synth").levels if lv.level == "unit")
        assert unit.changed == "labels and texts"  # poc's labels, unrest's texts
        flags = {s.code: s.flag for s in unit.scores if s.method == "dictionary"}
        assert flags["unrest"].endswith("(on the texts of then, changed since)")

        _code_all(store, OTHERS[0], "unrest")  # and now unrest's labels too
        both = code_validity(store, "synth", level="unit")["unrest"]
        assert _keys(both) == ("labels and texts", both.stale, both.stale)
        assert both.flag().endswith("(on the labels and texts of then, changed since)")


def test_a_note_without_what_changed_is_refused() -> None:
    """A measurement cannot say it is stale without saying what changed (no guess)."""
    with pytest.raises(CodingError, match="what changed"):
        CodeValidity("poc", source="validation run 1 (unit level)", n=40, stale="a note")
    with pytest.raises(CodingError, match="what changed"):
        CodeValidity("poc", stale="a note", stale_what="words")  # type: ignore[arg-type]
