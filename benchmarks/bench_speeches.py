"""Coding the Council's speeches: the default dictionary against a model trained on labelled
speeches, on speeches neither was written or trained on.

Data: the 1,168 speeches of ``../shared/corpus/speeches-2020``, each speech one unit, and two
labelled check samples of them (``src/normtrace/data/validation/frames/check10``: 207
speeches, read while revising the codebook; ``check11``: 190 of the other 961, drawn after,
stratified with weights, see the README beside them).

Protocol, through the CLI a researcher would use: ingest the speeches
(``normtrace ingest-corpus``); import ``check10``'s adjudicated labels as human codings of a
six-code codebook with ids and names only (``code import --coder gold``, a speech with no
frame as "none applies"); ``code train``; ``code suggest --format json``. Twice: with the
bundled frames set's resolution paragraphs as reference examples (the default) and with
``--no-reference`` (the 207 speeches alone). Codes named as the frames keep the default
dictionary as their rule unless a classifier beats it by cross-validation, so each code's
``code train`` decision is printed. Scored on ``check11`` with its weights
(``normtrace.evaluate.stratified.estimate``: an estimate for the 961 speeches): the
suggestions at probability ≥ 0.5, against the default codebook's dictionary (baseline, same
speeches, same weights).

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
from normtrace.evaluate.frames import FRAMES, load_labelled_set  # noqa: E402
from normtrace.evaluate.stratified import describe, estimate, score_sample  # noqa: E402

FOLDER = ROOT / "src/normtrace/data/validation/frames"


def _cli(project: Path, *args: str) -> str:
    cmd = [sys.executable, "-m", "normtrace", "--project", str(project), *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stdout


def _train_file(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            for code in r["frames"] or [""]:
                fh.write(json.dumps({"unit_key": r["key"], "code": code}) + "\n")


def _suggested(shared: Path, train: list[dict[str, Any]], reference: bool) -> dict[str, set[str]]:
    """The frames the model suggests (p >= 0.5) per speech, trained on ``train``."""
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
        flag = "--reference" if reference else "--no-reference"
        print(_cli(project, "code", "train", "--codebook", "frames", flag))
        out = work / "s.json"
        _cli(project, "code", "suggest", "--codebook", "frames", "--format", "json", "-o", str(out))
        data = json.loads(out.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else data["suggestions"]
    suggested: dict[str, set[str]] = {}
    for item in items:
        if item["probability"] >= 0.5:
            suggested.setdefault(item["unit_key"], set()).add(item["code"])
    return suggested


def main() -> None:
    shared = shared_dir()
    train = load_labelled_set(str(FOLDER / "check10" / "check.jsonl"))
    test = load_labelled_set(str(FOLDER / "check11" / "check.jsonl"))
    n = len(train)
    for reference, how in ((True, "with the frames set as reference"), (False, "speeches alone")):
        got = _suggested(shared, train, reference)
        rows = [{**r, "got": sorted(got.get(r["key"], set()))} for r in test]
        title = f"model trained on {n} labelled speeches (check10), {how}; on check11"
        print(describe(estimate(rows, FRAMES), title) + "\n")
    default = load_default_codebook()
    title = f"baseline: the default dictionary {default.version}, on check11"
    print(describe(score_sample(test, default), title))


if __name__ == "__main__":
    main()
