"""Ingest files into a project: read → extract → parse → store, one transaction per file.

Bad input never stops a batch: each failing file gets one :class:`FileOutcome`
with a one-line reason, nothing of it is written, and the batch goes on.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tqdm import tqdm

from normtrace.errors import NormtraceError
from normtrace.ingest.extract import extract_text
from normtrace.ingest.source import SourceFile, iter_paths, read_source
from normtrace.parse.dispatch import parse_extracted
from normtrace.parse.model import Document
from normtrace.store.db import Store
from normtrace.store.writer import SaveResult, SourceRecord, find_source, save_document

INGEST_ALGORITHM = "ingest.pipeline.v1"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: ``new``, ``new_version``, ``unchanged``, ``failed``."""

    path: str
    status: str
    symbol: str | None = None
    error: str | None = None


@dataclass
class IngestReport:
    """The outcome of a batch, file by file."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    run_id: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Number of files per status."""
        return dict(Counter(o.status for o in self.outcomes))

    @property
    def failures(self) -> list[FileOutcome]:
        """The files that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failures

    def summary(self) -> str:
        """One line: how many files were new, new versions, unchanged, failed."""
        c = self.counts
        parts = [f"{c.get(k, 0)} {k.replace('_', ' ')}" for k in _STATUSES]
        return f"{len(self.outcomes)} files: " + ", ".join(parts)


_STATUSES = ("new", "new_version", "unchanged", "failed")


def parse_source(source: SourceFile) -> tuple[Document, str]:
    """Extract and parse one source file (pure: no database; runs on any worker).

    Returns the document and the versioned name of the extractor used.
    """
    extracted = extract_text(source)
    name = os.path.basename(source.path)
    document = parse_extracted(extracted, filename=name, file_symbol=source.file_symbol)
    return document, extracted.extractor


def ingest_file(store: Store, path: str | os.PathLike[str], *, run_id: int | None) -> FileOutcome:
    """Ingest one file; a :class:`NormtraceError` becomes a ``failed`` outcome."""
    try:
        source = read_source(path)
        if find_source(store, source.sha256, source.file_key) is not None:
            return FileOutcome(str(path), "unchanged")
        document, extractor = parse_source(source)
        record = SourceRecord(
            source.path, source.sha256, source.size, source.media_type, extractor, source.file_key
        )
        result: SaveResult = save_document(store, document, record, run_id=run_id)
    except NormtraceError as exc:
        return FileOutcome(str(path), "failed", error=_one_line(str(exc), str(path)))
    return FileOutcome(str(path), result.status, symbol=result.symbol)


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: bool | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    """Ingest files and folders (recursively) into ``store``.

    Args:
        store: the open project.
        paths: files and folders.
        progress: show a progress bar on stderr; default: only when stderr is a terminal.
        on_outcome: called after each file (e.g. to print failures as they happen).
    """
    files = list(iter_paths(paths))
    run_id = store.start_run("ingest", INGEST_ALGORITHM, {"paths": [str(p) for p in paths]})
    report = IngestReport(run_id=run_id)
    show = sys.stderr.isatty() if progress is None else progress
    for path in tqdm(files, desc="ingest", unit="file", disable=not show, file=sys.stderr):
        outcome = ingest_file(store, path, run_id=run_id)
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    store.finish_run(run_id, report.counts)
    return report


def _one_line(message: str, path: str) -> str:
    text = " ".join(message.split())
    return text if text.startswith(path) else f"{path}: {text}"
