"""Quick commands start light: the command line imports click and its own modules, and each
command imports the library it calls when it runs, so ``--help``, ``code list`` or
``code judge`` load no NumPy, scikit-learn, Matplotlib, FastAPI or Dask (a new user
measured about 2 s a call; ``benchmarks/bench_cli_startup.py`` times them).

What a command loaded is read from ``sys.modules`` in a fresh interpreter after it ran, not
timed: the test holds on a loaded machine. The project is SYNTHETIC (``synthetic_coding``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import normtrace
from normtrace.store.db import Store
from synthetic_coding import make_project, plant_suggestion

SRC = str(Path(normtrace.__file__).resolve().parent.parent)

#: libraries no quick command needs (each one costs from 0.1 s, NumPy, to 1.5 s, scikit-learn)
HEAVY = (
    "numpy", "scipy", "sklearn", "matplotlib", "fastapi", "starlette", "jinja2", "uvicorn",
    "dask", "distributed", "pypdfium2", "openpyxl", "tqdm", "yaml", "ahocorasick", "rapidfuzz",
    "multiprocessing",
)  # fmt: skip
#: the heaviest, which no command that only reads or counts loads
HEAVIEST = ("sklearn", "scipy", "matplotlib", "fastapi", "dask", "distributed")

#: runs ``normtrace ARGS`` (the console script's ``main``) and prints, after it, the
#: top-level packages then loaded
_PROBE = """
import json, sys
from normtrace.cli import main
try:
    main()
except SystemExit as exc:
    status = exc.code or 0
else:
    status = 0
loaded = sorted({m.split(".")[0] for m in sys.modules} | set(sys.modules))
sys.stderr.write("\\nPROBE " + json.dumps({"status": status, "loaded": loaded}) + "\\n")
"""


def loaded_by(*args: str) -> set[str]:
    """The modules loaded by ``normtrace ARGS`` in a fresh interpreter (it must succeed)."""
    env = {**os.environ, "PYTHONPATH": SRC, "NORMTRACE_CODER": "ana"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env,
        check=False, timeout=120,
    )  # fmt: skip
    probe = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert probe, done.stderr
    result = json.loads(probe[-1].removeprefix("PROBE "))
    assert result["status"] == 0, done.stdout + done.stderr
    return set(result["loaded"])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A SYNTHETIC project and the id of a suggestion in it."""
    path = make_project(tmp_path_factory.mktemp("startup") / "p.db")
    with Store.open(path) as store:
        sid = plant_suggestion(store, "b", "unit", "SYN/1/op2", "poc", "Synthetic text two.")
    return path, sid


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    code = (
        "import sys, normtrace.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[1:] "
        "or m in ('normtrace.project', 'normtrace.pipeline')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *HEAVY], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": SRC}, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["code", "--help"],
        ["ls"],
        ["code", "list"],
        ["code", "judge", "{sid}", "accept"],
        ["code", "verdict", "--help"],
    ],
    ids=" ".join,
)
def test_a_quick_command_loads_no_heavy_library(project: tuple[Path, int], args: list[str]) -> None:
    path, sid = project
    loaded = loaded_by("--project", str(path), *(a.format(sid=f"s{sid}") for a in args))
    assert sorted(loaded & set(HEAVY)) == []


def test_counting_loads_no_model_library(project: tuple[Path, int]) -> None:
    """`freq` reads the stored validations; scikit-learn loads to train or score, not there."""
    loaded = loaded_by("--project", str(project[0]), "freq")
    assert sorted(loaded & set(HEAVIEST)) == []


def test_import_normtrace_defers_the_project_and_keeps_its_api() -> None:
    code = (
        "import sys, normtrace; "
        "before = 'normtrace.project' in sys.modules; "
        "from normtrace import Project; "
        "import normtrace.project as module; "
        "print(before, Project is module.Project is normtrace.Project, "
        "'Project' in dir(normtrace), sorted(normtrace.__all__))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": SRC}, check=True,
    )  # fmt: skip
    assert done.stdout.split(" ", 3)[:3] == ["False", "True", "True"], done.stdout
    with pytest.raises(AttributeError, match="no attribute 'Projet'"):
        normtrace.Projet  # noqa: B018 - a misspelt name is still an AttributeError


def test_reuse_names_the_function_provenance_whichever_is_imported_first() -> None:
    """The package's names load on first use; ``provenance`` stays the function, as when
    the package imported it eagerly, even after its module ``provenance`` was imported."""
    code = (
        "import normtrace.reuse.provenance, normtrace.reuse as reuse; "
        "from normtrace.reuse import first_appearance, provenance; "
        "print(callable(provenance), provenance.__module__, first_appearance.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": SRC}, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["True", "normtrace.reuse.provenance", "first_appearance"]
