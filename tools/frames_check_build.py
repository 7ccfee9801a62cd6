"""Build the frames check set: a fresh sample (``tools/frames_fresh.py``) labelled by two
pairs of independent coders after the codebook revision it judges was written.

Inputs (a labelling folder): ``sample.jsonl``; ``halfA.jsonl`` and ``halfB.jsonl`` (which
paragraphs each pair coded); ``pairs.json`` (the two coders' folders of each half, default
``coder1``/``coder2`` for half A and ``coder3``/``coder4`` for half B), each folder with
``*.jsonl`` rows ``{"key", "frames"}``; ``adjudicated*.jsonl`` (one decision per
disagreement: ``{"key", "frame", "present", "why"}``).

``--disagreements OUT`` writes the disagreements to adjudicate (key, frame, text, without
saying which coder said what); otherwise ``OUT_DIR`` receives ``check.jsonl`` (the rows in
the frames set's format, ``split`` = ``check``, plus ``stratum``) and ``agreement.json`` (all
paragraphs, and per stratum under ``strata`` when there are several).

Run: ``python tools/frames_check_build.py LABEL_DIR SHARED_DIR OUT_DIR`` or
``python tools/frames_check_build.py LABEL_DIR --disagreements OUT.jsonl``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames_build import (  # noqa: E402
    agreement_table,
    coder_labels,
    final_frames,
    paragraph_units,
    read_jsonl,
)

from normtrace.evaluate.frames import FRAMES  # noqa: E402

PAIRS = {"halfA": ("coder1", "coder2"), "halfB": ("coder3", "coder4")}


def paired(labels: Path) -> list[tuple[dict[str, Any], set[str], set[str]]]:
    """Every sampled paragraph both coders of its pair labelled, with their label sets (the
    others are left out and counted on stderr)."""
    sample = {r["key"]: r for r in read_jsonl(labels / "sample.jsonl")}
    pairs = PAIRS
    if (labels / "pairs.json").exists():
        pairs = {h: tuple(c) for h, c in json.loads((labels / "pairs.json").read_text()).items()}
    out = []
    left_out: dict[str, int] = {}
    for half, (first, second) in pairs.items():
        a, b = coder_labels(labels / first), coder_labels(labels / second)
        for row in read_jsonl(labels / f"{half}.jsonl"):
            key = row["key"]
            if key not in a or key not in b:
                left_out[half] = left_out.get(half, 0) + 1
                continue
            out.append(({**sample[key], "pair": half}, a[key], b[key]))
    for half, n in left_out.items():
        print(f"{half}: {n} paragraph(s) left out, not labelled by both coders", file=sys.stderr)
    return out


def disagreements(labels: Path, out: Path) -> None:
    rows = []
    for r, a, b in paired(labels):
        for frame in FRAMES:
            if (frame in a) != (frame in b):
                rows.append({"key": r["key"], "frame": frame, "text": r["text"]})
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} disagreement(s) -> {out}")


def build(labels: Path, shared: Path, out: Path) -> None:
    decisions = {(d["key"], d["frame"]): bool(d["present"])
                 for path in sorted(labels.glob("adjudicated*.jsonl"))
                 for d in read_jsonl(path)}  # fmt: skip
    rows, missing = [], []
    units_by_symbol: dict[str, dict[str, list[dict[str, str]]]] = {}
    for r, a, b in paired(labels):
        final, undecided = final_frames(r["key"], a, b, decisions)
        missing.extend(undecided)
        if str(r["key"]).startswith("S/RES/"):  # a resolution paragraph, any stratum
            symbol = str(r["symbol"])
            if symbol not in units_by_symbol:
                units_by_symbol[symbol] = paragraph_units(shared, symbol)
            units = units_by_symbol[symbol][r["key"]]
        else:
            units = [{"key": r["key"], "text": r["text"]}]
        rows.append({
            **{k: r[k] for k in ("key", "symbol", "year", "kind", "stratum", "pair", "text")},
            **({"weight": r["weight"]} if "weight" in r else {}),
            "split": "check", "units": units, "frames": final,
            "coder1": sorted(a, key=FRAMES.index), "coder2": sorted(b, key=FRAMES.index),
        })  # fmt: skip
    if missing:
        raise SystemExit(f"{len(missing)} disagreement(s) not adjudicated, e.g. {missing[0]}")
    agreement = agreement_table(rows)
    strata = sorted({str(r["stratum"]) for r in rows})
    if len(strata) > 1:  # each stratum's own agreement: their positives differ in kind
        agreement["strata"] = {s: agreement_table([r for r in rows if r["stratum"] == s])
                               for s in strata}  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    with (out / "check.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out / "agreement.json").write_text(json.dumps(agreement, indent=2) + "\n", encoding="utf-8")
    with (out / "adjudicated.jsonl").open("w", encoding="utf-8") as fh:
        for path in sorted(labels.glob("adjudicated*.jsonl")):
            for d in read_jsonl(path):
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(json.dumps(agreement, indent=2))


if __name__ == "__main__":
    a = sys.argv[1:]
    if "--disagreements" in a:
        disagreements(Path(a[0]), Path(a[a.index("--disagreements") + 1]))
    else:
        build(Path(a[0]), Path(a[1]), Path(a[2]))
