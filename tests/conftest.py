"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared_dir() -> Path:
    env = os.environ.get("NORMTRACE_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data folder; tests that need it skip when it is absent."""
    path = _shared_dir()
    if not (path / "corpus").is_dir():
        pytest.skip(f"../shared data not found at {path}; set NORMTRACE_SHARED to run this test")
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES
