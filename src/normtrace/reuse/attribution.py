"""Which earlier unit each word of a unit comes from: the one rule of a link's credit.

A reuse link stores the spans it aligned in both units and the number of identical words
it aligned (``words``). A span runs from the first to the last aligned word, so it holds
the words the later text inserted between them as well ("Haiti is at an important
juncture ... in dialogue and compromise" holds Council words the report lacks). A link
*credits* only its identical aligned words: :func:`aligned_pairs` aligns the link's two
spans again (Levenshtein over normalized words, rapidfuzz) and returns each target word
with the source word identical to it. On the Haiti project (380,134 links) this finds
the link's stored count for all but 61 links (one to four words off, where two equally
short edit paths tie). ``aggregate``, ``secretariat`` (and R6, R12 that read it) and
``provenance`` (its marked words and its earliest sources) count these words and no other;
``secretariat`` counts a renewal's words carried from the previous resolution by the same
rule (:meth:`Attributor.aligned_words`).

A link never credits the words of a citation (a document symbol, or resolutions named by
number: :func:`~normtrace.parse.symbols.citation_spans`) on either side: "1743 (2007)" in a
renewal names the resolution, and no report that cites it before the renewal wrote it
(:func:`credited_pairs`). Such a word has no earlier source: the citing text's own. A renewal
still *carries* a citation its predecessor holds (:meth:`Attributor.aligned_words`: the
alignment), so it is not new wording there either.

:func:`word_origins` is the one reading of a unit's words that ``aggregate``, ``secretariat``
and ``provenance`` count: each word's earliest source and, for a sentence an SG report gives
as another's, who said it (:class:`~normtrace.reuse.reported.ReportedIndex`); a word of a
citation in the unit is a :class:`Citation` (origin ``citation``: not wording, counted apart
from the words with no earlier source, ``none``, whether or not a renewal carries it).

*Earliest source* (:class:`Attributor`): a word credited through a link goes on to the
earliest source of its source word, following links backwards, recursively; the earliest
unit of all wins (date, then order, then key). A chain passes on only what it carries as
a passage: the words of the unit that travel together through every step must hold at
least ``min_words`` (the reuse threshold, 8 identical words) at each step beyond the
first, else the chain stops at the last unit that shares the passage. A resolution
paragraph linked to a report paragraph that shares the two words "implementation of"
with an earlier report ("progress has been made in the implementation of") is credited
to the report paragraph it is linked to, not to the earlier one. Each credited word
names its earliest source, the word there and the units it passed through (``via``).

>>> from normtrace.reuse.links import ReuseLink
>>> from normtrace.reuse.roles import CITATION, UnitInfo
>>> info = {"R/op1": UnitInfo("R/op1", "2013-03-28", "R", "resolution"),
...         "S/p9": UnitInfo("S/p9", "2013-02-27", "S", "secretariat")}
>>> texts = {"R/op1": "Decides to deploy an intervention brigade quickly now",
...          "S/p9": "I recommend an intervention brigade now"}
>>> link = ReuseLink("S/p9", "R/op1", 12, 39, 18, 53, 0.8, 4)
>>> att = Attributor(lambda k: [link] if k == "R/op1" else [], info.get, texts.get)
>>> [o.key if o else None for o in att.origins("R/op1")]
[None, None, None, 'S/p9', 'S/p9', 'S/p9', None, 'S/p9']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from rapidfuzz.distance import Levenshtein

from normtrace.parse.report.reported import Reported
from normtrace.parse.symbols import citation_spans
from normtrace.reuse.links import ReuseLink, ReuseParams
from normtrace.reuse.reordered import METHOD, content_tiles
from normtrace.reuse.reported import REPORTED, ReportedIndex
from normtrace.reuse.roles import CITATION, UnitInfo
from normtrace.reuse.shingles import Words, tokenize
from normtrace.store.db import Store

Incoming = Callable[[str], Sequence[ReuseLink]]
Info = Callable[[str], UnitInfo | None]
Texts = Callable[[str], str | None]
#: (target word, source word) of each identical aligned word of a link, in order
Pairs = tuple[tuple[int, int], ...]


def word_range(words: Words, start: int, end: int) -> tuple[int, int]:
    """The words ``[first, last)`` that the code-point span ``[start, end)`` touches.

    >>> word_range(tokenize("Urges all parties to cease"), 6, 17)
    (1, 3)
    """
    first = bisect.bisect_left(words.ends, start + 1)
    return first, max(first, bisect.bisect_right(words.starts, end - 1))


def aligned_pairs(source: Words, target: Words, link: ReuseLink) -> Pairs:
    """The identical aligned words of ``link``: (target word, source word) pairs, in order.

    An aligned link's two spans are aligned again (see the module doc); a reordered match
    (:mod:`~normtrace.reuse.reordered`) pairs the words of its shared phrases.

    >>> s = tokenize("Haiti is at an important juncture in the consolidation of stability")
    >>> t = tokenize("Haiti is at an important juncture, in dialogue and compromise, "
    ...              "in the consolidation of stability")
    >>> link = ReuseLink("S", "R", 0, len(s.text), 0, len(t.text), 0.8, 11)
    >>> pairs = aligned_pairs(s, t, link)
    >>> len(pairs), [t.text[t.starts[i] : t.ends[i]] for i, _ in pairs][5:8]
    (11, ['juncture', 'in', 'the'])
    """
    s0, s1 = word_range(source, link.source_start, link.source_end)
    t0, t1 = word_range(target, link.target_start, link.target_end)
    if link.method == METHOD:
        tiles = content_tiles(target.norms[t0:t1], source.norms[s0:s1])
        return tuple(sorted((t0 + x.a + k, s0 + x.b + k) for x in tiles for k in range(x.size)))
    blocks = cast(
        list[tuple[str, int, int, int, int]],
        Levenshtein.opcodes(source.norms[s0:s1], target.norms[t0:t1]).as_list(),
    )
    return tuple(
        (t0 + d0 + k, s0 + a0 + k)
        for tag, a0, a1, d0, _ in blocks
        if tag == "equal"
        for k in range(a1 - a0)
    )


def citation_words(words: Words) -> frozenset[int]:
    """The words of ``words`` that stand in a citation (:func:`citation_spans`).

    >>> words = tokenize("Recalling its resolutions 1702 (2006) and 1743 (2007) on Haiti")
    >>> sorted(citation_words(words))
    [3, 4, 5, 6, 7]
    """
    found: set[int] = set()
    for start, end in citation_spans(words.text):
        first, last = word_range(words, start, end)
        found.update(range(first, last))
    return frozenset(found)


def credited_pairs(source: Words, target: Words, link: ReuseLink) -> Pairs:
    """What ``link`` credits: its identical aligned words (:func:`aligned_pairs`) but those of a
    citation on either side (module doc), the one rule of a link's credit.

    >>> s = tokenize("recalling resolution 1743 (2007), the Council renews the mandate")
    >>> t = tokenize("Recalling resolution 1743 (2007), the Council renews the mandate")
    >>> link = ReuseLink("S", "R", 0, len(s.text), 0, len(t.text), 1.0, 10)
    >>> len(aligned_pairs(s, t, link)), [i for i, _ in credited_pairs(s, t, link)]
    (9, [0, 1, 4, 5, 6, 7, 8])
    """
    return _without_citations(aligned_pairs(source, target, link), source, target)


def _without_citations(pairs: Pairs, source: Words, target: Words) -> Pairs:
    cited_s, cited_t = citation_words(source), citation_words(target)
    return tuple((t, w) for t, w in pairs if t not in cited_t and w not in cited_s)


@dataclass(frozen=True)
class Origin:
    """The earliest source of a word: the unit (its sort key and role), the word there, and
    the units the word passed through on its way, earliest first (empty: linked directly)."""

    when: tuple[str, int, str]
    role: str
    word: int
    via: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The source unit's key."""
        return self.when[2]


