"""A stored measurement's staleness is read once per run and watermark: the codebook page and
the report ask for one run several times, and each answer collected the labels again."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from normtrace.coding.learn import measured_labels
from normtrace.store.db import Store


def test_stale_notes_collects_once_per_run_and_watermark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    marks = iter([{"codings": 5}, {"codings": 5}, {"codings": 6}])

    def answer(store: Store, run: Any, mark: dict[str, int]) -> measured_labels.Since:
        calls.append(run.run_id)
        return measured_labels.Since({"poc": f"changed at {mark['codings']}"})  # SYNTHETIC

    monkeypatch.setattr(measured_labels, "_since", answer)
    monkeypatch.setattr(measured_labels, "watermark", lambda store: next(marks))
    run = SimpleNamespace(run_id=7)
    with Store.open(tmp_path / "p.db") as store:
        first = measured_labels.stale_notes(store, run)  # type: ignore[arg-type]
        first["poc"] = "a caller's edit"  # callers get their own copy
        assert measured_labels.stale_notes(store, run) == {"poc": "changed at 5"}  # type: ignore[arg-type]
        assert calls == [7]  # the same watermark: read once
        assert measured_labels.stale_notes(store, run) == {"poc": "changed at 6"}  # type: ignore[arg-type]
        assert calls == [7, 7]  # new human work: read again
