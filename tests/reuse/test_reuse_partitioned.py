"""Partitioned reuse (issue 17): the same links as serial, on any engine, resumed after a crash.

Real fixture resolutions (14 files in ``tests/fixtures/reuse``) go into a project;
a serial full run (``update_reuse``) is the reference. Faults are injected by
wrapping the engine's mapper: the wrapped task kills its own worker process once.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from resolution_corpus import resolution_files
from store_helpers import add_resolution

from normtrace.cli.base import Context
from normtrace.cli.reuse import reuse_command
from normtrace.engine import Engine
from normtrace.errors import ReuseError
from normtrace.reuse import partitioned, stages
from normtrace.reuse.links import ReuseParams
from normtrace.reuse.partitioned import serial_mapper
from normtrace.reuse.store_parallel import update_reuse_partitioned
from normtrace.reuse.store_reuse import update_reuse
from normtrace.store.db import Store

# max_df 3 of 14 documents: formulaic shingles, boilerplate flags and formulae occur
PARAMS = ReuseParams(max_df=3)
_LINKS = (
    "SELECT id, source_key, target_key, source_start, source_end, target_start, target_end, "
    "score, words, boilerplate, same_date FROM reuse_links ORDER BY id"
)


@pytest.fixture(scope="module")
def project(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("partitioned") / "base.db"
    store = Store.open(path)
    for f in resolution_files(fixtures_dir / "reuse"):
        add_resolution(store, f)
    store.close()
    return path


@pytest.fixture(scope="module")
def serial(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, ...]:
    path = _copy(project, tmp_path_factory.mktemp("serial") / "serial.db")
    with Store.open(path) as store:
        update_reuse(store, params=PARAMS, full=True)
        return _snapshot(store)


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)
    return target


def _snapshot(store: Store) -> tuple[Any, ...]:
    """Links (with their ids: the insertion order), shingle state, the last run's formulae."""
    links = [tuple(r) for r in store.conn.execute(_LINKS)]
    state = [
        tuple(r)
        for r in store.conn.execute(
            "SELECT unit_key, text_sha256, document, n, shingles FROM reuse_state ORDER BY unit_key"
        )
    ]
    formulae = [tuple(r) for r in store.conn.execute(
        "SELECT text, documents, units FROM reuse_formulae "
        "WHERE run_id = (SELECT max(run_id) FROM reuse_formulae) ORDER BY id")]  # fmt: skip
    return links, state, formulae


