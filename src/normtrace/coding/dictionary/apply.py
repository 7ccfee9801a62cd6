"""Auto-coding in the store: register a codebook version, code every current unit, store spans.

:func:`apply_codebook` compiles the codebook once (stage 1,
:mod:`~normtrace.coding.dictionary.compile`), reads units from the store in
batches and runs :func:`code_units` on each: per chunk of units, scan (stage 2,
:mod:`~normtrace.coding.dictionary.scan`), filter (stage 3,
:mod:`~normtrace.coding.dictionary.filters`) and emit (stage 4,
:mod:`~normtrace.coding.dictionary.emit`); then it writes the spans of one run.
:func:`code_units` is pure (a compiled
:class:`~normtrace.coding.dictionary.matcher.Matcher` over ``(key, text)`` pairs,
returning plain tuples), so batches can run on Dask workers.

>>> from normtrace.store.db import Store
>>> from normtrace.coding.exchange.yamlio import load_default_codebook
>>> store = Store.open(":memory:")
>>> apply_codebook(store, load_default_codebook()).units
0
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.patterns import PatternSyntaxError, check_new_pattern
from normtrace.errors import CodebookError, NotFoundError
from normtrace.store.db import Store, utc_now

# The stages (NumPy, pyahocorasick), YAML and tqdm are imported by the functions that use
# them: many modules import this one for a codebook or a digest only (`code list`, `judge`).
if TYPE_CHECKING:
    from normtrace.coding.dictionary.emit import SpanArrays
    from normtrace.coding.dictionary.matcher import Matcher

BATCH = 2000
#: at most this many units are matched together by :func:`code_units` ...
CHUNK = 256
#: ... holding at most this many code points (one unit may be longer): the joined
#: text's arrays then stay in cache; ``benchmarks/bench_coding.py`` measured 2**19
#: (512 Ki) as fast as or faster than shorter or longer batches with both scanners
CHUNK_CHARS = 1 << 19

T = TypeVar("T")

#: A stored span before insertion: (unit key, start, end, snippet, text sha256, code, entry)
SpanRow = tuple[str, int, int, str, str, str, str]


@dataclass(frozen=True)
class ApplyReport:
    """What one auto-coding run did."""

    run_id: int
    codebook: str
    version: str
    units: int
    characters: int
    spans: int
    seconds: float
    by_code: dict[str, int] = field(default_factory=dict)
    #: section headings left uncoded (:data:`CODED_UNITS`)
    headings: int = 0
    #: current accepts of the codebook's candidates that this run no longer proposes (an entry
    #: changed or an exclusion now drops them): they still count as their coders' codings
    accepts_not_proposed: int = 0
    #: those of them whose code this version no longer has (the code was dropped or renamed)
    accepts_of_dropped_codes: int = 0

    @property
    def mb_per_second(self) -> float:
        """Throughput over the unit text (UTF-8 size is approximated by code points)."""
        return self.characters / 1e6 / self.seconds if self.seconds else 0.0


def text_sha256(text: str) -> str:
    """SHA-256 of a unit text (UTF-8), stored with each span to detect changed text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_units(matcher: Matcher, units: Iterable[tuple[str, str]]) -> list[SpanRow]:
    """The pure stage: match every ``(key, text)`` unit once; plain rows for the store.

    Units are matched in :func:`chunks`: one scan, one filter and one emit per
    chunk (array operations over the whole chunk); rows come in unit order, each
    unit's spans in :meth:`Matcher.match` order.
    """
    from normtrace.coding.dictionary.emit import span_arrays
    from normtrace.coding.dictionary.filters import candidates
    from normtrace.coding.dictionary.scan import scan_batch

    if matcher.key_count == 0:
        return []
    tables = matcher.tables
    rows: list[SpanRow] = []
    for chunk in chunks(units, lambda unit: len(unit[1])):
        texts = [text for _, text in chunk]
        scanned = scan_batch(tables, texts)  # 2. scan
        found = candidates(tables, scanned)  # 3. filter
        spans = span_arrays(tables, scanned, found)  # 4. emit
        rows.extend(_span_rows(matcher, chunk, spans))
    return rows


