"""The whole project as a REFI-QDA project (``.qdpx``), and back.

A ``.qdpx`` is a zip holding ``project.qde`` (XML in namespace
``urn:QDA-XML:project:1.0``, valid against the standard's ``Project.xsd``) and a
``Sources/`` folder. normtrace writes:

- ``Users`` — every coder who holds a coding or wrote a memo;
- ``CodeBook`` — every codebook of the project, or the one asked for (``codebook``):
  one codebook's codes as its ``.qdc`` holds them (normtrace's extra fields ride in each
  code's ``Description`` after ``--- normtrace ---``); several codebooks as one top-level,
  not codable ``Code`` each, holding its codes (:mod:`~normtrace.coding.exchange.qdpx_books`,
  which keeps every code's GUID distinct);
- ``Sources`` — one ``TextSource`` per current document, its plain text in
  ``Sources/<guid>.txt``: the document's units (speeches, top-level paragraphs) in
  order, joined by a blank line. Each current human coding is a
  ``PlainTextSelection`` (character positions into that text, code points) with one
  ``Coding`` by its coder; a coding's memo is a ``Note`` the coding refers to;
- ``Notes`` — memos: on a span or unit (referred to by a selection), on a document
  (referred to by its source) or on a coding;
- the codebooks' review marks ("done, nothing (else) applies"): each a
  ``PlainTextSelection`` without ``Coding`` over the reviewed target, by the reviewer,
  its ``Description`` the mark in words and JSON (:mod:`normtrace.coding.exchange.marks`).

QDA programs open the standard part. For a lossless return to normtrace, the zip also
carries ``normtrace/documents.jsonl``: each document's structure (symbol, type, date,
speeches, paragraphs and their keys), which programs that do not know it ignore.
:func:`~normtrace.coding.exchange.qdpx_read.import_qdpx` rebuilds the documents from it,
checks each source's plain text against the rebuilt units, and records the codings and memos
as new events by the same coders, and the review marks as marks by the same coders (those not
already current), so the codes a reviewed unit lacks stay negatives. Each keeps the time it
was made: the events and marks are recorded at the import's time, and the file's
``creationDateTime`` (of the ``Coding``, the ``Note``, the mark's selection) is kept as when
the work was made (:mod:`~normtrace.coding.human.made_at`), which the export writes in turn.
A coding a new version moved (re-anchored by an ingest, moved or placed by its coder) says
when it was last moved in its selection's ``modifiedDateTime`` (the standard's attribute for
when a selection last changed; written for moved codings only), which the import keeps
(migration 0030), so ``moved_at`` survives a round trip as ``at`` does.
An accepted dictionary candidate is written as its coder's coding
(:data:`~normtrace.coding.exchange.carried.ACCEPTED_SQL`); other candidates, verdicts,
suggestions and assignments are not exported: the standard has no place for them. Neither has
it for adjudication decisions: the final codings of present ones are codings by
``adjudication:<admin>``, and every decision in force, present and absent, is a line of
``normtrace/adjudications.jsonl`` in the zip, which the import records as a decision and the
export names (:mod:`~normtrace.coding.exchange.adjudications`).
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from normtrace._version import __version__
from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange import qdpx_books
from normtrace.coding.exchange.adjudications import (
    MEMBER,
    decisions_json,
    export_line,
    standing,
)
from normtrace.coding.exchange.carried import (
    ACCEPTED_SQL,
    UNPLACED_SQL,
    awaiting_line,
    awaiting_review,
    note_not_carried,
)
from normtrace.coding.exchange.marks import (
    described_json,
    mark_description,
    marked_codebooks,
)
from normtrace.coding.exchange.qdc import MARKER
from normtrace.coding.exchange.qdpx_books import CodeGuids, project_codebooks
from normtrace.coding.human import events
from normtrace.coding.human.made_at import made_and_moved, stated_times
from normtrace.coding.human.reviews import Review, current_reviews
from normtrace.coding.human.whole import recorded_levels
from normtrace.coding.levels import level_key
from normtrace.errors import CodingError
from normtrace.store.db import Store

NAMESPACE = "urn:QDA-XML:project:1.0"
SIDECAR = "normtrace/documents.jsonl"
SEPARATOR = "\n\n"
#: the largest ``.qdpx`` and the largest member :func:`import_qdpx` reads
MAX_BYTES = 512 * 1024 * 1024
_GUIDS = uuid.UUID("6c1d3b0e-2f7a-5d0e-9a43-7e0b9a1c2d55")
NOTE_PREFIX = "normtrace "


def guid(kind: str, key: str) -> str:
    """A stable REFI-QDA GUID for one thing of normtrace (uuid5 of kind and key)."""
    return str(uuid.uuid5(_GUIDS, f"{kind}/{key}")).upper()


@dataclass(frozen=True)
class Layout:
    """A document's plain text and where each unit starts in it."""

    symbol: str
    edition: str
    text: str
    units: tuple[tuple[str, int, int], ...]  # (unit key, start, end)

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """The unit holding ``[start, end)`` and the span inside it.

        Raises:
            CodingError: the span is not inside one unit.
        """
        for key, a, b in self.units:
            if a <= start < end <= b:
                return key, start - a, end - a
        raise CodingError(
            f"{self.symbol}: selection [{start}:{end}] is not inside one unit; "
            "normtrace codes spans within a speech or paragraph"
        )

    def offset(self, unit_key: str) -> int:
        """Where ``unit_key`` starts in the text."""
        for key, a, _ in self.units:
            if key == unit_key:
                return a
        raise CodingError(f"{unit_key} is not a unit of {self.symbol}")

    def target(self, key: str, level: str) -> tuple[int, int] | None:
        """Where the coding target ``key`` at ``level`` starts and ends in the text (a
        paragraph through its last sub-paragraph); ``None`` when it is not in this text."""
        spans = [(a, b) for k, a, b in self.units if level_key(k, level) == key]
        return (spans[0][0], spans[-1][1]) if spans else None  # units are in text order


