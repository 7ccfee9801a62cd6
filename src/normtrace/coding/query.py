"""One query language for search, concordance, first appearance and counts.

``normtrace search``, ``kwic``, ``first``, ``freq --query`` and the web search all take
the codebook's pattern syntax (``docs/query.md``; ``docs/codebook-schema.md`` for the
patterns themselves), so a query means the same everywhere and the same as a codebook
entry would:

* a **pattern**: words, ``*`` ending a word (``asymmetric*``), alternatives
  ``(means|measures)``, hyphens and punctuation as in the codebook;
* **proximity**: ``PATTERN NEAR/N PATTERN`` — both within N words;
* **exclusions**: ``... NOT PATTERN`` (a match the pattern overlaps is dropped) or
  ``... NOT/N PATTERN`` (dropped when the pattern is within N words).

The full-text index (SQLite FTS5) finds candidate units — every unit that holds the
words of some alternative as a phrase, wildcards as prefixes — and each candidate is then matched
exactly by the codebook matcher, so the index only ever saves time: the results are
those of an exhaustive scan of every unit (a property test checks this). What the
language cannot express is an error, never silently changed: FTS5 operators (``OR``,
``AND``, ``NEAR(...)``) and stray quotes are refused with the pattern that says it (a
pattern wrapped whole in double quotes is simply that phrase).

>>> q = parse_query("all necessary (means|measures) NOT/3 urges")
>>> q.fts
'"all necessary means" OR "all necessary measures"'
>>> [(s.start, s.end) for s in q.matches("Authorizes it to use all necessary means")]
[(21, 40)]
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from normtrace.coding.codebook import Code, Codebook, Entry, Exclusion
from normtrace.coding.dictionary.patterns import PatternSyntaxError, compile_pattern
from normtrace.coding.units import UnitInfo, iter_unit_info
from normtrace.errors import CodebookError
from normtrace.store.db import Store

if TYPE_CHECKING:  # the matcher (NumPy, pyahocorasick) loads when a query is matched
    from normtrace.coding.dictionary.matcher import Matcher, Span

MAX_QUERY = 2_000
MAX_WORDS = 32  # words and wildcards in a query, operators not counted
_OPERATOR = re.compile(r"^(NEAR|NOT)(?:/(\d{1,3}))?$")
_FTS_WORDS = {"OR", "AND"}


class QueryError(CodebookError):
    """A query the language cannot express, or one over the limits."""


class QueryTimeout(QueryError):
    """A query ran out of its time budget and was stopped."""


class Deadline:
    """A time budget for one query, checked between candidate units (or chunks of them)
    and inside SQLite.

    ``seconds`` of ``None`` or ``0``: no budget (the CLI's default: Ctrl-C stops it).
    Setting ``cancel`` (e.g. when the client who asked has gone) ends it at once.

    >>> Deadline(None).expired()
    False
    """

    def __init__(self, seconds: float | None, cancel: threading.Event | None = None) -> None:
        self.seconds = seconds or 0.0
        self._at = time.monotonic() + self.seconds if self.seconds > 0 else None
        self._cancel = cancel

    def expired(self) -> bool:
        """True once the budget is spent or the query was cancelled."""
        if self._cancel is not None and self._cancel.is_set():
            return True
        return self._at is not None and time.monotonic() >= self._at

    def timeout(self, query: str, done: int) -> QueryTimeout:
        """The error for a query stopped after ``done`` candidate units."""
        if self._cancel is not None and self._cancel.is_set():
            return QueryTimeout(f"query {query!r} was cancelled after {done} candidate units")
        return QueryTimeout(
            f"query {query!r} was stopped after {self.seconds:g} s ({done} candidate units "
            "checked); use rarer words, fewer alternatives or a filter"
        )

    @contextmanager
    def guard(self, store: Store) -> Iterator[None]:
        """Let SQLite interrupt a statement once the budget is spent (the caller owns
        ``store``'s connection for the block)."""
        if self._at is None and self._cancel is None:
            yield
            return
        store.conn.set_progress_handler(self.expired, 20_000)
        try:
            yield
        finally:
            store.conn.set_progress_handler(None, 0)


def interrupted(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite stopped a statement because a progress handler asked it to."""
    return "interrupt" in str(exc)


@dataclass(frozen=True)
class QueryHit:
    """One match of a query in a unit."""

    info: UnitInfo
    start: int
    end: int
    text: str  # the unit's text

    @property
    def snippet(self) -> str:
        return self.text[self.start : self.end]


@dataclass(frozen=True)
class Query:
    """A parsed query: the one-entry codebook it stands for and its FTS5 candidate filter."""

    text: str
    book: Codebook
    fts: str

    def matcher(self) -> Matcher:
        from normtrace.coding.dictionary.matcher import compile_codebook

        return compile_codebook(self.book)

    def matches(self, text: str) -> list[Span]:
        """Every match in ``text`` (for one text; use :func:`find` over a project)."""
        return self.matcher().match(text)


def _segments(text: str) -> list[tuple[str, int | None, str]]:
    """Split at operators outside parentheses: ``[("", None, pattern), (op, n, pattern), ...]``."""
    out: list[tuple[str, int | None, str]] = []
    op, within, depth = "", None, 0
    words: list[str] = []
    for token in text.split():
        depth += token.count("(") - token.count(")")
        m = _OPERATOR.match(token) if depth == 0 else None
        if m:
            out.append((op, within, " ".join(words)))
            op, within, words = m[1], int(m[2]) if m[2] else None, []
            continue
        if depth == 0 and token in _FTS_WORDS:
            raise QueryError(
                f"query {text!r}: {token} is not an operator here; write alternatives as "
                "(a|b) and give the words of a phrase in order"
            )
        words.append(token)
    out.append((op, within, " ".join(words)))
    return out


def parse_query(text: str) -> Query:
    """Parse a query (see the module docstring).

    Raises:
        QueryError: the query is empty, too long, uses FTS5 syntax or is not a valid pattern.
    """
    if not text or not text.strip():
        raise QueryError("empty query; give words, e.g. 'asymmetric*' or 'all necessary means'")
    if len(text) > MAX_QUERY:
        raise QueryError(f"query of {len(text)} characters; at most {MAX_QUERY}")
    if "\x00" in text:
        raise QueryError(f"query {text!r}: holds a NUL character; remove it")
    words = sum(1 for w in text.split() if not _OPERATOR.match(w))
    if words > MAX_WORDS:
        raise QueryError(
            f"query of {words} words; at most {MAX_WORDS}: keep the words that make it specific"
        )
    parts = [(op, within, _unquote(pattern, text)) for op, within, pattern in _segments(text)]
    entry: Entry | None = None
    excludes: list[Exclusion] = []
    sides: list[str] = []
    for op, within, pattern in parts:
        if not pattern:
            raise QueryError(f"query {text!r}: {op or 'the query'} needs a pattern after it")
        _check(pattern, text)
        if op == "":
            entry, sides = Entry(pattern=pattern), [pattern]
        elif op == "NEAR":
            if entry is None or entry.near is not None or excludes:
                raise QueryError(f"query {text!r}: one NEAR/N, between the first two patterns")
            if within is None:
                raise QueryError(f"query {text!r}: NEAR needs a distance, e.g. NEAR/5")
            entry = Entry(near=(sides[0], pattern), within=within)
            sides.append(pattern)
        else:
            excludes.append(Exclusion(pattern, within or 0))
    assert entry is not None
    book = Codebook(
        name="query",
        codes=(Code(id="query", name=text, entries=(entry,), excludes=tuple(excludes)),),
    )
    return Query(text, book, " AND ".join(f"({_fts(p)})" if len(sides) > 1 else _fts(p)
                                          for p in sides))  # fmt: skip


def _unquote(pattern: str, query: str) -> str:
    """A pattern wrapped in double quotes is the phrase inside; other quotes are errors."""
    if len(pattern) >= 2 and pattern[0] == pattern[-1] == '"' and '"' not in pattern[1:-1]:
        return pattern[1:-1].strip()
    if '"' in pattern:
        raise QueryError(
            f'query {query!r}: a double quote may only wrap a whole pattern ("a phrase"); '
            "words are matched as a phrase in order anyway"
        )
    return pattern


def _check(pattern: str, query: str) -> None:
    if "~" in pattern:
        raise QueryError(
            f"query {query!r}: proximity in a query is A NEAR/5 B (words at most 5 apart), not ~5~"
        )
    try:
        compile_pattern(pattern)
    except PatternSyntaxError as exc:
        raise QueryError(f"query {query!r}: {exc}") from None


def _fts(pattern: str) -> str:
    """FTS5 expression true for every unit where ``pattern`` can match (a superset).

    Each alternative is one FTS5 phrase: the matcher's words are consecutive words of
    the text (only spaces, hyphens, dashes or, after a wildcard, punctuation between
    them), and FTS5 sees punctuation as nothing, so the phrase holds wherever the
    pattern matches; a wildcard makes its token a prefix (``"all nec" * + "means"``).
    """
    alternatives = []
    for compiled in compile_pattern(pattern):
        parts = [_phrase(compiled.key, compiled.open_end)]
        parts += [_phrase(word, prefix) for word, prefix in compiled.rest]
        alternatives.append(" + ".join(parts))
    return " OR ".join(dict.fromkeys(alternatives))


def _phrase(words: str, prefix: bool) -> str:
    """An FTS5 string (quotes doubled), its last token a prefix when ``prefix``."""
    return '"' + words.replace('"', '""') + '"' + (" *" if prefix else "")


#: Completeness of the full-text index per project file, by a signature of what can
#: change it (a new document, version, speech or paragraph): counting every unit costs
#: tens of milliseconds on a real project, the signature a fraction of one.
_COMPLETE: dict[tuple[str, tuple[object, ...]], bool] = {}


def units_signature(store: Store) -> tuple[object, ...]:
    """A cheap signature of the project's units (well under a millisecond): it changes
    whenever a document, version, speech or paragraph is added, removed or retired, or
    the full-text index gains or loses a row."""
    row = store.conn.execute(
        "SELECT (SELECT max(id) FROM documents), (SELECT count(*) FROM documents), "
        "(SELECT total(is_current) FROM documents), (SELECT max(id) FROM speeches), "
        "(SELECT max(id) FROM paragraphs), (SELECT count(*) FROM speeches), "
        "(SELECT count(*) FROM paragraphs)"
    ).fetchone()
    try:  # FTS5's own row count (one row per indexed unit): a plain table, cheap to count
        indexed = store.conn.execute("SELECT count(*) FROM unit_fts_docsize").fetchone()[0]
    except sqlite3.OperationalError:
        indexed = None
    return (*tuple(row), indexed)


def index_is_complete(store: Store, units: tuple[object, ...] | None = None) -> bool:
    """Whether every current unit is in the full-text index (else queries scan every unit).

    The answer is kept per project file until a document, speech or paragraph is added,
    removed or retired. ``units``: :func:`units_signature` if the caller just read it."""
    where = str(store.path) if store.path is not None else f"connection {id(store.conn)}"
    key = (where, units if units is not None else units_signature(store))
    known = _COMPLETE.get(key)
    if known is None:
        indexed = store.conn.execute("SELECT count(*) FROM unit_fts").fetchone()[0]
        units = store.conn.execute("SELECT count(*) FROM units").fetchone()[0]
        known = bool(indexed >= units)
        if len(_COMPLETE) > 64:
            _COMPLETE.clear()
        _COMPLETE[key] = known
    return known


def candidate_keys(store: Store, query: Query) -> set[str] | None:
    """Keys of the units the full-text index says may match (a superset of the matches);
    ``None`` when the index does not cover every unit (then every unit is a candidate)."""
    if not index_is_complete(store):
        return None
    rows = store.conn.execute("SELECT DISTINCT key FROM unit_fts WHERE unit_fts MATCH ?",
                              (query.fts,))  # fmt: skip
    return {r["key"] for r in rows}


def find(
    store: Store,
    query: str | Query,
    *,
    exhaustive: bool = False,
    seconds: float | None = None,
) -> Iterator[QueryHit]:
    """Every match of ``query`` in the project's current units, unit by unit.

    With ``exhaustive`` every unit is scanned instead of the index's candidates (the
    reference the index is tested against).

    Raises:
        QueryTimeout: ``seconds`` passed before every candidate unit was checked (the
            matches found so far have been yielded).
    """
    q = query if isinstance(query, Query) else parse_query(query)
    matcher = q.matcher()
    deadline = Deadline(seconds)
    done = 0
    try:
        with deadline.guard(store):
            keys = None if exhaustive else candidate_keys(store, q)
            if keys is not None and not keys:
                return
            for info, text in iter_unit_info(store, with_text=True, keys=keys):
                if deadline.expired():
                    raise deadline.timeout(q.text, done)
                done += 1
                for span in matcher.match(text):
                    yield QueryHit(info, span.start, span.end, text)
    except sqlite3.OperationalError as exc:
        if interrupted(exc) and deadline.expired():
            raise deadline.timeout(q.text, done) from None
        raise
