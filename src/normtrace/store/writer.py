"""Write parsed documents into the store: one transaction per file, idempotent on bytes.

Versioning: the same bytes again add nothing; a changed file for a symbol that is
already stored becomes a new version (``version + 1``) and the old version stays,
marked not current; one that keeps less than half of the current version's words is stored
not current, held back (:mod:`~normtrace.store.shrunk`). Corpus-edition speech files (one
speech per file) add their speech to the meeting's corpus document; a changed speech file
supersedes that speech only, and one put back makes its earlier row current again (each
in-place replacement is recorded in ``speech_replacements``).

Full-text rows share the unit's id: speech ``id * 2``, paragraph ``id * 2 + 1``
(:mod:`~normtrace.store.rows`), so superseding a unit deletes its FTS row by rowid.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, replace

from normtrace.errors import IngestError
from normtrace.parse.model import Document
from normtrace.store.db import Store, utc_now
from normtrace.store.meeting_row import record_meeting
from normtrace.store.readings import (
    reading,
    speech_reading,
    stored_reading,
    stored_speech,
    stored_warnings,
)
from normtrace.store.rows import insert_document, insert_paragraph, insert_speech
from normtrace.store.shrunk import NOT_HELD, Shrunk, held_before, held_meta, is_held, measure


@dataclass(frozen=True)
class SourceRecord:
    """What is known about the file a document came from."""

    path: str
    sha256: str
    size: int
    media_type: str
    extractor: str
    file_key: str | None = None


@dataclass(frozen=True)
class SaveResult:
    """Outcome of saving one file: ``new``, ``new_version`` or ``unchanged``; on a re-parse,
    also ``kept`` (a corpus speech file that now reads differently, kept as first read)."""

    status: str
    symbol: str
    document_id: int
    version: int
    #: a new version made by parsing stored bytes again (``--reparse``), not by new bytes
    reparsed: bool = False
    #: on a re-parse of a record's current bytes, the warnings its previous reading (the
    #: current version before the save) stored; ``None`` when no reading was compared
    warnings_before: tuple[str, ...] | None = None
    #: status ``earlier_version``: the bytes are an earlier version of a record whose current
    #: version was read from another file (:func:`not_current`)
    not_current: NotCurrent | None = None
    #: status ``shrunk``: a new version that loses most of the current version's words, held
    #: back (:mod:`~normtrace.store.shrunk`); on a ``new_version`` made current all the same
    #: (``replace_shrunk``), what it lost
    shrunk: Shrunk | None = None


@dataclass(frozen=True)
class NotCurrent:
    """Bytes stored as version ``version`` of the record ``symbol`` (``edition``), whose
    current version ``current_version`` was read from other bytes, at ``current_path`` (the
    path as the ingest that read it spelled it). Ingesting these bytes from any other path
    changes nothing (two versions side by side in a folder never take turns); put back at
    ``current_path`` they are current again (:func:`reverted`). ``version`` is the latest
    version read from them that was current once; ``held``: none was, every reading of them
    was held back (:mod:`~normtrace.store.shrunk`), ``version`` the latest of those."""

    symbol: str
    edition: str
    version: int
    current_version: int
    current_path: str
    held: bool = False


def not_current(conn: sqlite3.Connection, source_id: int) -> NotCurrent | None:
    """What :class:`NotCurrent` says of the bytes of source ``source_id``, when no current
    version was read from them and the current version of their record was read from another
    source; else ``None`` (they are current, or a corpus speech file's).

    >>> from normtrace.store.db import Store
    >>> not_current(Store.open(":memory:").conn, 1) is None
    True
    """
    row = conn.execute(
        f"SELECT d.symbol, d.edition, max(CASE WHEN {NOT_HELD.format('d')} THEN d.version END) "
        "AS version, max(d.version) AS any, c.version AS now, s.path "
        "FROM documents d JOIN documents c ON c.symbol = d.symbol AND c.edition = d.edition "
        "AND c.is_current = 1 AND c.source_id <> d.source_id JOIN sources s ON s.id = c.source_id "
        "WHERE d.source_id = ? AND d.edition <> 'corpus' AND NOT EXISTS (SELECT 1 FROM "
        "documents x WHERE x.source_id = d.source_id AND x.is_current = 1) "
        "GROUP BY d.symbol, d.edition, c.version, s.path ORDER BY d.id LIMIT 1",
        (source_id,),
    ).fetchone()
    if row is None:
        return None
    held = row["version"] is None  # a version held back was never current: named as held
    return NotCurrent(str(row["symbol"]), str(row["edition"]),
                      int(row["any"] if held else row["version"]), int(row["now"]),
                      str(row["path"]), held=held)  # fmt: skip


def find_source(store: Store, sha256: str, file_key: str | None = None) -> sqlite3.Row | None:
    """The first stored source with these bytes (and the same file-name key), if any.

    The file-name key tells apart files whose bytes agree but whose names make them
    different units (two corpus speech files that both read ``The President: ...``).
    """
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT * FROM sources WHERE sha256 = ? AND file_key IS ? ORDER BY id LIMIT 1",
        (sha256, file_key),
    ).fetchone()
    return row


def reverted(store: Store, source_id: int, path: str) -> bool:
    """Whether the file at ``path``, whose bytes source ``source_id`` holds, was edited since
    and is now back: its document's current version was read from the same path with other
    bytes. Ingesting it again then restores its text as a new version (a user who undid an
    edit was told "unchanged" while the edited text stayed current). Two versions of one
    document in two files are not this: the current version came from the other path, and
    re-ingesting the folder changes nothing. A corpus speech file (or an ``ingest-corpus``
    meeting) is back when a current speech of its meeting's corpus document that it holds was
    read from the same path with other bytes (:func:`_put_back`). The same path
    is the same file however it is spelled (``docs/a.txt``, ``./docs/a.txt``, absolute, or
    through a link), as far as the stored spelling still names a file from here."""
    rows = store.conn.execute(
        "SELECT s.path FROM documents d JOIN documents c ON c.symbol = d.symbol "
        "AND c.edition = d.edition AND c.is_current = 1 AND c.source_id <> d.source_id "
        "JOIN sources s ON s.id = c.source_id "
        "WHERE d.source_id = ? AND d.edition <> 'corpus'",
        (source_id,),
    )
    return any(_same_file(str(r[0]), path) for r in rows) or bool(
        _put_back(store.conn, source_id, path)
    )


def _put_back(conn: sqlite3.Connection, source_id: int, path: str) -> list[tuple[int, int]]:
    """The corpus speeches of source ``source_id`` that a row read from the same ``path`` with
    other bytes superseded and that still stands: ``(row of the source, current row)``."""
    rows = conn.execute(
        "SELECT o.id, c.id AS current, s.path FROM speeches o JOIN documents d "
        "ON d.id = o.document_id AND d.is_current = 1 AND d.edition = 'corpus' "
        "JOIN speeches c ON c.document_id = o.document_id AND c.key = o.key "
        "AND c.is_current = 1 AND c.id <> o.id JOIN sources s ON s.id = c.source_id "
        "WHERE o.source_id = ? AND c.source_id <> o.source_id ORDER BY o.id",
        (source_id,),
    ).fetchall()
    return [(int(r[0]), int(r[1])) for r in rows if _same_file(str(r[2]), path)]


def _same_file(stored: str, path: str) -> bool:
    if stored == path:
        return True
    try:
        return os.path.samefile(stored, path)
    except (OSError, ValueError):  # the stored spelling names no file from here
        return False


def save_document(
    store: Store,
    document: Document,
    source: SourceRecord,
    *,
    run_id: int | None = None,
    reparse: bool = False,
    replace_shrunk: bool = False,
) -> SaveResult:
    """Store ``document`` parsed from ``source`` in one transaction.

    Returns ``unchanged`` without writing when the same bytes were ingested before, unless
    the file at the same path was edited since and is now back (:func:`reverted`): then
    its text is stored again as a new version, read from the source row it came from. Bytes
    of an earlier version of a record whose current version came from another file are
    ``earlier_version``, with :class:`NotCurrent` (nothing is written either).
    With ``reparse``, ``document`` is a new parse of stored bytes: it becomes a new version
    when it reads differently from the current version those bytes gave (:func:`_reparse`).
    A new version of a record that keeps less than
    :data:`~normtrace.store.shrunk.KEEP_AT_LEAST` of the current version's words is stored but
    not made current: ``shrunk`` (:mod:`~normtrace.store.shrunk`; bytes held back before are
    not stored again), unless ``replace_shrunk``.

    Raises:
        IngestError: with ``reparse``, the new parse names another document than the one
            the bytes are stored as (nothing is written).
    """
    with store.transaction() as conn:
        seen = find_source(store, source.sha256, source.file_key)
        if seen is not None and document.edition != "corpus" and is_held(conn, int(seen["id"])):
            if replace_shrunk or reverted(store, int(seen["id"]), source.path):
                return _save_record(conn, document, int(seen["id"]), source.extractor, run_id,
                                    replace_shrunk=replace_shrunk)  # fmt: skip
            return _held_again(conn, document, int(seen["id"]), source, run_id)
        if seen is not None and reverted(store, int(seen["id"]), source.path):
            if document.edition == "corpus":
                return _restore_speeches(conn, document, int(seen["id"]), source.path, run_id)
            return _save_record(conn, document, int(seen["id"]), source.extractor, run_id,
                                replace_shrunk=replace_shrunk)  # fmt: skip
        if seen is not None and reparse:
            return _reparse(conn, document, int(seen["id"]), source, run_id, replace_shrunk)
        if seen is not None:
            row = conn.execute(
                "SELECT id, version FROM documents WHERE source_id = ? "
                "UNION SELECT document_id, 0 FROM speeches WHERE source_id = ? LIMIT 1",
                (seen["id"], seen["id"]),
            ).fetchone()
            doc_id, version = (int(row[0]), int(row[1])) if row else (0, 0)
            return _unchanged(conn, int(seen["id"]), document.symbol, doc_id, version)
        source_id = _insert_source(conn, document.parser, source, run_id)
        if document.edition == "corpus":
            return _save_corpus_speeches(conn, document, source_id, source.extractor, run_id)
        return _save_record(conn, document, source_id, source.extractor, run_id,
                            replace_shrunk=replace_shrunk)  # fmt: skip


def _held_again(
    conn: sqlite3.Connection, document: Document, source_id: int, source: SourceRecord,
    run_id: int | None,
) -> SaveResult:  # fmt: skip
    """Bytes held back before (:func:`~normtrace.store.shrunk.is_held`), ingested again
    from another path than the current version's: ``shrunk`` again while they lose most of
    the current version's words (held back once more only when the current version changed
    since), else what bytes of an earlier version side by side are (:func:`_unchanged`)."""
    old = _current(conn, document.symbol, document.edition)
    if old is not None and measure(conn, document, int(old["id"]), 0) is not None:
        return _save_record(conn, document, source_id, source.extractor, run_id)
    row = conn.execute(
        "SELECT id, version FROM documents WHERE source_id = ? ORDER BY version DESC LIMIT 1",
        (source_id,),
    ).fetchone()
    return _unchanged(conn, source_id, document.symbol, int(row[0]), int(row[1]))


def _reparse(
    conn: sqlite3.Connection,
    document: Document,
    source_id: int,
    source: SourceRecord,
    run_id: int | None,
    replace_shrunk: bool = False,
) -> SaveResult:
    """A new parse (read by ``source.extractor``) of the bytes of source ``source_id``: a new
    version of the document they hold when it reads differently
    (:mod:`~normtrace.store.readings`), stored as an edited file's is (:func:`_save_record`,
    from the same source row: the bytes are the same; ``documents.parser``, ``extractor`` and
    ``run_id`` say which parser, extractor and run read it), else ``unchanged``; either way
    with the warnings the previous reading stored (``warnings_before``).
    Bytes whose document is current from other bytes (an earlier version of an edited
    file) are left as they are: ``earlier_version`` (:class:`NotCurrent`; ``unchanged`` for
    a corpus speech file's).
    """
    held = conn.execute(
        "SELECT id, symbol, edition, version FROM documents WHERE source_id = ? "
        "AND is_current = 1 UNION SELECT d.id, d.symbol, d.edition, d.version FROM speeches s "
        "JOIN documents d ON d.id = s.document_id AND d.is_current = 1 "
        "WHERE s.source_id = ? AND s.is_current = 1",
        (source_id, source_id),
    ).fetchall()
    for row in held:
        if (row["symbol"], row["edition"]) != (document.symbol, document.edition):
            raise IngestError(
                f"re-parsed as {document.symbol} ({document.edition}) but stored as "
                f"{row['symbol']} ({row['edition']}); not re-parsed, the stored document is "
                "kept (ingest it into a new project to read it as the parser now does)",
                path=source.path,
            )
    if not held:  # an earlier version's bytes: what is current came from other bytes
        old = conn.execute(
            "SELECT id, version FROM documents WHERE source_id = ? ORDER BY version DESC LIMIT 1",
            (source_id,),
        ).fetchone()
        doc_id, version = (int(old[0]), int(old[1])) if old else (0, 0)
        return _unchanged(conn, source_id, document.symbol, doc_id, version)
    doc_id, version = int(held[0]["id"]), int(held[0]["version"])
    if document.edition == "corpus":
        return _reparse_speeches(conn, document, source_id, doc_id)
    before = stored_warnings(conn, doc_id)
    if stored_reading(conn, doc_id, like=document) == reading(document):
        return SaveResult("unchanged", document.symbol, doc_id, version, warnings_before=before)
    result = _save_record(conn, document, source_id, source.extractor, run_id,
                          replace_shrunk=replace_shrunk)  # fmt: skip
    shrunk = result.shrunk  # a reading of the same bytes: made current only with --reparse
    return SaveResult(result.status, result.symbol, result.document_id, result.version,
                      reparsed=result.status == "new_version", warnings_before=before,
                      shrunk=shrunk and replace(shrunk, reparsed=True))  # fmt: skip


def _unchanged(
    conn: sqlite3.Connection, source_id: int, symbol: str, doc_id: int, version: int
) -> SaveResult:
    """Stored bytes, saved again: ``unchanged``, or ``earlier_version`` when they are an
    earlier version of a record current from another file (:func:`not_current`)."""
    earlier = not_current(conn, source_id)
    if earlier is None:
        return SaveResult("unchanged", symbol, doc_id, version)
    return SaveResult("earlier_version", earlier.symbol, doc_id, earlier.version,
                      not_current=earlier)  # fmt: skip


def _reparse_speeches(
    conn: sqlite3.Connection, document: Document, source_id: int, doc_id: int
) -> SaveResult:
    """A corpus speech file parsed again: ``unchanged`` when it reads as its stored speech,
    else ``kept``. A speech row is stored once per file's bytes (``UNIQUE (document_id, key,
    source_id)``), so a speech that now reads differently cannot become a new row of the same
    bytes: nothing is written and the stored speech is kept as first read, an expected outcome
    of a corpus re-parse, not a failure (the run's summary counts them and says to ingest the
    files into a new project to read them anew; ``ingest-corpus`` is no way round, as it knows
    a meeting it stored by a hash of its speeches' keys, headers and texts and its ``meta``, so
    a reading that differs in a speaker, affiliation, language or paragraphs is the same
    meeting to it)."""
    rows = conn.execute(
        "SELECT id FROM speeches WHERE source_id = ? AND document_id = ? AND is_current = 1 "
        "ORDER BY id",
        (source_id, doc_id),
    ).fetchall()
    stored = [stored_speech(conn, int(r[0])) for r in rows]
    same = stored == [speech_reading(s) for s in document.speeches]
    return SaveResult("unchanged" if same else "kept", document.symbol, doc_id, 1)


def record_source(
    store: Store, source: SourceRecord, *, parser: str, run_id: int | None = None
) -> int:
    """Record a source that yields no document (e.g. a meeting-index table); its id."""
    with store.transaction() as conn:
        return _insert_source(conn, parser, source, run_id)


def _insert_source(
    conn: sqlite3.Connection, parser: str, source: SourceRecord, run_id: int | None
) -> int:
    cur = conn.execute(
        "INSERT INTO sources (path, sha256, file_key, size, media_type, extractor, parser, "
        "ingested_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.path,
            source.sha256,
            source.file_key,
            source.size,
            source.media_type,
            source.extractor,
            parser,
            utc_now(),
            run_id,
        ),
    )
    return int(cur.lastrowid or 0)


def _current(conn: sqlite3.Connection, symbol: str, edition: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, version FROM documents WHERE symbol = ? AND edition = ? AND is_current = 1",
        (symbol, edition),
    ).fetchone()
    return row


def _save_record(
    conn: sqlite3.Connection,
    document: Document,
    source_id: int,
    extractor: str,
    run_id: int | None,
    *,
    replace_shrunk: bool = False,
) -> SaveResult:
    """Store ``document`` (read by ``extractor`` from source ``source_id``) as the current
    version of its record; one that keeps less than
    :data:`~normtrace.store.shrunk.KEEP_AT_LEAST` of the current version's words is stored
    not current (held back: ``shrunk``, written once per source and current version), unless
    ``replace_shrunk``."""
    old = _current(conn, document.symbol, document.edition)
    version, shrunk = 1, None
    if old is not None:  # after every version stored, held back ones too
        version = int(conn.execute(
            "SELECT max(version) FROM documents WHERE symbol = ? AND edition = ?",
            (document.symbol, document.edition),
        ).fetchone()[0]) + 1  # fmt: skip
        shrunk = measure(conn, document, int(old["id"]), version)
    if old is not None and shrunk is not None and not replace_shrunk:
        again = held_before(conn, source_id, int(old["id"]))
        if again is not None:  # held back before: nothing written
            return SaveResult("shrunk", document.symbol, int(old["id"]), again,
                              shrunk=replace(shrunk, version=again))  # fmt: skip
        doc_id = insert_document(conn, held_meta(document, shrunk), source_id, extractor,
                                  run_id, version, current=False)  # fmt: skip
        for para in document.paragraphs:
            insert_paragraph(conn, doc_id, None, para, index_fts=False, symbol=document.symbol)
        for speech in document.speeches:
            insert_speech(conn, doc_id, source_id, speech, document.symbol, index_fts=False)
        return SaveResult("shrunk", document.symbol, doc_id, version, shrunk=shrunk)
    if old is not None:
        _retire_document(conn, int(old["id"]))
    doc_id = insert_document(conn, document, source_id, extractor, run_id, version)
    for para in document.paragraphs:
        insert_paragraph(conn, doc_id, None, para, index_fts=True, symbol=document.symbol)
    for speech in document.speeches:
        insert_speech(conn, doc_id, source_id, speech, document.symbol)
    record_meeting(conn, document)
    status = "new" if old is None else "new_version"
    made = None if shrunk is None else replace(shrunk, made_current=True)
    return SaveResult(status, document.symbol, doc_id, version, shrunk=made)


def _save_corpus_speeches(
    conn: sqlite3.Connection,
    document: Document,
    source_id: int,
    extractor: str,
    run_id: int | None,
) -> SaveResult:
    current = _current(conn, document.symbol, "corpus")
    if current is None:  # the meeting's row: read with its first speech
        doc_id = insert_document(conn, document, None, extractor, run_id, 1)
    else:
        doc_id = int(current["id"])
        _merge_corpus_meta(conn, doc_id, document)
    status = "new"
    for speech in document.speeches:
        old = conn.execute(
            "SELECT id FROM speeches WHERE document_id = ? AND key = ? AND is_current = 1",
            (doc_id, speech.key),
        ).fetchone()
        if old is not None:
            _retire_speech(conn, int(old["id"]))
            status = "new_version"
        speech_id = insert_speech(conn, doc_id, source_id, speech, document.symbol)
        if old is not None:
            _record_replacement(conn, speech_id, int(old["id"]), run_id)
    return SaveResult(status, document.symbol, doc_id, 1)


def _restore_speeches(
    conn: sqlite3.Connection, document: Document, source_id: int, path: str, run_id: int | None
) -> SaveResult:
    """A corpus file put back (:func:`reverted`): its speech rows (a row is one file's bytes)
    are current again in place of the rows its edited bytes wrote, each replacement recorded
    as one of new bytes is (``speech_replacements``)."""
    doc_id = 0
    for row_id, current in _put_back(conn, source_id, path):
        _retire_speech(conn, current)
        conn.execute("UPDATE speeches SET is_current = 1 WHERE id = ?", (row_id,))
        row = conn.execute(
            "SELECT document_id, key, text FROM speeches WHERE id = ?", (row_id,)
        ).fetchone()
        conn.execute(
            "INSERT INTO unit_fts (rowid, key, symbol, unit_type, text) "
            "VALUES (?, ?, ?, 'speech', ?)",
            (row_id * 2, row["key"], document.symbol, row["text"]),
        )
        _record_replacement(conn, row_id, current, run_id)
        doc_id = int(row["document_id"])
    return SaveResult("new_version", document.symbol, doc_id, 1)


def _retire_speech(conn: sqlite3.Connection, speech_id: int) -> None:
    conn.execute("UPDATE speeches SET is_current = 0 WHERE id = ?", (speech_id,))
    conn.execute("DELETE FROM unit_fts WHERE rowid = ?", (speech_id * 2,))


def _record_replacement(
    conn: sqlite3.Connection, speech_id: int, replaced_id: int, run_id: int | None
) -> None:
    """Run ``run_id`` made speech row ``speech_id`` current in place of ``replaced_id``."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'speech_replacements'"
    ).fetchone():  # a project of schema 15 or before (migrating is the store's, on open)
        return
    conn.execute(
        "INSERT INTO speech_replacements (run_id, speech_id, replaced_id, at) VALUES (?, ?, ?, ?)",
        (run_id, speech_id, replaced_id, utc_now()),
    )


def _merge_corpus_meta(conn: sqlite3.Connection, doc_id: int, document: Document) -> None:
    """Fill the corpus meeting's date/year/title if still unknown; merge its meta."""
    conn.execute(
        "UPDATE documents SET date = COALESCE(date, ?), year = COALESCE(year, ?), "
        "title = COALESCE(title, ?), meta = json_patch(meta, ?) WHERE id = ?",
        (
            document.date,
            document.year,
            document.title,
            json.dumps(document.meta, sort_keys=True, ensure_ascii=False),
            doc_id,
        ),
    )


def _retire_document(conn: sqlite3.Connection, doc_id: int) -> None:
    conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (doc_id,))
    conn.execute(
        "DELETE FROM unit_fts WHERE rowid IN (SELECT id * 2 FROM speeches WHERE document_id = ?"
        " UNION SELECT id * 2 + 1 FROM paragraphs WHERE document_id = ?)",
        (doc_id, doc_id),
    )
