"""Run the workbench with uvicorn on a background thread (tests, benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from normtrace.errors import WebError


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def background_server(
    app: FastAPI, *, host: str = "127.0.0.1", port: int | None = None
) -> Iterator[str]:
    """Serve ``app`` on a thread for the ``with`` block; yields the base URL.

    >>> # with background_server(create_app("p.db")) as url: httpx.get(url + "/login")
    """
    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="normtrace-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise WebError(f"the workbench did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


class ServerProcess:
    """A workbench in its own process (own GIL, can be killed mid-write)."""

    def __init__(self, project: str | os.PathLike[str], *, host: str = "127.0.0.1") -> None:
        self.port = free_port(host)
        self.url = f"http://{host}:{self.port}"
        command = [sys.executable, "-m", "normtrace.web", "--project", str(Path(project))]
        command += ["--host", host, "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise WebError(f"the workbench process exited: {err.strip()[-500:]}")
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self.kill()
        raise WebError(f"the workbench process did not answer on {self.url}")

    def stop(self) -> None:
        """Shut down gracefully (SIGTERM), waiting for the process to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self._close()

    def kill(self) -> None:
        """Kill the process at once (SIGKILL), as a crash would."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        if self.process.stderr is not None:
            self.process.stderr.close()
