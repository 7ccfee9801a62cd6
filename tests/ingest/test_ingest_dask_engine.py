"""``ingest --engine dask``: one cluster for the whole run (not one per batch), closed at its
end, on an error and on Ctrl-C; the OCR cap travels to the workers as an argument. The
cluster is Dask's own ``LocalCluster`` with its workers in threads of this process (quick to
start); the engine's code around it is the one ``normtrace ingest`` runs. SYNTHETIC
resolutions (invented symbols S/RES/9921 (2031) ...)."""

from __future__ import annotations

import importlib.util
import pickle
import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normtrace import pipeline
from normtrace.cli import cli
from normtrace.engine import Engine
from normtrace.ingest.interrupt import IngestInterrupted
from normtrace.store.db import Store
from synthetic_resolution import write_many

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask not installed"
)


def _write(folder: Path, count: int) -> list[Path]:
    """``count`` SYNTHETIC resolutions S/RES/9921 (2031), 9922 ... one file each."""
    return write_many(folder, 9921, count)


@pytest.fixture()
def clusters(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every local cluster the dask engine starts, in order (threads of this process)."""
    import distributed

    started: list[Any] = []
    real = distributed.LocalCluster

    def local_cluster(**kwargs: Any) -> Any:
        cluster = real(n_workers=kwargs["n_workers"], threads_per_worker=1, processes=False,
                       dashboard_address=":0")  # fmt: skip
        started.append(cluster)
        return cluster

    monkeypatch.setattr(distributed, "LocalCluster", local_cluster)
    monkeypatch.setattr(pipeline, "BATCH", 2)  # five files: three batches
    yield started
    for cluster in started:  # none left running if a test failed half-way
        cluster.close()


def _closed(cluster: Any) -> bool:
    return str(cluster.status.name) == "closed"


def _project(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("SELECT symbol, version, is_current FROM documents ORDER BY id")
        units = conn.execute("SELECT key, kind, text FROM paragraphs ORDER BY id")
        return docs.fetchall(), units.fetchall()
    finally:
        conn.close()


def test_one_cluster_for_the_whole_run_and_the_same_project_as_local(
    tmp_path: Path, clusters: list[Any]
) -> None:
    paths = _write(tmp_path / "in", 5)
    with Store.open(tmp_path / "local.db") as store:
        local = pipeline.ingest_paths(store, paths, progress=False)
    with Store.open(tmp_path / "dask.db") as store:
        dask = pipeline.ingest_paths(store, paths, progress=False, engine="dask", workers=2)
    assert len(clusters) == 1, "one cluster per run, not one per batch of files"
    assert _closed(clusters[0])
    assert [o.status for o in dask.outcomes] == [o.status for o in local.outcomes] == ["new"] * 5
    assert _project(tmp_path / "dask.db") == _project(tmp_path / "local.db")
    assert len(_project(tmp_path / "dask.db")[1]) > 5 * 3
    with Store.open(tmp_path / "dask.db") as store:  # all stored already: nothing to parse
        again = pipeline.ingest_paths(store, paths, progress=False, engine="dask", workers=2)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 5
    assert len(clusters) == 1, "a run with nothing to parse starts no cluster"


def test_ctrl_c_closes_the_cluster_and_counts_what_was_stored(
    tmp_path: Path, clusters: list[Any]
) -> None:
    paths = _write(tmp_path / "in", 5)
    seen: list[str] = []

    def stop_after_three(outcome: pipeline.FileOutcome) -> None:
        seen.append(outcome.status)
        if len(seen) == 3:  # Ctrl-C while the workers parse the next batch
            raise KeyboardInterrupt

    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(IngestInterrupted) as stop:
            pipeline.ingest_paths(store, paths, progress=False, engine="dask", workers=2,
                                  on_outcome=stop_after_three)  # fmt: skip
        n = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert stop.value.stored == 3 == n and stop.value.reported == 3
    assert len(clusters) == 1 and _closed(clusters[0])


def test_an_error_closes_the_cluster(tmp_path: Path, clusters: list[Any]) -> None:
    paths = _write(tmp_path / "in", 5)

    def fail(outcome: pipeline.FileOutcome) -> None:
        raise RuntimeError("SYNTHETIC failure of the caller")

    with Store.open(tmp_path / "p.db") as store, pytest.raises(RuntimeError, match="SYNTHETIC"):
        pipeline.ingest_paths(store, paths, progress=False, engine="dask", workers=2,
                              on_outcome=fail)  # fmt: skip
    assert len(clusters) == 1 and _closed(clusters[0])


def test_a_lazy_engine_starts_nothing_until_its_first_map(clusters: list[Any]) -> None:
    with Engine("dask", workers=1, lazy=True) as pool:
        assert clusters == []
        assert list(pool.ordered(abs, [-1, 2, -3])) == [1, 2, 3]
        assert list(pool.ordered(abs, [-4])) == [4]
    assert len(clusters) == 1 and _closed(clusters[0])


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[Callable[..., Any]]:
    """The work functions the ingest hands to its engine, each after a pickle round trip
    (how it reaches a worker in another process)."""
    sent: list[Callable[..., Any]] = []
    real = pipeline.parallel_map

    def parallel_map(func: Callable[..., Any], items: Any, **kwargs: Any) -> Iterator[Any]:
        sent.append(pickle.loads(pickle.dumps(func)))
        return real(func, items, **kwargs)

    monkeypatch.setattr(pipeline, "parallel_map", parallel_map)
    return sent


@pytest.mark.parametrize(
    ("options", "jobs"),
    [
        (["--engine", "dask", "--workers", "2"], 1),  # one Tesseract per worker
        (["--engine", "processes", "--workers", "2"], 1),
        (["--workers", "3"], 3),  # the local engine: --workers Tesseracts at once
        ([], None),  # no --workers: min(CPUs, 8)
    ],
)
def test_the_ocr_cap_travels_with_each_file_to_the_workers(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clusters: list[Any],
    options: list[str],
    jobs: int | None,
) -> None:
    _write(tmp_path / "in", 3)
    sent = _spy(monkeypatch)
    args = ["--project", str(tmp_path / "p.db"), "ingest", *options, str(tmp_path / "in")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert sent, "no file was handed to the engine"
    for func in sent:
        assert isinstance(func, partial) and func.func is pipeline.parse_or_error
        assert func.keywords["jobs"] == jobs


def test_parse_or_error_hands_its_jobs_to_the_ocr(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pages of a real scanned report (no text layer); the OCR itself is replaced."""
    from normtrace.errors import ExtractionError
    from normtrace.ingest import ocr
    from normtrace.ingest.source import read_source

    asked: list[int | None] = []

    def recognize(*args: Any, path: str, jobs: int | None = None, **kwargs: Any) -> list[Any]:
        asked.append(jobs)
        raise ExtractionError("SYNTHETIC: no OCR here", path=path)

    monkeypatch.setattr(ocr, "recognize_pages", recognize)
    monkeypatch.setattr(ocr, "tesseract_version", lambda: "tesseract 5.3.0")
    source = read_source(fixtures_dir / "ocr" / "UNMISET_S_2005_310_p1-2.pdf")
    for jobs in (1, None):
        parsed = pipeline.parse_or_error(source, "auto", None, jobs)
        assert parsed.error is not None and "SYNTHETIC: no OCR here" in parsed.error
    assert asked == [1, None]


def test_files_go_to_the_workers_a_few_per_task_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clusters: list[Any]
) -> None:
    """Dask's scheduler costs milliseconds of this process's CPU per task: the files go
    CHUNK to a task (5 files, one batch: 2 tasks, not 5), and come back in their order."""
    monkeypatch.setattr(pipeline, "BATCH", 64)
    sizes: list[int] = []
    real = Engine._dask_submit

    def submit(self: Engine, func: Callable[..., Any], group: list[Any]) -> Any:
        sizes.append(len(group))
        return real(self, func, group)

    monkeypatch.setattr(Engine, "_dask_submit", submit)
    paths = _write(tmp_path / "in", 5)
    with Store.open(tmp_path / "p.db") as store:
        report = pipeline.ingest_paths(store, paths, progress=False, engine="dask", workers=2)
    assert sizes == [pipeline.CHUNK, 5 - pipeline.CHUNK] == [4, 1]
    assert [o.symbol for o in report.outcomes] == [f"S/RES/{n} (2031)" for n in range(9921, 9926)]


@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_ordered_in_chunks_keeps_the_input_order(engine: str, clusters: list[Any]) -> None:
    items = list(range(-11, 0))
    with Engine(engine, workers=2) as pool:
        for chunk in (1, 3, 4, 11, 20):
            assert list(pool.ordered(abs, iter(items), chunk=chunk)) == [abs(i) for i in items]
