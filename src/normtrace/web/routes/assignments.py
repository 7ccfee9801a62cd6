"""Admin pages: accounts, blind assignments and reveals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse

from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web import queries, teams
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User, create_user, list_users
from normtrace.web.deps import admin_user, current_user, get_access
from normtrace.web.render import twin
from normtrace.web.schemas import (
    AssignmentList,
    AssignmentOut,
    Count,
    NewAssignment,
    NewUser,
    RevealRequest,
    UserList,
    UserOut,
)

router = APIRouter(dependencies=[Depends(current_user), Depends(admin_user)])


@twin(router, "/users", "users.html", response_model=UserList)
def users(access: ProjectAccess = Depends(get_access)) -> UserList:
    """Every account (admins only)."""
    with access.read() as store:
        found = list_users(store)
    return UserList(users=[UserOut(name=u.name, role=u.role) for u in found])


@router.post("/api/users", response_model=UserOut, status_code=201)
def add_user(new: NewUser, access: ProjectAccess = Depends(get_access)) -> UserOut:
    """Create an account; the password is stored only as an argon2 hash."""
    made = access.write(lambda store: create_user(store, new.name, new.role, new.password))
    return UserOut(name=made.name, role=made.role)


@router.post("/users", include_in_schema=False)
def add_user_form(
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Create an account from the users page."""
    access.write(lambda store: create_user(store, name, role, password))
    return RedirectResponse("/users", status_code=303)


@twin(router, "/assignments", "assignments.html", response_model=AssignmentList)
def assignments(access: ProjectAccess = Depends(get_access)) -> AssignmentList:
    """Every assignment and the accounts that can be assigned (admins only)."""
    with access.read() as store:
        rows = teams.list_assignments(store)
        coders = [u.name for u in list_users(store) if u.can_write]
        documents, _ = queries.browse_documents(store, queries.Filters())
    return AssignmentList(
        assignments=[AssignmentOut.model_validate(r) for r in rows],
        coders=coders,
        documents=documents,
    )


def _document_id(value: str) -> int | None:
    """The document chosen in a form's select ('' = none)."""
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise WebError(f"document id must be a number, not {value!r}")
    return int(value)


def _keys(store: Store, unit_keys: list[str], document_id: int | None) -> list[str]:
    keys = [k.strip() for k in unit_keys if k.strip()]
    if document_id is not None:
        keys += teams.document_unit_keys(store, document_id)
    return keys


def _assign(access: ProjectAccess, admin: User, order: NewAssignment) -> int:
    def write(store: Store) -> int:
        keys = _keys(store, order.unit_keys, order.document_id)
        return teams.assign(store, admin, keys, order.coders, blind=order.blind)

    return access.write(write)


def _reveal(access: ProjectAccess, admin: User, order: RevealRequest) -> int:
    def write(store: Store) -> int:
        return teams.reveal(store, admin, _keys(store, order.unit_keys, order.document_id))

    return access.write(write)


@router.post("/api/assignments", response_model=Count, status_code=201)
def add_assignments(
    order: NewAssignment,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> Count:
    """Give units to coders, blind by default."""
    return Count(added=_assign(access, admin, order))


@router.post("/assignments", include_in_schema=False)
def add_assignments_form(
    coders: Annotated[list[str], Form()],
    unit_keys: Annotated[str, Form()] = "",
    document_id: Annotated[str, Form()] = "",
    blind: Annotated[bool, Form()] = False,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Give units to coders from the assignments page (one key per line)."""
    order = NewAssignment(
        unit_keys=unit_keys.splitlines(),
        document_id=_document_id(document_id),
        coders=coders,
        blind=blind,
    )
    _assign(access, admin, order)
    return RedirectResponse("/assignments", status_code=303)


@router.post("/api/reveals", response_model=Count, status_code=201)
def add_reveals(
    order: RevealRequest,
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> Count:
    """Lift blindness: every coder may now see every coding of these units."""
    return Count(added=_reveal(access, admin, order))


@router.post("/assignments/reveal", include_in_schema=False)
def add_reveals_form(
    unit_keys: Annotated[str, Form()] = "",
    document_id: Annotated[str, Form()] = "",
    admin: User = Depends(admin_user),
    access: ProjectAccess = Depends(get_access),
) -> RedirectResponse:
    """Reveal units from the assignments page."""
    order = RevealRequest(unit_keys=unit_keys.splitlines(), document_id=_document_id(document_id))
    _reveal(access, admin, order)
    return RedirectResponse("/assignments", status_code=303)
