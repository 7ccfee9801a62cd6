"""Benchmark reuse at scale (issue 17): serial vs the partitioned engine on a SYNTHETIC corpus.

Run::

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1 4 16] [--workers 2]
        [--memory-mb 1024] [--serial-up-to 4] [--dask] [--out /tmp/scale-bench]

**The corpus is SYNTHETIC** and labelled so (keys and symbols under ``SYNTHETIC/scale/``),
built from the real resolution paragraphs of ``../shared`` (all 2,259 resolutions,
44,537 paragraphs: size 1×). Size K has K *generations*; each generation is the
resolution corpus

* **recombined across documents**: each paragraph is replaced, with probability
  0.15, by a random paragraph of another resolution;
* **with word edits**: 5 % of each paragraph's words substituted, deleted or
  inserted (:func:`normtrace.reuse.planted.edit_words`);
* **relabelled**: in generation g ≥ 1 every word type outside the 200 most frequent
  gets the suffix ``q<g>z``, so generations share formulaic wording (function words)
  but not passages — links grow in proportion to K instead of K², as a larger record
  of *different* documents would;
* **with planted reuse of known source**: 100 plants per generation; a donor is a
  real paragraph (≥ 20 words, ≥ 80 % of its shingles in no other resolution) of that
  generation, appended with 10 % word edits to a paragraph of a later-dated document
  of a random generation. A plant is found when donor → host links cover half the
  planted passage (:func:`normtrace.reuse.planted.evaluate`).

For each size, each engine runs in a fresh subprocess on its own copy of the project
(so peak memory is that run's): ``serial`` is ``normtrace reuse`` as it is (one
process, whole index in memory); ``processes`` is ``--engine processes --workers 2
--memory-mb M``. Reported: wall and CPU seconds (driver + workers; the machine is
shared, CPU seconds are the steadier number), peak RSS of the driver and of each
worker (``VmHWM``), links, planted recall, and whether the link table equals the
serial one (every column and row order). Ratios: time and links against size 1×.
For the partitioned engine, CPU seconds per stage (workers' tasks: index, candidates,
align, formulae; the driver's: spool, write) and per link, to see which stage grows
faster than the links; and the load average before and after each run (the machine
is shared). ``--corpus DIR`` keeps the built corpora there and reuses them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "reuse"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_dir  # noqa: E402

PREFIX = "SYNTHETIC/scale/"
SWAP, EDIT, PLANT_EDIT, PLANTS, KEEP_TOP = 0.15, 0.05, 0.10, 100, 200
_WORD = re.compile(r"\w+")


def real_documents(shared: Path) -> list[list[Any]]:
    """Every resolution of ../shared as a list of its paragraph units (real text)."""
    from resolution_corpus import load_units, resolution_files

    docs = [load_units(f) for f in resolution_files(shared / "corpus" / "resolutions")]
    return [d for d in docs if d]


def rare_paragraphs(docs: list[list[Any]]) -> list[tuple[int, int]]:
    """(document, paragraph) of real paragraphs whose wording is their own (donor candidates)."""
    from normtrace.reuse.shingles import shingle_hashes, tokenize, word_hashes

    shingles = [[set(shingle_hashes(word_hashes(tokenize(u.text)), 4).tolist()) for u in d]
                for d in docs]  # fmt: skip
    df: Counter[int] = Counter()
    for d in shingles:
        df.update(set().union(*d) if d else set())
    found = []
    for i, d in enumerate(shingles):
        for j, s in enumerate(d):
            own = sum(df[h] == 1 for h in s)
            if s and len(_WORD.findall(docs[i][j].text)) >= 20 and own >= 0.8 * len(s):
                found.append((i, j))
    return found


def relabel(text: str, generation: int, keep: set[str]) -> str:
    """Generation ``g``'s wording: word types outside ``keep`` get the suffix ``q<g>z``."""
    if generation == 0:
        return text
    suffix = f"q{generation}z"
    return _WORD.sub(lambda m: m[0] if m[0].lower() in keep else m[0] + suffix, text)


