"""Counting with rejected model suggestions grows linearly: ``freq`` on 4× the project ≈ 4× time.

A reject of a model suggestion of code C takes C's dictionary candidates in the judged unit
or paragraph out of every count unless a coder holds C there
(:mod:`normtrace.coding.human.suggestion_absent`). Until stop 43 each reached candidate was
compared with every holding (coding, accepted candidate, accepted suggestion) of the
project, so the time grew with their product: on a SYNTHETIC project of 300 such documents
(made up as below; 8,400 units) ``freq`` took 54 s CPU (4.5 minutes on a loaded
machine), 3.8 s since the holdings are looked up by (codebook, code, unit or paragraph).

Setup (not timed): a SYNTHETIC project of N and 4N made-up resolutions ``SYN/R/n`` (4
preambular and 12 operative paragraphs, every third with 3 lettered sub-paragraphs; 28 units
each, words drawn from a 20-word list), a 6-code dictionary applied, a planted model's
suggestions at unit and paragraph level (about 40 per document, each on the target's
current words), three coders' verdicts on 60 % of them (one accept to two rejects,
:func:`~normtrace.coding.learn.suggest.record_suggestion_verdict`), codings of a twelfth of
the units per coder and "done" marks. Everything scales with N, so a linear reader takes ≈ 4×
as long on 4N.

Timed, CPU seconds, fastest of REPEATS, on each size in the same run:

* ``rejected_candidates`` — the candidates the rejects read as absent (now);
* ``code_frequencies`` — what ``normtrace freq`` prints (now);
* baseline: the same two with the quadratic ``rejected_candidates`` before stop 43 (its copy
  below, ``_quadratic_rejected_candidates``; ``counts`` reads it in place of the current one).

Checks that both give the same candidates and the same frequency rows at both sizes. Prints
the times, the growth ratio time(4N)/time(N) of each (linear ≈ 4, quadratic ≈ 16; target for
the current ``freq`` ≤ 6) and baseline/current at 4N. Asserts nothing on time. Usage::

    .venv/bin/python benchmarks/bench_counts_rejects.py [--docs 40] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from normtrace.coding import counts
from normtrace.coding.codebook import Code, Codebook, Entry
from normtrace.coding.dictionary.apply import apply_codebook, register_codebook, text_sha256
from normtrace.coding.human.events import add_code
from normtrace.coding.human.reviews import mark_done
from normtrace.coding.human.suggestion_absent import _members, _standing, rejected_candidates
from normtrace.coding.learn.suggest import record_suggestion_verdict
from normtrace.coding.levels import level_units, paragraph_key
from normtrace.coding.placed import ACCEPTED_SPANS
from normtrace.coding.units import has_table
from normtrace.store.db import Store, utc_now

WORDS = ["civilians", "protect", "force", "mandate", "sanctions", "ceasefire", "elections",
         "monitor", "report", "council", "peace", "security", "humanitarian", "assistance",
         "withdrawal", "troops", "observers", "border", "dialogue", "reform"]  # fmt: skip
CODES = {"poc": "protect", "force": "force", "sanc": "sanctions", "cf": "ceasefire",
         "elec": "elections", "hum": "humanitarian"}  # fmt: skip
CODERS = ("ana", "bo", "cy")
BOOK = "synth"


def build(path: Path, docs: int, seed: int = 43) -> dict[str, int]:
    """The SYNTHETIC project of ``docs`` documents at ``path`` (see the module doc); its row
    counts."""
    rng = random.Random(seed)

    def sentence() -> str:
        return "Synthetic " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))) + "."

    store = Store.open(path)
    with store.transaction() as conn:
        for n in range(docs):
            sym = f"SYN/R/{n}"
            paras = [(f"{sym}/pp{i}", "pp", sentence()) for i in range(1, 5)]
            for i in range(1, 13):
                paras.append((f"{sym}/op{i}", "op", sentence()))
                if i % 3 == 0:
                    paras += [(f"{sym}/op{i}/{c}", "op", sentence()) for c in "abc"]
            doc = conn.execute(
                "INSERT INTO documents (symbol, doc_type, date, year, parser) "
                "VALUES (?, 'resolution', ?, ?, 'synthetic')",
                (sym, f"{2000 + n % 20}-01-01", 2000 + n % 20),
            ).lastrowid
            conn.executemany(
                "INSERT INTO paragraphs (document_id, key, kind, ord, text) VALUES (?, ?, ?, ?, ?)",
                [(doc, key, kind, i, text) for i, (key, kind, text) in enumerate(paras)],
            )
    codes = tuple(Code(id=c, name=c.upper(), entries=(Entry(pattern=w),)) for c, w in CODES.items())
    book = Codebook(name=BOOK, codes=codes)
    register_codebook(store, book)
    apply_codebook(store, book, progress=False)
    (version,) = store.conn.execute(
        "SELECT version FROM current_codebooks WHERE name = ?", (BOOK,)
    ).fetchone()
    suggested: list[int] = []
    for level in ("unit", "paragraph"):  # a planted model (no classifier) per level
        run = store.start_run("learn", "bench.synthetic")
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO learn_models (run_id, codebook, codebook_version, level, version, "
                "params, codes, model, created_at) VALUES (?, ?, ?, ?, 'v', '{}', '{}', x'', ?)",
                (run, BOOK, version, level, utc_now()),
            )
            for t in level_units(store, level):
                for code in rng.sample(sorted(CODES), 2):
                    if rng.random() < 0.45:
                        suggested.append(int(conn.execute(
                            "INSERT INTO suggestions (run_id, model_run_id, model_version, "
                            "codebook, codebook_version, level, unit_key, code, probability, "
                            "text_sha256) VALUES (?, ?, 'v', ?, ?, ?, ?, ?, 0.8, ?)",
                            (run, run, BOOK, version, level, t.key, code, text_sha256(t.text)),
                        ).lastrowid or 0))  # fmt: skip
    for sid in suggested:
        for coder in CODERS:
            if rng.random() < 0.6:
                verdict = rng.choice(("accept", "reject", "reject"))
                record_suggestion_verdict(store, coder=coder, suggestion_id=sid, verdict=verdict)
    texts = dict(store.conn.execute("SELECT key, text FROM units").fetchall())
    units = sorted(texts)
    for coder in CODERS:
        for key in rng.sample(units, len(units) // 12):
            a = rng.randrange(0, max(1, len(texts[key]) - 20))
            add_code(store, coder=coder, unit_key=key, start=a, end=a + 15,
                     code=rng.choice(sorted(CODES)), codebook=BOOK)  # fmt: skip
    heads = sorted({paragraph_key(k) for k in units if paragraph_key(k) != k})
    for coder in CODERS:
        mark_done(store, coder=coder, codebook=BOOK, level="paragraph",
                  unit_keys=rng.sample(heads, len(heads) // 4))  # fmt: skip
        mark_done(store, coder=coder, codebook=BOOK, unit_keys=rng.sample(units, len(units) // 10))
    store.conn.commit()
    tables = ("units", "suggestions", "coding_events", "coding_reviews", "auto_codings")
    found = {t: int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
    store.close()
    return found


# --- baseline: rejected_candidates before stop 43 (each reached candidate compared with every
# holding; the holdings read with a condition per row on every paragraph), kept here only ---


def _quadratic_rejected_candidates(
    store: Store, codebook: str | None = None
) -> dict[int, list[tuple[str, int]]]:
    """``suggestion_absent.rejected_candidates`` as it was before stop 43 (the verdicts and the
    paragraphs' units read by the current ``_standing`` and ``_members``, which did not
    change)."""
    if not has_table(store, "suggestions") or not has_table(store, "current_auto_codings"):
        return {}
    verdicts = _standing(store, codebook)
    rejects = [v for v in verdicts if v[0] == "reject"]
    if not rejects:
        return {}
    members = _members(store, {v[6] for v in rejects if v[5] == "paragraph"})
    reach: dict[tuple[str, str, str], list[tuple[str, int, str, bool]]] = {}
    for _v, coder, sid, book, code, at, key in rejects:
        whole = at == "paragraph"
        for unit in members[key] if whole else (key,):
            reach.setdefault((book, code, unit), []).append((coder, sid, key, whole))
    units = sorted({u for _b, _c, u in reach})
    held = _quadratic_held(store, units, members, verdicts)
    out: dict[int, list[tuple[str, int]]] = {}
    for row in store.conn.execute(
        "SELECT id, unit_key, code, codebook FROM current_auto_codings "
        "WHERE unit_key IN (SELECT value FROM json_each(?))",
        (json.dumps(units, ensure_ascii=False),),
    ):
        slot = (str(row[3]), str(row[2]), str(row[1]))
        said = {(c, s) for c, s, there, whole in reach.get(slot, ())
                if not _quadratic_is_held(held, slot[:2], there, whole)}  # fmt: skip
        if said:
            out[int(row[0])] = sorted(said)
    return out


def _quadratic_held(
    store: Store,
    units: list[str],
    members: dict[str, tuple[str, ...]],
    verdicts: list[tuple[str, str, int, str, str, str, str]],
) -> set[tuple[str, str, str]]:
    paragraphs = sorted({paragraph_key(u) for u in units} | set(members))
    near = json.dumps(paragraphs, ensure_ascii=False)
    held: set[tuple[str, str, str]] = set()
    in_paragraphs = (
        "(unit_key IN (SELECT value FROM json_each(?)) OR EXISTS (SELECT 1 FROM json_each(?) "
        "j WHERE unit_key > j.value || '/' AND unit_key < j.value || '0'))"
    )
    for code, key in store.conn.execute(
        f"SELECT code, unit_key FROM human_codings WHERE {in_paragraphs}", (near, near)
    ):
        held.add(("", str(code), str(key)))
    for book, code, key in store.conn.execute(
        f"SELECT codebook, code, unit_key FROM ({ACCEPTED_SPANS}) WHERE {in_paragraphs}",
        (near, near),
    ):
        held.add((str(book), str(code), str(key)))
    for verdict, _coder, _sid, book, code, _at, key in verdicts:
        if verdict == "accept":
            held.add((book, code, key))
    return held


def _quadratic_is_held(
    held: set[tuple[str, str, str]], of: tuple[str, str], there: str, whole: bool
) -> bool:
    book, code = of
    return any(
        c == code and b in ("", book) and (k == there or (whole and paragraph_key(k) == there))
        for b, c, k in held
    )


# --- timing ---


def cpu(repeats: int, func: Callable[[], object]) -> float:
    """Fastest CPU time of ``func`` over ``repeats`` runs."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def measure(path: Path, repeats: int) -> dict[str, float]:
    """CPU seconds of the four readers on the project at ``path``; exits when the current and
    the baseline disagree."""
    store = Store.open(path)
    now = rejected_candidates(store)
    with mock.patch.object(counts, "rejected_candidates", _quadratic_rejected_candidates):
        before = _quadratic_rejected_candidates(store)
        freq_before = counts.code_frequencies(store)
    freq_now = counts.code_frequencies(store)
    if now != before or freq_now != freq_before:
        sys.exit(f"{path.name}: the current and the baseline rejected_candidates disagree")
    times = {
        "rejected_candidates": cpu(repeats, lambda: rejected_candidates(store)),
        "freq": cpu(repeats, lambda: counts.code_frequencies(store)),
    }
    with mock.patch.object(counts, "rejected_candidates", _quadratic_rejected_candidates):
        times["baseline rejected_candidates"] = cpu(
            repeats, lambda: _quadratic_rejected_candidates(store)
        )
        times["baseline freq"] = cpu(repeats, lambda: counts.code_frequencies(store))
    store.close()
    print(f"  {len(now)} candidates read as absent; {len(freq_now)} frequency rows; "
          "the baseline's the same")  # fmt: skip
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="documents at 1x (default 40)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs, fastest kept")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-counts-") as tmp:
        for n in (args.docs, 4 * args.docs):
            path = Path(tmp) / f"synthetic-{n}.db"
            rows = build(path, n)
            print(f"SYNTHETIC project of {n} documents: {rows}")
            results[n] = measure(path, args.repeats)
            for name, seconds in results[n].items():
                print(f"  {name:>30}: {seconds:8.3f} s CPU")
    one, four = results[args.docs], results[4 * args.docs]
    for name in one:
        growth = four[name] / max(one[name], 1e-9)
        verdict = "" if name.startswith("baseline") else (
            " (target <= 6: ok)" if growth <= 6 else " (target <= 6: SUPERLINEAR)")  # fmt: skip
        print(f"{name:>30}: growth time(4N)/time(N) = {growth:5.1f}{verdict}")
    for name in ("rejected_candidates", "freq"):
        ratio = four[f"baseline {name}"] / max(four[name], 1e-9)
        print(f"{name:>30}: baseline / current at 4N = {ratio:.1f}")


if __name__ == "__main__":
    main()
