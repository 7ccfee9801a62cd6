"""Load test of the web workbench on loopback: N coders reading, searching and coding.

Each simulated coder signs in through ``/api/login`` and then, as fast as the server
answers (or after ``--think`` seconds on average, exponentially distributed), does what
a coder does in the browser, drawn at random with fixed weights:

* **reads** (the HTML pages a browser gets): a document page, a unit page, a code
  page (every passage of a code), the codebook page; and after every write the unit
  fragment the browser fetches to redraw the coded unit (``HX-Request``);
* **writes**: a coding of a random word span of a unit, with the snippet the
  browser sends (``POST /api/codings``);
* **searches**: the search page for one query of a fixed list of realistic queries.

The queries repeat, so most searches under load are answered from the server's cache
of complete results (``normtrace.coding.search``): the report says how many were, read
from the admin-only ``/api/search/cache`` before and after the load. With
``--fresh-queries`` every search under load carries its own year range that excludes
no document (from a year before the first to one after the last), so it asks the
same thing as the plain query but is never a cache hit: reads p95 is then known with
every search scanning.

Afterwards the project is opened directly and checked: every acknowledged write
(HTTP 201 with an event id) must be in ``coding_events`` exactly once with the same
coder, unit, code and span, and no coding may be stored twice. Then one client alone
runs every query of the list ``--search-rounds`` times on a freshly started server
(an empty cache): the idle search latency, the first time of each query (a scan) apart
from its repeats (cache hits). The server runs in its own process (its own GIL), as
``normtrace serve`` would.

With ``--project FILE`` the load runs on a copy of that project (taken with SQLite's
backup API from a read-only connection, so the original is never written), e.g. the
real-size project with the whole shared corpus ingested; without it, on the small
fixture project of the web tests.

The baseline, run in the same process, is the same write made directly through
the library (:func:`normtrace.web.codings.apply_code` via the single writer),
without HTTP: the ratio says what the web layer costs.

    .venv/bin/python benchmarks/load_web.py --project /work/proj/full.db --coders 20 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import copy_project  # noqa: E402
from web_support import PASSWORD, build_project  # type: ignore[import-not-found]  # noqa: E402

from normtrace.store.db import Store  # noqa: E402
from normtrace.web import codings  # noqa: E402
from normtrace.web.access import ProjectAccess  # noqa: E402
from normtrace.web.auth import User, create_user, get_user  # noqa: E402
from normtrace.web.deps import ConflictError  # noqa: E402
from normtrace.web.server import ServerProcess  # noqa: E402

#: What a coder does, with its weight: reads, writes (each followed by the unit
#: fragment a browser redraws) and searches.
ACTIONS = {"document": 15, "unit": 10, "code": 5, "codebook": 5, "search": 10, "write": 35}
#: Queries a researcher of Security Council documents types (the query language of
#: ``normtrace search``): common phrases, rare words, wildcards, alternatives, NEAR, NOT.
QUERIES = (
    "protection of civilians",
    "all necessary means",
    "all necessary (means|measures)",
    "sanction*",
    "ceasefire",
    "cease-fire",
    "humanitarian (access|assistance)",
    "peacekeep* NEAR/5 mandate",
    "sexual violence",
    "children and armed conflict",
    "rule of law",
    "disarmament, demobilization and reintegration",
    "stabiliz*",
    "MONUSCO",
    "Chapter VII",
    "territorial integrity",
    "responsibility to protect",
    "women and peace and security",
    "arms embargo",
    "political solution NOT military",
    "electoral process",
    "human rights violations",
    "terroris*",
    "robust mandate",
)
#: Latency groups in the report: every read kind counts as a read.
READS = ("document", "unit", "fragment", "code", "codebook")
#: The account that reads the server's search cache counters (admin only).
ADMIN = "loadadmin"
#: ``--fresh-queries``: year ranges drawn from these, each wider than the corpus (1946-).
FRESH_FROM, FRESH_TO = range(1800, 1946), range(2100, 2400)


@dataclass
class CoderLog:
    """What one simulated coder saw."""

    acked: list[tuple[int, str, str, str, int, int]] = field(default_factory=list)
    #: writes sent whose answer never came (the connection failed): stored or not
    in_doubt: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    conflicts: int = 0
    writes: int = 0
    errors: list[str] = field(default_factory=list)
    transport_errors: list[str] = field(default_factory=list)

    def took(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


@dataclass(frozen=True)
class Latency:
    """Requests of one kind: how many, and p50/p95/p99 in milliseconds."""

    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @classmethod
    def of(cls, values: list[float]) -> Latency:
        return cls(
            len(values),
            round(_percentile(values, 50), 1),
            round(_percentile(values, 95), 1),
            round(_percentile(values, 99), 1),
        )

    def line(self) -> str:
        return (
            f"n {self.n:6d}   p50 {self.p50_ms:8.1f}   p95 {self.p95_ms:8.1f}   "
            f"p99 {self.p99_ms:8.1f}"
        )


@dataclass(frozen=True)
class LoadReport:
    """The outcome of one load run (latencies by kind under load, and searches idle)."""

    coders: int
    seconds: float
    think: float
    units: int
    acknowledged: int
    conflicts: int
    errors: int
    transport_errors: int
    throughput: float
    #: CPU (user + system) of the load's server process per request, in ms, its start and
    #: the sign-ins included: what a request costs the server, however busy the machine
    server_cpu_ms: float
    reads: Latency
    writes: Latency
    searches: Latency
    by_kind: dict[str, Latency]
    #: searches under load answered from the server's cache, and those that ran
    cache_hits: int | None
    cache_misses: int | None
    fresh_queries: bool
    #: idle searches: the first time of each query (a new server: a scan) and its repeats
    idle_first: Latency | None
    idle_repeated: Latency | None
    idle_cache_hits: int | None
    missing: int
    duplicated: int
    mismatched: int
    unacknowledged_in_db: int
    baseline_throughput: float
    error_samples: tuple[str, ...] = ()

    @property
    def consistent(self) -> bool:
        """Every acknowledged write stored once, nothing stored twice, nothing stored that
        was neither acknowledged nor in doubt (sent without an answer)."""
        return not (self.missing or self.duplicated or self.mismatched or self.unacknowledged_in_db)


def _add_coders(project: Path, coders: int) -> None:
    access = ProjectAccess(project)
    try:
        with access.read() as store:
            have = {r[0] for r in store.conn.execute("SELECT name FROM users")}
        for i in range(coders):
            if f"load{i:02d}" not in have:
                access.write(
                    partial(create_user, name=f"load{i:02d}", role="coder", password=PASSWORD)
                )
        if ADMIN not in have:
            access.write(partial(create_user, name=ADMIN, role="admin", password=PASSWORD))
    finally:
        access.close()


def prepare(directory: Path, coders: int, source: Path | None = None) -> Path:
    """A project to load plus ``coders`` coder accounts: a copy of ``source`` (never
    written), else the fixture project of the web tests."""
    if source is None:
        project = Path(build_project(directory / "load.db"))
    else:
        project = copy_project(source, directory / "load.db")
    _add_coders(project, coders)
    return project


@dataclass(frozen=True)
class Workload:
    """What the simulated coders pick from (read from the project before the load)."""

    documents: list[int]
    units: list[tuple[str, str, str]]  # key, edition, text
    codes: list[str]
    codebooks: list[str]
    total_units: int


def workload(project: Path, *, sample: int = 5_000, seed: int = 11) -> Workload:
    """A sample of the project's units (with text) and every document, code and codebook."""
    with sqlite3.connect(project) as conn:
        total = conn.execute("SELECT count(*) FROM units").fetchone()[0]
        keys = [
            (k, e)
            for k, e, n in conn.execute("SELECT key, edition, length(text) FROM units")
            if n > 40
        ]
        chosen = random.Random(seed).sample(keys, min(sample, len(keys)))
        units = []
        for key, edition in chosen:
            row = conn.execute(
                "SELECT text FROM units WHERE key = ? AND edition = ?", (key, edition)
            ).fetchone()
            units.append((key, edition, row[0]))
        documents = [r[0] for r in conn.execute("SELECT id FROM documents WHERE is_current = 1")]
        codes = [r[0] for r in conn.execute("SELECT DISTINCT code FROM codes WHERE codable = 1")]
        books = [r[0] for r in conn.execute("SELECT DISTINCT name FROM codebooks")]
    return Workload(documents, units, codes, books, int(total))


