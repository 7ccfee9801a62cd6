"""CLI behaviour a new user met (issue 12): closed pipes, project paths.

The documents here are SYNTHETIC (symbols SYN/n, made-up text), not UN documents.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import normtrace
from normtrace.store.db import Store

SRC = str(Path(normtrace.__file__).resolve().parent.parent)


def synthetic_project(path: Path, docs: int = 3) -> Path:
    """A project file holding ``docs`` SYNTHETIC resolutions with one paragraph each."""
    store = Store.open(path)
    with store.transaction() as conn:
        for d in range(1, docs + 1):
            cur = conn.execute(
                "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                "VALUES (?, 'resolution', '2001-01-01', 2001, 'test')",
                (f"SYN/{d}",),
            )
            conn.execute(
                "INSERT INTO paragraphs (document_id, key, kind, ord, text) "
                "VALUES (?, ?, 'op', 0, 'Synthetic text on item one.')",
                (int(cur.lastrowid or 0), f"SYN/{d}/op1"),
            )
    store.close()
    return path


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``normtrace ARGS`` with standard output a pipe whose reader has already gone
    (as when ``head`` has read enough), so its first write fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "normtrace", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": SRC},
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [
        ["ls"],  # click.echo: flushed on each line
        ["export", "documents", "--format", "csv"],  # buffered: fails on the flush at exit
    ],
)
def test_a_closed_pipe_on_stdout_ends_the_command_quietly(tmp_path: Path, args: list[str]) -> None:
    project = synthetic_project(tmp_path / "p.db")
    done = run_into_closed_pipe("--project", str(project), *args)
    err = done.stderr.decode()
    assert "error" not in err.lower() and "Traceback" not in err and "Exception" not in err
    assert "Broken pipe" not in err and "BrokenPipe" not in err
    assert done.returncode == 1  # as Python's documentation recommends for EPIPE
