"""The web side of coding: every write goes through :mod:`normtrace.coding.human.events`.

This module decides what a signed-in user may see (blind assignments) and turns
state conflicts into :class:`ConflictError` (HTTP 409) so that a coder learns
that a write was refused instead of losing it silently:

* coding a span the coder already holds with that code;
* coding with a stale copy of the unit text (the snippet the browser saw differs);
* removing a coding that is no longer current (removed in another tab).
"""

from __future__ import annotations

from normtrace.coding.dictionary.candidates import Candidate, decidable, units_candidates
from normtrace.coding.exchange.placed_memos import GONE, MOVED, UNIT, placed_memos
from normtrace.coding.exchange.placed_memos import document_memos as dated_document_memos
from normtrace.coding.human import anchors, events
from normtrace.coding.human.books import book_of, coding_names
from normtrace.coding.human.codable import codable_books, whose
from normtrace.coding.human.reviews import done_for, narrowed_on, scoped_on
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store
from normtrace.web import queries
from normtrace.web.auth import User
from normtrace.web.deps import ConflictError, ForbiddenError
from normtrace.web.schemas import CodingOut, DocumentMemos, MemoOut, OlderMark, UnitOut
from normtrace.web.suggestions import candidates, kept_accepts
from normtrace.web.teams import Visibility, document_visibility, visibilities, visibility

#: Coder name of adjudicated codings; ``:`` never occurs in account names.
ADJUDICATION_PREFIX = events.ADJUDICATION_PREFIX
#: the longest quotation of coded words shown in a label (memo targets, messages)
QUOTE = 60


def adjudicator_name(user: User) -> str:
    """The coder name under which ``user``'s adjudicated final codings are recorded."""
    return ADJUDICATION_PREFIX + user.name


def yours(user: User) -> tuple[str, ...]:
    """The coder names whose reviews ``user`` settles: their own, and their adjudications'."""
    return (user.name, adjudicator_name(user))


def code_labels(store: Store) -> dict[str, str]:
    """Every registered code's name by id (a current codebook version's name wins, then the
    latest registered one's)."""
    rows = store.conn.execute(
        "SELECT c.code, c.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "ORDER BY b.id IN (SELECT id FROM current_codebooks), b.id"
    )
    return {r[0]: r[1] or r[0] for r in rows}


def code_label(store: Store, code: str) -> str:
    """One code's name (as :func:`code_labels` gives it), or ``code`` if none is registered:
    one row, not every code (a write asks it inside the write lock)."""
    row = store.conn.execute(
        "SELECT c.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id WHERE c.code = ? "
        "ORDER BY b.id IN (SELECT id FROM current_codebooks) DESC, b.id DESC LIMIT 1",
        (code,),
    ).fetchone()
    return str(row[0] or code) if row is not None else code


def coding_name(store: Store, code: str, version: str | None) -> str:
    """A coding's code for people: its name, and, for a code id two or more codebooks hold
    as a codable code, the codebook of ``version`` (the coding's: "Protection of civilians of
    mini"), or "of every codebook" for a coding that records none (migration 0022); many at
    once: :func:`~normtrace.coding.human.books.coding_names`."""
    return coding_names(store, [(code, version)])[(code, version)]


def quote(text: str, limit: int = QUOTE) -> str:
    """``text`` in quotation marks for people, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _shows(state: Visibility, viewer: User, coder: str, adjudicated: bool = False) -> bool:
    """Whether ``viewer`` sees a coder's work; ``adjudicated``: a recorded final coding."""
    return adjudicated or state.shows(viewer, coder)


def _final_events(store: Store, unit_key: str) -> set[int]:
    """Final codings of recorded adjudications (the only real ones), and their re-anchorings."""
    rows = store.conn.execute(
        "WITH RECURSIVE f(id) AS (SELECT final_event_id FROM adjudications "
        "WHERE unit_key = ? AND final_event_id IS NOT NULL UNION "
        "SELECT e.id FROM coding_events e JOIN f ON e.reanchors = f.id WHERE e.action = 'code') "
        "SELECT id FROM f",
        (unit_key,),
    )
    return {int(r[0]) for r in rows}


