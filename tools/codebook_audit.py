"""Audit a codebook revision: which passages it codes with other frames than the old version.

A revision of the default codebook is checked on every text at hand before its scores are
trusted: each labelled paragraph (the frames set and every check sample; a change there is
counted right or wrong against the human label), every paragraph of the resolutions of
1946-2015 in ``../shared`` that no labelled set holds (the sixteen reserved case resolutions
are never read), and, given a project that holds them, the units of the Secretary-General's
reports and of speeches (``--project``). Unlabelled changes are listed for a reader to judge.

A check sample stays a clean measurement of a revised codebook when this audit finds no
change on the sample's pool (``drawn.json``: ``clean_for_matching`` and ``audits``).

Run: ``python tools/codebook_audit.py OLD.yaml NEW.yaml [SHARED_DIR] [--project DB ...]``
(the old version e.g. from ``git show REV:src/normtrace/data/codebooks/stability-operations.yaml``).
Prints one line per change and a count per pool; exit 0.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from frames_build import paragraph_units  # noqa: E402
from frames_sample import NAME, RESERVED, units  # noqa: E402

from normtrace.coding.codebook import Codebook  # noqa: E402
from normtrace.coding.exchange.yamlio import load_codebook  # noqa: E402
from normtrace.evaluate.frames import load_labelled_set, predict  # noqa: E402

FOLDER = Path(__file__).parent.parent / "src/normtrace/data/validation/frames"
# the unit types a project's reports and speeches are stored as
PROJECT_POOLS = {
    "report": "SELECT u.key, u.text FROM units u WHERE u.doc_type = 'report'",
    "speech": "SELECT u.key, u.text FROM units u WHERE u.doc_type IN ('corpus_meeting', 'meeting')",
}


def labelled_rows() -> list[dict[str, Any]]:
    rows = [{**r, "source": "set"} for r in load_labelled_set(str(FOLDER / "frames.jsonl"))]
    for path in sorted(FOLDER.glob("check*/check.jsonl")):
        rows += [{**r, "source": path.parent.name} for r in load_labelled_set(str(path))]
    return rows


def resolution_rows(shared: Path, skip: set[str]) -> Iterator[dict[str, Any]]:
    """Every paragraph of the non-reserved resolutions that no labelled set holds."""
    for path in sorted((shared / "corpus" / "resolutions").iterdir()):
        m = NAME.match(path.name)
        if not m or int(m[1]) in RESERVED:
            continue
        try:
            stored = paragraph_units(shared, f"S/RES/{m[1]} ({m[2]})")
            for u in units(path):
                if u["key"] not in skip:
                    yield {**u, "units": stored[str(u["key"])]}
        except Exception as exc:  # one unreadable file must not stop the audit
            print(f"{path.name}: skipped ({exc})", file=sys.stderr)


def project_rows(db: Path, sql: str) -> list[dict[str, Any]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = con.execute(sql).fetchall()
    finally:
        con.close()
    return [{"key": k, "text": t, "units": [{"key": k, "text": t}]} for k, t in found]


def changes(
    rows: list[dict[str, Any]], old: Codebook, new: Codebook
) -> Iterator[tuple[dict[str, Any], str, bool]]:
    """(row, frame, gained) for each frame a row gains or loses."""

    def frames(book: Codebook) -> dict[str, set[str]]:
        of = {c: f for f, cs in book.frame_codes().items() for c in cs}
        coded = predict(rows, book)
        return {r["key"]: {of[c] for c in coded[r["key"]] if c in of} for r in rows}

    before, after = frames(old), frames(new)
    for row in rows:
        for frame in sorted(before[row["key"]] ^ after[row["key"]]):
            yield row, frame, frame in after[row["key"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("shared", type=Path, nargs="?", default=Path("../shared"))
    parser.add_argument("--project", type=Path, action="append", default=[])
    args = parser.parse_args()
    old, new = load_codebook(args.old), load_codebook(args.new)
    print(f"{old.name} {old.version} (matching {old.matching}) -> "
          f"{new.version} (matching {new.matching})")  # fmt: skip
    labelled = labelled_rows()
    pools: dict[str, list[dict[str, Any]]] = {"labelled": labelled}
    pools["resolution"] = list(resolution_rows(args.shared, {r["key"] for r in labelled}))
    for db in args.project:
        for name, sql in PROJECT_POOLS.items():
            if rows := project_rows(db, sql):
                pools[f"{name} ({db.name})"] = rows
    for name, rows in pools.items():
        right = wrong = n = 0
        for row, frame, gained in changes(rows, old, new):
            n += 1
            tag = "?"
            if "frames" in row:
                ok = (frame in row["frames"]) == gained
                right, wrong = right + ok, wrong + (not ok)
                tag = ("right" if ok else "WRONG") + f" [{row['source']}]"
            text = re.sub(r"\s+", " ", row["text"])[:160]
            print(f"{name}\t{tag}\t{'+' if gained else '-'}{frame}\t{row['key']}\t{text}")
        scored = f" ({right} right, {wrong} wrong)" if name == "labelled" else ""
        print(f"{name}: {len(rows)} passages, {n} frame changes{scored}")


if __name__ == "__main__":
    main()
