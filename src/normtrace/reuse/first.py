"""First appearance and adoption of a phrase or a code.

``normtrace first "offensive operations"`` (or ``--code CODE``) answers: the
earliest unit in the corpus, the first use by each role (Secretariat,
permanent members, elected members, non-member states, NGOs, resolutions …)
and the adoption curve — per quarter, the share of documents and of speakers
that use it.

A phrase is a query of the one query language (:mod:`normtrace.coding.query`: words
in order, ``operation*`` for any ending, ``(a|b)``, ``NEAR/N``, ``NOT``), so ``first``
finds exactly what ``kwic`` and ``search`` find: the full-text index proposes the
candidate units and the codebook matcher confirms each.

A use inside a sentence that an SG report gives as another's words ("the President stated
that ...": :mod:`~normtrace.reuse.reported`) is not the Secretariat's: its role is
``reported_in_sg_report`` and its actor who said it, so the Secretariat's first use is its
own.

>>> from normtrace.reuse.store_reuse import StoredUnit
>>> parse_query("offensive operation*").matches(
...     "Carry out targeted Offensive Operations through the Brigade")[0][:2]
(19, 39)
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from normtrace.coding.counts import check_codes, checked_by, coded_spans, codes_under
from normtrace.coding.human.codable import codable_books
from normtrace.coding.human.reviews import codebook_version
from normtrace.coding.levels import COUNTED_LEVEL
from normtrace.coding.query import Query, candidate_keys, parse_query
from normtrace.coding.units import genre, project_span
from normtrace.coding.validity import (
    CodeValidity,
    code_validity,
    first_use_trust,
    group_validity,
    project_validity,
)
from normtrace.errors import ReuseError
from normtrace.reuse.reported import REPORTED, ReportedIndex
from normtrace.reuse.store_reuse import StoredUnit, load_units
from normtrace.store.db import Store


@dataclass(frozen=True)
class Occurrence:
    """Where a phrase or code occurs: unit, date, document, role, actor and span."""

    key: str
    date: str | None
    document: str
    role: str
    actor: str | None
    speaker: str | None
    start: int
    end: int
    snippet: str
    order: int = 0
    #: what the unit is, for its code's measured error: ``speech``, ``report`` (a paragraph of
    #: a Secretary-General's report) or ``""`` (:func:`normtrace.coding.units.genre`)
    genre: str = ""
    #: for a code: the code that made it (a member, when a frame or group was asked for), and
    #: the coders who coded or accepted that span
    #: (:func:`~normtrace.coding.counts.checked_by`)
    code: str = ""
    checked_by: str = ""


@dataclass(frozen=True)
class QuarterShare:
    """Adoption in one quarter: documents and speakers in total and using the phrase."""

    quarter: str
    documents: int
    documents_using: int
    speakers: int
    speakers_using: int

    @property
    def share_documents(self) -> float:
        """Share of the quarter's documents that use it."""
        return self.documents_using / self.documents if self.documents else 0.0

    @property
    def share_speakers(self) -> float:
        """Share of the quarter's speakers (actors, else speaker labels) that use it."""
        return self.speakers_using / self.speakers if self.speakers else 0.0