def chunks(items: Iterable[T], length: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in order, in lists of at most :data:`CHUNK` items and :data:`CHUNK_CHARS`.

    ``length`` gives an item's size in code points; an item longer than the
    budget makes a chunk of its own.

    >>> [len(c) for c in chunks(["a" * 300_000, "b" * 300_000, "c"], len)]
    [1, 2]
    """
    chunk: list[T] = []
    size = 0
    for item in items:
        n = length(item)
        if chunk and (size + n > CHUNK_CHARS or len(chunk) >= CHUNK):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += n
    if chunk:
        yield chunk


def _span_rows(matcher: Matcher, units: list[tuple[str, str]], spans: SpanArrays) -> list[SpanRow]:
    """Rows of one chunk's spans: one tuple per span, with its snippet and text digest."""
    from normtrace.coding.dictionary.emit import names

    if not spans.size:
        return []
    texts = [text for _, text in units]
    unit, starts, ends = spans.unit.tolist(), spans.start.tolist(), spans.end.tolist()
    coded = set(unit)
    digests = [text_sha256(text) if u in coded else "" for u, text in enumerate(texts)]
    snippets = [texts[u][s:e] for u, s, e in zip(unit, starts, ends, strict=True)]
    codes, entries = names(matcher.tables, spans)
    keys = [key for key, _ in units]
    return list(
        zip(
            map(keys.__getitem__, unit), starts, ends, snippets, map(digests.__getitem__, unit),
            codes, entries, strict=True,
        )
    )  # fmt: skip


def register_codebook(store: Store, book: Codebook, *, use: bool = True) -> int:
    """Store this codebook version (once) with its codes and put it in use: it becomes its
    name's current version (``codebook_uses``); return its row id. A version registered before
    is put in use again when ``use`` (applying an earlier version makes it current again); with
    ``use`` false it is left where it stands (a ``.qdpx`` import naming a version the project
    already holds leaves the current one). A new version is always put in use."""
    row = store.conn.execute(
        "SELECT id FROM codebooks WHERE name = ? AND sha256 = ?", (book.name, book.sha256)
    ).fetchone()
    if row is not None:
        book_id = int(row["id"])
        current = store.conn.execute(
            "SELECT id FROM current_codebooks WHERE name = ?", (book.name,)
        ).fetchone()
        if use and (current is None or int(current["id"]) != book_id):
            with store.transaction() as conn:
                conn.execute(
                    "INSERT INTO codebook_uses (codebook_id, at) VALUES (?, ?)",
                    (book_id, utc_now()),
                )
        return book_id
    _check_new_patterns(book)
    from normtrace.coding.exchange.yamlio import dump_codebook

    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO codebooks (name, version, sha256, label, yaml, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (book.name, book.version, book.sha256, book.label, dump_codebook(book), utc_now()),
        )
        book_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO codes (codebook_id, code, name, parent, codable, definition, color, ord) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (book_id, c.id, c.name, c.parent, int(c.codable), c.definition, c.color, i)
                for i, c in enumerate(book.codes)
            ],
        )
        # a new version is put in use (a .qdpx bringing one makes it current: its codings
        # are of its codes)
        conn.execute(
            "INSERT INTO codebook_uses (codebook_id, at) VALUES (?, ?)", (book_id, utc_now())
        )
    return book_id


def _check_new_patterns(book: Codebook) -> None:
    """:func:`~normtrace.coding.dictionary.patterns.check_new_pattern` on every pattern of a
    codebook about to be registered (one line naming the codebook file and the entry's line).
    """
    for code in book.codes:
        found = [(e.line, [e.pattern] if e.pattern else list(e.near or ())) for e in code.entries]
        found += [(x.line, [x.pattern]) for x in code.excludes]
        for line, patterns in found:
            for pattern in patterns:
                try:
                    check_new_pattern(pattern)
                except PatternSyntaxError as exc:
                    raise CodebookError(str(exc), path=book.path or book.name,
                                        line=line) from None  # fmt: skip


