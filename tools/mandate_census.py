"""Task counts of every non-reserved mandate resolution 1999–2015 (R9's census).

Parses each resolution of ``SHARED/corpus/resolutions`` adopted in 1999–2015 except the 16
reserved test resolutions (left out by file name, before any file is read), keeps those that
decide a mission's mandate (:func:`normtrace.reuse.mission.mission_of`, the store's mandate
recognition), and counts the tasks of each with :func:`normtrace.trace.mandate.count_tasks`
(a task given by reference to another resolution is followed among the parsed resolutions; a
reserved one is "not held"). Writes one JSON line per mandate resolution: symbol, mission,
whether it restates a task list, the printed leaves, the count, what the count followed and
what it could not. Run it on two versions of the code and compare with ``--compare``.

Run: ``python tools/mandate_census.py SHARED OUT.jsonl`` and
``python tools/mandate_census.py --compare BEFORE.jsonl AFTER.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from normtrace.ingest.text import decode_text
from normtrace.parse.resolution import parse_resolution
from normtrace.reuse.mission import mission_of
from normtrace.trace.mandate import ResolutionUnit, TaskCount, count_tasks

RESERVED = {1270, 1291, 1542, 1608, 1925, 2053, 2085, 2098, 2100, 2127, 2147, 2149, 2164}
RESERVED |= {2211, 2217, 2227}
_FILE = re.compile(r"S-RES-(\d+)\((\d{4})\)\.txt$")


def corpus(shared: Path) -> dict[str, tuple[str, list[ResolutionUnit]]]:
    """Symbol -> (date, units) of every non-reserved resolution 1999–2015."""
    out: dict[str, tuple[str, list[ResolutionUnit]]] = {}
    for path in sorted(shared.joinpath("corpus", "resolutions").glob("S-RES-*.txt")):
        m = _FILE.search(path.name)
        if not m or not 1999 <= int(m[2]) <= 2015 or int(m[1]) in RESERVED:
            continue  # reserved: never read
        symbol = f"S/RES/{m[1]} ({m[2]})"
        doc = parse_resolution(decode_text(path.read_bytes(), path=str(path)).text, symbol=symbol)
        units = [ResolutionUnit(p.key, p.kind, p.parent_key, p.text) for p in doc.paragraphs]
        out[symbol] = (doc.date or "", units)
    return out


def census(shared: Path) -> list[dict[str, Any]]:
    """One row per mandate resolution (module doc)."""
    texts = corpus(shared)
    by_number: dict[str, list[str]] = {}
    for symbol in texts:
        by_number.setdefault(symbol.split()[0].rsplit("/", 1)[1], []).append(symbol)

    def lookup(number: str, year: str | None) -> tuple[str, list[ResolutionUnit]] | None:
        found = [s for s in by_number.get(number, []) if year is None or s.endswith(f"({year})")]
        return (found[0], texts[found[0]][1]) if len(found) == 1 else None

    rows = []
    for symbol, (date, units) in texts.items():
        mission = mission_of("\n".join(u.text for u in units))
        if mission is None:
            continue
        row = count_tasks(symbol, date, units, [], mission, lookup)
        names = {f.name for f in fields(TaskCount)}
        data = {k: v for k, v in row.to_json().items() if k in names and "safeguard" not in k}
        rows.append({"mission": mission, **data})
    return rows


def compare(before: Path, after: Path) -> None:
    """Print every resolution whose task count, list or notes changed, and the totals."""
    old = {r["resolution"]: r for r in map(json.loads, before.read_text().splitlines())}
    new = {r["resolution"]: r for r in map(json.loads, after.read_text().splitlines())}
    changed = 0
    for symbol, b in new.items():
        a = old.get(symbol)
        if a is None:
            print(f"{symbol}: not in BEFORE")
            continue
        if (a["tasks"], a["unresolved"], a["restated"]) == (
            b["tasks"],
            b["unresolved"],
            b["restated"],
        ):
            continue
        changed += 1
        print(f"{symbol} {b['mission']}: {a['tasks']}{' (unresolved)' if a['unresolved'] else ''}"
              f" -> {b['tasks']}{' (unresolved)' if b['unresolved'] else ''}")  # fmt: skip
        for line in b["by_reference"]:
            if line not in a["by_reference"]:
                print("    +", line)
        for line in b["unresolved"]:
            print("    ! ", line)
    lists = sum(r["restated"] for r in new.values())
    print(f"{len(new)} mandate resolutions; {lists} with a task list; {changed} changed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs=2, help="SHARED OUT, or BEFORE AFTER")
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        compare(*args.paths)
        return
    rows = census(args.paths[0])
    args.paths[1].write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} mandate resolutions; {sum(r['restated'] for r in rows)} task lists")


if __name__ == "__main__":
    main()