def _span(rng: random.Random, text: str) -> tuple[int, int]:
    """A random run of 1-6 words, as code-point offsets."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " " and i + 1 < len(text)]
    a = rng.randrange(len(starts))
    b = min(len(starts) - 1, a + rng.randint(1, 6))
    end = starts[b] - 1 if b > a else len(text)
    return starts[a], max(end, starts[a] + 1)


def _get(client: httpx.Client, log: CoderLog, kind: str, url: str, **kw: object) -> None:
    began = time.perf_counter()
    try:
        response = client.get(url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError as exc:
        log.transport_errors.append(f"{kind} {url}: {exc!r}")
        return
    log.took(kind, time.perf_counter() - began)
    if response.status_code != 200:
        log.errors.append(f"{kind} {url}: {response.status_code} {response.text[:200]}")


def _write(
    client: httpx.Client, log: CoderLog, name: str, rng: random.Random, work: Workload
) -> None:
    key, edition, text = rng.choice(work.units)
    start, end = _span(rng, text)
    code = rng.choice(work.codes)
    body = {"unit_key": key, "code": code, "start": start, "end": end,
            "snippet": text[start:end], "edition": edition}  # fmt: skip
    began = time.perf_counter()
    log.writes += 1
    try:
        response = client.post("/api/codings", json=body)
    except httpx.HTTPError as exc:
        log.transport_errors.append(f"write {key}: {exc!r}")
        log.in_doubt.append((name, key, code, start, end))
        return
    log.took("write", time.perf_counter() - began)
    if response.status_code == 201:
        log.acked.append((response.json()["id"], name, key, code, start, end))
    elif response.status_code == 409:
        log.conflicts += 1
        return
    else:
        log.errors.append(f"write {key}: {response.status_code} {response.text[:200]}")
        return
    # the browser redraws the coded unit from its fragment
    url = f"/units/{quote(key, safe='/')}?" + urlencode({"edition": edition})
    _get(client, log, "fragment", url, headers={"HX-Request": "true"})


def _search_url(rng: random.Random, fresh: bool) -> str:
    params: dict[str, str | int] = {"q": rng.choice(QUERIES)}
    if fresh:  # the same units, another cache key
        params |= {"year_from": rng.choice(FRESH_FROM), "year_to": rng.choice(FRESH_TO)}
    return "/search?" + urlencode(params)


def _act(
    kind: str,
    client: httpx.Client,
    log: CoderLog,
    name: str,
    rng: random.Random,
    work: Workload,
    fresh: bool = False,
) -> None:
    if kind == "write":
        _write(client, log, name, rng, work)
    elif kind == "document":
        _get(client, log, kind, f"/documents/{rng.choice(work.documents)}")
    elif kind == "unit":
        key, edition, _ = rng.choice(work.units)
        _get(client, log, kind, f"/units/{quote(key, safe='/')}?" + urlencode({"edition": edition}))
    elif kind == "code":
        _get(client, log, kind, f"/codes/{quote(rng.choice(work.codes), safe='')}")
    elif kind == "codebook":
        _get(client, log, kind, f"/codebooks/{quote(rng.choice(work.codebooks), safe='')}")
    elif kind == "search":
        _get(client, log, kind, _search_url(rng, fresh))


def _sign_in(client: httpx.Client, name: str) -> None:
    signed = client.post("/api/login", json={"name": name, "password": PASSWORD})
    signed.raise_for_status()
    client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]


@dataclass
class Start:
    """Every coder signs in first (argon2 is slow on purpose); the clock starts when all
    have, so a saturated machine shortens nobody's run."""

    coders: int
    seconds: float
    deadline: float = 0.0

    def __post_init__(self) -> None:
        self.barrier = threading.Barrier(self.coders, action=self._go)

    def _go(self) -> None:
        self.deadline = time.monotonic() + self.seconds


