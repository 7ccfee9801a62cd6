"""Case aggregate: where the operative wording of a key resolution came from.

For every word of the resolution's operative paragraphs (``/opN`` and their
sub-paragraphs) the *earliest source* is found by following reuse links
backwards: a word covered by a link from an earlier unit takes that unit's
earliest source for the corresponding word (the position is carried over
proportionally within the aligned spans), recursively; the earliest of all
candidates wins (date, then order). Its role is then counted as
``secretariat``, ``state`` (any state's speech), ``ngo``, ``resolution``
(an earlier resolution with no earlier outside source), ``other``
(presidential statements, letters, other UN entities …) or ``none`` (no
link covers the word). The shares are the first quantitative test of the
Secretariat-as-author claim; they depend on which documents are ingested.

>>> from normtrace.reuse.links import ReuseLink
>>> from normtrace.reuse.roles import UnitInfo
>>> meta = {"R/op1": UnitInfo("R/op1", "2013-03-28", "R", "resolution"),
...         "S/p9": UnitInfo("S/p9", "2013-02-27", "S", "secretariat")}
>>> texts = {"R/op1": "Decides to deploy an intervention brigade now",
...          "S/p9": "I recommend an intervention brigade"}
>>> link = ReuseLink("S/p9", "R/op1", 12, 35, 18, 40, 1.0, 3)
>>> attribute_words("R/op1", lambda k: [link] if k == "R/op1" else [], meta.get, texts.get)
['none', 'none', 'none', 'secretariat', 'secretariat', 'secretariat', 'none']
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from normtrace.errors import NotFoundError
from normtrace.parse.symbols import canonical
from normtrace.reuse.lineage import Incoming, Info
from normtrace.reuse.links import ReuseLink
from normtrace.reuse.roles import CATEGORIES, UnitInfo, origin_category
from normtrace.reuse.shingles import Words, tokenize
from normtrace.reuse.store_reuse import links_into, load_units
from normtrace.store.db import Store

Texts = Callable[[str], str | None]
_Origin = tuple[tuple[str, int, str], str] | None


@dataclass(frozen=True)
class ParagraphOrigins:
    """Word counts by earliest-source category for one operative paragraph."""

    key: str
    words: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Aggregate:
    """Shares of a resolution's operative words by earliest source."""

    resolution: str
    words: int
    counts: dict[str, int]
    paragraphs: list[ParagraphOrigins] = field(default_factory=list)

    @property
    def shares(self) -> dict[str, float]:
        """Share of operative words per category (0..1)."""
        return {c: (self.counts.get(c, 0) / self.words if self.words else 0.0) for c in CATEGORIES}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {
            "resolution": self.resolution,
            "operative_words": self.words,
            "counts": {c: self.counts.get(c, 0) for c in CATEGORIES},
            "shares": {c: round(v, 4) for c, v in self.shares.items()},
            "paragraphs": [vars(p) for p in self.paragraphs],
        }

    def to_json(self) -> str:
        """The aggregate as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def render(self) -> str:
        """One line per category."""
        lines = [f"{self.resolution}: {self.words} operative words by earliest source"]
        for c, share in self.shares.items():
            lines.append(f"  {c:<12} {self.counts.get(c, 0):>6}  {share:6.1%}")
        return "\n".join(lines)


class _Attributor:
    """Earliest source of each word, memoized over (unit, word)."""

    def __init__(self, incoming: Incoming, info: Info, texts: Texts) -> None:
        self.incoming, self.info, self.texts = incoming, info, texts
        self.words: dict[str, Words] = {}
        self.memo: dict[tuple[str, int], _Origin] = {}

    def tokens(self, key: str) -> Words:
        if key not in self.words:
            self.words[key] = tokenize(self.texts(key) or "")
        return self.words[key]

    def origin(self, key: str, word: int) -> _Origin:
        if (key, word) in self.memo:
            return self.memo[(key, word)]
        self.memo[(key, word)] = None  # guards against cycles among same-date links
        best: _Origin = None
        for link in self.incoming(key):
            mapped = self._map(link, word)
            if mapped is None:
                continue
            source = self.info(link.source)
            if source is None:
                continue
            here: _Origin = (source.sort_key(), source.role)
            upstream = self.origin(link.source, mapped)
            for cand in (here, upstream):
                if cand is not None and (best is None or cand[0] < best[0]):
                    best = cand
        self.memo[(key, word)] = best
        return best

    def _map(self, link: ReuseLink, word: int) -> int | None:
        """The source word a target word corresponds to under ``link`` (None if outside)."""
        t0, t1 = _word_range(self.tokens(link.target), link.target_start, link.target_end)
        if not t0 <= word < t1:
            return None
        s0, s1 = _word_range(self.tokens(link.source), link.source_start, link.source_end)
        if s1 <= s0:
            return None
        return min(s1 - 1, s0 + (word - t0) * (s1 - s0) // max(1, t1 - t0))


def _word_range(words: Words, start: int, end: int) -> tuple[int, int]:
    first = bisect.bisect_left(words.ends, start + 1)
    return first, max(first, bisect.bisect_right(words.starts, end - 1))


def attribute_words(
    key: str, incoming: Incoming, info: Info, texts: Texts, *, memo: _Attributor | None = None
) -> list[str]:
    """The earliest-source category of each word of unit ``key``.

    ``memo`` (from an earlier call over the same links) saves repeated work.
    """
    att = memo or _Attributor(incoming, info, texts)
    out = []
    for word in range(len(att.tokens(key))):
        found = att.origin(key, word)
        out.append(origin_category(found[1]) if found else "none")
    return out


def case_aggregate(store: Store, resolution_symbol: str) -> Aggregate:
    """Shares of ``resolution_symbol``'s operative words by earliest source.

    Raises:
        NotFoundError: the resolution has no operative paragraphs in the project.
    """
    symbol = canonical(resolution_symbol)
    units = {s.info.key: s for s in load_units(store)}
    keys = sorted(
        (k for k, s in units.items() if s.info.document == symbol and "/op" in k),
        key=lambda k: units[k].info.order,
    )
    if not keys:
        raise NotFoundError("resolution", symbol, hint="ingest it, then run `normtrace reuse`")
    cache: dict[str, list[ReuseLink]] = {}

    def incoming(k: str) -> list[ReuseLink]:
        if k not in cache:
            cache[k] = links_into(store, k)
        return cache[k]

    def info(k: str) -> UnitInfo | None:
        return units[k].info if k in units else None

    def texts(k: str) -> str | None:
        return units[k].unit.text if k in units else None

    memo = _Attributor(incoming, info, texts)
    paragraphs = []
    for k in keys:
        counts = Counter(attribute_words(k, incoming, info, texts, memo=memo))
        paragraphs.append(ParagraphOrigins(k, sum(counts.values()), dict(counts)))
    total: Counter[str] = Counter()
    for p in paragraphs:
        total.update(p.counts)
    return Aggregate(symbol, sum(total.values()), dict(total), paragraphs)