def test_partitioned_in_process_equals_serial_even_in_small_chunks(
    project: Path, serial: tuple[Any, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a budget this small cuts each pair partition into many alignment chunks
    monkeypatch.setattr(partitioned, "ALIGN_BYTES_PER_CHAR", 4_000)
    monkeypatch.setattr(partitioned, "CODE_BYTES", 20_000)  # and each hash partition in slices
    prepared: list[tuple[int, int]] = []  # (pair partition, unit) of every unit prepared
    current = [-1]
    real_align, real_indexed = partitioned.align_partition, partitioned._indexed

    def align(task: Any) -> Any:
        current[0] = task.number
        return real_align(task)

    def indexed(folder: Path, plan: Any, spool: Any, units: list[int], vocab: Any) -> Any:
        prepared.extend((current[0], i) for i in units)
        return real_indexed(folder, plan, spool, units, vocab)

    monkeypatch.setattr(stages, "align_partition", align)
    monkeypatch.setattr(partitioned, "_indexed", indexed)
    with Store.open(_copy(project, tmp_path / "p.db")) as store:
        found = update_reuse_partitioned(
            store, mapper=serial_mapper, engine="local", params=PARAMS, workers=3, memory_mb=64
        )
        assert _snapshot(store) == serial
        assert found.reuse.links_added == len(serial[0]) > 100
        assert found.hash_partitions == 6
        # more than four per hash partition: a partition's lower-numbered units fill at most
        # half the (tiny) alignment budget
        assert found.pair_partitions == 83
        # partitions aligned in several chunks each
        assert found.vote_slices > 2 * 6
        assert found.align_chunks > len({q for q, _ in prepared})
        # yet a unit is prepared once per partition, not once per chunk
        assert len(prepared) == len(set(prepared)) > 500
        indexes = store.conn.execute(  # dropped while the links were written, built again
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reuse_links' "
            "AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        assert [r[0] for r in indexes] == [
            "reuse_links_identity",
            "reuse_links_source",
            "reuse_links_target",
        ]
        assert found.reuse.boilerplate_links > 0
        assert serial[2], "the fixture run should report formulae"
        assert not (tmp_path / "p.db.reuse" / f"run-{found.reuse.run_id}").exists()
        run = store.conn.execute(
            "SELECT finished_at, summary FROM runs WHERE id = ?", (found.reuse.run_id,)
        ).fetchone()
        assert run["finished_at"] and '"links_added"' in run["summary"]


def _kill_once(marker: str, stage: str, number: int, func: Callable[[Any], Any], task: Any) -> Any:
    """Run ``func(task)``, but the first time ``stage`` task ``number`` runs, kill this process."""
    if func.__name__ == stage and task.number == number and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(17)
    return func(task)


def _killing(mapper: Callable[..., Iterable[Any]], marker: Path, stage: str, number: int) -> Any:
    def run(func: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        return mapper(functools.partial(_kill_once, str(marker), stage, number, func), tasks)

    return run


def test_killed_process_worker_then_resume_stores_the_same_links_once(
    project: Path, serial: tuple[Any, ...], tmp_path: Path
) -> None:
    path = _copy(project, tmp_path / "k.db")
    marker = tmp_path / "killed"
    with Store.open(path) as store:
        update_reuse(store, params=PARAMS)  # an earlier link set, kept until the rebuild commits
        before = _snapshot(store)
        with Engine("processes", workers=2) as pool, pytest.raises(ReuseError, match="resume"):
            update_reuse_partitioned(
                store, mapper=_killing(pool.unordered, marker, "align_partition", 1),
                params=PARAMS, workers=2,
            )  # fmt: skip
        assert marker.exists()
        assert _snapshot(store) == before  # nothing half-written
        with Engine("processes", workers=2) as pool:
            found = update_reuse_partitioned(store, mapper=pool.unordered, params=PARAMS, workers=2)
        assert found.resumed["index"] == found.batches  # indexing was not redone
        assert found.resumed["candidates"] == found.hash_partitions
        links, state, formulae = _snapshot(store)
    assert [r[1:] for r in links] == [r[1:] for r in serial[0]]
    assert (state, formulae) == serial[1:]
    unfinished = sqlite3.connect(path).execute(
        "SELECT COUNT(*) FROM runs WHERE stage = 'reuse' AND finished_at IS NULL"
    )
    assert unfinished.fetchone()[0] == 0  # the interrupted run was the one finished


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_dask_worker_killed_mid_run_is_replaced_and_links_equal_serial(
    project: Path, serial: tuple[Any, ...], tmp_path: Path
) -> None:
    import cloudpickle

    # the task wrapper lives in this test module, which Dask workers cannot import
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "killed"
    try:
        with Store.open(_copy(project, tmp_path / "d.db")) as store:
            with Engine("dask", workers=2, memory_mb=1024) as pool:
                found = update_reuse_partitioned(
                    store, mapper=_killing(pool.unordered, marker, "candidate_partition", 0),
                    engine="dask", params=PARAMS, workers=2,
                )  # fmt: skip
            assert marker.exists()  # a worker did die; the scheduler ran its task again
            assert _snapshot(store)[0] == serial[0]
            assert found.worker_peak_mb and found.driver_peak_mb > 0
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def test_cli_engine_processes(project: Path, serial: tuple[Any, ...], tmp_path: Path) -> None:
    path = _copy(project, tmp_path / "c.db")
    ctx, runner = Context(str(path), False), CliRunner()
    args = ["--max-df", "3", "--engine", "processes", "--workers", "2", "--memory-mb", "256"]
    result = runner.invoke(reuse_command, args, obj=ctx)
    assert result.exit_code == 0, result.output
    assert "processes: " in result.output and "peak MB per worker" in result.output
    with Store.open(path) as store:
        assert _snapshot(store)[0] == serial[0]
    bad = runner.invoke(reuse_command, ["--scheduler", "tcp://127.0.0.1:1"], obj=ctx)
    assert bad.exit_code != 0 and "--scheduler needs --engine dask" in bad.output


def test_a_killed_tasks_leftover_temporary_marker_is_not_counted(tmp_path: Path) -> None:
    """A task killed while writing its marker leaves at most an empty temporary file; the
    resumed run's totals read only the finished markers (a leftover ``align-00001.tmpPID``
    once crashed the resume with ``int('')``)."""
    partitioned.mark_done(tmp_path, "align", 0, 5)
    partitioned.mark_done(tmp_path, "align", 2, 7)
    (tmp_path / "done" / "align-00001.tmp4242").write_text("")  # the old name of a leftover
    (tmp_path / "done" / ".align-00003.tmp4243").write_text("")  # the new one
    assert partitioned.done_total(tmp_path, "align") == 12
    assert partitioned.done_total(tmp_path, "index") == 0
    assert sorted(p.name for p in (tmp_path / "done").glob("align-0*")) == [
        "align-00000", "align-00001.tmp4242", "align-00002"]  # fmt: skip


def test_temporary_files_of_a_killed_task_match_no_readers_pattern(tmp_path: Path) -> None:
    """Every intermediate file is written under a hidden temporary name, then renamed: the
    readers' patterns (``b*.npz``, ``p*.npz``, ``align-*``) never see a half-written file."""
    seen: list[str] = []
    original = Path.replace

    def spy(self: Path, target: Any) -> Any:
        seen.append(self.name)
        return original(self, target)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "replace", spy)
        partitioned._save_npz(tmp_path / "postings" / "p0000" / "b00001.npz", a=np.arange(3))
        partitioned._save_raw(tmp_path / "words" / "w00001.bin", b"x")
        partitioned.mark_done(tmp_path, "align", 1, 3)
    assert len(seen) == 3 and all(name.startswith(".") for name in seen)
    assert [p.name for p in (tmp_path / "postings" / "p0000").glob("b*.npz")] == ["b00001.npz"]
