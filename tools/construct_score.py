"""Score a codebook's frame on a construct set: SYNTHETIC paragraphs labelled from FRAMES.md.

A construct set is JSON Lines with ``id``, ``text`` and a boolean label per frame (the field is
the frame's name, e.g. ``offensive_force``; rows where a ``coder2`` field disagrees with it are
left out unless ``--adjudicated`` names a file of final labels). The codebook's frame counts as
present when any of its codes matches anywhere in the text (the paragraph-level rule of the
held-out check). Prints precision, recall and F1 with Wilson 95% intervals, and the misses.

    python tools/construct_score.py SET.jsonl [--frame offensive_force] [--codebook YAML]
        [--ids IDS.txt] [--json OUT]

``--ids`` restricts the score to the ids listed one per line (a dev or test part).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from normtrace.coding.exchange.yamlio import load_codebook, load_default_codebook
from normtrace.evaluate.construct import construct_score


def _ci(low: float | None, high: float | None) -> list[float | None]:
    return [None if x is None else round(x, 3) for x in (low, high)]


def score(rows: list[dict[str, object]], frame: str, codebook: Path | None) -> dict[str, object]:
    book = load_codebook(codebook) if codebook else load_default_codebook()
    got = construct_score(rows, frame, book)
    p, r = got.precision, got.recall
    return {
        "codebook": book.name,
        "version": book.version,
        "frame": frame,
        "rows": len(rows),
        "tp": got.tp,
        "fp": got.fp,
        "fn": got.fn,
        "precision": round(p.value or 0.0, 3),
        "precision_95ci": _ci(p.low, p.high),
        "recall": round(r.value or 0.0, 3),
        "recall_95ci": _ci(r.low, r.high),
        "f1": round(got.f1, 3),
        "misses": list(got.misses),
        "false": list(got.false),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--frame", default="offensive_force")
    parser.add_argument("--codebook", type=Path)
    parser.add_argument("--ids", type=Path)
    parser.add_argument("--adjudicated", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines()]
    if args.adjudicated:
        final = {
            r["id"]: r[args.frame]
            for r in map(json.loads, args.adjudicated.read_text(encoding="utf-8").splitlines())
        }
        for row in rows:
            row[args.frame] = final.get(row["id"], row[args.frame])
    else:
        rows = [r for r in rows if "coder2" not in r or r["coder2"] == r[args.frame]]
    if args.ids:
        wanted = set(args.ids.read_text(encoding="utf-8").split())
        rows = [r for r in rows if r["id"] in wanted]
    result = score(rows, args.frame, args.codebook)
    print(json.dumps({k: v for k, v in result.items() if k not in ("misses", "false")}))
    print("misses:", " ".join(result["misses"]))  # type: ignore[arg-type]
    print("false: ", " ".join(result["false"]))  # type: ignore[arg-type]
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
