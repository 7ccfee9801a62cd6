"""Safety under load and crashes: no acknowledged write is lost, none is stored twice.

The 60-second load test is ``benchmarks/load_web.py``; here it runs for 5 seconds.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from web_support import PASSWORD

from normtrace.store.db import Store
from normtrace.web.server import ServerProcess

ROOT = Path(__file__).resolve().parents[2]


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_web", ROOT / "benchmarks" / "load_web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_web"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_twenty_coders_for_five_seconds_lose_nothing(tmp_path: Path) -> None:
    """Correctness only (latency is the benchmark's): however slow a saturated machine
    makes the server, every coder signs in before the clock starts and sends at least two
    writes; every acknowledged write is stored once, nothing twice, and nothing is stored
    that was neither acknowledged nor in doubt (sent when the connection failed)."""
    load = _load_module()
    project = load.prepare(tmp_path, 20)
    report = load.run_load(project, coders=20, seconds=5, min_writes=2)
    assert report.errors == 0, report.error_samples  # no 4xx/5xx for any read, write, search
    assert report.acknowledged + report.conflicts + report.transport_errors >= 40
    assert report.acknowledged > 0
    assert (report.missing, report.duplicated, report.mismatched) == (0, 0, 0)
    assert report.unacknowledged_in_db == 0
    assert report.reads.n > 0


def _hammer(url: str, stop: threading.Event, acked: list[int], name: str) -> None:
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            signed = client.post("/api/login", json={"name": name, "password": PASSWORD})
            client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
            start = 0
            while not stop.is_set():
                body = {"unit_key": "S/PV.8703/s002", "code": "poc", "start": start,
                        "end": start + 3}  # fmt: skip
                response = client.post("/api/codings", json=body)
                if response.status_code == 201:
                    acked.append(int(response.json()["id"]))
                start += 1
    except httpx.HTTPError:
        return  # the server was killed under us: what was acknowledged is in `acked`


def test_the_server_process_logs_to_a_file_not_an_unread_pipe(project: Path) -> None:
    """A pipe nobody reads blocks the server once it holds 64 KiB: a run of logged errors
    (a traceback each) made every coder of the load test wait for ever."""
    server = ServerProcess(project)
    try:
        assert server.process.stderr is None  # inherited a file, not a pipe
        assert httpx.get(server.url + "/login", timeout=10).status_code == 200
        assert isinstance(server.log(), str)
    finally:
        server.stop()
    assert server.log() == ""  # closed with the process


@pytest.mark.slow
def test_killing_the_server_mid_write_leaves_the_project_consistent(project: Path) -> None:
    server = ServerProcess(project)
    stop = threading.Event()
    acked: list[list[int]] = [[], []]
    writers = [
        threading.Thread(target=_hammer, args=(server.url, stop, acked[i], name))
        for i, name in enumerate(("alice", "bob"))
    ]
    for w in writers:
        w.start()
    deadline = time.monotonic() + 20
    while sum(map(len, acked)) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # SIGKILL: no shutdown handler runs, as in a crash
    stop.set()
    for w in writers:
        w.join()
    done = {i for ids in acked for i in ids}
    assert len(done) >= 40
    with sqlite3.connect(project) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {r[0] for r in conn.execute("SELECT id FROM coding_events WHERE action = 'code'")}
    assert done <= stored, "every acknowledged write survives the crash"
    assert len(stored - done) <= 2, "at most the writes in flight, one per writer"
    with Store.open(project) as store:
        assert store.schema_version() >= 3
