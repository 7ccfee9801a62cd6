"""Reuse detection in partitions on disk: memory bounded per worker, any engine, resumable.

The same links as :func:`~normtrace.reuse.links.find_reuse`, computed in stages
whose inputs and outputs are files in one work folder, so each stage is a map of a
pure task over partitions (in this process, a process pool or Dask workers) and no
process ever holds the whole index or all links:

1. **index** (per batch of spooled units, :mod:`.spool`): words → shingle hashes;
   the ``(shingle, unit, document)`` postings are written to ``P`` *hash partitions*
   (``shingle mod P``), the hashes per unit kept for the project's incremental state.
2. **candidates** (per hash partition): a shingle's postings all land in one
   partition, so its document frequency, the formulaic shingles and each pair's
   votes from that partition are exact there; the partial votes go to ``Q`` *pair
   partitions* by ranges of the lower unit number (units in spool order, so a
   document's paragraphs and their usual partners share a partition: measured, a
   unit is prepared for alignment 0.27 times per pair at 16x, against 0.71 with the
   lower number taken modulo ``Q`` in blocks of 64).
3. **align** (per pair partition): votes summed, pairs with ≥ ``min_shared`` votes
   aligned in chunks whose units fit the memory budget; links sorted and written.
4. **formulae** (per batch, then per formula partition): formulaic passages
   (:mod:`.partitioned_formulae`); :mod:`.stages` runs them all.

Every task writes its files and then a ``.done`` marker; a rerun skips finished
tasks, so an interrupted run or a killed worker loses only the tasks in flight.
Alignment compares words by identity only, so aligning a chunk with its own word
table gives the links a single table gives (tested against the serial run).

Partitions are sized from ``memory_mb``: postings cost about
:data:`POSTING_BYTES` each while a partition is joined, and an aligned unit about
:data:`ALIGN_BYTES_PER_CHAR` per character of text.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import mmap
import os
import pickle
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from normtrace.reuse.candidates import pair_codes
from normtrace.reuse.links import (
    Indexed,
    ReuseLink,
    ReuseParams,
    align_candidates,
    link_order,
    word_chars,
)
from normtrace.reuse.shingles import (
    WORD,
    HashArray,
    Words,
    shingle_hashes,
    tokenize,
    word_hashes,
)
from normtrace.reuse.spool import SpooledUnits

T = TypeVar("T")
R = TypeVar("R")
#: ``mapper(func, items)``: ``func`` over ``items`` on some engine, results in any order
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], Iterable[Any]]
IntArray = npt.NDArray[np.int64]
#: a stored link row: (source, target, s0, s1, t0, t1, score, words, boilerplate, same_date,
#: source edition, target edition)
LinkRow = tuple[str, str, int, int, int, int, float, int, bool, bool, str, str]

BATCH_UNITS = 5000
#: bytes per posting while a hash partition is sorted and joined (measured peak / postings)
POSTING_BYTES = 160
#: bytes per candidate pair code while a slice is counted (codes, sort, unique, votes)
CODE_BYTES = 48
#: bytes per character of unit text while its unit is indexed for alignment
ALIGN_BYTES_PER_CHAR = 60
#: share of the budget left to the interpreter, numpy and the task's own arrays
_HEADROOM = 0.5
_LINKS_PER_PICKLE = 2000


def serial_mapper(func: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
    """The in-process mapper (tasks one after another)."""
    return map(func, items)


@dataclass(frozen=True)
class Plan:
    """How a spooled corpus is split: batches, hash partitions, pair partitions, budget."""

    units: int
    batch: int
    hash_partitions: int
    pair_partitions: int
    max_df: int
    memory_mb: int
    params: dict[str, Any]

    @property
    def batches(self) -> int:
        """Index batches."""
        return -(-self.units // self.batch) if self.units else 0

    @classmethod
    def make(cls, spool: SpooledUnits, p: ReuseParams, *, memory_mb: int, workers: int) -> Plan:
        """Partitions enough for ``memory_mb`` per worker, and at least two per worker.

        Hash partitions: a partition's postings fit the budget. Pair partitions: four per
        hash partition, and enough that the lower-numbered units of one partition (about
        ``1/Q`` of the corpus, kept while it is aligned) fill at most half of the
        budget, whatever the corpus' size.
        """
        docs = len(np.unique(spool.documents)) if len(spool) else 0
        chars = spool.text_bytes
        postings = chars // 6  # about one shingle per word, a word per six characters
        budget = memory_mb * 2**20 * _HEADROOM
        parts = max(2 * workers, -(-postings * POSTING_BYTES // int(budget)))
        pair_parts = max(4 * parts, -(-2 * chars * ALIGN_BYTES_PER_CHAR // int(budget)))
        return cls(len(spool), BATCH_UNITS, int(parts), int(pair_parts),
                   p.effective_max_df(docs), memory_mb, p.to_dict())  # fmt: skip

    def save(self, path: Path) -> None:
        """Write the plan as JSON."""
        path.write_text(json.dumps(asdict(self), sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> Plan:
        """Read a plan written by :meth:`save`."""
        return cls(**json.loads(path.read_text()))


@dataclass(frozen=True)
class Task:
    """One task of a stage: the work folder, the plan, which batch or partition."""

    folder: str
    plan: Plan
    number: int


@dataclass(frozen=True)
class TaskResult:
    """What a task reports: counts, and the peak memory of the process that ran it."""

    stage: str
    number: int
    count: int
    pid: int
    host: str
    peak_mb: float
    extra: dict[str, Any] = field(default_factory=dict)
    cpu_s: float = 0.0  # CPU seconds of the task (its process's user + system time)


def peak_mb() -> float:
    """Peak resident memory of this process so far (MB; Linux ``VmHWM``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def task_result(
    stage: str, number: int, count: int, *, cpu_from: float | None = None, **extra: Any
) -> TaskResult:
    """A task's report; ``cpu_from`` is :func:`time.process_time` when the task began."""
    cpu = 0.0 if cpu_from is None else round(time.process_time() - cpu_from, 4)
    return TaskResult(stage, number, count, os.getpid(), os.uname().nodename, peak_mb(), extra,
                      cpu)  # fmt: skip


def done_marker(folder: Path, stage: str, number: int) -> Path:
    return folder / "done" / f"{stage}-{number:05d}"


def temporary(path: Path) -> Path:
    """Where to write ``path`` before renaming it into place: a hidden name in the same
    folder (``.NAME.tmpPID``), so that no reader's pattern (``b*.npz``, ``align-*``) ever
    matches the half-written file a killed task leaves."""
    return path.with_name(f".{path.name}.tmp{os.getpid()}")


def mark_done(folder: Path, stage: str, number: int, count: int) -> None:
    """Mark a task finished (written last, atomically: a killed task leaves no marker, at
    most a hidden ``.NAME.tmpPID`` file that no marker pattern matches)."""
    path = done_marker(folder, stage, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary(path)
    tmp.write_text(str(count))
    tmp.replace(path)


def done_total(folder: Path, stage: str) -> int:
    """The sum of the counts the finished tasks of ``stage`` recorded: read from the markers
    alone (``stage-NNNNN``), never from a killed task's leftover temporary file."""
    total = 0
    for path in (folder / "done").glob(f"{stage}-*"):
        if path.name[len(stage) + 1 :].isdigit():
            total += int(path.read_text())
    return total


def _save_npz(path: Path, **arrays: npt.NDArray[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary(path)
    with tmp.open("wb") as handle:  # a file, so np.savez adds no ".npz" to the name
        np.savez(handle, **arrays)  # type: ignore[arg-type]
    tmp.replace(path)


# ---------------------------------------------------------------- stage 1: index


def index_batch(task: Task) -> TaskResult:
    """Shingle one batch of units; postings to hash partitions; words and hashes kept per unit."""
    cpu = time.process_time()
    folder, plan = Path(task.folder), task.plan
    spool = SpooledUnits(folder / "units")
    start = task.number * plan.batch
    stop = min(start + plan.batch, plan.units)
    n = int(plan.params["n"])
    shingles, norms, digests, spans, counts = [], [], [], [], []
    for unit in spool.units(start, stop):
        words = tokenize(unit.text)
        norms.append("\x00".join(words.norms).encode("utf-8"))
        shingles.append(shingle_hashes(word_hashes(words), n))
        digests.append(hashlib.sha256(unit.text.encode("utf-8")).hexdigest())
        # where each word stands, found once here rather than in every partition using it
        spans.append(np.array([m.span() for m in WORD.finditer(unit.text)], "<i4").reshape(-1))
        counts.append(len(words))
    hashes = np.concatenate(shingles) if shingles else np.zeros(0, np.uint64)
    lengths = np.fromiter(map(len, shingles), dtype=np.int64, count=len(shingles))
    stem = f"b{task.number:05d}"
    _save_raw(folder / "words" / f"{stem}.bin", b"".join(norms))
    _save_raw(folder / "words" / f"{stem}.off", _offsets(map(len, norms)).tobytes())
    located = np.concatenate(spans).astype("<i4") if spans else np.zeros(0, "<i4")
    _save_raw(folder / "words" / f"{stem}.pos", located.tobytes())
    _save_raw(folder / "words" / f"{stem}.won", _offsets(counts).tobytes())
    _save_raw(folder / "shingles" / f"{stem}.u8", hashes.astype("<u8").tobytes())
    _save_raw(folder / "shingles" / f"{stem}.off", _offsets(lengths).tobytes())
    _save_raw(folder / "shingles" / f"{stem}.sha", "".join(digests).encode("ascii"))
    units = np.repeat(np.arange(start, stop, dtype=np.int64), lengths)
    docs = np.asarray(spool.documents[start:stop])[units - start]
    part = (hashes % np.uint64(plan.hash_partitions)).astype(np.int64)
    order = np.argsort(part, kind="stable")
    bounds = np.searchsorted(part[order], np.arange(plan.hash_partitions + 1))
    for p in range(plan.hash_partitions):
        pick = order[bounds[p] : bounds[p + 1]]
        _save_npz(folder / "postings" / f"p{p:04d}" / f"{stem}.npz",
                  h=hashes[pick], u=units[pick], d=docs[pick])  # fmt: skip
    mark_done(folder, "index", task.number, len(hashes))
    return task_result("index", task.number, len(hashes), cpu_from=cpu)


def _offsets(lengths: Iterable[int]) -> IntArray:
    return np.concatenate(([0], np.cumsum(np.fromiter(lengths, dtype=np.int64)))).astype("<i8")


def _save_raw(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary(path)
    tmp.write_bytes(data)
    tmp.replace(path)


class IndexedBatch:
    """Read access to what the index stage kept for one batch (memory-mapped)."""

    def __init__(self, folder: Path, plan: Plan, number: int) -> None:
        stem = f"b{number:05d}"
        self.start = number * plan.batch
        # mapped, not read: a partition's chunk needs a few units of each batch
        self._words = _bytes(folder / "words" / f"{stem}.bin")
        self._word_off = _int64(folder / "words" / f"{stem}.off")
        pos = folder / "words" / f"{stem}.pos"  # absent in a run begun before it was kept
        self._spans = _mapped(pos, "<i4").reshape(-1, 2) if pos.exists() else None
        self._span_off = _int64(folder / "words" / f"{stem}.won") if pos.exists() else None
        self.hashes: HashArray = _mapped(folder / "shingles" / f"{stem}.u8", "<u8")
        self.offsets = _int64(folder / "shingles" / f"{stem}.off")
        self._sha = _bytes(folder / "shingles" / f"{stem}.sha")  # the writer's only

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def norms(self, i: int) -> tuple[str, ...]:
        """Normalized words of the batch's ``i``-th unit."""
        raw = self._words[int(self._word_off[i]) : int(self._word_off[i + 1])]
        return tuple(raw.decode("utf-8").split("\x00")) if raw else ()

    def words(self, i: int, text: str) -> Words:
        """The batch's ``i``-th unit's words (``text`` is its text), offsets included."""
        norms = self.norms(i)
        if self._spans is None or self._span_off is None:
            return Words(norms, text)
        block = self._spans[int(self._span_off[i]) : int(self._span_off[i + 1])]
        return Words.located(norms, text, tuple(block[:, 0].tolist()), tuple(block[:, 1].tolist()))

    def shingles(self, i: int) -> HashArray:
        """Shingle hashes of the batch's ``i``-th unit."""
        return self.hashes[int(self.offsets[i]) : int(self.offsets[i + 1])]

    def sha(self, i: int) -> str:
        """SHA-256 of the batch's ``i``-th unit's text."""
        return self._sha[64 * i : 64 * (i + 1)].decode("ascii")


def _bytes(path: Path) -> mmap.mmap | bytes:
    if not path.stat().st_size:
        return b""
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _mapped(path: Path, dtype: str) -> npt.NDArray[Any]:
    """A file's numbers, memory-mapped (a plain ndarray view: cheap to index)."""
    if not path.stat().st_size:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r").view(np.ndarray)


def _int64(path: Path) -> IntArray:
    return _mapped(path, "<i8")


# ---------------------------------------------------------------- stage 2: candidates


def candidate_partition(task: Task) -> TaskResult:
    """Document frequency, formulaic shingles and partial pair votes of one hash partition."""
    cpu = time.process_time()
    folder, plan, p = Path(task.folder), task.plan, task.number
    parts = [np.load(f) for f in sorted((folder / "postings" / f"p{p:04d}").glob("b*.npz"))]
    h = np.concatenate([x["h"] for x in parts]) if parts else np.zeros(0, np.uint64)
    u = np.concatenate([x["u"] for x in parts]) if parts else np.zeros(0, np.int64)
    d = np.concatenate([x["d"] for x in parts]) if parts else np.zeros(0, np.int64)
    del parts
    order = np.lexsort((u, h))
    h, u, d = h[order], u[order], d[order]
    keep = np.ones(len(h), dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (u[1:] != u[:-1])
    h, u, d = h[keep], u[keep], d[keep]
    starts = _starts(h)
    df = _document_frequency(h, d, starts)
    frequent = df > plan.max_df
    _save_npz(folder / "frequent" / f"p{p:04d}.npz", hashes=h[starts][frequent], df=df[frequent])
    sizes = np.diff(np.append(starts, len(h)))
    kept = (df >= 2) & ~frequent
    wanted = np.repeat(kept, sizes)
    u, d = u[wanted], d[wanted]
    kept_sizes = sizes[kept]
    del h, wanted, starts, df, frequent, sizes
    # Groups in slices whose pairs fit the budget: a slice's codes are counted and written
    # before the next is made (the align stage sums the votes of every file anyway).
    pairs = kept_sizes * (kept_sizes - 1) // 2
    limit = max(1, int(plan.memory_mb * 2**20 * _HEADROOM / CODE_BYTES))
    slices = _slices(pairs, limit)
    ends = np.cumsum(kept_sizes)
    codes_total = 0
    for number, (g0, g1) in enumerate(slices):
        a = int(ends[g0 - 1]) if g0 else 0
        b = int(ends[g1 - 1]) if g1 else 0
        group_end = np.repeat(ends[g0:g1] - a, kept_sizes[g0:g1])
        codes = pair_codes(u[a:b], d[a:b], group_end, plan.units)
        codes, votes = np.unique(codes, return_counts=True)
        codes_total += len(codes)
        q = (codes // max(plan.units, 1)) * plan.pair_partitions // max(plan.units, 1)
        order = np.argsort(q, kind="stable")
        bounds = np.searchsorted(q[order], np.arange(plan.pair_partitions + 1))
        for part in range(plan.pair_partitions):
            pick = order[bounds[part] : bounds[part + 1]]
            _save_npz(folder / "votes" / f"q{part:04d}" / f"p{p:04d}s{number:04d}.npz",
                      codes=codes[pick], votes=votes[pick].astype(np.int64))  # fmt: skip
        del codes, votes, q, order
    mark_done(folder, "candidates", p, codes_total)
    return task_result("candidates", p, codes_total, cpu_from=cpu, slices=len(slices))


def _slices(pairs: IntArray, limit: int) -> list[tuple[int, int]]:
    """Consecutive group ranges ``[g0, g1)`` of about ``limit`` pairs (plus one group at most)."""
    if not len(pairs):
        return [(0, 0)]
    cum = np.cumsum(pairs)
    cuts = np.unique(np.searchsorted(cum, np.arange(limit, int(cum[-1]) + 1, limit), "right"))
    edges = [0, *cuts[(cuts > 0) & (cuts < len(pairs))].tolist(), len(pairs)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def _starts(values: npt.NDArray[Any]) -> IntArray:
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1)).astype(np.int64)


def _document_frequency(h: HashArray, d: IntArray, starts: IntArray) -> IntArray:
    """Documents per distinct shingle (``h`` sorted; ``starts`` its runs)."""
    order = np.lexsort((d, h))
    hs, ds = h[order], d[order]
    first = np.ones(len(hs), dtype=bool)
    first[1:] = (hs[1:] != hs[:-1]) | (ds[1:] != ds[:-1])
    group = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(np.append(starts, len(h))))
    return np.bincount(group[order][first], minlength=len(starts)).astype(np.int64)


# ---------------------------------------------------------------- stage 3: align


def load_frequent(folder: Path) -> HashArray:
    """Every formulaic shingle of the run (sorted)."""
    found = [np.load(f)["hashes"] for f in sorted((folder / "frequent").glob("p*.npz"))]
    return np.sort(np.concatenate(found)) if found else np.zeros(0, np.uint64)


def partition_pairs(folder: Path, plan: Plan, q: int) -> IntArray:
    """Candidate pairs ``[lo, hi]`` of pair partition ``q`` (votes of every hash partition)."""
    parts = [np.load(f) for f in sorted((folder / "votes" / f"q{q:04d}").glob("p*.npz"))]
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.concatenate([x["codes"] for x in parts])
    votes = np.concatenate([x["votes"] for x in parts])
    order = np.argsort(codes, kind="stable")
    codes, votes = codes[order], votes[order]
    starts = _starts(codes)
    total = np.add.reduceat(votes, starts) if len(starts) else votes
    found = codes[starts][total >= int(plan.params["min_shared"])]
    n = max(plan.units, 1)
    return np.stack((found // n, found % n), axis=1).astype(np.int64)


def align_partition(task: Task) -> TaskResult:
    """Align the candidate pairs of one pair partition; links written sorted.

    Pairs are taken in the order of their higher unit number: the lower-numbered units
    (those of this partition's range, about ``1/Q`` of the corpus) are prepared once
    and kept for the whole partition, and each higher one is prepared once, in the one
    chunk that holds all its pairs. So a unit is prepared at most once per partition
    it appears in, however many chunks the partition is aligned in.
    """
    cpu = time.process_time()
    folder, plan, q = Path(task.folder), task.plan, task.number
    pairs = partition_pairs(folder, plan, q)
    pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
    frequent = load_frequent(folder)
    spool = SpooledUnits(folder / "units")
    p = ReuseParams(**plan.params)
    # half the budget for the kept lower-numbered units, half for a chunk's higher ones
    budget = plan.memory_mb * 2**20 * _HEADROOM / ALIGN_BYTES_PER_CHAR / 2
    lower = np.unique(pairs[:, 0])
    kept: dict[int, Indexed] = {}
    vocab: dict[str, str] = {}
    links: list[ReuseLink] = []
    chunks = 0
    for chunk in _chunks(pairs, lower, spool, budget):
        if len(vocab) > _VOCAB_RESET:  # a new word table; the kept units respelled in it
            vocab = {}
            for x in kept.values():
                x.chars = word_chars(x.words, vocab)
        needed = np.unique(chunk)
        fresh = [i for i in needed.tolist() if i not in kept]
        table = _indexed(folder, plan, spool, fresh, vocab)
        keep = np.isin(np.asarray(fresh, dtype=np.int64), lower)
        kept.update((i, table[i]) for i, k in zip(fresh, keep.tolist(), strict=True) if k)
        table.update((i, kept[i]) for i in needed.tolist() if i not in table)
        links.extend(align_candidates(table, chunk.tolist(), frequent, p))
        chunks += 1
        del table
    links.sort(key=link_order)
    _write_links(folder / "links" / f"q{q:04d}.pkl", links)
    mark_done(folder, "align", q, len(pairs))
    return task_result("align", q, len(links), cpu_from=cpu, pairs=len(pairs), chunks=chunks)


#: distinct words an alignment word table may reach before a partition starts a new one
_VOCAB_RESET = 400_000


def _indexed(
    folder: Path, plan: Plan, spool: SpooledUnits, units: list[int], vocab: dict[str, str]
) -> dict[int, Indexed]:
    """Units prepared for alignment from the index stage's words and shingles (``units``
    sorted; spelled in the word table ``vocab``)."""
    found: dict[int, Indexed] = {}
    for b, group in groupby(units, key=lambda i: i // plan.batch):
        batch = IndexedBatch(folder, plan, b)
        for i in group:
            unit = spool.unit(i)
            words = batch.words(i - batch.start, unit.text)
            shingles = batch.shingles(i - batch.start).copy()  # not a view of the batch's map
            found[i] = Indexed(unit, words, word_chars(words, vocab), shingles)
        del batch
    return found


def _chunks(
    pairs: IntArray, lower: IntArray, spool: SpooledUnits, budget: float
) -> Iterator[IntArray]:
    """``pairs`` (sorted by higher unit) cut between higher units, where the text of the
    higher units not in ``lower`` passes ``budget`` bytes (a unit's pairs stay together)."""
    if not len(pairs):
        return
    higher, first = np.unique(pairs[:, 1], return_index=True)
    weight = spool.text_lengths(higher) * ~np.isin(higher, lower)
    group = np.cumsum(weight) // max(int(budget), 1)
    cuts = first[np.flatnonzero(group[1:] != group[:-1]) + 1]
    yield from np.split(pairs, cuts)


def _write_links(path: Path, links: Sequence[ReuseLink]) -> None:
    """Links as pickled lists of rows, a few thousand at a time (read back as a stream)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary(path)
    with tmp.open("wb") as handle:
        for at in range(0, len(links), _LINKS_PER_PICKLE):
            rows = [link_row(x) for x in links[at : at + _LINKS_PER_PICKLE]]
            pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def link_row(x: ReuseLink) -> LinkRow:
    """A link as a plain row (the order of ``reuse_links``' columns)."""
    return (x.source, x.target, x.source_start, x.source_end, x.target_start, x.target_end,
            x.score, x.words, x.boilerplate, x.same_date, x.source_edition,
            x.target_edition)  # fmt: skip


def row_order(r: LinkRow) -> tuple[str, str, str, str, int, int, int, int]:
    """:func:`~normtrace.reuse.links.link_order` of a row (a total order: no two rows tie)."""
    return (r[1], r[11], r[0], r[10], r[4], r[5], r[2], r[3])


def read_links(path: Path) -> Iterator[LinkRow]:
    """The rows written by one align task, in their (sorted) order."""
    with path.open("rb") as handle:
        while True:
            try:
                rows: list[LinkRow] = pickle.load(handle)  # our own work files only
            except EOFError:
                return
            yield from rows


def merged_links(folder: Path, plan: Plan) -> Iterator[LinkRow]:
    """Every link of the run in the serial order (:func:`row_order`): a k-way merge.

    The order is total, so the rows come in one order however the partitions were run
    (or resumed)."""
    streams = [read_links(folder / "links" / f"q{q:04d}.pkl") for q in range(plan.pair_partitions)]
    return heapq.merge(*streams, key=row_order)
