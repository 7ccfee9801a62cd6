"""Ingest files into a project: read → extract → parse → store, one transaction per file.

Bad input never stops a batch: each failing file gets one :class:`FileOutcome`
with a one-line reason, nothing of it is written, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from tqdm import tqdm

from normtrace.actors.meetings_index import check_adoption_date
from normtrace.coding.human.anchors import AnchorReport, reanchor
from normtrace.engine import Engine, parallel_map
from normtrace.errors import ConfigError, IngestError, NormtraceError
from normtrace.index_files import import_index_file, is_index_file
from normtrace.ingest.extract import extract_text
from normtrace.ingest.interrupt import IngestInterrupted
from normtrace.ingest.limits import IngestLimits, time_limit
from normtrace.ingest.ocr import OCR_MODES
from normtrace.ingest.one_document import check_one_resolution
from normtrace.ingest.source import SourceFile, iter_paths, read_source, shown_path
from normtrace.ingest_report import SHOWN as SHOWN  # re-exported, as before
from normtrace.ingest_report import FileOutcome as FileOutcome
from normtrace.ingest_report import IngestReport as IngestReport
from normtrace.parse.dispatch import parse_extracted
from normtrace.parse.model import Document
from normtrace.store.db import Store, store_error
from normtrace.store.queries import files_stored
from normtrace.store.readings import warning_changes
from normtrace.store.shrunk import is_held
from normtrace.store.stored_file import changed_since
from normtrace.store.writer import (
    SaveResult,
    SourceRecord,
    find_source,
    not_current,
    reverted,
    save_document,
)

INGEST_ALGORITHM = "ingest.pipeline.v1"
BATCH = 64  # files triaged, then parsed together on a parallel engine
CHUNK = 4  # files per task on a parallel engine: Dask's scheduler costs ~8 ms CPU per task
#: and at most this many file bytes per task (a bigger file alone): the bytes travel through
#: Dask's scheduler, which warns of a "large graph" above 10 MB
CHUNK_BYTES = 8 * 2**20


def parse_source(
    source: SourceFile, *, ocr: str = "auto", jobs: int | None = None
) -> tuple[Document, str]:
    """Extract and parse one source file (pure: no database; runs on any worker).

    Returns the document and the versioned name of the extractor used. A document
    read (partly) by OCR carries ``meta["ocr"]``: engine, pages, mean confidence. ``jobs``
    bounds the Tesseract processes OCR runs at once (``None``: min(CPUs, 8)).
    """
    extracted = extract_text(source, ocr=ocr, jobs=jobs)
    named = source.file_symbol.symbol.kind if source.file_symbol is not None else "resolution"
    if extracted.media_type != "application/pdf" and named == "resolution":  # a dump? refused
        check_one_resolution(extracted.text, path=source.path)
    name = shown_path(os.path.basename(source.path))
    document = parse_extracted(extracted, filename=name, file_symbol=source.file_symbol)
    document = check_adoption_date(document)
    if extracted.ocr is not None:
        document = replace(document, meta={**document.meta, "ocr": extracted.ocr.as_meta()})
    return document, extracted.extractor


@dataclass(frozen=True)
class Parsed:
    """What a worker returns for one source: the document, or a one-line error."""

    document: Document | None
    extractor: str | None
    error: str | None = None


def parse_or_error(
    source: SourceFile,
    ocr: str = "auto",
    limits: IngestLimits | None = None,
    jobs: int | None = None,
) -> Parsed:
    """:func:`parse_source` within the time limit, any error turned into a line (picklable).
    Every setting is an argument (``jobs``: Tesseract processes at once), so a worker in
    another process or on another machine reads the file as this process would.

    An error that is not a :class:`NormtraceError` (a bug or a library's surprise on
    odd input) is a line too: one file never stops the batch.
    """
    seconds = (limits or IngestLimits.from_env()).max_parse_seconds
    path = shown_path(source.path)
    try:
        with time_limit(seconds, path=path):
            document, extractor = parse_source(source, ocr=ocr, jobs=jobs)
    except NormtraceError as exc:
        return Parsed(None, None, _one_line(exc, path))
    except Exception as exc:  # noqa: BLE001 - reported, batch goes on
        return Parsed(None, None, _unexpected(exc, path))
    return Parsed(document, extractor)


def triage(
    store: Store,
    path: str | os.PathLike[str],
    *,
    run_id: int | None,
    limits: IngestLimits | None = None,
    reparse: bool = False,
) -> FileOutcome | SourceFile:
    """Read ``path``; the outcome when nothing is left to parse, else the source to parse.

    Known bytes are ``unchanged`` (unless the file at this path was edited since and is
    now back: :func:`~normtrace.store.writer.reverted`; ``earlier_version`` when they are an
    earlier version of a record current from another file:
    :func:`~normtrace.store.writer.not_current`), or, with ``reparse``, parsed
    again (a meeting-index file stays ``unchanged``); meeting-index files are imported
    here.
    """
    shown = shown_path(path)
    try:
        source = read_source(path, limits)
        seen = find_source(store, source.sha256, source.file_key)
        held = seen is not None and is_held(store.conn, int(seen["id"]))  # parsed, measured
        if seen is not None and not held and not reverted(store, int(seen["id"]), shown):
            if reparse and not is_index_file(source):
                return source
            earlier = not_current(store.conn, int(seen["id"]))
            if earlier is not None:
                return FileOutcome(shown, "earlier_version", symbol=earlier.symbol,
                                   not_current=earlier)  # fmt: skip
            return FileOutcome(shown, "unchanged")
        if is_index_file(source):
            shown, rows = import_index_file(store, source, run_id=run_id)
            return FileOutcome(shown, "new", symbol=f"{rows} index rows")
    except NormtraceError as exc:
        return FileOutcome(shown, "failed", error=_one_line(exc, shown))
    except sqlite3.Error as exc:
        raise store_error(exc, store.path) from exc
    except Exception as exc:  # noqa: BLE001 - reported, batch goes on
        return FileOutcome(shown, "failed", error=_unexpected(exc, shown))
    return source


def store_parsed(
    store: Store, source: SourceFile, parsed: Parsed, *, run_id: int | None,
    reparse: bool = False, replace_shrunk: bool = False, ocr_mode: str = "auto",
) -> FileOutcome:  # fmt: skip
    """Save a parsed source in one transaction (the single writer); with ``reparse``, a new
    parse of stored bytes is a new version only when it reads differently; a new version that
    loses most of the current version's words is held back unless ``replace_shrunk``
    (:func:`~normtrace.store.writer.save_document`), its error line naming the command that
    makes it current (with ``ocr_mode``, the OCR mode that read it:
    :meth:`~normtrace.store.shrunk.Shrunk.command`).

    Raises:
        StoreError: the project cannot be written (disk full, read-only): the batch stops,
            the files stored so far are kept.
    """
    shown = shown_path(source.path)
    if parsed.document is None or parsed.extractor is None:
        return FileOutcome(shown, "failed", error=parsed.error)
    record = SourceRecord(
        shown, source.sha256, source.size, source.media_type, parsed.extractor,
        source.file_key,
    )  # fmt: skip
    try:
        result: SaveResult = save_document(
            store, parsed.document, record, run_id=run_id, reparse=reparse,
            replace_shrunk=replace_shrunk,
        )  # fmt: skip
    except NormtraceError as exc:
        return FileOutcome(shown, "failed", error=_one_line(exc, shown))
    except sqlite3.Error as exc:
        raise store_error(exc, store.path) from exc
    except Exception as exc:  # noqa: BLE001 - reported, batch goes on
        return FileOutcome(shown, "failed", error=_unexpected(exc, shown))
    stored = result.status in ("new", "new_version")  # kept, earlier_version: nothing stored
    warnings = parsed.document.warnings if stored else ()
    ocr = parsed.document.meta.get("ocr") if stored else None
    confidence = float(ocr["mean_confidence"]) if isinstance(ocr, dict) else None
    before = result.warnings_before  # a re-parse compared with the previous reading
    appeared, gone = ((), ()) if before is None else warning_changes(
        before, parsed.document.warnings)  # fmt: skip
    return FileOutcome(shown, result.status, symbol=result.symbol, warnings=tuple(warnings),
                       ocr_confidence=confidence, reparsed=result.reparsed,
                       compared=before is not None, appeared=appeared, gone=gone,
                       not_current=result.not_current, shrunk=result.shrunk,
                       error=None if result.status != "shrunk" or result.shrunk is None
                       else f"{shown}: {result.shrunk.message(shown, ocr=ocr_mode)}")  # fmt: skip


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: bool | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    ocr: str = "auto",
    limits: IngestLimits | None = None,
    reparse: bool = False,
    ocr_jobs: int | None = None,
    replace_shrunk: bool = False,
) -> IngestReport:
    """Ingest files and folders (recursively) into ``store``.

    One bad file never stops the batch: it gets a ``failed`` outcome with a one-line
    reason (unreadable, special file, dangling link, too large, too slow to parse, not
    a document) and nothing of it is stored. Only a project that cannot be written
    (disk full, read-only) stops the batch, with a :class:`StoreError`.

    Args:
        store: the open project.
        paths: files and folders.
        progress: show a progress bar on stderr; default: only when stderr is a terminal.
        on_outcome: called after each file (e.g. to print failures as they happen).
        engine: where files are extracted and parsed: ``local``, ``processes`` or ``dask``
            (see :class:`normtrace.engine.Engine`); storing stays in this process. A parallel
            engine's pool or cluster is started once for the run, when the first file is to
            be parsed, and closed at its end (on an error or Ctrl-C too); files are triaged
            and stored in batches of :data:`BATCH`, a few parsed at a time on the workers.
        workers: processes for the ``processes`` engine or a local Dask cluster.
        scheduler: address of a running Dask scheduler.
        ocr: when to recognize PDF pages without a text layer with Tesseract:
            ``auto`` (when installed), ``never``, ``force`` (every page).
        ocr_jobs: Tesseract processes at once for one file's pages (``None``: min(CPUs, 8));
            sent with each file to whichever worker reads it.
        limits: per-file size and parse-time limits (default: the environment's
            settings, see :mod:`normtrace.ingest.limits`).
        reparse: parse again files whose bytes are stored (after an upgrade of normtrace's
            parsers or OCR): a file that now reads differently (units' text, keys, kinds,
            labels ...: :mod:`normtrace.store.readings`) becomes a new version of its
            document as an edited file does, the coders' work carried by its words
            (:func:`~normtrace.coding.human.anchors.reanchor`); one that reads the same is
            ``unchanged`` and nothing is written. A new version records the extractor and
            parser that read it (``documents.extractor``, ``parser``); each record's parser
            warnings are compared with its previous reading (:attr:`FileOutcome.appeared`,
            ``gone``; :attr:`IngestReport.warnings_compared`); a meeting record's new version
            corrects the number, date, agenda, President and time it gave its meeting
            (:mod:`normtrace.store.meeting_row`).
        replace_shrunk: make current a new version that keeps less than
            :data:`~normtrace.store.shrunk.KEEP_AT_LEAST` of the current version's words
            (else held back: stored not current, status ``shrunk``, the report not ``ok``).

    Raises:
        IngestInterrupted: Ctrl-C (a :class:`KeyboardInterrupt`) stopped the batch; it says
            how many files the run stored, counted in the project (also in the run's summary).
    """
    if ocr not in OCR_MODES:
        raise ConfigError(f"unknown OCR mode {ocr!r}: use one of {', '.join(OCR_MODES)}")
    single = engine == "processes" and workers <= 1  # one process: no pool to start
    pool = Engine("local" if single else engine, workers=workers, scheduler=scheduler, lazy=True)
    limits = limits or IngestLimits.from_env()
    given = [str(p) for p in paths]  # a generator would be spent by iter_paths
    files = list(iter_paths(given))
    params = {"paths": [shown_path(p) for p in given], "engine": engine, "workers": workers,
              "ocr": ocr, **({"reparse": True} if reparse else {}),
              **({"replace_shrunk": True} if replace_shrunk else {})}  # fmt: skip
    run_id = store.start_run("ingest", INGEST_ALGORITHM, params)
    report = IngestReport(run_id=run_id, reparse=reparse)
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(files), desc="ingest", unit="file", disable=not show, file=sys.stderr)
    batch = BATCH if engine != "local" else 1
    work = partial(parse_or_error, ocr=ocr, limits=limits, jobs=ocr_jobs)
    try:
        with pool:  # one pool or cluster for the run, closed before the counts below
            for start in range(0, len(files), batch):
                # each file's outcome as soon as it is stored, not when its batch is done
                for outcome in _ingest_batch(
                    store, files[start : start + batch], run_id, pool, work, limits, reparse,
                    replace_shrunk, ocr,
                ):  # fmt: skip
                    report.outcomes.append(outcome)
                    bar.update()
                    if on_outcome is not None:
                        on_outcome(outcome)
    except KeyboardInterrupt as exc:  # each file is stored whole or not at all: say what was
        bar.close()
        # the coders' work on the versions stored so far is placed (or listed) now, and what
        # `actors links` filled in is filled in them: a run again finds those files unchanged
        filled = fill_new_versions(store, report, run_id)
        report.anchors = reanchor(store, run_id=run_id)
        stored = files_stored(store, run_id)  # the project's count, whatever was reported
        store.finish_run(run_id, {**report.counts, **_reparsed(report), **filled,
                                  **_anchor_counts(report.anchors), "interrupted": 1,
                                  "stored": stored})  # fmt: skip
        raise IngestInterrupted(
            run_id=run_id, stored=stored, reported=len(report.outcomes)
        ) from exc
    bar.close()
    filled = fill_new_versions(store, report, run_id)
    report.anchors = reanchor(store, run_id=run_id)
    store.finish_run(run_id, {**report.counts, **_reparsed(report), **filled,
                              **_anchor_counts(report.anchors)})  # fmt: skip
    resolve_new_roles(store, report)
    return report


def fill_new_versions(store: Store, report: IngestReport, run_id: int) -> dict[str, int]:
    """Fill the new versions ``report``'s run (``run_id``) stored, re-parsed or edited files,
    as ``normtrace actors links`` filled their earlier versions: the adoption meeting the UN
    Library index names for a resolution whose text names none, the meeting's date for an
    undated record (:func:`~normtrace.actors.links.fill_in_place`, the one fill). A new parse
    never holds these, so its version would otherwise lose them until ``actors links`` runs
    again. New documents are left to ``actors links``, as before. Counts for the run summary."""
    from normtrace.actors.links import fill_in_place

    symbols = [o.symbol for o in report.outcomes if o.status == "new_version" and o.symbol]
    return fill_in_place(store, run_id, symbols)


def _reparsed(report: IngestReport) -> dict[str, int]:
    """The run summary's count of files parsed again into new versions, and of the parser
    warnings that appeared and went against the previous readings (with ``reparse``)."""
    if not report.reparse:
        return {}
    w = report.warnings_compared
    return {"reparsed": report.reparsed, "warnings_appeared": w["appeared"],
            "warnings_gone": w["gone"]}  # fmt: skip


def _anchor_counts(anchors: AnchorReport) -> dict[str, int]:
    return {"codings_reanchored": anchors.reanchored, "codings_need_review": anchors.review}


def resolve_new_roles(store: Store, report: IngestReport) -> None:
    """Give the speeches of newly stored meetings their roles (overrides beside the project
    apply); a failure is reported as one line and stops nothing."""
    if not any(o.status in ("new", "new_version") for o in report.outcomes):
        return
    from normtrace.actors.overrides import load_overrides, project_overrides_path
    from normtrace.actors.store_actors import resolve_speech_roles

    try:
        overrides = load_overrides(project_overrides_path(store.path))
        resolve_speech_roles(store, overrides=overrides, only_missing=True)
    except NormtraceError as exc:
        report.outcomes.append(
            FileOutcome("(roles)", "failed", error=f"speaker roles not resolved: {exc}; "
                        "run `normtrace actors resolve`")
        )  # fmt: skip


def _ingest_batch(
    store: Store,
    files: list[Path],
    run_id: int,
    pool: Engine,
    work: Callable[[SourceFile], Parsed],
    limits: IngestLimits,
    reparse: bool = False,
    replace_shrunk: bool = False,
    ocr: str = "auto",
) -> Iterator[FileOutcome]:
    """Triage a batch here, parse what is new (or, with ``reparse``, stored) on the run's
    ``pool`` with ``work`` (:func:`parse_or_error` and its settings, OCR mode ``ocr``), store
    the results in order."""
    triaged = [triage(store, path, run_id=run_id, limits=limits, reparse=reparse)
               for path in files]  # fmt: skip
    sources = [t for t in triaged if isinstance(t, SourceFile)]
    parsed = iter(parallel_map(work, sources, pool=pool, chunk=CHUNK, size=_file_bytes,
                               chunk_bytes=CHUNK_BYTES))  # fmt: skip
    for t in triaged:  # a generator: each outcome reaches the report once its file is stored
        if isinstance(t, FileOutcome):
            yield t
        else:
            changed = changed_since(store, t.path, t.sha256) if reparse else None
            outcome = store_parsed(store, t, next(parsed), run_id=run_id, reparse=reparse,
                                   replace_shrunk=replace_shrunk, ocr_mode=ocr)  # fmt: skip
            yield outcome if changed is None else replace(outcome, changed_since=changed)


def _file_bytes(source: SourceFile) -> int:
    """The bytes a file adds to the task that carries it to a worker."""
    return len(source.data)


def ingest_corpus(
    store: Store,
    folder: str | os.PathLike[str],
    *,
    tables: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> IngestReport:
    """Load the UN Security Council Debates corpus (speech files, ``meta.tsv``, ``speaker.tsv``).

    Each meeting is stored in one transaction as a ``corpus``-edition document whose
    meta keeps the corpus' speaker rows, which role resolution reads. Speech files that
    cannot be parsed are reported as failed; the rest goes on.
    """
    from normtrace.actors.corpus_loader import load_corpus

    loaded = load_corpus(Path(folder), tables=Path(tables) if tables else None)
    run_id = store.start_run("ingest", "ingest.corpus.v1", {"folder": str(folder)})
    report = IngestReport(run_id=run_id)
    report.outcomes.extend(FileOutcome(p, "failed", error=p) for p in loaded.problems)
    show = sys.stderr.isatty() if progress is None else progress
    for doc in tqdm(loaded.documents, desc="corpus", unit="meeting", disable=not show):
        report.outcomes.append(_save_corpus_meeting(store, doc, str(folder), run_id))
    report.anchors = reanchor(store, run_id=run_id)
    store.finish_run(run_id, {**report.counts, **_anchor_counts(report.anchors)})
    resolve_new_roles(store, report)
    return report


def _save_corpus_meeting(store: Store, doc: Document, folder: str, run_id: int) -> FileOutcome:
    body = json.dumps([[s.key, s.header, s.text] for s in doc.speeches], ensure_ascii=False)
    payload = (body + json.dumps(doc.meta, sort_keys=True, ensure_ascii=False)).encode()
    record = SourceRecord(
        path=f"{folder}#{doc.symbol}",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        media_type="text/plain",
        extractor="corpus.folder.v1",
        file_key=f"{doc.symbol}#corpus",
    )
    result = save_document(store, doc, record, run_id=run_id)
    return FileOutcome(record.path, result.status, symbol=doc.symbol)


def _one_line(exc: NormtraceError, path: str) -> str:
    """``path: reason`` on one line, the path named once."""
    reason = exc.reason if isinstance(exc, IngestError) else str(exc)
    return f"{path}: {' '.join(reason.split())}"


def _unexpected(exc: BaseException, path: str) -> str:
    """The line for an error normtrace did not foresee (a bug or a library's surprise)."""
    detail = " ".join(str(exc).split())[:200]
    return (
        f"{path}: cannot be read ({type(exc).__name__}: {detail}); the file may be corrupt, "
        "else please report this with the file"
    )
