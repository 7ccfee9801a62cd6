"""An engine counts as started only once its pool or cluster exists: a start that fails
leaves every later map of the block failing (never quietly in this process), and a Ctrl-C
while a local Dask cluster starts closes what was built (no worker process left behind for
a long-lived caller: the web server, a notebook)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace
from typing import Any

import pytest

from normtrace import engine as engine_module
from normtrace.engine import Engine
from normtrace.errors import ConfigError

needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask not installed"
)


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise OSError("SYNTHETIC: connection refused\nsecond line of detail")


@pytest.mark.parametrize("scheduler", [None, "tcp://127.0.0.1:9"])
def test_a_map_after_a_failed_start_fails_too(
    monkeypatch: pytest.MonkeyPatch, scheduler: str | None
) -> None:
    fake = SimpleNamespace(LocalCluster=_refused, Client=_refused)
    monkeypatch.setattr(engine_module, "_distributed", lambda: fake)
    ran: list[int] = []

    def note(item: int) -> int:
        ran.append(item)
        return item

    with Engine("dask", workers=2, scheduler=scheduler, lazy=True) as pool:
        with pytest.raises(ConfigError) as first:
            list(pool.ordered(note, [1, 2]))
        message = str(first.value)
        assert "\n" not in message
        assert "the dask engine did not start" in message and "SYNTHETIC" in message
        assert (scheduler or "a local cluster") in message
        for again in (lambda: list(pool.ordered(note, [3])),
                      lambda: list(pool.unordered(note, [4]))):  # fmt: skip
            with pytest.raises(ConfigError, match="did not start in this block"):
                again()
    assert ran == [], "no item may run in this process after a failed start"
    again_pool = Engine("dask", workers=2, scheduler=scheduler, lazy=True)
    with again_pool, pytest.raises(ConfigError, match="the dask engine did not start on"):
        list(again_pool.ordered(note, [5]))  # a new block tries again


def test_a_failed_process_pool_start_fails_every_map(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _refused)
    eager = Engine("processes", workers=2)  # not lazy: the pool starts on entering
    with pytest.raises(ConfigError, match="processes engine did not start on a local process pool"):
        eager.__enter__()
    with Engine("processes", workers=2, lazy=True) as pool:
        with pytest.raises(ConfigError, match="did not start on a local process pool"):
            list(pool.ordered(abs, [-1]))
        with pytest.raises(ConfigError, match="did not start in this block"):
            list(pool.ordered(abs, [-2]))


#: run in a child process of its own: the test's SIGINT must meet Python's default handler
#: and no other test's threads or clusters (under ``make test`` an xdist worker did not
#: raise it)
CTRL_C = """
import signal, threading, sys
import distributed, psutil
from distributed import SpecCluster
from normtrace.engine import Engine
from normtrace.errors import ConfigError

pids = []

class Interrupting(distributed.Nanny):
    async def start_unsafe(self):
        started = await super().start_unsafe()
        pids.append(self.pid)  # the worker process it started
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        return started

real = distributed.LocalCluster
built = []  # a cluster whose constructor returned

def local_cluster(**kwargs):
    built.append(real(**kwargs, worker_class=Interrupting))
    return built[-1]

distributed.LocalCluster = local_cluster
children = {p.pid for p in psutil.Process().children(recursive=True)}
with Engine("dask", workers=1, lazy=True) as pool:
    try:
        list(pool.ordered(abs, [-1]))
        print("not interrupted; signals sent:", len(pids))
        sys.exit(0)
    except KeyboardInterrupt:
        pass
    # an interrupted constructor hands nothing back: distributed's registry knows it
    made = built + [c for c in SpecCluster._instances if not any(c is b for b in built)]
    assert len(made) == 1 and len(pids) == 1, "the interrupt came before the worker ran"
    assert str(made[0].status.name) == "closed", "the interrupted cluster is left running"
    try:
        list(pool.ordered(abs, [-2]))
        sys.exit("a map after the interrupted start ran")
    except ConfigError as exc:
        assert "did not start in this block" in str(exc), exc
left = []
for child in psutil.Process().children(recursive=True):
    try:
        if child.pid in children or child.status() == psutil.STATUS_ZOMBIE:
            continue
        line = child.cmdline()
    except psutil.NoSuchProcess:
        continue
    if not any("resource_tracker" in part or "forkserver" in part for part in line):
        left.append(line)
assert left == [], left
assert not psutil.pid_exists(pids[0]) or psutil.Process(pids[0]).status() == "zombie"
print("closed")
"""


@needs_dask
def test_ctrl_c_while_the_local_cluster_starts_leaves_no_worker_process() -> None:
    """A real local cluster of one worker process; Ctrl-C (SIGINT to the main thread) arrives
    once the worker process runs, while the cluster is still starting."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", CTRL_C], capture_output=True, text=True, timeout=180
    )
    if done.returncode == 0 and done.stdout.startswith("not interrupted"):
        # twice under a loaded `make test` the start finished with no interrupt raised (a race
        # of the signal with the start this scenario cannot order): nothing was tested
        pytest.skip(f"the SIGINT did not interrupt the start ({done.stdout.strip()})")
    assert done.returncode == 0 and done.stdout.strip().endswith("closed"), done.stderr[-2000:]