def _coder(
    url: str,
    name: str,
    start: Start,
    seed: int,
    work: Workload,
    actions: dict[str, int],
    think: float,
    min_writes: int,
    log: CoderLog,
    fresh: bool = False,
) -> None:
    rng = random.Random(seed)
    kinds, weights = list(actions), list(actions.values())
    with httpx.Client(base_url=url, timeout=120) as client:
        try:
            _sign_in(client, name)
        except httpx.HTTPError as exc:
            log.errors.append(f"sign-in {name}: {exc!r}")
            start.barrier.abort()
            return
        try:
            start.barrier.wait(timeout=600)
        except threading.BrokenBarrierError:
            log.errors.append(f"{name}: another coder could not sign in")
            return
        while time.monotonic() < start.deadline or log.writes < min_writes:
            kind = rng.choices(kinds, weights)[0]
            if time.monotonic() >= start.deadline:
                kind = "write"  # past the time, only the writes still owed
            _act(kind, client, log, name, rng, work, fresh)
            if think > 0:
                pause = rng.expovariate(1 / think)
                time.sleep(min(pause, max(0.0, start.deadline - time.monotonic())))


def _verify(
    project: Path,
    acked: list[tuple[int, str, str, str, int, int]],
    in_doubt: list[tuple[str, str, str, int, int]] | None = None,
) -> dict[str, int]:
    with sqlite3.connect(project) as conn:
        rows = conn.execute(
            'SELECT id, coder, unit_key, code, start, "end" FROM coding_events '
            "WHERE action = 'code' AND coder LIKE 'load%'"
        ).fetchall()
    stored = {r[0]: tuple(r) for r in rows}
    spans = [r[1:] for r in rows]
    acked_ids = {a[0] for a in acked}
    doubt = set(in_doubt or ())
    return {
        "missing": sum(1 for a in acked if a[0] not in stored),
        "mismatched": sum(1 for a in acked if a[0] in stored and stored[a[0]] != a),
        "duplicated": len(spans) - len(set(spans)),
        "unacknowledged_in_db": sum(
            1 for i, row in stored.items() if i not in acked_ids and row[1:] not in doubt
        ),
    }