#: an :class:`Origin` as the attribution builds it (a tuple of its fields)
_Found = tuple[tuple[str, int, str], str, int, tuple[str, ...]]


@dataclass(frozen=True)
class _Linked:
    """A link into a unit, as the attribution reads it: its source, the target words it
    credits (``pairs``: target word -> source word) and those words as a set."""

    source: str
    role: str
    when: tuple[str, int, str]
    pairs: dict[int, int]
    targets: frozenset[int]


class Attributor:
    """Earliest source of every word of a unit (module doc), memoized across units.

    Args:
        incoming: the links into a unit.
        info: a unit's facts (None for a unit the project lacks: its links are skipped).
        texts: a unit's text.
        min_words: words that must travel together through each step of a chain beyond the
            first (the reuse threshold; :func:`linked_min_words` reads a project's).
    """

    def __init__(
        self,
        incoming: Incoming,
        info: Info,
        texts: Texts,
        *,
        min_words: int = ReuseParams().min_words,
    ) -> None:
        self.incoming, self.info, self.texts = incoming, info, texts
        self.min_words = min_words
        self.words: dict[str, Words] = {}
        self._pairs: dict[tuple[str, str, int, int, int, int], Pairs] = {}
        self._credited: dict[tuple[str, str, int, int, int, int], Pairs] = {}
        self._links: dict[str, list[_Linked]] = {}
        self._covered: dict[str, frozenset[int]] = {}
        self._memo: dict[tuple[str, frozenset[int] | None], dict[int, _Found]] = {}

    def tokens(self, key: str) -> Words:
        """The words of unit ``key``."""
        if key not in self.words:
            self.words[key] = tokenize(self.texts(key) or "")
        return self.words[key]

    def pairs(self, link: ReuseLink) -> Pairs:
        """:func:`aligned_pairs` of ``link``, computed once."""
        spans = (link.source, link.target, link.source_start, link.source_end,
                 link.target_start, link.target_end)  # fmt: skip
        if spans not in self._pairs:
            self._pairs[spans] = aligned_pairs(
                self.tokens(link.source), self.tokens(link.target), link
            )
        return self._pairs[spans]

    def credited(self, link: ReuseLink) -> Pairs:
        """:func:`credited_pairs` of ``link`` (what it credits), computed once."""
        spans = (link.source, link.target, link.source_start, link.source_end,
                 link.target_start, link.target_end)  # fmt: skip
        if spans not in self._credited:
            self._credited[spans] = _without_citations(
                self.pairs(link), self.tokens(link.source), self.tokens(link.target)
            )
        return self._credited[spans]

    def aligned_words(self, link: ReuseLink) -> frozenset[int]:
        """The words of ``link``'s target that it aligns to an identical word of its source
        (:meth:`pairs`): what the link credits, and what a renewal carries from the previous
        resolution. A word the later text changed (a renewal's new date) or inserted between
        aligned words lies inside the link's span but is neither credited nor carried."""
        return frozenset(t for t, _ in self.pairs(link))

    def _into(self, key: str) -> list[_Linked]:
        """The links into ``key`` whose source the project holds, with their pairs."""
        if key not in self._links:
            found = []
            for link in self.incoming(key):
                source = self.info(link.source)
                pairs = dict(self.credited(link)) if source is not None else {}
                if source is not None and pairs:
                    found.append(
                        _Linked(
                            link.source, source.role, source.sort_key(), pairs, frozenset(pairs)
                        )
                    )
            self._links[key] = found
            self._covered[key] = frozenset().union(*(x.targets for x in found))
        return self._links[key]

    def origins(self, key: str) -> list[Origin | None]:
        """The earliest source of each word of ``key`` (None: no link credits the word)."""
        found = self._trace(key, None)
        return [Origin(*f) if (f := found.get(w)) else None for w in range(len(self.tokens(key)))]

    def origin(self, key: str, word: int) -> Origin | None:
        """The earliest source of word ``word`` of ``key``."""
        found = self._trace(key, None).get(word)
        return Origin(*found) if found else None

    def _trace(self, key: str, wanted: frozenset[int] | None) -> dict[int, _Found]:
        """Earliest sources of the words ``wanted`` of ``key`` (None: all, no threshold)."""
        into = self._into(key)
        if wanted is not None:  # words no link credits change nothing: one memo for them
            wanted = wanted & self._covered[key]
            if len(wanted) < self.min_words:
                return {}
        memo = (key, wanted)
        if memo in self._memo:
            return self._memo[memo]
        self._memo[memo] = {}  # a cycle among same-date links ends here
        best: dict[int, _Found] = {}
        for linked in into:
            if wanted is None:
                hits = list(linked.pairs.items())
            else:
                common = linked.targets & wanted
                if len(common) < self.min_words:
                    continue
                hits = [(t, linked.pairs[t]) for t in sorted(common)]
            when = linked.when
            upstream = self._trace(linked.source, frozenset(s for _, s in hits))
            for t, s in hits:
                found, old = upstream.get(s), best.get(t)
                if found is not None and found[0] < when:
                    if old is None or found[0] < old[0]:
                        best[t] = (found[0], found[1], found[2], (*found[3], linked.source))
                elif old is None or when < old[0]:
                    best[t] = (when, linked.role, s, ())
        self._memo[memo] = best
        return best


