"""CLI behaviour a new user met (issue 12): closed pipes, project paths.

The documents here are SYNTHETIC (symbols SYN/n, made-up text), not UN documents.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import normtrace
from normtrace.cli import cli
from normtrace.store.db import Store
from synthetic_docs import insert_document

SRC = str(Path(normtrace.__file__).resolve().parent.parent)


def synthetic_project(path: Path, docs: int = 3) -> Path:
    """A project file holding ``docs`` SYNTHETIC resolutions with one paragraph each."""
    store = Store.open(path)
    with store.transaction() as conn:
        for d in range(1, docs + 1):
            text = "Synthetic text on item one."
            insert_document(conn, f"SYN/{d}", [(f"SYN/{d}/op1", "op", text)])
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
    assert done.returncode == 141  # 128 + SIGPIPE, as a shell reports for `ls | head`


READERS = [
    ["ls"],
    ["show", "SYN/1"],
    ["search", "item"],
    ["export", "documents"],
    ["freq"],
    ["code", "list"],
    ["code", "next", "--codebook", "synth", "--code", "poc"],
    ["code", "suggest", "--codebook", "synth"],
    ["code", "apply"],
    ["serve"],  # without --admin: only `serve --admin NAME` starts a project in the browser
    ["users", "list"],
    ["users", "add", "ann", "--password-stdin"],
    ["users", "passwd", "ann", "--password-stdin"],
    ["users", "deactivate", "ann"],
]


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("via_env", [False, True])
def test_a_missing_project_is_refused_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], via_env: bool
) -> None:
    typo = tmp_path / "projetc.db"  # the user meant project.db
    if via_env:
        monkeypatch.setenv("NORMTRACE_PROJECT", str(typo))
    result = CliRunner().invoke(cli, [*(() if via_env else ("--project", str(typo))), *args])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: no project at {typo};") and "`normtrace ingest" in line
    assert not typo.exists()


def test_ingest_still_creates_the_project(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    source.mkdir()
    (source / "note.txt").write_text("SYNTHETIC. The Council met and noted item one.\n")
    project = tmp_path / "new" / "p.db"
    result = CliRunner().invoke(cli, ["--project", str(project), "ingest", str(source)])
    assert project.exists(), result.output
    result = CliRunner().invoke(cli, ["--project", str(project), "ls"])
    assert result.exit_code == 0, result.output
