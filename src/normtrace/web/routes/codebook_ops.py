"""Create codebooks and change codes from the web (admins); code colours as a stylesheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User
from normtrace.web.codebook_ops import change_code, colors_css, create_codebook
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.schemas import OptionalStr

router = APIRouter(dependencies=[Depends(current_user)])


class NewCodebook(BaseModel):
    """A codebook to create (empty; add codes on its page)."""

    name: str = Field(min_length=1, max_length=64)
    label: str = Field(default="", max_length=200)


class CodeChange(BaseModel):
    """One change to a code: ``op`` is move, color, retire, restore or merge."""

    base_version: str
    op: str
    code: str
    value: str | None = None


class Version(BaseModel):
    """The codebook version a change registered."""

    name: str
    version: str


@router.post("/api/codebooks", response_model=Version, status_code=201)
def new_codebook(
    body: NewCodebook,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> Version:
    """Create an empty codebook (admins)."""
    version = access.write(lambda store: create_codebook(store, body.name, body.label))
    return Version(name=body.name, version=version)


@router.post("/codebooks", include_in_schema=False)
def new_codebook_form(
    name: Annotated[str, Form()],
    label: Annotated[str, Form()] = "",
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Create a codebook from the codebooks page."""
    access.write(lambda store: create_codebook(store, name.strip(), label))
    return RedirectResponse(f"/codebooks/{name.strip()}", status_code=303)


@router.post("/api/codebooks/{name}/changes", response_model=Version, status_code=201)
def code_change(
    name: str,
    body: CodeChange,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> Version:
    """Move, recolour, retire, restore or merge a code (a new codebook version)."""
    version = access.write(
        lambda store: change_code(
            store,
            admin,
            name,
            base_version=body.base_version,
            op=body.op,
            code=body.code,
            value=body.value,
        )  # fmt: skip
    )
    return Version(name=name, version=version)


@router.post("/codebooks/{name}/changes", include_in_schema=False)
def code_change_form(
    name: str,
    base_version: Annotated[str, Form()],
    op: Annotated[str, Form()],
    code: Annotated[str, Form()],
    value: Annotated[OptionalStr, Form()] = None,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """The same from the codebook page."""
    access.write(
        lambda store: change_code(
            store, admin, name, base_version=base_version, op=op, code=code, value=value
        )  # fmt: skip
    )
    return RedirectResponse(f"/codebooks/{name}", status_code=303)


@router.get("/codes.css", include_in_schema=False)
def code_colors(access: ProjectAccess = Depends(get_access)) -> Response:
    """Each code's codebook colour as highlight CSS."""
    with access.read() as store:
        css = colors_css(store)
    return Response(css, media_type="text/css; charset=utf-8")
