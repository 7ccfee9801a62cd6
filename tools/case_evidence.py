"""Per-case evidence counts of the four bundled cases, and their reports (issue 13 acceptance).

For each case: the evidence items the default rules derive, the distinct indicators behind
them, items citing no unit, the report's first section and the leading hypothesis.

Run: ``python tools/case_evidence.py PROJECT.db OUT_DIR`` (writes OUT_DIR/<case>/index.html).
"""

from __future__ import annotations

import sys

from normtrace.report.html import write_report
from normtrace.store.db import Store
from normtrace.trace.run import resolve_case, run_trace

CASES = ("haiti-2004", "drc-2013", "mali-2013", "car-2014")


def main() -> None:
    store = Store.open(sys.argv[1], create=False)
    for case in CASES:
        run = run_trace(store, resolve_case(case), rules="default")
        items = run.trace.ledger.items if run.trace else ()
        names = sorted({i.indicators[0].name for i in items if i.indicators})
        bare = [i.id for i in items if not i.units]
        page = write_report(run, f"{sys.argv[2]}/{case}").read_text(encoding="utf-8")
        first = page[page.index("<section") :].split('"')[1]
        leader = run.trace.sensitivity.leader if run.trace else "-"
        print(
            f"{case}: {len(items)} items from {len(names)} indicators {names}; "
            f"items without units: {bare or 'none'}; first section: {first}; leader {leader}"
        )


if __name__ == "__main__":
    main()
