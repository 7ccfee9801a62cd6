"""Human coding as append-only events: code, uncode, memo, verdict, undo.

A memo is about a unit (or a span of it) or, with :func:`add_document_memo`,
about a whole document: then the event names the ``document`` and no unit.

Nothing is updated or deleted (the table refuses it); the current state is
derived by the views ``human_codings`` and ``current_verdicts``. Undo is an
event that cancels one earlier event; an undo itself cannot be undone (add the
coding again instead), so the history always reads forward.

>>> from normtrace.store.db import Store
>>> store = Store.open(":memory:")
>>> human_codings(store)
[]
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from normtrace.coding.dictionary.apply import text_sha256
from normtrace.coding.dictionary.candidates import candidate_ref
from normtrace.coding.human.books import book_of, code_version
from normtrace.coding.human.codable import check_applicable
from normtrace.coding.placed import ACCEPTED_SPANS, placed_sql
from normtrace.errors import CodingError, NotFoundError
from normtrace.store.db import Store, utc_now
from normtrace.store.queries import current_symbol

ACTIONS = ("code", "uncode", "memo", "verdict", "undo")
#: Coder name prefix of adjudicated codings; ``:`` never occurs in account names.
ADJUDICATION_PREFIX = "adjudication:"
VERDICTS = ("accept", "reject")


@dataclass(frozen=True)
class CodingEvent:
    """One row of the append-only event log."""

    id: int
    at: str
    coder: str
    action: str
    unit_key: str | None = None
    start: int | None = None
    end: int | None = None
    snippet: str | None = None
    code: str | None = None
    memo: str | None = None
    verdict: str | None = None
    auto_coding_id: int | None = None
    target_event: int | None = None
    codebook_version: str | None = None
    document: str | None = None
    codebook: str | None = None
    edition: str | None = None
    reanchors: int | None = None


@dataclass(frozen=True)
class HumanCoding:
    """A code a coder currently holds on a span (derived from the events)."""

    event_id: int
    at: str
    coder: str
    unit_key: str
    start: int
    end: int
    snippet: str
    code: str
    memo: str | None
    codebook_version: str | None
    edition: str | None = None
    #: the codebook of ``codebook_version`` (``None``: no version recorded, made before
    #: versions were: such a coding stands for every codebook holding its code)
    codebook: str | None = None

    def of_book(self, codebook: str | None) -> bool:
        """Whether this coding is work for ``codebook`` (one it stands for: its own, or any
        when it records no codebook); ``None`` asks for a coding that records none."""
        return self.codebook is None or self.codebook == codebook


_EVENT_COLUMNS = (
    'id, at, coder, action, unit_key, start, "end", snippet, code, memo, verdict, '
    "auto_coding_id, target_event, codebook_version, document, codebook, edition, reanchors"
)


def add_code(
    store: Store,
    *,
    coder: str,
    unit_key: str,
    start: int,
    end: int,
    code: str,
    memo: str | None = None,
    edition: str | None = None,
    reanchors: int | None = None,
    run_id: int | None = None,
    restored: bool = False,
    codebook: str | None = None,
    level: str | None = None,
) -> CodingEvent:
    """Code ``unit_key[start:end]`` (code points) with ``code``; ``level``: the coding level it
    was made at, when the writer knows it (``paragraph``: a whole paragraph, placed on its
    opening unit; migration 0017, :mod:`~normtrace.coding.human.whole`).

    The code must belong to a registered codebook; the event records the latest
    registered version of ``codebook`` that has it (without ``codebook``, of the codebook
    :mod:`~normtrace.coding.human.books` says: an id two codebooks share is the first
    registered one's; a caller whose coder must say whose code it is calls
    :func:`~normtrace.coding.human.codable.whose` first, as the workbench and ``code add``
    do), and the edition whose text was coded (``edition``; needed when the record and corpus
    editions share the key).
    Coder names starting ``adjudication:`` are refused: adjudicated codings are
    made only by :func:`normtrace.web.adjudication.adjudicate` (through
    :func:`add_adjudicated_code`). A coder cannot hold the same code twice on the
    same span: that would count twice in agreement and frequencies. ``restored``: the
    coding is read back from normtrace's own export of a project (.qdpx), so it keeps its
    code where no current version lets a coder apply it any more (retired, or a grouping
    code coded before such codings were refused).

    Raises:
        CodingError: the span is outside the unit, the code is unknown or not codable (a
            grouping or retired code: :func:`normtrace.coding.human.codable.check_applicable`),
            the coder name is reserved, or ``coder`` already holds ``code`` on this span.
    """
    return _add_code(store, coder=coder, unit_key=unit_key, start=start, end=end, code=code,
                     memo=memo, edition=edition, reanchors=reanchors, run_id=run_id,
                     restored=restored, codebook=codebook, level=level)  # fmt: skip


def add_adjudicated_code(
    store: Store, *, adjudicator: str, unit_key: str, start: int, end: int, code: str,
    memo: str | None = None, edition: str | None = None, codebook: str | None = None,
) -> CodingEvent:  # fmt: skip
    """The final coding of an adjudication, recorded as ``adjudication:<adjudicator>``, for
    ``codebook`` (the codebook the adjudication decides; else as :func:`add_code` picks).

    Only the adjudication flow calls this (it checks the adjudicator's role first).
    """
    check_coder_name(adjudicator)
    return _add_code(store, coder=ADJUDICATION_PREFIX + adjudicator.strip(), unit_key=unit_key,
                     start=start, end=end, code=code, memo=memo, edition=edition,
                     trusted=True, codebook=codebook)  # fmt: skip


def check_coder_name(coder: str) -> None:
    """Refuse coder names that would pass for an adjudication (``adjudication:...``)."""
    if coder.strip().lower().startswith(ADJUDICATION_PREFIX):
        raise CodingError(
            f"coder name {coder!r} is reserved: adjudicated codings are recorded only by "
            "the adjudication flow (web app, admin role)"
        )


def _add_code(
    store: Store,
    *,
    coder: str,
    unit_key: str,
    start: int,
    end: int,
    code: str,
    memo: str | None = None,
    edition: str | None = None,
    reanchors: int | None = None,
    run_id: int | None = None,
    trusted: bool = False,
    restored: bool = False,
    codebook: str | None = None,
    level: str | None = None,
) -> CodingEvent:
    """:func:`add_code`; ``trusted`` callers (adjudication, re-anchoring) may use any coder name."""
    edition, text = unit_edition_text(store, unit_key, edition)
    _check_span(unit_key, text, start, end)
    version = code_version(store, code, codebook)
    if not (trusted or restored):  # a moved, adjudicated or restored coding keeps its code
        check_applicable(store, code, unit_key, codebook)
    # the same coding twice would count twice; a coding is one per coder, span, code id and
    # codebook (migration 0022: an id two codebooks share is coded for each apart); one that
    # records no codebook stands for every codebook, so it is this one's too
    book = book_of(store, version)
    held = human_codings(store, coder=coder.strip(), unit_key=unit_key, code=code)
    same = [h for h in held if (h.start, h.end) == (start, end) and h.of_book(book)]
    if same:
        whose = (
            f"of {same[0].codebook}"
            if same[0].codebook is not None
            else "recorded under no codebook version (it stands for every codebook)"
        )
        raise CodingError(
            f"{coder.strip()} already holds {code!r} {whose} on {unit_key} [{start}:{end}]; "
            "nothing recorded (remove it first to record it again)"
        )
    return _append(
        store,
        coder=coder,
        action="code",
        unit_key=unit_key,
        start=start,
        end=end,
        snippet=text[start:end],
        text_sha256=text_sha256(text),
        code=code,
        memo=memo,
        codebook_version=version,
        edition=edition,
        reanchors=reanchors,
        run_id=run_id,
        trusted=trusted,
        **({} if level is None else {"level": level}),
    )


def remove_code(
    store: Store,
    *,
    coder: str,
    unit_key: str,
    start: int,
    end: int,
    code: str,
    memo: str | None = None,
    adjudicated: bool = False,
    codebook: str | None = None,
) -> CodingEvent:
    """Record that ``coder`` removes their coding ``code`` on this span.

    ``codebook``: whose coding it is, when the coder holds ``code`` on the span for two
    codebooks sharing the id (a coding that records no codebook is every codebook's: it is
    the one removed). ``adjudicated``: the adjudication flow withdraws a superseded final
    coding (coder ``adjudication:<name>``); other callers cannot use that name.

    Raises:
        CodingError: the coder holds no such coding, or holds it for several codebooks and
            ``codebook`` names none of them.
    """
    current = human_codings(store, coder=coder, unit_key=unit_key, code=code)
    match = [h for h in current if (h.start, h.end) == (start, end)
             and (codebook is None or h.of_book(codebook))]  # fmt: skip
    if len({h.codebook for h in match}) > 1:
        books = ", ".join(sorted(str(h.codebook) for h in match))
        raise CodingError(
            f"{coder.strip()} holds {code!r} on {unit_key} [{start}:{end}] for codebooks "
            f"{books}: say whose coding to remove (--codebook NAME); nothing recorded"
        )
    if not match:
        held = ", ".join(f"{h.start}-{h.end}" for h in current) or "none"
        accepted = store.conn.execute(
            f"SELECT auto_coding_id FROM ({ACCEPTED_SPANS}) WHERE coder = ? AND unit_key = ? "
            'AND code = ? AND start = ? AND "end" = ?',
            (coder.strip(), unit_key, code, start, end),
        ).fetchone()
        ref = candidate_ref(accepted[0]) if accepted else ""
        hint = (f"; it is their accept of candidate {ref}: take it back with `normtrace code "
                f"verdict {ref} reject --coder {coder.strip()}`") if accepted else ""  # fmt: skip
        of = f" of {codebook}" if codebook is not None else ""
        raise CodingError(
            f"{coder} holds no coding {code!r}{of} on {unit_key} [{start}:{end}] "
            f"(their spans with that code: {held}){hint}"
        )
    return _append(
        store,
        coder=coder,
        action="uncode",
        unit_key=unit_key,
        start=start,
        end=end,
        snippet=match[0].snippet,
        text_sha256=_text_hash_or_none(store, unit_key, match[0].edition),
        code=code,
        memo=memo,
        codebook_version=match[0].codebook_version,
        edition=match[0].edition,
        trusted=adjudicated,
    )


def _text_hash_or_none(store: Store, unit_key: str, edition: str | None) -> str | None:
    """The hash of the unit's current text, or None when the unit is gone (a later version)."""
    try:
        return text_sha256(unit_edition_text(store, unit_key, edition)[1])
    except NotFoundError:
        return None


def add_memo(
    store: Store,
    *,
    coder: str,
    unit_key: str,
    memo: str,
    start: int | None = None,
    end: int | None = None,
    code: str | None = None,
    codebook: str | None = None,
) -> CodingEvent:
    """Attach a memo to a unit (or to a span of it, optionally about a code: of ``codebook``,
    whose version it records, when named; else about the code of every codebook)."""
    text = _unit_text(store, unit_key)
    snippet = None
    if start is not None or end is not None:
        if start is None or end is None:
            raise CodingError("a memo on a span needs both start and end")
        _check_span(unit_key, text, start, end)
        snippet = text[start:end]
    if codebook and not code:
        raise CodingError(f"a memo on {unit_key} names codebook {codebook!r} but no code: "
                          "name the code it is about, or no codebook")  # fmt: skip
    version = code_version(store, code, codebook) if code and codebook else None
    return _append(store, coder=coder, action="memo", unit_key=unit_key, start=start, end=end,
                   snippet=snippet, text_sha256=text_sha256(text), code=code, memo=memo,
                   codebook_version=version)  # fmt: skip


def add_document_memo(store: Store, *, coder: str, document: str, memo: str) -> CodingEvent:
    """Attach a memo to a whole document (an append-only ``memo`` event naming no unit).

    Args:
        store: The project.
        coder: Who writes the memo.
        document: The document's symbol, in any usual spelling (``S/RES/2098(2013)``).
        memo: The memo text; blank text is refused.

    Raises:
        NotFoundError: No current document has that symbol.
        CodingError: The memo or the coder name is blank.

    >>> store = Store.open(":memory:")
    >>> try:
    ...     add_document_memo(store, coder="ana", document="S/PV.8703", memo="first look")
    ... except NotFoundError as exc:
    ...     print(exc.kind, exc.key)
    document S/PV.8703
    """
    symbol = current_symbol(store, document)
    body = memo.strip()
    if not body:
        raise CodingError(f"a memo on {symbol} needs some text")
    return _append(store, coder=coder, action="memo", document=symbol, memo=body)


#: the memo of the ``uncode`` a reject writes when its coder had coded the candidate's code on
#: its span (followed by the candidate's id)
WITHDRAWN_BY_REJECTION = "withdrawn with the rejection of candidate"
#: the memo of the coding the workbench writes right after an accept (followed by the
#: candidate's id): the two are one action, undone together
CODED_WITH_ACCEPT = "coded with the acceptance of candidate"


def record_verdict(
    store: Store, *, coder: str, auto_coding_id: int, verdict: str, memo: str | None = None
) -> CodingEvent:
    """Accept or reject an auto-coded candidate span: the one way, for the command line and
    the workbench alike.

    The verdict holds for the candidate's identity (unit key, codebook, code,
    span, snippet), so later runs of the codebook that find the same span keep it. An accept
    counts as the coder's coding of the span (:data:`~normtrace.coding.placed.ACCEPTED_SPANS`;
    the workbench also writes the coding, :func:`normtrace.web.codings.decide_candidate`). A
    reject withdraws the coder's own coding of the same code on the same span, if any (an
    ``uncode`` event whose memo names the candidate, :data:`WITHDRAWN_BY_REJECTION`; an undo
    takes both back, :func:`normtrace.coding.human.undo.partner`), or the span would count as
    both present and absent for that coder.

    Raises:
        NotFoundError: no candidate has that id.
        CodingError: the verdict is unknown, or the candidate's words are no longer at its
            span in the current text (a new version of the document was ingested).
    """
    if verdict not in VERDICTS:
        raise CodingError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    row = store.conn.execute(
        'SELECT a.unit_key, a.start, a."end", a.snippet, a.text_sha256, a.code, '
        "a.codebook_version, a.run_id, a.edition, b.name AS codebook "
        "FROM auto_codings a JOIN codebooks b ON b.id = a.codebook_id WHERE a.id = ?",
        (auto_coding_id,),
    ).fetchone()
    ref = candidate_ref(auto_coding_id)  # as `code list` shows it
    if row is None:
        raise NotFoundError("candidate", ref, hint="see `normtrace code list`")
    placed = store.conn.execute(
        f"SELECT 1 FROM auto_codings a WHERE a.id = ? AND {placed_sql('a')}", (auto_coding_id,)
    ).fetchone()
    if placed is None:  # a new version of the text: the words are gone or moved
        raise CodingError(
            f"candidate {ref}'s words ({_short(str(row['snippet']))!r}) are no longer "
            f"at its place in the current text of {row['unit_key']}; run `normtrace code apply` "
            "to propose from the new text"
        )
    with store.transaction():
        event = _append(
            store,
            coder=coder,
            action="verdict",
            verdict=verdict,
            auto_coding_id=auto_coding_id,
            memo=memo,
            **row_dict(row),
        )
        span = (row["code"], row["start"], row["end"])
        held = human_codings(store, coder=coder, unit_key=row["unit_key"])
        # the coder's coding for the candidate's codebook (another codebook's coding of a
        # shared code id on the same words is not what this verdict judges)
        mine = any((h.code, h.start, h.end) == span and h.of_book(row["codebook"])
                   for h in held)  # fmt: skip
        where = {"unit_key": row["unit_key"], "start": row["start"], "end": row["end"],
                 "code": row["code"], "codebook": row["codebook"]}  # fmt: skip
        if verdict == "reject" and mine:
            remove_code(store, coder=coder, memo=f"{WITHDRAWN_BY_REJECTION} {auto_coding_id}",
                        **where)  # fmt: skip
    return event


def describe(
    event: CodingEvent,
    names: Mapping[str, str] | None = None,
    *,
    reader: str | None = None,
    event_id: bool = True,
) -> str:
    """The event in words, for messages: who did what, with which code, where and on what text.

    ``names``: code names by id; with them the code is named (for people), else quoted by id.
    ``reader``: who reads the message; their own event is "your …". ``event_id``: end with
    the event's row id (for the command line and logs; a person in the browser reads none).

    >>> describe(CodingEvent(7, "2026-01-01T00:00:00Z", "ana", "code", "S/PV.1/s001", 0, 5,
    ...     "Peace", "poc"))
    "ana's coding 'poc' on S/PV.1/s001 «Peace» (event 7)"
    >>> describe(CodingEvent(7, "2026-01-01T00:00:00Z", "ana", "code", "S/PV.1/s001", 0, 5,
    ...     "Peace", "poc"), {"poc": "Protection of civilians"})
    "ana's coding Protection of civilians on S/PV.1/s001 «Peace» (event 7)"
    >>> describe(CodingEvent(7, "2026-01-01T00:00:00Z", "ana", "code", "S/PV.1/s001", 0, 5,
    ...     "Peace", "poc"), {"poc": "Protection of civilians"}, reader="ana", event_id=False)
    'your coding Protection of civilians on S/PV.1/s001 «Peace»'
    """
    owner = "your" if reader is not None and reader == event.coder else f"{event.coder}'s"
    quote = f" «{_short(event.snippet)}»" if event.snippet else ""
    where = f" on {event.unit_key}" if event.unit_key else ""
    if event.document:
        where = f" on document {event.document}"
    code = repr(event.code) if names is None else names.get(event.code or "", repr(event.code))
    if event.action == "code":
        text = f"{owner} coding {code}{where}{quote}"
    elif event.action == "uncode":
        text = f"{owner} removal of {code}{where}{quote}"
    elif event.action == "memo":
        text = f"{owner} memo{where} «{_short(event.memo or '')}»"
    elif event.action == "verdict":
        verdict = _VERDICT_NOUNS.get(event.verdict or "", "verdict")
        # a verdict without a candidate judges a model suggestion (coding_events.suggestion_id)
        what = "candidate" if event.auto_coding_id is not None else "suggestion"
        text = f"{owner} {verdict} of {what} {code}{where}{quote}"
    else:
        text = f"{owner} undo of event {event.target_event}"
    return f"{text} (event {event.id})" if event_id else text


_VERDICT_NOUNS = {"accept": "acceptance", "reject": "rejection"}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def get_event(store: Store, event_id: int) -> CodingEvent:
    """One event by id."""
    row = store.conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM coding_events WHERE id = ?", (event_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError("coding event", str(event_id))
    return _event(row)


def list_events(
    store: Store, *, coder: str | None = None, unit_key: str | None = None
) -> list[CodingEvent]:
    """The event log (oldest first), optionally for one coder and/or unit."""
    sql, params = _where(f"SELECT {_EVENT_COLUMNS} FROM coding_events", coder, unit_key, None)
    return [_event(r) for r in store.conn.execute(sql + " ORDER BY id", params)]


def human_codings(
    store: Store,
    *,
    coder: str | None = None,
    unit_key: str | None = None,
    code: str | None = None,
) -> list[HumanCoding]:
    """Current human codings (derived from the events), in event order."""
    sql, params = _where(
        'SELECT event_id, at, coder, unit_key, start, "end", snippet, code, memo, '
        "codebook_version, edition, codebook FROM human_codings",
        coder,
        unit_key,
        code,
    )
    rows = store.conn.execute(sql + " ORDER BY event_id", params)
    return [HumanCoding(**row_dict(r)) for r in rows]


def _where(
    sql: str, coder: str | None, unit_key: str | None, code: str | None
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column, value in (("coder", coder), ("unit_key", unit_key), ("code", code)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return (sql + (" WHERE " + " AND ".join(clauses) if clauses else ""), params)


def append_event(
    store: Store, *, coder: str, action: str, trusted: bool = False, **values: Any
) -> CodingEvent:
    """Append one event with these column values (for modules that add event kinds).

    ``trusted``: the caller copies the coder of an existing event (re-anchoring),
    so a reserved ``adjudication:`` name is allowed.
    """
    return _append(store, coder=coder, action=action, trusted=trusted, **values)


def _append(
    store: Store, *, coder: str, action: str, trusted: bool = False, **values: Any
) -> CodingEvent:
    if not coder or not coder.strip():
        raise CodingError("a coder name is required (use --coder or $NORMTRACE_CODER)")
    if not trusted:
        check_coder_name(coder)
    values = {"coder": coder.strip(), "action": action, "at": utc_now(precise=True), **values}
    columns = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join("?" for _ in values)
    with store.transaction() as conn:
        cur = conn.execute(
            f"INSERT INTO coding_events ({columns}) VALUES ({marks})", list(values.values())
        )
    return get_event(store, int(cur.lastrowid or 0))


def row_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a dict (iterating a ``sqlite3.Row`` yields values, hence ``keys()``)."""
    return dict(zip(row.keys(), tuple(row), strict=True))


def _event(row: sqlite3.Row) -> CodingEvent:
    return CodingEvent(**row_dict(row))


def _unit_text(store: Store, unit_key: str) -> str:
    return unit_edition_text(store, unit_key)[1]


def unit_edition_text(store: Store, unit_key: str, edition: str | None = None) -> tuple[str, str]:
    """``(edition, text)`` of the current unit ``unit_key`` (in ``edition`` if given).

    When the record and corpus editions of a meeting share the key and no edition
    is named, the record edition is taken.
    """
    rows = store.conn.execute(
        "SELECT edition, text FROM units WHERE key = ? ORDER BY edition = 'record' DESC, edition",
        (unit_key,),
    ).fetchall()
    if not rows:
        raise NotFoundError("unit", unit_key, hint="list units with `normtrace show SYMBOL`")
    if edition is not None:
        rows = [r for r in rows if r["edition"] == edition]
        if not rows:
            raise NotFoundError("unit", f"{unit_key} ({edition} edition)",
                                hint="the unit exists in another edition")  # fmt: skip
    return str(rows[0]["edition"]), str(rows[0]["text"])


def _check_span(unit_key: str, text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise CodingError(
            f"span [{start}:{end}] is not inside {unit_key} (its text has {len(text)} "
            "code points; start must be < end)"
        )
