"""Read the inputs of a case report from the project store.

Thin wrappers: SQL here, arithmetic in :mod:`normtrace.trace.indicators`. A case
is a :class:`CaseWindow` (a date window, terms that name it, optional explicit
symbols and its key resolution). *Case documents* are the current documents dated
inside the window that are listed explicitly, or whose meeting (the adoption meeting
of a resolution, the meeting of a record) has a topic in the UN Library index that
names a case term, or whose title names a case term, or at least
:data:`MENTION_SHARE` of whose units of running text mention one (a plain ``LIKE`` match;
:mod:`normtrace.parse.running`: headings, maps, tables and notes are not counted). A
resolution on a neighbouring situation that names the country in passing is thus not
a case document, while one adopted under a thematic item ("Peace and security in
Africa") but about the case is.

:func:`document_coverage` counts the case documents per type and names the kinds
process tracing needs but the project lacks, with the commands that add them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from normtrace.actors.links import agenda_prefilter
from normtrace.coding.counts import codes_under
from normtrace.errors import TraceError
from normtrace.parse.running import running_sql
from normtrace.store.db import Store
from normtrace.store.held import HELD_SQL, held_documents
from normtrace.store.topics import meeting_topic
from normtrace.trace.books import CodingScope, coding_scope
from normtrace.trace.indicators import TextUnit
from normtrace.trace.ledger import EvidenceItem, Ledger, UnitRef

#: Kinds of documents a case needs, which doc types satisfy each, why, and how to add them
#: (``{meetings}`` is filled with the case's meetings that have no record).
NEEDED_KINDS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "resolutions",
        ("resolution",),
        "the mandates whose language is traced",
        "normtrace fetch 'S/RES/NNNN (YYYY)', then normtrace ingest downloads",
    ),
    (
        "meeting records of the case meetings",
        ("verbatim", "corpus_meeting"),
        "who said what first, and how states reacted to Secretariat briefings",
        "normtrace fetch {meetings}, then normtrace ingest downloads; or load the UN Security "
        "Council Debates corpus with normtrace ingest-corpus DIR",
    ),
    (
        "Secretary-General reports",
        ("report",),
        "the Secretariat's assessments and proposals (earliest sources of mandate text)",
        "normtrace fetch S/YYYY/NNN (the Secretary-General's reports on the case), "
        "then normtrace ingest downloads",
    ),
    (
        "presidential statements",
        ("prst",),
        "Council positions between resolutions",
        "normtrace fetch S/PRST/YYYY/N, then normtrace ingest downloads",
    ),
    (
        "letters",
        ("letter",),
        "requests from host states and regional organisations",
        "normtrace fetch S/YYYY/NNN (the letter's symbol), then normtrace ingest downloads",
    ),
)


@dataclass(frozen=True)
class CaseWindow:
    """A case: id, title, ISO date window, terms naming it, symbols and key resolution."""

    id: str
    title: str
    start: str
    end: str
    terms: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    key_resolution: str | None = None


@dataclass(frozen=True)
class MissingKind:
    """A kind of document the case lacks, why it matters and how to add it."""

    kind: str
    why: str
    how_to_add: str


@dataclass(frozen=True)
class Coverage:
    """Case documents per doc type in the window, and the needed kinds that are absent."""

    counts: dict[str, int]
    missing: tuple[MissingKind, ...]
    total_in_store: dict[str, int] = field(default_factory=dict)
    meetings_indexed: int = 0
    meetings_without_record: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when no needed kind is missing."""
        return not self.missing

    def caveat(self) -> str:
        """The label every conclusion drawn without the missing kinds must carry."""
        if not self.missing:
            return ""
        kinds = "; ".join(m.kind for m in self.missing)
        return f"Drawn without {kinds} for this case window."

    def meetings_note(self) -> str:
        """How many case meetings of the UN Library index have no record in the project."""
        if not self.meetings_without_record:
            return ""
        n, total = len(self.meetings_without_record), self.meetings_indexed
        first = ", ".join(self.meetings_without_record[:5])
        more = " …" if n > 5 else ""
        return (
            f"{n} of the {total} case meetings in the UN Library index have no record in the "
            f"project ({first}{more})."
        )


MENTION_SHARE = 0.2


def case_documents(store: Store, case: CaseWindow) -> list[dict[str, Any]]:
    """Current documents of the case (see the module docstring), ordered by date.

    A document without a date of its own (a corpus meeting without ``meta.tsv``) takes
    the date of its meeting in the ``meetings`` table (the UN Library index): the one
    look-up of :func:`normtrace.store.held.held_documents`, which the topic timeline reads.
    """
    rows = held_documents(store, start=case.start, end=case.end)
    return [r for r in rows if _belongs(store.conn, r, case)]


