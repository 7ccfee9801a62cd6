"""The code page (every passage of a code) and the downloads: this view, codings, the project.

Downloads that could show another coder's blind work follow the blind rule: the
code-page export holds exactly the rows the page shows; whole-project exports
(every coding, the ``.qdpx``) are for admins. A codebook holds no codings, so
every signed-in user may download it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from normtrace.coding.dictionary.apply import stored_codebook
from normtrace.coding.exchange.qdc import dumps_qdc
from normtrace.coding.exchange.qdpx import export_qdpx
from normtrace.coding.exchange.registry import review_codebook
from normtrace.coding.exchange.table_files import dumps_csv, dumps_xlsx
from normtrace.coding.exchange.tables import Passage, PassageFilter
from normtrace.coding.exchange.yamlio import dump_codebook
from normtrace.errors import NotFoundError
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codepage import CodePage, code_page, parse_filter, visible_passages
from normtrace.web.deps import ForbiddenError, admin_user, current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import OptionalInt, OptionalStr
from normtrace.web.teams import blind_units

router = APIRouter(dependencies=[Depends(current_user)])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def page_filter(
    code: str,
    coder: OptionalStr = None,
    document: OptionalStr = None,
    role: OptionalStr = None,
    year: OptionalInt = None,
    source: OptionalStr = None,
) -> PassageFilter:
    """The filters of a code page from its query string."""
    return parse_filter(code, coder=coder, document=document, role=role, year=year, source=source)


@twin(router, "/codes/{code}", "code.html", response_model=CodePage)
def code_view(
    where: PassageFilter = Depends(page_filter),
    offset: int = 0,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> CodePage:
    """Every passage of a code the user may see: human codings, and apart from them the
    dictionary's candidates and the model's suggestions. ``total`` and the counts by
    document, role and year are ``normtrace freq``'s occurrences of the code (as the case
    report counts them; ``document``, ``role`` and ``year`` narrow them); ``listed`` is the
    passages listed, ``not_counted`` those of them no count holds, with why. Filters:
    ``coder``, ``document`` (symbol), ``role``, ``year``, ``source`` (``human``,
    ``candidate``, ``suggestion``); ``offset``: the first passage listed (pages of 100)."""
    with access.read() as store:
        return code_page(store, user, where, offset=max(offset, 0))


@router.get("/codes/{code}/export.{fmt}", include_in_schema=False)
@router.get("/api/codes/{code}/export.{fmt}")
def export_view(
    fmt: str,
    where: PassageFilter = Depends(page_filter),
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """This view of the code page as CSV or XLSX (the rows the page shows, all of them)."""
    with access.read() as store:
        rows = visible_passages(store, user, where)
    return _table(rows, fmt, f"{where.code}-passages")


@router.get("/export/codings.{fmt}", include_in_schema=False, dependencies=[Depends(admin_user)])
@router.get("/api/export/codings.{fmt}", dependencies=[Depends(admin_user)])
def export_codings(
    fmt: str, user: User = Depends(current_user), access: ProjectAccess = Depends(get_access)
) -> Response:
    """Every current human coding of the project as CSV or XLSX, with the review marks of the
    codebook with the most codings, as ``normtrace code export`` writes them (admins; an
    admin who codes blind gets every coding and mark but the others' on their own
    unrevealed blind units)."""
    with access.read() as store:
        where = PassageFilter(sources=("human",), reviews=review_codebook(store))
        rows = visible_passages(store, user, where)
    return _table(rows, fmt, "codings")


@router.get("/export/project.qdpx", include_in_schema=False, dependencies=[Depends(admin_user)])
@router.get("/api/export/project.qdpx", dependencies=[Depends(admin_user)])
def export_project(
    codebook: OptionalStr = None,
    user: User = Depends(current_user),
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """The whole project as a REFI-QDA ``.qdpx`` (admins not coding blind themselves)."""
    with access.read() as store:
        blind = blind_units(store, user)
    if blind:
        raise ForbiddenError(
            f"{user.name} codes {len(blind)} unrevealed blind unit(s) (first: {blind[0]}); "
            "the whole project would show the others' codings there: reveal them first "
            "or let another admin export"
        )
    handle, name = tempfile.mkstemp(suffix=".qdpx")
    os.close(handle)
    try:
        with access.read() as store:
            export_qdpx(store, name, codebook=codebook)
        data = Path(name).read_bytes()
    finally:
        Path(name).unlink(missing_ok=True)
    return _download(data, "application/zip", "project.qdpx")


@router.get("/codebooks/{name}/export.{fmt}", include_in_schema=False)
@router.get("/api/codebooks/{name}/export.{fmt}")
def export_codebook(name: str, fmt: str, access: ProjectAccess = Depends(get_access)) -> Response:
    """The codebook's current version as YAML or REFI-QDA ``.qdc``."""
    if fmt not in ("yaml", "qdc"):
        raise NotFoundError("codebook format", fmt, hint="use yaml or qdc")
    with access.read() as store:
        book = stored_codebook(store, name)
    if fmt == "qdc":
        return _download(dumps_qdc(book).encode("utf-8"), "application/xml", f"{name}.qdc")
    return _download(dump_codebook(book).encode("utf-8"), "application/yaml", f"{name}.yaml")


def _table(rows: list[Passage], fmt: str, stem: str) -> Response:
    if fmt not in TABLE_TYPES:
        raise NotFoundError("table format", fmt, hint="use csv or xlsx")
    data = dumps_csv(rows).encode("utf-8") if fmt == "csv" else dumps_xlsx(rows)
    return _download(data, TABLE_TYPES[fmt], f"{stem}.{fmt}")


def _download(data: bytes, media_type: str, filename: str) -> Response:
    # the plain name ASCII only (a header's bytes; '¹'.isalnum() is true), the full name
    # percent-encoded UTF-8 beside it (RFC 6266)
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename)
    disposition = f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