def build(size: int, docs: list[list[Any]], path: Path, seed: int = 17) -> dict[str, Any]:
    """Write the SYNTHETIC corpus of ``size`` generations to a new project; plants as JSON."""
    from normtrace.reuse.planted import edit_words
    from normtrace.store.db import Store

    rng = random.Random(seed)
    counts = Counter(w.lower() for d in docs for u in d for w in _WORD.findall(u.text))
    keep = {w for w, _ in counts.most_common(KEEP_TOP)}
    vocabulary = sorted(counts)[:: max(1, len(counts) // 5000)]
    rare = rare_paragraphs(docs)
    dates = [d[0].date or "9999-12-31" for d in docs]
    plants: list[dict[str, Any]] = []
    texts: dict[tuple[int, int, int], str] = {}  # only for the units plants touch
    store = Store.open(path)
    with store.transaction() as conn:
        for g in range(size):
            donors = {(i, j) for i, j in rng.sample(rare, PLANTS) if dates[i] < max(dates)}
            for i, d in enumerate(docs):
                symbol = f"{PREFIX}g{g:02d}/{d[0].document}"
                doc_id = conn.execute(
                    "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                    "VALUES (?, 'resolution', ?, ?, 'synthetic.scale.v1')",
                    (symbol, d[0].date, int((d[0].date or "0")[:4] or 0)),
                ).lastrowid
                rows = []
                for j, u in enumerate(d):
                    src = u
                    if (i, j) not in donors and rng.random() < SWAP:
                        other = docs[rng.randrange(len(docs))]
                        src = other[rng.randrange(len(other))]
                    text = relabel(edit_words(src.text, EDIT, rng, vocabulary), g, keep)
                    key = f"{PREFIX}g{g:02d}/{u.key}"
                    texts[(g, i, j)] = text
                    rows.append((doc_id, key, "operative", u.order, text))
                conn.executemany(
                    "INSERT INTO paragraphs (document_id, key, kind, ord, text) VALUES (?,?,?,?,?)",
                    rows,
                )
            for i, j in sorted(donors):
                plants.append({"generation": g, "doc": i, "par": j})
        # plant: append each donor's (edited) text to a paragraph of a later document
        for plant in plants:
            g, i, j = plant["generation"], plant["doc"], plant["par"]
            later = [k for k, when in enumerate(dates) if when > dates[i]]
            hg, hi = rng.randrange(size), rng.choice(later)
            hj = rng.randrange(len(docs[hi]))
            host_key = f"{PREFIX}g{hg:02d}/{docs[hi][hj].key}"
            (host_text,) = conn.execute(
                "SELECT text FROM paragraphs WHERE key = ?", (host_key,)
            ).fetchone()
            passage = edit_words(texts[(g, i, j)], PLANT_EDIT, rng, vocabulary)
            start = len(host_text) + 1
            conn.execute("UPDATE paragraphs SET text = ? WHERE key = ?",
                         (f"{host_text} {passage}", host_key))  # fmt: skip
            plant.update(donor=f"{PREFIX}g{g:02d}/{docs[i][j].key}", host=host_key,
                         start=start, end=start + len(passage))  # fmt: skip
    units, chars = store.conn.execute("SELECT COUNT(*), SUM(LENGTH(text)) FROM units").fetchone()
    store.close()
    return {"units": units, "chars": chars, "plants": plants}


def run_once(engine: str, db: Path, workers: int, memory_mb: int) -> dict[str, Any]:
    """One reuse run in this process (called in a fresh subprocess)."""
    from normtrace.engine import Engine
    from normtrace.reuse.store_parallel import update_reuse_partitioned
    from normtrace.reuse.store_reuse import update_reuse
    from normtrace.store.db import Store

    wall, cpu0 = time.perf_counter(), _cpu()
    store = Store.open(db)
    if engine == "serial":
        links = update_reuse(store, full=True, progress=False).links_added
        workers_peak: dict[str, float] = {}
        split = ""
        stages: dict[str, float] = {}
    else:
        with Engine(engine, workers=workers, memory_mb=memory_mb) as pool:
            found = update_reuse_partitioned(store, mapper=pool.unordered, engine=engine,
                                             workers=workers, memory_mb=memory_mb)  # fmt: skip
        links, workers_peak = found.reuse.links_added, found.worker_peak_mb
        split = (
            f"{found.hash_partitions} hash / {found.pair_partitions} pair partitions, "
            f"{found.reuse.candidate_pairs} candidate pairs, {found.align_chunks} chunks"
        )
        stages = found.stage_cpu_s
    store.close()
    return {"engine": engine, "wall_s": round(time.perf_counter() - wall, 1),
            "stage_cpu_s": {k: round(v, 1) for k, v in stages.items()},
            "cpu_s": round(_cpu() - cpu0, 1), "links": links, "split": split,
            "driver_peak_mb": round(_self_peak(), 1),
            "worker_peak_mb": sorted(round(v, 1) for v in workers_peak.values())}  # fmt: skip


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _self_peak() -> float:
    from normtrace.reuse.partitioned import peak_mb

    return peak_mb()


def recall(db: Path, plants: list[dict[str, Any]]) -> float:
    """Planted recall from the links stored in ``db``."""
    from normtrace.reuse.links import ReuseLink, Unit
    from normtrace.reuse.planted import Plant, evaluate

    conn = sqlite3.connect(db)
    conn.execute("CREATE TEMP TABLE hosts (key TEXT PRIMARY KEY)")
    conn.executemany("INSERT OR IGNORE INTO hosts VALUES (?)", [(p["host"],) for p in plants])
    rows = conn.execute(
        "SELECT source_key, target_key, source_start, source_end, target_start, target_end, "
        "score, words FROM reuse_links WHERE target_key IN (SELECT key FROM hosts)"
    ).fetchall()
    conn.close()
    links = [ReuseLink(*r) for r in rows]
    # one host paragraph may receive two plants: score each plant against its own host key
    by_host: dict[str, list[dict[str, Any]]] = {}
    for p in plants:
        by_host.setdefault(p["host"], []).append(p)
    found = total = 0
    for host, group in by_host.items():
        for p in group:
            unit = Unit(host, None, 0, "", host)
            plant = Plant(Unit(p["donor"], None, 0, "", ""), unit, unit, p["start"], p["end"], 0.1)
            score = evaluate([plant], [x for x in links if x.target == host])
            found += score.found
            total += score.plants
    return found / total if total else 0.0


def same_links(a: Path, b: Path) -> bool:
    """Whether two projects' link tables are equal, column for column and in row order."""
    sql = (
        "SELECT id, source_key, target_key, source_start, source_end, target_start, "
        "target_end, score, words, boilerplate, same_date FROM reuse_links ORDER BY id"
    )
    with sqlite3.connect(a) as x, sqlite3.connect(b) as y:
        xs, ys = x.execute(sql), y.execute(sql)
        while True:
            r, s = xs.fetchmany(10_000), ys.fetchmany(10_000)
            if r != s:
                return False
            if not r:
                return True


def _subprocess(engine: str, db: Path, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--run", engine, "--db", str(db),
           "--workers", str(args.workers), "--memory-mb", str(args.memory_mb)]  # fmt: skip
    load = os.getloadavg()[0]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_before_after"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--serial-up-to", type=int, default=4, help="largest size run serially")
    parser.add_argument("--out", type=Path, default=Path("/tmp/normtrace-bench-scale"))
    parser.add_argument("--corpus", type=Path, help="keep built corpora here and reuse them")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_once(args.run, args.db, args.workers, args.memory_mb)))
        return
    shared = shared_dir()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    docs = real_documents(shared)
    print(f"real corpus: {len(docs)} resolutions, {sum(map(len, docs))} paragraphs "
          f"({time.perf_counter() - started:.0f} s to parse)", flush=True)  # fmt: skip
    _measure(args, docs)


