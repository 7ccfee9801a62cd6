"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """../shared (or $NORMTRACE_SHARED); exit with a message when absent."""
    path = Path(os.environ.get("NORMTRACE_SHARED", ROOT.parent / "shared"))
    if not (path / "corpus").is_dir():
        print(f"skipped: ../shared data not found at {path} (set NORMTRACE_SHARED)")
        sys.exit(0)
    return path


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """The fastest of ``repeats`` timed calls, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def copy_project(source: Path, target: Path) -> Path:
    """A consistent copy of the project ``source`` at ``target``, read through a read-only
    connection with SQLite's backup API (the original is never written)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target
