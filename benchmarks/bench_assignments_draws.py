"""The web Assignments page with many validation draws: what listing them costs.

The page lists the project's validation draws (``normtrace code sample``). Until this
benchmark it also counted, on every load, how many of each draw's units are labelled for its
code (:func:`normtrace.coding.draw_labelling.draw_progress`), which reads every label of each
codebook drawn at each level drawn: the cost grows with the labels, not with the draws. Now
the page lists the draws as recorded and counts the draw being assigned, one draw when its
row asks (``/assignments/draws/{id}/labelled``, htmx), or every draw when asked
(``?draw_counts=true``: the page as it was on every load).

Setup (not timed): a SYNTHETIC project (made-up words, no UN text) of ``--docs`` documents of
``--paragraphs`` numbered paragraphs (half reports, half resolutions), a SYNTHETIC codebook of
five codes (one entry each, planted in about one paragraph in six) applied, an admin account,
a coder's labels (a done mark, and a coding where the paragraph holds the code's word) on 300
paragraphs before any draw (every draw's census), then ``--draws`` draws of ``--keys``
paragraphs each (the codes in turn, every fifth at paragraph level, seeds 1, 2 ...), half of
each one's drawn paragraphs labelled before the next is drawn (so later draws hold more
labelled paragraphs as their census, as a project's do). The baseline is a copy of that project with
its draws deleted (their append-only triggers dropped on the throwaway copy): the same units,
labels, codebook and accounts.

Timed, in the same process through the ASGI test client (one signed-in admin), ``--repeat``
requests each after one warm-up, alternated:

* ``page`` — ``GET /assignments`` on the project with the draws (none counted);
* baseline ``page, no draws`` — the same request on the copy without them;
* ``page, every count`` — ``GET /assignments?draw_counts=true`` (what every load cost before);
* ``one row's count`` — ``GET /assignments/draws/{id}/labelled`` of the newest draw (htmx);
* ``draw_progress`` alone (what counting every draw calls).

It prints the median and slowest wall time, the median CPU time of the process (steadier on
a shared machine) and the ratios of CPU times to the baseline. It checks that the page lists
every draw, that counting every draw gives :func:`draw_progress`'s counts, and one row's its
own. Asserts nothing on time. Usage::

    .venv/bin/python benchmarks/bench_assignments_draws.py [--draws 50] [--keys 200]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "tests"))

from web_support import PASSWORD, TestClient, session_for  # type: ignore[import-not-found]  # noqa: E402

from normtrace.coding.codebook import Code, Codebook, Entry  # noqa: E402
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook  # noqa: E402
from normtrace.coding.draw_labelling import draw_progress  # noqa: E402
from normtrace.coding.human.events import add_code  # noqa: E402
from normtrace.coding.human.reviews import mark_done  # noqa: E402
from normtrace.coding.sample_draw import draw_sample  # noqa: E402
from normtrace.store.db import Store  # noqa: E402
from normtrace.web.app import create_app  # noqa: E402
from normtrace.web.auth import create_user  # noqa: E402
from synthetic_docs import insert_document  # type: ignore[import-not-found]  # noqa: E402

BOOK = "bench"
WORDS = ("amber", "basalt", "cobalt", "dune", "ember")
CODES = tuple(f"c{i}" for i in range(len(WORDS)))
CODEBOOK = Codebook(name=BOOK, codes=tuple(
    Code(id=c, name=f"SYNTHETIC {w}", entries=(Entry(w),))
    for c, w in zip(CODES, WORDS, strict=True)
))  # fmt: skip
FILLER = ("the", "council", "notes", "with", "concern", "further", "requests", "all", "parties")
CODER = "ana"
LABELLED_BEFORE = 300


def _text(rng: random.Random) -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(12, 30))]
    for w in WORDS:
        if rng.random() < 1 / 6:
            words.insert(rng.randrange(len(words)), w)
    return "SYNTHETIC: " + " ".join(words) + "."


def _label(store: Store, keys: list[str]) -> None:
    """SYNTHETIC labels by ``ana``: a coding of each code whose word the paragraph holds, and
    a done mark (a negative for every other code)."""
    texts = dict(store.conn.execute(
        "SELECT key, text FROM units WHERE key IN (SELECT value FROM json_each(?))",
        ("[" + ",".join(f'"{k}"' for k in keys) + "]",)).fetchall())  # fmt: skip
    for key in keys:
        text = str(texts[key])
        for code, word in zip(CODES, WORDS, strict=True):
            if word in text:
                add_code(store, coder=CODER, unit_key=key, start=0, end=len(text), code=code,
                         codebook=BOOK)  # fmt: skip
    mark_done(store, coder=CODER, codebook=BOOK, unit_keys=keys)


def build(path: Path, docs: int, paragraphs: int, n_draws: int, keys: int) -> None:
    """The SYNTHETIC project with its draws (module doc)."""
    rng = random.Random(50)
    with Store.open(path) as store:
        with store.transaction() as conn:
            for d in range(docs):
                report = d % 2 == 0
                symbol = f"SYN/{'R' if report else 'RES'}/{d}"
                rows = [(f"{symbol}/p{i}", "numbered" if report else "op", _text(rng))
                        for i in range(1, paragraphs + 1)]  # fmt: skip
                insert_document(conn, symbol, rows, doc_type="report" if report else "resolution",
                                date=f"{2000 + d % 20}-03-01")  # fmt: skip
        create_user(store, "admin", "admin", PASSWORD)
        register_codebook(store, CODEBOOK)
        apply_codebook(store, CODEBOOK, progress=False)
        every = sorted(str(r[0]) for r in store.conn.execute("SELECT key FROM units"))
        _label(store, rng.sample(every, LABELLED_BEFORE))
        for i in range(n_draws):  # each draw half labelled before the next is made
            d = draw_sample(store, BOOK, CODES[i % len(CODES)], keys, seed=i + 1,
                            level="paragraph" if i % 5 == 4 else "unit")  # fmt: skip
            _label(store, sorted(d.order[: len(d.order) // 2]))


def without_draws(source: Path, target: Path) -> None:
    """A copy of ``source`` whose draws are deleted (its append-only triggers dropped)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
        for t in ("sample_draws", "sample_draw_strata", "sample_draw_units"):
            dst.execute(f"DROP TRIGGER {t}_no_delete")
        for t in ("sample_draw_units", "sample_draw_strata", "sample_draws"):
            dst.execute(f"DELETE FROM {t}")  # none withdrawn: no withdrawal refers to them
        dst.commit()
    finally:
        src.close()
        dst.close()


