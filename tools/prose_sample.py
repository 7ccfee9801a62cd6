"""Draw, and score, the sample that measures which report units are no running text.

Extracts every report PDF of ``SHARED/corpus/reports`` (``--texts DIR`` keeps the extracted
text), parses it with :func:`normtrace.parse.report.parse_report` and classes each unit with
:func:`normtrace.parse.running.unit_class`. The *reports* are divided at random (``--seed``,
20261207) into two halves: ``rules``, the 26 reports the rules of
:mod:`normtrace.parse.report.apart` were written on, and ``heldout``, the other 27. From the
held-out reports it draws three strata (``--draw-seed``): ``other`` (units classed as no
running text), ``text`` (running text that is no numbered paragraph: unnumbered text and
items, where a missed caption or note would sit) and ``numbered`` (numbered paragraphs);
each row carries its stratum's pool size so that the estimates weight each stratum by its
share of all held-out units. ``label`` is left empty for the labeller: ``running`` or
``other``.

Run: ``python tools/prose_sample.py draw SHARED OUT.jsonl [--texts DIR] [--other 50]
[--text 50] [--numbered 30]``; ``python tools/prose_sample.py score LABELLED.jsonl`` prints
precision and recall of "no running text" (each stratum weighted by pool / drawn; the raw
counts are printed with them) with the classes the sample was drawn with;
``python tools/prose_sample.py score LABELLED.jsonl --shared SHARED`` scores the classes the
current parser gives: each row's unit found by its key in a fresh reading of the reports and its
text checked (:func:`normtrace.evaluate.labelled_units.placed`: a key that no longer holds the
labelled words is an error), rows recorded as ``unplaced`` left out and counted. The sample and
its score: ``normtrace/data/validation/prose``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from normtrace.parse.running import RUNNING, unit_class

SEED = 20261207
DRAW_SEED = 20261208


def halves(names: list[str], seed: int = SEED) -> dict[str, str]:
    """Report file stem -> ``rules`` or ``heldout``."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    rules = set(order[: len(order) // 2])
    return {n: "rules" if n in rules else "heldout" for n in names}


def units(shared: Path, texts: Path | None) -> list[dict[str, Any]]:
    """Every unit of every report, with its half and class."""
    from normtrace.ingest.pdf import extract_pdf
    from normtrace.parse.report import parse_report
    from normtrace.parse.symbols import symbol_from_filename

    pdfs = sorted((shared / "corpus" / "reports").glob("*.pdf"))
    half = halves([p.stem for p in pdfs])
    rows = []
    for pdf in pdfs:
        cached = texts / f"{pdf.stem}.txt" if texts else None
        if cached is not None and cached.is_file():
            text = cached.read_text(encoding="utf-8")
        else:
            text = extract_pdf(pdf.read_bytes(), path=str(pdf), ocr="auto").text
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(text, encoding="utf-8")
        named = symbol_from_filename(pdf.name)
        doc = parse_report(text, symbol=str(named.symbol) if named else None)
        for p in doc.paragraphs:
            rows.append({
                "half": half[pdf.stem], "file": pdf.stem, "key": p.key, "kind": p.kind,
                "flags": list(p.flags), "class": unit_class(p.kind, p.flags), "page": p.page,
                "text": p.text,
            })  # fmt: skip
    return rows


def stratum(row: dict[str, Any]) -> str:
    """``other``, ``text`` or ``numbered`` (module docstring)."""
    if row["class"] != RUNNING:
        return "other"
    return "numbered" if row["kind"] == "numbered" else "text"


def draw(rows: list[dict[str, Any]], sizes: dict[str, int], seed: int) -> list[dict[str, Any]]:
    """The sample: ``sizes[s]`` held-out units of each stratum ``s``, drawn at random."""
    rng = random.Random(seed)
    held = [r for r in rows if r["half"] == "heldout"]
    out = []
    for name, n in sizes.items():
        pool = [r for r in held if stratum(r) == name]
        for r in rng.sample(pool, min(n, len(pool))):
            out.append({**r, "stratum": name, "pool": len(pool), "label": ""})
    return out


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of "no running text" (``class != running``) against ``label``,
    each stratum weighted by pool / drawn."""
    drawn = Counter(r["stratum"] for r in rows)
    tp = fp = fn = 0.0
    raw: Counter[str] = Counter()
    for r in rows:
        if r["label"] not in ("running", "other"):
            raise SystemExit(f"{r['key']}: label {r['label']!r}; label running or other")
        weight = r["pool"] / drawn[r["stratum"]]
        said, truth = r["class"] != RUNNING, r["label"] == "other"
        if said and truth:
            tp, raw["tp"] = tp + weight, raw["tp"] + 1
        elif said:
            fp, raw["fp"] = fp + weight, raw["fp"] + 1
        elif truth:
            fn, raw["fn"] = fn + weight, raw["fn"] + 1
        else:
            raw["tn"] += 1
    return {
        "units": len(rows),
        "strata": {
            s: {"drawn": n, "pool": next(r["pool"] for r in rows if r["stratum"] == s)}
            for s, n in drawn.items()
        },
        "counts": dict(raw),
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "weighted": {"tp": round(tp, 1), "fp": round(fp, 1), "fn": round(fn, 1)},
    }


def current(rows: list[dict[str, Any]], shared: Path) -> tuple[list[dict[str, Any]], str]:
    """The rows whose labelled words stand, each with the class the current parser gives the
    unit its key names (checked by text), and the reading's name."""
    from normtrace.evaluate.labelled_units import placed, read_reports

    reading, names = read_reports(shared / "corpus" / "reports")
    found = placed(rows, reading, where="prose/heldout.jsonl")
    name = ", ".join(sorted(set(names.values())))
    return [{**r, "class": unit_class(u.kind, u.flags)} for r, u in found], name


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("shared", type=Path)
    d.add_argument("out", type=Path)
    d.add_argument("--texts", type=Path)
    d.add_argument("--draw-seed", type=int, default=DRAW_SEED)
    for name, n in (("other", 50), ("text", 50), ("numbered", 30)):
        d.add_argument(f"--{name}", type=int, default=n)
    s = sub.add_parser("score")
    s.add_argument("labelled", type=Path)
    s.add_argument("--shared", type=Path, help="score the current parse of SHARED's reports")
    args = ap.parse_args(argv)
    if args.command == "draw":
        sizes = {"other": args.other, "text": args.text, "numbered": args.numbered}
        sample = draw(units(args.shared, args.texts), sizes, args.draw_seed)
        with args.out.open("w", encoding="utf-8") as fh:
            for row in sample:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(sample)} units drawn to {args.out}")
    else:
        rows = [json.loads(line) for line in args.labelled.open(encoding="utf-8") if line.strip()]
        if args.shared is None:
            print(json.dumps(score(rows), indent=1))
            return
        now, name = current(rows, args.shared)
        print(
            json.dumps({"reading": name, "left_out": len(rows) - len(now), **score(now)}, indent=1)
        )


if __name__ == "__main__":
    main(sys.argv[1:])
