"""The default codebook's score on the frames check set, overall and per stratum.

Run: ``python tools/frames_check_score.py [FOLDER]`` (default: the first check sample,
``src/normtrace/data/validation/frames/check``; writes ``score.json`` there and prints the
tables). Strata: ``all`` and every stratum the sample holds.

``drawn.json`` in the folder names the codebook version the sample is a clean measurement of
(``clean_for``: frozen before any of its labels was seen). ``score.json`` says whether it is
scoring that version (``clean``); a clean score is also kept as ``score-VERSION.json``, so a
later revision that reads the sample's errors does not overwrite the record.

A stratified sample (rows with ``weight``, ``tools/frames_fresh.py --fourth``) also gets the
weighted estimate of the error on the pool it was drawn from, as the stratum
``PREFIX-pool`` (``mandate-pool``; ``normtrace.evaluate.stratified``). Its strata scored
alone are not estimates of the pool: the coded paragraphs are a census there.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from normtrace.coding.exchange.yamlio import load_default_codebook
from normtrace.evaluate.frames import load_labelled_set, score_codebook
from normtrace.evaluate.stratified import describe, score_sample

FOLDER = Path(__file__).resolve().parents[1] / "src/normtrace/data/validation/frames/check"


def main(folder: Path = FOLDER) -> None:
    rows = load_labelled_set(str(folder / "check.jsonl"))
    book = load_default_codebook()
    strata: dict[str, object] = {}
    for stratum in ("all", *sorted({str(r["stratum"]) for r in rows})):
        chosen = [r for r in rows if stratum == "all" or r["stratum"] == stratum]
        score = score_codebook(chosen, book)
        strata[stratum] = score.to_dict()
        print(f"{stratum}: {score.describe()}\n")
    if any("weight" in r for r in rows):
        pool = str(rows[0]["stratum"]).split("-")[0] + "-pool"
        est = score_sample(rows, book)
        defined = [s for s in est.values() if s.defined]
        strata[pool] = {
            "codebook": book.name, "version": book.version, "split": pool,
            "paragraphs": len(rows), "weighted": True,
            "macro_f1": round(sum(s.f1 for s in defined) / len(defined), 4) if defined else 0.0,
            "unscored": [f for f, s in est.items() if not s.defined],
            "frames": {f: s.to_dict() for f, s in est.items()},
        }  # fmt: skip
        print(describe(est, f"{pool}: weighted estimate, {book.name} {book.version}") + "\n")
    drawn = folder / "drawn.json"
    clean_for = None
    if drawn.is_file():
        clean_for = json.loads(drawn.read_text(encoding="utf-8"))["clean_for"]
    clean = clean_for == book.version
    out = {"codebook": book.name, "version": book.version, "clean": clean, "strata": strata}
    text = json.dumps(out, indent=2) + "\n"
    (folder / "score.json").write_text(text, encoding="utf-8")
    if clean:
        (folder / f"score-{book.version}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
