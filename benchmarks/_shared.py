"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
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
