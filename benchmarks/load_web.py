"""Load test of the web workbench on loopback: N coders writing codings for S seconds.

Each simulated coder signs in through ``/api/login`` and posts codings of random
word spans of the fixture units to ``/api/codings`` as fast as the server
answers. Afterwards the project is opened directly and checked: every
acknowledged write (HTTP 201 with an event id) must be in ``coding_events``
exactly once with the same coder, unit, code and span, and no coding may be
stored twice. The server runs in its own process (its own GIL), as
``normtrace serve`` would.

The baseline, run in the same process, is the same write made directly through
the library (:func:`normtrace.web.codings.apply_code` via the single writer),
without HTTP: the ratio says what the web layer costs.

    .venv/bin/python benchmarks/load_web.py --coders 20 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))

from web_support import PASSWORD, build_project  # type: ignore[import-not-found]  # noqa: E402

from normtrace.store.db import Store  # noqa: E402
from normtrace.web import codings  # noqa: E402
from normtrace.web.access import ProjectAccess  # noqa: E402
from normtrace.web.auth import User, create_user, get_user  # noqa: E402
from normtrace.web.deps import ConflictError  # noqa: E402
from normtrace.web.server import ServerProcess  # noqa: E402


@dataclass
class CoderLog:
    """What one simulated coder saw."""

    acked: list[tuple[int, str, str, str, int, int]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LoadReport:
    """The outcome of one load run."""

    coders: int
    seconds: float
    acknowledged: int
    conflicts: int
    errors: int
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    missing: int
    duplicated: int
    mismatched: int
    unacknowledged_in_db: int
    baseline_throughput: float

    @property
    def consistent(self) -> bool:
        """Every acknowledged write stored once, nothing else stored, nothing twice."""
        return not (self.missing or self.duplicated or self.mismatched or self.unacknowledged_in_db)


def prepare(directory: Path, coders: int) -> Path:
    """The fixture project plus ``coders`` coder accounts."""
    project = Path(build_project(directory / "load.db"))
    access = ProjectAccess(project)
    try:
        for i in range(coders):
            access.write(partial(create_user, name=f"load{i:02d}", role="coder", password=PASSWORD))
    finally:
        access.close()
    return project


def _units(project: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(project) as conn:
        return [(k, t) for k, t in conn.execute("SELECT key, text FROM units") if len(t) > 40]


def _codes(project: Path) -> list[str]:
    with sqlite3.connect(project) as conn:
        return [c for (c,) in conn.execute("SELECT DISTINCT code FROM codes WHERE codable = 1")]


def _span(rng: random.Random, text: str) -> tuple[int, int]:
    """A random run of 1-6 words, as code-point offsets."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " " and i + 1 < len(text)]
    a = rng.randrange(len(starts))
    b = min(len(starts) - 1, a + rng.randint(1, 6))
    end = starts[b] - 1 if b > a else len(text)
    return starts[a], max(end, starts[a] + 1)


def _coder(
    url: str,
    name: str,
    deadline: float,
    seed: int,
    units: list[tuple[str, str]],
    codes: list[str],
    log: CoderLog,
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=60) as client:
        signed = client.post("/api/login", json={"name": name, "password": PASSWORD})
        signed.raise_for_status()
        client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
        while time.monotonic() < deadline:
            key, text = rng.choice(units)
            start, end = _span(rng, text)
            code = rng.choice(codes)
            body = {"unit_key": key, "code": code, "start": start, "end": end,
                    "snippet": text[start:end]}  # fmt: skip
            began = time.perf_counter()
            try:
                response = client.post("/api/codings", json=body)
            except httpx.HTTPError as exc:
                log.errors.append(repr(exc))
                continue
            log.latencies.append(time.perf_counter() - began)
            if response.status_code == 201:
                log.acked.append((response.json()["id"], name, key, code, start, end))
            elif response.status_code == 409:
                log.conflicts += 1
            else:
                log.errors.append(f"{response.status_code} {response.text[:200]}")


