"""Order-insensitive match of a renewal paragraph with its predecessor's paragraphs.

Reuse detection and the renewal alignment (:func:`~normtrace.reuse.lineage.renewal_links`)
align words *in order*, so a renewal that keeps its predecessor's phrases but moves them
(``to use all necessary means, within the limits of its capacities and areas of
deployment, to carry out its mandate`` → ``to take all necessary means to carry out its
mandate, within its capabilities and its areas of deployment``) is linked to nothing.
:func:`reordered_link` is the fallback for that case, used only within a mission
(:class:`~normtrace.reuse.lineage.WithRenewals`) for an operative paragraph that no link
from the previous resolution reaches.

It is *greedy string tiling* (Wise 1993, the plagiarism detectors' answer to moved
text): the longest runs of identical normalized words the two paragraphs share, in any
order, each word used once, runs of at least ``min_tile`` words, and only runs holding a
word that is not a function word (``and to the`` is no evidence). The target paragraph
is matched when the tiles cover at least ``min_share`` of its words and at least
``min_words`` words — the same bar the in-order check of
:mod:`normtrace.evaluate.lineage` sets with matching blocks, without the order. The best
source (largest share, then most words, then earliest in its document) gives one link
whose ``method`` is ``"reordered"``: its ``score`` is the share of the target's words
covered, ``words`` the covered words, and its spans run from the first to the last tiled
word. A reordered match is weaker evidence than aligned reuse — shared phrases, not a
carried passage — and the readers (``normtrace provenance``) say so.

Thresholds were set on other missions' renewals than the ones the lineage check
measures (``normtrace eval lineage ../shared --since 1946 --targets 1946 2015 --mission
all`` lists every fallback link): on all other missions' renewals in ../shared the
fallback adds 28 links, 27 of which a reader judges carried from the predecessor
paragraph (one is stock phrases around new content); lowering ``min_share`` to 0.4 would
add 22 links, only 14 of them right, and no paragraph more whose chain starts at the
previous resolution.

>>> prev = [Unit("R1/op9", "2013-04-25", 9, "Requests the Secretary-General to report to "
...              "the Council every three months on the implementation of this resolution", "R1")]
>>> new = Unit("R2/op11", "2014-04-25", 11, "Requests the Secretary-General to report on the "
...            "implementation of this resolution to the Council every three months", "R2")
>>> link = reordered_link(new, prev)
>>> link.source, link.method, link.words, link.score
('R1/op9', 'reordered', 17, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from normtrace.reuse.links import ReuseLink, Unit
from normtrace.reuse.shingles import Words, normalize_word, tokenize

METHOD = "reordered"

#: English function words (normalized like any word): a tile of these alone is no evidence.
FUNCTION_WORDS = frozenset(
    normalize_word(w)
    for line in (
        "a an the and or but nor of to in on at by for with from into as that this these",
        "those which who whom whose what it its their they them he she his her be is are",
        "was were been being has have had do does did not no all any each such other than",
        "then so also further within upon under over between among about through during",
        "before after until may shall should would will can could must there here where",
        "when while if whether both either",
    )
    for w in line.split()
)


@dataclass(frozen=True)
class TilingParams:
    """Thresholds of the order-insensitive match (recorded in the module doc).

    Attributes:
        min_tile: shortest run of identical words that counts.
        min_words: target words the tiles must cover.
        min_share: share of the target's words the tiles must cover.
    """

    min_tile: int = 3
    min_words: int = 8
    min_share: float = 0.5


@dataclass(frozen=True)
class Tile:
    """A run of ``size`` identical words at ``a`` in one sequence and ``b`` in the other."""

    a: int
    b: int
    size: int


def greedy_tiles(a: Sequence[str], b: Sequence[str], min_tile: int = 3) -> list[Tile]:
    """Greedy string tiling of ``a`` and ``b``: longest shared runs first, each word once.

    >>> found = greedy_tiles("x y z p q r s".split(), "p q r s k x y z".split())
    >>> [(t.a, t.b, t.size) for t in found]
    [(3, 0, 4), (0, 5, 3)]
    """
    where: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        where.setdefault(w, []).append(j)
    used_a, used_b = [False] * len(a), [False] * len(b)
    tiles: list[Tile] = []
    while True:
        best, found = min_tile - 1, list[tuple[int, int]]()
        for i, w in enumerate(a):
            if used_a[i]:
                continue
            for j in where.get(w, ()):
                k = 0
                while (
                    i + k < len(a)
                    and j + k < len(b)
                    and not used_a[i + k]
                    and not used_b[j + k]
                    and a[i + k] == b[j + k]
                ):
                    k += 1
                if k > best:
                    best, found = k, [(i, j)]
                elif k == best and k >= min_tile:
                    found.append((i, j))
        if not found:
            return tiles
        for i, j in found:  # every maximal match of this length that does not overlap a tile
            if any(used_a[i : i + best]) or any(used_b[j : j + best]):
                continue
            for t in range(best):
                used_a[i + t] = used_b[j + t] = True
            tiles.append(Tile(i, j, best))


def content_tiles(a: Sequence[str], b: Sequence[str], min_tile: int = 3) -> list[Tile]:
    """:func:`greedy_tiles` that hold at least one word outside :data:`FUNCTION_WORDS`."""
    return [
        t
        for t in greedy_tiles(a, b, min_tile)
        if any(w not in FUNCTION_WORDS for w in a[t.a : t.a + t.size])
    ]


def _bound(target: Sequence[str], source: Sequence[str], n: int) -> int:
    """Target words inside an n-word run the source also holds (≥ any tiling's cover)."""
    grams = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    covered = [False] * len(target)
    for i in range(len(target) - n + 1):
        if tuple(target[i : i + n]) in grams:
            covered[i : i + n] = [True] * n
    return sum(covered)


def reordered_link(
    target: Unit, previous: Sequence[Unit], params: TilingParams | None = None
) -> ReuseLink | None:
    """The best order-insensitive match of ``target`` among ``previous`` (see module doc)."""
    p = params or TilingParams()
    tw = tokenize(target.text)
    if not tw.norms:
        return None
    need = max(p.min_words, p.min_share * len(tw))
    best: tuple[tuple[float, int, int], Unit, Words, list[Tile]] | None = None
    for unit in previous:
        sw = tokenize(unit.text)
        if _bound(tw.norms, sw.norms, p.min_tile) < need:
            continue
        tiles = content_tiles(tw.norms, sw.norms, p.min_tile)
        covered = sum(t.size for t in tiles)
        if covered < need:
            continue
        rank = (covered / len(tw), covered, -unit.order)
        if best is None or rank > best[0]:
            best = (rank, unit, sw, tiles)
    if best is None:
        return None
    (share, covered, _), unit, sw, tiles = best
    s0, s1 = sw.span(min(t.b for t in tiles), max(t.b + t.size for t in tiles))
    t0, t1 = tw.span(min(t.a for t in tiles), max(t.a + t.size for t in tiles))
    return ReuseLink(
        unit.key,
        target.key,
        s0,
        s1,
        t0,
        t1,
        round(share, 4),
        covered,
        same_date=(unit.date or "") == (target.date or ""),
        method=METHOD,
    )


def tiled_ranges(
    source_text: str, target_text: str, params: TilingParams | None = None
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Code-point ranges of the tiles of a reordered match, in source and target (in order).

    >>> tiled_ranges("carry out its mandate within its areas",
    ...              "within its areas, carry out its mandate")
    (((0, 21), (22, 38)), ((0, 16), (18, 39)))
    """
    p = params or TilingParams()
    sw, tw = tokenize(source_text), tokenize(target_text)
    tiles = content_tiles(tw.norms, sw.norms, p.min_tile)
    source = sorted(sw.span(t.b, t.b + t.size) for t in tiles)
    target = sorted(tw.span(t.a, t.a + t.size) for t in tiles)
    return tuple(source), tuple(target)
