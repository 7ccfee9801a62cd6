"""Build the frames labelled set from the drawn sample, two coders' labels and adjudication.

Inputs (a labelling folder, see ``src/normtrace/data/validation/frames/README.md``):

* ``sample.jsonl`` — the units drawn by ``tools/frames_sample.py``;
* ``coder1/*.jsonl`` and ``coder2/*.jsonl`` — each coder's frames per key (any number of files);
* ``adjudicated.jsonl`` — one decision per disagreement: ``{"key", "frame", "present", "why"}``;
* ``conventions.jsonl`` (optional) — decisions that override both coders, agreeing or not, where
  a rule of the definitions was settled after coding and applied to every paragraph it concerns
  (same fields, plus ``rule``); kept apart so the coders' own labels and kappa stay untouched.

Output: ``frames.jsonl`` (one paragraph per line, with its stored units re-read from the
resolution texts in ``../shared``, both coders' labels and the adjudicated frames) and
``agreement.json`` (Cohen's kappa and raw agreement per frame).

Run: ``python tools/frames_build.py LABEL_DIR SHARED_DIR OUT_DIR``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from normtrace.coding.human.reliability import cohen_kappa
from normtrace.evaluate.frames import FRAMES
from normtrace.ingest.text import decode_text
from normtrace.parse.resolution import parse_resolution


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def coder_labels(folder: Path) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for row in read_jsonl(path):
            if row["key"] in labels:
                raise SystemExit(f"{path}: {row['key']} labelled twice by this coder")
            labels[row["key"]] = set(row["frames"])
    return labels


def kappa(a: list[bool], b: list[bool]) -> tuple[float, float]:
    """Cohen's kappa (``coding.human.reliability``) and raw agreement of two binary codings."""
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    return cohen_kappa(a, b), agree


def final_frames(
    key: str,
    first: set[str],
    second: set[str],
    decisions: dict[tuple[str, str], bool],
    conventions: dict[tuple[str, str], bool] | None = None,
) -> tuple[list[str], list[tuple[str, str]]]:
    """The final frames of paragraph ``key`` and its disagreements nobody decided: a
    convention first, else the coders where they agree, else the adjudication."""
    final: list[str] = []
    undecided: list[tuple[str, str]] = []
    for frame in FRAMES:
        a, b = frame in first, frame in second
        if conventions and (key, frame) in conventions:
            present = conventions[(key, frame)]
        elif a == b:
            present = a
        elif (key, frame) in decisions:
            present = decisions[(key, frame)]
        else:
            undecided.append((key, frame))
            continue
        if present:
            final.append(frame)
    return final, undecided


def agreement_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per frame: Cohen's kappa (``None`` when undefined), raw agreement, each coder's and the
    final count, and the disagreements of built rows (``coder1``, ``coder2``, ``frames``)."""
    table: dict[str, Any] = {"paragraphs": len(rows), "frames": {}}
    for frame in FRAMES:
        a = [frame in row["coder1"] for row in rows]
        b = [frame in row["coder2"] for row in rows]
        k, raw = kappa(a, b)
        table["frames"][frame] = {
            "kappa": round(k, 3) if k == k else None,
            "agreement": round(raw, 4),
            "coder1": sum(a),
            "coder2": sum(b),
            "adjudicated": sum(frame in row["frames"] for row in rows),
            "disagreements": sum(x != y for x, y in zip(a, b, strict=True)),
        }
    return table


def paragraph_units(shared: Path, symbol: str) -> dict[str, list[dict[str, str]]]:
    """Top-level paragraph key → its stored units (itself and its sub-paragraphs)."""
    number, year = symbol.removeprefix("S/RES/").rstrip(")").split(" (")
    path = shared / "corpus" / "resolutions" / f"S-RES-{number}({year}).txt"
    doc = parse_resolution(decode_text(path.read_bytes(), path=str(path)).text, symbol=symbol)
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    tops = [p.key for p in doc.paragraphs if p.kind in ("preambular", "operative")]
    for p in doc.paragraphs:
        top = next((t for t in tops if p.key == t or p.key.startswith(t + "/")), None)
        if top is not None:
            out[top].append({"key": p.key, "text": p.text})
    return out


def main(labels: Path, shared: Path, out: Path) -> None:
    sample = read_jsonl(labels / "sample.jsonl")
    c1, c2 = coder_labels(labels / "coder1"), coder_labels(labels / "coder2")
    decisions: dict[tuple[str, str], bool] = {}
    adjudicated = labels / "adjudicated.jsonl"
    if adjudicated.exists():
        for d in read_jsonl(adjudicated):
            decisions[(d["key"], d["frame"])] = bool(d["present"])
    conventions: dict[tuple[str, str], bool] = {}
    if (labels / "conventions.jsonl").exists():
        for d in read_jsonl(labels / "conventions.jsonl"):
            conventions[(d["key"], d["frame"])] = bool(d["present"])
    both = [r for r in sample if r["key"] in c1 and r["key"] in c2]
    units_by_symbol: dict[str, dict[str, list[dict[str, str]]]] = {}
    rows, open_disagreements = [], []
    for r in both:
        symbol = str(r["symbol"])
        if symbol not in units_by_symbol:
            units_by_symbol[symbol] = paragraph_units(shared, symbol)
        final, undecided = final_frames(r["key"], c1[r["key"]], c2[r["key"]], decisions,
                                        conventions)  # fmt: skip
        open_disagreements.extend(undecided)
        rows.append({
            **{k: r[k] for k in ("key", "symbol", "year", "mission", "kind", "split", "text")},
            "units": units_by_symbol[symbol][r["key"]],
            "frames": final,
            "coder1": sorted(c1[r["key"]], key=FRAMES.index),
            "coder2": sorted(c2[r["key"]], key=FRAMES.index),
        })  # fmt: skip
    if open_disagreements:
        for key, frame in open_disagreements:
            print(f"not adjudicated: {key} {frame}", file=sys.stderr)
        raise SystemExit(f"{len(open_disagreements)} disagreement(s) not adjudicated")
    agreement = agreement_table(rows)
    for frame in FRAMES:
        agreement["frames"][frame]["set_by_convention"] = sum(
            1 for key, f in conventions if f == frame
        )
    out.mkdir(parents=True, exist_ok=True)
    with (out / "frames.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out / "agreement.json").write_text(json.dumps(agreement, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(agreement, indent=2))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(Path(a[0]), Path(a[1]), Path(a[2]))
