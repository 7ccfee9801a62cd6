"""Web abuse cases on loopback (issue 14, items 9 and 10): refused or bounded, with numbers.

The workbench runs in its own process (``normtrace.web.server.ServerProcess``); its
resident memory is read from ``/proc``. Clients on other loopback addresses
(127.0.0.2 ...) stand for other machines. Cases:

* brute force: 12 wrong passwords for one account from 127.0.0.2, then the right one from
  127.0.0.2 (refused) and from 127.0.0.3 (the owner elsewhere: signed in);
* 40 user names guessed from one client: how many are tried before refusal, seconds;
* 80 parallel failed sign-ins (from 80 addresses): seconds, server memory before / after;
* a 200 MB unauthenticated body, declared and chunked: status, seconds, memory growth;
* pathological searches: 200 × "the" (refused), 32 × "the", "the NEAR/5 of" (bounded by
  the 3 s budget): status, seconds, whether the answer is complete.

Baseline: one normal sign-in and one ordinary search ("asymmetric*") timed in the same run.

    .venv/bin/python benchmarks/abuse_web.py [--project REAL.db]

Without ``--project`` the small web test project is used (the searches are then quick); a
real-size project (45k units with the full-text index) shows the search budget at work.
An account ``abuse-owner`` is added to a copy of the project.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))

from web_support import PASSWORD, build_project  # type: ignore[import-not-found]  # noqa: E402

from normtrace.store.db import Store  # noqa: E402
from normtrace.web.auth import create_user  # noqa: E402
from normtrace.web.server import ServerProcess  # noqa: E402

OWNER = "abuse-owner"


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` (with its threads) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def client(url: str, address: str = "127.0.0.1") -> httpx.Client:
    return httpx.Client(
        base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=address)
    )


def login(url: str, name: str, password: str, address: str) -> int:
    with client(url, address) as c:
        return c.post("/api/login", json={"name": name, "password": password}).status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="a project to copy (default: the web test project)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="normtrace-abuse-"))
    project = work / "p.db"
    if args.project:
        shutil.copy(args.project, project)
    else:
        build_project(project)
    with Store.open(project) as store, store.transaction():
        create_user(store, OWNER, "coder", PASSWORD)
    server = ServerProcess(project)
    pid = server.process.pid
    try:
        run_cases(server.url, pid)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def run_cases(url: str, pid: int) -> None:
    start = time.perf_counter()
    ok = login(url, OWNER, PASSWORD, "127.0.0.1")
    print(f"baseline sign-in: {ok} in {time.perf_counter() - start:.2f} s")

    # brute force on one account
    start = time.perf_counter()
    codes = [login(url, OWNER, "wrong-guess", "127.0.0.2") for _ in range(12)]
    guesser = login(url, OWNER, PASSWORD, "127.0.0.2")
    owner = login(url, OWNER, PASSWORD, "127.0.0.3")
    print(f"brute force: 12 wrong from 127.0.0.2 -> {codes.count(403)}x403 {codes.count(429)}x429;"
          f" right password from 127.0.0.2 -> {guesser}, from 127.0.0.3 (owner) -> {owner};"
          f" {time.perf_counter() - start:.1f} s")  # fmt: skip

    # many names from one client
    start = time.perf_counter()
    names = [login(url, f"guess{i:02d}", "wrong-guess", "127.0.0.4") for i in range(40)]
    print(f"40 names from one client: {names.count(403)} tried, {names.count(429)} refused (429),"
          f" {time.perf_counter() - start:.1f} s")  # fmt: skip

    # 80 parallel failed sign-ins from 80 addresses
    before = rss_mb(pid)
    start = time.perf_counter()
    with ThreadPoolExecutor(80) as pool:
        got = list(pool.map(lambda i: login(url, OWNER, "wrong", f"127.0.1.{i + 1}"), range(80)))
    print(f"80 parallel failed sign-ins: {got.count(403)}x403 {got.count(429)}x429 in "
          f"{time.perf_counter() - start:.1f} s; server memory {before:.0f} -> "
          f"{rss_mb(pid):.0f} MB")  # fmt: skip

    # a 200 MB unauthenticated body
    size = 200 * 1024 * 1024
    bodies: list[tuple[str, bytes | Iterator[bytes]]] = [
        ("declared", b"x" * size),
        ("chunked", _chunks(size)),
    ]
    for label, content in bodies:
        before = rss_mb(pid)
        start = time.perf_counter()
        try:
            with client(url) as c:
                status: int | str = c.post(
                    "/api/login", content=content, headers={"content-type": "application/json"}
                ).status_code
        except httpx.HTTPError as exc:  # the server closed the connection mid-upload
            status = type(exc).__name__
        print(f"200 MB unauthenticated body ({label}): {status} in "
              f"{time.perf_counter() - start:.2f} s; server memory {before:.0f} -> "
              f"{rss_mb(pid):.0f} MB")  # fmt: skip

    # pathological searches
    with client(url, "127.0.0.5") as c:
        signed = c.post("/api/login", json={"name": "alice", "password": PASSWORD})
        if signed.status_code != 200:
            c.post("/api/login", json={"name": OWNER, "password": PASSWORD})
        for query in ("asymmetric*", " ".join(["the"] * 200), " ".join(["the"] * 32),
                      "the NEAR/5 of", "the"):  # fmt: skip
            before = rss_mb(pid)
            start = time.perf_counter()
            response = c.get("/api/search", params={"q": query})
            body = response.json()
            shown = query if len(query) < 20 else f"{len(query.split())} x 'the'"
            took = time.perf_counter() - start
            print(f"search {shown!r}: {response.status_code} in {took:.2f} s, total "
                  f"{body.get('total')}, complete {body.get('complete')}; "
                  f"memory {before:.0f} -> {rss_mb(pid):.0f} MB")  # fmt: skip


def _chunks(size: int, step: int = 1 << 20) -> Iterator[bytes]:
    for _ in range(size // step):
        yield b"x" * step


if __name__ == "__main__":
    main()
