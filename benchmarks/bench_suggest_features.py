"""Featurizing ``code suggest``'s targets: character n-grams counted word by word (stop 44).

Over every paragraph-level target of a project of ``../shared`` (resolutions and 2020
speeches; ``--project``, else ingested once into a temporary project), in batches of
``code suggest``'s size:

- **baseline**: scikit-learn's ``char_wb`` ``HashingVectorizer.transform``, what the featurizer
  called before stop 44 (every word of every text cut into n-grams and hashed);
- **word by word**: :func:`normtrace.coding.learn.ngrams.char_wb_counts` (each distinct word's
  n-grams hashed once per batch, summed per text by a sparse product);
- the whole featurizer (word n-grams, character n-grams, dictionary hits) as ``code suggest``
  runs it, for the share of the time the character counts were.

Rounds alternate baseline and new (A B A B) and the best CPU time (``time.process_time``) of
each is kept: the machine is shared, so wall-clock time is shown but not compared. Every
batch's two matrices are checked equal, number for number, before any time is reported.

Run: ``.venv/bin/python benchmarks/bench_suggest_features.py [--project FILE] [--rounds 2]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402

from normtrace.coding.dictionary.apply import CODED_UNITS  # noqa: E402
from normtrace.coding.learn.features import Featurizer  # noqa: E402
from normtrace.coding.learn.ngrams import char_wb_counts  # noqa: E402
from normtrace.coding.learn.suggest import BATCH  # noqa: E402
from normtrace.coding.levels import level_units  # noqa: E402
from normtrace.store.db import Store  # noqa: E402


def targets(project: Path | None) -> list[str]:
    """The texts ``code suggest --level paragraph`` scores (before leaving out labelled ones)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        if project is not None:
            shutil.copyfile(project, path)
        with Store.open(path) as store:
            if project is None:
                from normtrace.pipeline import ingest_paths

                corpus = shared_dir() / "corpus"
                ingest_paths(store, [corpus / "resolutions", corpus / "speeches-2020"])
            return [u.text for u in level_units(store, "paragraph", among=f"({CODED_UNITS})")]


def timed(func: object, batches: list[list[str]]) -> tuple[float, float, list[object]]:
    """CPU and wall seconds of ``func`` over every batch, and its results."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = [func(b) for b in batches]  # type: ignore[operator]
    return time.process_time() - cpu, time.perf_counter() - wall, out


def same(a: object, b: object) -> bool:
    x, y = a, b
    return bool(
        x.shape == y.shape and x.dtype == y.dtype  # type: ignore[attr-defined]
        and all(np.array_equal(getattr(x, k), getattr(y, k)) for k in ("indptr", "indices", "data"))
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None, help="a project of ../shared")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = targets(args.project)
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    featurizer = Featurizer().fit(texts[::10])  # columns and IDF from a tenth of the texts
    char = featurizer._hashers()[1]
    best = {"baseline": (np.inf, np.inf), "word by word": (np.inf, np.inf),
            "featurizer": (np.inf, np.inf)}  # fmt: skip
    for _ in range(args.rounds):
        cpu, wall, old = timed(char.transform, batches)
        best["baseline"] = min(best["baseline"], (cpu, wall))
        cpu, wall, new = timed(lambda b: char_wb_counts(char, b), batches)
        best["word by word"] = min(best["word by word"], (cpu, wall))
        if not all(same(a, b) for a, b in zip(old, new, strict=True)):
            sys.exit("the word-by-word counts differ from the hasher's: no time reported")
        cpu, wall, _ = timed(featurizer.transform, batches)
        best["featurizer"] = min(best["featurizer"], (cpu, wall))
    (b_cpu, b_wall), (n_cpu, n_wall) = best["baseline"], best["word by word"]
    f_cpu, f_wall = best["featurizer"]
    print(f"character n-gram counts of {len(texts)} paragraph targets, {len(batches)} "
          f"batches (equal, number for number), best of {args.rounds} rounds A B:")  # fmt: skip
    print(f"  baseline HashingVectorizer(char_wb).transform: {b_cpu:6.2f} s CPU, {b_wall:.2f} s")
    print(f"  word by word (char_wb_counts):                 {n_cpu:6.2f} s CPU, {n_wall:.2f} s")
    print(f"  ratio baseline / word by word: {b_cpu / n_cpu:.1f}x CPU")
    print(f"  whole featurizer now {f_cpu:.2f} s CPU ({f_wall:.2f} s); with the baseline's "
          f"character counts about {f_cpu - n_cpu + b_cpu:.2f} s CPU "
          f"({(f_cpu - n_cpu + b_cpu) / f_cpu:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