def document_layouts(store: Store) -> list[Layout]:
    """The plain text of every current document (record edition first), units in order."""
    docs = store.conn.execute(
        "SELECT id, symbol, edition FROM documents WHERE is_current = 1 "
        "ORDER BY symbol, edition DESC"
    ).fetchall()
    out = []
    for doc in docs:
        rows = store.conn.execute(
            "SELECT key, text FROM units WHERE document_id = ? "
            "ORDER BY unit_type = 'paragraph', ord, key",
            (doc["id"],),
        )
        parts: list[str] = []
        units: list[tuple[str, int, int]] = []
        pos = 0
        for r in rows:
            if parts:
                pos += len(SEPARATOR)
            text = str(r["text"])
            units.append((str(r["key"]), pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
        out.append(Layout(doc["symbol"], doc["edition"], SEPARATOR.join(parts), tuple(units)))
    return out


@dataclass
class QdpxReport:
    """What an export or import wrote."""

    path: str
    #: the codebook written or read; its codebooks joined by ", " when there are several
    codebook: str
    users: int = 0
    sources: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    reviews: int = 0
    #: of ``codings``, accepted dictionary candidates written as their coders' codings
    accepted: int = 0
    skipped: list[str] = field(default_factory=list)
    lost: int = 0  # human codings of the codebook left out (carried.removed_code_codings)
    #: adjudication decisions in force written (normtrace/adjudications.jsonl) or recorded
    adjudications: int = 0
    #: import: notes differing from their coder's memo there, each recorded as a new memo
    #: event beside it (``memos``: the new ones), and notes the project held already
    #: (:mod:`~normtrace.coding.exchange.import_memos`)
    memos_changed: int = 0
    memos_already: int = 0
    #: every codebook written or read, in the file's order
    codebooks: list[str] = field(default_factory=list)
    #: export of one codebook (``--codebook``): the human codings of the project's other
    #: codebooks it leaves out, as asked (not ``lost``)
    other_codebooks: int = 0


def default_codebook(store: Store) -> str:
    """The codebook with the most human codings (else the latest registered).

    Raises:
        CodingError: the project has no codebook.
    """
    row = (
        store.conn.execute(
            "SELECT b.name FROM human_codings h JOIN codes c ON c.code = h.code "
            "JOIN codebooks b ON b.id = c.codebook_id GROUP BY b.name ORDER BY count(*) DESC, "
            "max(b.id) DESC LIMIT 1"
        ).fetchone()
        or store.conn.execute(
            "SELECT b.name FROM codebook_uses u JOIN codebooks b ON b.id = u.codebook_id "
            "ORDER BY u.id DESC LIMIT 1"
        ).fetchone()
    )
    if row is None:
        raise CodingError("the project has no codebook; run `normtrace code apply` first")
    return str(row[0])


def export_qdpx(store: Store, path: str | Path, *, codebook: str | None = None) -> QdpxReport:
    """Write the project to ``path`` as a ``.qdpx`` (see the module doc): every codebook of
    the project with its codings, review marks and adjudications
    (:mod:`~normtrace.coding.exchange.qdpx_books`: one ``Code`` per codebook when there are
    several), or ``codebook``'s alone, whose report counts the other codebooks' codings it
    leaves out (``other_codebooks``; not ``lost``: they were not asked for). ``lost`` counts
    the human codings of the codebooks written that the file leaves out.

    Raises:
        CodingError: no codebook, or the file cannot be written.
        NotFoundError: ``codebook`` is not registered.
    """
    names = [codebook] if codebook else project_codebooks(store) or [default_codebook(store)]
    books = [stored_codebook(store, name) for name in names]
    names = [book.name for book in books]
    report = QdpxReport(str(path), ", ".join(names), codes=sum(len(b.codes) for b in books),
                        codebooks=names)  # fmt: skip
    layouts = {(lay.symbol, lay.edition): lay for lay in document_layouts(store)}
    by_unit: dict[str, Layout] = {}
    for lay in layouts.values():
        for key, _, _ in lay.units:
            by_unit.setdefault(key, lay)
    code_guids = qdpx_books.code_guids(books)  # (codebook, code id) → GUID
    effective = effective_events(store)
    marks = [m for name in names for m in current_reviews(store, name)]
    # when each piece of work was made: the time an import stated, else its recording time
    made, marks_made = stated_times(store)
    accepted = store.conn.execute(
        f"SELECT * FROM ({ACCEPTED_SQL}) WHERE codebook IN (SELECT value FROM json_each(?))",
        (json.dumps(names),),
    ).fetchall()
    coders = sorted({e.coder for e in effective} | {m.coder for m in marks}
                    | {str(r["coder"]) for r in accepted})  # fmt: skip
    others = ", ".join(b for b in marked_codebooks(store) if b not in names)
    if others:
        report.skipped.append(f"review marks of {others}: export each with --codebook NAME, "
                              "or the whole project without --codebook")  # fmt: skip
    decisions: list[dict[str, Any]] = []
    for name in names:
        report.lost += note_not_carried(report.skipped, store, name)
        settled = standing(store, name)  # adjudications, read once: only normtrace reads them
        written = decisions_json(store, settled)
        decisions += written
        report.skipped += export_line(settled, written)
    report.adjudications = len(decisions)
    ET.register_namespace("", NAMESPACE)
    q = f"{{{NAMESPACE}}}"
    root = ET.Element(
        q + "Project",
        {"name": f"normtrace {Path(store.path).stem if store.path else 'project'}",
         "origin": f"normtrace {__version__}"},
    )  # fmt: skip
    users = ET.SubElement(root, q + "Users")
    for coder in coders:
        ET.SubElement(users, q + "User", {"guid": guid("user", coder), "name": coder, "id": coder})
    report.users = len(coders)
    if not coders:
        root.remove(users)
    root.append(qdpx_books.codebook_element(books, code_guids, NAMESPACE))
    selections: dict[tuple[str, str], list[ET.Element]] = {k: [] for k in layouts}
    doc_notes: dict[tuple[str, str], list[str]] = {k: [] for k in layouts}
    notes: list[ET.Element] = []
    for event in effective:
        if event.action == "memo":
            note_guid = guid("note", str(event.id))
            if event.document:
                doc_key = next((k for k in layouts if k[0] == event.document), None)
                if doc_key is None:
                    report.skipped.append(f"memo {event.id}: no document {event.document}")
                    continue
                doc_notes[doc_key].append(note_guid)
            else:
                found = by_unit.get(event.unit_key or "")
                if found is None:
                    report.skipped.append(f"memo {event.id}: no unit {event.unit_key}")
                    continue
                lay = found
                base = lay.offset(str(event.unit_key))
                whole = event.start is None
                unit_end = next(b for k, _, b in lay.units if k == event.unit_key)
                sel = _selection(
                    q, guid("selection", f"memo/{event.id}"), str(event.unit_key),
                    base + (event.start or 0), unit_end if whole else base + (event.end or 0),
                    event.coder, made.get(event.id, event.at),
                )  # fmt: skip
                ET.SubElement(sel, q + "NoteRef", {"targetGUID": note_guid})
                selections[(lay.symbol, lay.edition)].append(sel)
            meta = {
                "event": event.id, "unit_key": event.unit_key,
                "whole_unit": event.start is None, "code": event.code, "document": event.document,
            }  # fmt: skip
            when = made.get(event.id, event.at)
            notes.append(_note(q, note_guid, event.coder, when, event.memo or "", meta))
            report.memos += 1
    unplaced = {int(r[0]) for r in store.conn.execute(UNPLACED_SQL)}
    waiting = awaiting_review(store, codes={code for _, code in code_guids})
    if waiting:  # their offsets would read other words (carried.UNPLACED_SQL)
        report.skipped.append(awaiting_line(waiting))
        report.lost += waiting
    codings = events.human_codings(store)
    levels = coding_levels(store, codings)
    # when a moved coding was moved: its selection's modifiedDateTime (the import reads it)
    moved = {i: m for i, (_, m) in made_and_moved(store, [c.event_id for c in codings]).items()
             if m is not None}  # fmt: skip
    elsewhere: dict[str, int] = {}  # codebook not exported → its codings left out
    for coding in codings:
        if coding.event_id in unplaced:
            continue
        held = by_unit.get(coding.unit_key)
        homes = coding_books(coding, names, code_guids)
        if held is None or not homes:
            if held is not None and coding.codebook is not None and coding.codebook not in names:
                elsewhere[coding.codebook] = elsewhere.get(coding.codebook, 0) + 1
                continue
            why = "no unit" if held is None else f"code not in {', '.join(names)}"
            report.skipped.append(f"coding {coding.event_id}: {why} ({coding.code})")
            # a code its codebook dropped is counted by note_not_carried
            report.lost += int(held is None or (coding.codebook is None and not codebook))
            continue
        lay = held
        base = lay.offset(coding.unit_key)
        when = made.get(coding.event_id, coding.at)
        for name in homes:  # one, but each codebook's for a coding that records none
            ref = str(coding.event_id) if name == homes[0] else f"{coding.event_id}/{name}"
            sel = _selection(
                q, guid("selection", ref), coding.unit_key, base + coding.start,
                base + coding.end, coding.coder, when,
            )  # fmt: skip
            if coding.event_id in moved:
                sel.set("modifiedDateTime", moved[coding.event_id])
            if coding.event_id in levels:
                ET.SubElement(sel, q + "Description").text = level_description(
                    levels[coding.event_id], coding.unit_key)  # fmt: skip
            element = ET.SubElement(
                sel, q + "Coding",
                {"guid": guid("coding", ref),
                 "creatingUser": guid("user", coding.coder), "creationDateTime": when},
            )  # fmt: skip
            ET.SubElement(element, q + "CodeRef", {"targetGUID": code_guids[(name, coding.code)]})
            if coding.memo:
                note_guid = guid("note", f"coding/{ref}")
                ET.SubElement(element, q + "NoteRef", {"targetGUID": note_guid})
                meta = {"coding_memo": True}
                notes.append(_note(q, note_guid, coding.coder, when, coding.memo, meta))
            selections[(lay.symbol, lay.edition)].append(sel)
            report.codings += 1
    # accepted dictionary candidates: their coders' codings (carried.ACCEPTED_SQL)
    for row in accepted:
        held = by_unit.get(str(row["unit_key"]))
        book_code = (str(row["codebook"]), str(row["code"]))
        if held is None or book_code not in code_guids:
            why = (
                f"no current unit {row['unit_key']}"
                if held is None
                else f"code {row['code']!r} is not in {row['codebook']} (a later version "
                "dropped it)"
            )
            report.skipped.append(
                f"{row['coder']}'s accept of a {row['code']!r} candidate on {row['unit_key']} "
                f"(event {row['event_id']}): {why}"
            )
            continue
        base = held.offset(str(row["unit_key"]))
        ref = f"accept/{row['event_id']}"
        when = made.get(int(row["event_id"]), str(row["at"]))
        sel = _selection(
            q, guid("selection", ref), str(row["unit_key"]), base + int(row["start"]),
            base + int(row["end"]), str(row["coder"]), when,
        )  # fmt: skip
        element = ET.SubElement(
            sel, q + "Coding",
            {"guid": guid("coding", ref), "creatingUser": guid("user", str(row["coder"])),
             "creationDateTime": when},
        )  # fmt: skip
        ET.SubElement(element, q + "CodeRef", {"targetGUID": code_guids[book_code]})
        selections[(held.symbol, held.edition)].append(sel)
        report.codings += 1
        report.accepted += 1
    if elsewhere:
        report.other_codebooks = sum(elsewhere.values())
        listed = ", ".join(f"{book}: {n}" for book, n in sorted(elsewhere.items()))
        report.skipped.append(
            f"{report.other_codebooks} human coding(s) of other codebooks ({listed}) are not "
            f"in this file, which holds {', '.join(names)} only (--codebook); export without "
            "--codebook for every codebook of the project"
        )
    for mark in marks:
        # the codes the exported codebook still has (carried.py); a mark of every code made
        # under a version lacking some of them travels for that version's codes only
        if mark.scope is not None:
            kept = tuple(c for c in mark.scope if (mark.codebook, c) in code_guids)
            if not kept:
                continue
            mark = replace(mark, codes=kept, within=None)
        mark = replace(mark, at=marks_made.get(mark.id, mark.at))
        held = by_unit.get(mark.key)
        span = None if held is None else held.target(mark.key, mark.level)
        if held is None or span is None:
            report.skipped.append(f"review mark {mark.id}: no unit ({mark.key})")
            continue
        selections[(held.symbol, held.edition)].append(_review_selection(q, mark, *span))
        report.reviews += 1
    sources = ET.SubElement(root, q + "Sources")
    files: dict[str, str] = {}
    for doc_key, lay in layouts.items():
        source_guid = guid("source", f"{lay.symbol}@{lay.edition}")
        name = lay.symbol if lay.edition == "record" else f"{lay.symbol} ({lay.edition})"
        element = ET.SubElement(
            sources, q + "TextSource",
            {"guid": source_guid, "name": name, "plainTextPath": f"internal://{source_guid}.txt"},
        )  # fmt: skip
        ET.SubElement(element, q + "Description").text = f"{lay.symbol} ({lay.edition} edition)"
        element.extend(sorted(selections[doc_key], key=lambda s: int(s.get("startPosition", "0"))))
        for note_guid in doc_notes[doc_key]:
            ET.SubElement(element, q + "NoteRef", {"targetGUID": note_guid})
        files[f"Sources/{source_guid}.txt"] = lay.text
    report.sources = len(layouts)
    if not layouts:
        root.remove(sources)
    if notes:
        ET.SubElement(root, q + "Notes").extend(notes)
    ET.indent(root)
    xml = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    out = Path(path)
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", xml)
            for member, text in files.items():
                zf.writestr(member, text)
            zf.writestr(SIDECAR, "".join(_document_json(store, k) + "\n" for k in layouts))
            zf.writestr(MEMBER, "".join(json.dumps(d, ensure_ascii=False) + "\n"
                                        for d in decisions))  # fmt: skip
    except OSError as exc:
        raise CodingError(f"{out}: cannot write ({exc.strerror}); check the folder") from exc
    return report


def coding_books(coding: events.HumanCoding, names: list[str], code_guids: CodeGuids) -> list[str]:
    """The codebooks of ``names`` a file writes ``coding`` under: its own codebook, or each
    holding its code when it records none (:meth:`~events.HumanCoding.of_book`); when its
    own codebook no longer has its code, the codebooks that do (a coding an earlier normtrace
    recorded under another codebook's version, which
    :func:`~normtrace.coding.exchange.carried.removed_code_codings` does not count as lost
    either)."""
    holding = [name for name in names if (name, coding.code) in code_guids]
    own = [name for name in holding if coding.of_book(name)]
    if own or coding.codebook not in names or (coding.codebook, coding.code) in code_guids:
        return own
    return holding


def effective_events(store: Store) -> list[events.CodingEvent]:
    ids = [
        int(r["id"])
        for r in store.conn.execute(
            "SELECT id FROM effective_coding_events WHERE action IN ('memo', 'code') ORDER BY id"
        )
    ]
    return [events.get_event(store, i) for i in ids]


def coding_levels(store: Store, codings: list[events.HumanCoding]) -> dict[int, str]:
    """Event id → the level each of ``codings`` was recorded as made at, where one was
    (:func:`~normtrace.coding.human.whole.recorded_levels`: a re-anchored coding's is that of
    the coding it moves)."""
    made = recorded_levels(store, {c.unit_key for c in codings if c.start == 0})
    rows = store.conn.execute(
        "SELECT id, level FROM coding_events WHERE action = 'code' AND level IS NOT NULL"
    )
    out = {int(r[0]): str(r[1]) for r in rows}
    for c in codings:
        level = made.get((c.coder, c.unit_key, c.start, c.end, c.code))
        if level is not None:
            out[c.event_id] = level
    return {c.event_id: out[c.event_id] for c in codings if c.event_id in out}


def level_description(level: str, unit_key: str) -> str:
    """A coding selection's ``Description``: the level its coding was made at, in words and
    after ``--- normtrace ---`` as JSON (:func:`described_level` reads it back), so a round
    trip keeps a whole paragraph's coding one, and a unit's a unit's."""
    what = (f"a coding of the whole paragraph {level_key(unit_key, 'paragraph')}"
            if level == "paragraph" else f"a coding of words of {unit_key}")  # fmt: skip
    meta = json.dumps({"coding": {"level": level}})
    return f"normtrace: {what}.\n{MARKER}\n{meta}"


def described_level(text: str) -> str | None:
    """The level a :func:`level_description` text carries, else ``None`` (a file of another
    program, or of normtrace before levels travelled: read by the coding's shape)."""
    value = described_json(text)
    coding = value.get("coding") if isinstance(value, dict) else None
    level = coding.get("level") if isinstance(coding, dict) else None
    return level if level in ("unit", "paragraph") else None


def _selection(
    q: str, sel_guid: str, name: str, start: int, end: int, coder: str, at: str
) -> ET.Element:
    return ET.Element(
        q + "PlainTextSelection",
        {"guid": sel_guid, "name": name, "startPosition": str(start), "endPosition": str(end),
         "creatingUser": guid("user", coder), "creationDateTime": at},
    )  # fmt: skip


def _review_selection(q: str, mark: Review, start: int, end: int) -> ET.Element:
    """A review mark as an uncoded selection over its target (see the module doc)."""
    sel = _selection(
        q, guid("review", str(mark.id)), f"reviewed: {mark.key}", start, end, mark.coder,
        mark.at,
    )  # fmt: skip
    ET.SubElement(sel, q + "Description").text = mark_description(mark)
    return sel


def _note(
    q: str, note_guid: str, coder: str, at: str, text: str, meta: dict[str, Any]
) -> ET.Element:
    note = ET.Element(
        q + "Note",
        {"guid": note_guid, "name": text[:60], "creatingUser": guid("user", coder),
         "creationDateTime": at},
    )  # fmt: skip
    ET.SubElement(note, q + "Description").text = NOTE_PREFIX + json.dumps(meta)
    ET.SubElement(note, q + "PlainTextContent").text = text
    return note


def _document_json(store: Store, key: tuple[str, str]) -> str:
    """One current document's structure as JSON (what :func:`_document` rebuilds)."""
    doc = store.conn.execute(
        "SELECT * FROM documents WHERE symbol = ? AND edition = ? AND is_current = 1", key
    ).fetchone()
    paragraphs = store.conn.execute(
        "SELECT * FROM paragraphs WHERE document_id = ? ORDER BY ord, id", (doc["id"],)
    ).fetchall()
    speeches = store.conn.execute(
        "SELECT * FROM speeches WHERE document_id = ? AND is_current = 1 ORDER BY idx, id",
        (doc["id"],),
    ).fetchall()

    def para(r: Any) -> dict[str, Any]:
        return {
            "key": r["key"], "kind": r["kind"], "text": r["text"], "order": r["ord"],
            "number": r["number"], "label": r["label"], "parent_key": r["parent_key"],
            "verb": r["verb"], "cites": json.loads(r["cites"]), "page": r["page"],
            "section": r["section"], "flags": json.loads(r["flags"]),
        }  # fmt: skip

    data = {
        "symbol": doc["symbol"], "edition": doc["edition"], "doc_type": doc["doc_type"],
        "parser": doc["parser"], "title": doc["title"], "date": doc["date"],
        "year": doc["year"], "meeting": doc["meeting"], "meta": json.loads(doc["meta"]),
        "warnings": json.loads(doc["warnings"]),
        "paragraphs": [para(r) for r in paragraphs if r["speech_id"] is None],
        "speeches": [
            {"key": s["key"], "index": s["idx"], "speaker": s["speaker"], "text": s["text"],
             "affiliation": s["affiliation"], "language": s["language"],
             "is_president": bool(s["is_president"]), "header": s["header"], "page": s["page"],
             "paragraphs": [para(r) for r in paragraphs if r["speech_id"] == s["id"]]}
            for s in speeches
        ],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
