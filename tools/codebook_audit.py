"""Audit a codebook revision: which passages it codes with other frames than the old version.

A revision of the default codebook is checked on every text at hand before its scores are
trusted: each labelled paragraph (the frames set and every check sample; a change there is
counted right or wrong against the human label), every paragraph of the resolutions of
1946-2015 in ``../shared`` that no labelled set holds (the sixteen reserved case resolutions
are never read), and, given a project that holds them, the units of the Secretary-General's
reports and of speeches (``--project``). Unlabelled changes are listed for a reader to judge.

A check sample stays a clean measurement of a revised codebook when this audit finds no
change on the sample's pool (``drawn.json``: ``clean_for_matching`` and ``audits``).

A revision of the matcher (the code that applies a codebook) is audited the same way:
``--old-code REV`` codes OLD.yaml with the normtrace of git revision REV (checked out in a
temporary worktree, removed afterwards, and run in a child process with its ``src`` first on
``PYTHONPATH``) and NEW.yaml with the working tree's; pass the same codebook twice to see what
the code change alone changes. Both sides code the same units (split here, by the working
tree's parser). A check sample stays a clean measurement after a matcher revision only when
this audit finds no change on its pool (``drawn.json``: ``clean_for_matcher`` and ``audits``).

Run: ``python tools/codebook_audit.py OLD.yaml NEW.yaml [SHARED_DIR] [--project DB ...]
[--old-code REV]`` (the old version e.g. from
``git show REV:src/normtrace/data/codebooks/stability-operations.yaml``).
Prints one line per change and a count per pool; exit 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

# normtrace is imported in the functions: the child process of --old-code imports the old
# revision's (its src first on PYTHONPATH) and needs only load_codebook and predict.

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "src/normtrace/data/validation/frames"
# the unit types a project's reports and speeches are stored as
PROJECT_POOLS = {
    "report": "SELECT u.key, u.text FROM units u WHERE u.doc_type = 'report'",
    "speech": "SELECT u.key, u.text FROM units u WHERE u.doc_type IN ('corpus_meeting', 'meeting')",
}


def labelled_rows() -> list[dict[str, Any]]:
    from normtrace.evaluate.frames import load_labelled_set

    rows = [{**r, "source": "set"} for r in load_labelled_set(str(FOLDER / "frames.jsonl"))]
    for path in sorted(FOLDER.glob("check*/check.jsonl")):
        rows += [{**r, "source": path.parent.name} for r in load_labelled_set(str(path))]
    return rows


def resolution_rows(shared: Path, skip: set[str]) -> Iterator[dict[str, Any]]:
    """Every paragraph of the non-reserved resolutions that no labelled set holds."""
    from frames_build import paragraph_units
    from frames_sample import NAME, RESERVED, units

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


# the frames each row is coded with: (rows, codebook YAML) -> {row key: frames}
Coder = Callable[[list[dict[str, Any]], Path], dict[str, set[str]]]


def coded_frames(rows: list[dict[str, Any]], path: Path) -> dict[str, set[str]]:
    """The frames the codebook at ``path`` codes each row with (any of its units), by the
    normtrace this process imports."""
    from normtrace.coding.exchange.yamlio import load_codebook
    from normtrace.evaluate.frames import predict

    book = load_codebook(path)
    of = {c: f for f, cs in book.frame_codes().items() for c in cs}
    coded = predict(rows, book)
    return {r["key"]: {of[c] for c in coded[r["key"]] if c in of} for r in rows}


def child_coder(src: Path) -> Coder:
    """:func:`coded_frames` run by the normtrace in ``src`` (another revision's), in a child
    process: the rows go in and the frames come back as JSON."""

    def code(rows: list[dict[str, Any]], path: Path) -> dict[str, set[str]]:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(Path(__file__).parent)])}
        sent = json.dumps([{"key": r["key"], "units": r["units"]} for r in rows])
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            input=sent, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"the old code failed to code the rows:\n{done.stderr}")
        return {k: set(v) for k, v in json.loads(done.stdout).items()}

    return code


def changes(
    rows: list[dict[str, Any]], old: Path, new: Path, old_coder: Coder = coded_frames
) -> Iterator[tuple[dict[str, Any], str, bool]]:
    """(row, frame, gained) for each frame a row gains or loses: ``old`` coded by
    ``old_coder``, ``new`` by this process's normtrace."""
    before, after = old_coder(rows, old), coded_frames(rows, new)
    for row in rows:
        for frame in sorted(before[row["key"]] ^ after[row["key"]]):
            yield row, frame, frame in after[row["key"]]


def worktree(rev: str, where: Path) -> Path:
    """Check out ``rev`` of this repository at ``where`` (detached); its ``src`` folder."""
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(where), rev],
                   check=True, capture_output=True)  # fmt: skip
    return where / "src"


def child() -> None:
    """``--child BOOK.yaml``: the rows (JSON on stdin) coded by this process's normtrace."""
    rows = json.loads(sys.stdin.read())
    found = coded_frames(rows, Path(sys.argv[2]))
    json.dump({k: sorted(v) for k, v in found.items()}, sys.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("shared", type=Path, nargs="?", default=Path("../shared"))
    parser.add_argument("--project", type=Path, action="append", default=[])
    parser.add_argument("--old-code", metavar="REV", help="code OLD with git revision REV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="codebook-audit-") as tmp:
        where = Path(tmp) / "old"
        try:
            old_coder = child_coder(worktree(args.old_code, where)) if args.old_code else None
            audit(args, old_coder or coded_frames)
        finally:
            if where.exists():
                remove = ["git", "-C", str(REPO), "worktree", "remove", "--force", str(where)]
                subprocess.run(remove, check=False)


def audit(args: argparse.Namespace, old_coder: Coder) -> None:
    """Every pool's changes printed, with a count per pool."""
    from normtrace.coding.exchange.yamlio import load_codebook

    old, new = load_codebook(args.old), load_codebook(args.new)
    code = f" (old code: {args.old_code})" if args.old_code else ""
    print(f"{old.name} {old.version} (matching {old.matching}){code} -> "
          f"{new.version} (matching {new.matching}; this working tree)")  # fmt: skip
    labelled = labelled_rows()
    pools: dict[str, list[dict[str, Any]]] = {"labelled": labelled}
    pools["resolution"] = list(resolution_rows(args.shared, {r["key"] for r in labelled}))
    for db in args.project:
        for name, sql in PROJECT_POOLS.items():
            if rows := project_rows(db, sql):
                pools[f"{name} ({db.name})"] = rows
    for name, rows in pools.items():
        right = wrong = n = 0
        for row, frame, gained in changes(rows, args.old, args.new, old_coder):
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
    child() if sys.argv[1:2] == ["--child"] else main()
