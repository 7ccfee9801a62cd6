"""Upload documents in the browser (admins): background ingest with progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from normtrace.errors import NotFoundError
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.render import page
from normtrace.web.uploads import MAX_BYTES, Job, Uploads, source_file

router = APIRouter(dependencies=[Depends(current_user)])


class OutcomeOut(BaseModel):
    """What happened to one file: ``status`` as ingest names it (``earlier_version`` …),
    ``said`` in words; ``note``: for an earlier version of a document current from another
    file, which version is current, from where, and how to make these words current again
    (the library's note, as ``normtrace ingest`` prints it)."""

    path: str
    status: str
    symbol: str | None
    error: str | None
    said: str = ""
    note: str | None = None


#: an outcome's status in words (the upload page)
SAID = {
    "new": "new",
    "new_version": "new version",
    "unchanged": "unchanged (already stored)",
    "failed": "failed",
    "earlier_version": "an earlier version, not made current",
    "kept": "kept as first read",
    "shrunk": "held back: it loses most of the current version's words",
}


class JobOut(BaseModel):
    """An upload's ingest: ``state`` queued, running, finished or failed; ``done`` of ``total``."""

    id: str
    state: str
    total: int
    done: int
    files: list[str]
    outcomes: list[OutcomeOut]
    error: str
    #: the stored file of a document parsed again (``normtrace ingest --reparse``)
    reparse: bool = False
    #: once finished, what ``normtrace ingest`` prints: each file's lines, then the summary
    lines: list[str] = []
    summary: str = ""


def uploads(request: Request, access: ProjectAccess = Depends(get_access)) -> Uploads:
    """The app's upload jobs (made on first use)."""
    found = getattr(request.app.state, "uploads", None)
    if found is None:
        found = request.app.state.uploads = Uploads(access.path)
    return found


def _out(job: Job) -> JobOut:
    return JobOut(
        id=job.id, state=job.state, total=len(job.files), done=job.done, files=job.files,
        outcomes=[OutcomeOut(path=o.path.rsplit("/", 1)[-1], status=o.status, symbol=o.symbol,
                             error=o.error, said=SAID.get(o.status, o.status.replace("_", " ")),
                             note=o.note()) for o in job.outcomes],
        error=job.error, reparse=job.reparse, lines=job.lines, summary=job.summary,
    )  # fmt: skip


async def _read(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    out = []
    for f in files:
        data = await f.read(MAX_BYTES + 1)
        out.append((f.filename or "upload", data))
    return out


@router.post("/api/uploads", response_model=JobOut, status_code=202)
async def upload_api(
    files: Annotated[list[UploadFile], File()],
    replace_shrunk: Annotated[bool, Form()] = False,
    admin: User = Depends(admin_user),
    jobs: Uploads = Depends(uploads),
) -> JobOut:
    """Upload PDF, text or HTML files; they are ingested in the background (poll the job).
    ``replace_shrunk``: make a new version current even when it keeps less than half of the
    current version's words (``normtrace ingest --replace-shrunk``)."""
    return _out(jobs.start(jobs.save(await _read(files)), replace_shrunk=replace_shrunk))


@router.post("/upload", include_in_schema=False)
async def upload_form(
    files: Annotated[list[UploadFile], File()],
    replace_shrunk: Annotated[bool, Form()] = False,
    admin: User = Depends(admin_user),
    jobs: Uploads = Depends(uploads),
) -> RedirectResponse:
    """The upload form: start the ingest and show its progress."""
    job = jobs.start(jobs.save(await _read(files)), replace_shrunk=replace_shrunk)
    return RedirectResponse(f"/upload?job={job.id}", status_code=303)


@router.get("/api/uploads/{job_id}", response_model=JobOut)
def upload_status(job_id: str, admin: User = Depends(admin_user),
                  jobs: Uploads = Depends(uploads)) -> JobOut:  # fmt: skip
    """How far an upload's ingest got."""
    job = jobs.get(job_id)
    if job is None:
        raise NotFoundError("upload", job_id, hint="uploads are kept until the server restarts")
    return _out(job)


@router.get("/upload", include_in_schema=False)
def upload_page(
    request: Request,
    job: str | None = None,
    admin: User = Depends(admin_user),
    jobs: Uploads = Depends(uploads),
) -> Response:
    """The upload form, and the progress of ``job``."""
    found = jobs.get(job) if job else None
    return page(request, "upload.html", {"job": _out(found) if found else None})


@router.post("/api/documents/{document_id}/reparse", response_model=JobOut, status_code=202)
def reparse_api(
    document_id: int,
    replace_shrunk: Annotated[bool, Form()] = False,
    admin: User = Depends(admin_user),
    jobs: Uploads = Depends(uploads),
    access: ProjectAccess = Depends(get_access),
) -> JobOut:
    """Parse the file of a document's current version again, in the background, as
    ``normtrace ingest --reparse PATH`` does (poll the job: when finished, its ``lines`` and
    ``summary`` are what that command prints, but a held-back reading's error names the box).
    ``replace_shrunk``: make the new reading current even when it keeps less than half of the
    current version's words (``normtrace ingest --reparse --replace-shrunk PATH``)."""
    with access.read() as store:
        path = source_file(store, document_id)
    return _out(jobs.start([path], reparse=True, replace_shrunk=replace_shrunk))


@router.post("/documents/{document_id}/reparse", include_in_schema=False)
def reparse_form(
    document_id: int,
    replace_shrunk: Annotated[bool, Form()] = False,
    admin: User = Depends(admin_user),
    jobs: Uploads = Depends(uploads),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """The document page's "Re-parse": start it and show its progress and summary."""
    job = reparse_api(document_id, replace_shrunk, admin, jobs, access)
    return RedirectResponse(f"/upload?job={job.id}", status_code=303)