@dataclass(frozen=True)
class FirstAppearance:
    """Earliest unit, first use by role and adoption curve of a phrase or code."""

    query: str
    kind: str
    occurrences: list[Occurrence]
    earliest: Occurrence | None
    by_role: dict[str, Occurrence] = field(default_factory=dict)
    curve: list[QuarterShare] = field(default_factory=list)
    #: a code's measured error (``kind == "code"``; ``None`` for a phrase)
    validity: CodeValidity | None = None
    #: for a frame a codebook declares (``offensive_force``) or a group code, the codes it
    #: stands for, and which of the two it is (``frame`` or ``group``)
    members: tuple[str, ...] = ()
    grouping: str = ""
    #: what "first" can see: the project's documents and their dates
    #: (:func:`normtrace.coding.units.project_span`)
    span: str = ""
    #: the measured error of each member code, for a frame or group whose codes do not share
    #: one measurement: a first use is then judged by the code that found it
    measured: dict[str, CodeValidity] = field(default_factory=dict)
    #: the one codebook whose codings and candidates were read (``--codebook``), else ``""``
    codebook: str = ""
    #: without one: each code id read that two or more codebooks hold → those codebooks (the
    #: first registered first, whose measurement is shown): their codings are read together
    shared: dict[str, list[str]] = field(default_factory=dict)
    #: the documents read when not the whole project's (``case haiti-2004``), else ``""``
    scope: str = ""

    def trust(self, o: Occurrence) -> str:
        """How far ``o``, one coded passage, can be trusted as a use of the code, by the
        code's measurement (on speeches for a speech, on reports for a report paragraph):
        ``validated`` or ``unvalidated: <why>``, precision below
        :data:`~normtrace.coding.validity.MIN_PRECISION` included (``""`` for a phrase, which
        is what it matches)."""
        if self.validity is None:
            return ""
        return first_use_trust(self.validity, o.genre, member=self.measured.get(o.code),
                               checked_by=o.checked_by)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (occurrences summarized by count)."""
        return {
            "query": self.query,
            "kind": self.kind,
            "units": len(self.occurrences),
            "documents": len({o.document for o in self.occurrences}),
            "earliest": asdict(self.earliest) if self.earliest else None,
            "first_by_role": {
                r: {**asdict(o), **({"trust": self.trust(o)} if self.validity else {})}
                for r, o in self.by_role.items()
            },
            **({"measured_error": self.validity.to_dict()} if self.validity else {}),
            **({self.grouping: list(self.members)} if self.members else {}),
            **({"within": self.span} if self.span else {}),
            **({"scope": self.scope} if self.scope else {}),
            **({"codebook": self.codebook} if self.codebook else {}),
            **({"shared_code_ids": self.shared} if self.shared else {}),
            "curve": [
                {
                    **asdict(q),
                    "share_documents": round(q.share_documents, 4),
                    "share_speakers": round(q.share_speakers, 4),
                }
                for q in self.curve
            ],
        }

    def to_json(self) -> str:
        """The result as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def render(self) -> str:
        """A short human-readable summary."""
        if self.earliest is None:
            where = f" of {self.scope}" if self.scope else ""
            return f"{self.kind} {self.query!r}: not found in any current unit{where}"
        e = self.earliest
        group = f" (a {self.grouping} of codes: {', '.join(self.members)})" if self.members else ""
        lines = [
            f"{self.kind} {self.query!r}{group}: {len(self.occurrences)} units",
            f"earliest: {e.date or 'undated'}  {e.key}  [{e.role}]  …{e.snippet}…",
        ]
        if self.span and self.scope:
            lines.append(f"first within {self.span}; uses in the project's other documents "
                         "are not read")  # fmt: skip
        elif self.span:
            lines.append(f"first within this project ({self.span}); uses in documents it "
                         "does not hold are not seen")  # fmt: skip
        if self.codebook:
            lines.append(f"codings and candidates of codebook {self.codebook} only")
        for code, books in self.shared.items():
            lines.append(f"note: code id {code} is in codebooks {', '.join(books)}: their "
                         f"codings are read together, the measured error is {books[0]}'s; "
                         "--codebook NAME reads one")  # fmt: skip
        if self.validity is not None:
            lines.append(f"measured error: {self.validity.describe()}")
            if self.validity.source:  # a code without a dictionary says why it has none
                lines.append(f"measured on: {self.validity.source}")
            for genre in dict.fromkeys(o.genre for o in self.by_role.values() if o.genre):
                where, there = self.validity.for_text(genre)
                if where:  # the measurement that judges the first uses of that genre below
                    lines.append(f"{where}measured on: {there.source}")
        lines.append("first use by role:")
        for role, o in sorted(self.by_role.items(), key=lambda x: _when(x[1])):
            trust = self.trust(o)
            lines.append(
                f"  {role:<22} {o.date or 'undated'}  {o.key}  {o.actor or o.speaker or ''}"
                + (f"  [{trust}]" if "unvalidated" in trust or "checked by" in trust else "")
            )
        lines.append("quarter   documents        speakers   (from the first quarter of use)")
        start = quarter(e.date) or ""
        for q in (q for q in self.curve if q.quarter >= start):
            lines.append(
                f"{q.quarter}  {q.documents_using:>4}/{q.documents:<5} {q.share_documents:6.1%}"
                f"  {q.speakers_using:>4}/{q.speakers:<5} {q.share_speakers:6.1%}"
            )
        return "\n".join(lines)