def _term_rx(case: CaseWindow) -> re.Pattern[str]:
    """The case terms as whole words ("Mali" does not name "Somalia").

    Word boundaries are ``\\b``: a hyphen is a boundary, so "Guinea" names "Guinea-Bissau"
    here, while the topic filter's :func:`normtrace.store.topics.topic_pattern` (``--topic``,
    the topic timeline) does not. Kept so, deliberately: the bundled cases were defined
    against this rule, and changing it would change which documents they take."""
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in case.terms) + r")\b", re.IGNORECASE)


def _belongs(conn: sqlite3.Connection, row: Mapping[str, Any], case: CaseWindow) -> bool:
    if row["symbol"] in case.symbols or not case.terms:
        return True
    rx = _term_rx(case)
    named = " ".join(filter(None, (row["meeting_topic"], row["title"])))
    if rx.search(named):
        return True
    likes = " OR ".join("text LIKE ?" for _ in case.terms)
    params = [f"%{t}%" for t in case.terms]
    texts = conn.execute(
        "SELECT text FROM paragraphs WHERE document_id = ? AND speech_id IS NULL "
        f"AND {running_sql('kind', 'flags')} "
        "UNION ALL SELECT text FROM speeches WHERE document_id = ? AND is_current = 1",
        (row["id"], row["id"]),
    ).fetchall()
    if not texts:
        return False
    # LIKE is a cheap pre-filter; the word test decides
    candidate = (
        conn.execute(
            f"SELECT 1 FROM paragraphs WHERE document_id = ? AND ({likes}) LIMIT 1",
            (row["id"], *params),
        ).fetchone()
        or conn.execute(
            f"SELECT 1 FROM speeches WHERE document_id = ? AND ({likes}) LIMIT 1",
            (row["id"], *params),
        ).fetchone()
    )
    if candidate is None:
        return False
    hits = sum(1 for (text,) in texts if rx.search(text))
    return hits / len(texts) >= MENTION_SHARE


def document_coverage(store: Store, case: CaseWindow) -> Coverage:
    """Case documents per type, and the needed kinds (:data:`NEEDED_KINDS`) with none."""
    docs = case_documents(store, case)
    counts: dict[str, int] = {}
    for doc in docs:
        counts[doc["doc_type"]] = counts.get(doc["doc_type"], 0) + 1
    have = {d["symbol"] for d in docs}
    indexed = [m["symbol"] for m in _case_meetings(store, case)]
    unrecorded = tuple(m for m in indexed if m not in have)
    examples = " ".join(s for s in unrecorded[:3] if "(" not in s) or "S/PV.NNNN"
    missing = tuple(
        MissingKind(kind, why, how.replace("{meetings}", examples))
        for kind, types, why, how in NEEDED_KINDS
        if not any(counts.get(t) for t in types)
    )
    totals = {
        r["doc_type"]: r["n"]
        for r in store.conn.execute(
            "SELECT doc_type, COUNT(*) AS n FROM documents WHERE is_current = 1 GROUP BY doc_type"
        )
    }
    return Coverage(
        counts=dict(sorted(counts.items())),
        missing=missing,
        total_in_store=totals,
        meetings_indexed=len(indexed),
        meetings_without_record=unrecorded,
    )


def chronology(store: Store, case: CaseWindow) -> list[dict[str, Any]]:
    """Case documents and indexed meetings of the window, by date (rows for tables and figures)."""
    rows = [
        {"date": d["date"], "kind": d["doc_type"], "symbol": d["symbol"], "title": d["title"] or ""}
        for d in case_documents(store, case)
        if d["date"]
    ]
    have = {r["symbol"] for r in rows}
    for m in _case_meetings(store, case):
        if m["symbol"] not in have:
            rows.append(
                {
                    "date": m["date"],
                    "kind": "meeting (index only)",
                    "symbol": m["symbol"],
                    "title": " ".join(x for x in (m["agenda"], m["outcome"]) if x),
                }
            )
    return sorted(rows, key=lambda r: (r["date"], r["symbol"]))