def _children_cpu() -> float:
    """CPU seconds of the child processes that have ended and been waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _percentile(values: list[float], q: int) -> float:
    """The ``q``-th percentile in milliseconds."""
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _direct(store: Store, *, user: User, key: str, code: str, span: tuple[int, int]) -> None:
    codings.apply_code(store, user, unit_key=key, code=code, start=span[0], end=span[1])


def baseline(project: Path, seconds: float, work: Workload | None = None) -> float:
    """Codings per second written directly through the library (no HTTP), one writer."""
    copy = copy_project(project, project.with_name("baseline.db"))
    work = work or workload(copy)
    access = ProjectAccess(copy)
    rng = random.Random(7)
    done, deadline = 0, time.monotonic() + seconds
    try:
        with access.read() as store:
            user: User = get_user(store, "load00")
        while time.monotonic() < deadline:
            key, _, text = rng.choice(work.units)
            start, end = _span(rng, text)
            code = rng.choice(work.codes)
            try:
                access.write(partial(_direct, user=user, key=key, code=code, span=(start, end)))
                done += 1
            except ConflictError:
                pass
    finally:
        access.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
    return done / seconds


def cache_counts(url: str) -> tuple[int, int] | None:
    """``(hits, misses)`` of the server's search cache (``None``: a server without it)."""
    with httpx.Client(base_url=url, timeout=120) as client:
        _sign_in(client, ADMIN)
        response = client.get("/api/search/cache")
    if response.status_code != 200:
        return None
    stats = response.json()
    return int(stats["hits"]), int(stats["misses"])


def _since(after: tuple[int, int] | None, before: tuple[int, int] | None) -> tuple[int, int]:
    if after is None or before is None:
        return -1, -1
    return after[0] - before[0], after[1] - before[1]