def phrase_occurrences(
    units: Iterable[StoredUnit], phrase: str | Query, keys: set[str] | None = None
) -> list[Occurrence]:
    """Every unit (of ``keys``, when given) where the query ``phrase`` matches (first match)."""
    matcher = (phrase if isinstance(phrase, Query) else parse_query(phrase)).matcher()
    found = []
    for s in units:
        if keys is not None and s.info.key not in keys:
            continue
        spans = matcher.match(s.unit.text)
        if spans:
            found.append(_occurrence(s, spans[0].start, spans[0].end))
    return found


def _occurrence(s: StoredUnit, start: int, end: int) -> Occurrence:
    i = s.info
    return Occurrence(
        i.key,
        i.date,
        i.document,
        i.role,
        i.actor,
        i.speaker,
        start,
        end,
        s.unit.text[start:end],
        i.order,
        genre("speech" if i.speech else "paragraph", i.doc_type or "", i.date),
    )


def _when(o: Occurrence) -> tuple[str, str, int, str]:
    """Earliest first: date, then document, then order within it (undated last)."""
    return (o.date or "9999-12-31", o.document, o.order, o.key)


def quarter(date: str | None) -> str | None:
    """``2013Q1`` for an ISO date (None if undated)."""
    if not date or len(date) < 7:
        return None
    return f"{date[:4]}Q{(int(date[5:7]) - 1) // 3 + 1}"


def adoption_curve(units: Sequence[StoredUnit], found: Sequence[Occurrence]) -> list[QuarterShare]:
    """Per quarter: documents and speakers in the corpus, and those among them using it."""
    using = {o.key for o in found}
    docs: dict[str, set[str]] = {}
    docs_using: dict[str, set[str]] = {}
    speakers: dict[str, set[str]] = {}
    speakers_using: dict[str, set[str]] = {}
    for s in units:
        q = quarter(s.info.date)
        if q is None:
            continue
        docs.setdefault(q, set()).add(s.info.document)
        who = s.info.actor or s.info.speaker
        if who:
            speakers.setdefault(q, set()).add(who)
        if s.info.key in using:
            docs_using.setdefault(q, set()).add(s.info.document)
            if who:
                speakers_using.setdefault(q, set()).add(who)
    return [
        QuarterShare(
            q,
            len(docs[q]),
            len(docs_using.get(q, ())),
            len(speakers.get(q, ())),
            len(speakers_using.get(q, ())),
        )
        for q in sorted(docs)
    ]


def summarize(
    query: str, kind: str, units: Sequence[StoredUnit], found: Sequence[Occurrence]
) -> FirstAppearance:
    """Earliest occurrence, first by role and the adoption curve."""
    ordered = sorted(found, key=_when)
    by_role: dict[str, Occurrence] = {}
    for o in ordered:
        by_role.setdefault(o.role, o)
    return FirstAppearance(
        query,
        kind,
        ordered,
        ordered[0] if ordered else None,
        by_role,
        adoption_curve(units, ordered),
    )


