"""Benchmark passage reuse (issue 5): all-pairs over every resolution, planted recall, text-matcher.

Run::

    .venv/bin/python benchmarks/bench_reuse.py [--shared ../shared] [--plants 300]

1. **All pairs.** Every paragraph of all 2,259 resolutions in ``../shared``
   against every other (pairs inside one resolution skipped): wall seconds,
   CPU seconds, peak resident memory (``resource.getrusage``), links found.
   Parsing the files is timed separately (it is the parse stage's cost).
   Then the incremental case: the last 10 resolutions linked into an index
   of the others, in memory and through a temporary project store
   (``update_reuse``: full run, then the 10 added).
2. **Planted reuse (SYNTHETIC).** Real resolution paragraphs inserted into
   other real resolution texts with 0-30 % word edits
   (:mod:`normtrace.reuse.planted`); recall and precision per edit rate for
   the default (seeded) aligner and for Smith-Waterman, and the recall of the
   candidate stage alone for the inverted index versus MinHash-LSH — the
   measurements behind the choices documented in ``candidates.py`` and
   ``align.py``.
3. **text-matcher** (PyPI ``text-matcher``, if installed; skipped with a
   message otherwise): throughput on a random sample of the same document
   pairs, and recall on planted pairs, against this implementation in the
   same process. text-matcher asks NLTK for English stop words, which would
   need a download: an offline list (NLTK's English list) is supplied
   instead, so nothing is fetched.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "reuse"))

from resolution_corpus import load_units, resolution_files  # noqa: E402

from normtrace.reuse.candidates import candidate_pairs, minhash_candidates  # noqa: E402
from normtrace.reuse.links import (  # noqa: E402
    ReuseParams,
    Unit,
    find_reuse,
    index_unit,
    link_indexed,
)
from normtrace.reuse.planted import Plant, choose, evaluate, plant  # noqa: E402

RATES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
# NLTK's English stop-word list, supplied so that text-matcher downloads nothing.
STOPWORD_TEXT = """i me my myself we our ours ourselves you you're you've you'll you'd your yours
yourself yourselves he him his himself she she's her hers herself it it's its itself they them
their theirs themselves what which who whom this that that'll these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until while of
at by for with about against between into through during before after above below to from up down
in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don
don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn
doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn
needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't"""
STOPWORDS = STOPWORD_TEXT.split()


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(folder: Path) -> list[list[Unit]]:
    """Every resolution file as a list of paragraph units."""
    return [load_units(p) for p in resolution_files(folder)]


def all_pairs(documents: Sequence[Sequence[Unit]]) -> dict[str, Any]:
    """Run reuse over every paragraph of every document; time and memory."""
    units = [u for doc in documents for u in doc]
    before = rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    links = find_reuse(units)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    d = len(documents)
    return {
        "documents": d,
        "units": len(units),
        "document_pairs": d * (d - 1) // 2,
        "links": len(links),
        "boilerplate_links": sum(x.boilerplate for x in links),
        "seconds": wall,
        "cpu_seconds": cpu,
        "rss_before_mb": before,
        "peak_rss_mb": rss_mb(),
    }


def incremental(documents: Sequence[Sequence[Unit]], added: int = 10) -> dict[str, float]:
    """Seconds to link the last ``added`` resolutions into an index of all the others.

    Shingles of the earlier units are taken as already indexed (as
    ``reuse_state`` keeps them in a project); only pairs that involve a new
    unit are aligned.
    """
    units = [u for doc in documents for u in doc]
    fresh = {u.key for doc in documents[-added:] for u in doc}
    p = ReuseParams()
    vocab: dict[str, str] = {}
    indexed = [index_unit(u, p.n, vocab) for u in units]
    began = time.perf_counter()
    links = link_indexed(indexed, p, new=[u.key in fresh for u in units])
    return {"added": added, "seconds": time.perf_counter() - began, "links": len(links)}


def store_run(folder: Path, added: int = 10) -> dict[str, float]:
    """Ingest all but ``added`` resolutions into a temporary project, run reuse, add the rest."""
    from store_helpers import add_resolution

    from normtrace.reuse.store_reuse import update_reuse
    from normtrace.store.db import Store

    files = resolution_files(folder)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        for path in files[:-added]:
            add_resolution(store, path)
        began = time.perf_counter()
        first = update_reuse(store)
        full = time.perf_counter() - began
        for path in files[-added:]:
            add_resolution(store, path)
        began = time.perf_counter()
        second = update_reuse(store)
        return {
            "full_seconds": full,
            "full_links": first.links_added,
            "added": added,
            "incremental_seconds": time.perf_counter() - began,
            "incremental_units": second.indexed_units,
            "incremental_links": second.links_added,
        }