def visible_codings(
    store: Store,
    viewer: User,
    unit_key: str,
    text: str | None = None,
    state: Visibility | None = None,
    names: dict[str, str] | None = None,
    books: dict[str, dict[str, str]] | None = None,
) -> list[CodingOut]:
    """Current human codings of a unit that ``viewer`` may see.

    With ``text`` (the unit text of the edition shown), only codings whose snippet
    is at its offsets in that text: a coding made on the other edition of a
    meeting, or before a new version moved the words, is never shown on other words.
    ``state``: the unit's blindness, when the caller has it already; ``names``: code
    names by id (:func:`code_labels`), and ``books`` (:func:`codebook_codes`), when the
    caller has them already. A coding is named as its codebook names its code (two codebooks
    sharing a code id may name it apart), else as :func:`code_labels` does.
    """
    state = state or visibility(store, unit_key)
    names = code_labels(store) if names is None else names
    books = codebook_codes(store) if books is None else books
    finals = _final_events(store, unit_key)
    return [
        CodingOut(
            id=h.event_id,
            code=h.code,
            name=books.get(h.codebook or "", {}).get(h.code) or names.get(h.code, h.code),
            start=h.start,
            end=h.end,
            snippet=h.snippet,
            coder=h.coder,
            memo=h.memo,
            origin="adjudicated" if h.event_id in finals else "human",
            codebook=h.codebook,
        )
        for h in events.human_codings(store, unit_key=unit_key)
        if _shows(state, viewer, h.coder, h.event_id in finals)
        and (text is None or text[h.start : h.end] == h.snippet)
    ]


def visible_memos(
    store: Store,
    viewer: User,
    unit_key: str,
    state: Visibility | None = None,
    names: dict[str, str] | None = None,
) -> list[MemoOut]:
    """Memos listed with a unit (on it, its spans and its codings) that ``viewer`` may see,
    oldest first, each dated when it was made: the library's rule
    (:func:`~normtrace.coding.exchange.placed_memos.placed_memos`, which ``code list``'s
    rule of a coding's memos decides), so a coding's memos are listed where it stands.

    The target names what the memo is on for people: the unit, or the quoted words it was
    written on and the code's name, with the codebook of the coding it is on for a code id
    two codebooks hold (:func:`coding_name`); and where those words left its place, that
    they did (never the words now at its old offsets); never offsets.
    """
    state = state or visibility(store, unit_key)
    names = code_labels(store) if names is None else names
    # an undone memo is gone from the page (the log keeps it): the library lists effective ones
    memos = [m for m in placed_memos(store, unit_key) if _shows(state, viewer, m.coder)]
    # the codes the memos are on, named together (not a look-up or three per memo)
    coded = coding_names(store, [(m.code, m.codebook_version) for m in memos if m.code], names)
    out = []
    for m in memos:
        target = "unit" if m.where == UNIT else quote(m.words) if m.words else "a passage"
        if m.code:
            target += f" · {coded[(m.code, m.codebook_version)]}"
        if m.where == MOVED:
            target += f" (words since moved with the coding to {m.moved_to})"
        elif m.where == GONE:
            target += " (words no longer at this place)"
        out.append(MemoOut(id=m.event_id, author=m.coder, text=m.memo, target=target,
                           created_at=m.at))  # fmt: skip
    return out