def first_appearance(
    store: Store,
    phrase: str | None = None,
    code: str | None = None,
    *,
    codebook: str | None = None,
    documents: Collection[str] | None = None,
    within: str = "",
) -> FirstAppearance:
    """First appearance and adoption of a ``phrase`` or of a ``code`` in the project.

    ``codebook``: read only that codebook's codings, accepts and candidates of ``code``, with
    its measured error (a code id two codebooks share is otherwise read from both, and
    :attr:`FirstAppearance.shared` says so).

    ``documents``: the symbols of the documents to read (a case's, :func:`normtrace.trace.
    scope.case_scope`), named ``within`` (``case haiti-2004``): the earliest unit, the first
    use by role and the adoption curve are then those of these documents alone.

    Raises:
        ReuseError: neither or both of ``phrase`` and ``code`` given; ``codebook`` with a
            phrase, or a codebook the project does not hold.
    """
    if (phrase is None) == (code is None):
        raise ReuseError("give a phrase or --code CODE (exactly one of them)")
    if codebook is not None and code is None:
        raise ReuseError("--codebook goes with --code CODE: a phrase is matched, not coded")
    units = load_units(store)  # dated as store.held dates a document (its meeting's date)
    span = project_span(store)
    if documents is not None:
        held = set(documents)
        units = [s for s in units if s.info.document in held]
        span = f"{within or 'the documents asked for'}: {project_span(store, held)}"
    if phrase is not None:
        query = parse_query(phrase)
        found = reported_uses(
            store, units, phrase_occurrences(units, query, candidate_keys(store, query))
        )
        return replace(summarize(phrase, "phrase", units, found), span=span, scope=within)
    assert code is not None
    check_codes(store, [code])
    if codebook is not None:
        _check_codebook(store, codebook)
    grouping, codes = codes_under(store, code)
    found = reported_uses(store, units, _code_occurrences(store, units, codes, codebook))
    appearance = summarize(code, "code", units, found)
    measured = (
        project_validity(store)
        if codebook is None
        else code_validity(store, codebook, codebook_version(store, codebook), level=COUNTED_LEVEL)
    )
    validity = group_validity(measured, codes)
    own = {} if validity.source else {c: measured[c] for c in codes[1:] if c in measured}
    shared = {} if codebook is not None else _shared(store, codes)
    return replace(appearance, validity=validity, members=tuple(codes[1:]), grouping=grouping,
                   span=span, scope=within, measured=own, codebook=codebook or "",
                   shared=shared)  # fmt: skip


def reported_uses(
    store: Store, units: Sequence[StoredUnit], found: Sequence[Occurrence]
) -> list[Occurrence]:
    """``found``, each use in an SG report paragraph that lies in a sentence the report gives as
    another's words given role :data:`~normtrace.reuse.reported.REPORTED` and, as its actor,
    who said them (module doc)."""
    index = ReportedIndex(store)
    by_key = {s.info.key: s for s in units}
    out = []
    for o in found:
        s = by_key.get(o.key)
        said = index.said_at(s.info, s.unit.text, o.start, o.end) if s is not None else None
        if o.role == "secretariat" and said is not None:
            o = replace(o, role=REPORTED, actor=said.speaker)
        out.append(o)
    return out


def _check_codebook(store: Store, codebook: str) -> None:
    """Raise :class:`ReuseError` unless the project holds ``codebook``."""
    names = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM codebooks")]
    if codebook not in names:
        raise ReuseError(
            f"no codebook {codebook!r} in this project; its codebooks: "
            f"{', '.join(sorted(names)) or 'none (normtrace code apply registers one)'}"
        )


def _shared(store: Store, codes: Sequence[str]) -> dict[str, list[str]]:
    """Each of ``codes`` two or more codebooks hold codable → those codebooks, the first
    registered first (:func:`~normtrace.coding.human.codable.codable_books`)."""
    held = codable_books(store)
    return {c: held[c] for c in codes if len(held.get(c, ())) > 1}


def _code_occurrences(
    store: Store, units: Sequence[StoredUnit], codes: list[str], codebook: str | None = None
) -> list[Occurrence]:
    """Where any of ``codes`` is coded (the first span in each unit), of ``codebook``'s
    codings and candidates only, given one: the spans ``freq`` and ``kwic`` count
    (:func:`~normtrace.coding.counts.coded_spans`)."""
    by_key = {s.info.key: s for s in units}
    wanted = set(codes)
    # the spans the counts read (coding.counts.coded_spans, as freq and kwic)
    rows = sorted(((key, start, end, code) for key, start, end, code, _t
                   in coded_spans(store, "all", codebook) if code in wanted),
                  key=lambda r: (r[0], r[1], r[3]))  # fmt: skip
    checked = checked_by(store)
    found: dict[str, Occurrence] = {}
    for key, start, end, code in rows:
        s = by_key.get(key)
        if s is None or key in found:
            continue
        found[key] = replace(_occurrence(s, start, end), code=code,
                             checked_by=checked.get((key, code, start, end), ""))  # fmt: skip
    return list(found.values())
