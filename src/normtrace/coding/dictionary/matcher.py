"""The dictionary matcher: a compiled codebook and the four stages run over texts.

A codebook goes through four stages, one module each:

1. :mod:`~normtrace.coding.dictionary.compile` — patterns → keys and per-key tables,
   one Aho-Corasick automaton (or a word-hash finder) over every key;
2. :mod:`~normtrace.coding.dictionary.scan` — a batch of texts normalized, joined
   and scanned once: every key hit;
3. :mod:`~normtrace.coding.dictionary.filters` — hits → entry candidates: word
   boundaries, words after a wildcard, proximity, exclusions, nested spans;
4. :mod:`~normtrace.coding.dictionary.emit` — candidates → sorted spans of the
   original texts, as arrays.

No regular expression is run per pattern. :class:`Matcher` holds the compiled
tables and runs the stages for callers that want spans of one text
(:meth:`Matcher.match`) or arrays for a batch (:meth:`Matcher.match_many`);
:func:`~normtrace.coding.dictionary.apply.code_units` calls the stages itself.
A :class:`Matcher` pickles as its codebook and scanner and rebuilds itself on
unpickling, so it can be shipped to Dask workers.

>>> from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
>>> book = Codebook(name="demo", codes=(
...     Code(id="force", name="Offensive force",
...          entries=(Entry(pattern="neutrali* armed group(|s)"),
...                   Entry(near=("force", "offensive"), within=5)),
...          excludes=(Exclusion("self-defence", within=3),)),))
>>> m = compile_codebook(book)
>>> [(s.code, s.snippet) for s in m.match("To NEUTRALIZE armed groups by offensive use of force.")]
[('force', 'NEUTRALIZE armed groups'), ('force', 'offensive use of force')]
>>> m.match("no use of force, except in self-defence, is offensive")
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from normtrace.coding.codebook import Codebook
from normtrace.coding.dictionary.compile import ALGORITHM, Tables, compile_tables
from normtrace.coding.dictionary.emit import (
    EMPTY_SPANS,
    Row,
    SpanArrays,
    names,
    rows,
    rows_one_by_one,
    span_arrays,
)
from normtrace.coding.dictionary.filters import candidates, candidates_one_by_one
from normtrace.coding.dictionary.scan import scan_batch, scan_text
from normtrace.coding.dictionary.textnorm import NormalizedText, normalize

__all__ = ["ALGORITHM", "SMALL", "Matcher", "Row", "Span", "compile_codebook"]

#: up to this many automaton hits in one text, :meth:`Matcher.match` stays in plain Python
SMALL = 128


class Span(NamedTuple):
    """A coded span: code-point offsets into the original text and its snippet.

    ``text[start:end] == snippet`` always holds for the text that was matched.
    (A named tuple rather than a dataclass: corpus runs create millions of them.)
    """

    start: int
    end: int
    code: str
    snippet: str
    entry: str


class Matcher:
    """A compiled codebook (:attr:`tables`) and the stages run over texts."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.codebook = tables.codebook
        self.algorithm = ALGORITHM
        self.codes = tables.codes
        self.labels = tables.labels
        self.key_count = tables.key_count
        self.scanner = tables.scanner

    def __reduce__(self) -> tuple[Any, tuple[Codebook, str]]:
        return (compile_codebook, (self.codebook, self.tables.requested_scanner))

    def match(self, text: str) -> list[Span]:
        """All code spans in ``text``, sorted by position; offsets are original code points."""
        return [Span._make(row) for row in self.match_rows(text)]

    def match_rows(self, text: str) -> list[Row]:
        """:meth:`match` as plain ``(start, end, code, snippet, entry)`` tuples (faster)."""
        if self.key_count == 0 or not text:
            return []
        return self.match_normalized(normalize(text), text)

    def match_normalized(self, norm: NormalizedText, text: str) -> list[Row]:
        """:meth:`match_rows` for a text already normalized (``norm = normalize(text)``)."""
        if self.key_count == 0 or not norm.text:
            return []
        scanned = scan_text(self.tables, norm)
        if scanned.ends.size <= SMALL:
            # a few hits: plain Python beats the fixed cost of a dozen numpy calls
            hits = zip(scanned.ends.tolist(), scanned.kids.tolist(), strict=True)
            found = candidates_one_by_one(self.tables, scanned.t, hits, norm)
            return rows_one_by_one(self.tables, norm, text, found)
        spans = span_arrays(self.tables, scanned, candidates(self.tables, scanned))
        return rows(self.tables, spans, text)

    def match_many(self, texts: Sequence[NormalizedText | str]) -> SpanArrays:
        """The spans of a batch of texts as parallel arrays, in one scan.

        The fast path for corpus runs: no Python object per span, and the fixed
        cost of each numpy step is paid once per batch.

        Args:
            texts: the texts, or their normalizations (``normalize(text)``) if already made.

        Returns:
            Per span its text's index in ``texts``, original offsets and code and
            label indices (into :attr:`codes` and :attr:`labels`); sorted by text,
            then in the order of :meth:`match`.
        """
        if self.key_count == 0 or not texts:
            return EMPTY_SPANS
        scanned = scan_batch(self.tables, texts)
        return span_arrays(self.tables, scanned, candidates(self.tables, scanned))

    def rows(self, spans: SpanArrays, text: str) -> list[Row]:
        """``(start, end, code, snippet, entry)`` rows of the ``spans`` of one ``text``."""
        return rows(self.tables, spans, text)

    def names(self, spans: SpanArrays) -> tuple[list[str], list[str]]:
        """The code ids and entry labels of ``spans``, one per span."""
        return names(self.tables, spans)

    def match_reference(self, text: str) -> list[Span]:
        """:meth:`match` computed hit by hit in plain Python (slow; the oracle for tests)."""
        if self.key_count == 0 or not text:
            return []
        norm = normalize(text)
        t = f" {norm.text} "
        found = candidates_one_by_one(self.tables, t, self.tables.automaton.iter(t), norm)
        return [Span._make(r) for r in rows_one_by_one(self.tables, norm, text, found)]


def compile_codebook(codebook: Codebook, scanner: str = "auto") -> Matcher:
    """Compile ``codebook`` into a :class:`Matcher` (one automaton for all entries).

    ``scanner`` chooses how :meth:`Matcher.match_many` finds key hits in a batch:
    ``automaton`` (``pyahocorasick``), ``wordhash``
    (:class:`~normtrace.coding.dictionary.wordhash.WordHashFinder`) or ``auto``
    (:func:`~normtrace.coding.dictionary.wordhash.choose_scanner`). The spans are the
    same whichever runs.

    Example:
        >>> from normtrace.coding.codebook import Code, Codebook, Entry
        >>> book = Codebook(name="d", codes=(Code(id="ib", name="IB",
        ...     entries=(Entry(pattern="intervention brigade"),)),))
        >>> compile_codebook(book).match("the Intervention\\nBrigade")[0].snippet
        'Intervention\\nBrigade'
    """
    return Matcher(compile_tables(codebook, scanner))
