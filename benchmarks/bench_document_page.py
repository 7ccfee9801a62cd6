"""The web document page once the dictionary has run: its units' candidates in one query.

Until H14 (stop 47) the document page read each unit's dictionary candidates apart
(``unit_candidates`` per unit), and each of those queries checked whether a count holds a
candidate with a condition naming the candidate (``counted_sql``: ``c.ref_id = a.id``),
which SQLite does not push into the ``codings`` view: every query read the whole view, 0.3
to 0.7 s on the whole-corpus project (10,026 candidates), 5-7 s for a 74-unit meeting record
(N2 finding 4). Now the page reads all its units' candidates in one query whose counted
check names the page's units (``counted_in_sql``), which SQLite pushes into each branch of
the view (an index lookup by unit).

Setup (not timed): a SYNTHETIC project of ``--docs`` made-up resolutions ``SYN/B/n`` of
``--units`` operative paragraphs (words drawn from a fixed list, seed 47) with a 4-code
SYNTHETIC dictionary applied, and a coder's verdicts on a tenth of the candidates; or, with
``--project FILE``, a copy of a real project (SQLite's backup API: the original is never
written) and its ``--document`` ids.

Timed, wall seconds, fastest of ``--repeats``, alternated, on the same open store:

* ``page`` — the document page's units as the web builds them now
  (:func:`normtrace.web.codings.units_with_codings`);
* ``per unit, pushed down`` — each unit's :func:`with_codings` alone (the unit page's way:
  one candidate query per unit, with the pushed-down counted check);
* baseline ``per unit, before`` — each unit with its candidates read as before H14 (one
  query per unit with ``counted_sql``; a copy of the old query below, ``_old_candidates``).

Checks that the three give the same units. Prints times and baseline/page. Asserts nothing
on time. Usage::

    .venv/bin/python benchmarks/bench_document_page.py [--docs 200] [--units 25]
    .venv/bin/python benchmarks/bench_document_page.py --project big.db --document 2314 48
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from _shared import copy_project  # noqa: E402

from normtrace.coding.codebook import Code, Codebook, Entry  # noqa: E402
from normtrace.coding.dictionary import candidates as cand  # noqa: E402
from normtrace.coding.dictionary.apply import apply_codebook  # noqa: E402
from normtrace.coding.human.events import record_verdict  # noqa: E402
from normtrace.coding.human.suggestion_absent import rejected_candidates  # noqa: E402
from normtrace.coding.placed import on_candidate_sql  # noqa: E402
from normtrace.store.db import Store  # noqa: E402
from normtrace.web import codings, queries  # noqa: E402
from normtrace.web.auth import User  # noqa: E402
from normtrace.web.schemas import UnitOut  # noqa: E402
from normtrace.web.teams import visibility  # noqa: E402
from synthetic_docs import insert_document  # type: ignore[import-not-found]  # noqa: E402

BOOK = Codebook(name="syn-bench", codes=(
    Code(id="poc", name="PoC (SYNTHETIC)", entries=(Entry("protect* civilian*"),)),
    Code(id="ceasefire", name="Ceasefire (SYNTHETIC)", entries=(Entry("ceasefire"),)),
    Code(id="sanctions", name="Sanctions (SYNTHETIC)", entries=(Entry("sanction*"),)),
    Code(id="elections", name="Elections (SYNTHETIC)", entries=(Entry("election*"),)),
))  # fmt: skip
#: filler words and, rarer, the dictionary's (about 2 candidates per 20-word paragraph)
FILLER = ["the", "mission", "synthetic", "council", "decides", "requests", "region", "of",
          "to", "and", "towns", "further", "calls", "upon", "parties", "all", "member",
          "states", "support", "report", "welcomes"]  # fmt: skip
WORDS = (*FILLER * 3, "protect civilians", "ceasefire", "sanctions", "elections")


def build(path: Path, docs: int, units: int) -> list[int]:
    """The SYNTHETIC project at ``path``; its document ids."""
    rng = random.Random(47)
    with Store.open(path) as store:
        with store.transaction() as conn:
            ids = [
                insert_document(conn, f"SYN/B/{d}", [
                    (f"SYN/B/{d}/op{i + 1}", "operative",
                     " ".join(rng.choice(WORDS) for _ in range(20)) + ";")
                    for i in range(units)
                ], date=f"{2000 + d % 20}-01-01")
                for d in range(docs)
            ]  # fmt: skip
        apply_codebook(store, BOOK)
        found = [int(r[0]) for r in store.conn.execute("SELECT id FROM current_auto_codings")]
        with store.transaction():
            for cid in rng.sample(found, len(found) // 10):
                record_verdict(store, coder="ana", auto_coding_id=cid,
                               verdict=rng.choice(("accept", "reject")))  # fmt: skip
    return ids


def _old_candidates(store: Store, unit_key: str, coder: str, others: bool) -> list[Any]:
    """A unit's candidates as ``unit_candidates`` read them before H14 (the baseline)."""
    rows = store.conn.execute(
        'SELECT a.unit_key, a.id, a.code, a.start, a."end", a.snippet, a.codebook, '
        f"a.codebook_version, a.run_id, v.verdict, {cand.counted_sql('a')} AS counted, "
        f"{cand.coded_over_sql('a', coder='?')} AS coded FROM current_auto_codings a "
        f"LEFT JOIN current_verdicts v ON {on_candidate_sql('a')} AND v.coder = ? "
        "WHERE a.unit_key = ? ORDER BY a.unit_key, a.start, a.id",
        (coder, coder, unit_key),
    ).fetchall()
    said = rejected_candidates(store) if rows else {}
    return [cand._candidate(r, coder, counted=(bool(r["counted"]) and int(r["id"]) not in said)
                            or not others) for r in rows]  # fmt: skip


