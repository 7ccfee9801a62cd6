"""What a stored file's bytes were read as, compared with a new reading of the same bytes.

``normtrace ingest --reparse`` parses again files whose bytes are stored; the new parse is
stored as a new version only when it reads differently. "Differently" is anything a version
stores about its units and its document: every unit's key, text, kind, label, number,
parent, operative verb, citations, section, flags, page and order (a speech's speaker,
affiliation, language, presidency, header and its paragraphs), and the document's type,
title, date, year, meeting and ``meta``. Not compared: the parser's name (names are not
bumped with every change of output, so a new name alone changes nothing), the extractor's,
the parser's warnings (not units: :func:`warning_changes` tells a re-parse's summary which
appeared or went) and ``meta["ocr"]`` (how the text was read, not what it reads).

What the store filled in place after parsing is not the parse's: ``normtrace actors links``
gives a resolution whose text names no adoption meeting the library index's meeting (and
date), and an undated meeting record its meeting's date, and notes in ``meta[FILLED]`` the
columns it filled with their values as parsed and the ``meta`` keys it wrote
(:func:`filled_note`). A stored version is compared as parsed (:func:`as_parsed`): a parse
that does not give the filled values reads the same. A fill made before the note was kept
(``meta.adoption_run`` or ``meta.date_run`` alone) filled ``meeting`` or ``date`` from
nothing; whether the parse had the ``date`` (``year``) it kept is not known, so a new parse
reads the same if it gives that value or none.

>>> from dataclasses import replace
>>> from normtrace.parse.model import Document, Paragraph
>>> doc = Document("S/1", "report", "p.v1", paragraphs=(Paragraph("S/1/p1", "para", "A.", 0),))
>>> reading(doc) == reading(replace(doc, parser="p.v2", warnings=("a warning",)))
True
>>> reading(doc) == reading(replace(doc, paragraphs=(Paragraph("S/1/p1", "heading", "A.", 0),)))
False
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

from normtrace.parse.model import Document, Paragraph, Speech

#: ``meta`` keys that say how the text was read, not what it reads
_NOT_COMPARED = ("ocr",)

#: ``meta`` key of the note of what was filled in place after parsing (:func:`filled_note`)
FILLED = "filled"
#: the stored document columns a fill may set
_COLUMNS = ("meeting", "date", "year")
#: fills made before :data:`FILLED` was noted: (their marker key, the columns they filled from
#: nothing, the column they may have kept, the ``meta`` keys they wrote)
_LEGACY = (
    ("adoption_run", ("meeting",), "date", ("adoption_source", "adoption_run")),
    ("date_run", ("date",), "year", ("date_source", "date_run")),
)


def filled_note(columns: tuple[str, ...], keys: tuple[str, ...]) -> str:
    """The SQL expression of the note a fill in place of ``documents`` keeps in
    ``meta[FILLED]`` (``json_set(meta, '$.filled', <this>, ...)`` in its ``UPDATE``, which
    reads the row as it was before): the ``columns`` it may set, each with its value before
    the fill (as parsed), and the ``meta`` keys it writes (``keys``: none a parser writes).

    >>> filled_note(("meeting",), ("adoption_source",))
    "json_object('columns', json_object('meeting', meeting), 'keys', json_array('adoption_source'))"
    """
    if not set(columns) <= set(_COLUMNS):
        raise ValueError(f"a fill in place sets only {', '.join(_COLUMNS)}, not {columns}")
    cols = ", ".join(f"'{c}', {c}" for c in columns)
    written = ", ".join(f"'{k}'" for k in keys)
    return f"json_object('columns', json_object({cols}), 'keys', json_array({written}))"


def as_parsed(
    facts: dict[str, Any], meta: dict[str, Any], like: Document | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A stored version's ``facts`` (its ``meeting``, ``date``, ``year``) and ``meta`` as its
    parse gave them: what a fill in place wrote (its note, :data:`FILLED`) taken out. A
    column a fill made before notes were kept may have kept is read as ``like`` gives it
    when ``like`` gives none (a new parse compared), else as stored."""
    facts, meta = dict(facts), dict(meta)
    note = meta.pop(FILLED, None)
    if isinstance(note, dict):
        for column, value in (note.get("columns") or {}).items():
            if column in _COLUMNS:
                facts[column] = value
        for key in note.get("keys") or []:
            meta.pop(key, None)
        return facts, meta
    for marker, emptied, kept, keys in _LEGACY:
        if marker in meta:
            facts.update(dict.fromkeys(emptied))
            if like is not None and getattr(like, kept) is None:
                facts[kept] = None
            for key in keys:
                meta.pop(key, None)
    return facts, meta


