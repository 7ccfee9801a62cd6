"""Search by code, and "code all hits": code every match of a search at once, after a review.

*Search by code.* A code filter keeps the units where the viewer sees that code, either
as a human coding (``human``) or as a dictionary candidate not rejected (``candidate``);
the two are never mixed, and every hit lists its codes with the source labelled. A code id
two codebooks hold is filtered for the codebook named (:func:`filter_book`; a coding that
records no codebook stands for every codebook), and a hit names each code's codebook. The
blind rule of :mod:`normtrace.web.teams` applies: another coder's coding of a blind,
unrevealed unit never counts, nor does a candidate on a unit the viewer is blind-assigned,
and a candidate is rejected only by the rejects the viewer may see
(:func:`normtrace.web.teams.sight`): on a blind unit, the assigned coders' rejects are theirs.

*Code all hits.* :func:`preview` lists what would be coded (the matched words, or each
whole unit) and what would be left alone: spans the coder already holds with that code,
and units blind-assigned to other coders (a third coder there would spoil their blind
comparison). :func:`apply` then records one ``code`` event per chosen passage through
:mod:`normtrace.coding.human.events`, all in one transaction; a passage whose text moved
since the review is skipped and reported, never coded on other words. A coding is work for
one codebook (migration 0022): every passage is coded for the codebook the coder works in
(:func:`coding_book`: the one named, which must hold the code; without one, the only codebook
holding it), and only the coder's codings for that codebook count as held (another
codebook's coding of a code id they share, on the same words, is not this one's).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from normtrace.coding.dictionary.candidates import withdrawn_seen_sql
from normtrace.coding.human import events
from normtrace.coding.human.codable import codable_books, whose
from normtrace.errors import CodingError, NotFoundError, WebError
from normtrace.store.db import Store
from normtrace.web import queries
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codings import ADJUDICATION_PREFIX, code_labels, codebook_codes
from normtrace.web.schemas import CodeChoice, HitCode, SearchHit
from normtrace.web.teams import Visibility, sight_in

#: what a code filter counts, as people read it
CODE_SOURCES = {"human": "Human codings", "candidate": "Dictionary candidates"}
#: the most passages one "code all hits" reviews and codes
MAX_BULK = 500
SCOPES = {"match": "the matched words", "unit": "each whole paragraph or speech"}


@dataclass(frozen=True)
class BulkItem:
    """One passage "code all hits" would code, or leave alone and why (``status``)."""

    unit_key: str
    symbol: str
    start: int
    end: int
    snippet: str
    left: str
    right: str
    #: ``new`` (will be coded), ``held`` (the coder holds it already), ``blind`` (the unit is
    #: blind-assigned to other coders)
    status: str

    @property
    def token(self) -> str:
        """The checkbox value naming this passage and the text it was reviewed on."""
        return f"{self.start}:{self.end}:{fingerprint(self.snippet)}:{self.unit_key}"


def fingerprint(snippet: str) -> str:
    """A short hash of a passage's text: a confirmed review codes only the text reviewed."""
    return hashlib.sha256(snippet.encode("utf-8")).hexdigest()[:12]


def parse_token(token: str) -> tuple[str, int, int, str]:
    """``(unit key, start, end, fingerprint)`` of a :attr:`BulkItem.token`.

    >>> parse_token("3:9:abc:S/PV.1 (Resumption 1)/s002")
    ('S/PV.1 (Resumption 1)/s002', 3, 9, 'abc')

    Raises:
        WebError: the token is not one.
    """
    parts = token.split(":", 3)
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit() or not parts[3]:
        raise WebError(f"not a passage of the review: {token[:80]!r}; review the hits again")
    return parts[3], int(parts[0]), int(parts[1]), parts[2]


def code_choices(store: Store) -> list[CodeChoice]:
    """Codable codes of the latest version of every codebook, with their names, by name; a
    code id two or more codebooks hold lists them (:attr:`CodeChoice.codebooks`, the first
    registered first): "code all hits" codes it for the one the coder names."""
    rows = store.conn.execute(
        "SELECT c.code, max(c.name) AS name FROM codes c WHERE c.codable = 1 AND c.codebook_id "
        "IN (SELECT id FROM current_codebooks) GROUP BY c.code "
        "ORDER BY name COLLATE NOCASE, c.code"
    )
    books = codable_books(store)
    return [
        CodeChoice(code=r[0], name=r[1] or r[0],
                   codebooks=books[r[0]] if len(books.get(r[0], ())) > 1 else [])
        for r in rows
    ]  # fmt: skip


