"""Stage 1 of 4, compile: a codebook's patterns become the tables the other stages read.

Every dictionary entry, proximity term and exclusion of a codebook is compiled
(:func:`~normtrace.coding.dictionary.patterns.compile_pattern`) to literal
*keys* on normalized text, each with the *probes* that say what a hit of the key
means: an entry of code ``c``, side A or B of a proximity entry, or an
exclusion; each probe may demand words after a wildcard (``rest``). All keys go
into one ``pyahocorasick`` automaton, or, for large codebooks, a word-hash
finder (:mod:`~normtrace.coding.dictionary.wordhash`); :func:`compile_tables`
picks the scanner.

Keys carry their word boundaries (spaces around them; normalized text has a
space wherever a word ends), so a hit needs no boundary check. A key whose hits
mean exactly one plain entry is a *simple* key: its code and label are in the
per-key arrays and its hits are resolved in bulk; every other key (proximity
terms, exclusions, words after a wildcard, keys shared by several entries) is
marked with code ``-1`` and resolved hit by hit by
:mod:`~normtrace.coding.dictionary.filters`.

The stages: **compile** (here) → :mod:`~normtrace.coding.dictionary.scan` →
:mod:`~normtrace.coding.dictionary.filters` → :mod:`~normtrace.coding.dictionary.emit`.

>>> from normtrace.coding.codebook import Code, Codebook, Entry
>>> tables = compile_tables(Codebook(name="demo", codes=(
...     Code(id="mandate", name="Mandate", entries=(Entry(pattern="decides to extend"),
...                                                 Entry(pattern="mandat*"))),)))
>>> tables.keys, tables.kopen.tolist()
([' decides to extend ', ' mandat'], [False, True])
>>> tables.kcode.tolist(), [tables.labels[i] for i in tables.klabel.tolist()]  # simple keys
([0, 0], ['decides to extend', 'mandat*'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ahocorasick
import numpy as np
import numpy.typing as npt

from normtrace.coding.codebook import EXCLUSION_SIDES, Codebook
from normtrace.coding.dictionary.patterns import compile_pattern
from normtrace.coding.dictionary.wordhash import WordHashFinder, choose_scanner

#: the matcher's name and version, recorded with each coding run; v2: a proximity entry's two
#: terms stand in one sentence (v1 let them stand on either side of a sentence end)
ALGORITHM = "coding.aho_corasick.v2"

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: what a hit of a key means (a probe's kind)
ENTRY, NEAR_A, NEAR_B, EXCLUDE = 0, 1, 2, 3

# A probe: (kind, target index, open_end, rest words, label index). The target is a
# code index (ENTRY), a proximity entry's index (NEAR_A, NEAR_B) or an exclusion's.
Probe = tuple[int, int, bool, tuple[tuple[str, bool], ...], int]


@dataclass(frozen=True, eq=False)
class Tables:
    """A compiled codebook: its keys, what their hits mean, and the scanner for them.

    Per-key arrays are indexed by the key id the scanners report (the key's
    index in :attr:`keys`).
    """

    codebook: Codebook
    requested_scanner: str
    #: code ids, in codebook order (spans refer to them by index)
    codes: list[str]
    #: entry labels (``entry.label()``, or an exclusion's pattern); spans refer to them by index
    labels: list[str]
    keys: list[str]
    #: per key, what its hits mean
    probes: list[tuple[Probe, ...]]
    #: proximity entries: (code index, within, label index)
    nears: list[tuple[int, int, int]]
    #: exclusions: (code index, within, side: 0 both, 1 before, 2 after)
    excludes: list[tuple[int, int, int]]
    #: codes whose spans can nest or repeat (the nested-span filter runs on these only)
    nesting: frozenset[int]
    automaton: Any
    #: ``automaton`` or ``wordhash``: what scans batches (the hits are the same)
    scanner: str
    finder: WordHashFinder | None
    # per key: length, open end (a wildcard prefix), code index and label index (-1 for
    # both unless the key is simple); the first three also as lists for the hit-by-hit path
    klen: IntArray
    kopen: BoolArray
    kcode: IntArray
    klabel: IntArray
    key_lists: tuple[list[int], list[int], list[int], list[int]]
    #: some key is not simple
    special: bool
    #: per key: its exclusion's index if the key is nothing but one exclusion, else -1
    kexclude: IntArray
    #: per exclusion: the code it cancels
    exclude_code: IntArray
    #: per code: whether it is in :attr:`nesting`
    code_nests: BoolArray
    code_obj: npt.NDArray[np.object_]
    label_obj: npt.NDArray[np.object_]
    #: each code's and label's rank in sorted order (spans sort by them)
    code_rank: IntArray
    label_rank: IntArray

    @property
    def key_count(self) -> int:
        """The number of keys (0: the codebook matches nothing)."""
        return len(self.keys)


def compile_tables(codebook: Codebook, scanner: str = "auto") -> Tables:
    """Compile ``codebook``; ``scanner`` (``auto``, ``automaton`` or ``wordhash``) scans batches.

    Raises:
        CodingError: ``scanner`` is unknown, or ``wordhash`` cannot take these keys.
    """
    labels: list[str] = []
    nears: list[tuple[int, int, int]] = []
    excludes: list[tuple[int, int, int]] = []
    keys: dict[str, list[Probe]] = {}

    def label_of(text: str) -> int:
        labels.append(text)
        return len(labels) - 1

    for ci, code in enumerate(codebook.codes):
        for entry in code.entries:
            label = label_of(entry.label())
            if entry.near is None:
                _add(keys, entry.pattern or "", ENTRY, ci, label)
                continue
            nears.append((ci, entry.within, label))
            _add(keys, entry.near[0], NEAR_A, len(nears) - 1, label)
            _add(keys, entry.near[1], NEAR_B, len(nears) - 1, label)
        for exclusion in code.excludes:
            side = EXCLUSION_SIDES.index(exclusion.side)
            excludes.append((ci, exclusion.within, side))
            _add(keys, exclusion.pattern, EXCLUDE, len(excludes) - 1, label_of(exclusion.pattern))
    codes = [c.id for c in codebook.codes]
    nesting = _nesting_codes(keys) | {ci for ci, _, _ in nears}
    chosen = choose_scanner(list(keys), scanner)
    table = np.array(
        [_key_row(key, probes) for key, probes in keys.items()], dtype=np.int64
    ).reshape(-1, 4)
    code_nests = np.zeros(len(codes), dtype=bool)
    code_nests[list(nesting)] = True
    return Tables(
        codebook=codebook,
        requested_scanner=scanner,
        codes=codes,
        labels=labels,
        keys=list(keys),
        probes=[tuple(p) for p in keys.values()],
        nears=nears,
        excludes=excludes,
        nesting=nesting,
        automaton=_build_automaton(keys),
        scanner=chosen,
        finder=WordHashFinder(list(keys)) if chosen == "wordhash" else None,
        klen=table[:, 0],
        kopen=table[:, 1].astype(bool),
        kcode=table[:, 2],
        klabel=table[:, 3],
        # lists for the hit-by-hit path (numpy scalars are slow one by one)
        key_lists=(
            table[:, 0].tolist(),
            table[:, 1].tolist(),
            table[:, 2].tolist(),
            table[:, 3].tolist(),
        ),  # fmt: skip
        special=bool((table[:, 2] < 0).any()),
        kexclude=np.array([_lone_exclusion(p) for p in keys.values()], dtype=np.int64),
        exclude_code=np.array([ci for ci, _, _ in excludes] or [0], dtype=np.int64),
        code_nests=code_nests,
        code_obj=np.array(codes, dtype=object),
        label_obj=np.array(labels, dtype=object),
        code_rank=_ranks(codes),
        label_rank=_ranks(labels),
    )


def _add(keys: dict[str, list[Probe]], pattern: str, kind: int, target: int, label: int) -> None:
    """The keys of ``pattern``, each with a probe for this entry, proximity term or exclusion."""
    for cp in compile_pattern(pattern):
        # spaces around a key make it match whole words only (normalized text has a
        # space wherever a word ends); a wildcard key is open on the right
        padded = f" {cp.key}" if cp.open_end else f" {cp.key} "
        probes = keys.setdefault(padded, [])
        if not any(p[:4] == (kind, target, cp.open_end, cp.rest) for p in probes):
            probes.append((kind, target, cp.open_end, cp.rest, label))


def _key_row(key: str, probes: list[Probe]) -> tuple[int, bool, int, int]:
    """(length, open end, code, label) of a key; code -1 marks a key Python must handle."""
    kind, target, open_end, rest, label = probes[0]
    # a key with one plain entry is handled in bulk: the fast path
    simple = len(probes) == 1 and kind == ENTRY and not rest
    return len(key), open_end, target if simple else -1, label if simple else -1


def _lone_exclusion(probes: list[Probe]) -> int:
    """The exclusion index of a key that is one exclusion and nothing else (else -1)."""
    if len(probes) == 1 and probes[0][0] == EXCLUDE and not probes[0][3]:
        return probes[0][1]
    return -1


def _ranks(names: list[str]) -> IntArray:
    """Each name's rank in sorted order (equal names share a rank)."""
    return np.unique(np.array(names, dtype=object), return_inverse=True)[1].astype(np.int64)


def _build_automaton(keys: dict[str, list[Probe]]) -> Any:
    # values are the key ids: small ints, returned by the automaton without allocation
    automaton = ahocorasick.Automaton()
    for kid, key in enumerate(keys):
        automaton.add_word(key, kid)
    if keys:
        automaton.make_automaton()
    return automaton


def _nesting_codes(keys: dict[str, list[Probe]]) -> frozenset[int]:
    """Codes whose spans can nest or repeat (one entry's text inside another's, or proximity).

    Only these need the nested-span filter; for the rest it is skipped.
    """
    texts: dict[int, list[str]] = {}
    nesting: set[int] = set()
    for key, probes in keys.items():
        for kind, target, _open, rest, _label in probes:
            if kind != ENTRY:
                continue
            texts.setdefault(target, []).append(" ".join([key.strip(), *(w for w, _ in rest)]))
    for code, items in texts.items():
        if len(items) != len(set(items)) or any(a != b and a in b for a in items for b in items):
            nesting.add(code)
    return frozenset(nesting)