def stored_codebook(store: Store, name: str, version: str | None = None) -> Codebook:
    """A registered codebook by name (its current version, the one last put in use, unless
    ``version`` is given)."""
    if version:
        row = store.conn.execute(
            "SELECT yaml FROM codebooks WHERE name = ? AND version = ? ORDER BY id DESC LIMIT 1",
            (name, version),
        ).fetchone()
    else:
        row = store.conn.execute(
            "SELECT yaml FROM current_codebooks WHERE name = ?", (name,)
        ).fetchone()
    if row is None:
        known = [r["name"] for r in store.conn.execute("SELECT DISTINCT name FROM codebooks")]
        hint = f"registered: {', '.join(known)}" if known else "run `normtrace code apply` first"
        raise NotFoundError("codebook", f"{name}@{version}" if version else name, hint=hint)
    return _parsed(str(row["yaml"]), name)


@lru_cache(maxsize=16)
def _parsed(text: str, name: str) -> Codebook:
    """A stored codebook's YAML parsed once per process (a codebook is an immutable value;
    parsing the default one takes about 100 ms, which every codebook page paid)."""
    from normtrace.coding.exchange.yamlio import loads_codebook

    return loads_codebook(text, path=f"<project codebook {name}>")


def list_codes(store: Store) -> list[dict[str, str | bool | None]]:
    """The codes of the latest registered version of each codebook (for coding menus)."""
    rows = store.conn.execute(
        "SELECT b.name AS codebook, b.version, c.code, c.name, c.parent, c.codable, c.color "
        "FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE b.id IN (SELECT id FROM current_codebooks) ORDER BY b.name, c.ord"
    )
    return [
        {
            "codebook": r["codebook"],
            "version": r["version"],
            "code": r["code"],
            "name": r["name"],
            "parent": r["parent"],
            "codable": bool(r["codable"]),
            "color": r["color"],
        }
        for r in rows
    ]


#: the units the dictionary codes: every current unit but section headings ("Child
#: protection", "Restoration of State authority"), which name a section and state nothing:
#: the frames of FRAMES.md are read in paragraphs, no labelled sample holds a heading, and a
#: heading counted as a use would add one per report to the counts, outside the measured
#: error. A coder can still code a heading by hand.
CODED_UNITS = "SELECT * FROM units WHERE kind IS NOT 'heading'"


