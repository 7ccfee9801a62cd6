"""Coding the Council's speeches: the default dictionary against a model trained on labelled
speeches, on speeches neither was written or trained on.

Data: the 1,168 speeches of ``../shared/corpus/speeches-2020``, each speech one unit, and two
labelled check samples of them (``src/normtrace/data/validation/frames/check10``: 207
speeches, read while revising the codebook; ``check11``: 190 of the other 961, drawn after,
stratified with weights, see the README beside them).

Protocol, through the CLI a researcher would use: ingest the speeches
(``normtrace ingest-corpus``); import ``check10``'s adjudicated labels as human codings of a
six-code codebook with ids and names only (``code import --coder gold``, a speech with no
frame as "none applies"); ``code train``; ``code suggest --format json``. Scored on
``check11`` with its weights (``normtrace.evaluate.stratified.estimate``: an estimate for the
961 speeches): the suggestions at probability ≥ 0.5, against the default codebook's
dictionary (baseline, same speeches, same weights).

Run: ``.venv/bin/python benchmarks/bench_speeches.py``; prints both tables (about a minute).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _shared import ROOT, shared_dir  # noqa: E402

from normtrace.coding.exchange.yamlio import load_default_codebook  # noqa: E402
from normtrace.evaluate.frames import FRAMES, load_labelled_set, predict  # noqa: E402
from normtrace.evaluate.stratified import describe, estimate  # noqa: E402

FOLDER = ROOT / "src/normtrace/data/validation/frames"


def _cli(project: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "normtrace", "--project", str(project), *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args[:2])} failed: {done.stderr.strip()}")


def _train_file(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            for code in r["frames"] or [""]:
                fh.write(json.dumps({"unit_key": r["key"], "code": code}) + "\n")


def main() -> None:
    shared = shared_dir()
    train = load_labelled_set(str(FOLDER / "check10" / "check.jsonl"))
    test = load_labelled_set(str(FOLDER / "check11" / "check.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "speeches.db"
        book = work / "frames.yaml"
        book.write_text(
            "name: frames\ncodes:\n"
            + "".join(f"  - id: {f}\n    name: {f.replace('_', ' ')}\n" for f in FRAMES),
            encoding="utf-8",
        )
        _train_file(train, work / "train.jsonl")
        _cli(project, "ingest-corpus", str(shared / "corpus" / "speeches-2020"), "--no-progress")
        _cli(project, "code", "import", str(work / "train.jsonl"), "--codebook", str(book),
             "--coder", "gold")  # fmt: skip
        _cli(project, "code", "train", "--codebook", "frames")
        out = work / "s.json"
        _cli(project, "code", "suggest", "--codebook", "frames", "--format", "json", "-o", str(out))
        data = json.loads(out.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else data["suggestions"]
    suggested: dict[str, set[str]] = {}
    for item in items:
        if item["probability"] >= 0.5:
            suggested.setdefault(item["unit_key"], set()).add(item["code"])
    model_rows = [{**r, "got": sorted(suggested.get(r["key"], set()))} for r in test]
    default = load_default_codebook()
    frame_of = {c: f for f, codes in default.frame_codes().items() for c in codes}
    coded = predict(test, default)
    dict_rows = [{**r, "got": sorted({frame_of[c] for c in coded[r["key"]] if c in frame_of})}
                 for r in test]  # fmt: skip
    n = len(train)
    print(describe(estimate(model_rows, FRAMES),
                   f"model trained on {n} labelled speeches (check10), on check11"))  # fmt: skip
    print()
    print(describe(estimate(dict_rows, FRAMES),
                   f"baseline: the default dictionary {default.version}, on check11"))  # fmt: skip


if __name__ == "__main__":
    main()
