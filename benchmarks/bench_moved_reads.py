"""A unit whose coding a coder moved away reads only the moves, not every later event.

A coder's settlement of a review (``normtrace code review ID --move``) writes an ``uncode`` at
the old unit and a ``code`` at the new one, both naming the moved event in
``coding_events.reanchors``. The memos a unit lists (the workbench's unit page, exports:
:func:`normtrace.coding.exchange.placed_memos.placed_memos`) follow each coding moved out of the
unit to where it stands now, asking for the events after the move that name it. Until
migration 0028 no index covered ``reanchors``, so that question read every event after the move:
0.07 s per unit on a 200,000-event project, at every unit page of such a unit.

Setup (not timed): a SYNTHETIC resolution ``S/RES/9901 (2031)`` (made up; no UN text) ingested
into a new project with a one-code codebook; a coder codes op1 and writes a memo on the coding;
a second version inserts a paragraph before op1 (op1's words now stand at op2); the coder moves
the coding there (``resolve_review(..., move=True)``); then N SYNTHETIC memo events (default
200,000) on other keys are appended after the move, as months of other coders' work would be.

Timed, CPU seconds, fastest of REPEATS, alternated, in the same run:

* now: ``placed_memos`` of op1 (the unit the coding left) and of op2 (where it stands), on the
  project as migrated;
* baseline: the same calls on a copy of the same project without migration 0028's index
  (``DROP INDEX coding_events_reanchors``): the store before this stop.

Checks that both list the same memos. Prints the times and baseline/now. Asserts nothing on
time. Usage::

    .venv/bin/python benchmarks/bench_moved_reads.py [--events 200000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from normtrace.coding.exchange.codings import resolve_codebook
from normtrace.coding.exchange.placed_memos import placed_memos
from normtrace.coding.human import events
from normtrace.coding.human.anchors import open_reviews, resolve_review
from normtrace.project import Project
from normtrace.store.db import Store, utc_now

SYMBOL = "S/RES/9901 (2031)"
OP1, OP2 = f"{SYMBOL}/op1", f"{SYMBOL}/op2"
HEAD = (
    "United Nations\nSecurity Council\n\nS/RES/9901 (2031)\nDistr.: General 2 March 2031\n\n"
    "Resolution 9901 (2031)\nAdopted by the Security Council at its 99001st meeting, on 2 March "
    "2031\nThe Security Council,\nRecalling its synthetic statements on the invented region,\n"
)
PARAGRAPHS = [
    "Recognizes the ownership of the synthetic Government of Examplia over its transition;",
    "Decides to remain seized of the synthetic matter.",
]
INSERTED = "Welcomes the synthetic restored paragraph of the invented Council;"


def _text(operative: list[str]) -> str:
    return HEAD + "".join(f"{n}. {p}\n" for n, p in enumerate(operative, start=1))


def build(folder: Path, n_events: int) -> Path:
    """The SYNTHETIC project described in the module doc; its path."""
    source = folder / "S-RES-9901(2031).txt"
    source.write_text(_text(PARAGRAPHS), encoding="utf-8")
    book = folder / "synth.yaml"
    book.write_text("name: synth\ncodes:\n  - {id: own, name: Ownership}\n", encoding="utf-8")
    db = folder / "now.db"
    with Project(db) as project:
        store = project.store
        project.ingest([source])
        resolve_codebook(store, str(book))
        events.add_code(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        memo="SYNTHETIC first look", codebook="synth")  # fmt: skip
        events.add_memo(store, coder="ana", unit_key=OP1, start=0, end=24, code="own",
                        memo="SYNTHETIC second thought", codebook="synth")  # fmt: skip
        time.sleep(0.01)
        source.write_text(_text([INSERTED, *PARAGRAPHS]), encoding="utf-8")
        project.ingest([source])
        (review,) = open_reviews(store)
        resolve_review(store, review.id, coder="ana", move=True)
        at = utc_now(precise=True)
        rows = ((at, f"filler{i % 20}", "memo", f"SYN/{i // 50}/op{i % 50}", f"SYNTHETIC note {i}")
                for i in range(n_events))  # fmt: skip
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO coding_events (at, coder, action, unit_key, memo) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
    return db


def without_index(db: Path, target: Path) -> Path:
    """A copy of ``db`` without migration 0028's index: the store before this stop."""
    shutil.copy(db, target)
    with Store.open(target) as store:
        store.conn.execute("DROP INDEX coding_events_reanchors")
    return target


def _read(db: Path) -> tuple[list[str], float]:
    """The memos of op1 and op2 and the CPU seconds of listing them."""
    with Store.open(db) as store:
        start = time.process_time()
        listed = placed_memos(store, OP1) + placed_memos(store, OP2)
        spent = time.process_time() - start
    return [m.memo for m in listed], spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-moved-") as tmp:
        folder = Path(tmp)
        now = build(folder, args.events)
        before = without_index(now, folder / "baseline.db")
        best = {"now": float("inf"), "baseline": float("inf")}
        memos: dict[str, list[str]] = {}
        for _ in range(args.repeats):  # alternated: the machine's load falls on both
            for name, db in (("now", now), ("baseline", before)):
                memos[name], spent = _read(db)
                best[name] = min(best[name], spent)
        if memos["now"] != memos["baseline"] or "SYNTHETIC second thought" not in memos["now"]:
            sys.exit(f"different memos: now {memos['now']}, baseline {memos['baseline']}")
        with Store.open(now) as store:
            total = int(store.conn.execute("SELECT count(*) FROM coding_events").fetchone()[0])
    print(f"SYNTHETIC project: {total:,} coding events, one coding moved op1 -> op2")
    print(f"memos of op1 and op2 (CPU s, fastest of {args.repeats}):")
    print(f"  now (index coding_events_reanchors): {best['now']:.4f}")
    print(f"  baseline (same project, no index):   {best['baseline']:.4f}")
    print(f"  baseline / now: {best['baseline'] / max(best['now'], 1e-9):.1f} x")


if __name__ == "__main__":
    main()
