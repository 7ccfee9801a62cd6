"""Run the workbench with uvicorn on a background thread (tests, benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
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

    For example ``with background_server(create_app("p.db")) as url:`` then
    ``httpx.get(url + "/login")``.
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
    """A workbench in its own process (own GIL, can be killed mid-write).

    Its standard error goes to a temporary file, not a pipe: nobody reads a pipe while the
    server runs, and a server that logged more than the pipe holds (64 KiB of tracebacks)
    would block on its next write and stop answering. :meth:`log` reads the file.
    """

    def __init__(self, project: str | os.PathLike[str], *, host: str = "127.0.0.1") -> None:
        self.port = free_port(host)
        self.url = f"http://{host}:{self.port}"
        command = [sys.executable, "-m", "normtrace.web", "--project", str(Path(project))]
        command += ["--host", host, "--port", str(self.port)]
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop or kill)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._stderr)
        self._wait_ready()

    def log(self, limit: int = 64 * 1024) -> str:
        """The last ``limit`` bytes the server wrote to standard error."""
        if self._stderr.closed:
            return ""
        size = self._stderr.seek(0, os.SEEK_END)
        self._stderr.seek(max(0, size - limit))
        return self._stderr.read().decode(errors="replace")

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WebError(f"the workbench process exited: {self.log().strip()[-500:]}")
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
        self._stderr.close()
