"""A parallel ingest sends a few files to each task, bounded by bytes as well as by count:
a task's arguments travel through Dask's scheduler, which warns of a "large graph" above
``distributed.admin.large-graph-warning-threshold`` (10 MB; four 2.6 MB report PDFs pass
it). Here the threshold and the bound are scaled down to SYNTHETIC resolutions of ~30 kB
(invented symbols S/RES/9941 (2031) ...); the cluster's workers are threads of this
process."""

from __future__ import annotations

import importlib.util
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from normtrace import pipeline
from normtrace.engine import Engine, _chunks, parallel_map
from normtrace.store.db import Store
from synthetic_resolution import TEXT

needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask not installed"
)
PADDING = "".join(
    f"Recalling its SYNTHETIC decision number {n} on the invented region and its made-up people,\n"
    for n in range(320)
)  # about 30 kB: four files are over the warning's threshold below, two are not


def test_chunks_end_before_the_item_that_would_pass_the_bytes() -> None:
    sizes = [3, 3, 3, 10, 1, 1, 1, 1, 1]
    groups = list(_chunks(iter(sizes), 4, size=lambda n: n, most=8))
    assert groups == [[3, 3], [3], [10], [1, 1, 1, 1], [1]]  # 10 alone: over the bound
    assert list(_chunks(iter(sizes), 4)) == [[3, 3, 3, 10], [1, 1, 1, 1], [1]]  # count only
    assert list(_chunks(iter(sizes), 4, size=lambda n: n, most=0)) == list(_chunks(sizes, 4))
    assert list(_chunks(iter([9, 9]), 4, size=lambda n: n, most=8)) == [[9], [9]]


def test_a_process_pool_keeps_the_order_with_a_bytes_bound() -> None:
    items = [-5, 1, -12, 3, -1, -1, 7, -20, 2, -2, 1]
    for most in (1, 4, 8, 30):
        got = parallel_map(abs, iter(items), engine="processes", workers=2, chunk=4,
                           size=abs, chunk_bytes=most)  # fmt: skip
        assert list(got) == [abs(i) for i in items]


def _write(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(9941, 9941 + count):
        council = "The Security Council,\n"
        text = TEXT.replace("9901", str(n)).replace(council, council + PADDING)
        path = folder / f"S-RES-{n}(2031).txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture()
def clusters(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every local cluster the dask engine starts (threads of this process), closed after."""
    import distributed

    started: list[Any] = []
    real = distributed.LocalCluster

    def local_cluster(**kwargs: Any) -> Any:
        started.append(real(n_workers=kwargs["n_workers"], threads_per_worker=1,
                            processes=False, dashboard_address=":0"))  # fmt: skip
        return started[-1]

    monkeypatch.setattr(distributed, "LocalCluster", local_cluster)
    yield started
    for cluster in started:
        cluster.close()


def _units(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT key, kind, text FROM paragraphs ORDER BY id").fetchall()
    finally:
        conn.close()


@needs_dask
def test_no_task_carries_more_file_bytes_than_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clusters: list[Any]
) -> None:
    import dask

    paths = _write(tmp_path / "in", 5)
    each = paths[0].stat().st_size
    assert 25_000 < each < 35_000
    sent: list[list[int]] = []  # each task's files' bytes
    real: Callable[..., Any] = Engine._dask_submit

    def submit(self: Engine, func: Callable[..., Any], group: list[Any]) -> Any:
        sent.append([len(source.data) for source in group])
        return real(self, func, group)

    monkeypatch.setattr(Engine, "_dask_submit", submit)

    def ingest(name: str, engine: str) -> tuple[list[str], list[str]]:
        with (
            dask.config.set({"distributed.admin.large-graph-warning-threshold": "80kB"}),
            warnings.catch_warnings(record=True) as caught,
            Store.open(tmp_path / name) as store,
        ):
            warnings.simplefilter("always")
            report = pipeline.ingest_paths(store, paths, progress=False, engine=engine,
                                           workers=2)  # fmt: skip
        large = [str(w.message) for w in caught if "Sending large graph" in str(w.message)]
        return [o.status for o in report.outcomes], large

    local, _ = ingest("local.db", "local")
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 0, raising=False)  # no bound: the control
    statuses, large = ingest("unbounded.db", "dask")
    assert sent[0] == [each] * 4 and large, "the threshold is too high for the test to fail"
    sent.clear()
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 64_000, raising=False)
    statuses, large = ingest("dask.db", "dask")
    assert large == []
    assert [len(group) for group in sent] == [2, 2, 1]
    assert all(sum(group) <= 64_000 for group in sent)
    assert statuses == local == ["new"] * 5
    assert _units(tmp_path / "dask.db") == _units(tmp_path / "local.db")
    assert len(_units(tmp_path / "local.db")) > 5 * 3