def coding_book(store: Store, code: str, codebook: str | None = None) -> str:
    """The codebook "code all hits" codes ``code`` for: ``codebook``, the one the coder works
    in (it must hold the code), else the only codebook that holds it.

    Raises:
        NotFoundError: no codebook's current version has ``code`` as a codable code.
        WebError: ``codebook`` does not hold ``code``, or no ``codebook`` is named and two
            codebooks hold it (whose coding it would be is the coder's to say).
    """
    books = codable_books(store, code).get(code)
    if not books:
        raise NotFoundError("code", code, hint="pick a codable code of a registered codebook")
    try:
        book = whose(store, code, codebook or None, ask="choose the codebook you code for (the "
                     "list 'for the codebook'; codebook=NAME in the API)")  # fmt: skip
    except CodingError as exc:
        raise WebError(f"{exc}; nothing was coded") from exc
    return book or books[0]  # (whose names a codebook whenever one holds the code)


def filter_book(store: Store, code: str, codebook: str | None = None) -> str | None:
    """The codebook a code filter keeps ``code`` of: ``codebook``, which must hold it as a
    codable code; ``None`` (every codebook's codings of the id, as before codebooks shared
    ids) when no codebook is named and at most one holds it.

    Raises:
        WebError: ``codebook`` does not hold ``code``, or none is named and two codebooks
            hold it (which codebook's code the filter means is the searcher's to say).
    """
    try:
        book = whose(store, code, codebook or None, ask="choose whose code to filter by (the "
                     "list 'of the codebook'; code_book=NAME in the API)")  # fmt: skip
    except CodingError as exc:
        raise WebError(f"{exc}; nothing was searched") from exc
    return book if codebook else None  # unnamed: every codebook's codings of the id


class _States:
    """Visibility of units: every assignment and reveal read once, then a lookup per unit
    (a code filter may touch tens of thousands of units)."""

    def __init__(self, store: Store) -> None:
        coders: dict[str, list[str]] = {}
        blind: set[str] = set()
        for key, name, is_blind in store.conn.execute(
            "SELECT a.unit_key, u.name, a.blind FROM assignments a JOIN users u "
            "ON u.id = a.user_id ORDER BY u.name"
        ):
            coders.setdefault(key, []).append(name)
            if is_blind:
                blind.add(key)
        revealed = {r[0] for r in store.conn.execute("SELECT unit_key FROM reveals")}
        self.cache = {
            key: Visibility(blind=key in blind, revealed=key in revealed, coders=tuple(names))
            for key, names in coders.items()
        }
        self.open = Visibility(blind=False, revealed=False, coders=())

    def __call__(self, key: str) -> Visibility:
        return self.cache.get(key, self.open)


def _human_shown(state: Visibility, viewer: User, coder: str) -> bool:
    return coder.startswith(ADJUDICATION_PREFIX) or state.shows(viewer, coder)


