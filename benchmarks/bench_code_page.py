"""Single-request latency of the web code page (one code's passages) on a real-size project.

The code page lists one page of a code's passages (:data:`normtrace.web.codepage.PAGE_LIMIT`)
with counts over all of them. For each code asked (default: the ``--top`` codes with the
most passages), one signed-in coder requests, in the same process through the ASGI test
client, ``--repeat`` times each:

* the code page (HTML), first page;
* the code page at its last page (``offset`` near the end: the cost of deep paging);
* the baseline: "export this view" as CSV, which builds every passage of the view with
  its context (what the page did to show 100 of them before issue 14's paging).

It prints the median and the slowest wall time of each, the median CPU time of the
process (client and app: steadier than wall time on a shared machine), and the ratio of
CPU times export / page. The project is a copy taken with SQLite's backup API from a
read-only connection (never written).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_code_page.py --project /work/proj/full.db

Without ``--project`` (or ``$NORMTRACE_PROJECT``) it says so and exits 0, as ``make bench``
runs it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import _shared  # noqa: E402
from web_support import PASSWORD, TestClient, session_for  # type: ignore[import-not-found]  # noqa: E402

from normtrace.web.access import ProjectAccess  # noqa: E402
from normtrace.web.app import create_app  # noqa: E402
from normtrace.web.auth import create_user  # noqa: E402

CODER = "pager"


def copy_project(source: Path, target: Path) -> Path:
    """A copy of ``source`` (read-only connection, backup API) with one coder account."""
    _shared.copy_project(source, target)
    access = ProjectAccess(target)
    try:
        access.write(partial(create_user, name=CODER, role="coder", password=PASSWORD))
    finally:
        access.close()
    return target


def largest_codes(project: Path, top: int) -> list[tuple[str, int]]:
    """The ``top`` codes with the most current candidates and human codings."""
    with sqlite3.connect(project) as conn:
        rows = conn.execute(
            "SELECT code, count(*) FROM (SELECT code FROM current_auto_codings "
            "UNION ALL SELECT code FROM human_codings) GROUP BY code ORDER BY 2 DESC, 1 LIMIT ?",
            (top,),
        ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def timed(client: TestClient, url: str, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (the whole process: client and app) of ``repeat`` GETs of
    ``url``, after one warm-up request. CPU time says more on a shared machine."""
    first = client.get(url)
    if first.status_code != 200:
        raise SystemExit(f"{url}: HTTP {first.status_code} {first.text[:200]}")
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return wall, cpu


def _ms(took: tuple[list[float], list[float]]) -> str:
    wall, cpu = took
    return (
        f"median {statistics.median(wall) * 1000:7.1f} ms (max {max(wall) * 1000:7.1f}), "
        f"CPU median {statistics.median(cpu) * 1000:7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Copy the project, time the code pages, print one block per code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None,
                        help="project to copy (default: $NORMTRACE_PROJECT)")  # fmt: skip
    parser.add_argument("--codes", nargs="*", default=None, help="codes (default: largest)")
    parser.add_argument("--top", type=int, default=3, help="how many of the largest codes")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    if args.project is None:
        if not os.environ.get("NORMTRACE_PROJECT"):
            print("skipped: give --project FILE (a real-size project) or set NORMTRACE_PROJECT")
            return 0
        args.project = Path(os.environ["NORMTRACE_PROJECT"])
    if not args.project.is_file():
        parser.error(f"{args.project}: no such project file")
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(args.project, Path(tmp) / "page.db")
        sizes = dict(largest_codes(project, 1_000))
        codes = args.codes or list(sizes)[: args.top]
        app = create_app(project, secret="bench-secret")
        try:
            client = session_for(app, CODER)
            print(f"code page, {args.repeat} requests each (in process, ASGI test client)")
            for code in codes:
                path = f"/codes/{quote(code, safe='')}"
                last = max(0, (sizes.get(code, 0) - 1) // 100 * 100)
                page = timed(client, path, args.repeat)
                deep = timed(client, f"{path}?offset={last}", args.repeat)
                export = timed(client, f"{path}/export.csv", max(3, args.repeat // 4))
                ratio = statistics.median(export[1]) / statistics.median(page[1])
                print(f"{code} ({sizes.get(code, 0)} passages)")
                print(f"  page, first       {_ms(page)}")
                print(f"  page, offset {last:<5d}{_ms(deep)}")
                print(f"  export.csv (all)  {_ms(export)}; export / page CPU {ratio:.1f}x")
        finally:
            app.state.access.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
