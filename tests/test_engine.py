"""Parallel engines give exactly what the in-process run gives (real fixtures)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from normtrace import Project
from normtrace.engine import parallel_map
from normtrace.errors import ConfigError

FIX = Path(__file__).parent / "fixtures" / "pipeline"


def _snapshot(path: Path, engine: str, workers: int, corpus: Path) -> tuple[object, ...]:
    with Project(path) as project:
        report = project.ingest([corpus], engine=engine, workers=workers)
        docs = [
            (d["symbol"], d["edition"], d["paragraphs"], d["speeches"]) for d in project.documents()
        ]
        units = [(p["key"], p["text"]) for p in project.paragraphs()]
        speeches = [(s["key"], s["speaker"], s["text"]) for s in project.speeches()]
    return tuple(o.status for o in report.outcomes), docs, units, speeches


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIX, folder)
    (folder / "synthetic-empty.pdf").write_bytes(b"")  # SYNTHETIC bad file: must fail the same
    return folder


def test_processes_engine_equals_local(tmp_path: Path, corpus: Path) -> None:
    local = _snapshot(tmp_path / "a.db", "local", 1, corpus)
    pooled = _snapshot(tmp_path / "b.db", "processes", 2, corpus)
    assert local == pooled
    assert local[0].count("failed") == 1


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_dask_engine_equals_local(tmp_path: Path, corpus: Path) -> None:
    assert _snapshot(tmp_path / "a.db", "local", 1, corpus) == _snapshot(
        tmp_path / "c.db", "dask", 2, corpus
    )


def test_unknown_engine_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="choose one of local, processes, dask"):
        list(parallel_map(abs, [1], engine="spark"))