def planted_scores(
    donors: Sequence[Unit], hosts: Sequence[Unit], aligner: str
) -> list[tuple[float, Any, float]]:
    """(rate, Score, seconds) per edit rate for one aligner."""
    params = ReuseParams(aligner=aligner)
    baseline = find_reuse([*donors, *hosts], params=params)
    rows = []
    for rate in RATES:
        plants = plant(donors, hosts, edit_rate=rate, seed=1)
        began = time.perf_counter()
        links = find_reuse([*donors, *(p.host for p in plants)], params=params)
        rows.append((rate, evaluate(plants, links, baseline), time.perf_counter() - began))
    return rows


def candidate_recall(plants: Sequence[Plant]) -> tuple[float, float]:
    """Share of plants whose donor/host pair each candidate generator proposes."""
    units = [*(p.donor for p in plants), *(p.host for p in plants)]
    vocab: dict[str, str] = {}
    shingles = [index_unit(u, ReuseParams().n, vocab).shingles for u in units]
    docs = list(range(len(units)))
    k = len(plants)
    wanted = {(i, i + k) for i in range(k)}
    p = ReuseParams()
    inverted = candidate_pairs(shingles, docs, max_df=p.max_df, min_shared=p.min_shared)
    got_inv = {tuple(x) for x in inverted.pairs.tolist()} & wanted
    got_mh = {tuple(x) for x in minhash_candidates(shingles, docs).tolist()} & wanted
    return len(got_inv) / k, len(got_mh) / k


def load_text_matcher() -> Any | None:
    """The text_matcher.matcher module with an offline stop-word list, or None."""
    try:
        import text_matcher.matcher as tm
    except ImportError:
        return None

    class OfflineStopwords:
        @staticmethod
        def words(language: str) -> list[str]:
            return STOPWORDS

    tm.nltk.corpus.stopwords = OfflineStopwords()
    return tm


def tm_locations(tm: Any, a: str, b: str) -> list[tuple[int, int]]:
    """text-matcher's matched locations in ``b`` (its own console output suppressed)."""
    with contextlib.redirect_stdout(io.StringIO()):
        matcher = tm.Matcher(tm.Text(a, "a"), tm.Text(b, "b"))
        _, _, located = matcher.match()
    return list(located)


def tm_throughput(tm: Any, documents: Sequence[Sequence[Unit]], sample: int) -> dict[str, float]:
    """Seconds per pair for text-matcher and for ours on the same random document pairs."""
    rng = random.Random(7)
    pairs = [rng.sample(range(len(documents)), 2) for _ in range(sample)]
    texts = ["\n".join(u.text for u in doc) for doc in documents]
    began = time.perf_counter()
    for i, j in pairs:
        tm_locations(tm, texts[i], texts[j])
    tm_seconds = time.perf_counter() - began
    began = time.perf_counter()
    for i, j in pairs:
        find_reuse([*documents[i], *documents[j]])
    ours = time.perf_counter() - began
    return {"pairs": sample, "tm_seconds": tm_seconds, "ours_seconds": ours}