Timing = tuple[list[float], list[float]]


def _timed(call: Callable[[], object]) -> tuple[float, float]:
    began, began_cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - began, time.process_time() - began_cpu


def alternated(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Wall and CPU seconds of each of ``runs``, ``repeat`` times, in turn, after a warm-up."""
    for call in runs.values():
        call()
    out: dict[str, Timing] = {name: ([], []) for name in runs}
    for _ in range(repeat):
        for name, call in runs.items():
            wall, cpu = _timed(call)
            out[name][0].append(wall)
            out[name][1].append(cpu)
    return out


def _ms(took: Timing) -> str:
    wall, cpu = took
    return (f"median {statistics.median(wall) * 1000:8.1f} ms (max {max(wall) * 1000:8.1f}), "
            f"CPU median {statistics.median(cpu) * 1000:8.1f} ms")  # fmt: skip


def _get(client: TestClient, url: str) -> Callable[[], str]:
    def call() -> str:
        answer = client.get(url)
        if answer.status_code != 200:
            raise SystemExit(f"{url}: HTTP {answer.status_code} {answer.text[:200]}")
        return str(answer.text)

    return call


def check(client: TestClient, project: Path) -> int:
    """Every draw on the page; every count :func:`draw_progress`'s when every draw is counted,
    and the newest draw's alone; how many draws."""
    with Store.open(project) as store:
        progress = draw_progress(store)
    page = _get(client, "/assignments")()
    counted = _get(client, "/assignments?draw_counts=true")()
    for p in progress:
        said = f"{p.labelled} of {p.units}"
        for html, wanted in ((page, "Count<"), (counted, said)):
            row = re.search(rf'<tr data-draw="{p.draw.id}">.*?</tr>', html, re.S)
            if row is None or wanted not in row[0]:
                raise SystemExit(f"draw {p.draw.id}: the page does not say {wanted!r}")
    newest = progress[0]
    one = _get(client, f"/assignments/draws/{newest.draw.id}/labelled")()
    if not one.startswith(f"{newest.labelled} of {newest.units}"):
        raise SystemExit(f"draw {newest.draw.id}: its row says {one[:80]!r}")
    return len(progress)


def main(argv: list[str] | None = None) -> int:
    """Build the projects, time the page with and without draws, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--paragraphs", type=int, default=100)
    parser.add_argument("--draws", type=int, default=50)
    parser.add_argument("--keys", type=int, default=200, help="paragraphs drawn per draw")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project, bare = Path(tmp) / "draws.db", Path(tmp) / "bare.db"
        began = time.perf_counter()
        build(project, args.docs, args.paragraphs, args.draws, args.keys)
        without_draws(project, bare)
        built = time.perf_counter() - began
        print(f"SYNTHETIC project: {args.docs} documents x {args.paragraphs} paragraphs, "
              f"{args.draws} draws of {args.keys} (built in {built:.1f} s)")  # fmt: skip
        apps = [create_app(p, secret="bench-secret") for p in (project, bare)]
        try:
            client, bare_client = (session_for(a, "admin") for a in apps)
            listed = check(client, project)
            store = Store.open(project)
            try:
                newest = draw_progress(store)[0].draw.id
                took = alternated({
                    "page": _get(client, "/assignments"),
                    "page, no draws": _get(bare_client, "/assignments"),
                    "page, every count": _get(client, "/assignments?draw_counts=true"),
                    "one row's count": _get(client, f"/assignments/draws/{newest}/labelled"),
                    "draw_progress": lambda: draw_progress(store),
                }, args.repeat)  # fmt: skip
            finally:
                store.close()
        finally:
            for a in apps:
                a.state.access.close()
    print(f"{args.repeat} requests each, alternated (in process, ASGI test client); {listed} "
          "draws listed, every count checked against draw_progress")  # fmt: skip
    base = statistics.median(took["page, no draws"][1])
    for name, t in took.items():
        ratio = statistics.median(t[1]) / base
        print(f"  {name:<19}{_ms(t)}; {ratio:6.2f}x the page without draws (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
