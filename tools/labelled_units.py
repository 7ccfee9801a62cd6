"""Check (and mend) every bundled validation set that names report units against a fresh
reading of the reports (:mod:`normtrace.evaluate.labelled_units`).

Run: ``python tools/labelled_units.py [SHARED] [--mend] [--ocr auto|never]`` (``SHARED``
default ``../shared``). Prints, per set, how many rows are the same, moved, changed (how)
or gone, and every row that is not the same with the diff of its words. ``--mend`` writes
the sets back: moved rows re-keyed, explained changes taken with their labels kept, the
rest recorded as ``unplaced`` (never guessed); every other field and every label as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
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
    for label, rel, field in BUNDLED:
        path = SETS / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        checks = check_rows(rows, reading, text_field=field)
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
