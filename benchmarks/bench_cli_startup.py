"""How long a quick ``normtrace`` command takes, start to exit, against starting Python itself.

A new user measured about 2 s per call for commands that read or write a row or two
(``code judge``, ``code list``, ``--help``): the command line imported the whole library
(NumPy, the pipeline, every reuse stage, and for ``code judge`` scikit-learn) before it
parsed its arguments. Each command now imports what it calls when it runs.

Setup (not timed): a project of a few resolutions of ``corpus/resolutions`` in ../shared,
auto-coded with the bundled codebook; SYNTHETIC labels (coder ``synthetic``: one code on
the units where the dictionary finds it, "none applies" on 60 others) and a model
trained from them, so that ``code suggest`` leaves suggestions for ``code judge`` to judge
(each run writes a real verdict event; the project is a temporary copy).

Methods, each run in a fresh subprocess (``python -m normtrace``), N runs in turns, so that
a load spike on the machine falls on every command alike:

* ``python -c pass`` — the bare interpreter (baseline: the floor of any command);
* ``python -c "import click"`` — the command-line library alone (baseline: the floor of a
  click command line);
* ``--help``, ``--version``, ``code --help``, ``ls``, ``code list``, ``code judge`` (a real
  suggestion, accept or reject in turn), ``code verdict`` (a real candidate).

Python's compiled bytecode is cached as on a user's machine (in a temporary
``PYTHONPYCACHEPREFIX``, so nothing is written into the checkout; one untimed run of each
method fills it), also where the calling shell sets ``PYTHONDONTWRITEBYTECODE``;
``--no-bytecode-cache`` compiles every module from source on every run instead (a fresh
checkout's first calls, and any call under ``PYTHONDONTWRITEBYTECODE=1``).

Prints per command the median and the fastest wall time, the median CPU time (user +
system of the child, which a loaded machine inflates less than wall time) and the ratios of
the medians to both baselines; ``--before SRC`` times the same commands with another
checkout's ``src`` first on ``PYTHONPATH`` (e.g. a ``git worktree`` of the commit before)
in the same run, and prints after/before. Target: a quick command within 3× ``import
click`` (CPU). Asserts nothing. Usage::

    .venv/bin/python benchmarks/bench_cli_startup.py [--runs 10] [--before /tmp/wt/src]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import ROOT, shared_dir  # noqa: E402

#: resolutions of ../shared ingested for the project (auto-coded: the bundled codebook finds
#: sg_assessment in them, which the SYNTHETIC labels follow)
RESOLUTIONS = [f"S-RES-{n}(2000).txt" for n in range(1300, 1308)]
CODEBOOK = "stability-operations"
LABELLED_CODE = "sg_assessment"


def run_cli(args: Sequence[str], project: Path, src: str | None = None) -> str:
    """``normtrace --project PROJECT ARGS`` once (setup), its standard output; exit on failure."""
    done = subprocess.run(
        [sys.executable, "-m", "normtrace", "--project", str(project), *args],
        capture_output=True, text=True, env=_env(src), check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"setup failed: normtrace {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


#: where the timed runs cache bytecode (``None``: they compile from source every time)
PYCACHE: list[str | None] = [None]


def _env(src: str | None) -> dict[str, str]:
    env = {**os.environ, "NORMTRACE_CODER": "bench"}
    env.pop("PYTHONPATH", None)
    if src is not None:  # another checkout's source first: its normtrace is the one imported
        env["PYTHONPATH"] = src
    if PYCACHE[0] is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE[0]
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def make_project(folder: Path) -> tuple[Path, int, int]:
    """The project, a suggestion id and a candidate id to judge."""
    corpus = shared_dir() / "corpus" / "resolutions"
    project = folder / "bench.db"
    run_cli(["ingest", "-q", *(str(corpus / name) for name in RESOLUTIONS)], project)
    run_cli(["code", "apply", "--no-progress"], project)
    candidates = json.loads(run_cli(["code", "list", "--limit", "0", "--format", "json"], project))
    hits = {c["unit_key"] for c in candidates if c["code"] == LABELLED_CODE}
    rows = [{"unit_key": c["unit_key"], "code": LABELLED_CODE} for c in candidates if
            c["unit_key"] in hits]  # fmt: skip
    paragraphs = run_cli(["export", "paragraphs"], project).splitlines()  # JSON Lines
    keys = [json.loads(line)["key"] for line in paragraphs]
    rows += [{"unit_key": k, "code": ""} for k in keys[:60] if k not in hits]
    labels = folder / "synthetic-labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    run_cli(["code", "import", str(labels), "--codebook", CODEBOOK, "--coder", "synthetic"],
            project)  # fmt: skip
    run_cli(["code", "train", "--codebook", CODEBOOK], project)
    found = json.loads(run_cli(["code", "suggest", "--codebook", CODEBOOK, "--min-probability",
                                "0.05", "--format", "json"], project))  # fmt: skip
    if not found or not candidates:
        sys.exit("setup failed: no suggestion or candidate to judge")
    return project, int(found[0]["id"]), int(candidates[0]["id"])


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed: {done.stderr.decode().strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command")
    parser.add_argument("--before", metavar="SRC", help="another checkout's src to time too")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="compile every module from source on every run")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        PYCACHE[0] = None if args.no_bytecode_cache else str(Path(tmp) / "pycache")
        print("setup: a project of 8 resolutions, SYNTHETIC labels, a trained model ...")
        project, suggestion, candidate = make_project(Path(tmp))
        commands: dict[str, list[str]] = {
            "--help": ["--help"],
            "--version": ["--version"],
            "code --help": ["code", "--help"],
            "ls": ["ls"],
            "code list": ["code", "list"],
            "code judge": ["code", "judge", f"s{suggestion}", "{verdict}"],
            "code verdict": ["code", "verdict", f"c{candidate}", "{verdict}"],
        }
        trees = {"after": None, **({"before": args.before} if args.before else {})}
        methods: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], _env(None)),
            "import click": ([sys.executable, "-c", "import click"], _env(None)),
        }
        for tree, src in trees.items():
            copy = Path(tmp) / f"{tree}.db"
            shutil.copyfile(project, copy)
            for label, cli_args in commands.items():
                argv = [sys.executable, "-m", "normtrace", "--project", str(copy), *cli_args]
                methods[f"{label} [{tree}]"] = (argv, _env(src))
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in methods}
        for argv, env in methods.values():  # untimed: fills the bytecode cache
            timed([a.format(verdict="accept") for a in argv], env)
        for i in range(args.runs):  # in turns: a busy spell slows every method alike
            verdict = ("accept", "reject")[i % 2]
            for name, (argv, env) in methods.items():
                results[name].append(timed([a.format(verdict=verdict) for a in argv], env))
    report(results, list(trees), list(commands), args.runs)


def report(
    results: dict[str, list[tuple[float, float]]], trees: list[str], commands: list[str],
    runs: int,
) -> None:  # fmt: skip
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v),
               min(w for w, _ in v)) for k, v in results.items()}  # fmt: skip
    bare, click_ = med["python -c pass"], med["import click"]
    cache = "cached bytecode" if PYCACHE[0] else "every module compiled from source each run"
    print(
        f"\n{runs} runs each, in turns, {cache}; load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"{'method':30} {'wall med':>9} {'wall min':>9} {'CPU med':>8}  "
          f"{'/ import click (wall, CPU)':>27}  {'/ python (CPU)':>14}")  # fmt: skip
    for name, (wall, cpu, fastest) in med.items():
        print(
            f"{name:30} {wall:8.3f}s {fastest:8.3f}s {cpu:7.3f}s  "
            f"{wall / click_[0]:12.2f}x {cpu / click_[1]:12.2f}x  {cpu / bare[1]:13.2f}x"
        )
    if "before" in trees:
        print("\nafter / before (median wall, median CPU):")
        for label in commands:
            a, b = med[f"{label} [after]"], med[f"{label} [before]"]
            print(
                f"  {label:16} {a[0] / b[0]:6.2f} {a[1] / b[1]:6.2f}   "
                f"({b[0]:.3f}s -> {a[0]:.3f}s wall, {b[1]:.3f}s -> {a[1]:.3f}s CPU)"
            )
    worst = max(med[f"{label} [after]"][1] / click_[1] for label in commands)
    verdict = "ok" if worst <= 3 else "SLOW"
    print(f"\nslowest quick command: {worst:.2f}x `import click` (CPU); target <= 3: {verdict}")
    print(f"(source: {ROOT / 'src'})")


if __name__ == "__main__":
    main()