def reading(document: Document) -> tuple[Any, ...]:
    """What a parsed record-edition document stores, in a form :func:`stored_reading`
    gives for a stored version."""
    return (
        _facts(document.doc_type, document.title, document.date, document.year,
               document.meeting, _json(document.meta)),
        [_paragraph(p) for p in document.paragraphs],
        [speech_reading(s) for s in document.speeches],
    )  # fmt: skip


def stored_reading(
    conn: sqlite3.Connection, document_id: int, like: Document | None = None
) -> tuple[Any, ...]:
    """What stored version ``document_id`` reads as parsed (see :func:`reading`,
    :func:`as_parsed`; ``like``: the new parse it is compared with)."""
    row = conn.execute(
        "SELECT doc_type, title, date, year, meeting, meta FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    doc, meta = as_parsed({c: row[c] for c in _COLUMNS}, json.loads(row["meta"] or "{}"), like)
    paragraphs = conn.execute(
        f"SELECT {_PARAGRAPH} FROM paragraphs WHERE document_id = ? AND speech_id IS NULL "
        "ORDER BY id",
        (document_id,),
    ).fetchall()
    speeches = conn.execute(
        "SELECT id FROM speeches WHERE document_id = ? ORDER BY id", (document_id,)
    ).fetchall()
    return (
        _facts(row["doc_type"], row["title"], doc["date"], doc["year"], doc["meeting"], meta),
        [_stored_paragraph(p) for p in paragraphs],
        [stored_speech(conn, int(s[0])) for s in speeches],
    )  # fmt: skip


def stored_warnings(conn: sqlite3.Connection, document_id: int) -> tuple[str, ...]:
    """The parser's warnings stored with version ``document_id``."""
    row = conn.execute("SELECT warnings FROM documents WHERE id = ?", (document_id,)).fetchone()
    return tuple(str(w) for w in json.loads(row[0] or "[]")) if row else ()


def warning_changes(
    before: Sequence[str], after: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The warnings a new reading gives (``after``) that the previous one did not
    (appeared), and those it no longer gives (gone), each in its reading's order; a warning
    given twice is two warnings.

    >>> warning_changes(["a", "b", "b"], ["b", "c"])
    (('c',), ('a', 'b'))
    """
    old, new = Counter(before), Counter(after)
    return _beyond(after, new - old), _beyond(before, old - new)


def _beyond(given: Sequence[str], extra: Counter[str]) -> tuple[str, ...]:
    """The last ``extra[w]`` occurrences of each warning ``w`` of ``given``, in order."""
    left, out = Counter(given), []
    for warning in given:
        left[warning] -= 1
        if left[warning] < extra[warning]:
            out.append(warning)
    return tuple(out)


def speech_reading(speech: Speech) -> tuple[Any, ...]:
    """What a parsed speech stores (with its paragraphs)."""
    return (
        speech.key, speech.index, speech.speaker, speech.affiliation, speech.language,
        bool(speech.is_president), speech.header, speech.page, speech.text,
        [_paragraph(p) for p in speech.paragraphs],
    )  # fmt: skip


def stored_speech(conn: sqlite3.Connection, speech_id: int) -> tuple[Any, ...]:
    """What stored speech row ``speech_id`` reads (see :func:`speech_reading`)."""
    s = conn.execute(
        "SELECT key, idx, speaker, affiliation, language, is_president, header, page, text "
        "FROM speeches WHERE id = ?",
        (speech_id,),
    ).fetchone()
    paragraphs = conn.execute(
        f"SELECT {_PARAGRAPH} FROM paragraphs WHERE speech_id = ? ORDER BY id", (speech_id,)
    ).fetchall()
    return (
        s["key"], s["idx"], s["speaker"], s["affiliation"], s["language"],
        bool(s["is_president"]), s["header"], s["page"], s["text"],
        [_stored_paragraph(p) for p in paragraphs],
    )  # fmt: skip


_PARAGRAPH = "key, parent_key, kind, number, label, verb, cites, section, flags, page, ord, text"


def _paragraph(p: Paragraph) -> tuple[Any, ...]:
    return (p.key, p.parent_key, p.kind, p.number, p.label, p.verb, _json(list(p.cites)),
            p.section, _json(list(p.flags)), p.page, p.order, p.text)  # fmt: skip


def _stored_paragraph(r: sqlite3.Row) -> tuple[Any, ...]:
    return (r["key"], r["parent_key"], r["kind"], r["number"], r["label"], r["verb"],
            json.loads(r["cites"] or "[]"), r["section"], json.loads(r["flags"] or "[]"),
            r["page"], r["ord"], r["text"])  # fmt: skip


def _facts(*values: Any) -> tuple[Any, ...]:
    *head, meta = values
    return (*head, {k: v for k, v in meta.items() if k not in _NOT_COMPARED})


def _json(value: Any) -> Any:
    """``value`` as it reads back from the store (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False))
