"""KWIC concordance: every match of a pattern (or every coding of a code) in its context.

>>> from normtrace.store.db import Store
>>> kwic(Store.open(":memory:"), "neutrali*", window=10, by="role")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from normtrace.coding.counts import check_codes, coded_spans
from normtrace.coding.query import find
from normtrace.coding.units import UnitInfo, iter_unit_info
from normtrace.errors import CodebookError
from normtrace.store.db import Store
from normtrace.store.topics import topic_symbols

KWIC_BY = ("role", "year", "doc_type", "symbol", "code")


@dataclass(frozen=True)
class KwicLine:
    """One concordance line; ``left`` and ``right`` hold up to ``window`` words each."""

    group: str
    unit_key: str
    symbol: str
    date: str | None
    doc_type: str
    speaker: str | None
    role: str
    code: str
    start: int
    end: int
    left: str
    match: str
    right: str


def kwic(
    store: Store,
    query: str | None = None,
    *,
    code: str | None = None,
    window: int = 10,
    by: str | None = None,
    limit: int | None = None,
    topic: str | None = None,
) -> list[KwicLine]:
    """Concordance of ``query`` (the query language, :mod:`normtrace.coding.query`) or of the
    current codings of ``code``.

    Lines are sorted by group (``by``: role, year, doc_type, symbol or code), then
    by date and position. ``topic``: only the lines in meeting records whose agenda items
    name it (a whole word or phrase, case aside: :func:`normtrace.store.topics.topic_symbols`).

    Raises:
        CodebookError: the query is not valid (:class:`~normtrace.coding.query.QueryError`),
            ``code`` is no code of the project's codebooks, or ``by`` is unknown.
    """
    if by is not None and by not in KWIC_BY:
        raise CodebookError(f"cannot group a concordance by {by!r}; use one of {KWIC_BY}")
    if (query is None) == (code is None):
        raise CodebookError("give either a query pattern or a code, not both or neither")
    if code is not None:  # a mistyped code would print an empty concordance
        check_codes(store, [code])
    lines = _query_lines(store, query, window) if query else _code_lines(store, code, window)
    if topic is not None:
        on_topic = topic_symbols(store, topic)
        lines = [ln for ln in lines if ln.symbol in on_topic]
    lines.sort(key=lambda ln: (_group(ln, by), ln.date or "", ln.unit_key, ln.start))
    lines = [_with_group(ln, by) for ln in lines]
    return lines[:limit] if limit is not None else lines


def context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """Up to ``window`` whitespace-separated words left and right of ``text[start:end]``."""
    reach = max(window, 1) * 40
    left_words = text[max(0, start - reach) : start].split()
    right_words = text[end : end + reach].split()
    left = " ".join(left_words[-window:]) if window else ""
    return left, " ".join(right_words[:window])


def _query_lines(store: Store, query: str | None, window: int) -> list[KwicLine]:
    return [
        _line(hit.info, hit.text, hit.start, hit.end, query or "", window)
        for hit in find(store, query or "")
    ]


def _code_lines(store: Store, code: str | None, window: int) -> list[KwicLine]:
    """The lines of ``code``'s codings as the counts read them (:func:`~normtrace.coding.
    counts.coded_spans`, as ``freq`` and ``first``): a whole paragraph's coding placed on its
    opening unit is not a line of those words where another span of the code in the paragraph
    is its occurrence."""
    wanted: dict[str, list[tuple[int, int, str]]] = {}
    for key, start, end, name, _snippet in coded_spans(store):
        if name == code and (start, end, name) not in wanted.get(key, []):
            wanted.setdefault(key, []).append((start, end, name))
    out = []
    for info, text in iter_unit_info(store, with_text=True):
        for start, end, name in wanted.get(info.key, []):
            out.append(_line(info, text, start, end, name, window))
    return out


def _line(info: UnitInfo, text: str, start: int, end: int, code: str, window: int) -> KwicLine:
    left, right = context(text, start, end, window)
    return KwicLine(
        "", info.key, info.symbol, info.date, info.doc_type, info.speaker, info.role, code,
        start, end, left, text[start:end], right,
    )  # fmt: skip


def _group(line: KwicLine, by: str | None) -> str:
    if by is None:
        return ""
    value = getattr(line, "date" if by == "year" else by)
    if by == "year":
        return (value or "")[:4] or "unknown"
    return str(value) if value is not None else "unknown"


def _with_group(line: KwicLine, by: str | None) -> KwicLine:
    return replace(line, group=_group(line, by))