def idle_searches(url: str, rounds: int) -> tuple[list[float], list[float], list[str]]:
    """One signed-in client alone runs every query of :data:`QUERIES` ``rounds`` times:
    the latencies of the first round and of the rounds after it."""
    first: list[float] = []
    repeated: list[float] = []
    errors: list[str] = []
    with httpx.Client(base_url=url, timeout=120) as client:
        _sign_in(client, "load00")
        for n in range(rounds):
            for q in QUERIES:
                began = time.perf_counter()
                response = client.get("/search?" + urlencode({"q": q}))
                (repeated if n else first).append(time.perf_counter() - began)
                if response.status_code != 200 or "stopped after" in response.text:
                    errors.append(f"search {q!r}: {response.status_code}")
    return first, repeated, errors


def run_load(
    project: Path,
    *,
    coders: int = 20,
    seconds: float = 60.0,
    think: float = 0.0,
    actions: dict[str, int] | None = None,
    min_writes: int = 0,
    search_rounds: int = 0,
    work: Workload | None = None,
    server_factory: Callable[[Path], ServerProcess] = ServerProcess,
    fresh_queries: bool = False,
) -> LoadReport:
    """Run the load against a server process on ``project`` and check the database after;
    then, with ``search_rounds``, the idle searches on a new server process.

    ``min_writes``: each coder goes on past ``seconds`` until it has sent that many writes
    (so a test on a saturated machine still checks some). ``fresh_queries``: no search
    under load is a cache hit (see the module's docstring)."""
    work = work or workload(project)
    server = server_factory(project)
    logs = [CoderLog() for _ in range(coders)]
    first: list[float] = []
    repeated: list[float] = []
    idle_hits: int | None = None
    start = Start(coders, seconds)
    cpu_before = _children_cpu()
    try:
        counts_before = cache_counts(server.url)
        threads = [
            threading.Thread(
                target=_coder,
                args=(server.url, f"load{i:02d}", start, i, work, actions or ACTIONS, think,
                      min_writes, logs[i], fresh_queries),
            )
            for i in range(coders)
        ]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - (start.deadline - seconds) if start.deadline else 0.0
        hits, misses = _since(cache_counts(server.url), counts_before)
    finally:
        server.stop()
    cpu = _children_cpu() - cpu_before  # the server process, waited for by stop()
    if search_rounds:  # a new server: every query's first run is a scan
        server = server_factory(project)
        try:
            counts_before = cache_counts(server.url)
            first, repeated, idle_errors = idle_searches(server.url, search_rounds)
            idle_hits = _since(cache_counts(server.url), counts_before)[0]
            logs[0].errors.extend(idle_errors)
        finally:
            server.stop()
    acked = [a for log in logs for a in log.acked]
    by_kind: dict[str, list[float]] = {}
    for log in logs:
        for kind, values in log.latencies.items():
            by_kind.setdefault(kind, []).extend(values)
    checks = _verify(project, acked, [d for log in logs for d in log.in_doubt])
    requests = sum(len(v) for v in by_kind.values())
    errors = [e for log in logs for e in log.errors]
    samples = errors + [e for log in logs for e in log.transport_errors]
    return LoadReport(
        coders=coders,
        seconds=round(elapsed, 2),
        think=think,
        units=work.total_units,
        acknowledged=len(acked),
        conflicts=sum(log.conflicts for log in logs),
        errors=len(errors),
        transport_errors=sum(len(log.transport_errors) for log in logs),
        throughput=round(requests / max(elapsed, 1e-9), 1),
        server_cpu_ms=round(1000 * cpu / max(requests, 1), 2),
        reads=Latency.of([x for k in READS for x in by_kind.get(k, [])]),
        writes=Latency.of(by_kind.get("write", [])),
        searches=Latency.of(by_kind.get("search", [])),
        by_kind={k: Latency.of(v) for k, v in sorted(by_kind.items())},
        cache_hits=hits if hits >= 0 else None,
        cache_misses=misses if misses >= 0 else None,
        fresh_queries=fresh_queries,
        idle_first=Latency.of(first) if first else None,
        idle_repeated=Latency.of(repeated) if repeated else None,
        idle_cache_hits=idle_hits if idle_hits is None or idle_hits >= 0 else None,
        baseline_throughput=0.0,
        error_samples=tuple(samples[:5]),
        **checks,
    )