def _verify(project: Path, acked: list[tuple[int, str, str, str, int, int]]) -> dict[str, int]:
    with sqlite3.connect(project) as conn:
        rows = conn.execute(
            'SELECT id, coder, unit_key, code, start, "end" FROM coding_events '
            "WHERE action = 'code' AND coder LIKE 'load%'"
        ).fetchall()
    stored = {r[0]: tuple(r) for r in rows}
    spans = [r[1:] for r in rows]
    return {
        "missing": sum(1 for a in acked if a[0] not in stored),
        "mismatched": sum(1 for a in acked if a[0] in stored and stored[a[0]] != a),
        "duplicated": len(spans) - len(set(spans)),
        "unacknowledged_in_db": len(set(stored) - {a[0] for a in acked}),
    }


def _percentile(values: list[float], q: int) -> float:
    """The ``q``-th percentile in milliseconds."""
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _direct(store: Store, *, user: User, key: str, code: str, span: tuple[int, int]) -> None:
    codings.apply_code(store, user, unit_key=key, code=code, start=span[0], end=span[1])


def baseline(project: Path, seconds: float) -> float:
    """Codings per second written directly through the library (no HTTP), one writer."""
    copy = project.with_name("baseline.db")
    shutil.copyfile(project, copy)
    access = ProjectAccess(copy)
    units, codes, rng = _units(copy), _codes(copy), random.Random(7)
    done, deadline = 0, time.monotonic() + seconds
    try:
        with access.read() as store:
            user: User = get_user(store, "load00")
        while time.monotonic() < deadline:
            key, text = rng.choice(units)
            start, end = _span(rng, text)
            code = rng.choice(codes)
            try:
                access.write(partial(_direct, user=user, key=key, code=code, span=(start, end)))
                done += 1
            except ConflictError:
                pass
    finally:
        access.close()
    return done / seconds


def run_load(project: Path, *, coders: int = 20, seconds: float = 60.0) -> LoadReport:
    """Run the load against a server process on ``project`` and check the database after."""
    units, codes = _units(project), _codes(project)
    server = ServerProcess(project)
    logs = [CoderLog() for _ in range(coders)]
    try:
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_coder,
                             args=(server.url, f"load{i:02d}", deadline, i, units, codes, logs[i]))
            for i in range(coders)
        ]  # fmt: skip
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        server.stop()
    acked = [a for log in logs for a in log.acked]
    latencies = [x for log in logs for x in log.latencies]
    checks = _verify(project, acked)
    return LoadReport(
        coders=coders,
        seconds=round(elapsed, 2),
        acknowledged=len(acked),
        conflicts=sum(log.conflicts for log in logs),
        errors=sum(len(log.errors) for log in logs),
        throughput=round(len(acked) / elapsed, 1),
        p50_ms=round(_percentile(latencies, 50), 1),
        p95_ms=round(_percentile(latencies, 95), 1),
        p99_ms=round(_percentile(latencies, 99), 1),
        baseline_throughput=0.0,
        **checks,
    )


def main(argv: list[str] | None = None) -> int:
    """Prepare a project, run the load, print the report; exit 1 if a write was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline-seconds", type=float, default=3.0)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project = prepare(Path(tmp), args.coders)
        base = baseline(project, args.baseline_seconds)
        report = run_load(project, coders=args.coders, seconds=args.seconds)
    report = LoadReport(**{**asdict(report), "baseline_throughput": round(base, 1)})
    if args.json:
        print(json.dumps({**asdict(report), "consistent": report.consistent}, indent=2))
    else:
        print(f"{report.coders} coders for {report.seconds} s on loopback (server process)")
        print(f"acknowledged writes {report.acknowledged}, conflicts (409) {report.conflicts}, "
              f"errors {report.errors}")  # fmt: skip
        print(f"throughput {report.throughput} writes/s; latency p50 {report.p50_ms} ms, "
              f"p95 {report.p95_ms} ms, p99 {report.p99_ms} ms")  # fmt: skip
        print(
            f"baseline (library, no HTTP, one thread) {report.baseline_throughput} writes/s; "
            f"ratio web/baseline {report.throughput / max(report.baseline_throughput, 1e-9):.2f}"
        )
        print(f"check: missing {report.missing}, stored twice {report.duplicated}, mismatched "
              f"{report.mismatched}, stored but not acknowledged {report.unacknowledged_in_db}"
              f" -> {'OK' if report.consistent else 'LOST OR DUPLICATED WRITES'}")  # fmt: skip
    return 0 if report.consistent and report.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
