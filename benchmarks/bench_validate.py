"""`code validate` on a new user's project: CPU and wall time against the per-fold path.

The project: resolutions of the bundled frames set's documents ingested from
``../shared/corpus/resolutions`` (``--docs``, default 30), and ``--labels`` (default 102) of
their one-unit paragraphs labelled with the frames set's adjudicated frames (the human labels of
``src/normtrace/data/validation/frames/frames.jsonl``) under a codebook of six codes named as
the frames, so every code has the frame's default dictionary and learns from the bundled set as
reference examples (its paragraphs of other documents) — the case a new user measured at about
53 s CPU for 102 labels. ``--project FILE`` reuses a project built before (copied, never
written), with its codebook ``frames``.

Each variant runs in a process of its own (the same imports and caches for each), the variants
alternated ``--repeats`` times, CPU time (every thread) and wall time of ``validate`` alone:

* ``reused`` — validate as it is: each text hashed and dictionary-matched once per run, the
  dictionaries compiled once (``learn.features.reused_counts``), BLAS on one thread;
* ``per-fold`` (the baseline, the path before that work) — the same code with the reuse and the
  BLAS limit switched off: every fold's featurizer hashes, matches and compiles anew;
* ``--against REV`` — also the validate of git revision ``REV`` (its ``src`` exported to a
  temporary folder), e.g. the commit before the speed work.

Every variant must give the same table (each code's P, R, F1, intervals and notes); the script
says whether they did. Run: ``.venv/bin/python benchmarks/bench_validate.py [--docs N]
[--labels N] [--level unit] [--repeats N] [--project FILE] [--against REV] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import copy_project, shared_dir  # noqa: E402

FRAMES_SET = ROOT / "src" / "normtrace" / "data" / "validation" / "frames" / "frames.jsonl"

#: run in a process of its own: argv = project, scratch copy, variant, level
WORKER = r"""
import contextlib, json, shutil, sys, time
import numpy as np
project, copy, variant, level = sys.argv[1:5]
from normtrace.store.db import Store
from normtrace.coding.learn import validate as v
if variant == "per-fold":
    v.reused_counts = contextlib.nullcontext
    import threadpoolctl
    threadpoolctl.threadpool_limits = lambda **_: contextlib.nullcontext()
shutil.copyfile(project, copy)
store = Store.open(copy)
np.random.seed(0)  # liblinear draws its seed from numpy's global generator
wall, cpu = time.perf_counter(), time.process_time()
run = v.validate(store, "frames", level=level)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
fields = ("code", "method", "n", "positives", "tp", "fp", "fn", "precision", "precision_low",
          "precision_high", "recall", "recall_low", "recall_high", "f1", "f1_low", "f1_high",
          "note")
table = [[getattr(s, f) for f in fields] for s in run.scores]
print(json.dumps({"cpu": cpu, "wall": wall, "table": table}))
"""


def build(folder: Path, docs: int, labels: int, seed: int = 0) -> Path:
    """A project of ``docs`` resolutions of the frames set, ``labels`` of their one-unit
    paragraphs labelled with the set's frames (codebook ``frames``)."""
    from normtrace.coding.codebook import Code, Codebook
    from normtrace.coding.exchange.codings import import_codings
    from normtrace.coding.exchange.yamlio import dump_codebook
    from normtrace.coding.learn.features import DEFAULT_FRAMES
    from normtrace.pipeline import ingest_paths
    from normtrace.store.db import Store

    rows = [json.loads(line) for line in FRAMES_SET.read_text(encoding="utf-8").splitlines()
            if line.strip()]  # fmt: skip
    corpus = shared_dir() / "corpus" / "resolutions"
    symbols = sorted({r["symbol"] for r in rows})
    random.Random(seed).shuffle(symbols)
    files = {s: corpus / (s.replace("/", "-").replace(" ", "") + ".txt") for s in symbols}
    chosen = [s for s in symbols if files[s].is_file()][:docs]
    path = folder / "validate.db"
    with Store.open(path) as store:
        ingest_paths(store, [files[s] for s in chosen], progress=False)
        keys = {str(r[0]) for r in store.conn.execute("SELECT key FROM units")}
        units = [(r["units"][0]["key"], r["frames"]) for r in rows
                 if r["symbol"] in chosen and len(r["units"]) == 1
                 and r["units"][0]["key"] in keys]  # fmt: skip
        random.Random(seed + 1).shuffle(units)
        book = Codebook(name="frames", codes=tuple(Code(id=f, name=f) for f in DEFAULT_FRAMES))
        (folder / "frames.yaml").write_text(dump_codebook(book), encoding="utf-8")
        lines = [{"unit_key": k, "code": f} for k, frames in units[:labels] for f in frames or [""]]
        (folder / "labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
        import_codings(store, folder / "labels.jsonl", codebook=str(folder / "frames.yaml"),
                       coder="frames-set")  # fmt: skip
    print(f"project: {len(chosen)} resolutions, {len(keys)} units, {min(labels, len(units))} "
          f"labelled ({sum(1 for x in lines if x['code'])} codings)")  # fmt: skip
    return path


def export(rev: str, folder: Path) -> Path:
    """``src`` of git revision ``rev``, exported to ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True,
                             capture_output=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def run(src: Path, project: Path, scratch: Path, variant: str, level: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", WORKER, str(project), str(scratch), variant,
                           level], env=env, check=True, capture_output=True, text=True)  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--labels", type=int, default=102)
    parser.add_argument("--level", default="unit", choices=["unit", "paragraph"])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--project", type=Path, help="a project with codebook frames (copied)")
    parser.add_argument("--against", metavar="REV", help="also time git revision REV's validate")
    parser.add_argument("--keep", type=Path, help="keep the built project in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.project is not None:
            project = copy_project(args.project, work / "validate.db")
        else:
            project = build(work, args.docs, args.labels)
            if args.keep is not None:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(project, args.keep / "validate.db")
        variants = {"reused": ("reused", ROOT / "src"), "per-fold": ("per-fold", ROOT / "src")}
        if args.against:
            (work / "old").mkdir()
            variants[args.against] = ("as-is", export(args.against, work / "old"))
        found: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
        for _ in range(args.repeats):
            for name, (variant, src) in variants.items():
                found[name].append(run(src, project, work / "scratch.db", variant, args.level))
    print(
        f"code validate --level {args.level}, {args.repeats} run(s) each, alternated; "
        "median CPU (all threads) and wall seconds of validate alone:"
    )
    cpu = {name: statistics.median(r["cpu"] for r in runs) for name, runs in found.items()}
    wall = {name: statistics.median(r["wall"] for r in runs) for name, runs in found.items()}
    for name in found:
        print(f"  {name:>12}: CPU {cpu[name]:6.1f} s   wall {wall[name]:6.1f} s   "
              f"ratio to reused: CPU {cpu[name] / cpu['reused']:.2f}x, "
              f"wall {wall[name] / wall['reused']:.2f}x")  # fmt: skip
    tables = [r["table"] for runs in found.values() for r in runs]
    same = all(t == tables[0] for t in tables)
    print(f"  same table (P, R, F1, intervals, notes of every code) in every run: "
          f"{'yes' if same else 'NO'}")  # fmt: skip
    for row in tables[0]:
        print(f"    {row[0]:26} {row[1]:10} n {row[2]:3} pos {row[3]:3} "
              f"F1 {'–' if row[13] is None else format(row[13], '.3f')}")  # fmt: skip
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