def _print(report: LoadReport) -> None:
    print(
        f"{report.coders} coders for {report.seconds} s on loopback (server process), "
        f"think {report.think:g} s, project of {report.units} units"
    )
    print(
        f"requests/s {report.throughput}; acknowledged writes {report.acknowledged}, "
        f"conflicts (409) {report.conflicts}, errors {report.errors}, "
        f"connection errors {report.transport_errors}"
    )
    print(
        f"server CPU per request {report.server_cpu_ms} ms (user + system of the server "
        "process, its start and the sign-ins included)"
    )
    print("latency (ms)")
    print(f"  reads    {report.reads.line()}")
    print(f"  writes   {report.writes.line()}")
    print(f"  searches {report.searches.line()}")
    fresh = " (--fresh-queries: every search a new one)" if report.fresh_queries else ""
    if report.cache_hits is not None and report.cache_misses is not None:
        share = report.cache_hits / max(report.cache_hits + report.cache_misses, 1)
        print(
            f"  searches answered from the server's cache: {report.cache_hits} of "
            f"{report.cache_hits + report.cache_misses} ({share:.0%}){fresh}"
        )
    else:
        print(f"  searches answered from the server's cache: not reported by this server{fresh}")
    for kind, lat in report.by_kind.items():
        print(f"    {kind:9s}{lat.line()}")
    if report.idle_first is not None:
        print(f"  search, idle, first time (new server) {report.idle_first.line()}")
    if report.idle_repeated is not None:
        hits = "" if report.idle_cache_hits is None else f"; {report.idle_cache_hits} cache hits"
        print(f"  search, idle, repeated {report.idle_repeated.line()}{hits}")
    print(
        f"baseline (library, no HTTP, one thread) {report.baseline_throughput} writes/s; "
        f"web writes/s {report.acknowledged / max(report.seconds, 1e-9):.1f}"
    )
    print(
        f"check: missing {report.missing}, stored twice {report.duplicated}, mismatched "
        f"{report.mismatched}, stored but not acknowledged {report.unacknowledged_in_db}"
        f" -> {'OK' if report.consistent else 'LOST OR DUPLICATED WRITES'}"
    )
    for sample in report.error_samples:
        print(f"  error: {sample}")


def main(argv: list[str] | None = None) -> int:
    """Prepare a project, run the load, print the report; exit 1 if a write was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None,
                        help="load a copy of this project (default: test fixture)")  # fmt: skip
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a coder between actions (0: none)")  # fmt: skip
    parser.add_argument("--search-rounds", type=int, default=3,
                        help="idle searches: rounds over the queries after the load")  # fmt: skip
    parser.add_argument("--fresh-queries", action="store_true",
                        help="give every search under load a year range excluding nothing, "
                        "so none is a cache hit")  # fmt: skip
    parser.add_argument("--baseline-seconds", type=float, default=3.0)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the loaded project copy here (to inspect it)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.project is not None and not Path(args.project).is_file():
        parser.error(f"{args.project}: no such project file")
    with tempfile.TemporaryDirectory() as tmp:
        project = prepare(Path(tmp), args.coders, args.project)
        work = workload(project)
        base = baseline(project, args.baseline_seconds, work)
        report = run_load(
            project,
            coders=args.coders,
            seconds=args.seconds,
            think=args.think,
            search_rounds=args.search_rounds,
            work=work,
            fresh_queries=args.fresh_queries,
        )
        if args.keep:
            shutil.copyfile(project, args.keep)
    report = LoadReport(**{**report.__dict__, "baseline_throughput": round(base, 1)})
    if args.json:
        print(json.dumps({**asdict(report), "consistent": report.consistent}, indent=2))
    else:
        _print(report)
    clean = report.errors == 0 and report.transport_errors == 0
    return 0 if report.consistent and clean else 1


if __name__ == "__main__":
    sys.exit(main())