def _case_meetings(store: Store, case: CaseWindow) -> list[dict[str, Any]]:
    """The meetings of the window (``meetings`` table) whose agenda items name a case term
    (:func:`_term_rx`), by date then symbol: ``symbol``, ``date``, ``agenda`` (the items, one
    line) and ``outcome``. The agenda items are read as every surface reads them
    (:func:`normtrace.store.topics.meeting_topic`: the meeting index's once imported, never
    the own title a verbatim record stored first left in ``meetings.topic``); one query, a
    ``LIKE`` pre-filter (:func:`normtrace.actors.links.agenda_prefilter`) keeping the rows
    read to those that may name a term."""
    if not case.terms:
        return []
    where, params = agenda_prefilter(case.terms)
    rows = store.conn.execute(
        "SELECT symbol, date, topic, origin, outcome, meta FROM meetings "
        f"WHERE date BETWEEN ? AND ? AND {where} ORDER BY date, symbol",
        [case.start, case.end, *params],
    )
    rx = _term_rx(case)
    found = []
    for r in rows:
        agenda = meeting_topic(r["symbol"], r["topic"], r["origin"], r["meta"])
        if agenda is not None and agenda.names(rx):
            found.append(
                {"symbol": r["symbol"], "date": r["date"], "agenda": agenda.text,
                 "outcome": r["outcome"]}
            )  # fmt: skip
    return found


def safeguard_units(store: Store, case: CaseWindow) -> list[TextUnit]:
    """Every unit of running text of the case documents (:mod:`normtrace.parse.running`:
    no heading, map, table or note) with its document's year; group = the document type."""
    docs = {d["id"]: d for d in case_documents(store, case)}
    if not docs:
        return []
    marks = ",".join("?" * len(docs))
    sql = (
        "SELECT u.key AS key, u.document_id AS document_id, u.text AS text FROM units u "
        "LEFT JOIN paragraphs p ON u.unit_type = 'paragraph' AND p.document_id = u.document_id "
        f"AND p.key = u.key WHERE u.document_id IN ({marks}) "
        f"AND {running_sql('p.kind', 'p.flags')}"
    )
    return [
        TextUnit(int(docs[r["document_id"]]["date"][:4]), r["key"], r["text"],
                 docs[r["document_id"]]["doc_type"])
        for r in store.conn.execute(sql, list(docs))
    ]  # fmt: skip


@dataclass(frozen=True)
class StoredUnit:
    """A unit the project holds: its stored text and the date of its document."""

    key: str
    text: str
    #: its document's date as the case report reads it (its own, else its meeting's:
    #: :data:`~normtrace.store.held.HELD_SQL`); ``""`` when undated
    date: str


#: every kind of unit a project stores, by key: speeches (of a meeting record or the
#: corpus) and paragraphs (of resolutions, reports, … and of a speech: ``S/PV.8703/s002/p01``),
#: of current documents and current speeches, each with its document's read date; a key both
#: editions of a meeting hold (record and corpus) comes twice, the record's last
_STORED_SQL = (
    "SELECT key, text, date FROM (SELECT s.key AS key, s.text AS text, h.date AS date, "
    "h.edition AS edition "
    f"FROM speeches s JOIN ({HELD_SQL}) h ON h.id = s.document_id "
    "WHERE s.is_current = 1 AND s.key IN ({marks}) "
    "UNION ALL SELECT p.key, p.text, h.date, h.edition FROM paragraphs p "
    f"JOIN ({HELD_SQL}) h ON h.id = p.document_id "
    "LEFT JOIN speeches sp ON sp.id = p.speech_id "
    "WHERE (sp.id IS NULL OR sp.is_current = 1) AND p.key IN ({marks})) "
    "ORDER BY edition = 'record'"
)


def stored_units(store: Store, keys: Iterable[str]) -> dict[str, StoredUnit]:
    """Each of ``keys`` the project holds, with its stored text and date: the one look-up of
    a unit key for the evidence ledger (the pointer check, quote filling, the dates of an
    item's units). Every unit kind counts, as ``normtrace export paragraphs|speeches`` lists
    them: a speech, a paragraph of a document, a paragraph of a speech; of current documents
    (and current speeches) only. A key a meeting's record and the corpus both hold reads the
    record's text, as the unit page and a coding do. A key the project lacks is absent."""
    wanted = sorted(set(keys))
    out: dict[str, StoredUnit] = {}
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(_STORED_SQL.format(marks=marks), [*chunk, *chunk]):
            out[r["key"]] = StoredUnit(r["key"], r["text"], str(r["date"] or ""))
    return out


def unit_texts(store: Store, keys: Iterable[str]) -> dict[str, str]:
    """The stored text of each of ``keys`` the project holds (:func:`stored_units`)."""
    return {key: unit.text for key, unit in stored_units(store, keys).items()}


def fill_quotes(ledger: Ledger, store: Store, *, max_chars: int = 600) -> tuple[Ledger, list[str]]:
    """Fill missing quotes from the stored unit texts (:func:`stored_units`), of the weighed
    and the corroborating items; return the ledger and the keys the project lacks.

    A unit with ``start``/``end`` is quoted exactly; otherwise the first ``max_chars``
    characters of the unit. Quotes already in the ledger are kept as written.
    """
    every = (*ledger.items, *ledger.corroborating)
    texts = unit_texts(store, (u.key for i in every for u in i.units))
    unknown = sorted({u.key for i in every for u in i.units if u.key not in texts})
    return replace(
        ledger,
        items=tuple(_with_quotes(item, texts, max_chars) for item in ledger.items),
        corroborating=tuple(_with_quotes(item, texts, max_chars) for item in ledger.corroborating),
    ), unknown


