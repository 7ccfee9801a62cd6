"""Directed reuse links between units: which earlier unit a later one carries words from.

:func:`find_reuse` is a pure stage over plain :class:`Unit` values (so it can
run on a Dask worker): words → shingles → candidate pairs (inverted index of
rare shingles) → local alignment → a :class:`ReuseLink` from the earlier unit
to the later one, with the aligned spans in both as code-point offsets.

*Earlier* means: by date, then by order in the document, then by key (so the
result is deterministic); units without a date sort last. A link between
two units of the same date is marked ``same_date`` because its direction is
a convention there, not evidence.

>>> units = [
...     Unit("A/p1", "2010-05-28", 1, "Requests the Secretary-General to report to the "
...          "Council every three months on the protection of civilians in the east", "A"),
...     Unit("B/p4", "2011-06-28", 4, "Urges the Secretary-General to report to the Council "
...          "every three months on the protection of civilians in eastern areas", "B"),
... ]
>>> [(x.source, x.target, x.words) for x in find_reuse(units, params=ReuseParams(min_words=6))]
[('A/p1', 'B/p4', 16)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Any

import numpy as np

from normtrace.errors import ReuseError
from normtrace.reuse.align import Alignment, align_region, chain_anchors, smith_waterman
from normtrace.reuse.candidates import candidate_pairs
from normtrace.reuse.params import MIN_DF as MIN_DF  # re-exported: defined apart, imports nothing
from normtrace.reuse.params import ReuseParams as ReuseParams
from normtrace.reuse.shingles import HashArray, Words, shingle_hashes, tokenize, word_hashes

#: v2: a stored unit is dated as every command dates it (its own date, else its meeting's:
#: store.held), and incremental runs re-link a unit whose date changed; links stored by v1
#: may point from a later unit to an undated meeting record, so reuse re-links them once.
#: v3: a link names the edition of each side (a meeting stored as record and as corpus
#: edition has two units per key) and one passage aligned from two anchor chains is one
#: link, not two; links stored by v2 lack editions and may hold such twins: re-linked once
ALGORITHM = "reuse.shingle_index_align.v3"
_NO_DATE = "9999-12-31"


@dataclass(frozen=True)
class Unit:
    """A unit of text to compare: its key, ISO date, order in its document, text, document,
    and the edition of the document its text is from (``record`` | ``corpus``: a meeting
    stored in both editions has two units with one key)."""

    key: str
    date: str | None
    order: int
    text: str
    document: str = ""
    edition: str = "record"

    def sort_key(self) -> tuple[str, int, str]:
        """Earlier units sort first: date, order in the document, key."""
        return (self.date or _NO_DATE, self.order, self.key)


@dataclass(frozen=True)
class ReuseLink:
    """The later unit ``target`` carries words of the earlier unit ``source``.

    Spans are code-point offsets into each unit's text; ``score`` is the
    similarity of the aligned spans (0..1), ``words`` the identical aligned words.
    ``method`` is ``"aligned"`` for every link reuse detection finds and stores; the
    lineage's order-insensitive fallback (:mod:`~normtrace.reuse.reordered`) makes
    ``"reordered"`` links, never stored, whose ``score`` is the share of the target's
    words its shared phrases cover. ``source_edition`` and ``target_edition`` name the
    edition whose text each side's offsets point into. A link is one of its kind: the
    two units with their editions and the two spans (:func:`link_order` sorts by them).
    """

    source: str
    target: str
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    score: float
    words: int
    boilerplate: bool = False
    same_date: bool = False
    method: str = "aligned"
    source_edition: str = "record"
    target_edition: str = "record"

    def to_dict(self) -> dict[str, Any]:
        """The link as a JSON-able dict."""
        return asdict(self)


def link_order(
    x: ReuseLink,
) -> tuple[str, str, str, str, int, int, int, int]:
    """The order links are stored and merged in: target, source (each with its edition),
    then the spans. Two links equal here are the same link, so the order is total."""
    return (x.target, x.target_edition, x.source, x.source_edition, x.target_start,
            x.target_end, x.source_start, x.source_end)  # fmt: skip


@dataclass
class Indexed:
    """One unit prepared for comparison: words, word ids, shingles, anchor table.

    ``chars`` spells the unit with one character per distinct word (see
    :func:`word_chars`), the form the C++ aligner compares fastest.
    """

    unit: Unit
    words: Words
    chars: str
    shingles: HashArray
    anchors: dict[int, int] = field(default_factory=dict)
    formulaic: list[int] | None = None  # running count of formulaic shingles (prefix sums)
    when: tuple[str, int, str] = ("", 0, "")

    def __post_init__(self) -> None:
        self.when = self.unit.sort_key()


def word_chars(words: Words, vocab: dict[str, str]) -> str:
    """One character per word, the same for the same word within one ``vocab``.

    Characters are taken from U+0100 upward, skipping the surrogate block.
    """
    for w in set(words.norms).difference(vocab):
        code = 0x100 + len(vocab)
        code = code if code < 0xD800 else code + 0x800
        if code > 0x10FFFF:
            raise ReuseError(
                "more than a million distinct words in one reuse run; run reuse on fewer "
                "documents at a time (normtrace reuse is incremental)"
            )
        vocab[w] = chr(code)
    return "".join(map(vocab.__getitem__, words.norms))


def index_unit(unit: Unit, n: int, vocab: dict[str, str]) -> Indexed:
    """Tokenize a unit and compute its shingles (``vocab`` is shared by one run)."""
    words = tokenize(unit.text)
    hashes = word_hashes(words)
    return Indexed(unit, words, word_chars(words, vocab), shingle_hashes(hashes, n))


def find_reuse(
    units: Sequence[Unit], *, params: ReuseParams | None = None, workers: int = 1
) -> list[ReuseLink]:
    """All reuse links among ``units`` (pairs within one document are skipped).

    Args:
        units: the units; ``document`` groups them (empty → each unit alone).
        params: detection parameters (defaults if None).
        workers: processes that align candidate pairs (forked; same result as 1).

    Returns:
        Links from earlier to later units, in :func:`link_order` (by target, then source).
    """
    p = params or ReuseParams()
    vocab: dict[str, str] = {}
    indexed = [index_unit(u, p.n, vocab) for u in units]
    return link_indexed(indexed, p, workers=workers)


def link_indexed(
    indexed: Sequence[Indexed],
    p: ReuseParams,
    new: Sequence[bool] | None = None,
    *,
    workers: int = 1,
) -> list[ReuseLink]:
    """Links among already indexed units (only pairs touching ``new`` ones if given)."""
    docs: dict[str, int] = {}
    numbers = [docs.setdefault(x.unit.document or x.unit.key, len(docs)) for x in indexed]
    found = candidate_pairs(
        [x.shingles for x in indexed],
        numbers,
        max_df=p.effective_max_df(len(docs)),
        min_shared=p.min_shared,
        new=new,
    )
    table = dict(enumerate(indexed))
    if workers > 1 and len(found.pairs) >= _PARALLEL_MIN and "fork" in get_all_start_methods():
        return _align_forked(table, found.pairs, found.frequent, p, workers)
    return align_candidates(table, found.pairs.tolist(), found.frequent, p)


# Set only inside forked worker processes (by _worker_init), never in the caller.
_WORKER: dict[str, Any] = {}
_PARALLEL_MIN = 20_000


def _worker_init(indexed: Mapping[int, Indexed], frequent: HashArray, p: ReuseParams) -> None:
    _WORKER.update(indexed=indexed, frequent=frequent, p=p)


def _worker_align(pairs: list[list[int]]) -> list[ReuseLink]:
    return align_candidates(_WORKER["indexed"], pairs, _WORKER["frequent"], _WORKER["p"])


def _align_forked(
    indexed: Mapping[int, Indexed],
    pairs: np.ndarray,
    frequent: HashArray,
    p: ReuseParams,
    workers: int,
) -> list[ReuseLink]:
    """Align candidate pairs in ``workers`` forked processes (units are inherited, not sent)."""
    chunks = [c.tolist() for c in np.array_split(pairs, workers * 4)]
    with get_context("fork").Pool(workers, _worker_init, (indexed, frequent, p)) as pool:
        parts = pool.map(_worker_align, chunks)
    links = [x for part in parts for x in part]
    links.sort(key=link_order)
    return links


def align_candidates(
    indexed: Mapping[int, Indexed],
    pairs: Iterable[Sequence[int]],
    frequent: HashArray,
    p: ReuseParams,
) -> list[ReuseLink]:
    """Align each candidate pair ``(i, j)`` of ``indexed`` units into links."""
    common = frozenset(frequent.tolist())
    counts = Counter(x.chars for x in indexed.values())
    repeated = {chars for chars, count in counts.items() if count > 1}
    # Renewals copy paragraphs verbatim: align each distinct pair of texts once.
    cache: dict[tuple[str, str], list[Alignment]] = {}
    links: list[ReuseLink] = []
    for i, j in pairs:
        src, dst = orient(indexed[i], indexed[j])
        if src.chars in repeated or dst.chars in repeated:
            key = (src.chars, dst.chars)
            found_here = cache.get(key)
            if found_here is None:
                found_here = cache[key] = align_pair(src, dst, p, common)
        else:
            found_here = align_pair(src, dst, p, common)
        links.extend(_make_link(src, dst, al, p, common) for al in found_here)
    links.sort(key=link_order)
    return links


def orient(a: Indexed, b: Indexed) -> tuple[Indexed, Indexed]:
    """(earlier, later) of two units."""
    return (a, b) if a.when <= b.when else (b, a)


def link_pair(a: Indexed, b: Indexed, p: ReuseParams, frequent: Collection[int]) -> list[ReuseLink]:
    """The reuse links between two units (one per separately anchored passage)."""
    src, dst = orient(a, b)
    return [_make_link(src, dst, al, p, frequent) for al in align_pair(src, dst, p, frequent)]


def _anchor_table(x: Indexed, frequent: Collection[int]) -> dict[int, int]:
    """Rare shingle → first position; also fills the running count of formulaic ones."""
    if x.formulaic is None:
        table: dict[int, int] = {}
        running, seen = [0], 0
        for pos, h in enumerate(x.shingles.tolist()):
            if h in frequent:
                seen += 1
            elif h not in table:
                table[h] = pos
            running.append(seen)
        x.anchors, x.formulaic = table, running
    return x.anchors


def align_pair(
    src: Indexed, dst: Indexed, p: ReuseParams, frequent: Collection[int]
) -> list[Alignment]:
    """Aligned passages of ``src`` (as a) in ``dst`` (as b) that pass the thresholds."""
    ta, tb = _anchor_table(src, frequent), _anchor_table(dst, frequent)
    common = ta.keys() & tb.keys()
    if len(common) < p.min_shared:
        return []
    chains = chain_anchors([(ta[h], tb[h]) for h in common], max_gap=p.max_gap)
    found = []
    spans: set[tuple[int, int, int, int]] = set()
    for chain in chains:
        if len(chain) < p.min_shared:
            continue
        al = _align_chain(src.chars, dst.chars, chain, p)
        if al is None or al.matches < p.min_words or al.similarity < p.min_similarity:
            continue
        # two chains of one passage (an anchor that joined the wrong chain splits it) can
        # widen to the same alignment: it is one passage, one link
        span = (al.a_start, al.a_end, al.b_start, al.b_end)
        if span not in spans:
            spans.add(span)
            found.append(al)
    return found


def _align_chain(a: str, b: str, chain: list[tuple[int, int]], p: ReuseParams) -> Alignment | None:
    a_range = (max(0, chain[0][0] - p.margin), min(len(a), chain[-1][0] + p.n + p.margin))
    b_range = (max(0, chain[0][1] - p.margin), min(len(b), chain[-1][1] + p.n + p.margin))
    if p.aligner == "sw":
        al = smith_waterman(
            [ord(c) for c in a[a_range[0] : a_range[1]]],
            [ord(c) for c in b[b_range[0] : b_range[1]]],
        )
        return None if al is None else _shift(al, a_range[0], b_range[0])
    return align_region(a, b, a_range, b_range, matched=False)


def _shift(al: Alignment, da: int, db: int) -> Alignment:
    return Alignment(
        al.a_start + da,
        al.a_end + da,
        al.b_start + db,
        al.b_end + db,
        al.matches,
        al.score,
        tuple(x + da for x in al.a_matched),
        tuple(x + db for x in al.b_matched),
    )


def _make_link(
    src: Indexed, dst: Indexed, al: Alignment, p: ReuseParams, frequent: Collection[int]
) -> ReuseLink:
    s0, s1 = src.words.span(al.a_start, al.a_end)
    t0, t1 = dst.words.span(al.b_start, al.b_end)
    return ReuseLink(
        src.unit.key,
        dst.unit.key,
        s0,
        s1,
        t0,
        t1,
        round(al.similarity, 4),
        al.matches,
        boilerplate=_formulaic_share(dst, al.b_start, al.b_end, p.n, frequent)
        > p.boilerplate_share,
        same_date=(src.unit.date or _NO_DATE) == (dst.unit.date or _NO_DATE),
        source_edition=src.unit.edition,
        target_edition=dst.unit.edition,
    )


def _formulaic_share(x: Indexed, start: int, end: int, n: int, frequent: Collection[int]) -> float:
    """Share of the shingles inside words [start, end) that are formulaic."""
    stop = max(start, end - n + 1)
    _anchor_table(x, frequent)  # a cached alignment may reach a unit not yet tabled
    if x.formulaic is None or stop <= start:
        return 0.0
    return (x.formulaic[stop] - x.formulaic[start]) / (stop - start)
