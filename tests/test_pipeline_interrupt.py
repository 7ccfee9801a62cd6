"""Ctrl-C (or SIGTERM) during an ingest on a parallel engine: the summary and the run record
count what was stored (N2 F-int-2, F-int-1). SYNTHETIC resolutions (invented symbols)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normtrace import pipeline
from normtrace.cli import cli
from normtrace.ingest.interrupt import IngestInterrupted
from normtrace.store.db import Store
from synthetic_resolution import write_many


def _write(folder: Path, count: int) -> list[Path]:
    """``count`` SYNTHETIC resolutions S/RES/9911 (2031), 9912 ... one file each."""
    return write_many(folder, 9911, count)


def _stop_after(done: int, how: Callable[[], None]) -> Callable[..., Iterator[Any]]:
    """A ``parallel_map`` that hands back ``done`` results, then is stopped (``how``) while
    the next is awaited, as a process pool is by Ctrl-C."""

    given: list[object] = []  # over every call: the local engine calls once per file

    def parallel_map(func: Callable[[Any], Any], items: Iterable[Any], **_: Any) -> Iterator[Any]:
        for item in items:
            if len(given) == done:
                how()
            given.append(item)
            yield func(item)

    return parallel_map


def _ctrl_c() -> None:
    raise KeyboardInterrupt


def _summary(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        (summary,) = conn.execute("SELECT summary FROM runs WHERE stage = 'ingest'").fetchone()
    conn.close()
    return dict(json.loads(summary))


def test_interrupted_in_a_batch_the_stored_files_are_reported_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write(tmp_path / "in", 5)
    monkeypatch.setattr(pipeline, "parallel_map", _stop_after(3, _ctrl_c))
    seen: list[str] = []
    db = tmp_path / "p.db"
    store = Store.open(db)
    with pytest.raises(IngestInterrupted) as stop:
        pipeline.ingest_paths(store, paths, engine="processes", workers=2, progress=False,
                              on_outcome=lambda o: seen.append(o.status))  # fmt: skip
    n = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    store.close()
    assert n == 3 and seen == ["new"] * 3
    assert stop.value.stored == 3 and isinstance(stop.value, KeyboardInterrupt)
    summary = _summary(db)
    assert summary["new"] == 3 and summary["stored"] == 3 and summary["interrupted"] == 1


def test_cli_says_how_many_were_stored_after_ctrl_c_on_the_processes_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "in", 5)
    monkeypatch.setattr(pipeline, "parallel_map", _stop_after(3, _ctrl_c))
    db = tmp_path / "p.db"
    args = ["--project", str(db), "ingest", "--engine", "processes", "--workers", "2"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "in")])
    assert result.exit_code == 130, result.output
    assert "interrupted after 3 file(s): 3 stored (each whole)" in result.stderr
    monkeypatch.undo()
    again = CliRunner().invoke(cli, [*args[:3], str(tmp_path / "in")])
    assert again.exit_code == 0 and "5 files: 2 new, 0 new version, 3 unchanged" in again.stderr


def test_sigterm_stops_an_ingest_as_ctrl_c_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM (kill, timeout, SLURM) ended the process without a word (F-int-1)."""
    _write(tmp_path / "in", 4)
    term = _stop_after(2, lambda: os.kill(os.getpid(), signal.SIGTERM))
    monkeypatch.setattr(pipeline, "parallel_map", term)
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["--project", str(db), "ingest", str(tmp_path / "in")])
    assert result.exit_code == 128 + signal.SIGTERM, result.output
    assert "interrupted after 2 file(s): 2 stored (each whole)" in result.stderr
    assert _summary(db)["interrupted"] == 1
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back
