"""Codebooks: read every version's codes; admins edit a code, which makes a new version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from normtrace.errors import WebError
from normtrace.web import codebooks
from normtrace.web.access import ProjectAccess
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import CodebookList, CodebookView, CodeEdit, OptionalStr
from normtrace.web.validation import ValidationPage, validation_page

router = APIRouter(dependencies=[Depends(current_user)])


@twin(router, "/codebooks", "codebooks.html", response_model=CodebookList)
def codebook_list(access: ProjectAccess = Depends(get_access)) -> CodebookList:
    """Every codebook with its latest version."""
    with access.read() as store:
        return codebooks.list_codebooks(store)


@twin(router, "/codebooks/{name}", "codebook.html", response_model=CodebookView)
def codebook(name: str, access: ProjectAccess = Depends(get_access)) -> CodebookView:
    """The codes of a codebook's latest version, and its version history."""
    with access.read() as store:
        return codebooks.view_codebook(store, name)


@twin(router, "/codebooks/{name}/validation", "validation.html", response_model=ValidationPage)
def validation(name: str, access: ProjectAccess = Depends(get_access)) -> ValidationPage:
    """The measured error of every code, per level: the latest ``normtrace code validate``
    run's table (dictionary and model: precision, recall, F1 with 95 % intervals, labelled
    targets and positives, notes), else the bundled measurement the tool uses and the
    command that makes the table."""
    with access.read() as store:
        return validation_page(store, name)


@router.post(
    "/api/codebooks/{name}/codes",
    response_model=CodebookView,
    status_code=201,
    dependencies=[Depends(admin_user)],
)
def save_code(
    name: str, edit: CodeEdit, access: ProjectAccess = Depends(get_access)
) -> CodebookView:
    """Change or add a code (admins); 409 if the codebook changed since ``base_version``."""
    return access.write(lambda store: codebooks.save_code(store, name, edit))


@router.post("/codebooks/{name}/codes", include_in_schema=False, dependencies=[Depends(admin_user)])
def save_code_form(
    name: str,
    base_version: Annotated[str, Form()],
    code_id: Annotated[str, Form()],
    code_name: Annotated[str, Form()],
    definition: Annotated[str, Form()] = "",
    inclusion: Annotated[str, Form()] = "",
    exclusion: Annotated[str, Form()] = "",
    patterns: Annotated[str, Form()] = "",
    parent: Annotated[OptionalStr, Form()] = None,
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Save a code from the codebook page (one dictionary pattern a line)."""
    try:
        edit = CodeEdit(
            base_version=base_version,
            id=code_id,
            name=code_name,
            parent=parent,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            patterns=patterns.splitlines(),
        )
    except ValidationError as exc:  # the form's values, refused as the JSON route would
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        raise WebError(f"code not saved: {where}: {first['msg']}") from None
    access.write(lambda store: codebooks.save_code(store, name, edit))
    return RedirectResponse(f"/codebooks/{name}", status_code=303)
