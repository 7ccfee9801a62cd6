"""Kill -9 trials of ``normtrace code apply``: a killed run must leave no candidate rows.

Each trial copies a project, starts ``normtrace code apply`` on the copy, kills it
with SIGKILL after a random delay, then counts orphan candidates (``auto_codings``
rows whose run never finished) and checks that a rerun gives the same candidates as
an uninterrupted run of the reference copy.

Without ``--project`` a SYNTHETIC project is built: speeches made of words of the
test fixture resolution S/RES/2098 (2013), shuffled (not UN text).

Usage::

    PYTHONPATH=src python tools/kill_code_apply.py --trials 5
    PYTHONPATH=src python tools/kill_code_apply.py --project my.db --trials 3

Prints one line per trial and exits 1 if any trial left orphans or a different result.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "coding" / "S-RES-2098(2013).txt"


def build_synthetic(path: Path, units: int, seed: int) -> None:
    """A project with ``units`` SYNTHETIC speeches of shuffled fixture words."""
    from normtrace.store.db import Store

    words = FIXTURE.read_bytes().decode("cp1252").split()
    rng = random.Random(seed)
    store = Store.open(path)
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO documents (symbol, doc_type, date, year, parser) "
            "VALUES ('S/PV.0002', 'verbatim', '2013-01-01', 2013, 'synthetic')"
        )
        doc = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO speeches (document_id, key, idx, speaker, text) VALUES (?, ?, ?, ?, ?)",
            [
                (doc, f"S/PV.0002/s{i:05d}", i, "Synthetic speaker",
                 " ".join(rng.choices(words, k=rng.randint(80, 400))))
                for i in range(1, units + 1)
            ],
        )  # fmt: skip
    store.close()


def apply_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "normtrace", "--project", str(project), "code", "apply"]


def candidates(project: Path) -> tuple[int, list[tuple[object, ...]]]:
    """(orphan rows, the latest finished run's candidates)."""
    conn = sqlite3.connect(project)
    orphans = conn.execute(
        "SELECT count(*) FROM auto_codings WHERE run_id NOT IN (SELECT run_id FROM coding_runs)"
    ).fetchone()[0]
    rows = conn.execute(
        'SELECT unit_key, start, "end", code, entry FROM current_auto_codings ORDER BY 1, 2, 3, 4'
    ).fetchall()
    conn.close()
    return int(orphans), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a project to copy (default: synthetic)")
    parser.add_argument("--units", type=int, default=20_000, help="synthetic speeches")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        if args.project:
            shutil.copy(args.project, base)
        else:
            build_synthetic(base, args.units, args.seed)
        reference = Path(tmp) / "reference.db"
        shutil.copy(base, reference)
        began = time.perf_counter()
        subprocess.run(apply_command(reference), check=True, capture_output=True)
        full = time.perf_counter() - began
        _, expected = candidates(reference)
        print(f"reference run: {full:.1f} s, {len(expected)} candidates")
        bad = 0
        for trial in range(1, args.trials + 1):
            copy = Path(tmp) / f"trial{trial}.db"
            shutil.copy(base, copy)
            delay = rng.uniform(0.3, 0.99) * full
            proc = subprocess.Popen(apply_command(copy), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(delay)
            killed = proc.poll() is None
            if killed:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            orphans, _ = candidates(copy)
            subprocess.run(apply_command(copy), check=True, capture_output=True)
            after, rows = candidates(copy)
            same = rows == expected
            bad += orphans > 0 or after > 0 or not same
            print(f"trial {trial}: killed={'yes' if killed else 'no (finished)'} at {delay:.2f} s, "
                  f"orphan candidates {orphans}, rerun equals reference: {same}")  # fmt: skip
    print("all trials lossless" if not bad else f"{bad} trial(s) failed")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
