"""Benchmark: role resolution throughput against reading the speeches, in one run.

Corpus: the 1,168 speeches of ``corpus/speeches-2020`` in ../shared, grouped into
their 72 meetings by :func:`normtrace.actors.corpus_loader.load_corpus`.

Methods:

* ``load`` (baseline): reading and parsing the speech files into meeting documents;
* ``resolve``: :func:`normtrace.actors.roles.resolve_roles` over those documents
  (invitations parsed, persons and membership looked up), reference data loaded once;
* ``reference``: loading the bundled reference data (done once per process).

Prints speeches per second and ratios; asserts nothing. Usage::

    .venv/bin/python benchmarks/bench_actors.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import best_of, shared_dir  # noqa: E402

from normtrace.actors.corpus_loader import load_corpus  # noqa: E402
from normtrace.actors.meetings_index import load_index  # noqa: E402
from normtrace.actors.reference import load_reference  # noqa: E402
from normtrace.actors.roles import resolve_roles  # noqa: E402


def main() -> None:
    """Time loading, reference data and role resolution; print ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = shared_dir() / "corpus" / "speeches-2020"
    docs = load_corpus(folder).documents
    n = sum(len(d.speeches) for d in docs)
    dates = {m.symbol: m.date for m in load_index() if m.date}
    ref = load_reference()

    def resolve() -> None:
        for d in docs:
            resolve_roles(d, ref, day=dates.get(d.symbol))

    t_load = best_of(args.repeat, lambda: load_corpus(folder))
    t_ref = best_of(args.repeat, load_reference)
    t_resolve = best_of(args.repeat, resolve)
    print(f"{n} speeches in {len(docs)} meetings")
    print(f"load      {t_load:7.3f} s  {n / t_load:9.0f} speeches/s  (baseline)")
    print(f"reference {t_ref:7.3f} s  (once per process)")
    print(
        f"resolve   {t_resolve:7.3f} s  {n / t_resolve:9.0f} speeches/s  "
        f"ratio resolve/load = {t_resolve / t_load:.2f}"
    )


if __name__ == "__main__":
    main()
