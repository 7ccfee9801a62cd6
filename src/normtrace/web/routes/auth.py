"""Sign in and out. The only routes that answer without a session."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from normtrace.errors import WebError
from normtrace.store.db import Store
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import (
    LoginThrottle,
    User,
    authenticate,
    create_session,
    csrf_token,
    needs_rehash,
    same_token,
)
from normtrace.web.auth import set_password as store_password
from normtrace.web.deps import SESSION_COOKIE, ForbiddenError, TooManyAttemptsError, get_access
from normtrace.web.render import TEMPLATES

router = APIRouter()
LOGIN_COOKIE = "normtrace_login"


class Credentials(BaseModel):
    """A user name and password."""

    name: str
    password: str


class SignedIn(BaseModel):
    """A new session: who signed in and the CSRF token to send with writes."""

    name: str
    role: str
    csrf_token: str


def _sign_in(
    access: ProjectAccess, throttle: LoginThrottle, name: str, password: str, client: str = ""
) -> tuple[User, str]:
    """Check the password and start a session; a wrong name or password is one error."""
    refusal = throttle.refusal(name, client)
    if refusal is not None:
        raise TooManyAttemptsError(refusal)
    if not throttle.checks.acquire(timeout=15.0):
        raise TooManyAttemptsError("the server is busy checking sign-ins; try again")
    try:
        with access.read() as store:
            user = authenticate(store, name, password)
            stale = user is not None and needs_rehash(store, user)
    finally:
        throttle.checks.release()
    if user is None:
        throttle.failed(name, client)
        raise ForbiddenError("wrong user name or password")
    throttle.succeeded(name, client)

    def write(store: Store) -> str:
        if stale:
            store_password(store, user.id, password)
        return create_session(store, user)

    return user, access.write(write)


def _client(request: Request) -> str:
    """The client's address (a proxy's when behind one)."""
    return request.client.host if request.client else ""


def _set_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, error: str | None = None) -> Response:
    """The sign-in form, with a one-time token against login CSRF."""
    token = secrets.token_urlsafe(16)
    context = {"user": None, "csrf": "", "login_token": token, "error": error}
    response = TEMPLATES.TemplateResponse(request, "login.html", context)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=request.app.state.secure_cookies,
    )
    return response


@router.post("/login", include_in_schema=False)
async def login_form(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    login_token: Annotated[str, Form()] = "",
    access: ProjectAccess = Depends(get_access),
) -> Response:
    """Sign in from the HTML form (double-submit token against login CSRF)."""
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not same_token(cookie, login_token):
        return RedirectResponse("/login?error=expired", status_code=303)
    try:
        _, token = await run_in_threadpool(
            _sign_in, access, request.app.state.login_throttle, name, password, _client(request)
        )
    except ForbiddenError:
        return RedirectResponse("/login?error=wrong", status_code=303)
    response = RedirectResponse("/", status_code=303)
    _set_session(request, response, token)
    return response


@router.post("/api/login", response_model=SignedIn)
async def login_api(
    request: Request, credentials: Credentials, access: ProjectAccess = Depends(get_access)
) -> Response:
    """Sign in with JSON; the session cookie is set and the CSRF token returned.

    Only ``application/json`` bodies are accepted: a cross-site HTML form cannot
    send them, which keeps this route safe from login CSRF.
    """
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise WebError("send the credentials as application/json")
    throttle = request.app.state.login_throttle
    user, token = await run_in_threadpool(
        _sign_in, access, throttle, credentials.name, credentials.password, _client(request)
    )
    body = SignedIn(
        name=user.name, role=user.role, csrf_token=csrf_token(request.app.state.secret, token)
    )
    response = JSONResponse(body.model_dump())
    _set_session(request, response, token)
    return response
