"""Check (and mend) every bundled validation set that names report units against a fresh
reading of the reports (:mod:`normtrace.evaluate.labelled_units`).

Run: ``python tools/labelled_units.py [SHARED] [--mend] [--ocr auto|never]`` (``SHARED``
default ``../shared``). Prints, per set, how many rows are the same, moved, changed (how)
or gone, and every row that is not the same with the diff of its words. ``--mend`` writes
the sets back: moved rows re-keyed, explained changes taken with their labels kept, the
rest recorded as ``unplaced`` (never guessed); every other field and every label as it was.

A change the rules cannot explain (words added or replaced) is taken with its labels only when
a person re-read the labels against the new words and recorded it in
``src/normtrace/data/validation/rereads.jsonl`` (``set``, ``key``, the ``text`` it judged,
``by``, ``why``): the row then records the change and that re-reading. An entry whose
``text`` is not the reading's words now counts for nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from normtrace.evaluate.labelled_units import (
    BUNDLED,
    check_rows,
    describe,
    document_of,
    mend_row,
    read_reports,
)

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "src" / "normtrace" / "data" / "validation"
REREADS = SETS / "rereads.jsonl"


def rereads() -> dict[tuple[str, str], dict[str, str]]:
    """``(set, key)`` -> a person's re-reading of a row's labels against new words."""
    if not REREADS.exists():
        return {}
    found = (json.loads(line) for line in REREADS.read_text(encoding="utf-8").splitlines())
    return {(r["set"], r["key"]): r for r in found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", type=Path, nargs="?", default=ROOT.parent / "shared")
    ap.add_argument("--mend", action="store_true", help="write the mended sets back")
    ap.add_argument("--ocr", default="auto", choices=("auto", "never"))
    args = ap.parse_args(argv)
    reading, names = read_reports(args.shared / "corpus" / "reports", ocr=args.ocr)
    units = sum(map(len, reading.values()))
    read = ", ".join(sorted(set(names.values())))
    print(f"reading: {read}; {len(reading)} reports, {units} units\n")
    not_standing = 0
    reread = rereads()
    for label, rel, field in BUNDLED:
        path = SETS / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        checks = check_rows(rows, reading, text_field=field)
        for i, c in enumerate(checks):
            r = reread.get((label, c.key))
            if r and c.status == "changed" and not c.explained and r["text"] == c.text_now:
                how = f"{c.how}; labels re-read by {r['by']}: {r['why']}"
                checks[i] = replace(c, explained=True, how=how)
        counts = Counter(c.status + (f" ({c.how})" if c.how else "") for c in checks)
        print(f"== {label} ({rel}): {len(rows)} rows, {len(checks)} of reports: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))  # fmt: skip
        for c in checks:
            if c.status != "same":
                kept = " [recorded as unplaced]" if "unplaced" in rows[c.row] else ""
                print(describe(c, label) + kept)
        not_standing += sum(not c.stands for c in checks)
        if args.mend:
            mended = list(rows)
            for c in checks:
                name = names[str(document_of(c.key, reading))]
                mended[c.row] = mend_row(rows[c.row], c, name, field)
            if mended != rows:
                text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in mended)
                path.write_text(text, encoding="utf-8")
                print(f"   written: {path.relative_to(ROOT)}")
        print()
    print(f"{not_standing} rows whose labelled words do not stand (reported, never guessed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