def tm_recall(tm: Any, donors: Sequence[Unit], hosts: Sequence[Unit], rate: float) -> float:
    """Share of plants text-matcher locates (matches covering ≥ half the passage)."""
    baseline = {(x.source, x.target) for x in find_reuse([*donors, *hosts])}
    plants = [
        p
        for p in plant(donors, hosts, edit_rate=rate, seed=1)
        if (p.donor.key, p.original_host.key) not in baseline
    ]
    found = 0
    for p in plants:
        cover = sum(
            max(0, min(e, p.end) - max(s, p.start))
            for s, e in tm_locations(tm, p.donor.text, p.host.text)
        )
        found += cover >= 0.5 * (p.end - p.start)
    return found / len(plants) if plants else 0.0


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its numbers."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--plants", type=int, default=300)
    ap.add_argument("--sw-plants", type=int, default=100, help="plants for Smith-Waterman")
    ap.add_argument("--tm-pairs", type=int, default=20, help="document pairs for text-matcher")
    ap.add_argument("--tm-plants", type=int, default=40, help="planted pairs for text-matcher")
    args = ap.parse_args(argv)
    folder = args.shared / "corpus" / "resolutions"
    if not folder.is_dir():
        sys.exit(f"no resolutions at {folder}; pass --shared PATH")

    began = time.perf_counter()
    documents = load(folder)
    print(
        f"parse: {len(documents)} resolutions in {time.perf_counter() - began:.1f} s "
        "(parse stage, not counted below)"
    )
    full = all_pairs(documents)
    print(
        f"all pairs: {full['units']} paragraphs of {full['documents']} resolutions "
        f"({full['document_pairs']} document pairs): {full['seconds']:.1f} s wall, "
        f"{full['cpu_seconds']:.1f} s CPU, peak RSS {full['peak_rss_mb']:.0f} MiB "
        f"(before: {full['rss_before_mb']:.0f} MiB); {full['links']} links, "
        f"{full['boilerplate_links']} flagged boilerplate"
    )
    ours_rate = full["document_pairs"] / full["seconds"]
    inc = incremental(documents)
    print(
        f"incremental: the last {inc['added']:.0f} resolutions linked into the index of the "
        f"others in {inc['seconds']:.1f} s ({inc['links']:.0f} links)"
    )
    st = store_run(folder)
    print(
        f"project store: update_reuse over {len(documents) - 10} resolutions "
        f"{st['full_seconds']:.1f} s ({st['full_links']:.0f} links written); adding "
        f"{st['added']:.0f} more: {st['incremental_seconds']:.1f} s "
        f"({st['incremental_units']:.0f} units indexed, {st['incremental_links']:.0f} links)"
    )

    donors, hosts = choose(documents, args.plants, seed=3)
    print(f"\nplanted reuse (SYNTHETIC): {len(donors)} real paragraphs into other real resolutions")
    print("aligner  edit  plants  recall  precision  links  excluded(real reuse)  seconds")
    for aligner, count in (("seeded", len(donors)), ("sw", args.sw_plants)):
        for rate, score, secs in planted_scores(donors[:count], hosts[:count], aligner):
            print(
                f"{aligner:<8} {rate:4.2f}  {score.plants:>6}  {score.recall:6.3f}  "
                f"{score.precision:9.3f}  {score.links:>5}  {score.excluded_links:>20}  {secs:7.2f}"
            )
    inv, mh = candidate_recall(plant(donors, hosts, edit_rate=0.2, seed=1))
    print(f"candidate recall at 20 % edits: inverted index {inv:.3f}, MinHash-LSH {mh:.3f}")

    tm = load_text_matcher()
    if tm is None:
        print(
            "\ntext-matcher is not installed: comparison skipped "
            "(`.venv/bin/pip install text-matcher` to run it)"
        )
        return
    speed = tm_throughput(tm, documents, args.tm_pairs)
    tm_rate = speed["pairs"] / speed["tm_seconds"]
    print(
        f"\ntext-matcher: {speed['pairs']} random document pairs in {speed['tm_seconds']:.1f} s "
        f"= {tm_rate:.2f} pairs/s"
    )
    print(
        f"ours, same pairs one by one: {speed['pairs'] / speed['ours_seconds']:.1f} pairs/s "
        f"({speed['tm_seconds'] / speed['ours_seconds']:.0f}x)"
    )
    print(f"ours, all pairs: {ours_rate:.0f} document pairs/s ({ours_rate / tm_rate:.0f}x)")
    few_d, few_h = donors[: args.tm_plants], hosts[: args.tm_plants]
    print("planted recall  edit  text-matcher  ours")
    for rate in (0.0, 0.1, 0.2):
        ours = evaluate(
            plant(few_d, few_h, edit_rate=rate, seed=1),
            find_reuse([*few_d, *(p.host for p in plant(few_d, few_h, edit_rate=rate, seed=1))]),
            find_reuse([*few_d, *few_h]),
        )
        print(
            f"                {rate:4.2f}  {tm_recall(tm, few_d, few_h, rate):12.3f}  "
            f"{ours.recall:.3f}"
        )


if __name__ == "__main__":
    main()