def code_spans(
    store: Store, viewer: User, code: str, source: str, codebook: str | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Unit key → spans of ``code`` that ``viewer`` may see, from ``source`` (``human`` or
    ``candidate``); with ``codebook``, of that codebook's code only (a coding that records no
    codebook stands for every codebook).

    Raises:
        WebError: ``source`` is neither.
    """
    if source not in CODE_SOURCES:
        raise WebError(f"code source must be one of {', '.join(CODE_SOURCES)}, not {source!r}")
    states = _States(store)
    out: dict[str, list[tuple[int, int]]] = {}
    if source == "human":
        for h in events.human_codings(store, code=code):
            if _human_shown(states(h.unit_key), viewer, h.coder) and (
                codebook is None or h.of_book(codebook)
            ):
                out.setdefault(h.unit_key, []).append((h.start, h.end))
        return out
    if not queries.has_table(store, "current_auto_codings"):
        return out
    rows = store.conn.execute(
        'SELECT a.unit_key, a.start, a."end" FROM current_auto_codings a WHERE a.code = ? '
        "AND (? IS NULL OR a.codebook = ?) "
        f"AND NOT {withdrawn_seen_sql('a', sight_in(store, viewer))} ORDER BY a.id",
        (code, codebook, codebook),
    )
    for r in rows:
        if states(r[0]).shows_machine(viewer):
            out.setdefault(r[0], []).append((r[1], r[2]))
    return out


def label_codes(store: Store, viewer: User, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """``hits`` with the codes the viewer may see on each: human codings, then candidates,
    each with its codebook (``None``: a coding that records none, which stands for every
    codebook) and named as that codebook names it. A candidate is listed unless a human
    coding of its code for its codebook is."""
    if not hits:
        return []
    names, books = code_labels(store), codebook_codes(store)
    states = _States(store)
    candidates = queries.has_table(store, "current_auto_codings")
    withdrawn = withdrawn_seen_sql("a", sight_in(store, viewer))

    def name(code: str, book: str | None) -> str:
        return books.get(book or "", {}).get(code) or names.get(code, code)

    out = []
    for hit in hits:
        state = states(hit.key)
        human = sorted(
            {(h.code, h.codebook) for h in events.human_codings(store, unit_key=hit.key)
             if _human_shown(state, viewer, h.coder)}, key=lambda c: (c[0], c[1] or "")
        )  # fmt: skip
        machine: list[tuple[str, str]] = []
        if candidates and state.shows_machine(viewer):
            rows = store.conn.execute(
                "SELECT DISTINCT a.code, a.codebook FROM current_auto_codings a "
                f"WHERE a.unit_key = ? AND NOT {withdrawn} ORDER BY a.code, a.codebook",
                (hit.key,),
            )
            machine = [(str(c), str(b)) for c, b in rows
                       if (c, b) not in human and (c, None) not in human]  # fmt: skip
        codes = [
            HitCode(code=c, name=name(c, b), source="human", label="coded", codebook=b)
            for c, b in human
        ] + [
            HitCode(code=c, name=name(c, b), source="candidate", label="candidate", codebook=b)
            for c, b in machine
        ]
        out.append(hit.model_copy(update={"codes": codes}))
    return out


def search(
    store: Store,
    viewer: User,
    query: str,
    filters: queries.Filters,
    *,
    code: str | None = None,
    code_source: str = "human",
    limit: int = queries.PAGE_SIZE,
    seconds: float | None = queries.SEARCH_SECONDS,
    cancel: threading.Event | None = None,
    codebook: str | None = None,
) -> queries.SearchOutcome:
    """Units matching ``query`` and, with ``code``, having that code (from ``code_source``;
    of ``codebook``: :func:`filter_book`) as ``viewer`` may see it; with a code and no words,
    every such unit, its code marked.

    Raises:
        QueryError: the query language cannot express ``query``.
        WebError: ``code_source`` is not one of :data:`CODE_SOURCES`, or
            :func:`filter_book` refuses.
    """
    if not code:
        found = queries.search_units(
            store, query, filters, limit=limit, seconds=seconds, cancel=cancel
        )
    else:
        book = filter_book(store, code, codebook)
        spans = code_spans(store, viewer, code, code_source, book)
        if query.strip():
            found = queries.search_units(
                store, query, filters, limit=limit, seconds=seconds, cancel=cancel,
                only_keys=frozenset(spans),
            )  # fmt: skip
        else:
            found = queries.units_with_marks(store, spans, filters, limit=limit)
    hits = label_codes(store, viewer, found.hits)
    return queries.SearchOutcome(hits, found.total, found.stopped, cached=found.cached)


def cached_search(
    store: Store,
    viewer: User,
    query: str,
    filters: queries.Filters,
    *,
    code: str | None = None,
    code_source: str = "human",
    limit: int = queries.PAGE_SIZE,
    codebook: str | None = None,
) -> queries.SearchOutcome | None:
    """:func:`search` if it needs no scan (its words' result is cached), else ``None``.

    Raises:
        QueryError: the query language cannot express ``query``.
        WebError: ``code_source`` is not one of :data:`CODE_SOURCES`, or
            :func:`filter_book` refuses.
    """
    book = filter_book(store, code, codebook) if code else None  # refused before any scan
    if code and not query.strip():
        return None  # every unit of a code: read by key, not cached
    only = frozenset(code_spans(store, viewer, code, code_source, book)) if code else None
    found = queries.cached_search_units(store, query, filters, limit=limit, only_keys=only)
    if found is None:
        return None
    hits = label_codes(store, viewer, found.hits)
    return queries.SearchOutcome(hits, found.total, found.stopped, cached=found.cached)


def search_queued(
    access: ProjectAccess,
    viewer: User,
    query: str,
    filters: queries.Filters,
    *,
    code: str | None = None,
    code_source: str = "human",
    limit: int = queries.PAGE_SIZE,
    seconds: float | None = queries.SEARCH_SECONDS,
    codebook: str | None = None,
) -> queries.SearchOutcome:
    """:func:`search` as the server runs it from a worker thread: answered from the cache
    on a page-read connection, else scanned in the scans' lane (waiting in this thread;
    the event loop waits with :meth:`ProjectAccess.scan_turn` instead).

    Raises:
        QueryError: the query language cannot express ``query``.
        WebError: ``code_source`` is not one of :data:`CODE_SOURCES`, or
            :func:`filter_book` refuses.
        BusyError: no turn at the scans came in time.
    """
    with access.read() as store:
        found = cached_search(store, viewer, query, filters, code=code,
                              code_source=code_source, limit=limit, codebook=codebook)  # fmt: skip
    if found is not None:
        return found
    with access.scan() as store:
        return search(
            store, viewer, query, filters, code=code, code_source=code_source, limit=limit,
            seconds=seconds, codebook=codebook,
        )  # fmt: skip


def _context(text: str, start: int, end: int, words: int = 10) -> tuple[str, str]:
    left = " ".join(text[:start].split()[-words:])
    right = " ".join(text[end:].split()[:words])
    return left, right


def preview(
    store: Store,
    viewer: User,
    hits: Iterable[SearchHit],
    code: str,
    *,
    scope: str = "match",
    codebook: str | None = None,
) -> list[BulkItem]:
    """What coding every hit with ``code`` for ``codebook`` (:func:`coding_book`) would do,
    passage by passage (nothing is written): a passage is ``held`` only where the coder
    holds ``code`` for that codebook.

    ``scope``: ``match`` codes each matched stretch, ``unit`` each whole unit once.

    Raises:
        NotFoundError: no registered codebook has ``code`` as a codable code.
        WebError: ``scope`` is not one of :data:`SCOPES`, or :func:`coding_book` refuses.
    """
    if scope not in SCOPES:
        raise WebError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    book = coding_book(store, code, codebook)
    states = _States(store)
    items: list[BulkItem] = []
    seen: set[tuple[str, int, int]] = set()
    for hit in hits:
        unit = queries.get_unit(store, hit.key)  # the record edition, as the unit page shows
        text = unit.text
        spans = [(0, len(text))] if scope == "unit" else [(s.start, s.end) for s in hit.hits]
        # a hit in the other edition of a meeting: only matches at the same place in this text
        spans = [(a, b) for a, b in spans if text[a:b] == hit.text[a:b] or scope == "unit"]
        state = states(hit.key)
        held = _held(store, viewer, hit.key, code, book)
        others_blind = state.hidden and viewer.name not in state.coders
        for start, end in spans:
            if (hit.key, start, end) in seen or not 0 <= start < end <= len(text):
                continue
            seen.add((hit.key, start, end))
            left, right = _context(text, start, end)
            status = "blind" if others_blind else "held" if _within(start, end, held) else "new"
            items.append(
                BulkItem(hit.key, hit.symbol, start, end, text[start:end], left, right, status)
            )
            if len(items) >= MAX_BULK:
                return items
    return items


def _within(start: int, end: int, held: set[tuple[int, int]]) -> bool:
    """Whether one of the coder's codings ``held`` of the code covers ``[start:end]``: such a
    passage is coded already (a second coding inside it would list the words twice)."""
    return any(a <= start and end <= b for a, b in held)


def _held(store: Store, viewer: User, key: str, code: str, book: str) -> set[tuple[int, int]]:
    """Spans of the viewer's codings of ``code`` on ``key`` that are work for ``book`` (its
    own, or one recording no codebook: that stands for every codebook)."""
    return {
        (h.start, h.end)
        for h in events.human_codings(store, coder=viewer.name, unit_key=key, code=code)
        if h.of_book(book)
    }


@dataclass(frozen=True)
class BulkResult:
    """What :func:`apply` did: coding event ids, and the passages skipped with the reason."""

    added: list[int]
    skipped: list[tuple[str, str]]


def apply(
    store: Store,
    viewer: User,
    code: str,
    tokens: Sequence[str],
    *,
    codebook: str | None = None,
) -> BulkResult:
    """Code every reviewed passage of ``tokens`` with ``code`` for ``codebook``
    (:func:`coding_book`) as ``viewer`` (inside a write).

    One ``code`` event per passage, recording that codebook; passages the coder holds
    already for it, on units blind-assigned to other coders, or whose text changed since
    the review are skipped and reported.

    Raises:
        WebError: no passage chosen, too many, a token that is not one, or
            :func:`coding_book` refuses.
        NotFoundError: ``code`` is not a codable code.
    """
    if not tokens:
        raise WebError("choose at least one passage to code")
    if len(tokens) > MAX_BULK:
        raise WebError(f"at most {MAX_BULK} passages at once, not {len(tokens)}; narrow the search")
    book = coding_book(store, code, codebook)
    states = _States(store)
    added: list[int] = []
    skipped: list[tuple[str, str]] = []
    for key, start, end, mark in dict.fromkeys(parse_token(t) for t in tokens):
        try:
            unit = queries.get_unit(store, key)
        except NotFoundError:
            skipped.append((key, "no such unit"))
            continue
        snippet = unit.text[start:end]
        state = states(key)
        if state.hidden and viewer.name not in state.coders:
            skipped.append((key, "blind-assigned to other coders"))
        elif end > len(unit.text) or fingerprint(snippet) != mark:
            skipped.append((key, "the text changed since the review"))
        elif _within(start, end, _held(store, viewer, key, code, book)):
            skipped.append((key, f"{viewer.name} already holds this code of {book} on these words"))
        else:
            event = events.add_code(
                store, coder=viewer.name, unit_key=key, start=start, end=end, code=code,
                edition=unit.edition, level="unit", codebook=book,
            )  # fmt: skip
            added.append(event.id)
    return BulkResult(added, skipped)