def check_citations(ledger: Ledger, store: Store, scope: CodingScope | None = None) -> None:
    """Every cited coding exists: a unit reference with a ``code`` needs a current coding of
    that code on that unit as the case report reads it (``scope``'s,
    :meth:`~normtrace.trace.books.CodingScope.sql`; by default :func:`~normtrace.trace.books.
    coding_scope`'s: a hand coding, an accept, or a candidate no coder rejected and no "done"
    mark or reject of a model suggestion of its code there reads as absent, by the rule of
    every count), overlapping the cited span when one is given: a citation holds exactly
    when the report counts the passage. A frame or a grouping code (``codable: false``, never
    applied) is cited by a coding of any code it stands for (:func:`codes_under`, as
    ``freq --code`` counts it).

    A coding of a whole paragraph (made at paragraph level, placed on its chapeau:
    :mod:`~normtrace.coding.human.whole`) says the paragraph carries the code, its chapeau's
    words too: a citation of them holds while it stands. Where another span of the code in the
    paragraph is the occurrence the report counts (``scope.again``,
    :func:`~normtrace.coding.counts.whole_again`), the report still counts the paragraph once,
    so a ledger that cited the chapeau keeps validating.

    Raises:
        TraceError: the first citation of a coding that does not exist, with the ledger's
            file and line (and how many others fail).
    """
    cited = [(item, u) for item in ledger.items for u in item.units if u.code]
    if not cited:
        return
    keys = sorted({u.key for _, u in cited})
    scope = coding_scope(store) if scope is None else scope
    coded, params = scope.sql()
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    # a whole paragraph's coding on its chapeau whose occurrence is another span of the code
    # in the paragraph: the report counts the paragraph, and the coding covers the chapeau
    for key, start, end, code in scope.again:
        spans.setdefault((key, code), []).append((start, end))
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f'SELECT unit_key, code, start, "end" FROM ({coded}) WHERE unit_key IN ({marks})',
            (*params, *chunk),
        )
        for r in rows:
            spans.setdefault((r["unit_key"], r["code"]), []).append((r["start"], r["end"]))
    under = {c: codes_under(store, c)[1] for c in sorted({str(u.code) for _, u in cited})}
    bad = []
    for item, u in cited:
        found = [s for c in under[str(u.code)] for s in spans.get((u.key, c), [])]
        if u.start is not None and u.end is not None:
            found = [(a, b) for a, b in found if a < u.end and u.start < b] or (
                found if u.start == u.end else []
            )
        if not found:
            span = f" [{u.start}:{u.end}]" if u.start is not None else ""
            bad.append(
                f"{u.where or ledger.source}: item {item.id} cites a coding of {u.code!r} on "
                f"{u.key}{span}, but the report counts none there"
                + (" (nor of a code it stands for)" if len(under[str(u.code)]) > 1 else "")
                + "; code it (`normtrace code add`) or remove the citation"
            )
    if bad:
        more = f" ({len(bad) - 1} more citation(s) fail likewise)" if len(bad) > 1 else ""
        raise TraceError(bad[0] + more)


def _with_quotes(item: EvidenceItem, texts: dict[str, str], max_chars: int) -> EvidenceItem:
    units: list[UnitRef] = []
    for u in item.units:
        text = texts.get(u.key)
        if u.quote is not None or text is None:
            units.append(u)
        elif u.start is not None and u.end is not None:
            units.append(_replace_quote(u, text[u.start : u.end]))
        else:
            cut = text[:max_chars] + ("…" if len(text) > max_chars else "")
            units.append(_replace_quote(u, cut))
    return replace(item, units=tuple(units))


def _replace_quote(u: UnitRef, quote: str) -> UnitRef:
    return replace(u, quote=quote)


def table_exists(store: Store, name: str) -> bool:
    """True when the project has a table or view called ``name`` (later migrations add them)."""
    row = store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", (name,)
    ).fetchone()
    return row is not None


def symbols_present(store: Store, symbols: Sequence[str]) -> dict[str, bool]:
    """Whether each symbol is stored as a current document."""
    return {
        s: store.conn.execute(
            "SELECT 1 FROM documents WHERE symbol = ? AND is_current = 1", (s,)
        ).fetchone()
        is not None
        for s in symbols
    }
