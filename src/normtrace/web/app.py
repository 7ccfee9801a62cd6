"""The workbench application factory.

>>> import tempfile, os
>>> app = create_app(os.path.join(tempfile.mkdtemp(), "p.db"))
>>> app.title
'normtrace workbench'
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from normtrace._version import __version__
from normtrace.errors import ConfigError, NormtraceError, NotFoundError, StoreError, WebError
from normtrace.web import queries
from normtrace.web.access import BusyError, ProjectAccess
from normtrace.web.auth import LoginThrottle, project_secret
from normtrace.web.cases import CaseIndex
from normtrace.web.deps import (
    SESSION_COOKIE,
    ConflictError,
    ForbiddenError,
    NotSignedInError,
    TooManyAttemptsError,
    current_user,
    wants_json,
)
from normtrace.web.limits import BodyLimit
from normtrace.web.render import STATIC_DIR, page
from normtrace.web.routes import (
    adjudication,
    agreement,
    assignments,
    auth,
    codebook_ops,
    codebooks,
    codes,
    coding,
    learn,
    reading,
    reviews,
    search,
    undo,
    uploads,
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_STATUS: list[tuple[type[Exception], int]] = [
    (NotSignedInError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (TooManyAttemptsError, 429),
    (BusyError, 503),
    (StoreError, 500),
    (NormtraceError, 400),
]


#: seconds a client told the server is busy (503) should wait before asking again
RETRY_AFTER = 5


def create_app(
    project_path: str | os.PathLike[str],
    *,
    secret: str | None = None,
    secure_cookies: bool | None = None,
) -> FastAPI:
    """The workbench for the project at ``project_path``.

    Args:
        project_path: the project file (created and migrated if needed).
        secret: CSRF secret; default ``$NORMTRACE_SECRET``, else one made once
            and kept in the project.
        secure_cookies: mark cookies ``Secure`` (HTTPS only); default
            ``$NORMTRACE_SECURE_COOKIES`` == ``1``. Leave off on plain-HTTP loopback.
    """
    access = ProjectAccess(Path(project_path))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        access.close()

    app = FastAPI(
        title="normtrace workbench",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.cases = CaseIndex()
    app.state.login_throttle = LoginThrottle()
    app.state.secret = secret or os.environ.get("NORMTRACE_SECRET") or access.write(project_secret)
    if secure_cookies is None:
        secure_cookies = os.environ.get("NORMTRACE_SECURE_COOKIES") == "1"
    app.state.secure_cookies = secure_cookies
    app.state.search_seconds = _seconds("NORMTRACE_SEARCH_SECONDS", queries.SEARCH_SECONDS)
    _install(app)
    return app


def _seconds(env: str, default: float) -> float:
    raw = os.environ.get(env, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"not a number of seconds: {raw!r}", location=env) from None
    if value < 0:
        raise ConfigError(f"must be 0 (no limit) or more, not {value:g}", location=env)
    return value


def _install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(auth.router)
    routers = (
        reading,
        search,
        coding,
        codebook_ops,
        codebooks,
        codes,
        agreement,
        assignments,
        adjudication,
        learn,
        reviews,
        undo,
        uploads,
    )
    for module in routers:
        app.include_router(module.router)
    app.add_api_route(
        "/api/openapi.json",
        _openapi_route(app),
        methods=["GET"],
        include_in_schema=False,
        dependencies=[Depends(current_user)],
    )
    for exc_class, status in _STATUS:
        app.add_exception_handler(exc_class, _handler(status))
    app.add_exception_handler(RequestValidationError, _validation_handler)
    # An id past SQLite's 64-bit integers (``/documents/99999999999999999999``) reaches
    # the driver as a Python int it cannot bind: the request is bad, not the server.
    app.add_exception_handler(OverflowError, _out_of_range_handler)
    # A database error that escaped the library is answered like a StoreError, in one line,
    # and logged with its traceback; left to Starlette it closed the client's connection.
    app.add_exception_handler(sqlite3.Error, _database_handler)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, cookie=SESSION_COOKIE)  # outermost: before any body is read


def _openapi_route(app: FastAPI) -> Callable[[], JSONResponse]:
    def openapi() -> JSONResponse:
        """The OpenAPI description of the JSON API (signed-in users only)."""
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        return JSONResponse(schema)

    return openapi


def _handler(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        if status == 401 and not wants_json(request):
            return RedirectResponse("/login", status_code=303)
        message = " ".join(str(exc).split())
        if wants_json(request) or request.headers.get("hx-request"):
            answer: Response = JSONResponse(
                {"error": message, "status": status}, status_code=status
            )
        else:
            answer = page(
                request, "error.html", {"error": message, "status": status}, status=status
            )
        if status == 503:  # busy: say when to come back
            answer.headers["Retry-After"] = str(RETRY_AFTER)
        return answer

    return handle


_LOG = logging.getLogger("normtrace.web")
_store_error = _handler(500)


async def _database_handler(request: Request, exc: Exception) -> Response:
    _LOG.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    failed = StoreError(f"the project's database failed on this request ({exc}); "
                        "the workbench goes on, and its log has the details")  # fmt: skip
    return await _store_error(request, failed)


async def _validation_handler(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    # Only where and what: echoing the input back could reflect user text unescaped.
    detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))} for e in errors]
    return JSONResponse({"error": "invalid request", "detail": detail}, status_code=422)


async def _out_of_range_handler(request: Request, exc: Exception) -> Response:
    message = "a number in the request is out of range (ids go up to 9223372036854775807)"
    return await _handler(400)(request, WebError(message))


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response that lacks them.

    A plain ASGI wrapper rather than ``@app.middleware("http")``: Starlette's
    ``BaseHTTPMiddleware`` re-streams every response through a task and a queue, which
    cost several milliseconds a request under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in self._headers if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