def codebook_names(store: Store) -> list[str]:
    """The project's codebooks by name (the unit view's "done" buttons)."""
    return [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM codebooks ORDER BY 1")]


def codebook_codes(store: Store) -> dict[str, dict[str, str]]:
    """Each codebook (by name) with the codable codes of its latest version (id → name, by
    name as the coding bar lists them): the unit view's "done" buttons and "done for these
    codes"."""
    out: dict[str, dict[str, str]] = {name: {} for name in codebook_names(store)}
    rows = store.conn.execute(
        "SELECT b.name, c.code, c.name FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.codable = 1 AND b.id IN (SELECT id FROM current_codebooks) "
        "ORDER BY b.name, coalesce(c.name, c.code) COLLATE NOCASE, c.code"  # as the coding bar
    )
    for book, code, name in rows:
        out[str(book)][str(code)] = str(name or code)
    return out


def with_codings(
    store: Store,
    viewer: User,
    unit: UnitOut,
    names: dict[str, str] | None = None,
    books: dict[str, dict[str, str]] | None = None,
    state: Visibility | None = None,
    found: list[Candidate] | None = None,
) -> UnitOut:
    """``unit`` with the codings, candidates and memos ``viewer`` may see.

    ``names``: code names by id (:func:`code_labels`), and ``books``
    (:func:`codebook_codes`), when the caller has them already (a document's units);
    ``state`` (the unit's blindness) and ``found`` (its candidates as ``viewer`` reads
    them) too: :func:`units_with_codings` reads them for a page of units at once.
    """
    state = visibility(store, unit.key) if state is None else state
    names = code_labels(store) if names is None else names
    books = codebook_codes(store) if books is None else books
    waiting = anchors.open_reviews(store, unit_key=unit.key)
    return unit.model_copy(
        update={
            "blind": state.blind and not state.revealed,
            "assigned": viewer.name in state.coders,
            "codings": visible_codings(store, viewer, unit.key, unit.text, state, names, books),
            "candidates": candidates(store, viewer, unit.key, unit.text, names, state, books, found)
            if state.shows_machine(viewer)
            else [],
            "kept": kept_accepts(store, viewer, unit.key, unit.text, names, state, books),
            "memos": visible_memos(store, viewer, unit.key, state, names),
            "review": sum(state.shows(viewer, r.coder) for r in waiting),
            "review_yours": sum(r.coder in yours(viewer) for r in waiting),
            "codebooks": list(books),
            "done": done_for(store, viewer.name, unit.key, list(books)),
            "codebook_codes": books,
            "done_some": scoped_on(store, viewer.name, unit.key),
            "done_older": {
                book: OlderMark(
                    version=mark.codebook_version,
                    codes=len(mark.within or ()),
                    missing=list(missing),
                )
                for book, (mark, missing) in narrowed_on(store, viewer.name, unit.key).items()
            },
        }
    )


def units_with_codings(
    store: Store,
    viewer: User,
    units: list[UnitOut],
    names: dict[str, str] | None = None,
    books: dict[str, dict[str, str]] | None = None,
) -> list[UnitOut]:
    """:func:`with_codings` of each of ``units`` (a document page), their blindness and
    dictionary candidates read for all of them at once
    (:func:`~normtrace.coding.dictionary.candidates.units_candidates`: one query per page,
    not one per unit; a unit's candidates are the same as :func:`with_codings` alone reads)."""
    names = code_labels(store) if names is None else names
    books = codebook_codes(store) if books is None else books
    states = visibilities(store, [u.key for u in units])
    shown = [key for key, state in states.items() if state.shows_machine(viewer)]
    found = units_candidates(
        store, shown, coder=viewer.name, others=lambda key: states[key].shows_everyone(viewer)
    )
    return [
        with_codings(store, viewer, u, names, books, states[u.key], found.get(u.key, []))
        for u in units
    ]


def shared_code_books(store: Store) -> dict[str, list[str]]:
    """Each codable code id two or more codebooks' current versions hold → those codebooks,
    the first registered first (:func:`~normtrace.coding.human.codable.codable_books`): the
    coding bar lists such a code under each, so that a coding says whose it is."""
    return {code: books for code, books in codable_books(store).items() if len(books) > 1}


#: how many recently used codes the keys 1–9 reach
RECENT_CODES = 9


def recent_codes(store: Store, user: User) -> list[str]:
    """The codes ``user`` used last (their codings and accepts of candidates, not taken back),
    the latest first, at most :data:`RECENT_CODES`, each that the coding bar still offers: a
    code id two codebooks share as ``code``, U+001F, ``codebook``, as the bar tells them apart
    (:func:`shared_code_books`). The account's own history, so the keys 1–9 are the same on
    any machine and browser."""
    rows = store.conn.execute(
        "SELECT e.code, (SELECT b.name FROM codebooks b WHERE b.version = e.codebook_version) "
        "AS book, e.codebook, max(e.id) AS last FROM effective_coding_events e "
        "WHERE e.coder = ? AND (e.action = 'code' OR (e.action = 'verdict' AND "
        # an ingest's event for the coder (a coding or verdict carried with its words) is
        # no use of a code by the coder
        "e.verdict = 'accept')) AND NOT (e.run_id IS NOT NULL AND e.reanchors IS NOT NULL) "
        "GROUP BY 1, 2, 3 ORDER BY last DESC LIMIT 200",
        (user.name,),
    )
    offered, shared = set(code_names(store)), shared_code_books(store)
    out: list[str] = []
    for r in rows:
        code, book = str(r["code"]), r["codebook"] or r["book"]
        if code not in offered:
            continue
        entry = f"{code}\u001f{book}" if code in shared and book in shared[code] else code
        if code in shared and entry == code:
            entry = f"{code}\u001f{shared[code][0]}"  # no codebook recorded: the first's
        if entry not in out:
            out.append(entry)
        if len(out) == RECENT_CODES:
            break
    return out


def last_hand_code(store: Store, user: User) -> str | None:
    """The code of ``user``'s latest coding not made by accepting a suggestion and not taken
    back (the coding bar, code all hits, ``code add``), as :func:`recent_codes` writes it,
    while the coding bar still offers it: the code the key `a` applies again. An accept's
    coding is a verdict on the machine's code, never the coder's choice of one."""
    offered, shared = set(code_names(store)), shared_code_books(store)
    rows = store.conn.execute(
        "SELECT e.code, (SELECT b.name FROM codebooks b WHERE b.version = e.codebook_version) "
        "AS book, e.codebook FROM effective_coding_events e WHERE e.coder = ? AND "
        "e.action = 'code' AND (e.memo IS NULL OR substr(e.memo, 1, ?) != ?) AND NOT "
        "(e.run_id IS NOT NULL AND e.reanchors IS NOT NULL) ORDER BY e.id DESC",
        (user.name, len(events.CODED_WITH_ACCEPT), events.CODED_WITH_ACCEPT),
    )
    for r in rows:  # read row by row: the first still offered ends the query
        code, book = str(r["code"]), r["codebook"] or r["book"]
        if code not in offered:
            continue
        if code in shared:
            return f"{code}\u001f{book if book in shared[code] else shared[code][0]}"
        return code
    return None


def code_names(store: Store) -> list[str]:
    """Codable codes of the latest version of every registered codebook, by name."""
    rows = store.conn.execute(
        "SELECT c.code, max(c.name) AS name FROM codes c WHERE c.codable = 1 AND c.codebook_id "
        "IN (SELECT id FROM current_codebooks) GROUP BY c.code "
        "ORDER BY coalesce(name, c.code) COLLATE NOCASE, c.code"
    )
    return [r[0] for r in rows]


def apply_code(
    store: Store,
    user: User,
    *,
    unit_key: str,
    code: str,
    start: int,
    end: int,
    snippet: str | None = None,
    memo: str | None = None,
    edition: str | None = None,
    codebook: str | None = None,
) -> CodingOut:
    """Record ``user``'s coding of a span (call inside a write).

    ``edition``: the edition whose text the user selected in (default: the record);
    ``codebook``: whose ``code`` it is, needed when two codebooks hold a code of that id (as
    ``code add --codebook``).
    """
    book = whose(
        store, code, codebook, ask="choose it under one of them in the list; nothing was coded"
    )
    held = events.human_codings(store, coder=user.name, unit_key=unit_key, code=code)
    # as its codebook names it (a codebook keeping the id retired may name it apart)
    name = codebook_codes(store).get(book or "", {}).get(code) or code_label(store, code)
    for h in held:  # one coding per span, code id and codebook (migration 0022)
        if (h.start, h.end) == (start, end) and h.of_book(book):
            raise ConflictError(
                f"{user.name} already holds the code {name} on {quote(h.snippet)} in {unit_key}"
            )
    event = events.add_code(
        store,
        coder=user.name,
        unit_key=unit_key,
        start=start,
        end=end,
        code=code,
        memo=memo,
        edition=edition,
        codebook=codebook,
        level="unit",  # a span of the unit the coder reads
    )
    # Raising inside the write transaction rolls the event back: nothing half-written.
    if snippet is not None and event.snippet != snippet:
        raise ConflictError(
            f"the text of {unit_key} changed since the page was loaded; reload and code again"
        )
    return CodingOut(
        id=event.id,
        code=code,
        name=name,
        start=start,
        end=end,
        snippet=event.snippet or "",
        coder=user.name,
        memo=memo,
    )


def remove_coding(store: Store, user: User, coding_id: int) -> int:
    """Remove one of ``user``'s current codings by its event id; returns the uncode event id."""
    try:
        event = events.get_event(store, coding_id)
    except NotFoundError as exc:
        raise NotFoundError("coding", str(coding_id)) from exc
    if event.action != "code" or event.unit_key is None:
        raise NotFoundError("coding", str(coding_id))
    if event.coder != user.name:
        state = visibility(store, event.unit_key)
        if not _shows(state, user, event.coder, event.id in _final_events(store, event.unit_key)):
            raise NotFoundError("coding", str(coding_id))
        raise ForbiddenError(f"only {event.coder} can remove their own coding")
    current = {h.event_id for h in events.human_codings(store, coder=user.name)}
    if coding_id not in current:
        name = code_label(store, event.code or "")
        raise ConflictError(
            f"your coding {name} on {quote(event.snippet or '')} in {event.unit_key} "
            "was already removed; reload the page"
        )
    if event.start is None or event.end is None or event.code is None:
        raise NotFoundError("coding", str(coding_id))
    removed = events.remove_code(
        store,
        coder=user.name,
        unit_key=event.unit_key,
        start=event.start,
        end=event.end,
        code=event.code,
        codebook=book_of(store, event.codebook_version),  # this coding, not another book's
    )
    return removed.id


def add_memo(
    store: Store,
    user: User,
    *,
    unit_key: str,
    text: str,
    start: int | None = None,
    end: int | None = None,
    code: str | None = None,
    codebook: str | None = None,
) -> MemoOut:
    """Attach ``user``'s memo to a unit, a span or a code on a span (call inside a write).

    ``codebook``: whose ``code`` (the coding's codebook, as the unit view's memo on a coding
    sends it); needed when two codebooks hold the code id, unless a coding of the span that
    records no codebook (it stands for every codebook) is there: the memo then is on it."""
    body = text.strip()
    if not body:
        raise CodingError("a memo needs some text")
    if code and not codebook:
        _memo_on_every_book(store, unit_key, start, end, code)
    e = events.add_memo(store, coder=user.name, unit_key=unit_key, memo=body, start=start,
                        end=end, code=code, codebook=codebook)  # fmt: skip
    return MemoOut(id=e.id, author=e.coder, text=body, target="unit", created_at=e.at)


def _memo_on_every_book(
    store: Store, unit_key: str, start: int | None, end: int | None, code: str
) -> None:
    """Let a memo about ``code`` name no codebook (it is then on the code of every codebook)
    when at most one codebook holds the code, or when a coding of the span recording no
    codebook is there; refuse it when two hold it as a codable code (whose coding the memo is
    on is the writer's to say: :func:`~normtrace.coding.human.codable.whose`, as the coding
    bar)."""
    if start is not None and any(
        (h.start, h.end) == (start, end) and h.codebook is None
        for h in events.human_codings(store, unit_key=unit_key, code=code)
    ):
        return
    whose(store, code, ask="say whose coding the memo is on (codebook=NAME); no memo was written")


def document_memos(store: Store, viewer: User, document_id: int) -> DocumentMemos:
    """The memos on a whole document that ``viewer`` may see (blind rule of the document)."""
    summary, _ = queries.get_document(store, document_id)
    state = document_visibility(store, summary.symbol)
    # each dated when it was made (a time an import stated), oldest first, as a unit's memos
    memos = [_document_memo(m.event_id, m.coder, m.memo, m.at)
             for m in dated_document_memos(store, summary.symbol)
             if _shows(state, viewer, m.coder)]  # fmt: skip
    return DocumentMemos(document=summary, memos_blind=state.blind, memos=memos)


def add_document_memo(store: Store, user: User, *, document_id: int, text: str) -> MemoOut:
    """Attach ``user``'s memo to a whole document (call inside a write)."""
    summary, _ = queries.get_document(store, document_id)
    e = events.add_document_memo(store, coder=user.name, document=summary.symbol, memo=text)
    return _document_memo(e.id, e.coder, e.memo or "", e.at)


def _document_memo(event_id: int, coder: str, text: str, made: str) -> MemoOut:
    return MemoOut(id=event_id, author=coder, text=text, target="document", created_at=made)


def decide_candidate(store: Store, user: User, candidate_id: int, *, accept: bool) -> str:
    """Accept (the span becomes ``user``'s coding too) or reject an auto-coded candidate of
    the current run, or an accepted one the current run no longer proposes (a reject takes
    the accept and the coding back: :func:`events.record_verdict`, as `normtrace code
    verdict`); returns the candidate's unit key. The accept's coding is written right after
    the verdict, so an undo takes both back (:func:`normtrace.coding.human.undo.partner`)."""
    row = store.conn.execute(
        'SELECT a.unit_key, a.code, a.start, a."end", b.name AS codebook FROM auto_codings a '
        "JOIN codebooks b ON b.id = a.codebook_id WHERE a.id = ?",
        (candidate_id,),
    ).fetchone()
    if row is None or not decidable(store, candidate_id):
        raise NotFoundError("candidate", str(candidate_id), hint="it may come from an older run")
    with store.transaction():
        events.record_verdict(store, coder=user.name, auto_coding_id=candidate_id,
                              verdict="accept" if accept else "reject")  # fmt: skip
        held = events.human_codings(store, coder=user.name, unit_key=row["unit_key"])
        mine = any((h.code, h.start, h.end) == (row["code"], row["start"], row["end"])
                   and h.of_book(row["codebook"]) for h in held)  # fmt: skip
        if accept and not mine:
            events.add_code(store, coder=user.name, unit_key=row["unit_key"],
                            start=row["start"], end=row["end"], code=row["code"],
                            memo=f"{events.CODED_WITH_ACCEPT} {candidate_id}",
                            codebook=row["codebook"], level="unit")  # fmt: skip
    return str(row["unit_key"])
