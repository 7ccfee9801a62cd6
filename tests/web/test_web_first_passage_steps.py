"""The tutorial's numbered first-passage steps and ``benchmarks/first_passage.py`` agree.

The benchmark does the steps for real (slow: it runs the demo); here only its plan is read,
so a step added to or dropped from either side fails at once. Counting every action is
issue 15's rule: each command, each password at a prompt, each typed entry, key and click.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "first_passage", ROOT / "benchmarks" / "first_passage.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_does_the_tutorials_steps() -> None:
    bench = _benchmark()
    written = bench.tutorial_steps()
    kinds = [kind for kind, _, _ in bench.STEPS]
    assert len(written) == len(kinds) == 16
    # the two password prompts of `serve --admin` are steps of their own, and no field is
    # clicked before typing: the pages' autofocus puts the cursor there
    assert sum(1 for w in written if "Password (at least 8 characters)" in w) == 1
    assert sum(1 for w in written if "Repeat for confirmation" in w) == 1
    assert not any("click" in w.lower() and "field" in w.lower() for w in written)
    commands = [w for w in written if w.startswith("Type `") and "and press Enter" in w]
    assert kinds.count("command") == len(commands) == 1
    assert set(kinds) <= set(bench.PACE)
    # the prompt the tutorial quotes is the one the CLI prints
    cli = (ROOT / "src" / "normtrace" / "cli" / "web.py").read_text(encoding="utf-8")
    assert 'f"Password (at least {MIN_PASSWORD} characters)"' in cli
