"""Every example in the library's docstrings runs and shows what it says.

The examples are the first documentation a reader tries; one that no longer runs misleads
(stop 41's review found a broken one). Each module whose source holds an example is one test.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import normtrace

ROOT = Path(normtrace.__file__).parent


def _modules() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        if ">>>" not in path.read_text(encoding="utf-8"):
            continue
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules()


def test_the_library_has_examples() -> None:
    assert len(MODULES) >= 50, MODULES  # a broken scan would make every case below vanish


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=flags)
    failures: list[str] = []
    for test in finder.find(module, name):
        runner.run(test, out=failures.append)
    assert runner.tries > 0, f"{name} holds '>>>' but no example doctest finds"
    assert runner.failures == 0, "".join(failures)