@dataclass(frozen=True)
class WordOrigin:
    """A word's earliest source as every command counts it (:func:`word_origins`)."""

    origin: Origin
    #: the sentence its SG report gives as another's words that holds it (None: the source's own)
    said: Reported | None = None

    @property
    def role(self) -> str:
        """The source's role, ``reported_in_sg_report`` for another's words in an SG report."""
        return REPORTED if self.said is not None else self.origin.role

    @property
    def key(self) -> str:
        """The source unit's key."""
        return self.origin.key


@dataclass(frozen=True)
class Citation:
    """A word of a citation of a document in the unit itself (:func:`citation_words`): it names
    a document, nobody's wording is in it, so no link credits it (:func:`credited_pairs`) and it
    is not wording: origin ``citation``, never ``none``; never new wording, though a renewal
    may carry it (:meth:`Attributor.aligned_words`)."""

    @property
    def role(self) -> str:
        """``citation`` (:data:`~normtrace.reuse.roles.CITATION`)."""
        return CITATION


#: every citation word is this one value
CITED = Citation()


def word_origins(
    att: Attributor, key: str, reported: ReportedIndex | None
) -> list[WordOrigin | Citation | None]:
    """Each word of unit ``key``: its earliest source (:meth:`Attributor.origins`) and, when
    that is a paragraph of an SG report and ``reported`` finds the word in a sentence the report
    gives as another's (:meth:`ReportedIndex.said`), who said it; :data:`CITED` for a word of a
    citation in ``key`` (:func:`citation_words`); None for any other word no link credits (no
    earlier source). The one reading ``aggregate``, ``secretariat`` and ``provenance`` count.

    >>> from normtrace.reuse.links import ReuseLink
    >>> from normtrace.reuse.roles import UnitInfo
    >>> info = {"R/op1": UnitInfo("R/op1", "2099-03-28", "R", "resolution"),
    ...         "S/p9": UnitInfo("S/p9", "2099-02-27", "S", "secretariat")}
    >>> texts = {"R/op1": "Recalling resolution 9001 (2098), deploys an intervention brigade now",
    ...          "S/p9": "Under resolution 9001 (2098), I recommend an intervention brigade now"}
    >>> link = ReuseLink("S/p9", "R/op1", 0, 69, 0, 69, 0.8, 5)
    >>> att = Attributor(lambda k: [link] if k == "R/op1" else [], info.get, texts.get)
    >>> [w.role if w else None for w in word_origins(att, "R/op1", None)][:5]
    [None, 'secretariat', 'citation', 'citation', None]
    """
    cited = citation_words(att.tokens(key))
    out: list[WordOrigin | Citation | None] = []
    for w, found in enumerate(att.origins(key)):
        if w in cited:
            out.append(CITED)
            continue
        said = None
        if found is not None and found.role == "secretariat" and reported is not None:
            said = reported.said(att.info(found.key), att.tokens(found.key), found.word)
        out.append(WordOrigin(found, said) if found is not None else None)
    return out


def linked_min_words(store: Store) -> int:
    """The smallest ``min_words`` of the reuse runs whose links are stored (the default
    without one): the fewest identical words any stored link needed, which a chain's passage
    must keep. A run whose links a later full run deleted keeps its record in ``runs`` but
    no longer sets the threshold."""
    row = store.conn.execute(
        "SELECT MIN(json_extract(params, '$.min_words')) FROM runs WHERE stage = 'reuse' "
        "AND id IN (SELECT DISTINCT run_id FROM reuse_links)"
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else ReuseParams().min_words