def iter_edition_units(
    store: Store, *, batch: int = BATCH
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Every current unit as ``(edition, [(key, text), ...])`` batches of one edition each.

    The record and corpus editions of a meeting share unit keys; candidates name
    the edition whose text they were found in.
    """
    cur = store.conn.execute(f"SELECT edition, key, text FROM ({CODED_UNITS}) ORDER BY edition")
    while rows := cur.fetchmany(batch):
        groups: dict[str, list[tuple[str, str]]] = {}
        for r in rows:
            groups.setdefault(str(r["edition"]), []).append((str(r["key"]), str(r["text"])))
        yield from groups.items()


@dataclass(frozen=True)
class ScoreTask:
    """A batch of units to code on a worker (the codebook travels; compiled there, once)."""

    book: Codebook
    scanner: str
    edition: str
    units: list[tuple[str, str]]


#: compiled matchers of this process, by (codebook content hash, scanner): a worker compiles once
_MATCHERS: dict[tuple[str, str], Matcher] = {}


def score_batch(task: ScoreTask) -> tuple[str, int, int, list[SpanRow]]:
    """The worker's stage: ``(edition, units, characters, span rows)`` of one batch."""
    from normtrace.coding.dictionary.matcher import compile_codebook

    key = (task.book.sha256, task.scanner)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = compile_codebook(task.book, task.scanner)
    rows = code_units(_MATCHERS[key], task.units)
    return task.edition, len(task.units), sum(len(text) for _, text in task.units), rows


#: ``mapper(func, items)``: ``func`` over ``items`` on some engine, results in input order
OrderedMapper = Callable[[Callable[[ScoreTask], Any], Iterable[ScoreTask]], Iterable[Any]]


def _scored(
    store: Store, matcher: Matcher, book: Codebook, batch: int, mapper: OrderedMapper | None
) -> Iterator[tuple[str, int, int, list[SpanRow]]]:
    batches = iter_edition_units(store, batch=batch)
    if mapper is None:
        for edition, units in batches:
            chars = sum(len(text) for _, text in units)
            yield edition, len(units), chars, code_units(matcher, units)
        return
    tasks = (ScoreTask(book, matcher.scanner, edition, units) for edition, units in batches)
    yield from mapper(score_batch, tasks)


def apply_codebook(
    store: Store,
    book: Codebook,
    *,
    batch: int = BATCH,
    scanner: str = "auto",
    progress: bool | None = None,
    mapper: OrderedMapper | None = None,
) -> ApplyReport:
    """Auto-code every current unit with ``book``; one run, one compiled matcher, one scan.

    The spans are candidates: they count in the ``codings`` view until a coder
    rejects them (:func:`normtrace.coding.human.events.record_verdict`).

    Args:
        scanner: how batches are scanned (see
            :func:`~normtrace.coding.dictionary.matcher.compile_codebook`); the spans do not
            depend on it, and the run records the scanner used.
        progress: a progress bar on stderr; default: only when stderr is a terminal.
        mapper: score batches on workers (e.g. :meth:`normtrace.engine.Engine.ordered`,
            results in input order, a few batches in flight); this process stays the only
            writer, so the stored rows are those of a run without it (tested).
    """
    from tqdm import tqdm

    from normtrace.coding.dictionary.compile import ALGORITHM
    from normtrace.coding.dictionary.matcher import compile_codebook

    matcher = compile_codebook(book, scanner)  # 1. compile
    params = {"codebook": book.name, "version": book.version, "keys": matcher.key_count,
              "scanner": matcher.scanner, "skips": "headings"}  # fmt: skip
    started = time.perf_counter()
    units = chars = 0
    by_code: Counter[str] = Counter()
    show = sys.stderr.isatty() if progress is None else progress
    # One write transaction per run: a run killed half-way leaves no candidate rows.
    with store.transaction():
        book_id = register_codebook(store, book)
        run_id = store.start_run("coding", ALGORITHM, params)
        total = int(store.conn.execute(f"SELECT COUNT(*) FROM ({CODED_UNITS})").fetchone()[0])
        headings = int(store.conn.execute(
            "SELECT COUNT(*) FROM units WHERE kind = 'heading'").fetchone()[0])  # fmt: skip
        bar = tqdm(total=total, desc="code", unit="unit", disable=not show, file=sys.stderr)
        # 2. scan, 3. filter, 4. emit, per chunk (code_units), here or on workers
        for edition, count, size, rows in _scored(store, matcher, book, batch, mapper):
            units += count
            chars += size
            by_code.update(r[5] for r in rows)
            _insert_spans(store, run_id, book_id, book.version, edition, rows)
            bar.update(count)
        bar.close()
        seconds = time.perf_counter() - started
        _finish(store, run_id, book_id, book, units, sum(by_code.values()))
        store.finish_run(run_id, {"units": units, "spans": sum(by_code.values()),
                                  "headings_skipped": headings})  # fmt: skip
    from normtrace.coding.placed import ACCEPTS_NOT_PROPOSED

    # the accepted spans of this codebook that still count (placed; their coder's accept
    # stands) and that this run, now the codebook's latest, no longer proposes: what
    # `code list` lists as such (and how many are of codes this version dropped)
    orphaned, dropped = store.conn.execute(
        "SELECT count(*), coalesce(sum(k.code NOT IN (SELECT c.code FROM codes c WHERE "
        f"c.codebook_id = ?)), 0) FROM ({ACCEPTS_NOT_PROPOSED}) k WHERE k.codebook = ?",
        (book_id, book.name),
    ).fetchone()
    return ApplyReport(
        run_id, book.name, book.version, units, chars, sum(by_code.values()), seconds,
        dict(sorted(by_code.items())), headings, int(orphaned), int(dropped),
    )  # fmt: skip


def _insert_spans(
    store: Store, run_id: int, book_id: int, version: str, edition: str, rows: list[SpanRow]
) -> None:
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO auto_codings (run_id, codebook_id, codebook_version, edition, unit_key, "
            'start, "end", snippet, text_sha256, code, entry) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, book_id, version, edition, *row) for row in rows],
        )


def _finish(
    store: Store, run_id: int, book_id: int, book: Codebook, units: int, spans: int
) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO coding_runs (run_id, codebook_id, codebook, codebook_version, units, "
            "spans, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run_id, book_id, book.name, book.version, units, spans, utc_now()),
        )