def _corpus(size: int, docs: list[list[Any]], args: argparse.Namespace) -> dict[str, Any]:
    """The SYNTHETIC corpus of ``size`` (built, or read back from ``--corpus``)."""
    folder = args.corpus or args.out
    folder.mkdir(parents=True, exist_ok=True)
    db, plants = folder / f"x{size}.db", folder / f"x{size}-plants.json"
    if args.corpus and db.exists() and plants.exists():
        with sqlite3.connect(db) as conn:
            units, chars = conn.execute("SELECT COUNT(*), SUM(LENGTH(text)) FROM units").fetchone()
        return {"units": units, "chars": chars, "plants": json.loads(plants.read_text())}
    for f in (db, plants):
        f.unlink(missing_ok=True)
    corpus = build(size, docs, db)
    plants.write_text(json.dumps(corpus["plants"]))
    return corpus


def _measure(args: argparse.Namespace, docs: list[list[Any]]) -> None:
    rows = []
    for size in args.sizes:
        for f in args.out.glob(f"x{size}-*.db*"):  # the engines' copies of an earlier run
            shutil.rmtree(f) if f.is_dir() else f.unlink()
        t0 = time.perf_counter()
        corpus = _corpus(size, docs, args)
        base = (args.corpus or args.out) / f"x{size}.db"
        print(f"{size}x: SYNTHETIC corpus {corpus['units']} units, {corpus['chars'] / 1e6:.0f} M "
              f"chars, {len(corpus['plants'])} plants ({time.perf_counter() - t0:.0f} s)",
              flush=True)  # fmt: skip
        engines = (["serial"] if size <= args.serial_up_to else []) + ["processes"]
        dbs = {}
        for engine in engines:
            db = args.out / f"x{size}-{engine}.db"
            shutil.copy(base, db)
            result = _subprocess(engine, db, args)
            result.update(size=size, units=corpus["units"])
            if "error" not in result:
                result["recall"] = round(recall(db, corpus["plants"]), 4)
            dbs[engine] = db
            rows.append(result)
            print(json.dumps(result), flush=True)
        if len(dbs) == 2:
            equal = same_links(dbs["serial"], dbs["processes"])
            print(f"{size}x: processes links identical to serial: {equal}", flush=True)
            rows[-1]["identical_to_serial"] = equal
        for db in dbs.values():
            db.unlink()
    _summary(rows)
    _stages(rows)
    (args.out / "results.json").write_text(json.dumps(rows, indent=1))