def _before(store: Store, user: User, units: list[UnitOut], names: Any, books: Any) -> list[Any]:
    out = []
    for u in units:
        state = visibility(store, u.key)
        found = _old_candidates(store, u.key, user.name, state.shows_everyone(user))
        out.append(codings.with_codings(store, user, u, names, books, state, found))
    return out


def _best(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, tuple[float, Any]]:
    best: dict[str, tuple[float, Any]] = {}
    for _ in range(repeats):
        for name, run in runs.items():  # alternated
            t = time.perf_counter()
            got = run()
            dt = time.perf_counter() - t
            if name not in best or dt < best[name][0]:
                best[name] = (dt, got)
    return best


def _runs(
    store: Store, user: User, units: list[UnitOut], names: Any, books: Any
) -> dict[str, Callable[[], object]]:
    return {
        "page": lambda: codings.units_with_codings(store, user, units, names, books),
        "per unit, pushed down": lambda: [
            codings.with_codings(store, user, u, names, books) for u in units
        ],
        "per unit, before (baseline)": lambda: _before(store, user, units, names, books),
    }


def measure(store: Store, user: User, document_ids: list[int], repeats: int) -> None:
    names, books = codings.code_labels(store), codings.codebook_codes(store)
    for doc in document_ids:
        units = queries.document_units(store, doc)
        shown = sum(1 for r in store.conn.execute(
            "SELECT 1 FROM current_auto_codings WHERE unit_key IN (SELECT key FROM paragraphs "
            "WHERE document_id = ? UNION ALL SELECT key FROM speeches WHERE document_id = ?)",
            (doc, doc)))  # fmt: skip
        best = _best(repeats, _runs(store, user, units, names, books))
        results = [got for _, got in best.values()]
        same = all(r == results[0] for r in results)
        print(f"document {doc}: {len(units)} units, {shown} candidates; same units: {same}")
        for name, (dt, _) in best.items():
            print(f"  {name:30s} {dt:8.3f} s")
        base, page = best["per unit, before (baseline)"][0], best["page"][0]
        print(f"  baseline / page: {base / page:.1f} x")
        if not same:
            raise SystemExit("the page and the per-unit paths differ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--units", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--project", type=Path, help="a real project (a copy is read)")
    parser.add_argument("--document", type=int, nargs="*", default=[])
    parser.add_argument("--user", default="ana", help="the reader (an admin: sees everyone)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.project:
            path = copy_project(args.project, Path(tmp) / "project.db")
            ids = args.document
        else:
            path = Path(tmp) / "synthetic.db"
            t = time.perf_counter()
            all_ids = build(path, args.docs, args.units)
            print(f"SYNTHETIC project: {args.docs} documents x {args.units} units "
                  f"({time.perf_counter() - t:.0f} s to build)")  # fmt: skip
            ids = all_ids[:1] + all_ids[-1:]
        with Store.open(path) as store:
            total = store.conn.execute("SELECT count(*) FROM current_auto_codings").fetchone()[0]
            print(f"{total} current candidates in the project")
            measure(store, User(0, args.user, "admin"), ids, args.repeats)


if __name__ == "__main__":
    main()
