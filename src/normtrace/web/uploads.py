"""Upload documents in the browser: files are kept beside the project and ingested in the
background, with progress a page can poll.

Limits for outside input: at most :data:`MAX_FILES` files of :data:`MAX_BYTES` each, with
the suffixes ingest reads; names are reduced to safe characters. The ingest runs on its own
connection in one background thread per upload (the project's single-writer rule holds:
SQLite serializes its transactions with the web's), resolves the new speeches' roles as
every ingest does, and a failed file is reported, never fatal.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from normtrace.errors import IngestError
from normtrace.pipeline import FileOutcome, ingest_paths
from normtrace.store.db import Store
from normtrace.store.stored_file import stored_file
from normtrace.web.labels import SHRUNK_BOX as BOX

MAX_FILES = 20
MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".pdf", ".txt", ".html", ".htm")
#: the upload form's and the re-parse form's box (``replace_shrunk``: ``--replace-shrunk``)


@dataclass
class Job:
    """One upload's ingest: how far it got and what happened to each file."""

    id: str
    files: list[str]
    done: int = 0
    state: str = "queued"  # queued | running | finished | failed
    outcomes: list[FileOutcome] = field(default_factory=list)
    error: str = ""
    started: float = field(default_factory=time.time)
    #: the stored files are parsed again (``normtrace ingest --reparse``)
    reparse: bool = False
    #: a new version is made current even when it loses most of the current version's words
    #: (``normtrace ingest --replace-shrunk``)
    replace_shrunk: bool = False
    #: once finished, what ``normtrace ingest`` prints: each file's lines
    #: (:meth:`~normtrace.pipeline.FileOutcome.lines`) and the summary line
    lines: list[str] = field(default_factory=list)
    summary: str = ""


class Uploads:
    """The upload jobs of one app (in memory; the ingested documents are in the project)."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.folder = project.with_suffix(".uploads")
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def save(self, files: list[tuple[str, bytes]]) -> list[Path]:
        """Keep the uploaded files in a new folder beside the project.

        Raises:
            IngestError: no file, too many, too large, or a suffix ingest does not read.
        """
        if not files:
            raise IngestError("choose at least one file to upload")
        if len(files) > MAX_FILES:
            raise IngestError(f"{len(files)} files: upload at most {MAX_FILES} at a time")
        target = self.folder / time.strftime("%Y%m%dT%H%M%S") / uuid.uuid4().hex[:8]
        paths = []
        for name, data in files:
            safe = re.sub(r"[^\w.()\-]+", "_", Path(name).name).lstrip(".") or "upload"
            if Path(safe).suffix.lower() not in SUFFIXES:
                raise IngestError(f"{name}: upload {', '.join(SUFFIXES)} files")
            if len(data) > MAX_BYTES:
                raise IngestError(f"{name}: {len(data)} bytes is over the {MAX_BYTES}-byte limit")
            paths.append((target / safe, data))
        target.mkdir(parents=True, exist_ok=True)
        for path, data in paths:
            path.write_bytes(data)
        return [p for p, _ in paths]

    def start(
        self, paths: list[Path], *, reparse: bool = False, replace_shrunk: bool = False
    ) -> Job:
        """Ingest ``paths`` in a background thread (``reparse``: parse stored files again, as
        ``normtrace ingest --reparse``; ``replace_shrunk``: as ``--replace-shrunk``); the job
        to poll."""
        job = Job(
            uuid.uuid4().hex[:12], [p.name for p in paths], reparse=reparse,
            replace_shrunk=replace_shrunk,
        )  # fmt: skip
        with self._lock:
            self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, paths), daemon=True).start()
        return job

    def _run(self, job: Job, paths: list[Path]) -> None:
        job.state = "running"

        def seen(outcome: FileOutcome) -> None:
            job.outcomes.append(said_here(outcome, reparse=job.reparse))
            job.done += 1

        try:
            with Store.open(self.project) as store:
                report = ingest_paths(store, paths, progress=False, on_outcome=seen,
                                      reparse=job.reparse,
                                      replace_shrunk=job.replace_shrunk)  # fmt: skip
            extra = report.outcomes[len(job.outcomes) :]
            job.outcomes.extend(extra)  # e.g. a role resolution that failed
            job.lines = [line for o in job.outcomes for line in o.lines()]
            job.summary = report.summary()
            job.state = "finished"
        except Exception as exc:  # noqa: BLE001 - a background job reports, never crashes the app
            job.state, job.error = "failed", " ".join(str(exc).split()) or type(exc).__name__

    def get(self, job_id: str) -> Job | None:
        """The job ``job_id``, if this app started it."""
        return self.jobs.get(job_id)


def said_here(outcome: FileOutcome, *, reparse: bool) -> FileOutcome:
    """``outcome`` as the workbench says it: a version held back (``shrunk``) is made current
    by ticking the form's box (:data:`BOX`) and uploading (``reparse``: re-parsing) again, not
    by a command on the server's copy of the file
    (:meth:`~normtrace.store.shrunk.Shrunk.message`'s ``remedy``)."""
    shrunk = outcome.shrunk
    if outcome.status != "shrunk" or shrunk is None:
        return outcome
    again = "re-parse it again" if reparse else "upload the file again"
    said = shrunk.message(outcome.path, remedy=f'tick "{BOX}" and {again}')
    return replace(outcome, error=f"{outcome.path}: {said}")


def source_file(store: Store, document_id: int) -> Path:
    """The file the current version of document ``document_id`` was read from, as its ingest
    spelled the path (what ``normtrace ingest --reparse PATH`` parses again; the library's
    :func:`~normtrace.store.stored_file.stored_file`, whose errors it raises). A file edited
    since is read as it is now, and the job's lines say so, as the CLI's do
    (:attr:`~normtrace.pipeline.FileOutcome.changed_since`)."""
    return stored_file(store, document_id).path
