"""The measured error a count shows is the project's validation at the count's level: a run
at paragraph level measured other targets (a new user's months: after a paragraph-level
validate, `freq --level unit` flagged a code "unvalidated: 14 labelled units", counting the
paragraph run's 14 paragraphs). The codebook and scores are SYNTHETIC."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import register_codebook
from normtrace.coding.learn.scores import CodeScore
from normtrace.coding.validity import code_validity, project_validity
from normtrace.store.db import Store

BOOK = Codebook(name="synth", codes=(Code(id="x", name="X", entries=(Entry("alpha"),)),))


def _validated(store: Store, level: str, n: int, precision: float) -> None:
    run = store.start_run("validate", "test.synthetic")
    score = CodeScore("x", "dictionary", n, n // 2, 1, 1, 1, precision, 0.1, 0.9, 0.5, 0.1,
                      0.9, 0.5, 0.1, 0.9)  # fmt: skip
    store.finish_run(run, {"codebook": "synth", "codebook_version": BOOK.version,
                           "level": level, "scores": [asdict(score)]})  # fmt: skip


def test_counts_read_the_validation_at_their_level(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, BOOK)
        _validated(store, "unit", 10, 0.40)
        _validated(store, "paragraph", 14, 0.29)  # the latest run
        assert (project_validity(store)["x"].n, project_validity(store)["x"].precision) == (
            10, 0.40)  # fmt: skip
        assert project_validity(store, level="paragraph")["x"].n == 14
        # one rule on every surface: unit level unless told (no more "the latest at any level")
        assert code_validity(store, "synth")["x"].n == 10
        assert "unit level" in code_validity(store, "synth")["x"].source


def test_a_paragraph_measurement_says_paragraphs(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        register_codebook(store, BOOK)
        _validated(store, "paragraph", 14, 0.29)
        assert project_validity(store, level="paragraph")["x"].flag() == (
            "14 labelled paragraphs < 30")  # fmt: skip