def _stages(rows: list[dict[str, Any]]) -> None:
    """CPU seconds and microseconds per link of each stage of the partitioned runs."""
    runs = [r for r in rows if r.get("stage_cpu_s")]
    if not runs:
        return
    names = list(dict.fromkeys(k for r in runs for k in r["stage_cpu_s"]))
    print("\nCPU per stage, seconds (µs per link)")
    print("stage          " + "".join(f"{r['size']:>17}x" for r in runs))
    for name in [*names, "total"]:
        cells = []
        for r in runs:
            cpu = r["cpu_s"] if name == "total" else r["stage_cpu_s"].get(name, 0.0)
            cells.append(f"{cpu:>9.1f} ({1e6 * cpu / max(r['links'], 1):>5.1f})")
        print(f"{name:<15}" + "".join(cells))


def _summary(rows: list[dict[str, Any]]) -> None:
    print("\nsize engine     units   links      wall s  cpu s  driver MB  worker MB (max)  recall")
    base: dict[str, dict[str, Any]] = {}
    for r in rows:
        if "error" in r:
            print(f"{r['size']:>3}x {r['engine']:<9} failed: {r['error']}")
            continue
        base.setdefault(r["engine"], r)
        b = base[r["engine"]]
        peak = max(r["worker_peak_mb"], default=0)
        print(f"{r['size']:>3}x {r['engine']:<9} {r['units']:>7} {r['links']:>9} {r['wall_s']:>8} "
              f"{r['cpu_s']:>6} {r['driver_peak_mb']:>9} {peak:>15}  {r.get('recall')}"
              f"   x{r['links'] / b['links']:.1f} links, x{r['cpu_s'] / b['cpu_s']:.1f} cpu, "
              f"x{r['wall_s'] / b['wall_s']:.1f} wall vs {b['size']}x")  # fmt: skip


if __name__ == "__main__":
    main()
