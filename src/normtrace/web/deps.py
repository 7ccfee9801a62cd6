"""Request dependencies: the project, the signed-in user, CSRF and role checks.

Every router except the sign-in router carries :func:`current_user` as a
dependency, so no page or JSON route answers without a live session. For any
method other than GET/HEAD/OPTIONS the same dependency demands the session's
CSRF token, so no write is accepted without one.
"""

from __future__ import annotations

from fastapi import Depends, Request

from normtrace.errors import WebError
from normtrace.web.access import ProjectAccess
from normtrace.web.auth import User, csrf_token, csrf_valid, session_user

SESSION_COOKIE = "normtrace_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedInError(WebError):
    """No live session: HTML requests go to the sign-in page, JSON gets 401."""


class ForbiddenError(WebError):
    """Signed in, but the role or the CSRF token does not allow this request."""


class TooManyAttemptsError(WebError):
    """Too many failed sign-ins for this name; wait and try again."""


class ConflictError(WebError):
    """The write was based on a state that changed meanwhile; nothing was written."""


def get_access(request: Request) -> ProjectAccess:
    """The project of this app."""
    access: ProjectAccess = request.app.state.access
    return access


def wants_json(request: Request) -> bool:
    """JSON for ``/api/...`` paths and for clients that ask for it first."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].strip().startswith("application/json")


async def current_user(request: Request) -> User:
    """The signed-in user; on writes also checks the CSRF token."""
    token = request.cookies.get(SESSION_COOKIE)
    access = get_access(request)

    # one indexed lookup: on the event loop, not worth a hop to a worker thread
    user = access.quick_read(lambda store: session_user(store, token)) if token else None
    if user is None or token is None:
        raise NotSignedInError("sign in first")
    secret: str = request.app.state.secret
    request.state.user = user
    request.state.csrf = csrf_token(secret, token)
    if request.method not in SAFE_METHODS:
        presented = request.headers.get(CSRF_HEADER)
        if presented is None and "form" in request.headers.get("content-type", ""):
            field = (await request.form()).get(CSRF_FIELD)
            presented = field if isinstance(field, str) else None
        if not csrf_valid(secret, token, presented):
            raise ForbiddenError("missing or wrong CSRF token; reload the page and try again")
    return user


def writer_user(user: User = Depends(current_user)) -> User:
    """A user allowed to write codings (coder or admin)."""
    if not user.can_write:
        raise ForbiddenError(f"{user.name} is a {user.role}; viewers cannot change codings")
    return user


def admin_user(user: User = Depends(current_user)) -> User:
    """An admin."""
    if not user.is_admin:
        raise ForbiddenError(f"{user.name} is a {user.role}; only admins may do this")
    return user
